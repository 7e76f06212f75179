import assert from 'node:assert/strict';
import check, { pathBlock, BLOCK_START, BLOCK_END } from '../../../src/checks/paths/GT207-gobin-not-on-path.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting, HOME } from '../../helpers/facts.ts';
import type { FactsSnapshot, ShellKind } from '../../../src/facts/types.ts';
import { EMPTY_SHA256 } from '../../../src/fix/edits.ts';

const PATH_NO_GOBIN = '/usr/local/bin:/usr/bin:/bin:/usr/local/go/bin';

function noGobinOnPath(patch: Parameters<typeof makeFacts>[0] = {}): FactsSnapshot {
  const f = makeFacts(patch);
  f.path.raw = PATH_NO_GOBIN;
  f.path.entries = PATH_NO_GOBIN.split(':').map((raw, index) => ({ index, raw, empty: false, relative: false, exists: true, isDir: true }));
  return f;
}

function withStartupFile(f: FactsSnapshot, path: string, shell: ShellKind, exists: boolean, size = 120): FactsSnapshot {
  f.shellStartup.files.push({ path, shell, exists, readable: exists, binary: false, login: false, error: null, size: exists ? size : null, sha256: exists ? 'c'.repeat(64) : null });
  return f;
}

checkCases(check, {
  fires: [
    { name: 'bash on Linux: block appended to ~/.bashrc', count: 1, severity: 'warning', message: /\/home\/gopher\/go\/bin \(GOPATH\/bin, as GOBIN is not set\), but that directory is not on PATH/,
      facts: () => withStartupFile(noGobinOnPath(), `${HOME}/.bashrc`, 'bash', true),
      assert: ([f]) => {
        const change = f!.fix!.files![0]!;
        assert.equal(change.file, `${HOME}/.bashrc`);
        assert.equal(change.originalSha256, 'c'.repeat(64));
        assert.equal(change.create, undefined);
        assert.deepEqual(change.edits, [{ file: `${HOME}/.bashrc`, offset: 120, length: 0, newText: `\n${pathBlock('bash', `${HOME}/go/bin`, HOME)}` }]);
        assert.match(change.edits[0]!.newText, /case ":\$PATH:" in\n {4}\*:"\$HOME\/go\/bin":\*\) ;;\n {4}\*\) export PATH="\$PATH":"\$HOME\/go\/bin" ;;\nesac\n# <<< gotune <<<\n$/);
        assert.equal(f!.fix!.safe, true);
      } },
    { name: 'zsh with a missing ~/.zshrc: the file is created', count: 1,
      facts: () => withStartupFile(withSetting(noGobinOnPath({ user: { shell: '/usr/bin/zsh' } }), 'GOBIN', '/opt/tools/bin', 'env-file'), `${HOME}/.zshrc`, 'zsh', false),
      assert: ([f]) => {
        const change = f!.fix!.files![0]!;
        assert.equal(change.create, true);
        assert.equal(change.originalSha256, EMPTY_SHA256);
        assert.ok(change.edits[0]!.newText.startsWith(BLOCK_START));
        assert.match(change.edits[0]!.newText, /"\/opt\/tools\/bin"/);
        assert.match(f!.message, /\(GOBIN\)/);
      } },
    { name: 'fish: fish syntax in config.fish', count: 1,
      facts: () => withStartupFile(noGobinOnPath({ user: { shell: '/usr/bin/fish' } }), `${HOME}/.config/fish/config.fish`, 'fish', true, 10),
      assert: ([f]) => {
        const text = f!.fix!.files![0]!.edits[0]!.newText;
        assert.equal(text, `\n${BLOCK_START}\nif not contains -- "$HOME/go/bin" $PATH\n    set -gx PATH $PATH "$HOME/go/bin"\nend\n${BLOCK_END}\n`);
      } },
    { name: 'bash on macOS with only ~/.profile: the login file is used', count: 1,
      facts: () => withStartupFile(noGobinOnPath({ platform: { os: 'darwin' }, user: { home: HOME } }), `${HOME}/.profile`, 'sh', true),
      assert: ([f]) => assert.equal(f!.fix!.files![0]!.file, `${HOME}/.profile`) },
    { name: 'startup file not listed by a clean gather: it does not exist, so it is created', count: 1,
      facts: () => noGobinOnPath(),
      assert: ([f]) => { assert.equal(f!.fix?.files?.[0]?.create, true); assert.equal(f!.fix?.files?.[0]?.file, `${HOME}/.bashrc`); } },
    { name: 'startup gatherer failed: advice without an edit', count: 1,
      facts: () => { const f = noGobinOnPath(); f.gatherErrors = [{ gatherer: 'shell-startup', message: 'timed out after 3000 ms', timedOut: true }]; return f; },
      assert: ([f]) => { assert.equal(f!.fix, null); assert.match(f!.hint!, /export PATH=/); } },
    { name: 'unreadable startup file: advice without an edit', count: 1,
      facts: () => { const f = withStartupFile(noGobinOnPath(), `${HOME}/.bashrc`, 'bash', true); f.shellStartup.files[0]!.readable = false; f.shellStartup.files[0]!.sha256 = null; return f; },
      assert: ([f]) => assert.equal(f!.fix, null) },
    { name: 'already added by a startup line (idempotent: no second block)', count: 1, message: /\.bashrc:42 adds it to PATH, but this environment's PATH does not have it/,
      facts: () => {
        const f = withStartupFile(noGobinOnPath(), `${HOME}/.bashrc`, 'bash', true);
        f.shellStartup.pathAdditions = [{ file: `${HOME}/.bashrc`, line: 42, dirs: ['$HOME/go/bin'], expanded: [`${HOME}/go/bin`], text: 'export PATH="$PATH":"$HOME/go/bin"' }];
        return f;
      },
      assert: ([f]) => assert.equal(f!.fix, null) },
    { name: 'Windows: manual instructions', count: 1,
      facts: () => {
        const f = withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' }, user: { home: 'C:\\Users\\gopher' } }), 'GOPATH', 'C:\\Users\\gopher\\go', 'default');
        f.path.entries = ['C:\\Windows\\system32', 'C:\\Program Files\\Go\\bin'].map((raw, index) => ({ index, raw, empty: false, relative: false, exists: true, isDir: true }));
        return f;
      },
      assert: ([f]) => { assert.equal(f!.fix, null); assert.match(f!.message, /C:\\Users\\gopher\\go\\bin/); assert.match(f!.hint!, /Environment Variables/); } },
  ],
  quiet: [
    { name: 'GOPATH/bin on PATH', facts: makeFacts() },
    { name: 'GOBIN on PATH with a trailing slash', facts: () => { const f = withSetting(noGobinOnPath(), 'GOBIN', '/usr/local/bin/', 'env'); return f; } },
    { name: 'Windows: GOPATH\\bin on Path, other case', facts: () => {
      const f = withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOPATH', 'C:\\Users\\gopher\\go', 'default');
      f.path.entries = [{ index: 0, raw: 'c:\\users\\gopher\\go\\bin\\', empty: false, relative: false, exists: true, isDir: true }];
      return f;
    } },
  ],
});

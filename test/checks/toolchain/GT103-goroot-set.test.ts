import assert from 'node:assert/strict';
import check from '../../../src/checks/toolchain/GT103-goroot-set.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { HOME, goBinary, makeFacts, setting, withSetting } from '../../helpers/facts.ts';
import type { FactsSnapshot, ShellAssignment } from '../../../src/facts/types.ts';

const BASHRC = `${HOME}/.bashrc`;
const SHA = 'a'.repeat(64);

function assignment(value: string, extra: Partial<ShellAssignment> = {}): ShellAssignment {
  const text = `export GOROOT=${value}`;
  return { file: BASHRC, line: 12, column: 8, shell: 'bash', variable: 'GOROOT', value, expanded: value, exported: true, text, offset: 310, length: text.length + 1, ...extra };
}

function withShell(f: FactsSnapshot, a: ShellAssignment[], extraText: { pathAdditions?: FactsSnapshot['shellStartup']['pathAdditions'] } = {}): FactsSnapshot {
  f.shellStartup.files = [{ path: BASHRC, shell: 'bash', exists: true, readable: true, binary: false, login: false, error: null, sha256: SHA }];
  f.shellStartup.assignments = a;
  if (extraText.pathAdditions) f.shellStartup.pathAdditions = extraText.pathAdditions;
  return f;
}

function envGoroot(f: FactsSnapshot, value: string, shell = true): FactsSnapshot {
  return withSetting(f, 'GOROOT', value, 'env', shell ? { shellSources: [{ file: BASHRC, line: 12 }] } : {});
}

checkCases(check, {
  fires: [
    {
      name: 'shell export equal to the own root: info, safe comment-out edit', count: 1, severity: 'info',
      message: /\.bashrc:12 sets GOROOT=\/usr\/local\/go; it equals the root of the go that runs/,
      facts: () => envGoroot(withShell(makeFacts(), [assignment('/usr/local/go')]), '/usr/local/go'),
      assert: ([f]) => {
        assert.equal(f!.fix!.safe, true);
        const change = f!.fix!.files![0]!;
        assert.equal(change.file, BASHRC);
        assert.equal(change.originalSha256, SHA);
        assert.deepEqual(change.edits, [{ file: BASHRC, offset: 310, length: 0, newText: '# disabled by gotune fix 2026-11-26: GOROOT is found by the go command itself\n# ' }]);
        assert.deepEqual((f!.source as { kind: string; line: number; column: number }[])[0], { kind: 'shell-startup', file: BASHRC, line: 12, column: 8, description: `${BASHRC}:12:8 (export GOROOT=/usr/local/go)` });
      },
    },
    {
      name: 'shell export of another tree: warning, edit offered but not safe', count: 1, severity: 'warning',
      message: /has its own root \/usr\/local\/go; with GOROOT=\/usr\/lib\/go-1\.19/,
      facts: () => envGoroot(withShell(makeFacts(), [assignment('/usr/lib/go-1.19')]), '/usr/lib/go-1.19'),
      assert: ([f]) => { assert.equal(f!.fix!.safe, false); assert.equal(f!.fix!.files!.length, 1); },
    },
    {
      name: 'a later PATH line reads $GOROOT: no automatic edit', count: 1, severity: 'info',
      facts: () => envGoroot(withShell(makeFacts(), [assignment('/usr/local/go')], { pathAdditions: [{ file: BASHRC, line: 13, dirs: ['$GOROOT/bin'], text: 'export PATH=$PATH:$GOROOT/bin' }] }), '/usr/local/go'),
      assert: ([f]) => { assert.equal(f!.fix!.files, undefined); assert.match(f!.fix!.manual!, /\.bashrc:13 read \$GOROOT/); },
    },
    {
      name: 'assignment sharing its line with other commands: manual', count: 1,
      facts: () => withShell(makeFacts(), [assignment('/usr/local/go', { text: 'export GOROOT=/usr/local/go; export PATH=/usr/local/go/bin:$PATH' })]),
      assert: ([f]) => { assert.equal(f!.fix!.files, undefined); assert.match(f!.fix!.manual!, /Delete or comment out line 12/); },
    },
    {
      name: 'shell facts without byte offsets (older snapshot): manual fix', count: 1,
      facts: () => withShell(makeFacts(), [assignment('/usr/local/go', { offset: undefined })]),
      assert: ([f]) => assert.equal(f!.fix!.files, undefined),
    },
    {
      name: 'go env -w file with the own root: info, `go env -u GOROOT`, safe', count: 1, severity: 'info',
      message: /set in the go env -w file \(\/home\/gopher\/\.config\/go\/env:1\)/,
      facts: () => withSetting(makeFacts(), 'GOROOT', '/usr/local/go', 'env-file'),
      assert: ([f]) => assert.deepEqual(f!.fix!.commands, [{ argv: ['go', 'env', '-u', 'GOROOT'], description: 'go env -u GOROOT' }]),
    },
    {
      name: 'go env -w file with a missing dir: the unset runs with a working GOROOT', count: 1, severity: 'warning',
      facts: () => withSetting(makeFacts(), 'GOROOT', '/opt/go-gone', 'env-file'),
      assert: ([f]) => { assert.deepEqual(f!.fix!.commands![0]!.env, { GOROOT: '/usr/local/go' }); assert.equal(f!.fix!.safe, false); },
    },
    {
      name: 'process environment without a startup line (IDE, service unit)', count: 1, severity: 'warning', message: /process environment, and no shell startup file/,
      facts: () => envGoroot(makeFacts(), '/opt/go', false),
      assert: ([f]) => assert.equal(f!.fix, null),
    },
    {
      name: 'both a startup export and the env file: two findings', count: 2,
      facts: () => { const f = envGoroot(withShell(makeFacts(), [assignment('/usr/local/go')]), '/usr/local/go'); f.envFile.entries = [{ key: 'GOROOT', value: '/usr/local/go', line: 3 }]; return f; },
    },
    {
      name: 'GOROOT reached through a symlinked dir counts as the own root', count: 1, severity: 'info',
      facts: () => withSetting(makeFacts({ goBinaries: [goBinary('/usr/local/go/bin/go', { realPath: '/opt/go1.26.8/bin/go', root: '/opt/go1.26.8' })] }), 'GOROOT', '/usr/local/go', 'env-file'),
    },
    {
      name: 'fish: set -gx GOROOT', count: 1,
      facts: () => withShell(makeFacts(), [assignment('/usr/local/go', { file: BASHRC, shell: 'fish', text: 'set -gx GOROOT /usr/local/go' })]),
      assert: ([f]) => assert.equal(f!.fix!.files!.length, 1),
    },
    {
      name: 'macOS: env file under Library/Application Support', count: 1, message: /Library\/Application Support\/go\/env:1/,
      facts: () => withSetting(makeFacts({ platform: { os: 'darwin' }, envFile: { path: '/Users/gopher/Library/Application Support/go/env' } }), 'GOROOT', '/usr/local/go', 'env-file'),
    },
    {
      name: 'Windows: %AppData%\\go\\env, case-insensitive compare', count: 1, severity: 'info',
      facts: () => withSetting(makeFacts({
        platform: { os: 'windows', listSeparator: ';' },
        envFile: { path: 'C:\\Users\\gopher\\AppData\\Roaming\\go\\env' },
        goBinaries: [goBinary('C:\\Program Files\\Go\\bin\\go.exe', { root: 'C:\\Program Files\\Go', kind: 'windows-exe' })],
        goEnv: { binary: 'C:\\Program Files\\Go\\bin\\go.exe' },
      }), 'GOROOT', 'c:\\program files\\go', 'env-file'),
    },
  ],
  quiet: [
    { name: 'GOROOT not set anywhere', facts: makeFacts() },
    { name: 'an empty GOROOT in the env counts as unset', facts: () => { const f = makeFacts(); f.settings['GOROOT'] = setting('GOROOT', '/usr/local/go', 'default', { envEmpty: true }); return f; } },
    { name: 'an empty GOROOT= line in the env file', facts: makeFacts({ envFile: { exists: true, entries: [{ key: 'GOROOT', value: '', line: 1 }] } }) },
  ],
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/paths/GT201-gopath-explicit.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting, HOME } from '../../helpers/facts.ts';
import type { FactsSnapshot, ShellAssignment } from '../../../src/facts/types.ts';

const BASHRC = `${HOME}/.bashrc`;

function fromBashrc(value: string, opts: { sha256?: string | null; offset?: number; extraLines?: Partial<ShellAssignment>[]; pathUsesGopath?: boolean } = {}): FactsSnapshot {
  const f = withSetting(makeFacts(), 'GOPATH', value, 'env', { shellSources: [{ file: BASHRC, line: 3 }] });
  f.shellStartup.files = [{ path: BASHRC, shell: 'bash', exists: true, readable: true, binary: false, login: false, error: null, size: 200, sha256: opts.sha256 === undefined ? 'a'.repeat(64) : opts.sha256 }];
  f.shellStartup.assignments = [{ file: BASHRC, line: 3, column: 1, shell: 'bash', variable: 'GOPATH', value, expanded: value, exported: true, text: `export GOPATH=${value}`, offset: opts.offset ?? 40, length: 30 }];
  if (opts.pathUsesGopath) f.shellStartup.pathAdditions = [{ file: BASHRC, line: 4, dirs: ['$GOPATH/bin'], text: 'export PATH=$PATH:$GOPATH/bin' }];
  return f;
}

checkCases(check, {
  fires: [
    { name: 'env file sets the default: info, go env -u', count: 1, severity: 'info', message: /already its default/,
      facts: withSetting(makeFacts(), 'GOPATH', `${HOME}/go`, 'env-file'),
      assert: ([f]) => {
        assert.deepEqual(f!.fix?.commands?.map((c) => c.argv), [['go', 'env', '-u', 'GOPATH']]);
        assert.equal(f!.fix?.safe, true);
        assert.equal(f!.source[0]?.kind, 'env-file');
      } },
    { name: 'bashrc exports the default (trailing slash): info, commented out with a dated marker', count: 1, severity: 'info',
      facts: fromBashrc(`${HOME}/go/`),
      assert: ([f]) => {
        const change = f!.fix?.files?.[0];
        assert.equal(change?.file, BASHRC);
        assert.equal(change?.originalSha256, 'a'.repeat(64));
        assert.deepEqual(change?.edits, [{ file: BASHRC, offset: 40, length: 0, newText: '# disabled by gotune fix 2026-11-26: GOPATH equals the default $HOME/go\n# ' }]);
        assert.equal(f!.fix?.safe, true);
        assert.equal(f!.source[0]?.description, `${BASHRC}:3`);
      } },
    { name: 'default but PATH line uses $GOPATH: not a safe fix', count: 1, severity: 'info', message: /already its default/,
      facts: fromBashrc(`${HOME}/go`, { pathUsesGopath: true }),
      assert: ([f]) => { assert.equal(f!.fix?.safe, false); assert.match(f!.hint!, /\.bashrc:4 use \$GOPATH/); } },
    { name: 'startup file without a hash: manual removal', count: 1, severity: 'info',
      facts: fromBashrc(`${HOME}/go`, { sha256: null }),
      assert: ([f]) => { assert.equal(f!.fix?.files, undefined); assert.match(f!.fix!.manual!, /\.bashrc:3/); assert.equal(f!.fix?.safe, false); } },
    { name: 'elsewhere: warning, cache moves, suggestion pins GOMODCACHE', count: 1, severity: 'warning', message: [/module cache moves with it/, /cold cache/],
      facts: () => { const f = withSetting(makeFacts(), 'GOPATH', '/data/gopath', 'env'); f.settings['GOMODCACHE']!.value = '/data/gopath/pkg/mod'; return f; },
      assert: ([f]) => {
        assert.equal(f!.fix?.safe, false);
        assert.deepEqual(f!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOMODCACHE=/data/gopath/pkg/mod']);
        assert.equal(f!.fix?.choices?.length, 2);
        assert.match(f!.fix!.choices![1]!.fix.manual!, /where your environment sets it/);
      } },
    { name: 'elsewhere with GOMODCACHE pinned: info, no fix', count: 1, severity: 'info', message: /does not move/,
      facts: () => withSetting(withSetting(makeFacts(), 'GOPATH', '/data/gopath', 'env-file'), 'GOMODCACHE', `${HOME}/go/pkg/mod`, 'env-file'),
      assert: ([f]) => assert.equal(f!.fix, null) },
    { name: 'macOS: explicit GOPATH elsewhere', count: 1, severity: 'warning',
      facts: () => withSetting(makeFacts({ platform: { os: 'darwin' }, user: { home: '/Users/gopher' } }), 'GOPATH', '/opt/homebrew/gopath', 'env-file') },
    { name: 'Windows: GOPATH equal to %USERPROFILE%\\go, other case and slash', count: 1, severity: 'info',
      facts: () => withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' }, user: { home: 'C:\\Users\\Gopher' } }), 'GOPATH', 'c:/users/gopher/go', 'env-file') },
  ],
  quiet: [
    { name: 'GOPATH not set (default)', facts: makeFacts() },
    { name: 'relative GOPATH is GT202', facts: withSetting(makeFacts(), 'GOPATH', 'gopath', 'env') },
    { name: 'tilde GOPATH is GT203', facts: withSetting(makeFacts(), 'GOPATH', '~/go', 'env') },
  ],
});

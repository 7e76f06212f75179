import assert from 'node:assert/strict';
import check from '../../../src/checks/paths/GT203-gopath-tilde.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting, HOME } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'quoted ~ in the environment', count: 1, severity: 'error',
      message: /go: GOPATH entry cannot start with shell metacharacter '~': "~\/go"/,
      facts: withSetting(makeFacts(), 'GOPATH', '~/go', 'env'),
      assert: ([f]) => { assert.equal(f!.expected, `GOPATH=${HOME}/go`); assert.equal(f!.fix?.safe, false); assert.match(f!.fix!.manual!, /where your environment sets it/); } },
    { name: 'env file: go env -w with the expanded value (safe)', count: 1,
      facts: withSetting(makeFacts(), 'GOPATH', '~/work/go', 'env-file'),
      assert: ([f]) => {
        assert.equal(f!.fix?.safe, true);
        assert.deepEqual(f!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', `GOPATH=${HOME}/work/go`]);
        assert.deepEqual(f!.fix?.commands?.[0]?.env, { GOPATH: `${HOME}/work/go` });
      } },
    { name: 'exported in .zshrc: the line is replaced and the old one kept as a comment', count: 1,
      facts: () => {
        const f = withSetting(makeFacts({ user: { shell: '/bin/zsh' } }), 'GOPATH', '~/go', 'env', { shellSources: [{ file: `${HOME}/.zshrc`, line: 7 }] });
        f.shellStartup.files = [{ path: `${HOME}/.zshrc`, shell: 'zsh', exists: true, readable: true, binary: false, login: false, error: null, size: 300, sha256: 'b'.repeat(64) }];
        f.shellStartup.assignments = [{ file: `${HOME}/.zshrc`, line: 7, column: 1, shell: 'zsh', variable: 'GOPATH', value: '~/go', expanded: null, exported: true, text: 'export GOPATH="~/go"', offset: 120, length: 21 }];
        return f;
      },
      assert: ([f]) => {
        assert.equal(f!.fix?.safe, true);
        assert.deepEqual(f!.fix?.files?.[0]?.edits, [{ file: `${HOME}/.zshrc`, offset: 120, length: 0, newText: `export GOPATH='${HOME}/go'\n# disabled by gotune fix 2026-11-26: GOPATH started with ~\n# ` }]);
      } },
    { name: '~user cannot be expanded: no fix', count: 1,
      facts: withSetting(makeFacts(), 'GOPATH', '~bob/go', 'env'),
      assert: ([f]) => assert.equal(f!.fix, null) },
  ],
  quiet: [
    { name: 'default GOPATH', facts: makeFacts() },
    { name: '~ in the middle of a path is fine', facts: withSetting(makeFacts(), 'GOPATH', '/home/a~b/go', 'env') },
  ],
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/paths/GT202-gopath-relative.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting, HOME } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'relative GOPATH in the environment quotes the go command', count: 1, severity: 'error',
      message: /go: GOPATH entry is relative; must be absolute path: "gopath"\./,
      facts: withSetting(makeFacts(), 'GOPATH', 'gopath', 'env'),
      assert: ([f]) => { assert.equal(f!.fix?.safe, false); assert.equal(f!.fix?.choices?.length, 2); assert.equal(f!.fix?.choices?.[0]?.label, `GOPATH=${HOME}/gopath`); } },
    { name: 'relative entry in a hand-edited env file: go env -w runs with a valid GOPATH in its environment', count: 1,
      facts: withSetting(makeFacts(), 'GOPATH', `/abs/one:./rel`, 'env-file'),
      assert: ([f]) => {
        const cmd = f!.fix?.choices?.[0]?.fix.commands?.[0];
        assert.deepEqual(cmd?.argv, ['go', 'env', '-w', `GOPATH=/abs/one:${HOME}/rel`]);
        assert.deepEqual(cmd?.env, { GOPATH: `/abs/one:${HOME}/rel` });
        assert.match(f!.message, /"\.\/rel"/);
      } },
    { name: 'Windows: relative entry with ; separator', count: 1,
      facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' }, user: { home: 'C:\\Users\\Gopher' } }), 'GOPATH', 'C:\\go;gopath', 'env') ,
      assert: ([f]) => assert.match(f!.message, /"gopath"/) },
  ],
  quiet: [
    { name: 'default GOPATH', facts: makeFacts() },
    { name: 'absolute entries', facts: withSetting(makeFacts(), 'GOPATH', '/a:/b', 'env') },
    { name: 'tilde entries are GT203', facts: withSetting(makeFacts(), 'GOPATH', '~/go', 'env') },
    { name: 'Windows absolute and UNC entries', facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOPATH', 'C:\\go;\\\\server\\share\\go', 'env') },
  ],
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/paths/GT208-modcache-relative.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting, HOME } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'relative GOMODCACHE in the environment', count: 1, severity: 'error',
      message: /go: GOMODCACHE entry is relative; must be absolute path: "rel\/mc"\./,
      facts: withSetting(makeFacts(), 'GOMODCACHE', 'rel/mc', 'env'),
      assert: ([f]) => {
        assert.equal(f!.fix?.safe, false);
        assert.deepEqual(f!.fix?.choices?.map((c) => c.label), ['Remove GOMODCACHE (default GOPATH/pkg/mod)', `GOMODCACHE=${HOME}/rel/mc`]);
      } },
    { name: '~ in a hand-edited env file', count: 1, message: /"~\/mod"/,
      facts: withSetting(makeFacts(), 'GOMODCACHE', '~/mod', 'env-file'),
      assert: ([f]) => {
        assert.deepEqual(f!.fix?.commands?.[0]?.argv, ['go', 'env', '-u', 'GOMODCACHE']);
        assert.deepEqual(f!.fix?.choices?.[1]?.fix.commands?.[0]?.argv, ['go', 'env', '-w', `GOMODCACHE=${HOME}/mod`]);
      } },
    { name: 'Windows: drive-relative path', count: 1, facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOMODCACHE', 'C:mod', 'env') },
  ],
  quiet: [
    { name: 'default', facts: makeFacts() },
    { name: 'absolute', facts: withSetting(makeFacts(), 'GOMODCACHE', '/srv/mod', 'env') },
    { name: 'Windows absolute', facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOMODCACHE', 'D:\\gomod', 'env') },
  ],
});

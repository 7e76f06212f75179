import assert from 'node:assert/strict';
import check from '../../../src/checks/network/GT315-go111module.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'off inside a module', count: 1, severity: 'error', message: /go: modules disabled by GO111MODULE=off; see 'go help modules'/,
      facts: withSetting(makeFacts(), 'GO111MODULE', 'off', 'env-file'),
      assert: (f) => assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['go', 'env', '-u', 'GO111MODULE']) },
    { name: 'off outside a module: warning', count: 1, severity: 'warning', facts: withSetting(makeFacts({ project: { goMod: null } }), 'GO111MODULE', 'off', 'env') },
    { name: 'bogus value', count: 1, severity: 'error', message: /go: unknown environment setting GO111MODULE=bogus/, facts: withSetting(makeFacts(), 'GO111MODULE', 'bogus', 'env') },
    { name: 'auto: info', count: 1, severity: 'info', facts: withSetting(makeFacts(), 'GO111MODULE', 'auto', 'env') },
  ],
  quiet: [
    { name: 'unset', facts: makeFacts() },
    { name: 'on', facts: withSetting(makeFacts(), 'GO111MODULE', 'on', 'env') },
  ],
});

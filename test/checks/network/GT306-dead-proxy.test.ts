import assert from 'node:assert/strict';
import check from '../../../src/checks/network/GT306-dead-proxy.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'gocenter.io', count: 1, severity: 'warning', message: /GoCenter/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'https://gocenter.io,https://proxy.golang.org,direct', 'env-file'),
      assert: (f) => assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOPROXY=https://proxy.golang.org,direct']) },
    { name: 'gocenter.io alone falls back to the default', count: 1, facts: withSetting(makeFacts(), 'GOPROXY', 'gocenter.io', 'env-file'),
      assert: (f) => assert.equal(f[0]!.expected, 'https://proxy.golang.org,direct') },
    { name: 'athens.azurefd.net', count: 1, facts: withSetting(makeFacts(), 'GOPROXY', 'https://athens.azurefd.net|direct', 'env') },
  ],
  quiet: [
    { name: 'default', facts: makeFacts() },
    { name: 'goproxy.cn', facts: withSetting(makeFacts(), 'GOPROXY', 'https://goproxy.cn,direct', 'env') },
  ],
});

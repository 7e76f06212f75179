import assert from 'node:assert/strict';
import check from '../../../src/checks/network/GT304-goproxy-chain.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'private proxy | public proxy leaks on errors', count: 1, severity: 'warning', message: /any error at goproxy\.corp\.example/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'https://goproxy.corp.example|https://proxy.golang.org,direct', 'env') },
    { name: 'private proxy | direct', count: 1, severity: 'warning', message: /straight to version control/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'https://goproxy.corp.example|direct', 'env-file') },
    { name: 'public mirrors joined by ",": no failover on 5xx', count: 1, severity: 'warning', message: /stops the download/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'https://goproxy.cn,https://proxy.golang.org,direct', 'env'),
      assert: (f) => assert.match(f[0]!.hint ?? '', /GOPROXY=https:\/\/goproxy\.cn\|https:\/\/proxy\.golang\.org,direct`/) },
    { name: 'explains a private chain', count: 1, severity: 'info', message: /tries, in order/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'https://goproxy.corp.example,https://proxy.golang.org,direct', 'env') },
  ],
  quiet: [
    { name: 'default chain', facts: makeFacts() },
    { name: 'direct only (GT301)', facts: withSetting(makeFacts(), 'GOPROXY', 'direct', 'env') },
    { name: 'invalid (GT303)', facts: withSetting(makeFacts(), 'GOPROXY', 'ftp://x', 'env') },
  ],
});

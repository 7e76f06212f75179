import check from '../../../src/checks/network/GT310-goinsecure.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'company host', count: 1, severity: 'warning', message: /plain HTTP/, facts: withSetting(makeFacts(), 'GOINSECURE', 'git.acme.io', 'env') },
    { name: 'everything', count: 1, message: /every module/, facts: withSetting(makeFacts(), 'GOINSECURE', '*', 'env-file') },
    { name: 'local test server only: info', count: 1, severity: 'info', facts: withSetting(makeFacts(), 'GOINSECURE', 'localhost:8080,127.0.0.1', 'env') },
  ],
  quiet: [
    { name: 'unset', facts: makeFacts() },
    { name: 'only separators', facts: withSetting(makeFacts(), 'GOINSECURE', ',', 'env') },
  ],
});

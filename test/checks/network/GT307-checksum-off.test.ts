import check from '../../../src/checks/network/GT307-checksum-off.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'GOSUMDB=off', count: 1, severity: 'warning', message: /checksum database disabled by GOSUMDB=off/, facts: withSetting(makeFacts(), 'GOSUMDB', 'off', 'env') },
    { name: 'GONOSUMDB=*', count: 1, message: /no module at all/, facts: withSetting(makeFacts(), 'GONOSUMDB', '*', 'env-file') },
    { name: 'GOPRIVATE=github.com (GONOSUMDB empty)', count: 1, message: /GOPRIVATE \(which GONOSUMDB defaults to\) contains "github.com"/, facts: withSetting(makeFacts(), 'GOPRIVATE', 'github.com', 'env') },
    { name: 'GONOSUMDB=*.com covers public hosts', count: 1, facts: withSetting(makeFacts(), 'GONOSUMDB', '*.com', 'env') },
    { name: 'GOFLAGS=-insecure', count: 1, message: /-insecure flag is no longer supported; use GOINSECURE instead/, facts: withSetting(makeFacts(), 'GOFLAGS', '-insecure', 'env') },
    { name: 'GONOSUMCHECK from Go 1.13 betas', count: 1, severity: 'info', facts: makeFacts({ env: { GONOSUMCHECK: '1' } }) },
    { name: 'unknown sumdb name: error', count: 1, severity: 'error', message: /invalid GOSUMDB: malformed verifier id/, facts: withSetting(makeFacts(), 'GOSUMDB', 'sum.corp.example', 'env') },
  ],
  quiet: [
    { name: 'default', facts: makeFacts() },
    { name: 'private org on github', facts: withSetting(makeFacts(), 'GOPRIVATE', 'github.com/acme/*,*.corp.example', 'env') },
    { name: 'sum.golang.google.cn alias', facts: withSetting(makeFacts(), 'GOSUMDB', 'sum.golang.google.cn', 'env') },
  ],
});

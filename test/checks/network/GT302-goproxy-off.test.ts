import check from '../../../src/checks/network/GT302-goproxy-off.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'GOPROXY=off', count: 1, severity: 'warning', message: /module lookup disabled by GOPROXY=off/, facts: withSetting(makeFacts(), 'GOPROXY', 'off', 'env') },
    { name: 'off with GONOPROXY mentions direct private fetches', count: 1, message: /still fetched directly/,
      facts: withSetting(withSetting(makeFacts(), 'GOPROXY', 'off', 'env-file'), 'GONOPROXY', 'corp.example.com', 'env-file') },
    { name: 'vendored builds: info', count: 1, severity: 'info',
      facts: withSetting(withSetting(makeFacts(), 'GOPROXY', 'off', 'env'), 'GOFLAGS', '-mod=vendor', 'env') },
  ],
  quiet: [
    { name: 'default', facts: makeFacts() },
    { name: 'off after a proxy (the proxy is used first)', facts: withSetting(makeFacts(), 'GOPROXY', 'https://proxy.golang.org,off', 'env') },
    { name: 'direct', facts: withSetting(makeFacts(), 'GOPROXY', 'direct', 'env') },
  ],
});

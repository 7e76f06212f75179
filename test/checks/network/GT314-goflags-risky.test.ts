import check from '../../../src/checks/network/GT314-goflags-risky.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: '-mod=mod', count: 1, severity: 'warning', message: /-mod=mod/, facts: withSetting(makeFacts(), 'GOFLAGS', '-mod=mod', 'env') },
    { name: '-modcacherw: info', count: 1, severity: 'info', facts: withSetting(makeFacts(), 'GOFLAGS', '-modcacherw', 'env-file') },
    { name: 'both', count: 2, facts: withSetting(makeFacts(), 'GOFLAGS', '--mod=mod -modcacherw=true', 'env') },
  ],
  quiet: [
    { name: 'empty', facts: makeFacts() },
    { name: '-mod=readonly', facts: withSetting(makeFacts(), 'GOFLAGS', '-mod=readonly -modcacherw=false', 'env') },
    { name: 'invalid GOFLAGS (GT313)', facts: withSetting(makeFacts(), 'GOFLAGS', '-mod=mod -bogus', 'env') },
  ],
});

import check from '../../../src/checks/cache/GT501-modcache-size.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts } from '../../helpers/facts.ts';
import { modcache, GiB } from './facts.ts';

checkCases(check, {
  fires: [
    { name: 'a 23 GiB cache', count: 1, severity: 'warning', message: /about 23\.0 GiB in 4000 module versions/,
      facts: makeFacts({ modcache: modcache({ totalBytesEstimate: 23 * GiB, versions: 4000 }) }) },
    { name: 'large cache with toolchains names their share', count: 1, message: [/6 downloaded Go toolchains hold 1\.50 GiB/],
      facts: makeFacts({ modcache: modcache({ totalBytesEstimate: 12 * GiB, toolchainVersions: 6, toolchainBytesEstimate: 1.5 * GiB }) }) },
    { name: 'scan cut short says the figure is a floor', count: 1, message: /at least/,
      facts: makeFacts({ modcache: modcache({ totalBytesEstimate: 11 * GiB, complete: false }) }) },
    { name: 'small cache, but toolchains above 1 GiB (info)', count: 1, severity: 'info', message: /5 downloaded Go toolchains/,
      facts: makeFacts({ modcache: modcache({ totalBytesEstimate: 3 * GiB, toolchainVersions: 5, toolchainBytesEstimate: 1.2 * GiB }) }) },
  ],
  quiet: [
    { name: 'a 1.2 GB cache', facts: makeFacts({ modcache: modcache() }) },
    { name: 'just under the threshold', facts: makeFacts({ modcache: modcache({ totalBytesEstimate: 10 * GiB }) }) },
    { name: 'no module cache yet', facts: makeFacts({ modcache: modcache({ exists: false, totalBytesEstimate: 0 }) }) },
    { name: 'facts without the modcache gatherer (older snapshot)', facts: makeFacts() },
  ],
});

import check from '../../../src/checks/paths/GT210-no-file-locking.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, location, HOME } from '../../helpers/facts.ts';
import type { LocationFact } from '../../../src/facts/types.ts';

const cacheWith = (extra: Partial<LocationFact>) => () => { const f = makeFacts(); f.mounts.locations = [location('GOMODCACHE', `${HOME}/go/pkg/mod`, extra)]; return f; };

checkCases(check, {
  fires: [
    { name: 'NFS without lockd', count: 1, severity: 'error', message: [/No locks available/, /no locks available/],
      facts: cacheWith({ fsType: 'nfs', mountPoint: '/home', locking: { tested: true, works: false, error: 'flock: failed to get lock: No locks available' } }) },
    { name: 'lock attempt hung: undecided, a warning', count: 1, severity: 'warning', message: /neither succeeded nor failed: the lock attempt did not finish/,
      facts: cacheWith({ fsType: 'nfs4', locking: { tested: true, works: null, error: 'the lock attempt did not finish within 1500 ms' } }) },
    { name: 'python3 fcntl error', count: 1, severity: 'error', message: /OSError: \[Errno 37\] No locks available/,
      facts: cacheWith({ fsType: 'cifs', locking: { tested: true, works: false, error: 'OSError: [Errno 37] No locks available' } }) },
  ],
  quiet: [
    { name: 'locks work', facts: makeFacts() },
    { name: 'not tested (no flock, no python3)', facts: cacheWith({ locking: { tested: false, works: null, error: 'not tested: neither `flock` (util-linux) nor python3 is available' } }) },
    { name: 'locking test skipped', facts: cacheWith({ locking: null }) },
  ],
});

import check from '../../../src/checks/paths/GT213-low-disk.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, location, HOME } from '../../helpers/facts.ts';
import type { LocationFact } from '../../../src/facts/types.ts';

const GiB = 1024 ** 3;
const both = (extra: Partial<LocationFact>) => () => {
  const f = makeFacts();
  f.mounts.locations = [location('GOMODCACHE', `${HOME}/go/pkg/mod`, extra), location('GOCACHE', `${HOME}/.cache/go-build`, extra)];
  return f;
};

checkCases(check, {
  fires: [
    { name: 'under 1 GiB: error, one finding for the shared mount', count: 1, severity: 'error', message: /only 0\.50 GiB free/, facts: both({ freeBytes: 0.5 * GiB }) },
    { name: 'under 5 GiB: warning', count: 1, severity: 'warning', message: /3\.00 GiB free/, facts: both({ freeBytes: 3 * GiB }) },
    { name: 'inodes under 1 %: error', count: 1, severity: 'error', message: /of inodes free/, facts: both({ freeInodes: 100, totalInodes: 1_000_000 }) },
    { name: 'inodes under 5 %: warning', count: 1, severity: 'warning', facts: both({ freeInodes: 30_000, totalInodes: 1_000_000 }) },
    { name: 'two mounts, one low', count: 1, facts: () => {
      const f = makeFacts();
      f.mounts.locations = [location('GOMODCACHE', '/data/mod', { mountPoint: '/data', freeBytes: 0.2 * GiB }), location('GOCACHE', `${HOME}/.cache/go-build`)];
      return f;
    } },
  ],
  quiet: [
    { name: 'plenty of space', facts: makeFacts() },
    { name: 'btrfs reports no inode counts', facts: both({ fsType: 'btrfs', freeInodes: 0, totalInodes: 0 }) },
    { name: 'the project disk being full is not this check', facts: () => { const f = makeFacts(); f.mounts.locations = [location('project', '/src', { freeBytes: 1 })]; return f; } },
  ],
});

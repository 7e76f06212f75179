import { defineCheck } from '../../engine/define.ts';
import type { Severity } from '../../engine/types.ts';
import type { LocationFact } from '../../facts/types.ts';

const GiB = 1024 ** 3;
export const THRESHOLDS = { errorBytes: 1 * GiB, warningBytes: 5 * GiB, errorInodeShare: 0.01, warningInodeShare: 0.05 };
const ROLES = new Set(['GOMODCACHE', 'GOCACHE', 'GOTMPDIR']);

function gib(n: number): string {
  return `${(n / GiB).toFixed(n < 10 * GiB ? 2 : 1)} GiB`;
}

export default defineCheck({
  id: 'GT213',
  name: 'low-disk',
  family: 'paths',
  severity: 'warning',
  summary: 'little free space or few free inodes where the caches live',
  fixable: false,
  run(facts, ctx) {
    const byMount = new Map<string, LocationFact[]>();
    for (const l of facts.mounts.locations) {
      if (!ROLES.has(l.role)) continue;
      const key = l.mountPoint ?? l.existingAncestor ?? l.path;
      byMount.set(key, [...(byMount.get(key) ?? []), l]);
    }
    for (const [mount, locs] of byMount) {
      const l = locs[0]!;
      const problems: string[] = [];
      let severity: Severity | null = null;
      const raise = (s: Severity) => { if (severity !== 'error') severity = s; };
      if (l.freeBytes !== null) {
        if (l.freeBytes < THRESHOLDS.errorBytes) { problems.push(`only ${gib(l.freeBytes)} free`); raise('error'); }
        else if (l.freeBytes < THRESHOLDS.warningBytes) { problems.push(`${gib(l.freeBytes)} free`); raise('warning'); }
      }
      // Filesystems without a fixed inode table (btrfs, some FUSE) report 0 inodes: nothing to judge.
      if (l.freeInodes !== null && l.totalInodes) {
        const share = l.freeInodes / l.totalInodes;
        const pct = `${(share * 100).toFixed(share < 0.01 ? 2 : 1)} %`;
        if (share < THRESHOLDS.errorInodeShare) { problems.push(`only ${pct} of inodes free (${l.freeInodes} of ${l.totalInodes})`); raise('error'); }
        else if (share < THRESHOLDS.warningInodeShare) { problems.push(`${pct} of inodes free (${l.freeInodes} of ${l.totalInodes})`); raise('warning'); }
      }
      if (!severity) continue;
      const roles = locs.map((x) => `${x.role} (${x.path})`).join(', ');
      ctx.report({
        severity,
        message: `The filesystem at ${mount} holding ${roles} has ${problems.join(' and ')}. Module downloads and builds write many files there and fail with "no space left on device" when it runs out.`,
        found: problems.join(', '),
        expected: 'at least 5 GiB and 5 % of inodes free (error below 1 GiB or 1 %)',
        source: locs.map((x) => ({ kind: 'filesystem' as const, file: x.path, description: `${x.role} ${x.path}${x.fsType ? ` (${x.fsType})` : ''}` })),
        hint: 'Free space: `go clean -cache` empties the build cache (it refills as you build), `go clean -modcache` the module cache (modules are downloaded again), `gotune cache` shows what they hold. Or move them with `go env -w GOCACHE=... GOMODCACHE=...` to a larger disk.',
        data: { mountPoint: mount, freeBytes: l.freeBytes, totalBytes: l.totalBytes, freeInodes: l.freeInodes, totalInodes: l.totalInodes },
      });
    }
  },
});

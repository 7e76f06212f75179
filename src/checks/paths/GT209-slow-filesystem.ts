import { defineCheck } from '../../engine/define.ts';
import type { LocationFact } from '../../facts/types.ts';
import { SLOW_FILESYSTEMS } from './filesystems.ts';

const ROLES = new Set(['GOMODCACHE', 'GOCACHE', 'GOPATH', 'project']);
const CACHE_ROLES = new Set(['GOMODCACHE', 'GOCACHE', 'GOPATH']);

export default defineCheck({
  id: 'GT209',
  name: 'slow-filesystem',
  family: 'paths',
  severity: 'warning',
  summary: 'GOMODCACHE, GOCACHE, GOPATH or the project live on a network or translated filesystem',
  fixable: false,
  run(facts, ctx) {
    const groups = new Map<string, LocationFact[]>();
    for (const l of facts.mounts.locations) {
      if (!ROLES.has(l.role) || !l.fsType || !(l.fsType in SLOW_FILESYSTEMS)) continue;
      const key = `${l.mountPoint ?? l.path}\0${l.fsType}`;
      groups.set(key, [...(groups.get(key) ?? []), l]);
    }
    for (const locs of groups.values()) {
      const first = locs[0]!;
      const kind = SLOW_FILESYSTEMS[first.fsType!]!;
      const roles = [...new Set(locs.map((l) => l.role))];
      const cachesThere = roles.filter((r) => CACHE_ROLES.has(r));
      const list = locs.map((l) => `${l.role} (${l.path})`).join(', ');
      ctx.report({
        severity: cachesThere.length ? 'warning' : 'info',
        message: `${list} ${locs.length > 1 ? 'are' : 'is'} on ${first.fsType} — ${kind}${first.mountPoint ? `, mounted at ${first.mountPoint}${first.mountSource ? ` from ${first.mountSource}` : ''}` : ''}. The go command creates, locks, renames and stats many small files; each of those is slow there${cachesThere.length ? ', so downloads, extraction and cached builds are many times slower than on a local disk' : ''}.`,
        found: `${first.fsType} at ${first.mountPoint ?? first.path}`,
        expected: 'the module and build caches on a local disk',
        source: locs.map((l) => ({ kind: 'filesystem' as const, file: l.path, description: `${l.role} ${l.path} on ${l.fsType}${l.mountPoint ? ` (${l.mountPoint})` : ''}` })),
        hint: cachesThere.length
          ? 'Put the caches on a local disk: `go env -w GOMODCACHE=/local/path/mod GOCACHE=/local/path/build` (in containers, a named volume instead of a bind mount). The project itself may stay on the share.'
          : 'Builds read every source file through this share; if they are slow, work in a clone on a local disk (in WSL, under the Linux home rather than /mnt/c; in Docker Desktop, a named volume).',
        data: { fsType: first.fsType, mountPoint: first.mountPoint, roles },
      });
    }
  },
});

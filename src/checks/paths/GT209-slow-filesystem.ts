import { defineCheck } from '../../engine/define.ts';
import type { LatencyFact, LocationFact } from '../../facts/types.ts';
import { SLOW_FILESYSTEMS } from './filesystems.ts';

const ROLES = new Set(['GOMODCACHE', 'GOCACHE', 'GOPATH', 'project']);
const CACHE_ROLES = new Set(['GOMODCACHE', 'GOCACHE', 'GOPATH']);
/** With --measure: a filesystem of any type this many times slower than the local disk is reported... */
export const SLOW_RATIO = 5;
/** ...when a small file also costs at least this much (tiny absolute differences do not matter). */
export const SLOW_MIN_MS = 0.5;
/** A network filesystem measured within this factor of the local disk is reported as information only. */
export const FAST_RATIO = 2;

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(2) : ms.toFixed(1));

function groupByMount(locs: LocationFact[]): LocationFact[][] {
  const groups = new Map<string, LocationFact[]>();
  for (const l of locs) {
    const key = `${l.mountPoint ?? l.path}\0${l.fsType ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  return [...groups.values()];
}

export default defineCheck({
  id: 'GT209',
  name: 'slow-filesystem',
  family: 'paths',
  severity: 'warning',
  summary: 'GOMODCACHE, GOCACHE, GOPATH or the project live on a network or translated filesystem; with --measure, the measured small-file latency against local disk',
  fixable: false,
  run(facts, ctx) {
    const ref = facts.mounts.reference ?? null;
    const refMs = ref?.perFileMs ?? null;
    const measuredOf = (locs: LocationFact[]): LatencyFact | null => locs.find((l) => l.latency?.perFileMs != null)?.latency ?? null;
    const ratioOf = (lat: LatencyFact | null) => (lat?.perFileMs != null && refMs ? lat.perFileMs / refMs : null);
    const measuredText = (lat: LatencyFact | null) => {
      if (!lat || lat.perFileMs == null) return '';
      const ratio = ratioOf(lat);
      return ` Measured (--measure, ${lat.files} files of 4 KiB created, stat'ed, read and removed): ${fmt(lat.perFileMs)} ms per file${ratio !== null ? `, ${ratio.toFixed(1)}× the local disk (${ref!.fsType ?? '?'} at ${ref!.mountPoint ?? ref!.dir}: ${fmt(refMs!)} ms)` : ''}.`;
    };
    const measuredData = (lat: LatencyFact | null) => (lat?.perFileMs != null ? { measuredMs: lat.perFileMs, referenceMs: refMs, ratio: ratioOf(lat) } : {});

    const relevant = facts.mounts.locations.filter((l) => ROLES.has(l.role) && l.fsType);
    for (const locs of groupByMount(relevant.filter((l) => l.fsType! in SLOW_FILESYSTEMS))) {
      const first = locs[0]!;
      const kind = SLOW_FILESYSTEMS[first.fsType!]!;
      const roles = [...new Set(locs.map((l) => l.role))];
      const cachesThere = roles.filter((r) => CACHE_ROLES.has(r));
      const list = locs.map((l) => `${l.role} (${l.path})`).join(', ');
      const lat = measuredOf(locs);
      const ratio = ratioOf(lat);
      const fastHere = ratio !== null && ratio < FAST_RATIO;
      ctx.report({
        severity: cachesThere.length && !fastHere ? 'warning' : 'info',
        message: `${list} ${locs.length > 1 ? 'are' : 'is'} on ${first.fsType} — ${kind}${first.mountPoint ? `, mounted at ${first.mountPoint}${first.mountSource ? ` from ${first.mountSource}` : ''}` : ''}. ${fastHere
          ? 'The go command creates, locks, renames and stats many small files; on this machine the share answers about as fast as the local disk, so the type alone is not a problem here.'
          : `The go command creates, locks, renames and stats many small files; each of those is slow there${cachesThere.length ? ', so downloads, extraction and cached builds are many times slower than on a local disk' : ''}.`}${measuredText(lat)}`,
        found: `${first.fsType} at ${first.mountPoint ?? first.path}${lat?.perFileMs != null ? ` (${fmt(lat.perFileMs)} ms per small file)` : ''}`,
        expected: `the module and build caches on a local disk${refMs !== null ? ` (${fmt(refMs)} ms per small file here)` : ''}`,
        source: locs.map((l) => ({ kind: 'filesystem' as const, file: l.path, description: `${l.role} ${l.path} on ${l.fsType}${l.mountPoint ? ` (${l.mountPoint})` : ''}` })),
        hint: cachesThere.length
          ? 'Put the caches on a local disk: `go env -w GOMODCACHE=/local/path/mod GOCACHE=/local/path/build` (in containers, a named volume instead of a bind mount). The project itself may stay on the share.'
          : 'Builds read every source file through this share; if they are slow, work in a clone on a local disk (in WSL, under the Linux home rather than /mnt/c; in Docker Desktop, a named volume).',
        data: { fsType: first.fsType, mountPoint: first.mountPoint, roles, ...measuredData(lat) },
      });
    }

    // Measured slow although the type looks local: a failing disk, an encrypted or FUSE layer, a throttled volume.
    if (refMs === null) return;
    const others = relevant.filter((l) => !(l.fsType! in SLOW_FILESYSTEMS) && l.latency?.perFileMs != null);
    for (const locs of groupByMount(others)) {
      const first = locs[0]!;
      const lat = measuredOf(locs)!;
      const ratio = ratioOf(lat)!;
      if (ratio < SLOW_RATIO || lat.perFileMs! < SLOW_MIN_MS) continue;
      const roles = [...new Set(locs.map((l) => l.role))];
      const cachesThere = roles.some((r) => CACHE_ROLES.has(r));
      ctx.report({
        severity: cachesThere ? 'warning' : 'info',
        message: `${locs.map((l) => `${l.role} (${l.path})`).join(', ')} ${locs.length > 1 ? 'are' : 'is'} on ${first.fsType}${first.mountPoint ? ` at ${first.mountPoint}` : ''}, a local filesystem type, but measured ${ratio.toFixed(1)}× slower than the local disk for small files: the go command's extraction and cached builds will be slow there.${measuredText(lat)}`,
        found: `${fmt(lat.perFileMs!)} ms per small file on ${first.fsType} at ${first.mountPoint ?? first.path}`,
        expected: `close to the local disk's ${fmt(refMs)} ms`,
        source: locs.map((l) => ({ kind: 'filesystem' as const, file: l.path, description: `${l.role} ${l.path} on ${l.fsType}${l.mountPoint ? ` (${l.mountPoint})` : ''}` })),
        hint: 'Find out why this volume is slow (a throttled cloud disk, encryption or FUSE layer, a failing drive), or move the caches to a faster disk with `go env -w GOMODCACHE=... GOCACHE=...`.',
        data: { fsType: first.fsType, mountPoint: first.mountPoint, roles, ...measuredData(lat) },
      });
    }
  },
});

import check from '../../../src/checks/paths/GT209-slow-filesystem.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, location, HOME } from '../../helpers/facts.ts';
import type { FactsSnapshot, LatencyFact, LocationFact } from '../../../src/facts/types.ts';

const nfs = { fsType: 'nfs4', mountPoint: '/home', mountSource: 'fileserver:/export/home' } satisfies Partial<LocationFact>;
const withLocations = (locs: LocationFact[]) => () => { const f = makeFacts(); f.mounts.locations = locs; return f; };

const lat = (dir: string, perFileMs: number): LatencyFact => ({ dir, files: 200, perFileMs, createMs: perFileMs / 2, statMs: perFileMs / 8, readMs: perFileMs / 4, removeMs: perFileMs / 8, error: null });
const REF = { ...lat('/var/tmp', 0.08), fsType: 'ext4', mountPoint: '/' };
/** Facts as `doctor --measure` leaves them: latencies on the locations and a local-disk reference. */
const measured = (locs: LocationFact[], reference: FactsSnapshot['mounts']['reference'] = REF) => () => {
  const f = makeFacts();
  f.mounts.locations = locs;
  f.mounts.reference = reference;
  return f;
};

checkCases(check, {
  fires: [
    { name: 'caches on an NFS home: one finding per mount', count: 1, severity: 'warning', message: [/GOPATH \(\/home\/gopher\/go\), GOMODCACHE .* are on nfs4/, /fileserver:\/export\/home/],
      facts: withLocations([location('GOPATH', `${HOME}/go`, nfs), location('GOMODCACHE', `${HOME}/go/pkg/mod`, nfs), location('GOCACHE', `${HOME}/.cache/go-build`, nfs)]) },
    { name: 'only the project on a Docker Desktop bind mount: info', count: 1, severity: 'info', message: /Docker Desktop/,
      facts: withLocations([location('project', '/src', { fsType: 'fakeowner', mountPoint: '/src' }), location('GOMODCACHE', '/go/pkg/mod')]) },
    { name: 'WSL2 9p and a VirtualBox share: two findings', count: 2,
      facts: withLocations([location('GOMODCACHE', '/mnt/c/go/pkg/mod', { fsType: '9p', mountPoint: '/mnt/c' }), location('GOCACHE', '/media/sf_x/cache', { fsType: 'vboxsf', mountPoint: '/media/sf_x' })]) },
    { name: 'macOS snapshot: cache on SMB', count: 1, facts: withLocations([location('GOCACHE', '/Volumes/share/cache', { fsType: 'smbfs', mountPoint: '/Volumes/share' })]) },
    { name: '--measure: the NFS cache measured 30x slower than the local disk, with the figures', count: 1, severity: 'warning',
      message: [/are on nfs4/, /Measured \(--measure, 200 files of 4 KiB created, stat'ed, read and removed\): 2\.4 ms per file, 30\.0× the local disk \(ext4 at \/: 0\.08 ms\)/],
      facts: measured([location('GOPATH', `${HOME}/go`, { ...nfs, latency: lat(`${HOME}/go`, 2.4) }), location('GOMODCACHE', `${HOME}/go/pkg/mod`, { ...nfs, latency: lat(`${HOME}/go`, 2.4) })]) },
    { name: '--measure: a fast NFS share (1.5x the local disk) is information only', count: 1, severity: 'info',
      message: [/about as fast as the local disk/, /1\.5× the local disk/],
      facts: measured([location('GOMODCACHE', `${HOME}/go/pkg/mod`, { ...nfs, latency: lat(`${HOME}/go/pkg/mod`, 0.12) })]) },
    { name: '--measure: an ext4 cache volume measured 25x slower is reported although its type is local', count: 1, severity: 'warning',
      message: [/GOCACHE \(\/data\/cache\) is on ext4 at \/data, a local filesystem type, but measured 25\.0× slower/],
      facts: measured([location('GOCACHE', '/data/cache', { fsType: 'ext4', mountPoint: '/data', latency: lat('/data/cache', 2) })]) },
    { name: '--measure without a local disk to compare: the NFS finding still gives the measured time', count: 1, severity: 'warning',
      message: [/Measured .*: 3\.0 ms per file\./],
      facts: measured([location('GOMODCACHE', `${HOME}/go/pkg/mod`, { ...nfs, latency: lat(`${HOME}/go/pkg/mod`, 3) })], null) },
  ],
  quiet: [
    { name: 'local ext4', facts: makeFacts() },
    { name: 'GOROOT on NFS is not this check', facts: withLocations([location('GOROOT', '/usr/local/go', nfs)]) },
    { name: 'no mount data (macOS gatherer)', facts: () => { const f = makeFacts(); f.mounts = { available: false, source: null, locations: [] }; return f; } },
    { name: '--measure: a local disk 3x slower than the reference is within reason', facts: measured([location('GOCACHE', '/data/cache', { fsType: 'xfs', mountPoint: '/data', latency: lat('/data/cache', 0.24) })]) },
    { name: '--measure: 10x slower but only 0.3 ms per file is not worth a finding', facts: measured([location('GOCACHE', '/data/cache', { fsType: 'xfs', mountPoint: '/data', latency: lat('/data/cache', 0.3) })], { ...REF, perFileMs: 0.03 }) },
    { name: '--measure: a location whose measurement failed', facts: measured([location('GOCACHE', '/data/cache', { fsType: 'ext4', mountPoint: '/data', latency: { ...lat('/data/cache', 0), perFileMs: null, error: 'EACCES: open failed' } })]) },
  ],
});

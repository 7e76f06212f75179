import check from '../../../src/checks/paths/GT209-slow-filesystem.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, location, HOME } from '../../helpers/facts.ts';
import type { LocationFact } from '../../../src/facts/types.ts';

const nfs = { fsType: 'nfs4', mountPoint: '/home', mountSource: 'fileserver:/export/home' } satisfies Partial<LocationFact>;
const withLocations = (locs: LocationFact[]) => () => { const f = makeFacts(); f.mounts.locations = locs; return f; };

checkCases(check, {
  fires: [
    { name: 'caches on an NFS home: one finding per mount', count: 1, severity: 'warning', message: [/GOPATH \(\/home\/gopher\/go\), GOMODCACHE .* are on nfs4/, /fileserver:\/export\/home/],
      facts: withLocations([location('GOPATH', `${HOME}/go`, nfs), location('GOMODCACHE', `${HOME}/go/pkg/mod`, nfs), location('GOCACHE', `${HOME}/.cache/go-build`, nfs)]) },
    { name: 'only the project on a Docker Desktop bind mount: info', count: 1, severity: 'info', message: /Docker Desktop/,
      facts: withLocations([location('project', '/src', { fsType: 'fakeowner', mountPoint: '/src' }), location('GOMODCACHE', '/go/pkg/mod')]) },
    { name: 'WSL2 9p and a VirtualBox share: two findings', count: 2,
      facts: withLocations([location('GOMODCACHE', '/mnt/c/go/pkg/mod', { fsType: '9p', mountPoint: '/mnt/c' }), location('GOCACHE', '/media/sf_x/cache', { fsType: 'vboxsf', mountPoint: '/media/sf_x' })]) },
    { name: 'macOS snapshot: cache on SMB', count: 1, facts: withLocations([location('GOCACHE', '/Volumes/share/cache', { fsType: 'smbfs', mountPoint: '/Volumes/share' })]) },
  ],
  quiet: [
    { name: 'local ext4', facts: makeFacts() },
    { name: 'GOROOT on NFS is not this check', facts: withLocations([location('GOROOT', '/usr/local/go', nfs)]) },
    { name: 'no mount data (macOS gatherer)', facts: () => { const f = makeFacts(); f.mounts = { available: false, source: null, locations: [] }; return f; } },
  ],
});

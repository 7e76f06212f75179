import check from '../../../src/checks/paths/GT211-volatile-cache.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, location, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'GOCACHE on tmpfs', count: 1, severity: 'warning', message: /GOCACHE \/dev\/shm\/go-build is on tmpfs \(\/dev\/shm\), held in memory/,
      facts: () => { const f = withSetting(makeFacts(), 'GOCACHE', '/dev/shm/go-build', 'env'); f.mounts.locations = [location('GOCACHE', '/dev/shm/go-build', { fsType: 'tmpfs', mountPoint: '/dev/shm', volatile: true })]; return f; } },
    { name: 'GOMODCACHE under a /tmp wiped at boot', count: 1, message: /empties at boot/,
      facts: () => { const f = withSetting(makeFacts(), 'GOMODCACHE', '/tmp/mod', 'env-file'); f.mounts.locations = [location('GOMODCACHE', '/tmp/mod', { volatile: true })]; return f; } },
    { name: 'GOMODCACHE follows an explicit GOPATH under /tmp: the hint names GOPATH', count: 1,
      facts: () => { const f = withSetting(makeFacts(), 'GOPATH', '/tmp/gp', 'env'); f.settings['GOMODCACHE']!.value = '/tmp/gp/pkg/mod'; f.mounts.locations = [location('GOMODCACHE', '/tmp/gp/pkg/mod', { volatile: true })]; return f; },
      assert: ([f]) => { if (!/follows GOPATH, which is set to \/tmp\/gp/.test(f!.hint!)) throw new Error(f!.hint!); } },
    { name: 'default GOCACHE volatile because XDG_CACHE_HOME points into /tmp', count: 1,
      facts: () => { const f = makeFacts({ env: { XDG_CACHE_HOME: '/tmp/xdg' } }); f.settings['GOCACHE']!.value = '/tmp/xdg/go-build'; f.mounts.locations = [location('GOCACHE', '/tmp/xdg/go-build', { volatile: true })]; return f; },
      assert: ([f]) => { if (!/XDG_CACHE_HOME \(\/tmp\/xdg\)/.test(f!.hint!)) throw new Error(f!.hint!); } },
    { name: 'in CI: info', count: 1, severity: 'info',
      facts: () => { const f = withSetting(makeFacts({ env: { CI: 'true' } }), 'GOCACHE', '/tmp/c', 'env'); f.mounts.locations = [location('GOCACHE', '/tmp/c', { fsType: 'tmpfs' })]; return f; } },
    { name: 'macOS snapshot without mount data: /var/folders/…/T', count: 1, message: /macOS empties/,
      facts: () => { const f = withSetting(makeFacts({ platform: { os: 'darwin' } }), 'GOCACHE', '/var/folders/xy/abc123/T/go-build', 'env'); f.mounts = { available: false, source: null, locations: [] }; return f; } },
  ],
  quiet: [
    { name: 'persistent disk', facts: makeFacts() },
    { name: 'GOROOT on tmpfs is not a cache', facts: () => { const f = makeFacts(); f.mounts.locations = [location('GOROOT', '/usr/local/go', { fsType: 'tmpfs' })]; return f; } },
    { name: 'GOCACHE=off is GT212', facts: withSetting(makeFacts(), 'GOCACHE', 'off', 'env') },
  ],
});

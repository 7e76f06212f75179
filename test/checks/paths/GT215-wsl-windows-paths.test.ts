import check from '../../../src/checks/paths/GT215-wsl-windows-paths.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, goBinary, withSetting } from '../../helpers/facts.ts';

const wsl2 = { platform: { wsl: { version: 2 as const, distro: 'Ubuntu' } } };

checkCases(check, {
  fires: [
    { name: 'go.exe under /mnt/c wins on PATH', count: 1, severity: 'warning', message: /Windows executable: \/mnt\/c\/Program Files\/Go\/bin\/go\.exe/,
      facts: () => { const f = makeFacts(wsl2); f.goBinaries = [goBinary('/mnt/c/Program Files/Go/bin/go.exe', { kind: 'windows-exe' })]; return f; } },
    { name: 'a "go" symlink to go.exe', count: 1, message: /→ \/mnt\/c\/Go\/bin\/go\.exe/,
      facts: () => { const f = makeFacts(wsl2); f.goBinaries = [goBinary('/home/gopher/bin/go', { realPath: '/mnt/c/Go/bin/go.exe', kind: 'windows-exe' })]; return f; } },
    { name: 'GOPATH and the project under /mnt/c', count: 1, message: [/GOPATH \(\/mnt\/c\/Users\/gopher\/go\), project \(\/mnt\/c\/src\/app\)/, /9p/],
      facts: () => { const f = withSetting(makeFacts(wsl2), 'GOPATH', '/mnt/c/Users/gopher/go', 'env'); f.project.dir = '/mnt/c/src/app'; return f; } },
    { name: 'WSL1: GOMODCACHE on drvfs', count: 1, message: /drvfs/,
      facts: withSetting(makeFacts({ platform: { wsl: { version: 1, distro: null } } }), 'GOMODCACHE', '/mnt/d/gomod', 'env') },
  ],
  quiet: [
    { name: 'WSL with Linux go and paths', facts: makeFacts(wsl2) },
    { name: 'plain Linux with a /mnt/c directory is not WSL', facts: withSetting(makeFacts(), 'GOPATH', '/mnt/c/go', 'env') },
    { name: '/mnt/data is not a drive letter', facts: withSetting(makeFacts(wsl2), 'GOPATH', '/mnt/data/go', 'env') },
  ],
});

import check from '../../../src/checks/paths/GT204-gopath-goroot-overlap.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting, location, GOROOT } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'GOPATH equals GOROOT: both go versions\' warnings quoted', count: 1, severity: 'warning',
      message: [/both GOPATH and GOROOT are the same directory \(\/usr\/local\/go\/\)/, /GOPATH set to GOROOT \(\/usr\/local\/go\/\) has no effect/, /\/usr\/local\/go\/pkg\/mod,/],
      facts: withSetting(makeFacts(), 'GOPATH', `${GOROOT}/`, 'env') },
    { name: 'GOPATH inside GOROOT', count: 1, message: /lies inside GOROOT/, facts: withSetting(makeFacts(), 'GOPATH', `${GOROOT}/gopath`, 'env') },
    { name: 'GOROOT inside GOPATH (second entry)', count: 1, message: /GOROOT \/usr\/local\/go lies inside GOPATH entry \/usr\/local/,
      facts: withSetting(makeFacts(), 'GOPATH', '/home/gopher/go:/usr/local', 'env') },
    { name: 'same tree through a symlink', count: 1, message: /after resolving symlinks/,
      facts: () => {
        const f = withSetting(makeFacts(), 'GOPATH', '/opt/go', 'env');
        f.mounts.locations = [location('GOROOT', GOROOT, { realPath: '/opt/go1.26.8' }), location('GOPATH', '/opt/go', { realPath: '/opt/go1.26.8' })];
        return f;
      } },
    { name: 'Windows: case-insensitive match', count: 1,
      facts: () => { const f = withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOPATH', 'c:\\go', 'env'); f.settings['GOROOT']!.value = 'C:\\Go\\'; return f; } },
  ],
  quiet: [
    { name: 'default layout', facts: makeFacts() },
    { name: 'sibling with a common prefix', facts: withSetting(makeFacts(), 'GOPATH', '/usr/local/gopath', 'env') },
  ],
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/toolchain/GT102-go-shadowed.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { goBinary, makeFacts } from '../../helpers/facts.ts';

const main = goBinary('/usr/local/go/bin/go', { pathIndex: 0 });
const old = goBinary('/usr/lib/go-1.19/bin/go', { pathIndex: 1, version: 'go1.19.8', manager: 'distro' });

checkCases(check, {
  fires: [
    {
      name: 'two releases on PATH: the first wins', count: 1, severity: 'warning',
      message: /\/usr\/local\/go\/bin\/go \(go1\.26\.8\) wins, \/usr\/lib\/go-1\.19\/bin\/go \(go1\.19\.8\) is never run/,
      facts: makeFacts({ goBinaries: [main, old] }),
      assert: ([f]) => {
        assert.deepEqual(f!.data, { winner: '/usr/local/go/bin/go', shadowed: ['/usr/lib/go-1.19/bin/go'] });
        assert.equal((f!.source as { kind: string }[]).length, 2);
      },
    },
    {
      name: 'the old one first: it wins', count: 1, message: /\/usr\/lib\/go-1\.19\/bin\/go \(go1\.19\.8\) wins/,
      facts: makeFacts({ goBinaries: [{ ...old, pathIndex: 0 }, { ...main, pathIndex: 1 }] }),
    },
    {
      name: 'same release in two trees is info', count: 1, severity: 'info',
      facts: makeFacts({ goBinaries: [main, goBinary('/home/gopher/sdk/go1.26.8/bin/go', { pathIndex: 3, manager: 'golang-dl' })] }),
    },
    {
      name: 'macOS: Homebrew go shadows the official installer', count: 1, message: /\/opt\/homebrew\/bin\/go \(go1\.25\.1\) wins/,
      facts: makeFacts({ platform: { os: 'darwin' }, goBinaries: [
        goBinary('/opt/homebrew/bin/go', { version: 'go1.25.1', realPath: '/opt/homebrew/Cellar/go/1.25.1/libexec/bin/go', root: '/opt/homebrew/Cellar/go/1.25.1/libexec', symlinkChain: ['/opt/homebrew/Cellar/go/1.25.1/bin/go'], manager: 'homebrew' }),
        { ...main, pathIndex: 4 },
      ] }),
    },
    {
      name: 'an asdf shim with unknown version before the real go', count: 1, message: /version unknown/,
      facts: makeFacts({ goBinaries: [goBinary('/home/gopher/.asdf/shims/go', { kind: 'shim', version: null, root: null, manager: 'asdf' }), { ...main, pathIndex: 2 }] }),
    },
    {
      name: 'Windows: two go.exe', count: 1, message: /C:\\Go\\bin\\go\.exe \(go1\.20\.14\) wins/,
      facts: makeFacts({ platform: { os: 'windows', listSeparator: ';' }, goBinaries: [
        goBinary('C:\\Go\\bin\\go.exe', { version: 'go1.20.14', root: 'C:\\Go', kind: 'windows-exe' }),
        goBinary('C:\\Program Files\\Go\\bin\\go.exe', { pathIndex: 2, root: 'C:\\Program Files\\Go', kind: 'windows-exe' }),
      ] }),
    },
  ],
  quiet: [
    { name: 'one go', facts: makeFacts() },
    { name: '/usr/bin/go is a link to the same binary', facts: makeFacts({ goBinaries: [
      goBinary('/usr/bin/go', { realPath: '/usr/lib/go-1.19/bin/go', root: '/usr/lib/go-1.19', version: 'go1.19.8', symlinkChain: ['/usr/lib/go-1.19/bin/go'] }),
      { ...old, pathIndex: 3 },
    ] }) },
    { name: 'a second go that is not executable does not shadow anything', facts: makeFacts({ goBinaries: [main, { ...old, executable: false }] }) },
    { name: 'Windows paths differing only in case are one go', facts: makeFacts({ platform: { os: 'windows', listSeparator: ';' }, goBinaries: [
      goBinary('C:\\Program Files\\Go\\bin\\go.exe', { root: 'C:\\Program Files\\Go' }),
      goBinary('c:\\program files\\go\\bin\\go.exe', { pathIndex: 3, root: 'c:\\program files\\go' }),
    ] }) },
  ],
});

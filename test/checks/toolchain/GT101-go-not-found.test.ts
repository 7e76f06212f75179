import assert from 'node:assert/strict';
import check from '../../../src/checks/toolchain/GT101-go-not-found.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { goBinary, makeFacts } from '../../helpers/facts.ts';

const noGo = { goBinaries: [], goEnv: { binary: null, ok: false, error: 'no go executable on PATH', values: {} } };

checkCases(check, {
  fires: [
    {
      name: 'no go on PATH, trees elsewhere (newest first, module cache last)', count: 1, severity: 'error',
      message: [/No `go` executable on PATH/, /\/usr\/local\/go \(go1\.26\.8; official installer\)/, /\/home\/gopher\/sdk\/go1\.27\.4/],
      facts: makeFacts({ ...noGo, goTrees: [
        { root: '/home/gopher/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.4.linux-amd64', version: 'go1.27.4', origin: 'module-cache' },
        { root: '/usr/lib/go-1.19', version: 'go1.19.8', origin: 'distro' },
        { root: '/usr/local/go', version: 'go1.26.8', origin: 'official' },
        { root: '/home/gopher/sdk/go1.27.4', version: 'go1.27.4', origin: 'golang-dl' },
      ] }),
      assert: ([f]) => {
        assert.match(f!.hint!, /export PATH="\/home\/gopher\/sdk\/go1\.27\.4\/bin:\$PATH"/);
        assert.ok(f!.message.indexOf('/usr/lib/go-1.19') < f!.message.indexOf('toolchain@'), 'downloaded toolchains are listed last');
      },
    },
    {
      name: 'a go on PATH that cannot run', count: 1, message: /\/opt\/go\/bin\/go is on PATH but cannot run \(not executable\)/,
      facts: makeFacts({ ...noGo, goBinaries: [goBinary('/opt/go/bin/go', { executable: false })] }),
    },
    {
      name: 'nothing installed anywhere', count: 1, message: /No Go installation was found/,
      facts: makeFacts({ ...noGo, goTrees: [] }),
      assert: ([f]) => assert.match(f!.hint!, /go\.dev\/dl/),
    },
    {
      name: 'Windows: tree under Program Files, `;` separator', count: 1, message: /C:\\Program Files\\Go/,
      facts: makeFacts({ ...noGo, platform: { os: 'windows', listSeparator: ';' }, goTrees: [{ root: 'C:\\Program Files\\Go', version: 'go1.26.8', origin: 'official' }] }),
      assert: ([f]) => assert.match(f!.hint!, /C:\\Program Files\\Go\\bin;\$PATH/),
    },
    {
      name: 'pathological PATH cut at the bound is mentioned', count: 1, message: /only the first 4096 were searched/,
      facts: makeFacts({ ...noGo, path: { examined: 4096, truncated: true } }),
    },
  ],
  quiet: [
    { name: 'healthy Linux', facts: makeFacts() },
    { name: 'macOS Homebrew go', facts: makeFacts({ platform: { os: 'darwin' }, goBinaries: [goBinary('/opt/homebrew/bin/go', { realPath: '/opt/homebrew/Cellar/go/1.26.8/libexec/bin/go', root: '/opt/homebrew/Cellar/go/1.26.8/libexec', manager: 'homebrew' })] }) },
    { name: 'WSL running the Windows go.exe', facts: makeFacts({ platform: { wsl: { version: 2, distro: 'Ubuntu' } }, goBinaries: [goBinary('/mnt/c/Program Files/Go/bin/go.exe', { kind: 'windows-exe' })] }) },
  ],
});

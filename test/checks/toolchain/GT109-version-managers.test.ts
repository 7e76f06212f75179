import assert from 'node:assert/strict';
import check from '../../../src/checks/toolchain/GT109-version-managers.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { HOME, goBinary, makeFacts } from '../../helpers/facts.ts';
import type { VersionManagerFacts } from '../../../src/facts/types.ts';

const asdf = (extra: Partial<VersionManagerFacts> = {}): VersionManagerFacts => ({
  name: 'asdf', root: `${HOME}/.asdf`, versions: [{ version: '1.27.4', root: `${HOME}/.asdf/installs/golang/1.27.4/go`, exists: true }],
  active: true, shimDir: `${HOME}/.asdf/shims`, selected: { version: '1.27.4', file: `${HOME}/src/app/.tool-versions`, installed: true },
  evidence: [`shim dir ${HOME}/.asdf/shims is PATH entry 0`], ...extra,
});
const mise = (extra: Partial<VersionManagerFacts> = {}): VersionManagerFacts => ({
  name: 'mise', root: `${HOME}/.local/share/mise`, versions: [{ version: '1.26.8', root: `${HOME}/.local/share/mise/installs/go/1.26.8`, exists: true }],
  active: true, shimDir: `${HOME}/.local/share/mise/shims`, selected: null, evidence: [`init line ${HOME}/.zshrc:4: eval "$(mise activate zsh)"`], ...extra,
});
const distro: VersionManagerFacts = { name: 'distro', root: '/usr/lib', versions: [{ version: 'go1.19.8', root: '/usr/lib/go-1.19', exists: true }], active: false, shimDir: null, selected: null, evidence: [] };
const asdfShim = goBinary(`${HOME}/.asdf/shims/go`, { kind: 'shim', root: null, version: 'go1.27.4', versionSource: 'go-version', manager: 'asdf' });

checkCases(check, {
  fires: [
    { name: 'distro package only: one info line', count: 1, severity: 'info', message: /distribution packages \(\/usr\/lib\): go1\.19\.8; not on PATH\./, facts: makeFacts({ versionManagers: [distro] }) },
    {
      name: 'asdf shim wins: info only', count: 1, severity: 'info', message: /asdf \(\/home\/gopher\/\.asdf\): 1\.27\.4; active; selects 1\.27\.4 \(\/home\/gopher\/src\/app\/\.tool-versions\)/,
      facts: makeFacts({ versionManagers: [asdf()], goBinaries: [asdfShim], goEnv: { binary: asdfShim.path } }),
    },
    {
      name: 'asdf active but /usr/local/go comes first on PATH', count: 2,
      message: /asdf is set up \(shim dir \/home\/gopher\/\.asdf\/shims is PATH entry 0\), but `go` on PATH is \/usr\/local\/go\/bin\/go \(go1\.26\.8\), not asdf's, so the 1\.27\.4 it selects in \/home\/gopher\/src\/app\/\.tool-versions is ignored/,
      facts: makeFacts({ versionManagers: [asdf()] }),
      assert: (fs) => assert.deepEqual(fs.map((f) => f.severity), ['info', 'warning']),
    },
    {
      name: 'asdf and mise both active', message: /2 version managers are active at once: asdf .*; mise/,
      facts: makeFacts({ versionManagers: [asdf(), mise()], goBinaries: [asdfShim], goEnv: { binary: asdfShim.path } }),
      assert: (fs) => assert.deepEqual(fs.map((f) => f.severity), ['info', 'info', 'warning', 'warning']),
    },
    {
      name: 'the selected version is not installed', message: /asdf selects Go 1\.22\.1 \(from \/home\/gopher\/src\/app\/\.tool-versions\), which is not installed/,
      facts: makeFacts({ versionManagers: [asdf({ selected: { version: '1.22.1', file: `${HOME}/src/app/.tool-versions`, installed: false } })], goBinaries: [{ ...asdfShim, version: null, error: '`go version` failed (exit 126): No preset version installed for command go' }], goEnv: { binary: asdfShim.path } }),
      assert: (fs) => {
        const w = fs.find((f) => f.severity === 'warning')!;
        assert.match(w.hint!, /asdf install golang 1\.22\.1/);
        assert.match(w.message, /No preset version installed for command go/);
      },
    },
    {
      name: 'init line in a startup file only (shell facts) counts as active', message: /goenv is set up \(init line/,
      facts: makeFacts({
        versionManagers: [{ name: 'goenv', root: `${HOME}/.goenv`, versions: [], active: false, shimDir: `${HOME}/.goenv/shims`, selected: null, evidence: [] }],
        shellStartup: { initLines: [{ file: `${HOME}/.bashrc`, line: 20, text: 'eval "$(goenv init -)"' }] },
      }),
    },
    {
      name: 'macOS: Homebrew listed as an install', count: 1, severity: 'info', message: /Homebrew \(\/opt\/homebrew\): 1\.26\.8; on PATH/,
      facts: makeFacts({ platform: { os: 'darwin' }, versionManagers: [{ name: 'homebrew', root: '/opt/homebrew', versions: [{ version: '1.26.8', root: '/opt/homebrew/Cellar/go/1.26.8/libexec', exists: true }], active: true, shimDir: '/opt/homebrew/bin', selected: { version: '1.26.8', file: '/opt/homebrew/bin/go', installed: true }, evidence: ['/opt/homebrew/bin/go is on PATH (entry 0)'] }] }),
    },
    {
      name: 'Windows: golang.org/dl downloads under %USERPROFILE%\\sdk', count: 1, message: /golang\.org\/dl/,
      facts: makeFacts({ platform: { os: 'windows', listSeparator: ';' }, versionManagers: [{ name: 'golang-dl', root: 'C:\\Users\\gopher\\sdk', versions: [{ version: 'go1.27.4', root: 'C:\\Users\\gopher\\sdk\\go1.27.4', exists: true }], active: false, shimDir: null, selected: null, evidence: [] }] }),
    },
  ],
  quiet: [
    { name: 'no managers', facts: makeFacts() },
  ],
});

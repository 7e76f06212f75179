import assert from 'node:assert/strict';
import check from '../../../src/checks/toolchain/GT104-goroot-mismatch.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { goBinary, makeFacts, withSetting } from '../../helpers/facts.ts';
import type { FactsSnapshot, GorootFacts } from '../../../src/facts/types.ts';

function tree(path: string, version: string | null, extra: Partial<GorootFacts> = {}): GorootFacts {
  return { path, exists: true, isDir: true, hasToolDir: true, hasRuntime: true, hasGoBinary: true, version, moduleCacheToolchain: false, error: null, ...extra };
}

function gorootEnv(f: FactsSnapshot, path: string, version: string | null, extra: Partial<GorootFacts> = {}): FactsSnapshot {
  withSetting(f, 'GOROOT', path, 'env');
  f.goroot = tree(path, version, extra);
  return f;
}

checkCases(check, {
  fires: [
    {
      name: 'GOROOT=/usr/lib/go-1.19 under the 1.26 binary', count: 1, severity: 'error',
      message: [/\/usr\/local\/go\/bin\/go is go1\.26\.8, but the GOROOT it uses \(\/usr\/lib\/go-1\.19, set in process environment/, /compile: version "go1\.19\.8" does not match go tool version "go1\.26\.8"/],
      facts: () => gorootEnv(makeFacts(), '/usr/lib/go-1.19', 'go1.19.8'),
      assert: ([f]) => assert.match(f!.hint!, /go env -u GOROOT/),
    },
    {
      name: 'the other way round: the 1.19 binary with the 1.26 tree (go env failed, build info gives the version)', count: 1,
      message: /compile: version "go1\.26\.8" does not match go tool version "go1\.19\.8"/,
      facts: () => gorootEnv(makeFacts({
        goBinaries: [goBinary('/usr/lib/go-1.19/bin/go', { version: 'go1.19.8', builtWith: 'go1.19.8' })],
        goEnv: { binary: '/usr/lib/go-1.19/bin/go', ok: false, values: { GOVERSION: '' } },
      }), '/usr/local/go', 'go1.26.8'),
    },
    {
      name: 'GOROOT set in the go env -w file', count: 1, message: /set in \/home\/gopher\/\.config\/go\/env:1/,
      facts: () => { const f = withSetting(makeFacts(), 'GOROOT', '/opt/go1.25', 'env-file'); f.goroot = tree('/opt/go1.25', 'go1.25.9'); return f; },
    },
    {
      name: 'a copied go binary outside its GOROOT, same release: warning', count: 1, severity: 'warning', message: /lives outside the GOROOT it uses \(\/usr\/local\/go, found by the go command\)/,
      facts: makeFacts({ goBinaries: [goBinary('/home/gopher/bin/go', { root: null, realPath: '/home/gopher/bin/go' })], goEnv: { binary: '/home/gopher/bin/go' } }),
    },
    {
      name: 'macOS: Homebrew tree with an official-installer GOROOT', count: 1, severity: 'error',
      facts: () => gorootEnv(makeFacts({
        platform: { os: 'darwin' },
        goBinaries: [goBinary('/opt/homebrew/bin/go', { realPath: '/opt/homebrew/Cellar/go/1.27.4/libexec/bin/go', root: '/opt/homebrew/Cellar/go/1.27.4/libexec', version: 'go1.27.4' })],
        goEnv: { binary: '/opt/homebrew/bin/go', values: { GOVERSION: 'go1.27.4' } },
      }), '/usr/local/go', 'go1.26.8'),
    },
  ],
  quiet: [
    { name: 'healthy', facts: makeFacts() },
    { name: 'GOROOT points at its own tree explicitly', facts: () => gorootEnv(makeFacts(), '/usr/local/go', 'go1.26.8') },
    { name: 'symlinked install (/usr/local/go -> /opt/go1.26.8)', facts: makeFacts({ goBinaries: [goBinary('/usr/local/go/bin/go', { realPath: '/opt/go1.26.8/bin/go', root: '/opt/go1.26.8' })] }) },
    { name: 'after a toolchain switch GOROOT is in the module cache', facts: makeFacts({
      goEnv: { values: { GOVERSION: 'go1.27.4', GOROOT: '/home/gopher/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.4.linux-amd64' } },
      goroot: tree('/home/gopher/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.4.linux-amd64', 'go1.27.4', { moduleCacheToolchain: true }),
    }) },
    { name: 'missing GOROOT is GT105', facts: () => gorootEnv(makeFacts(), '/opt/nope', null, { exists: false, isDir: false }) },
    { name: 'a shim is outside every tree by design', facts: makeFacts({ goBinaries: [goBinary('/home/gopher/.asdf/shims/go', { kind: 'shim', root: null, version: null })], goEnv: { binary: '/home/gopher/.asdf/shims/go' } }) },
    { name: 'Windows: same tree, different case', facts: makeFacts({
      platform: { os: 'windows', listSeparator: ';' },
      goBinaries: [goBinary('C:\\Program Files\\Go\\bin\\go.exe', { root: 'C:\\Program Files\\Go', kind: 'windows-exe' })],
      goEnv: { binary: 'C:\\Program Files\\Go\\bin\\go.exe' },
      goroot: tree('c:\\program files\\go', 'go1.26.8'),
    }) },
  ],
});

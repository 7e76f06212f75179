// Version managers from their on-disk layouts (fake trees; the managers themselves are never run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gatherGoTrees, gatherVersionManagers, miseTomlGoVersion, specInstalled, type VersionManagerOptions } from '../../src/facts/version-managers.ts';

function fakeTree(dir: string, version: string): void {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(dir, 'VERSION'), `${version}\ntime 2026-01-01T00:00:00Z\n`);
}
function write(p: string, text: string, mode?: number): void {
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text, mode !== undefined ? { mode } : undefined);
}

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'gotune-vm-'));
  const home = join(root, 'home');
  const sys = join(root, 'sys');
  const project = join(home, 'src', 'app');
  mkdirSync(project, { recursive: true });
  const opts = (extra: Partial<VersionManagerOptions> = {}): VersionManagerOptions => ({ home, os: 'linux', env: { HOME: home }, pathEntries: ['/usr/bin', '/bin'], projectDir: project, systemRoot: sys, ...extra });
  return { root, home, sys, project, opts, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

test('asdf: installs, shim dir on PATH, .tool-versions found upward, alias symlinks skipped', (t) => {
  const s = setup(); t.after(s.cleanup);
  fakeTree(join(s.home, '.asdf/installs/golang/1.27.4/go'), 'go1.27.4');
  fakeTree(join(s.home, '.asdf/installs/golang/1.26.8/go'), 'go1.26.8');
  symlinkSync(join(s.home, '.asdf/installs/golang/1.27.4'), join(s.home, '.asdf/installs/golang/latest'));
  write(join(s.home, '.asdf/shims/go'), '#!/bin/sh\n', 0o755);
  write(join(s.home, 'src/.tool-versions'), 'nodejs 20.1.0\ngolang 1.26.8 1.27.4 # two\n');
  const [m] = gatherVersionManagers(s.opts({ pathEntries: [join(s.home, '.asdf/shims/'), '/usr/bin'] }));
  assert.equal(m!.name, 'asdf');
  assert.deepEqual(m!.versions.map((v) => [v.version, v.exists]), [['1.26.8', true], ['1.27.4', true]]);
  assert.equal(m!.versions[0]!.root, join(s.home, '.asdf/installs/golang/1.26.8/go'));
  assert.equal(m!.active, true);
  assert.equal(m!.shimDir, join(s.home, '.asdf/shims'));
  assert.deepEqual(m!.selected, { version: '1.26.8', file: join(s.home, 'src/.tool-versions'), installed: true });
  assert.match(m!.evidence[0]!, /is PATH entry 0/);
});

test('asdf: ASDF_GOLANG_VERSION wins, and a missing version is reported as not installed', (t) => {
  const s = setup(); t.after(s.cleanup);
  fakeTree(join(s.home, '.asdf/installs/golang/1.27.4/go'), 'go1.27.4');
  write(join(s.home, '.bashrc'), '# . "$HOME/.asdf/asdf.sh" (old)\n. "$HOME/.asdf/asdf.sh"\n');
  const [m] = gatherVersionManagers(s.opts({ env: { HOME: s.home, ASDF_GOLANG_VERSION: '1.22.1' } }));
  assert.deepEqual(m!.selected, { version: '1.22.1', file: null, installed: false });
  assert.equal(m!.active, true);
  assert.deepEqual(m!.evidence, [`init line ${join(s.home, '.bashrc')}:2: . "$HOME/.asdf/asdf.sh"`]);
});

test('mise: TOML forms, mise activate in .zshrc, prefix versions', (t) => {
  const s = setup(); t.after(s.cleanup);
  fakeTree(join(s.home, '.local/share/mise/installs/go/1.26.8'), 'go1.26.8');
  symlinkSync(join(s.home, '.local/share/mise/installs/go/1.26.8'), join(s.home, '.local/share/mise/installs/go/1.26'));
  write(join(s.project, '.mise.toml'), '[env]\nGO = "x"\n[tools]\nnode = "20"\ngo = "1.26" # pinned\n');
  write(join(s.home, '.zshrc'), 'eval "$(mise activate zsh)"\n');
  const [m] = gatherVersionManagers(s.opts());
  assert.equal(m!.name, 'mise');
  assert.deepEqual(m!.versions.map((v) => v.version), ['1.26.8']);
  assert.deepEqual(m!.selected, { version: '1.26', file: join(s.project, '.mise.toml'), installed: true });
  assert.equal(m!.active, true);
  assert.equal(miseTomlGoVersion('[tools]\ngo = ["1.27.4", "1.26"]\n'), '1.27.4');
  assert.equal(miseTomlGoVersion('[tools]\ngo = { version = "1.25", os = ["linux"] }\n'), '1.25');
  assert.equal(miseTomlGoVersion('[tools]\n"go" = \'latest\'\n'), 'latest');
  assert.equal(miseTomlGoVersion('[settings]\ngo = "1.2"\n'), null);
});

test('goenv: .go-version, global version file, GOENV_VERSION', (t) => {
  const s = setup(); t.after(s.cleanup);
  fakeTree(join(s.home, '.goenv/versions/1.27.4'), 'go1.27.4');
  write(join(s.home, '.goenv/version'), '1.27.4\n');
  write(join(s.project, '.go-version'), '1.25.0\n');
  let [m] = gatherVersionManagers(s.opts({ pathEntries: [join(s.home, '.goenv/shims')] }));
  assert.deepEqual([m!.name, m!.active, m!.selected], ['goenv', true, { version: '1.25.0', file: join(s.project, '.go-version'), installed: false }]);
  [m] = gatherVersionManagers(s.opts({ env: { HOME: s.home, GOENV_VERSION: '1.27.4' } }));
  assert.deepEqual([m!.active, m!.selected], [false, { version: '1.27.4', file: null, installed: true }]);
});

test('gvm, SDKMAN, g, golang.org/dl', (t) => {
  const s = setup(); t.after(s.cleanup);
  fakeTree(join(s.home, '.gvm/gos/go1.24.13'), 'go1.24.13');
  write(join(s.home, '.gvm/environments/default'), 'export GOROOT; GOROOT="$GVM_ROOT/gos/go1.24.13"\n');
  fakeTree(join(s.home, '.sdkman/candidates/go/1.26.8'), 'go1.26.8');
  symlinkSync(join(s.home, '.sdkman/candidates/go/1.26.8'), join(s.home, '.sdkman/candidates/go/current'));
  write(join(s.home, '.bash_profile'), 'source "$HOME/.sdkman/bin/sdkman-init.sh"\n');
  fakeTree(join(s.home, '.g/versions/1.27.4/go'), 'go1.27.4');
  symlinkSync(join(s.home, '.g/versions/1.27.4/go'), join(s.home, '.g/go'));
  fakeTree(join(s.home, 'sdk/go1.27.4'), 'go1.27.4');
  mkdirSync(join(s.home, 'sdk/gotools'));
  const ms = gatherVersionManagers(s.opts({ pathEntries: [join(s.home, '.g/go/bin')] }));
  const by = Object.fromEntries(ms.map((m) => [m.name, m]));
  assert.deepEqual(Object.keys(by), ['gvm', 'sdkman', 'g', 'golang-dl']);
  assert.deepEqual(by['gvm']!.selected, { version: 'go1.24.13', file: join(s.home, '.gvm/environments/default'), installed: true });
  assert.deepEqual([by['sdkman']!.active, by['sdkman']!.selected?.version, by['sdkman']!.versions.map((v) => v.version)], [true, '1.26.8', ['1.26.8']]);
  assert.deepEqual([by['g']!.active, by['g']!.selected?.version], [true, '1.27.4']);
  assert.deepEqual([by['golang-dl']!.active, by['golang-dl']!.versions.map((v) => v.version)], [false, ['go1.27.4']]);
});

test('Homebrew and distro packages under a system root; go trees include the module cache', (t) => {
  const s = setup(); t.after(s.cleanup);
  fakeTree(join(s.sys, 'opt/homebrew/Cellar/go/1.27.4/libexec'), 'go1.27.4');
  fakeTree(join(s.sys, 'opt/homebrew/Cellar/go@1.25/1.25.14/libexec'), 'go1.25.14');
  mkdirSync(join(s.sys, 'opt/homebrew/bin'), { recursive: true });
  symlinkSync('../Cellar/go/1.27.4/libexec/bin/go', join(s.sys, 'opt/homebrew/bin/go'));
  fakeTree(join(s.sys, 'usr/lib/go-1.19'), 'go1.19.8');
  fakeTree(join(s.sys, 'usr/lib/go-1.22'), 'go1.22.2');
  symlinkSync('go-1.22', join(s.sys, 'usr/lib/go'));
  mkdirSync(join(s.sys, 'usr/bin'), { recursive: true });
  symlinkSync('../lib/go-1.22/bin/go', join(s.sys, 'usr/bin/go'));
  fakeTree(join(s.sys, 'usr/local/go'), 'go1.26.8');
  fakeTree(join(s.home, 'go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.4.linux-amd64'), 'go1.27.4');
  mkdirSync(join(s.home, 'go/pkg/mod/golang.org/x'), { recursive: true });
  const opts = s.opts({ pathEntries: [join(s.sys, 'opt/homebrew/bin'), join(s.sys, 'usr/bin')] });
  const ms = gatherVersionManagers(opts);
  const brew = ms.find((m) => m.name === 'homebrew')!;
  assert.deepEqual(brew.versions.map((v) => v.version), ['1.27.4', '1.25.14 (go@1.25)']);
  assert.deepEqual([brew.active, brew.selected?.version], [true, '1.27.4']);
  const distro = ms.find((m) => m.name === 'distro')!;
  assert.deepEqual(distro.versions.map((v) => v.version), ['go1.19.8', 'go1.22.2']);
  assert.deepEqual([distro.active, distro.selected?.version], [true, 'go1.22.2']);
  const trees = gatherGoTrees(opts, ms);
  assert.deepEqual(trees.map((t) => [t.version, t.origin]), [
    ['go1.26.8', 'official'], ['go1.27.4', 'homebrew'], ['go1.25.14', 'homebrew'], ['go1.19.8', 'distro'], ['go1.22.2', 'distro'], ['go1.27.4', 'module-cache'],
  ]);
});

test('a HOME that does not exist, and no HOME at all: nothing found, nothing thrown', () => {
  const opts: VersionManagerOptions = { home: '/nonexistent/home/gopher', os: 'linux', env: {}, pathEntries: ['', 'relative'], projectDir: '/nonexistent/project', systemRoot: '/nonexistent/sys' };
  assert.deepEqual(gatherVersionManagers(opts), []);
  assert.deepEqual(gatherGoTrees(opts, []), []);
  assert.deepEqual(gatherVersionManagers({ ...opts, home: null }), []);
});

test('specInstalled', () => {
  assert.equal(specInstalled('1.22', ['1.22.5']), true);
  assert.equal(specInstalled('1.2', ['1.22.5']), false);
  assert.equal(specInstalled('go1.22.5', ['1.22.5']), true);
  assert.equal(specInstalled('latest', []), false);
  assert.equal(specInstalled('system', []), true);
  assert.equal(specInstalled('prefix:1.27', ['1.27.4']), true);
});

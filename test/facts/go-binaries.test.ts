// Finding every go on PATH: symlinks, scripts that hang, files that cannot run, absurd PATHs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync, copyFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATH_ENTRY_LIMIT, gatherGoBinaries, gatherPath, inspectGoroot, managerOf, readGoRootVersion, resolveSymlinks, rootOfBinary } from '../../src/facts/go-binaries.ts';
import { GO_MAIN_ROOT, GO_OLD_ROOT, hasOldGo } from '../helpers/sandbox.ts';

const root = mkdtempSync(join(tmpdir(), 'gotune-gobin-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const dir = (name: string) => { const d = join(root, name); mkdirSync(d, { recursive: true }); return d; };

test('PATH with 5,000 entries, empty and relative ones: bounded and classified', () => {
  const parts: string[] = [];
  for (let i = 0; i < 5000; i++) parts.push(i % 3 === 0 ? '' : i % 3 === 1 ? `rel/dir${i}` : `/nonexistent/${i}`);
  parts[1] = '/usr/bin';
  const p = gatherPath(parts.join(':'), ':', root);
  assert.equal(p.examined, PATH_ENTRY_LIMIT);
  assert.equal(p.truncated, true);
  assert.equal(p.entries.length, PATH_ENTRY_LIMIT);
  assert.deepEqual([p.entries[0]!.empty, p.entries[0]!.exists], [true, true]);
  assert.deepEqual([p.entries[1]!.raw, p.entries[1]!.isDir], ['/usr/bin', true]);
  assert.deepEqual([p.entries[4]!.relative, p.entries[4]!.exists], [true, false]);
});

test('a symlink loop named go: reported, not followed forever, not executable', async () => {
  const d = dir('loop');
  symlinkSync(join(d, 'go2'), join(d, 'go'));
  symlinkSync(join(d, 'go'), join(d, 'go2'));
  const [b] = await gatherGoBinaries(gatherPath(d, ':', root), 'linux');
  assert.equal(b!.executable, false);
  assert.equal(b!.realPath, null);
  assert.match(b!.error!, /symlink loop/);
  assert.match(resolveSymlinks(join(d, 'go')).error!, /loop/);
});

test('a PATH entry that is itself a symlink loop is just a missing dir', async () => {
  const d = dir('dirloop');
  symlinkSync(join(d, 'b'), join(d, 'a'));
  symlinkSync(join(d, 'a'), join(d, 'b'));
  const p = gatherPath(join(d, 'a'), ':', root);
  assert.deepEqual([p.entries[0]!.exists, p.entries[0]!.isDir], [false, false]);
  assert.deepEqual(await gatherGoBinaries(p, 'linux'), []);
});

test('a go that hangs: `go version` is cut at its deadline', async () => {
  const d = dir('hang');
  writeFileSync(join(d, 'go'), '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
  const started = Date.now();
  const [b] = await gatherGoBinaries(gatherPath(d, ':', root), 'linux', { versionTimeoutMs: 300 });
  assert.ok(Date.now() - started < 10_000, 'does not hang');
  assert.equal(b!.kind, 'script');
  assert.equal(b!.version, null);
  assert.match(b!.error!, /did not finish within 300 ms/);
});

test('a go that prints junk and one that cannot run', async () => {
  const junk = dir('junk');
  writeFileSync(join(junk, 'go'), '#!/bin/sh\necho "{not json"\nexit 3\n', { mode: 0o755 });
  const noexec = dir('noexec');
  writeFileSync(join(noexec, 'go'), '#!/bin/sh\necho go version go1.26.8 linux/amd64\n', { mode: 0o644 });
  const bins = await gatherGoBinaries(gatherPath(`${junk}:${noexec}`, ':', root), 'linux', { versionTimeoutMs: 2000 });
  assert.equal(bins.length, 2);
  assert.match(bins[0]!.error!, /failed \(exit 3\)/);
  assert.equal(bins[1]!.executable, false);
  assert.equal(bins[1]!.version, null, 'a file that cannot run is never run');
});

test('a wrapper script that answers `go version` gets that version', async () => {
  const d = dir('wrapper/shims');
  writeFileSync(join(d, 'go'), '#!/bin/sh\necho "go version go1.27.4 linux/amd64"\n', { mode: 0o755 });
  const [b] = await gatherGoBinaries(gatherPath(d, ':', root), 'linux');
  assert.deepEqual([b!.kind, b!.version, b!.versionSource], ['shim', 'go1.27.4', 'go-version']);
});

test('the real go through a symlink: tree, VERSION file and build info', async () => {
  const d = dir('link');
  symlinkSync(join(GO_MAIN_ROOT, 'bin', 'go'), join(d, 'go'));
  const [b] = await gatherGoBinaries(gatherPath(d, ':', root), 'linux');
  assert.equal(b!.root, GO_MAIN_ROOT);
  assert.equal(b!.versionSource, 'VERSION-file');
  assert.equal(b!.version, readGoRootVersion(GO_MAIN_ROOT));
  assert.equal(b!.builtWith, b!.version);
  assert.deepEqual(b!.symlinkChain, [join(GO_MAIN_ROOT, 'bin', 'go')]);
});

test('a go binary copied out of its tree: version from its build info, no root', { skip: !hasOldGo }, async () => {
  const d = dir('copied');
  copyFileSync(join(GO_OLD_ROOT, 'bin', 'go'), join(d, 'go'));
  chmodSync(join(d, 'go'), 0o755);
  const [b] = await gatherGoBinaries(gatherPath(d, ':', root), 'linux');
  assert.deepEqual([b!.root, b!.version, b!.versionSource], [null, 'go1.19.8', 'build-info']);
});

test('distro trees ship a VERSION file (no trailing newline)', { skip: !hasOldGo }, () => {
  assert.equal(readGoRootVersion(GO_OLD_ROOT), 'go1.19.8');
  assert.equal(rootOfBinary(join(GO_OLD_ROOT, 'bin', 'go')), GO_OLD_ROOT);
  assert.equal(managerOf([join(GO_OLD_ROOT, 'bin', 'go')]), 'distro');
});

test('inspectGoroot: real tree, missing dir, empty dir, module-cache toolchain', () => {
  const real = inspectGoroot(GO_MAIN_ROOT);
  assert.deepEqual([real.exists, real.hasToolDir, real.hasRuntime, real.hasGoBinary, real.moduleCacheToolchain], [true, true, true, true, false]);
  assert.equal(real.version, readGoRootVersion(GO_MAIN_ROOT));
  const missing = inspectGoroot(join(root, 'nope'));
  assert.deepEqual([missing.exists, missing.error], [false, 'ENOENT']);
  const empty = inspectGoroot(dir('empty'));
  assert.deepEqual([empty.exists, empty.isDir, empty.hasToolDir, empty.version], [true, true, false, null]);
  const mc = inspectGoroot(dir('go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.4.linux-amd64'));
  assert.equal(mc.moduleCacheToolchain, true);
  assert.equal(inspectGoroot(null).path, null);
  assert.ok(existsSync(GO_MAIN_ROOT));
});

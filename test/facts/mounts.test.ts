import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootWipedDirs, findMount, gatherMounts, lockToolAvailable, parseMountinfo, resolveExisting, testFileLocking, unescapeMountField } from '../../src/facts/mounts.ts';

const SAMPLE = [
  '26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard',
  '24 23 0:22 / /dev/shm rw,nosuid,nodev shared:3 - tmpfs tmpfs rw,size=24683620k',
  '36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 propagate_from:2 - ext3 /dev/root rw,errors=continue',
  '40 26 0:50 / /home rw,relatime shared:7 - nfs4 fileserver:/export/home rw,vers=4.2,local_lock=none',
  '41 26 0:51 / /mnt/c rw,noatime - 9p drvfs rw,aname=drvfs;path=C:\\134;uid=1000',
  '42 40 0:52 / /home/gopher/share rw - fuse.sshfs me@host:/srv rw,user_id=1000',
  '43 26 0:53 net:[4026531992] /run/netns/x rw - nsfs nsfs rw',
  '44 26 0:54 / /stack rw - ext4 /dev/a rw',
  '45 26 0:55 / /stack rw - tmpfs tmpfs rw',
].join('\n') + '\n';

test('parses mountinfo fields, optional fields and super options', () => {
  const { mounts, skipped } = parseMountinfo(SAMPLE);
  assert.deepEqual(skipped, []);
  assert.equal(mounts.length, 9);
  const ext3 = mounts[2]!;
  assert.equal(ext3.mountId, 36);
  assert.equal(ext3.parentId, 35);
  assert.equal(ext3.device, '98:0');
  assert.equal(ext3.root, '/mnt1');
  assert.equal(ext3.mountPoint, '/mnt/with space');
  assert.deepEqual(ext3.options, ['rw', 'noatime']);
  assert.deepEqual(ext3.optionalFields, ['master:1', 'propagate_from:2']);
  assert.equal(ext3.fsType, 'ext3');
  assert.equal(ext3.source, '/dev/root');
  assert.deepEqual(ext3.superOptions, ['rw', 'errors=continue']);
  assert.deepEqual(mounts[4]!.superOptions, ['rw', 'aname=drvfs;path=C:\\;uid=1000']);
  assert.equal(mounts[6]!.root, 'net:[4026531992]');
});

test('octal escapes are bytes: space, tab, newline, backslash and UTF-8 sequences', () => {
  assert.equal(unescapeMountField('/a\\040b\\011c\\012d\\134e'), '/a b\tc\nd\\e');
  assert.equal(unescapeMountField('/caf\\303\\251'), '/café');
  assert.equal(unescapeMountField('/x\\9'), '/x\\9');
  assert.equal(unescapeMountField('/x\\777'), '/x\\777');
  assert.equal(unescapeMountField('/end\\04'), '/end\\04');
});

test('bad lines are skipped with a reason', () => {
  const { mounts, skipped } = parseMountinfo('garbage\n1 2 3:4 / /x rw shared:1 ext4 /dev/a rw\nx y 3:4 / /x rw - ext4 a rw\n1 2 3:4 / rel rw - ext4 a rw\n1 2 3:4 / /ok rw - ext4 a rw\n');
  assert.equal(mounts.length, 1);
  assert.deepEqual(skipped.map((s) => s.line), [1, 2, 3, 4]);
  assert.match(skipped[1]!.reason, /at least 10 fields|separator/);
});

test('the longest mount point wins; the last of stacked mounts is the visible one', () => {
  const { mounts } = parseMountinfo(SAMPLE);
  assert.equal(findMount(mounts, '/home/gopher/go')?.fsType, 'nfs4');
  assert.equal(findMount(mounts, '/home/gopher/share/x')?.fsType, 'fuse.sshfs');
  assert.equal(findMount(mounts, '/homework')?.mountPoint, '/');
  assert.equal(findMount(mounts, '/mnt/with space/y')?.fsType, 'ext3');
  assert.equal(findMount(mounts, '/stack/z')?.fsType, 'tmpfs');
  assert.equal(findMount([], '/x'), null);
});

test('tmpfiles.d D/R rules mark boot-wiped directories; /etc overrides /usr/lib by file name', () => {
  const root = mkdtempSync(join(tmpdir(), 'gotune-tmpfiles-'));
  try {
    for (const d of ['etc', 'lib']) mkdirSync(join(root, d));
    writeFileSync(join(root, 'lib', 'tmp.conf'), 'D /tmp 1777 root root -\nq /var/tmp 1777 root root 30d\n');
    writeFileSync(join(root, 'lib', 'other.conf'), '#D /commented\nR! /scratch/\n');
    assert.deepEqual([...bootWipedDirs([join(root, 'etc'), join(root, 'lib')])].sort(), ['/scratch', '/tmp']);
    writeFileSync(join(root, 'etc', 'tmp.conf'), 'q /tmp 1777 root root 10d\n');
    assert.deepEqual([...bootWipedDirs([join(root, 'etc'), join(root, 'lib')])], ['/scratch']);
    assert.deepEqual([...bootWipedDirs([join(root, 'missing')])], []);
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('resolveExisting: missing paths use the nearest existing ancestor; loops are reported', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-resolve-')));
  try {
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'link'));
    symlinkSync(join(root, 'loop-a'), join(root, 'loop-b'));
    symlinkSync(join(root, 'loop-b'), join(root, 'loop-a'));
    assert.deepEqual(resolveExisting(join(root, 'link')), { exists: true, realPath: join(root, 'real'), ancestor: null, error: null });
    const missing = resolveExisting(join(root, 'link', 'not', 'yet'));
    assert.equal(missing.exists, false);
    assert.equal(missing.ancestor, join(root, 'real'));
    assert.equal(missing.realPath, join(root, 'real', 'not', 'yet'));
    const loop = resolveExisting(join(root, 'loop-a'));
    assert.equal(loop.exists, false);
    assert.match(loop.error!, /symlink loop/);
    assert.equal(loop.ancestor, root);
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('gatherMounts: not Linux → available false, no failure', async () => {
  for (const os of ['darwin', 'windows']) {
    const m = await gatherMounts({ os, testLocking: true, locations: [{ role: 'GOMODCACHE', path: '/x' }] });
    assert.equal(m.available, false);
    assert.deepEqual(m.locations, []);
    assert.match(m.error!, /Linux only/);
  }
});

test('gatherMounts: unreadable or junk mountinfo still describes the locations', async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-junk-')));
  try {
    const junk = join(root, 'junk');
    writeFileSync(junk, Buffer.from([0, 1, 2, 255, 10, 65, 32, 45, 10]));
    for (const mountinfoPath of [junk, join(root, 'missing'), root]) {
      const m = await gatherMounts({ os: 'linux', testLocking: false, mountinfoPath, locations: [{ role: 'GOCACHE', path: root }] });
      assert.equal(m.available, false, mountinfoPath);
      assert.ok(m.error, 'says why');
      const loc = m.locations[0]!;
      assert.equal(loc.fsType, null);
      assert.equal(loc.exists, true);
      assert.ok(loc.freeBytes !== null && loc.freeBytes > 0, 'statfs still works');
      assert.equal(loc.writable, true);
    }
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('gatherMounts: real mountinfo, a location that does not exist yet, a relative path, a symlink loop', async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-mounts-')));
  try {
    symlinkSync(join(root, 'b'), join(root, 'a'));
    symlinkSync(join(root, 'a'), join(root, 'b'));
    const m = await gatherMounts({ os: 'linux', testLocking: false, locations: [
      { role: 'GOMODCACHE', path: join(root, 'not', 'yet') }, { role: 'GOCACHE', path: 'relative/cache' }, { role: 'GOPATH', path: join(root, 'a') },
    ] });
    assert.equal(m.available, true);
    const [later, rel, loop] = m.locations;
    assert.equal(later!.exists, false);
    assert.equal(later!.existingAncestor, root);
    assert.ok(later!.fsType, 'mount found through the ancestor');
    assert.equal(later!.locking, null, 'no lock test unless asked');
    assert.match(rel!.error!, /not an absolute path/);
    assert.match(loop!.error!, /symlink loop/);
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('the lock test takes a real lock and removes its file; a missing cache is not tested', { skip: lockToolAvailable() ? false : 'neither flock nor python3 here' }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-lock-')));
  try {
    assert.deepEqual(await testFileLocking(root, { timeoutMs: 10_000, toolPath: process.env['PATH'] ?? '' }), { tested: true, works: true, error: null });
    assert.deepEqual(readdirSync(root), [], 'temporary file removed');
    const viaPython = await testFileLocking(root, { timeoutMs: 10_000, toolPath: '/nonexistent' });
    assert.equal(viaPython.tested, true, 'falls back to /usr/bin tools');
    const m = await gatherMounts({ os: 'linux', testLocking: true, locations: [{ role: 'GOMODCACHE', path: join(root, 'missing') }] });
    assert.deepEqual(m.locations[0]!.locking, { tested: false, works: null, error: 'not tested: GOMODCACHE does not exist yet' });
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('the lock test reports "not tested" when the directory cannot take a file', async () => {
  const r = await testFileLocking('/nonexistent/dir', { timeoutMs: 1000, toolPath: process.env['PATH'] ?? '' });
  assert.equal(r.tested, false);
  assert.match(r.error!, /not tested/);
});

test('uncertain lock testing: local filesystems are settled by their type, others get a real lock', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { gatherMounts, LOCAL_FLOCK_FS } = await import('../../src/facts/mounts.ts');
  const dir = mkdtempSync(join(tmpdir(), 'gotune-lock-'));
  try {
    const m = await gatherMounts({ os: 'linux', locations: [{ role: 'GOMODCACHE', path: dir }], testLocking: 'uncertain' });
    const loc = m.locations[0]!;
    if (loc.fsType && LOCAL_FLOCK_FS.has(loc.fsType)) {
      assert.deepEqual(loc.locking, { tested: false, works: null, error: `not tested: ${loc.fsType} is a local filesystem, where file locks always work` });
    } else {
      assert.equal(loc.locking?.tested, true);
    }
    const always = await gatherMounts({ os: 'linux', locations: [{ role: 'GOMODCACHE', path: dir }], testLocking: true });
    assert.equal(always.locations[0]!.locking?.tested, true);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

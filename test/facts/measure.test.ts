import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureSmallFiles, MEASURE_PREFIX, LOCAL_DISK_FS } from '../../src/facts/measure.ts';
import { gatherMounts } from '../../src/facts/mounts.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

function scratch(t: { after(fn: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'gotune-measure-test-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

test('measures create, stat, read and remove per file, and leaves nothing behind', (t) => {
  const d = scratch(t);
  writeFileSync(join(d, 'keep.go'), 'package keep\n');
  const f = measureSmallFiles(d, { files: 150 });
  assert.equal(f.error, null);
  assert.equal(f.files, 150);
  for (const k of ['createMs', 'statMs', 'readMs', 'removeMs', 'perFileMs'] as const) assert.ok(f[k]! > 0, `${k} > 0`);
  const sum = f.createMs! + f.statMs! + f.readMs! + f.removeMs!;
  assert.ok(Math.abs(sum - f.perFileMs!) < 0.01, `phases add up: ${sum} vs ${f.perFileMs}`);
  assert.deepEqual(readdirSync(d), ['keep.go'], 'only what was there before');
});

test('the time budget bounds the work: files done before it ran out are measured', (t) => {
  const d = scratch(t);
  const f = measureSmallFiles(d, { files: 1_000_000, budgetMs: 30 });
  assert.equal(f.error, null);
  assert.ok(f.files > 0 && f.files < 1_000_000, `${f.files} files`);
  assert.deepEqual(readdirSync(d), []);
});

test('a directory where nothing can be created, a missing one, a file: an error in the fact, never a throw', (t) => {
  const d = scratch(t);
  writeFileSync(join(d, 'file'), 'x');
  for (const [dir, re] of [['/proc', /EACCES|ENOENT|EPERM|EROFS/], [join(d, 'missing'), /ENOENT/], [join(d, 'file'), /not a directory/]] as const) {
    const f = measureSmallFiles(dir);
    assert.match(f.error ?? '', re, dir);
    assert.equal(f.perFileMs, null);
  }
});

test("leftovers of a killed run are removed; another live process's are not", (t) => {
  const d = scratch(t);
  const dead = join(d, `${MEASURE_PREFIX}999999999-abcdef`);
  const live = join(d, `${MEASURE_PREFIX}${process.ppid}-abcdef`);
  for (const x of [dead, live]) { mkdirSync(x); writeFileSync(join(x, 'f0.go'), 'x'); }
  measureSmallFiles(d, { files: 5 });
  assert.ok(!existsSync(dead), 'a dead pid’s directory is gone');
  assert.ok(existsSync(live), 'a live pid’s directory is kept');
});

test('gatherMounts --measure: one measurement per mount, and a local disk (never tmpfs) for comparison', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  const mod = join(sb.home, 'go/pkg/mod');
  mkdirSync(mod, { recursive: true });
  const m = await gatherMounts({
    os: 'linux', testLocking: false,
    locations: [{ role: 'GOMODCACHE', path: mod }, { role: 'GOCACHE', path: join(sb.home, '.cache/go-build') }, { role: 'project', path: sb.project }, { role: 'GOROOT', path: '/usr/local/go' }],
    measure: { referenceDirs: ['/dev/shm', tmpdir(), '/var/tmp', '/'], files: 50 },
  });
  const [gomodcache, gocache, project, goroot] = m.locations;
  assert.ok(gomodcache!.latency && gomodcache!.latency.perFileMs! > 0, JSON.stringify(gomodcache!.latency));
  assert.match(gocache!.latency!.error!, /does not exist yet/);
  assert.equal(project!.latency, gomodcache!.latency, 'same mount, measured once');
  assert.equal(goroot!.latency, undefined, 'GOROOT is not measured');
  assert.notEqual(m.reference, undefined);
  if (m.reference) {
    assert.ok(LOCAL_DISK_FS.has(m.reference.fsType!), `reference on ${m.reference.fsType}`);
    assert.ok(m.reference.perFileMs! > 0);
  }
  assert.deepEqual(readdirSync(mod), [], 'nothing left in the module cache');
});

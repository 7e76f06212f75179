// The tamper test over a copy of a real module cache: six kinds of damage to six of the fixture
// project's real dependencies; `cache verify` reports exactly these, and `go mod verify` of the
// project reports the same six modules. Long suite.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hasGo, GO, CLI } from '../modcache/cache-fixture.ts';
import { copyRealCache, type RealCacheCopy } from '../modcache/real-cache.ts';
import { changeTreeFile, addTreeFile, deleteTreeFile, flipZipByte, truncateZip, deleteZiphash, pathsOf } from '../modcache/tamper-helpers.ts';
import type { VerifyReport } from '../../src/modcache/verify.ts';

let rc: RealCacheCopy | undefined;
after(() => rc?.cleanup());

function firstFile(dir: string, rel = ''): string | null {
  for (const d of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isFile() && d.name.endsWith('.go')) return r;
    if (d.isDirectory()) { const f = firstFile(dir, r); if (f) return f; }
  }
  return null;
}

test('tampering with a real cache: verify and go mod verify name the same six modules', { skip: !hasGo && 'no go command' }, async () => {
  rc = copyRealCache();
  const list = spawnSync(GO, ['list', '-m', '-f', '{{if not .Main}}{{.Path}} {{.Version}}{{end}}', 'all'], { cwd: rc.project, env: rc.env, encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  const mods = list.stdout.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string])
    .filter(([p, v]) => { try { readdirSync(pathsOf(rc!.modcache, p, v).tree); return true; } catch { return false; } });
  assert.ok(mods.length >= 50, `the fixture needs at least 50 real dependencies in the cache (has ${mods.length})`);
  const pick = (i: number) => mods[Math.floor((i * mods.length) / 6)]!;
  const [m1, m2, m3, m4, m5, m6] = [0, 1, 2, 3, 4, 5].map(pick) as [string, string][];
  changeTreeFile(rc.modcache, ...m1!, firstFile(pathsOf(rc.modcache, ...m1!).tree)!);
  addTreeFile(rc.modcache, ...m2!, 'planted_by_test.go');
  deleteTreeFile(rc.modcache, ...m3!, firstFile(pathsOf(rc.modcache, ...m3!).tree)!);
  await flipZipByte(rc.modcache, ...m4!);
  truncateZip(rc.modcache, ...m5!);
  deleteZiphash(rc.modcache, ...m6!);
  const expected = new Map([[m1, 'tree-mismatch'], [m2, 'tree-mismatch'], [m3, 'tree-mismatch'], [m4, 'zip-mismatch'], [m5, 'zip-mismatch'], [m6, 'missing']].map(([m, s]) => [(m as string[]).join('@'), s as string]));

  const r = spawnSync(process.execPath, [CLI, 'cache', 'verify', '--json', '--modcache', rc.modcache], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as VerifyReport;
  const bad = doc.modules.filter((m) => m.status !== 'ok');
  assert.deepEqual(new Map(bad.map((m) => [`${m.path}@${m.version}`, m.status])), expected, JSON.stringify(bad, null, 1));
  assert.ok(doc.modules.length >= 100);

  const gv = spawnSync(GO, ['mod', 'verify'], { cwd: rc.project, env: { ...rc.env, GOPROXY: 'off' }, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.notEqual(gv.status, 0);
  const goBad = new Set<string>();
  for (const line of (gv.stdout + gv.stderr).split('\n')) {
    const m = /^(\S+) (v\S+?):? /.exec(line);
    if (m) goBad.add(`${m[1]}@${m[2]}`);
  }
  assert.deepEqual([...goBad].sort(), [...expected.keys()].sort(), gv.stdout + gv.stderr);
});

// `gotune cache` end to end, from the bundle, over a small cache the real go command filled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync, unlinkSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { makeCacheFixture, hasGo, type CacheFixture } from '../modcache/cache-fixture.ts';
import { pathsOf } from '../modcache/tamper-helpers.ts';
import type { StatsReport } from '../../src/modcache/stats.ts';

const opts = { skip: !hasGo && 'no go command' };
let fx: CacheFixture;
before(() => { if (hasGo) fx = makeCacheFixture({ extraModules: 1 }); });
after(() => fx?.cleanup());

function countFiles(dir: string): number {
  let n = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) n += d.isDirectory() ? countFiles(join(dir, d.name)) : 1;
  return n;
}

test('stats --json: totals match the files on disk, by category and by module', opts, () => {
  const r = fx.gotune(['cache', 'stats', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as StatsReport;
  assert.equal(s.schemaVersion, 1);
  assert.equal(s.root, fx.modcache, 'GOMODCACHE comes from the environment');
  assert.equal(s.total.files, countFiles(fx.modcache));
  assert.equal(s.versionCount, 7);
  assert.equal(s.categories.zips.files, 14, 'a zip and a .ziphash per version');
  assert.deepEqual(s.modules.find((m) => m.path === 'example.com/alpha')?.versions, ['v1.0.0', 'v1.1.0']);
  assert.equal(s.mostVersions[0]?.versions.length, 2);
  assert.equal(s.unreferenced, null);
  const exact = JSON.parse(fx.gotune(['cache', 'stats', '--json', '--exact']).stdout) as StatsReport;
  assert.equal(exact.total.files, s.total.files);
  assert.equal(exact.categories.trees.bytes, s.categories.trees.bytes, 'zip indexes give the same apparent size as walking');
});

test('stats --roots lists what no go.sum under the roots references', opts, () => {
  const r = fx.gotune(['cache', 'stats', '--json', '--roots', fx.project]);
  const s = JSON.parse(r.stdout) as StatsReport;
  assert.equal(s.unreferenced?.sumFiles, 1);
  const keys = s.unreferenced!.versions.map((v) => v.key);
  assert.ok(!keys.includes('example.com/alpha@v1.1.0'));
  const text = fx.gotune(['cache', 'stats', '--roots', fx.project]);
  assert.match(text.stdout, /Not referenced by any go\.sum under/);
  assert.match(text.stdout, /Largest modules/);
});

test('usage errors exit 2 with a message', opts, () => {
  const cases: [string[], RegExp][] = [
    [['cache', 'prune'], /needs a policy/],
    [['cache', 'prune', '--older-than', 'soon'], /--older-than: expected an age/],
    [['cache', 'prune', '--max-size', '12 parsecs'], /--max-size: expected a size/],
    [['cache', 'prune', '--keep-latest', '-1'], /./],
    [['cache', 'prune', '--keep-referenced', '/nonexistent-gotune-dir'], /no go\.sum file/],
    [['cache', 'clean'], /--partial/],
    [['cache', 'stats', '--modcache', '/nonexistent-gotune-cache'], /does not exist/],
  ];
  for (const [args, re] of cases) {
    const r = fx.gotune(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
  }
});

test('prune is a dry run unless --apply', opts, () => {
  const dry = fx.gotune(['cache', 'prune', '--keep-latest', '1']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /would remove example\.com\/alpha@v1\.0\.0/);
  assert.match(dry.stdout, /Would remove 2 versions/);
  assert.ok(existsSync(pathsOf(fx.modcache, 'example.com/alpha', 'v1.0.0').zip));
  const r = fx.gotune(['cache', 'prune', '--keep-latest', '1', '--apply', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { outcome: { removed: { key: string }[] } };
  assert.deepEqual(doc.outcome.removed.map((x) => x.key).sort(), ['example.com/alpha@v1.0.0', 'example.com/beta@v0.3.0']);
  assert.ok(!existsSync(pathsOf(fx.modcache, 'example.com/alpha', 'v1.0.0').zip));
  fx.restore();
});

test('clean --partial removes only the leftovers of interrupted downloads', opts, () => {
  const d = pathsOf(fx.modcache, 'example.com/delta', 'v1.2.3');
  // An extraction killed half-way: the marker and part of the tree.
  writeFileSync(d.partial, '');
  chmodSync(d.tree, 0o755);
  unlinkSync(join(d.tree, 'b.txt'));
  writeFileSync(join(d.atV, 'v1.2.3.zip8675309.tmp'), 'half a zip');
  mkdirSync(`${d.tree}.tmp-1234/sub`, { recursive: true });
  writeFileSync(`${d.tree}.tmp-1234/sub/x.go`, 'package sub\n');
  const dry = fx.gotune(['cache', 'clean', '--partial', '--dry-run', '--json']);
  assert.equal(JSON.parse(dry.stdout).removed.length, 4);
  assert.ok(existsSync(d.partial));
  const r = fx.gotune(['cache', 'clean', '--partial', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const kinds = (JSON.parse(r.stdout).removed as { kind: string }[]).map((x) => x.kind).sort();
  assert.deepEqual(kinds, ['partial-marker', 'partial-tree', 'tmp-file', 'tmp-tree']);
  assert.ok(!existsSync(d.partial) && !existsSync(d.tree) && !existsSync(`${d.tree}.tmp-1234`));
  assert.ok(existsSync(d.zip) && existsSync(d.ziphash) && existsSync(d.mod), 'the download itself stays');
  for (const args of [['build', '-o', join(fx.root, 'app'), '.'], ['mod', 'verify']]) {
    const g = fx.go(args);
    assert.equal(g.status, 0, g.stderr);
  }
  const again = fx.gotune(['cache', 'clean', '--partial']);
  assert.match(again.stdout, /No leftovers/);
});

test('verify runs its worker threads from the bundle and is quiet without a terminal', opts, () => {
  const r = fx.gotune(['cache', 'verify', '--workers', '2']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /7 module versions .*: 7 ok/);
  assert.equal(r.stderr, '');
  void spawnSync;
});

test('doctor reports leftovers (GT502) and a missing .ziphash (GT503) in this cache', opts, () => {
  const d = pathsOf(fx.modcache, 'example.com/delta', 'v1.2.3');
  writeFileSync(d.partial, '');
  const e = pathsOf(fx.modcache, 'example.com/extra0', 'v1.0.0');
  unlinkSync(e.ziphash);
  try {
    const r = fx.gotune(['doctor', '--json', '--only', 'GT501,GT502,GT503,GT504']);
    const doc = JSON.parse(r.stdout) as { findings: { id: string; message: string }[] };
    const byId = new Map<string, string[]>();
    for (const f of doc.findings) byId.set(f.id, [...(byId.get(f.id) ?? []), f.message]);
    assert.match(byId.get('GT502')?.join('\n') ?? '', /leftover/, r.stdout.slice(0, 3000));
    assert.match(byId.get('GT503')?.join('\n') ?? '', /example\.com\/extra0@v1\.0\.0/);
    assert.equal(byId.get('GT501'), undefined, 'a small cache');
  } finally {
    unlinkSync(d.partial);
    fx.restore();
  }
});

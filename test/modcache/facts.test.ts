// The quick doctor facts over a real (small) cache: counts, leftovers, missing .ziphash, the
// time budget, and the build cache's trim stamp.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCacheFixture, hasGo, type CacheFixture } from './cache-fixture.ts';
import { gatherModcache, gatherGocache } from '../../src/facts/modcache.ts';
import { pathsOf } from './tamper-helpers.ts';

const opts = { skip: !hasGo && 'no go command' };
let fx: CacheFixture;
before(() => { if (hasGo) fx = makeCacheFixture(); });
after(() => fx?.cleanup());

test('a healthy cache: counted, nothing left over, nothing incomplete', opts, async () => {
  const f = await gatherModcache(fx.modcache);
  assert.equal(f.exists, true);
  assert.equal(f.complete, true);
  assert.equal(f.versions, 6);
  assert.equal(f.zipCount, 6);
  assert.equal(f.treeCount, 6);
  assert.ok(f.treeBytesEstimate > f.zipBytes, 'trees are larger than their zips');
  assert.equal(f.leftovers.count, 0);
  assert.equal(f.incomplete.treesWithoutZiphash, 0);
  assert.ok(f.totalBytesEstimate > 0);
});

test('leftovers and missing .ziphash files are found; a zero budget says the scan is partial', opts, async () => {
  const d = pathsOf(fx.modcache, 'example.com/delta', 'v1.2.3');
  writeFileSync(d.partial, '');
  unlinkSync(pathsOf(fx.modcache, 'example.com/beta', 'v0.4.0').ziphash);
  const f = await gatherModcache(fx.modcache);
  assert.ok(f.leftovers.count >= 2, 'the marker and its tree');
  assert.ok(f.leftovers.samples.some((s) => s.path === d.partial));
  assert.equal(f.incomplete.treesWithoutZiphash, 1);
  assert.deepEqual(f.incomplete.samples, [{ key: 'example.com/beta@v0.4.0', what: 'tree' }]);
  const cut = await gatherModcache(fx.modcache, 0);
  assert.equal(cut.complete, false);
  const none = await gatherModcache(join(fx.root, 'nope'));
  assert.equal(none.exists, false);
});

test('build cache: trim.txt and a sampled size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gotune-gocache-'));
  try {
    for (const shard of ['00', '10', '05']) {
      mkdirSync(join(dir, shard));
      writeFileSync(join(dir, shard, 'abc-a'), Buffer.alloc(10_000));
    }
    writeFileSync(join(dir, 'trim.txt'), '1700000000\n');
    const g = gatherGocache(dir);
    assert.equal(g.trimTxt?.lastTrimMs, 1700000000 * 1000);
    assert.equal(g.sampledDirs, 2, '00 and 10 are among the sampled shards');
    assert.ok(g.bytesEstimate >= 2 * 10_000 * 8);
    writeFileSync(join(dir, 'trim.txt'), 'garbage');
    assert.equal(gatherGocache(dir).trimTxt?.error, 'not a Unix time');
    assert.equal(gatherGocache('off').exists, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

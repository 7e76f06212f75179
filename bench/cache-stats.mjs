#!/usr/bin/env node
// `gotune cache stats` against `du -s` on the same real module cache: warm page cache,
// alternating runs, median wall time. Also the --exact mode (an lstat per file) and how far the
// default mode's disk figure is from du's.
//
//   node bench/cache-stats.mjs [--modcache DIR] [--runs N]
//
// The cache defaults to $GOTUNE_CACHE_SOURCE/mod, filled by the long or online test suite
// (test/modcache/real-cache.ts) from test/fixtures/cache-project's dependencies.
import { join } from 'node:path';
import { SOURCE, CLI, timed, median, load, arg } from './cache-lib.mjs';

const modcache = arg('--modcache', join(SOURCE, 'mod'));
const runs = Number(arg('--runs', '11'));
const du = () => timed(['du', '-s', '-B1', modcache]);
const stats = (extra = []) => timed([process.execPath, CLI, 'cache', 'stats', '--json', '--modcache', modcache, ...extra]);

// Warm the page cache and the dentry cache.
du(); stats(); stats(['--exact']);
const t = { du: [], stats: [], exact: [], duCpu: [], statsCpu: [], exactCpu: [], start: [], startCpu: [] };
let duBytes = 0;
let doc = null;
let exactDoc = null;
for (let i = 0; i < runs; i++) {
  const a = du();
  duBytes = Number(a.stdout.split('\t')[0]);
  const b = stats();
  doc = JSON.parse(b.stdout);
  const c = stats(['--exact']);
  const v = timed([process.execPath, CLI, '--version']);
  t.start.push(v.wall); t.startCpu.push(v.cpu);
  exactDoc = JSON.parse(c.stdout);
  t.du.push(a.wall); t.duCpu.push(a.cpu);
  t.stats.push(b.wall); t.statsCpu.push(b.cpu);
  t.exact.push(c.wall); t.exactCpu.push(c.cpu);
}
const m = (k) => median(t[k]);
console.log(`cache: ${modcache}: ${doc.total.files} files, ${doc.versionCount} module versions, du ${(duBytes / 2 ** 20).toFixed(1)} MiB`);
console.log(`runs: ${runs} alternating (du, stats, stats --exact), medians; load average ${load()}`);
console.log(`du -s                 wall ${m('du').toFixed(3)} s  cpu ${m('duCpu').toFixed(3)} s`);
console.log(`gotune --version      wall ${m('start').toFixed(3)} s  cpu ${m('startCpu').toFixed(3)} s  (start-up of the bundle, included in every figure below)`);
console.log(`gotune cache stats    wall ${m('stats').toFixed(3)} s  cpu ${m('statsCpu').toFixed(3)} s  ratio to du ${(m('stats') / m('du')).toFixed(2)}  disk ${((doc.total.disk / duBytes - 1) * 100).toFixed(2)}% from du`);
console.log(`gotune stats --exact  wall ${m('exact').toFixed(3)} s  cpu ${m('exactCpu').toFixed(3)} s  ratio to du ${(m('exact') / m('du')).toFixed(2)}  disk ${((exactDoc.total.disk / duBytes - 1) * 100).toFixed(2)}% from du`);

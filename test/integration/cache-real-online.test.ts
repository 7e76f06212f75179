// Fills the real module cache from the Go module proxy (when it is not there yet), then checks
// `cache stats` against `du` and `cache verify` against the checksums the proxy served. Online suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hasGo, CLI } from '../modcache/cache-fixture.ts';
import { ensureSourceCache } from '../modcache/real-cache.ts';
import type { StatsReport } from '../../src/modcache/stats.ts';
import type { VerifyReport } from '../../src/modcache/verify.ts';

test('a real cache from the module proxy: stats agrees with du, verify finds it intact', { skip: !hasGo && 'no go command' }, () => {
  const mod = ensureSourceCache();
  const du = spawnSync('du', ['-s', '-B1', mod], { encoding: 'utf8' });
  const duBytes = Number(du.stdout.split('\t')[0]);
  const stats = JSON.parse(spawnSync(process.execPath, [CLI, 'cache', 'stats', '--json', '--modcache', mod], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout) as StatsReport;
  assert.ok(stats.total.files >= 20_000, `at least 20,000 files (${stats.total.files})`);
  assert.ok(Math.abs(stats.total.disk - duBytes) / duBytes < 0.02, `stats ${stats.total.disk} vs du ${duBytes}`);
  const exact = JSON.parse(spawnSync(process.execPath, [CLI, 'cache', 'stats', '--json', '--exact', '--modcache', mod], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout) as StatsReport;
  assert.ok(Math.abs(exact.total.disk - duBytes) / duBytes < 0.01, `exact stats ${exact.total.disk} vs du ${duBytes}`);
  const v = spawnSync(process.execPath, [CLI, 'cache', 'verify', '--json', '--modcache', mod], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(v.status, 0, v.stdout.slice(0, 2000));
  assert.ok((JSON.parse(v.stdout) as VerifyReport).summary.ok >= 100);
});

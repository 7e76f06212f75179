// Bad input in the cache: garbage where zips belong, names that do not unescape, symbolic link
// loops, unreadable directories, a read-only file system. Each gives a clear per-entry error and
// the run goes on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeCacheFixture, hasGo, CLI, type CacheFixture } from '../modcache/cache-fixture.ts';
import { pathsOf } from '../modcache/tamper-helpers.ts';
import type { VerifyReport } from '../../src/modcache/verify.ts';
import type { StatsReport } from '../../src/modcache/stats.ts';

const opts = { skip: !hasGo && 'no go command' };
let fx: CacheFixture;

before(() => {
  if (!hasGo) return;
  fx = makeCacheFixture({ extraModules: 1 });
  const m = fx.modcache;
  writeFileSync(pathsOf(m, 'example.com/extra0', 'v1.0.0').zip, 'this is not a zip file\n');
  mkdirSync(join(m, 'cache/download/example.com/Bad/@v'), { recursive: true });
  writeFileSync(join(m, 'cache/download/example.com/Bad/@v/v1.0.0.mod'), 'module example.com/Bad\n');
  mkdirSync(join(m, 'example.com/Bad@v1.0.0'), { recursive: true });
  symlinkSync('loop-b', join(m, 'example.com/loop-a'));
  symlinkSync('loop-a', join(m, 'example.com/loop-b'));
  symlinkSync('.', join(m, 'cache/download/example.com/self'));
});
after(() => fx?.cleanup());

test('verify: garbage zip, unescapable names and link loops are per-entry errors', opts, () => {
  const r = fx.gotune(['cache', 'verify', '--json']);
  assert.equal(r.status, 1);
  const doc = JSON.parse(r.stdout) as VerifyReport;
  const extra = doc.modules.find((x) => x.path === 'example.com/extra0')!;
  assert.equal(extra.status, 'zip-mismatch');
  assert.match(extra.details.join(' '), /zip is damaged/);
  const bad = doc.modules.find((x) => x.path === 'example.com/Bad')!;
  assert.equal(bad.status, 'error');
  assert.match(bad.details.join(' '), /invalid escaped module path/);
  assert.ok(doc.errors.some((e) => /symbolic link/.test(e.message)), JSON.stringify(doc.errors));
  assert.equal(doc.summary.ok, doc.modules.length - 2, 'every other version verified');
});

test('stats: the same cache is summed, with the bad entries listed', opts, () => {
  const r = fx.gotune(['cache', 'stats', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as StatsReport;
  assert.ok(s.errors.filter((e) => /symbolic link/.test(e.message)).length >= 3);
  assert.ok(s.total.files > 40);
});

const nobody = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0 && process.getuid?.() === 0;

test('unreadable directories (as an unprivileged user)', { skip: (!hasGo && 'no go command') || (!nobody && 'needs root and setpriv to drop privileges') }, () => {
  spawnSync('chmod', ['-R', 'a+rX', fx.root]);
  chmodSync(join(fx.modcache, 'cache/download/example.com/beta'), 0o700);
  chmodSync(pathsOf(fx.modcache, 'example.com/delta', 'v1.2.3').tree, 0o700);
  const as = (args: string[]) => spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args, '--modcache', fx.modcache], { encoding: 'utf8', cwd: '/', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/' } });
  const stats = as(['cache', 'stats', '--json']);
  assert.equal(stats.status, 0, stats.stderr);
  assert.ok((JSON.parse(stats.stdout) as StatsReport).errors.some((e) => /EACCES/.test(e.message) && e.path.endsWith('example.com/beta')));
  const verify = as(['cache', 'verify', '--json']);
  const doc = JSON.parse(verify.stdout) as VerifyReport;
  const delta = doc.modules.find((x) => x.path === 'example.com/delta')!;
  assert.equal(delta.status, 'error');
  assert.match(delta.details.join(' '), /EACCES|permission/i);
  assert.ok(doc.modules.some((x) => x.path === 'example.com/alpha' && x.status === 'ok'));
  chmodSync(join(fx.modcache, 'cache/download/example.com/beta'), 0o755);
});

const userns = spawnSync('unshare', ['-rm', 'true']).status === 0;

test('a cache on a read-only file system: prune --apply reports errors and keeps going', { skip: (!hasGo && 'no go command') || (!userns && 'needs unshare for a read-only bind mount') }, () => {
  const m = fx.modcache;
  const script = `mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"`;
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', m, process.execPath, CLI, 'cache', 'prune', '--keep-latest', '1', '--apply', '--json', '--modcache', m], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as { outcome: { errors: { key: string; message: string }[]; removed: unknown[] } };
  assert.equal(doc.outcome.removed.length, 0);
  assert.ok(doc.outcome.errors.length >= 2 && doc.outcome.errors.every((e) => /EROFS|read-only/i.test(e.message)), JSON.stringify(doc.outcome.errors));
  assert.ok(existsSync(pathsOf(m, 'example.com/alpha', 'v1.0.0').zip));
});

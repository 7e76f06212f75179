// Pruning a real (small) cache: the policies, the order of removal, the go command's lock, and
// the safety rules (nothing outside GOMODCACHE is touched, even through planted symlinks).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync, unlinkSync, realpathSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCacheFixture, hasGo, GO, type CacheFixture } from './cache-fixture.ts';
import { scanCache } from '../../src/modcache/scan.ts';
import { planPrune, applyPrune, type PrunePlan } from '../../src/modcache/prune.ts';
import { readRoots } from '../../src/modcache/roots.ts';
import { verifyCache } from '../../src/modcache/verify.ts';
import { CacheLocker } from '../../src/modcache/lock.ts';
import { pathsOf } from './tamper-helpers.ts';

const opts = { skip: !hasGo && 'no go command' };
let fx: CacheFixture;
let outside: string;

before(() => {
  if (!hasGo) return;
  fx = makeCacheFixture({ extraModules: 2 });
  outside = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-outside-')));
  mkdirSync(join(outside, 'ro'), { recursive: true });
  writeFileSync(join(outside, 'ro', 'keep.txt'), 'must survive\n');
  chmodSync(join(outside, 'ro'), 0o555);
});
after(() => {
  fx?.cleanup();
  if (outside) { spawnSync('chmod', ['-R', 'u+w', outside]); rmSync(outside, { recursive: true, force: true }); }
});

const keys = (p: PrunePlan) => p.remove.map((c) => c.key).sort();
const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');

function buildAndVerify(): void {
  for (const args of [['mod', 'download'], ['build', '-o', join(fx.root, 'app'), '.'], ['mod', 'verify']]) {
    const r = fx.go(args);
    assert.equal(r.status, 0, `go ${args.join(' ')}: ${r.stderr}`);
  }
}

test('policies: keep-latest, keep-referenced, older-than and max-size must all agree', opts, async () => {
  const scan = await scanCache(fx.modcache);
  assert.deepEqual(keys(planPrune(scan, { keepLatest: 1 })), ['example.com/alpha@v1.0.0', 'example.com/beta@v0.3.0']);
  const refs = readRoots([fx.project]);
  const unreferenced = keys(planPrune(scan, { keepReferenced: refs }));
  for (const k of unreferenced) assert.ok(!refs.referenced.has(k), `${k} is referenced`);
  assert.ok(unreferenced.includes('example.com/alpha@v1.0.0') || refs.referenced.has('example.com/alpha@v1.0.0'));
  assert.deepEqual(keys(planPrune(scan, { olderThanMs: 90 * 86_400_000 })), [], 'everything was used just now');
  const all = keys(planPrune(scan, { olderThanMs: 0, now: FAR_FUTURE }));
  assert.equal(all.length, 8);
  const both = keys(planPrune(scan, { olderThanMs: 0, now: FAR_FUTURE, keepLatest: 1, keepReferenced: refs }));
  assert.deepEqual(both, ['example.com/alpha@v1.0.0', 'example.com/beta@v0.3.0'].filter((k) => !refs.referenced.has(k)));
  const plan = planPrune(scan, { maxSizeBytes: 0, olderThanMs: 0, now: FAR_FUTURE });
  assert.equal(plan.remove.length, 8, 'max-size 0 with everything old removes everything');
  const fits = planPrune(scan, { maxSizeBytes: plan.cacheDisk });
  assert.equal(fits.remove.length, 0, 'a cache that fits loses nothing');
  const small = planPrune(scan, { keepLatest: 0, maxSizeBytes: plan.cacheDisk - 1 });
  assert.equal(small.remove.length, 1, 'one version is enough to get under the limit');
});

test('prune --apply removes old versions in a safe order; the go command builds and verifies afterwards', opts, async () => {
  const before = await scanCache(fx.modcache);
  const plan = planPrune(before, { keepLatest: 1 });
  const out = await applyPrune(fx.modcache, plan);
  assert.deepEqual(out.errors, []);
  assert.equal(out.removed.length, 2);
  for (const [p, v] of [['example.com/alpha', 'v1.0.0'], ['example.com/beta', 'v0.3.0']] as const) {
    const vp = pathsOf(fx.modcache, p, v);
    for (const f of [vp.tree, vp.zip, vp.ziphash, vp.mod, vp.info, vp.partial]) assert.ok(!existsSync(f), `${f} removed`);
    assert.ok(existsSync(vp.lock), 'the lock file stays (a waiter may hold it open)');
    assert.ok(!readFileSync(vp.list, 'utf8').split('\n').includes(v), 'list rewritten without the version');
  }
  assert.equal(readFileSync(pathsOf(fx.modcache, 'example.com/alpha', 'v1.1.0').list, 'utf8'), 'v1.1.0\n');
  buildAndVerify();
  const rep = await verifyCache(fx.modcache, { inline: true });
  assert.deepEqual(rep.modules.filter((m) => m.status !== 'ok'), []);
  fx.restore();
});

test('symlinks planted in the cache never lead prune outside GOMODCACHE', opts, async () => {
  const a = pathsOf(fx.modcache, 'example.com/alpha', 'v1.0.0');
  const b = pathsOf(fx.modcache, 'example.com/beta', 'v0.3.0');
  // A link inside a tree to a read-only directory outside, and a tree that is itself a link.
  chmodSync(a.tree, 0o755);
  symlinkSync(join(outside, 'ro'), join(a.tree, 'escape'));
  symlinkSync(join(outside, 'ro', 'keep.txt'), join(a.tree, 'escape-file'));
  spawnSync('chmod', ['-R', 'u+w', b.tree]);
  rmSync(b.tree, { recursive: true });
  symlinkSync(join(outside, 'ro'), b.tree);
  const modeBefore = statSync(join(outside, 'ro')).mode;
  const out = await applyPrune(fx.modcache, planPrune(await scanCache(fx.modcache), { keepLatest: 1 }));
  assert.deepEqual(out.errors, []);
  assert.equal(readFileSync(join(outside, 'ro', 'keep.txt'), 'utf8'), 'must survive\n');
  assert.equal(statSync(join(outside, 'ro')).mode, modeBefore, 'no chmod through the link');
  assert.ok(!existsSync(a.tree) && !existsSync(b.tree));
  fx.restore();
});

test('a path component that is a symlink out of the cache is refused', opts, async () => {
  const c = pathsOf(fx.modcache, 'example.com/extra0', 'v1.0.0');
  const real = join(outside, 'extra0-download');
  spawnSync('cp', ['-a', c.atV, real]);
  spawnSync('chmod', ['-R', 'u+w', c.atV]);
  rmSync(c.atV, { recursive: true });
  symlinkSync(real, c.atV);
  const scan = await scanCache(fx.modcache);
  const plan = planPrune(scan, { olderThanMs: 0, now: FAR_FUTURE });
  const target = plan.remove.find((x) => x.key === 'example.com/extra0@v1.0.0');
  if (target) {
    const out = await applyPrune(fx.modcache, { ...plan, remove: [target] });
    assert.equal(out.removed.length, 0);
    assert.match(out.errors[0]?.message ?? '', /outside the module cache/);
  }
  assert.ok(existsSync(join(real, 'v1.0.0.zip')), 'nothing removed outside');
  unlinkSync(c.atV);
  spawnSync('cp', ['-a', real, c.atV]);
  buildAndVerify();
});

test('a concurrent `go mod download` of the same version waits for the lock prune holds', opts, async () => {
  const a = pathsOf(fx.modcache, 'example.com/alpha', 'v1.0.0');
  // Without its .ziphash the go command must take the version's lock to rehash or download it.
  if (existsSync(a.ziphash)) unlinkSync(a.ziphash);
  const plan = planPrune(await scanCache(fx.modcache), { keepLatest: 1 });
  let go: ReturnType<typeof spawn> | null = null;
  let exited: Promise<number | null> | null = null;
  let runningWhileLocked = false;
  const out = await applyPrune(fx.modcache, { ...plan, remove: plan.remove.filter((c) => c.key === 'example.com/alpha@v1.0.0') }, {
    onLocked: async () => {
      go = spawn(GO, ['mod', 'download', '-json', 'example.com/alpha@v1.0.0'], { cwd: fx.project, env: fx.env, stdio: ['ignore', 'pipe', 'pipe'] });
      exited = new Promise((resolve) => go!.on('exit', (code) => resolve(code)));
      await new Promise((r) => setTimeout(r, 1500));
      runningWhileLocked = go.exitCode === null;
    },
  });
  assert.equal(out.removed.length, 1);
  assert.ok(runningWhileLocked, 'go mod download was still waiting while prune held the lock');
  assert.equal(await exited, 0, 'after prune released the lock, the go command downloaded the version again');
  assert.ok(existsSync(a.zip) && existsSync(a.ziphash));
  const rep = await verifyCache(fx.modcache, { inline: true });
  assert.equal(rep.modules.find((m) => m.path === 'example.com/alpha' && m.version === 'v1.0.0')?.status, 'ok');
});

test('a version another process holds locked is skipped, not waited for forever', opts, async () => {
  const b = pathsOf(fx.modcache, 'example.com/beta', 'v0.3.0');
  const holder = spawn('flock', ['-o', '-x', b.lock, 'sleep', '30'], { stdio: 'ignore' });
  const locker = await CacheLocker.start();
  try {
    // Wait until the holder has the lock.
    for (let i = 0; i < 100; i++) {
      if ((await locker.lock(b.lock)) === 'busy') break;
      await locker.unlock();
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await locker.close();
  }
  const plan = planPrune(await scanCache(fx.modcache), { keepLatest: 1 });
  const out = await applyPrune(fx.modcache, { ...plan, remove: plan.remove.filter((c) => c.key === 'example.com/beta@v0.3.0') });
  holder.kill();
  assert.deepEqual(out.removed, []);
  assert.match(out.skipped[0]?.reason ?? '', /in use/);
  assert.ok(existsSync(b.zip), 'nothing removed');
});

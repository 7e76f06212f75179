// The lock helpers take the very flock(2) lock the go command takes: util-linux `flock -n`
// (which calls flock(2), as Go's lockedfile does) cannot get it while we hold it, and a SIGKILL
// of the process that asked for it releases it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheLocker, type LockBackend } from '../../src/modcache/lock.ts';

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const backends: [LockBackend, boolean][] = [['perl', has('perl', ['-e', '1'])], ['flock', has('flock', ['--version'])]];
const canProbe = has('flock', ['--version']);
const othersCanLock = (file: string) => spawnSync('flock', ['-n', file, 'true']).status === 0;

for (const [backend, available] of backends) {
  test(`${backend} helper: the lock excludes util-linux flock, and unlocking releases it`, { skip: (!available && `no ${backend}`) || (!canProbe && 'no flock to probe with') }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gotune-lock-'));
    const file = join(dir, 'v1.0.0.lock');
    const locker = await CacheLocker.start({ backend });
    try {
      assert.equal(locker.backend, backend);
      assert.equal(await locker.lock(file), 'locked');
      assert.ok(existsSync(file), 'created like the go command creates it');
      assert.equal(othersCanLock(file), false);
      await locker.unlock();
      assert.equal(await locker.lock(join(dir, 'other.lock'), { slot: 8 }), 'locked', 'a second slot');
      assert.equal(othersCanLock(file), true);
      const holder = spawn('flock', ['-o', '-x', file, 'sleep', '20'], { stdio: 'ignore' });
      let got = 'locked';
      for (let i = 0; i < 100 && got === 'locked'; i++) {
        got = await locker.lock(file);
        if (got === 'locked') { await locker.unlock(); await new Promise((r) => setTimeout(r, 50)); }
      }
      assert.equal(got, 'busy', 'held by another process: busy, not waited for');
      holder.kill();
      await new Promise((r) => holder.on('exit', r));
      assert.equal(await locker.lock(file, { waitSeconds: 5 }), 'locked');
      await locker.unlock();
      symlinkSync(join(dir, 'elsewhere'), join(dir, 'link.lock'));
      await assert.rejects(locker.lock(join(dir, 'link.lock')), /symbolic link/);
      assert.ok(!existsSync(join(dir, 'elsewhere')), 'nothing created through the link');
    } finally {
      await locker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${backend} helper: SIGKILL of gotune releases the lock`, { skip: (!available && `no ${backend}`) || (!canProbe && 'no flock to probe with') }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gotune-lock-'));
    const file = join(dir, 'v1.0.0.lock');
    const script = join(dir, 'hold.mts');
    writeFileSync(script, `import { CacheLocker } from ${JSON.stringify(new URL('../../src/modcache/lock.ts', import.meta.url).pathname)};\nconst l = await CacheLocker.start({ backend: ${JSON.stringify(backend)} });\nawait l.lock(${JSON.stringify(file)});\nconsole.log('locked');\nsetInterval(() => {}, 1000);\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('locked')) resolve(); }));
      assert.equal(othersCanLock(file), false);
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      let free = false;
      for (let i = 0; i < 100 && !free; i++) { free = othersCanLock(file); if (!free) await new Promise((r) => setTimeout(r, 50)); }
      assert.ok(free, 'the helper saw its pipe close and exited');
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTarget, writeFileAtomic } from '../../src/fix/atomic-write.ts';
import { scratch, smallTmpfs } from './fix-helpers.ts';

test('replaces the content and keeps the permission bits', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.profile');
  writeFileSync(f, 'old\n');
  chmodSync(f, 0o640);
  writeFileAtomic(f, Buffer.from('new\n'), { mode: statSync(f).mode, tag: 't1' });
  assert.equal(readFileSync(f, 'utf8'), 'new\n');
  assert.equal(statSync(f).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(s.dir).filter((n) => n.includes('gotune')), [], 'no temporary file left');
});

test('keeps owner and group (the temporary file is chowned before the rename)', { skip: process.getuid?.() !== 0 ? 'needs root to chown' : false }, (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.bashrc');
  writeFileSync(f, 'old\n');
  chownSync(f, 1000, 1000);
  const st = statSync(f);
  writeFileAtomic(f, Buffer.from('new\n'), { mode: st.mode, uid: st.uid, gid: st.gid, tag: 't2' });
  const after = statSync(f);
  assert.equal(after.uid, 1000);
  assert.equal(after.gid, 1000);
});

test('symlinked dotfiles (stow, chezmoi): the target is edited and the link stays a link', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  mkdirSync(s.path('dotfiles/bash'), { recursive: true });
  mkdirSync(s.path('home'));
  writeFileSync(s.path('dotfiles/bash/bashrc'), 'export GOROOT=/x\n');
  // A relative link to a relative link, as stow makes them.
  symlinkSync('../dotfiles/bash/bashrc', s.path('home/.bashrc.real'));
  symlinkSync('.bashrc.real', s.path('home/.bashrc'));
  const r = resolveTarget(s.path('home/.bashrc'));
  assert.equal(r.target, s.path('dotfiles/bash/bashrc'));
  assert.equal(r.links.length, 2);
  writeFileAtomic(r.target, Buffer.from('# export GOROOT=/x\n'), { mode: 0o644, tag: 't3' });
  assert.ok(lstatSync(s.path('home/.bashrc')).isSymbolicLink());
  assert.equal(readlinkSync(s.path('home/.bashrc')), '.bashrc.real');
  assert.equal(readFileSync(s.path('home/.bashrc'), 'utf8'), '# export GOROOT=/x\n');
});

test('a dangling symlink resolves to where the file would be created', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  mkdirSync(s.path('dotfiles'));
  symlinkSync(s.path('dotfiles/zshrc'), s.path('.zshrc'));
  const r = resolveTarget(s.path('.zshrc'));
  assert.equal(r.exists, false);
  assert.equal(r.target, s.path('dotfiles/zshrc'));
});

test('symlink loops are reported, not followed forever', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  symlinkSync('b', s.path('a'));
  symlinkSync('a', s.path('b'));
  assert.throws(() => resolveTarget(s.path('a')), /too many levels/);
});

test('full disk: the write fails, the old file is intact and no temporary file remains', (t) => {
  const s = scratch();
  const mnt = smallTmpfs(t, s);
  if (!mnt) return;
  const f = join(mnt, '.bashrc');
  const old = Buffer.alloc(40 * 1024, 'a');
  writeFileSync(f, old);
  assert.throws(() => writeFileAtomic(f, Buffer.alloc(40 * 1024, 'b'), { mode: 0o644, tag: 't4' }), (e: NodeJS.ErrnoException) => e.code === 'ENOSPC');
  assert.deepEqual(readFileSync(f), old);
  assert.deepEqual(readdirSync(mnt), ['.bashrc']);
});

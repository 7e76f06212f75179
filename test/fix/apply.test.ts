import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { applyFixes, FixRecordError } from '../../src/fix/apply.ts';
import { EMPTY_SHA256, sha256 } from '../../src/fix/edits.ts';
import { listRuns, LockError, readManifest } from '../../src/fix/manifest.ts';
import { undoRun, UndoError } from '../../src/fix/undo.ts';
import { tempPathFor } from '../../src/fix/atomic-write.ts';
import { change, commentOut, request, scratch, smallTmpfs } from './fix-helpers.ts';

const GO = process.env['GOTUNE_TEST_GOROOT'] ? join(process.env['GOTUNE_TEST_GOROOT'], 'bin/go') : '/usr/local/go/bin/go';
const hasGo = existsSync(GO);
const GOROOT_OF_GO = join(GO, '..', '..');

test('applies a fix, records a manifest with a backup, and undo restores the bytes', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.bashrc');
  const original = '# my bashrc\nexport GOROOT=/opt/go\nalias ll="ls -l"\n';
  writeFileSync(f, original);
  const r = applyFixes([request('GT103', { files: [commentOut(f, 'export GOROOT')] })], { stateDir: s.state });
  assert.equal(r.status, 'applied');
  assert.equal(r.outcomes[0]!.state, 'applied');
  assert.equal(readFileSync(f, 'utf8'), '# my bashrc\n# export GOROOT=/opt/go\nalias ll="ls -l"\n');
  const m = readManifest(r.runDir!);
  assert.equal(m.status, 'applied');
  assert.equal(m.files.length, 1);
  assert.equal(m.files[0]!.state, 'written');
  assert.equal(readFileSync(join(r.runDir!, m.files[0]!.backup!), 'utf8'), original);
  assert.equal(statSync(join(r.runDir!, m.files[0]!.backup!)).mode & 0o777, 0o600, 'backups are private');
  const u = undoRun({ stateDir: s.state });
  assert.equal(u.status, 'undone');
  assert.deepEqual(u.restored, [f]);
  assert.equal(readFileSync(f, 'utf8'), original);
  assert.throws(() => undoRun({ stateDir: s.state, runId: r.runId! }), UndoError, 'a run is undone once');
  assert.throws(() => undoRun({ stateDir: s.state }), /nothing to undo/);
});

test('a file edited after analysis is skipped with a clear message and not touched', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.profile');
  writeFileSync(f, 'export GOROOT=/opt/go\n');
  const fix = commentOut(f, 'export GOROOT');
  writeFileSync(f, 'export GOROOT=/opt/go\nexport EDITOR=vi\n');
  const r = applyFixes([request('GT103', { files: [fix] })], { stateDir: s.state });
  assert.equal(r.status, 'nothing-to-do');
  assert.equal(r.outcomes[0]!.state, 'skipped');
  assert.match(r.outcomes[0]!.reasons[0]!, /changed since it was analysed/);
  assert.equal(readFileSync(f, 'utf8'), 'export GOROOT=/opt/go\nexport EDITOR=vi\n');
  assert.equal(listRuns(s.state).length, 0, 'nothing recorded when nothing changes');
});

test('a read-only file is refused; the rest of the run is applied and reported honestly', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const ro = s.path('.bash_profile');
  const rw = s.path('.bashrc');
  writeFileSync(ro, 'export GOROOT=/a\n');
  writeFileSync(rw, 'export GOROOT=/a\n');
  chmodSync(ro, 0o444);
  const r = applyFixes([
    request('GT103', { files: [commentOut(ro, 'GOROOT')] }),
    request('GT403', { files: [commentOut(rw, 'GOROOT')] }),
  ], { stateDir: s.state });
  assert.equal(r.outcomes[0]!.state, 'failed');
  assert.match(r.outcomes[0]!.reasons[0]!, /read-only \(mode 0444\)/);
  assert.equal(r.outcomes[1]!.state, 'applied');
  assert.equal(r.status, 'applied', 'the run applied everything it attempted');
  assert.equal(readFileSync(ro, 'utf8'), 'export GOROOT=/a\n');
  assert.equal(readFileSync(rw, 'utf8'), '# export GOROOT=/a\n');
});

test("a file owned by another user is refused (gotune edits only the user's own files)", (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.profile');
  writeFileSync(f, 'export GOROOT=/a\n');
  // Tests run as root: act for uid 4242, who does not own the file.
  const r = applyFixes([request('GT103', { files: [commentOut(f, 'GOROOT')] })], { stateDir: s.state, uid: 4242 });
  assert.equal(r.outcomes[0]!.state, 'failed');
  assert.match(r.outcomes[0]!.reasons[0]!, /owned by uid \d+, not by you \(uid 4242\)/);
  assert.equal(readFileSync(f, 'utf8'), 'export GOROOT=/a\n');
});

test('the owner is kept when editing as that owner', { skip: process.getuid?.() !== 0 ? 'needs root to chown' : false }, (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.profile');
  writeFileSync(f, 'export GOROOT=/a\n');
  chownSync(f, 1000, 1000);
  chmodSync(f, 0o600);
  const r = applyFixes([request('GT103', { files: [commentOut(f, 'GOROOT')] })], { stateDir: s.state, uid: 1000 });
  assert.equal(r.outcomes[0]!.state, 'applied');
  const st = statSync(f);
  assert.deepEqual([st.uid, st.gid, st.mode & 0o777], [1000, 1000, 0o600]);
  undoRun({ stateDir: s.state });
  const st2 = statSync(f);
  assert.deepEqual([st2.uid, st2.gid, st2.mode & 0o777], [1000, 1000, 0o600]);
});

test('hard-linked files are refused (replacing them would break the link)', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.profile');
  writeFileSync(f, 'export GOROOT=/a\n');
  linkSync(f, s.path('profile.copy'));
  const r = applyFixes([request('GT103', { files: [commentOut(f, 'GOROOT')] })], { stateDir: s.state });
  assert.equal(r.outcomes[0]!.state, 'failed');
  assert.match(r.outcomes[0]!.reasons[0]!, /hard links/);
});

test('full disk: the file is not changed, the error is clear, other files still change', (t) => {
  const s = scratch();
  const mnt = smallTmpfs(t, s);
  if (!mnt) return;
  const big = join(mnt, '.bashrc');
  const bigContent = 'export GOROOT=/a\n' + '#'.repeat(40 * 1024) + '\n';
  writeFileSync(big, bigContent);
  const other = s.path('.profile');
  writeFileSync(other, 'export GOROOT=/a\n');
  const r = applyFixes([
    request('GT103', { files: [commentOut(big, 'GOROOT')] }),
    request('GT403', { files: [commentOut(other, 'GOROOT')] }),
  ], { stateDir: s.state });
  assert.equal(r.outcomes[0]!.state, 'failed');
  assert.match(r.outcomes[0]!.reasons[0]!, /no space left on the device; the file was not changed/);
  assert.equal(r.outcomes[1]!.state, 'applied');
  assert.equal(r.status, 'partial');
  assert.equal(readFileSync(big, 'utf8'), bigContent);
  assert.deepEqual(readdirSync(mnt), ['.bashrc'], 'no temporary file left on the full disk');
  const man = readManifest(r.runDir!);
  assert.equal(man.files.find((f) => f.target === big)!.state, 'failed');
  const u = undoRun({ stateDir: s.state });
  assert.deepEqual(u.restored, [other]);
  assert.deepEqual(u.unchanged, [big]);
  assert.equal(readFileSync(other, 'utf8'), 'export GOROOT=/a\n');
});

test('edits of several fixes to one file are merged; overlapping ones are refused', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.zshrc');
  writeFileSync(f, 'export GOROOT=/a\nexport GOPATH=go\n');
  const r = applyFixes([
    request('GT103', { files: [commentOut(f, 'GOROOT')] }),
    request('GT202', { files: [change(f, [{ offset: 'export GOROOT=/a\nexport GOPATH='.length, length: 2, newText: '$HOME/go' }])] }),
    // Same line as GT103, different text: the order would be a guess.
    request('GT403', { files: [commentOut(f, 'GOROOT', '#! ')] }),
    // The very same edit as GT103 (two findings proposing one change) is not a conflict.
    request('GT406', { files: [commentOut(f, 'GOROOT')] }),
  ], { stateDir: s.state });
  assert.deepEqual(r.outcomes.map((o) => o.state), ['applied', 'applied', 'skipped', 'applied']);
  assert.match(r.outcomes[2]!.reasons[0]!, /overlaps the edit of GT103/);
  assert.equal(readFileSync(f, 'utf8'), '# export GOROOT=/a\nexport GOPATH=$HOME/go\n');
  assert.equal(readManifest(r.runDir!).files.length, 1, 'one backup and one write per file');
});

test('a malformed fix (overlapping edits within it) is refused', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.profile');
  writeFileSync(f, 'abcdef\n');
  const r = applyFixes([request('GT103', { files: [change(f, [{ offset: 0, length: 3, newText: 'x' }, { offset: 2, length: 2, newText: 'y' }])] })], { stateDir: s.state });
  assert.equal(r.outcomes[0]!.state, 'failed');
  assert.match(r.outcomes[0]!.reasons[0]!, /malformed: overlapping edits/);
  assert.equal(readFileSync(f, 'utf8'), 'abcdef\n');
});

test('idempotent: applying the same fixes again changes nothing and records nothing', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.bashrc');
  writeFileSync(f, 'export GOROOT=/a\n');
  // A fix built from the file as it is, like a check would build it.
  const build = () => {
    const text = readFileSync(f, 'utf8');
    return /^export GOROOT/m.test(text) ? [request('GT103', { files: [commentOut(f, 'export GOROOT')] })] : [];
  };
  const first = applyFixes(build(), { stateDir: s.state });
  assert.equal(first.status, 'applied');
  const second = applyFixes(build(), { stateDir: s.state });
  assert.equal(second.status, 'nothing-to-do');
  assert.deepEqual(second.outcomes, []);
  // A stale copy of the first fix is not applied twice either.
  const stale = applyFixes([request('GT103', { files: [{ file: f, originalSha256: sha256('export GOROOT=/a\n'), edits: [{ file: f, offset: 0, length: 0, newText: '# ' }] }] })], { stateDir: s.state });
  assert.equal(stale.outcomes[0]!.state, 'skipped');
  assert.equal(readFileSync(f, 'utf8'), '# export GOROOT=/a\n');
  assert.equal(listRuns(s.state).length, 1);
});

test('an edit that would not change a byte counts as already applied', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.bashrc');
  writeFileSync(f, 'abc\n');
  const r = applyFixes([request('GT103', { files: [change(f, [{ offset: 0, length: 3, newText: 'abc' }])] })], { stateDir: s.state });
  assert.equal(r.status, 'nothing-to-do');
  assert.equal(r.outcomes[0]!.state, 'unchanged');
});

test('creates a missing file (and its directories); undo removes them again', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('home/.config/fish/conf.d/gotune.fish');
  mkdirSync(s.path('home'));
  const block = '# >>> gotune >>>\nset -gx PATH $PATH $HOME/go/bin\n# <<< gotune <<<\n';
  const r = applyFixes([request('GT207', { files: [{ file: f, originalSha256: EMPTY_SHA256, create: true, edits: [{ file: f, offset: 0, length: 0, newText: block }] }] })], { stateDir: s.state });
  assert.equal(r.status, 'applied');
  assert.equal(readFileSync(f, 'utf8'), block);
  const u = undoRun({ stateDir: s.state });
  assert.deepEqual(u.removed, [f]);
  assert.ok(!existsSync(s.path('home/.config')), 'created directories removed');
  assert.ok(existsSync(s.path('home')));
});

test('through a symlink: the link target is edited and restored, the link stays', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  mkdirSync(s.path('dotfiles'));
  const real = s.path('dotfiles/bashrc');
  writeFileSync(real, 'export GOROOT=/a\r\nexport X=1');
  symlinkSync('dotfiles/bashrc', s.path('.bashrc'));
  const r = applyFixes([request('GT103', { files: [change(s.path('.bashrc'), [{ offset: 0, length: 0, newText: '# disabled by gotune\n# ' }])] })], { stateDir: s.state });
  assert.equal(r.status, 'applied');
  assert.equal(readFileSync(real, 'utf8'), '# disabled by gotune\r\n# export GOROOT=/a\r\nexport X=1', 'CRLF and the missing final newline kept');
  undoRun({ stateDir: s.state });
  assert.equal(readFileSync(real, 'utf8'), 'export GOROOT=/a\r\nexport X=1');
  assert.ok(statSync(s.path('.bashrc')).isFile());
});

test('undo leaves a file edited after the run alone and says where the backup is', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.bashrc');
  writeFileSync(f, 'export GOROOT=/a\n');
  applyFixes([request('GT103', { files: [commentOut(f, 'GOROOT')] })], { stateDir: s.state });
  writeFileSync(f, '# export GOROOT=/a\nexport NEW=1\n');
  const u = undoRun({ stateDir: s.state });
  assert.equal(u.status, 'undo-incomplete');
  assert.match(u.conflicts[0]!, /edited after gotune changed it; left as it is — the original is in .*backups\/file-0/);
  assert.equal(readFileSync(f, 'utf8'), '# export GOROOT=/a\nexport NEW=1\n');
});

test('a failing command fails its fix and keeps the other fixes', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.bashrc');
  writeFileSync(f, 'export GOROOT=/a\n');
  const r = applyFixes([
    request('GT103', { files: [commentOut(f, 'GOROOT')], commands: [{ argv: ['false'], description: 'fails' }] }),
  ], { stateDir: s.state, runCommand: () => ({ status: 1, stdout: '', stderr: 'boom\nmore' }) });
  assert.equal(r.outcomes[0]!.state, 'failed');
  assert.match(r.outcomes[0]!.reasons.join('\n'), /`false` failed: boom/);
  assert.match(r.outcomes[0]!.reasons.join('\n'), /partially applied \(.*\.bashrc\); gotune fix --undo/);
  const u = undoRun({ stateDir: s.state });
  assert.match(u.notReversible.join('\n'), /`false` \(fails\) cannot be undone automatically/);
  assert.equal(readFileSync(f, 'utf8'), 'export GOROOT=/a\n');
});

test('go env -w / -u: the env file is backed up with previous values and restored byte for byte', { skip: hasGo ? false : `no go at ${GO}` }, (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const envFile = s.path('goenv');
  const original = 'GOROOT=/opt/old-go\nGOPROXY=https://corp.example/proxy,direct\nGOFLAGS=-mod=mod\n';
  writeFileSync(envFile, original);
  const env = { HOME: s.dir, PATH: '/usr/bin:/bin', GOENV: envFile };
  const r = applyFixes([
    // The file's GOROOT names a missing tree, so go would not start without a valid one in its environment.
    request('GT406', { commands: [{ argv: ['go', 'env', '-u', 'GOROOT'], env: { GOROOT: GOROOT_OF_GO }, description: 'remove GOROOT' }] }),
    request('GT301', { commands: [{ argv: ['go', 'env', '-w', 'GOPROXY=https://proxy.golang.org,direct', 'GOPRIVATE=*.corp.example'], description: 'reset GOPROXY' }] }),
  ], { stateDir: s.state, env, goBinary: GO });
  assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
  const changed = readFileSync(envFile, 'utf8');
  assert.doesNotMatch(changed, /GOROOT/);
  assert.match(changed, /GOPROXY=https:\/\/proxy.golang.org,direct/);
  const m = readManifest(r.runDir!);
  assert.equal(m.envFiles.length, 1);
  assert.deepEqual(m.envFiles[0]!.keys, [
    { key: 'GOROOT', previous: '/opt/old-go' },
    { key: 'GOPROXY', previous: 'https://corp.example/proxy,direct' },
    { key: 'GOPRIVATE', previous: null },
  ]);
  assert.equal(m.commands[0]!.argv[0], GO, 'commands run the go that was diagnosed');
  const u = undoRun({ stateDir: s.state, env, goBinary: GO });
  assert.equal(u.status, 'undone');
  assert.equal(readFileSync(envFile, 'utf8'), original);
});

test('go env undo after someone else changed another setting: only our keys are put back, through go env', { skip: hasGo ? false : `no go at ${GO}` }, (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const envFile = s.path('goenv');
  writeFileSync(envFile, 'GOROOT=/opt/old-go\n');
  const env = { HOME: s.dir, PATH: '/usr/bin:/bin', GOENV: envFile };
  const r = applyFixes([request('GT406', { commands: [{ argv: ['go', 'env', '-u', 'GOROOT'], env: { GOROOT: GOROOT_OF_GO }, description: 'remove GOROOT' }] })], { stateDir: s.state, env, goBinary: GO });
  assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
  const w = spawnSync(GO, ['env', '-w', 'GOFLAGS=-mod=mod'], { env, encoding: 'utf8' });
  assert.equal(w.status, 0, w.stderr);
  const u = undoRun({ stateDir: s.state, env, goBinary: GO });
  assert.equal(u.status, 'undone', JSON.stringify(u));
  assert.match(u.messages.join('\n'), /restored GOROOT=\/opt\/old-go with go env/);
  const values = readFileSync(envFile, 'utf8');
  assert.match(values, /^GOROOT=\/opt\/old-go$/m);
  assert.match(values, /^GOFLAGS=-mod=mod$/m, 'the later change is kept');
});

test('go env -w creating the env file: undo removes it again', { skip: hasGo ? false : `no go at ${GO}` }, (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const envFile = s.path('cfg/go/env');
  const env = { HOME: s.dir, PATH: '/usr/bin:/bin', GOENV: envFile };
  const r = applyFixes([request('GT308', { commands: [{ argv: ['go', 'env', '-w', 'GOPRIVATE=example.com'], description: 'set GOPRIVATE' }] })], { stateDir: s.state, env, goBinary: GO });
  assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
  assert.ok(existsSync(envFile));
  const u = undoRun({ stateDir: s.state, env, goBinary: GO });
  assert.deepEqual(u.removed, [envFile]);
  assert.ok(!existsSync(envFile));
});

test('history lists runs; undo by id prefix; the latest undoable run is chosen by default', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const a = s.path('a');
  const b = s.path('b');
  writeFileSync(a, 'x\n');
  writeFileSync(b, 'y\n');
  const r1 = applyFixes([request('GT103', { files: [change(a, [{ offset: 0, length: 1, newText: 'X' }])] })], { stateDir: s.state, now: () => new Date('2026-01-01T00:00:00Z') });
  const r2 = applyFixes([request('GT201', { files: [change(b, [{ offset: 0, length: 1, newText: 'Y' }])] })], { stateDir: s.state, now: () => new Date('2026-01-02T00:00:00Z') });
  const runs = listRuns(s.state);
  assert.deepEqual(runs.map((r) => r.id), [r1.runId, r2.runId]);
  undoRun({ stateDir: s.state, runId: r1.runId!.slice(0, 15) });
  assert.equal(readFileSync(a, 'utf8'), 'x\n');
  assert.equal(readFileSync(b, 'utf8'), 'Y\n');
  const u = undoRun({ stateDir: s.state });
  assert.equal(u.runId, r2.runId);
  assert.equal(readFileSync(b, 'utf8'), 'y\n');
});

test('a state directory that cannot hold backups stops the run before any change', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.bashrc');
  writeFileSync(f, 'export GOROOT=/a\n');
  writeFileSync(s.path('not-a-dir'), '');
  assert.throws(() => applyFixes([request('GT103', { files: [commentOut(f, 'GOROOT')] })], { stateDir: s.path('not-a-dir/gotune') }), (e: Error) => e instanceof FixRecordError && /nothing was changed/.test(e.message));
  assert.equal(readFileSync(f, 'utf8'), 'export GOROOT=/a\n');
});

test('one run at a time: a second apply while the lock is held is refused', (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.bashrc');
  writeFileSync(f, 'export GOROOT=/a\n');
  mkdirSync(s.state, { recursive: true });
  // A lock held by a live process (this test runner's parent stands in for another gotune).
  writeFileSync(join(s.state, 'lock'), `${process.ppid}\n`);
  assert.throws(() => applyFixes([request('GT103', { files: [commentOut(f, 'GOROOT')] })], { stateDir: s.state }), LockError);
  assert.equal(readFileSync(f, 'utf8'), 'export GOROOT=/a\n');
  // A lock left by a process that is gone is taken over.
  writeFileSync(join(s.state, 'lock'), '999999999\n');
  assert.equal(applyFixes([request('GT103', { files: [commentOut(f, 'GOROOT')] })], { stateDir: s.state }).status, 'applied');
  assert.ok(!existsSync(join(s.state, 'lock')), 'released after the run');
});

test('undo killed between writing its temporary file and renaming it: the next undo still restores files and the go env file', { skip: hasGo ? false : `no go at ${GO}` }, (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const f = s.path('.bashrc');
  writeFileSync(f, 'export GOROOT=/opt/go\n');
  const envFile = s.path('goenv');
  writeFileSync(envFile, 'GOPROXY=https://corp.example/proxy\n');
  const env = { HOME: s.dir, PATH: '/usr/bin:/bin', GOENV: envFile };
  const r = applyFixes([
    request('GT103', { files: [commentOut(f, 'export GOROOT')] }),
    request('GT301', { commands: [{ argv: ['go', 'env', '-w', 'GOPROXY=https://proxy.golang.org,direct'], description: 'reset GOPROXY' }] }),
  ], { stateDir: s.state, env, goBinary: GO });
  assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
  // What a killed undo leaves behind: its temporary files, named after the run.
  const leftovers = [tempPathFor(f, `undo-${r.runId!}`), tempPathFor(envFile, `undo-${r.runId!}`)];
  for (const p of leftovers) writeFileSync(p, 'half-written');
  const u = undoRun({ stateDir: s.state, env, goBinary: GO });
  assert.equal(u.status, 'undone', JSON.stringify(u));
  assert.equal(readFileSync(f, 'utf8'), 'export GOROOT=/opt/go\n');
  assert.equal(readFileSync(envFile, 'utf8'), 'GOPROXY=https://corp.example/proxy\n');
  for (const p of leftovers) assert.ok(!existsSync(p), `${p} is cleaned up`);
});

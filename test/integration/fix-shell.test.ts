// The fix engine against a real login shell: a throw-away HOME whose startup files export a wrong
// GOROOT (one of them a stow-style symlink) and whose go env -w file sets one too. The fixes are
// built here by hand, so this test does not depend on which checks exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { applyFixes } from '../../src/fix/apply.ts';
import { stateDirFor } from '../../src/fix/manifest.ts';
import { undoRun } from '../../src/fix/undo.ts';
import { commentOut, request } from '../fix/fix-helpers.ts';
import { GO_MAIN_ROOT, makeSandbox } from '../helpers/sandbox.ts';

const GO = join(GO_MAIN_ROOT, 'bin', 'go');

function loginShell(env: Record<string, string>, script: string) {
  return spawnSync('bash', ['-lc', script], { env, encoding: 'utf8', timeout: 60_000 });
}

test('a wrong GOROOT in .profile, a symlinked .bashrc and the go env file: fixed for a fresh login shell, undone byte for byte', { skip: existsSync(GO) ? false : `no go at ${GO}` }, (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  // As root, /etc/profile resets PATH, so .profile puts go on it as users do.
  const profile = sb.write(join(sb.home, '.profile'), `# ~/.profile\nexport PATH="${GO_MAIN_ROOT}/bin:$PATH"\nexport GOROOT=/opt/go-wrong\nif [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi`);
  const realRc = sb.write(join(sb.home, 'dotfiles/bash/.bashrc'), '# ~/.bashrc\nalias ll="ls -l"\nexport GOROOT=/opt/go-wrong # from an old tutorial\n');
  symlinkSync('dotfiles/bash/.bashrc', join(sb.home, '.bashrc'));
  const envFile = sb.write(join(sb.home, '.config/go/env'), 'GOFLAGS=-mod=mod\nGOROOT=/usr/lib/go-1.19\n');
  const originals = new Map([profile, realRc, envFile].map((f) => [f, readFileSync(f)]));

  const before = loginShell(sb.env, 'go env GOROOT');
  assert.match(before.stderr, /cannot find GOROOT directory: \/opt\/go-wrong/);

  const stateDir = stateDirFor(sb.env);
  const r = applyFixes([
    request('GT403', { files: [commentOut(profile, 'export GOROOT', '# disabled by gotune fix: GOROOT is found by the go command itself\n# ')] }),
    request('GT103', { files: [commentOut(join(sb.home, '.bashrc'), 'export GOROOT', '# disabled by gotune fix: GOROOT is found by the go command itself\n# ')] }),
    request('GT406', { commands: [{ argv: ['go', 'env', '-u', 'GOROOT'], description: 'remove GOROOT from the go env -w file' }] }),
  ], { stateDir, env: sb.env, goBinary: GO });
  assert.equal(r.status, 'applied', JSON.stringify(r.outcomes, null, 2));
  assert.ok(stateDir.startsWith(join(sb.home, '.local/state/gotune')));

  const after = loginShell(sb.env, 'go env GOROOT GOFLAGS');
  assert.equal(after.status, 0, after.stderr);
  assert.equal(after.stdout, `${GO_MAIN_ROOT}\n-mod=mod\n`);
  assert.ok(lstatSync(join(sb.home, '.bashrc')).isSymbolicLink(), 'the stow link is still a link');
  assert.match(readFileSync(realRc, 'utf8'), /\n# disabled by gotune fix: GOROOT is found by the go command itself\n# export GOROOT=\/opt\/go-wrong # from an old tutorial\n$/);
  assert.ok(!readFileSync(profile, 'utf8').endsWith('\n'), '.profile still has no final newline');

  const u = undoRun({ stateDir, env: sb.env, goBinary: GO });
  assert.equal(u.status, 'undone', JSON.stringify(u));
  for (const [f, bytes] of originals) assert.deepEqual(readFileSync(f), bytes, `${f} is byte-identical after undo`);
  assert.match(loginShell(sb.env, 'go env GOROOT').stderr, /cannot find GOROOT directory: \/opt\/go-wrong/, 'and the shell is as broken as before');
});

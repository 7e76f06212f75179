// `gotune fix --apply` on a real terminal (a pseudo-terminal made by script(1)): it shows each fix,
// asks, and applies what was answered — including answers typed ahead of their question.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCheck } from '../../src/checks/index.ts';
import { GO_MAIN_ROOT, REPO_ROOT, makeSandbox } from '../helpers/sandbox.ts';

const NEEDED = ['GT202', 'GT403'];
const missing = NEEDED.filter((id) => !findCheck(id)?.fixable);
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = missing.length ? `needs fixable checks ${missing.join(', ')}, not registered yet`
  : !hasScript ? 'script(1) is not installed (util-linux)'
  : !existsSync(join(GO_MAIN_ROOT, 'bin/go')) ? 'no go' : false;

test('on a terminal: asks per fix, applies the answers, CI set refuses to ask', { skip }, (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  const profile = sb.write(join(sb.home, '.profile'), `export PATH="${GO_MAIN_ROOT}/bin:$PATH"\nexport GOROOT=/opt/go-wrong\n`);
  const bashrc = sb.write(join(sb.home, '.bashrc'), 'export GOPATH=go\n');
  const env = { ...sb.env, GOROOT: '/opt/go-wrong', GOPATH: 'go', TERM: 'dumb', GOTUNE_ETC_DIR: join(sb.root, 'etc') };
  const cmd = `cd ${JSON.stringify(REPO_ROOT)} && ${JSON.stringify(process.execPath)} --import tsx src/cli/bin.ts fix --apply --only ${NEEDED.join(',')} ${JSON.stringify(sb.project)}`;
  // GT202 (a choice) comes first, then GT403 (safe): take the second alternative, then yes.
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { input: '2\ny\n', env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Choose 1-2, s to skip, q to stop: 2/);
  assert.match(r.stdout, /Apply this fix\? \[y\]es, \[n\]o, \[a\]ll safe fixes, \[q\]uit: y/);
  assert.match(readFileSync(bashrc, 'utf8'), /^# export GOPATH=go$/m);
  assert.match(readFileSync(profile, 'utf8'), /^# export GOROOT=\/opt\/go-wrong$/m);

  const ci = spawnSync('script', ['-qec', cmd, '/dev/null'], { input: '', env: { ...env, CI: 'true' }, encoding: 'utf8', timeout: 120_000 });
  assert.equal(ci.status, 2, ci.stdout);
  assert.match(ci.stdout, /--apply needs --yes here \(CI is set\)/);
});

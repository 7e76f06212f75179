// `gotune fix` end to end with the real checks: a throw-away HOME whose startup files export a
// GOROOT that does not exist and a relative GOPATH, with a tool installed in GOPATH/bin that is not
// on PATH. gotune runs inside login shells, so it sees the environment a user's terminal would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findCheck } from '../../src/checks/index.ts';
import { CLI, GO_MAIN_ROOT, REPO_ROOT, makeSandbox } from '../helpers/sandbox.ts';
import { applyUntilQuiet } from '../fix/fix-helpers.ts';

const NEEDED = ['GT103', 'GT202', 'GT207', 'GT403'];
const missing = NEEDED.filter((id) => !findCheck(id)?.fixable);
const GO = join(GO_MAIN_ROOT, 'bin', 'go');

/** The bundled CLI when it is at least as new as the fix sources, else the sources through tsx. */
function gotuneCommand(): string {
  const newest = Math.max(...['src/cli/fix.ts', ...readdirSync(join(REPO_ROOT, 'src/fix')).map((f) => `src/fix/${f}`)].map((f) => statSync(join(REPO_ROOT, f)).mtimeMs));
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newest) return `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`;
  return `cd ${JSON.stringify(REPO_ROOT)} && ${JSON.stringify(process.execPath)} --import tsx src/cli/bin.ts`;
}

const skip = missing.length ? `needs fixable checks ${missing.join(', ')}, not registered yet` : !existsSync(GO) ? `no go at ${GO}` : false;

test('gotune fix --apply --yes in login shells until nothing is left; doctor is quiet; --undo restores every byte', { skip }, (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  const gotune = gotuneCommand();
  const profile = sb.write(join(sb.home, '.profile'), `# ~/.profile\nexport PATH="${GO_MAIN_ROOT}/bin:$PATH"\nexport GOROOT=/opt/go-wrong\nif [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi\n`);
  const bashrc = sb.write(join(sb.home, '.bashrc'), '# ~/.bashrc\nalias ll="ls -l"\nexport GOPATH=go\n');
  sb.write(join(sb.home, 'go/bin/hello-tool'), '#!/bin/sh\necho hello\n', 0o755);
  const originals = new Map([profile, bashrc].map((f) => [f, readFileSync(f)]));
  const env = { ...sb.env, GOTUNE_ETC_DIR: join(sb.root, 'etc') };
  const login = (script: string) => spawnSync('bash', ['-lc', script], { env, encoding: 'utf8', timeout: 120_000, cwd: sb.project });
  const fix = (args: string) => login(`${gotune} fix ${args} ${JSON.stringify(sb.project)}`);

  const broken = login('go env GOROOT');
  assert.match(broken.stderr, /cannot find GOROOT directory/);

  // Preview: nothing written.
  const preview = fix('');
  assert.equal(preview.status, 0, preview.stderr);
  assert.match(preview.stdout, /GT403|GT103/);
  for (const [f, bytes] of originals) assert.deepEqual(readFileSync(f), bytes);

  // No terminal: --apply alone refuses.
  const refused = fix('--apply');
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /--apply needs --yes/);

  // While GOROOT is broken the go command cannot report GOPATH or GOBIN, so some checks can only
  // judge after the first round; each round runs in a fresh login shell.
  const runs = applyUntilQuiet(t, fix);

  const fresh = login('go env GOROOT GOPATH; command -v hello-tool');
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.equal(fresh.stdout, `${GO_MAIN_ROOT}\n${sb.home}/go\n${sb.home}/go/bin/hello-tool\n`);

  const doctor = login(`${gotune} doctor --json --only ${NEEDED.join(',')} ${JSON.stringify(sb.project)}`);
  const report = JSON.parse(doctor.stdout) as { findings: { id: string; severity: string; message: string }[]; checks: { id: string; status: string }[] };
  assert.ok(Array.isArray(report.findings), doctor.stdout.slice(0, 500));
  assert.deepEqual(report.checks.map((c) => c.id).filter((id) => NEEDED.includes(id)).sort(), NEEDED, 'the fixed checks ran');
  assert.ok(report.checks.every((c) => c.status !== 'crashed' && c.status !== 'timeout'));
  const serious = report.findings.filter((f) => f.severity !== 'info');
  assert.deepEqual(serious, [], doctor.stdout);

  const history = fix('--history');
  for (const id of runs) assert.match(history.stdout, new RegExp(`${id}\\s+applied`));

  for (const id of [...runs].reverse()) {
    const u = fix(`--undo ${id}`);
    assert.equal(u.status, 0, u.stdout + u.stderr);
  }
  for (const [f, bytes] of originals) assert.deepEqual(readFileSync(f), bytes, `${f} is byte-identical after undo`);
  assert.match(login('go env GOROOT').stderr, /cannot find GOROOT directory/);
});

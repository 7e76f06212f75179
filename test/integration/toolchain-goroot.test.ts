// GOROOT traps built for real: the real go's own error, and gotune's finding about it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { applyEdits, sha256 } from '../../src/fix/edits.ts';
import { GO_MAIN_ROOT, GO_OLD_ROOT, hasOldGo, makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { toolchainChecks } from '../../src/checks/toolchain/index.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { FactsSnapshot } from '../../src/facts/types.ts';
import { findingsOf } from '../helpers/check-findings.ts';

const findings = (facts: FactsSnapshot, id: string): Promise<Finding[]> => findingsOf(toolchainChecks, facts, id);

function module(sb: Sandbox, go = '1.19'): void {
  sb.write(join(sb.project, 'go.mod'), `module example.com/app\n\ngo ${go}\n`);
  sb.write(join(sb.project, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n');
}

test('GT104: GOROOT of go1.19 under the go1.26 binary', { skip: !hasOldGo }, async (t) => {
  const sb = makeSandbox({ env: { GOROOT: GO_OLD_ROOT } });
  t.after(() => sb.cleanup());
  module(sb);
  const r = sb.go(['build', '-o', join(sb.root, 'app'), '.']);
  assert.notEqual(r.status, 0);
  // The real message, e.g. `compile: version "go1.19.8" does not match go tool version "go1.26.8"`.
  const m = /compile: version "(go[^"]+)" does not match go tool version "(go[^"]+)"/.exec(r.stderr);
  assert.ok(m, r.stderr);
  const env = sb.go(['env', 'GOVERSION', 'GOROOT']);
  assert.deepEqual(env.stdout.trim().split('\n'), [m[2], GO_OLD_ROOT], 'go env reports the binary release and the foreign GOROOT');

  const facts = await sb.gather();
  const [f] = await findings(facts, 'GT104');
  assert.ok(f, 'GT104 fires');
  assert.equal(f.severity, 'error');
  assert.ok(f.message.includes(`\`compile: version "${m[1]}" does not match go tool version "${m[2]}"\``), f.message);
  assert.match(f.message, /set in process environment/);
  const gt103 = await findings(facts, 'GT103');
  assert.equal(gt103.length, 1);
  assert.equal(gt103[0]!.severity, 'warning');
});

test('GT105: GOROOT set to a missing directory', async (t) => {
  const missing = '/nonexistent/gotune/goroot';
  const sb = makeSandbox({ env: { GOROOT: missing } });
  t.after(() => sb.cleanup());
  module(sb);
  const r = sb.go(['env', 'GOROOT']);
  assert.notEqual(r.status, 0);
  assert.equal(r.stderr.trim(), `go: cannot find GOROOT directory: ${missing}`);

  const facts = await sb.gather();
  assert.equal(facts.goroot?.exists, false);
  const [f] = await findings(facts, 'GT105');
  assert.ok(f?.message.includes(`\`go: cannot find GOROOT directory: ${missing}\``), f?.message);
  const [e] = await findings(facts, 'GT111');
  assert.match(e!.message, /cannot find GOROOT directory/, 'go env failed too, with the same stderr');
  assert.deepEqual(await findings(facts, 'GT104'), [], 'a missing GOROOT is not also a mismatch');
});

test('GT105: GOROOT is an empty directory; go env answers, builds fail', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  const empty = join(sb.root, 'empty-goroot');
  mkdirSync(empty);
  module(sb);
  const env = sb.go(['env', 'GOROOT'], { env: { GOROOT: empty } });
  assert.equal(env.status, 0);
  assert.equal(env.stdout.trim(), empty);
  const build = sb.go(['build', '-o', join(sb.root, 'app'), '.'], { env: { GOROOT: empty } });
  assert.notEqual(build.status, 0);
  assert.ok(build.stderr.includes(`package fmt is not in std (${empty}/src/fmt)`), build.stderr);
  const facts = await sb.gather({ env: { ...sb.env, GOROOT: empty } });
  const [f] = await findings(facts, 'GT105');
  assert.match(f!.message, /is not a Go tree: it has no pkg\/tool, src\/runtime, bin\/go/);
  assert.ok(f!.message.includes(`package fmt is not in std (${empty}/src/fmt)`));
});

test('GT103: GOROOT in the go env -w file; the fix command works even when that GOROOT is broken', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  module(sb, '1.26');
  assert.equal(sb.go(['env', '-w', `GOROOT=${GO_MAIN_ROOT}`]).status, 0, 'go env -w accepts GOROOT');
  let facts = await sb.gather();
  let [f] = await findings(facts, 'GT103');
  assert.equal(f!.severity, 'info');
  assert.deepEqual(f!.fix!.commands![0]!.argv, ['go', 'env', '-u', 'GOROOT']);
  assert.equal(f!.fix!.safe, true);

  const gone = join(sb.root, 'gone');
  assert.equal(sb.go(['env', '-w', `GOROOT=${gone}`]).status, 0);
  const plain = sb.go(['env', '-u', 'GOROOT']);
  assert.notEqual(plain.status, 0, 'a plain `go env -u GOROOT` fails while GOROOT is broken');
  assert.match(plain.stderr, /cannot find GOROOT directory/);
  facts = await sb.gather();
  [f] = await findings(facts, 'GT103');
  assert.equal(f!.severity, 'warning');
  const cmd = f!.fix!.commands![0]!;
  assert.deepEqual(cmd.env, { GOROOT: GO_MAIN_ROOT });
  // Run the fix command exactly as the finding describes it.
  const run = sb.go(cmd.argv.slice(1), { env: cmd.env });
  assert.equal(run.status, 0, run.stderr);
  const envFile = join(sb.home, '.config', 'go', 'env');
  assert.ok(!existsSync(envFile) || !/GOROOT=/.test(readFileSync(envFile, 'utf8')));
  assert.equal(sb.go(['env', 'GOROOT']).stdout.trim(), GO_MAIN_ROOT);
});

test('dist CLI reports GT104 in its JSON when the bundle includes the check', { skip: !hasOldGo }, async (t) => {
  const sb = makeSandbox({ env: { GOROOT: GO_OLD_ROOT } });
  t.after(() => sb.cleanup());
  const list = sb.gotune(['doctor', '--list-checks', '--json']);
  if (list.status !== 0 || !list.stdout.includes('GT104')) { t.skip('dist/gotune.mjs predates GT104'); return; }
  module(sb);
  const r = sb.gotune(['doctor', '--json', '--only', 'GT104']);
  assert.match(r.stdout, /does not match go tool version/);
});

test('GT103: `export GOROOT` in ~/.bashrc — the comment-out edit applies to the real file and a new shell no longer has GOROOT', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  module(sb, '1.26');
  const bashrc = sb.write(join(sb.home, '.bashrc'), `# PATH and friends\nexport GOROOT=${GO_MAIN_ROOT}\nalias ll='ls -l'\n`);
  const shellGoroot = () => spawnSync('bash', ['-ic', 'printf "[%s]" "$GOROOT"'], { env: { HOME: sb.home, PATH: sb.env['PATH']!, TERM: 'dumb' }, encoding: 'utf8' }).stdout.trim();
  assert.equal(shellGoroot(), `[${GO_MAIN_ROOT}]`);
  const facts = await sb.gather({ env: { ...sb.env, GOROOT: GO_MAIN_ROOT } });
  const found = await findings(facts, 'GT103');
  if (!facts.shellStartup.assignments.some((a) => a.variable === 'GOROOT')) { t.skip('shell startup gatherer does not report assignments yet'); return; }
  assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.message)));
  const [f] = found;
  assert.equal(f!.severity, 'info');
  assert.equal(f!.fix!.safe, true);
  const change = f!.fix!.files![0]!;
  const original = readFileSync(bashrc);
  assert.equal(sha256(original), change.originalSha256);
  writeFileSync(bashrc, applyEdits(original, change.edits));
  const date = facts.gatheredAt.slice(0, 10);
  assert.equal(readFileSync(bashrc, 'utf8'), `# PATH and friends\n# disabled by gotune fix ${date}: GOROOT is found by the go command itself\n# export GOROOT=${GO_MAIN_ROOT}\nalias ll='ls -l'\n`);
  assert.equal(shellGoroot(), '[]');
  assert.equal(sb.go(['env', 'GOROOT']).stdout.trim(), GO_MAIN_ROOT, 'the go command finds the same root by itself');
});

test('GT103: a PATH line reading $GOROOT keeps the assignment out of the automatic fix', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  sb.write(join(sb.home, '.bashrc'), `export GOROOT=${GO_MAIN_ROOT}\nexport PATH=$PATH:$GOROOT/bin\n`);
  const facts = await sb.gather({ env: { ...sb.env, GOROOT: GO_MAIN_ROOT } });
  if (!facts.shellStartup.assignments.some((a) => a.variable === 'GOROOT')) { t.skip('shell startup gatherer does not report assignments yet'); return; }
  const [f] = await findings(facts, 'GT103');
  assert.equal(f!.fix!.files, undefined);
  assert.match(f!.fix!.manual!, /\.bashrc:2 read \$GOROOT/);
});

// Which go runs: several on PATH, none, and the bad inputs a PATH can hold — checked against the
// real go and the real exec lookup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { GO_MAIN_ROOT, GO_OLD_ROOT, hasOldGo, makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runChecks } from '../../src/engine/runner.ts';
import { toolchainChecks } from '../../src/checks/toolchain/index.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { FactsSnapshot } from '../../src/facts/types.ts';
import { findingsOf, cliFindings } from '../helpers/check-findings.ts';

const findings = (facts: FactsSnapshot, id: string): Promise<Finding[]> => findingsOf(toolchainChecks, facts, id);

async function noCrash(facts: FactsSnapshot): Promise<void> {
  for (const r of await runChecks(toolchainChecks, facts)) assert.notEqual(r.status, 'crashed', `${r.id} crashed: ${r.findings[0]?.message}`);
}

function withPath(sb: Sandbox, entries: string[]): void {
  sb.env['PATH'] = entries.join(':');
}

const goVersion = (sb: Sandbox) => /go version (\S+)/.exec(sb.go(['version']).stdout)?.[1];

test('GT102: /usr/local/go/bin and /usr/lib/go-1.19/bin both on PATH, either order', { skip: !hasOldGo }, async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  const main = join(GO_MAIN_ROOT, 'bin'), old = join(GO_OLD_ROOT, 'bin');

  withPath(sb, [sb.bin, main, old, '/usr/bin', '/bin']);
  const mainVersion = goVersion(sb)!;
  let [f] = await findings(await sb.gather(), 'GT102');
  assert.equal(f!.severity, 'warning');
  assert.ok(f!.message.startsWith(`2 different \`go\` executables are on PATH; ${main}/go (${mainVersion}) wins, ${old}/go (go1.19.8) is never run`), f!.message);

  withPath(sb, [sb.bin, old, main, '/usr/bin', '/bin']);
  assert.equal(goVersion(sb), 'go1.19.8', 'the real lookup takes the first');
  const facts = await sb.gather();
  [f] = await findings(facts, 'GT102');
  assert.match(f!.message, new RegExp(`${old}/go \\(go1\\.19\\.8\\) wins`));
  const [unsupported] = await findings(facts, 'GT106');
  assert.match(unsupported!.message, /go1\.19\.8 .*Go 1\.19 line, which is no longer supported/);
});

test('GT101: no go on PATH names /usr/local/go', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  withPath(sb, [sb.bin, '/usr/bin', '/bin']);
  const r = sb.go(['version']);
  assert.equal((r.error as NodeJS.ErrnoException | undefined)?.code, 'ENOENT');
  const facts = await sb.gather();
  assert.equal(facts.goEnv?.binary, null);
  const [f] = await findings(facts, 'GT101');
  assert.equal(f!.severity, 'error');
  assert.ok(f!.message.includes(`${GO_MAIN_ROOT} (`), f!.message);
  assert.match(f!.hint!, new RegExp(`export PATH="${GO_MAIN_ROOT}/bin:\\$PATH"`));
  assert.deepEqual(await findings(facts, 'GT111'), [], 'no go is GT101, not a go env failure');
  const cli = cliFindings(sb, 'GT101');
  if (cli) assert.deepEqual(cli.map((x) => [x.severity, x.message]), [[f!.severity, f!.message]], 'the built CLI says the same');
  await noCrash(facts);
});

test('bad input: a go that hangs — gatherFacts keeps its budget and GT111 reports it', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  sb.write(join(sb.bin, 'go'), '#!/bin/sh\nsleep 60\n', 0o755);
  const started = Date.now();
  const facts = await sb.gather({ goEnvTimeoutMs: 500 });
  assert.ok(Date.now() - started < 20_000, 'does not hang');
  assert.equal(facts.goEnv?.timedOut, true);
  assert.match(facts.goBinaries[0]!.error!, /did not finish within/);
  const [f] = await findings(facts, 'GT111');
  assert.match(f!.message, /did not finish in time/);
  const [shadow] = await findings(facts, 'GT102');
  assert.match(shadow!.message, new RegExp(`${sb.bin}/go \\(version unknown\\) wins`));
  await noCrash(facts);
});

test('bad input: a go that prints invalid JSON', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  sb.write(join(sb.bin, 'go'), '#!/bin/sh\necho \'{"GOROOT": \'\n', 0o755);
  const facts = await sb.gather();
  const [f] = await findings(facts, 'GT111');
  assert.match(f!.message, /invalid JSON/);
  await noCrash(facts);
});

test('bad input: a go that is not executable is skipped, as exec does', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  sb.write(join(sb.bin, 'go'), '#!/bin/sh\necho go version go1.0 fake\n', 0o644);
  const real = goVersion(sb);
  assert.match(real!, /^go1\.\d+/, 'the real lookup skips the non-executable file');
  let facts = await sb.gather();
  assert.equal(facts.goBinaries[0]!.executable, false);
  assert.equal(facts.goEnv?.binary, join(GO_MAIN_ROOT, 'bin', 'go'));
  assert.deepEqual(await findings(facts, 'GT101'), []);
  assert.deepEqual(await findings(facts, 'GT102'), []);
  withPath(sb, [sb.bin, '/usr/bin', '/bin']);
  facts = await sb.gather();
  const [f] = await findings(facts, 'GT101');
  assert.match(f!.message, /is on PATH but cannot run \(not executable\)/);
});

test('bad input: PATH with 5,000 entries including empty and relative ones', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  const entries: string[] = [];
  for (let i = 0; i < 5000; i++) entries.push(i % 4 === 0 ? '' : i % 4 === 1 ? `rel${i}/bin` : i % 4 === 2 ? `/nonexistent/p${i}` : sb.bin);
  entries[4000] = join(GO_MAIN_ROOT, 'bin');
  withPath(sb, entries);
  assert.match(goVersion(sb)!, /^go1\./);
  const started = Date.now();
  const facts = await sb.gather();
  assert.ok(Date.now() - started < 30_000, 'does not stall');
  assert.equal(facts.path.truncated, true);
  assert.equal(facts.goBinaries[0]?.pathIndex, 4000);
  assert.equal(facts.goEnv?.ok, true);
  await noCrash(facts);
});

test('bad input: a symlink loop named go on PATH', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  symlinkSync(join(sb.bin, 'go-b'), join(sb.bin, 'go'));
  symlinkSync(join(sb.bin, 'go'), join(sb.bin, 'go-b'));
  // bash skips the loop and runs the next go; execvp (Node's spawn) stops at ELOOP instead.
  const viaShell = spawnSync('bash', ['-c', 'go version'], { env: sb.env, encoding: 'utf8' });
  assert.match(viaShell.stdout, /^go version go1\./);
  assert.equal((sb.go(['version']).error as NodeJS.ErrnoException | undefined)?.code, 'ELOOP');
  const facts = await sb.gather();
  assert.match(facts.goBinaries[0]!.error!, /symlink loop/);
  assert.equal(facts.goEnv?.ok, true);
  assert.deepEqual(await findings(facts, 'GT102'), []);
  await noCrash(facts);
});

test('bad input: a HOME that does not exist', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  const home = join(sb.root, 'no-such-home');
  sb.env['HOME'] = home;
  const facts = await sb.gather();
  assert.equal(facts.user.homeExists, false);
  assert.equal(facts.goEnv?.ok, true);
  assert.equal(facts.goEnv?.values['GOMODCACHE'], join(home, 'go', 'pkg', 'mod'));
  // Go 1.23+ telemetry: running any go command creates the config dir, so HOME exists afterwards.
  assert.equal(existsSync(join(home, '.config', 'go', 'telemetry')), true);
  const r = sb.go(['env', 'GOMODCACHE']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), join(home, 'go', 'pkg', 'mod'));
  assert.deepEqual(facts.versionManagers.filter((m) => m.root.startsWith(home)), []);
  await noCrash(facts);
});

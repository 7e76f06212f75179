// GOTOOLCHAIN and the go / toolchain lines, against the real go's decisions and messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { GO_OLD_ROOT, hasOldGo, makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { toolchainChecks } from '../../src/checks/toolchain/index.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { FactsSnapshot } from '../../src/facts/types.ts';
import { decideSwitch, parseGotoolchain } from '../../src/checks/toolchain/gover.ts';
import { findingsOf, cliFindings } from '../helpers/check-findings.ts';

const findings = (facts: FactsSnapshot, id: string): Promise<Finding[]> => findingsOf(toolchainChecks, facts, id);

function goMod(sb: Sandbox, body: string): void {
  sb.write(join(sb.project, 'go.mod'), `module example.com/app\n\n${body}`);
  sb.write(join(sb.project, 'main.go'), 'package main\n\nfunc main() {}\n');
}

test('GT107: go 1.99 under GOTOOLCHAIN=local — the real refusal, quoted exactly', async (t) => {
  const sb = makeSandbox({ env: { GOTOOLCHAIN: 'local' } });
  t.after(() => sb.cleanup());
  goMod(sb, 'go 1.99\n');
  const r = sb.go(['build', './...']);
  assert.notEqual(r.status, 0);
  const real = r.stderr.trim().split('\n')[0]!;
  assert.match(real, /^go: go\.mod requires go >= 1\.99 \(running go 1\.\d+\.\d+; GOTOOLCHAIN=local\)$/);
  const facts = await sb.gather();
  const [f] = await findings(facts, 'GT107');
  assert.equal(f!.severity, 'error');
  assert.ok(f!.message.includes(`\`${real}\``), `${f!.message}\nvs ${real}`);
  assert.deepEqual((f!.source as { kind: string; line?: number }[])[0], { kind: 'project-file', file: join(sb.project, 'go.mod'), line: 3, column: 1, description: 'go.mod:3 (go 1.99)' });
});

test('GT107: GOTOOLCHAIN empty under a GOROOT without go.env (go1.19 tree) — no explanation suffix', { skip: !hasOldGo }, async (t) => {
  // The go1.26 binary with the 1.19 tree as GOROOT reads no go.env: GOTOOLCHAIN is empty.
  const sb = makeSandbox({ env: { GOROOT: GO_OLD_ROOT } });
  t.after(() => sb.cleanup());
  goMod(sb, 'go 1.99\n');
  const r = sb.go(['list', '-m']);
  const real = r.stderr.trim().split('\n')[0]!;
  assert.match(real, /^go: go\.mod requires go >= 1\.99 \(running go 1\.\d+\.\d+\)$/);
  const facts = await sb.gather();
  assert.equal(facts.goEnv?.values['GOTOOLCHAIN'], '');
  const [f] = await findings(facts, 'GT107');
  assert.ok(f!.message.includes(`\`${real}\``), f!.message);
});

test('GT107: go1.19 cannot parse a toolchain line', { skip: !hasOldGo }, async (t) => {
  const sb = makeSandbox({ goroot: GO_OLD_ROOT });
  t.after(() => sb.cleanup());
  goMod(sb, 'go 1.22.1\n\ntoolchain go1.22.5\n');
  const r = sb.go(['list', '-m']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /go\.mod:5: unknown directive: toolchain/);
  assert.match(r.stderr, /go\.mod:3: invalid go version '1\.22\.1': must match format 1\.23/);
  const facts = await sb.gather();
  const [f] = await findings(facts, 'GT107');
  assert.match(f!.message, /unknown directive: toolchain/);
  assert.match(f!.message, /invalid go version '1\.22\.1': must match format 1\.23/);
});

test('GT107: GOTOOLCHAIN=path with no such toolchain on PATH', async (t) => {
  const sb = makeSandbox({ env: { GOTOOLCHAIN: 'path' } });
  t.after(() => sb.cleanup());
  goMod(sb, 'go 1.27.0\n');
  const r = sb.go(['version']);
  const real = r.stderr.trim();
  assert.equal(real, 'go: cannot find "go1.27.0" in PATH');
  const facts = await sb.gather();
  const found = await findings(facts, 'GT107');
  assert.ok(found.some((f) => f.message.includes(`\`${real}\``)), JSON.stringify(found.map((f) => f.message)));
});

test('GT107: GOTOOLCHAIN=auto with GOPROXY=off and GOSUMDB=off — the download cannot happen', async (t) => {
  const sb = makeSandbox({ env: { GOTOOLCHAIN: 'auto', GOSUMDB: 'off', GOPROXY: 'off' } });
  t.after(() => sb.cleanup());
  goMod(sb, 'go 1.27.0\n');
  // GOPROXY=off keeps the test offline; the lookup then fails before any checksum is verified.
  const r = sb.go(['version']);
  assert.notEqual(r.status, 0);
  const real = r.stderr.trim().split('\n').pop()!;
  assert.equal(real, 'go: download go1.27.0 for linux/amd64: toolchain not available');
  const facts = await sb.gather({ goEnvTimeoutMs: 20_000 });
  const [f] = await findings(facts, 'GT107');
  assert.equal(f!.severity, 'error');
  assert.match(f!.message, /golang\.org\/toolchain@v0\.0\.1-go1\.27\.0\.linux-amd64/);
  assert.ok(f!.message.includes(`\`${real}\``), f!.message);
});

test('GT108: GOTOOLCHAIN=banana — the real rejection, and go env GOTOOLCHAIN still answers', async (t) => {
  const sb = makeSandbox({ env: { GOTOOLCHAIN: 'banana' } });
  t.after(() => sb.cleanup());
  goMod(sb, 'go 1.22\n');
  const r = sb.go(['build', './...']);
  assert.equal(r.stderr.trim(), 'go: invalid GOTOOLCHAIN "banana"');
  const exempt = sb.go(['env', 'GOTOOLCHAIN']);
  assert.deepEqual([exempt.status, exempt.stdout.trim()], [0, 'banana']);
  const facts = await sb.gather();
  const [f] = await findings(facts, 'GT108');
  assert.ok(f!.message.includes('`go: invalid GOTOOLCHAIN "banana"`'), f!.message);
  // The real `go env -json` with several keys fails too; doctor pins GOTOOLCHAIN=local for its own
  // `go env`, so it still learns the rest of the environment and only GT108 reports the value.
  const several = sb.go(['env', '-json', 'GOTOOLCHAIN', 'GOVERSION']);
  assert.equal(several.stderr.trim(), 'go: invalid GOTOOLCHAIN "banana"');
  assert.equal((await findings(facts, 'GT111')).length, 0);
  assert.equal(facts.settings['GOTOOLCHAIN']?.value, 'banana');
  const cli = cliFindings(sb, 'GT108');
  if (cli) assert.deepEqual(cli.map((x) => [x.severity, x.message]), [[f!.severity, f!.message]], 'the built CLI says the same');
});

test('GT108: a bad suffix and a language version, as the real go words them', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  goMod(sb, 'go 1.22\n');
  for (const [value, expected] of [
    ['local+x', 'go: invalid GOTOOLCHAIN "local+x": only version suffixes are +auto and +path'],
    ['+auto', 'go: invalid GOTOOLCHAIN "+auto": invalid minimum toolchain ""'],
    ['go2.0', 'go: invalid GOTOOLCHAIN "go2.0"'],
  ] as const) {
    const r = sb.go(['version'], { env: { GOTOOLCHAIN: value } });
    assert.equal(r.stderr.trim(), expected);
    const facts = await sb.gather({ env: { ...sb.env, GOTOOLCHAIN: value } });
    const [f] = await findings(facts, 'GT108');
    assert.ok(f!.message.includes(`\`${expected}\``), f!.message);
  }
  const lang = sb.go(['version'], { env: { GOTOOLCHAIN: 'go1.22', GOPROXY: 'off' } });
  assert.match(lang.stderr, /go: invalid toolchain: go1\.22 is a language version but not a toolchain version \(go1\.22\.x\)/);
  const facts = await sb.gather({ env: { ...sb.env, GOTOOLCHAIN: 'go1.22', GOPROXY: 'off' } });
  const [f] = await findings(facts, 'GT108');
  assert.match(f!.message, /go1\.22 is a language version but not a toolchain version \(go1\.22\.x\)/);
});

test('GT108: banana in the go env -w file; the fix command from the finding really removes it', async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  goMod(sb, 'go 1.22\n');
  assert.equal(sb.go(['env', '-w', 'GOTOOLCHAIN=banana']).status, 0, 'go env -w GOTOOLCHAIN is exempt from the check');
  const plain = sb.go(['env', '-u', 'GOTOOLCHAIN']);
  assert.equal(plain.stderr.trim(), 'go: invalid GOTOOLCHAIN "banana"', 'a plain go env -u fails');
  const facts = await sb.gather();
  const [f] = await findings(facts, 'GT108');
  const cmd = f!.fix!.commands![0]!;
  assert.deepEqual(cmd.env, { GOTOOLCHAIN: 'local' });
  const run = sb.go(cmd.argv.slice(1), { env: cmd.env });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(sb.go(['version']).status, 0);
  assert.deepEqual(await findings(await sb.gather(), 'GT108'), []);
});

test('GT108 agrees with the real go on which GOTOOLCHAIN values are rejected (42 values, offline)', async (t) => {
  const sb = makeSandbox({ env: { GOPROXY: 'off' } });
  t.after(() => sb.cleanup());
  // No go.mod: only GOTOOLCHAIN itself decides. GOPROXY=off: a valid name fails as "not available", never downloads.
  const values = ['auto', 'local', 'path', 'local+auto', 'local+path', 'banana', 'go', 'go1', 'go1.2', 'go1.21', 'go1.22', 'go1.22.0', 'go1.26', 'go1.27rc1',
    'go1.21.3-bigcorp', 'go1.22 x', '+auto', '+path', 'local+x', 'go1.22+banana', 'go2.0', 'go2.0+auto', 'go1.022.1', 'go01.22.1', 'Go1.22.1', 'go1.22.1+',
    'go1.22.1++auto', ' auto', 'auto ', 'gccgo-go1.20.3', 'mygo-go1.22.1', 'go1.21.0-', '1.22.1', 'local+auto+path', 'go1.20', 'go1.19.13', 'go1.22.0+auto',
    'go1.27.0+path', 'go1.26.8-x', 'go1.22.1\tx', 'go1.22.1+auto ', 'go1.25.0+auto'];
  const local = /go version (go\S+)/.exec(sb.go(['version'], { env: { GOTOOLCHAIN: 'local' } }).stdout)![1]!;
  const disagreements: string[] = [];
  // One real snapshot; the value is then put where the environment would have put it (the
  // environment-to-setting path itself is covered by the tests above).
  const base = JSON.stringify(await sb.gather({ projectDir: sb.root }));
  for (const v of [...values, local, `${local}+auto`]) {
    const r = sb.go(['version'], { cwd: sb.root, env: { GOTOOLCHAIN: v } });
    const realMessage = r.stderr.trim().split('\n').pop() ?? '';
    const realRejects = /invalid GOTOOLCHAIN|invalid toolchain:|non-semver module version/.test(realMessage);
    const facts = JSON.parse(base) as FactsSnapshot;
    facts.settings['GOTOOLCHAIN'] = { ...facts.settings['GOTOOLCHAIN']!, value: v, source: 'env', envValue: v };
    const found = await findings(facts, 'GT108');
    const ours = found[0]?.message ?? '';
    if (realRejects !== found.length > 0 || (realRejects && !ours.includes(`\`${realMessage}\``))) disagreements.push(`${JSON.stringify(v)}: go says ${JSON.stringify(realMessage)}, gotune says ${JSON.stringify(ours)}`);
  }
  assert.deepEqual(disagreements, []);
});

test('GT107 replays the real toolchain decision (GODEBUG=toolchaintrace=1) for 5 GOTOOLCHAIN values × 7 go.mod files, offline', async (t) => {
  const sb = makeSandbox({ env: { GOPROXY: 'off' } });
  t.after(() => sb.cleanup());
  const local = /go version go(\S+)/.exec(sb.go(['version'], { env: { GOTOOLCHAIN: 'local' } }).stdout)![1]!;
  const mods: [go: string, toolchain: string | null][] = [['1.26', null], ['1.27', null], ['1.26', 'go1.27.2'], ['1.28.1', 'go1.27.2'], ['1.26', 'default'], ['1.99', 'default'], ['1.20', 'go1.21.0']];
  const disagreements: string[] = [];
  for (const tc of ['auto', 'local', 'path', 'go1.25.0', 'go1.27.0+auto']) {
    for (const [go, toolchain] of mods) {
      goMod(sb, `go ${go}\n${toolchain ? `\ntoolchain ${toolchain}\n` : ''}`);
      const r = sb.go(['version'], { env: { GOTOOLCHAIN: tc, GODEBUG: 'toolchaintrace=1' } });
      const real = /downloading (go\S+) \(|cannot find "(go[^"]+)" in PATH/.exec(r.stderr);
      const realTarget = real ? (real[1] ?? real[2])! : /using local toolchain/.test(r.stderr) ? `go${local}` : `? ${r.stderr}`;
      const parsed = parseGotoolchain(tc);
      assert.ok(parsed.ok);
      const d = decideSwitch(parsed, local, go, toolchain);
      const ours = d.target === 'local' ? `go${local}` : d.target;
      if (ours !== realTarget) disagreements.push(`GOTOOLCHAIN=${tc}, go ${go}, toolchain ${toolchain}: go runs ${realTarget}, gotune predicts ${ours}`);
      // Only the local toolchain's refusal can be read offline (a switched-to one would need a download).
      if (d.tooNew && d.target === 'local') {
        const build = sb.go(['list', '-m'], { env: { GOTOOLCHAIN: tc } });
        const facts = await sb.gather({ env: { ...sb.env, GOTOOLCHAIN: tc } });
        const [f] = await findings(facts, 'GT107');
        const realMsg = build.stderr.trim().split('\n')[0]!;
        if (!f?.message.includes(`\`${realMsg}\``)) disagreements.push(`GOTOOLCHAIN=${tc}, go ${go}, toolchain ${toolchain}: go says ${realMsg}, gotune says ${f?.message}`);
      }
    }
  }
  assert.deepEqual(disagreements, []);
});

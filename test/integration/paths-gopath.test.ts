// GOPATH situations built for real: the go command's own message or `go env` value, and gotune's
// finding from facts gathered in the same sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { makeSandbox, hasOldGo, GO_MAIN_ROOT, GO_OLD_ROOT, CLI, type Sandbox } from '../helpers/sandbox.ts';
import { runChecks } from '../../src/engine/runner.ts';
import { pathsChecks } from '../../src/checks/paths/index.ts';
import type { Finding } from '../../src/engine/types.ts';

/** Generous budgets: on a loaded machine a slow `go env` must not turn into missing facts. */
const GATHER = { goEnvTimeoutMs: 60_000, gathererTimeoutMs: 30_000 };
/** A build cache shared by the sandboxes (through the default XDG_CACHE_HOME/go-build), so builds stay warm. */
const SHARED_XDG_CACHE = join(tmpdir(), 'gotune-test-xdg-cache');

async function findings(sb: Sandbox, id: string): Promise<Finding[]> {
  const facts = await sb.gather({ ...GATHER, testLocking: false });
  const results = await runChecks(pathsChecks, facts, { only: [id] });
  return results.flatMap((r) => r.findings);
}

function withSb(fn: (sb: Sandbox) => Promise<void>, opts?: Parameters<typeof makeSandbox>[0]): () => Promise<void> {
  return async () => {
    const sb = makeSandbox({ ...opts, env: { XDG_CACHE_HOME: SHARED_XDG_CACHE, ...opts?.env } });
    sb.write('project/go.mod', 'module example.com/app\n\ngo 1.21\n');
    sb.write('project/main.go', 'package main\n\nfunc main() {}\n');
    try { await fn(sb); } finally { sb.cleanup(); }
  };
}

test('GT202: relative GOPATH — every go command refuses, gotune reports it with the same words', withSb(async (sb) => {
  sb.env['GOPATH'] = 'gopath';
  const r = sb.go(['env', 'GOPATH']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /^go: GOPATH entry is relative; must be absolute path: "gopath"\.$/m);
  const build = sb.go(['build', '.']);
  assert.match(build.stderr, /GOPATH entry is relative; must be absolute path: "gopath"\./);
  const [f, ...rest] = await findings(sb, 'GT202');
  assert.equal(rest.length, 0);
  assert.equal(f!.severity, 'error');
  assert.match(f!.message, /go: GOPATH entry is relative; must be absolute path: "gopath"\./);
  assert.equal(f!.fix?.choices?.[0]?.label, `GOPATH=${sb.home}/gopath`);
}));

test('GT203: GOPATH starting with ~ — the go command quotes it, gotune too; the fix command works with the real go', withSb(async (sb) => {
  mkdirSync(join(sb.home, '.config', 'go'), { recursive: true });
  // `go env -w` refuses a leading ~, so the value gets into the env file by hand, as users do.
  const refused = sb.go(['env', '-w', 'GOPATH=~/go']);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /GOPATH entry cannot start with shell metacharacter '~': "~\/go"/);
  sb.write(join(sb.home, '.config', 'go', 'env'), 'GOPATH=~/go\n');
  const r = sb.go(['env', 'GOPATH']);
  assert.notEqual(r.status, 0);
  assert.equal(r.stderr.trim(), `go: GOPATH entry cannot start with shell metacharacter '~': "~/go"`);
  const [f] = await findings(sb, 'GT203');
  assert.match(f!.message, /go: GOPATH entry cannot start with shell metacharacter '~': "~\/go"/);
  assert.equal(f!.source[0]?.kind, 'env-file');
  const cmd = f!.fix!.commands![0]!;
  assert.deepEqual(cmd.argv, ['go', 'env', '-w', `GOPATH=${sb.home}/go`]);
  // Without the GOPATH override in its environment, the go command would refuse to run the fix itself.
  assert.notEqual(sb.go(cmd.argv.slice(1)).status, 0);
  const applied = sb.go(cmd.argv.slice(1), { env: cmd.env });
  assert.equal(applied.status, 0, applied.stderr);
  assert.equal(sb.go(['env', 'GOPATH']).stdout.trim(), `${sb.home}/go`);
  assert.deepEqual(await findings(sb, 'GT203'), []);
}));

test('GT204: GOPATH equal to GOROOT — the go command warns, gotune explains', withSb(async (sb) => {
  sb.env['GOPATH'] = GO_MAIN_ROOT;
  const r = sb.go(['env', 'GOMODCACHE']);
  assert.equal(r.status, 0);
  assert.match(r.stderr, new RegExp(`^warning: both GOPATH and GOROOT are the same directory \\(${GO_MAIN_ROOT}\\); see https://go.dev/wiki/InstallTroubleshooting$`, 'm'));
  assert.equal(r.stdout.trim(), `${GO_MAIN_ROOT}/pkg/mod`, 'the module cache lands inside GOROOT');
  const [f] = await findings(sb, 'GT204');
  assert.equal(f!.severity, 'warning');
  assert.match(f!.message, /both GOPATH and GOROOT are the same directory/);
  assert.equal(f!.data?.['relation'], 'equal');
}));

test('GT204: Go 1.19 prints the older warning quoted in the finding', { skip: hasOldGo ? false : `no ${GO_OLD_ROOT}` }, withSb(async (sb) => {
  sb.env['GOPATH'] = GO_OLD_ROOT;
  const r = sb.go(['env', 'GOPATH']);
  assert.match(r.stderr, new RegExp(`^warning: GOPATH set to GOROOT \\(${GO_OLD_ROOT}\\) has no effect$`, 'm'));
  const [f] = await findings(sb, 'GT204');
  assert.match(f!.message, new RegExp(`GOPATH set to GOROOT \\(${GO_OLD_ROOT}\\) has no effect`));
}, { goroot: GO_OLD_ROOT }));

test('GT205: several GOPATH entries — only the first holds the module cache', withSb(async (sb) => {
  sb.env['GOPATH'] = `${sb.root}/gp1:${sb.root}/gp2`;
  const r = sb.go(['env', 'GOMODCACHE', 'GOPATH']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), [`${sb.root}/gp1/pkg/mod`, `${sb.root}/gp1:${sb.root}/gp2`]);
  const [f] = await findings(sb, 'GT205');
  assert.equal(f!.severity, 'info');
  assert.match(f!.message, new RegExp(`module cache is ${sb.root}/gp1/pkg/mod`));
}));

test('GT201: GOPATH set to its default with go env -w is info; `go env -u GOPATH` from the fix changes nothing for go', withSb(async (sb) => {
  assert.equal(sb.go(['env', '-w', `GOPATH=${sb.home}/go`]).status, 0);
  const [f] = await findings(sb, 'GT201');
  assert.equal(f!.severity, 'info');
  assert.equal(f!.source[0]?.kind, 'env-file');
  assert.deepEqual(f!.fix?.commands?.map((c) => c.argv), [['go', 'env', '-u', 'GOPATH']]);
  const before = sb.go(['env', 'GOPATH', 'GOMODCACHE']).stdout;
  assert.equal(sb.go(['env', '-u', 'GOPATH']).status, 0);
  assert.equal(sb.go(['env', 'GOPATH', 'GOMODCACHE']).stdout, before);
  assert.doesNotMatch(readFileSync(join(sb.home, '.config', 'go', 'env'), 'utf8'), /GOPATH/);
  assert.deepEqual(await findings(sb, 'GT201'), []);
}));

test('GT201: GOPATH elsewhere is a warning, and `go env GOMODCACHE` moves with it', withSb(async (sb) => {
  const defaultCache = sb.go(['env', 'GOMODCACHE']).stdout.trim();
  assert.equal(defaultCache, `${sb.home}/go/pkg/mod`);
  sb.env['GOPATH'] = `${sb.root}/elsewhere`;
  const moved = sb.go(['env', 'GOMODCACHE']).stdout.trim();
  assert.equal(moved, `${sb.root}/elsewhere/pkg/mod`);
  const [f] = await findings(sb, 'GT201');
  assert.equal(f!.severity, 'warning');
  assert.match(f!.message, /module cache moves with it/);
  const pin = f!.fix!.commands![0]!;
  assert.deepEqual(pin.argv, ['go', 'env', '-w', `GOMODCACHE=${moved}`]);
  assert.equal(f!.fix!.safe, false);
  // Pinning the cache, then dropping GOPATH, keeps the cache where it was.
  assert.equal(sb.go(pin.argv.slice(1)).status, 0);
  delete sb.env['GOPATH'];
  assert.equal(sb.go(['env', 'GOMODCACHE']).stdout.trim(), moved);
}));

test('bad input: a symlink loop as GOPATH — go fails to create the cache, gathering does not fail', withSb(async (sb) => {
  const { symlinkSync } = await import('node:fs');
  symlinkSync(join(sb.root, 'loop-b'), join(sb.root, 'loop-a'));
  symlinkSync(join(sb.root, 'loop-a'), join(sb.root, 'loop-b'));
  sb.env['GOPATH'] = join(sb.root, 'loop-a');
  sb.write('proxy/example.com/dep/@v/list', 'v1.0.0\n');
  const facts = await sb.gather({ ...GATHER, testLocking: true });
  const loc = facts.mounts.locations.find((l) => l.role === 'GOPATH');
  assert.match(loc!.error!, /symlink loop/);
  assert.equal(facts.mounts.locations.find((l) => l.role === 'GOMODCACHE')!.locking?.tested, false);
  const results = await runChecks(pathsChecks, facts);
  assert.deepEqual(results.filter((r) => r.status === 'crashed').map((r) => r.id), []);
}));

test('GT201: `export GOPATH=$HOME/go` in ~/.bashrc — the fix comments it out with a dated marker, and go still uses the same GOPATH', withSb(async (sb) => {
  const bashrc = sb.write(join(sb.home, '.bashrc'), '# my settings\nexport GOPATH=$HOME/go\nexport EDITOR=vi\n');
  // The environment as that shell would have it.
  sb.env['GOPATH'] = `${sb.home}/go`;
  const [f] = await findings(sb, 'GT201');
  assert.equal(f!.severity, 'info');
  assert.equal(f!.source[0]?.description, `${bashrc}:2`);
  assert.equal(f!.fix?.safe, true);
  const change = f!.fix!.files![0]!;
  const original = readFileSync(bashrc);
  assert.equal(change.originalSha256, createHash('sha256').update(original).digest('hex'));
  let text = original.toString('utf8');
  for (const e of [...change.edits].sort((a, b) => b.offset - a.offset)) text = text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length);
  writeFileSync(bashrc, text);
  const today = f!.fix!.files![0]!.edits[0]!.newText.match(/\d{4}-\d{2}-\d{2}/)![0];
  assert.equal(readFileSync(bashrc, 'utf8'), `# my settings\n# disabled by gotune fix ${today}: GOPATH equals the default $HOME/go\n# export GOPATH=$HOME/go\nexport EDITOR=vi\n`);
  delete sb.env['GOPATH'];
  const env = { ...sb.env };
  const r = spawnSync('bash', ['-c', `. ${bashrc}; echo "GOPATH=[$GOPATH] EDITOR=$EDITOR"; go env GOPATH`], { cwd: sb.project, env, encoding: 'utf8' });
  assert.equal(r.stdout, `GOPATH=[] EDITOR=vi\n${sb.home}/go\n`);
  assert.deepEqual(await findings(sb, 'GT201'), []);
}));

/** The built CLI, when it exists and was built after the paths checks were registered. */
function cliWithPathsChecks(): string | false {
  if (!existsSync(CLI)) return `${CLI} is not built (npm run build)`;
  const r = spawnSync(process.execPath, [CLI, 'doctor', '--list-checks', '--json'], { encoding: 'utf8', timeout: 60_000 });
  return /"GT202"/.test(r.stdout) ? false : `${CLI} predates the paths checks (npm run build)`;
}

test('CLI: `gotune doctor --json --only GT202` reports the relative GOPATH the go command refuses', { skip: cliWithPathsChecks() }, withSb(async (sb) => {
  sb.env['GOPATH'] = 'gopath';
  const r = sb.gotune(['doctor', '--json', '--only', 'GT202'], { timeoutMs: 120_000 });
  const report = JSON.parse(r.stdout) as { findings: Finding[] };
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(report.findings.map((f) => [f.id, f.severity]), [['GT202', 'error']]);
  assert.match(report.findings[0]!.message, /go: GOPATH entry is relative; must be absolute path: "gopath"\./);
}));

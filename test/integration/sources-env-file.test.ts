// The go env -w file against the real go command: shadowing (GT401), a hand-broken file (GT402),
// empty values (GT404) and GOROOT in the file (GT406). Each test asserts what the go command does
// and what gotune reports about it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, GO_MAIN_ROOT, CLI, type Sandbox } from '../helpers/sandbox.ts';
import { runChecks } from '../../src/engine/runner.ts';
import type { CheckDefinition, FileChange, Finding } from '../../src/engine/types.ts';
import GT401 from '../../src/checks/sources/GT401-env-shadows-file.ts';
import GT402 from '../../src/checks/sources/GT402-env-file-problems.ts';
import GT404 from '../../src/checks/sources/GT404-empty-value.ts';
import GT406 from '../../src/checks/sources/GT406-goroot-in-env-file.ts';

const hasGo = existsSync(join(GO_MAIN_ROOT, 'bin', 'go'));

async function findings(sb: Sandbox, check: CheckDefinition): Promise<Finding[]> {
  const facts = await sb.gather();
  const [r] = await runChecks([check], facts, {});
  assert.ok(r && r.status !== 'crashed', `check ${check.id} crashed`);
  return r.findings;
}

function envFilePath(sb: Sandbox): string {
  return join(sb.home, '.config', 'go', 'env');
}

/** Applies text edits the way the fix engine does: against the original bytes, after a hash check. */
function applyChange(change: FileChange): void {
  const data = readFileSync(change.file);
  const edits = [...change.edits].sort((a, b) => b.offset - a.offset);
  let out = data;
  for (const e of edits) out = Buffer.concat([out.subarray(0, e.offset), Buffer.from(e.newText), out.subarray(e.offset + e.length)]);
  writeFileSync(change.file, out);
}

function goEnvJson(sb: Sandbox, keys: string[], env: Record<string, string | undefined> = {}): Record<string, string> {
  const r = sb.go(['env', '-json', ...keys], { env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, string>;
}

test('GT401: go env -w under a conflicting environment variable', { skip: !hasGo && 'no Go at /usr/local/go' }, async () => {
  const sb = makeSandbox({ env: { GOPROXY: 'https://env.example' } });
  try {
    const w = sb.go(['env', '-w', 'GOPROXY=https://file.example']);
    assert.equal(w.status, 0);
    assert.equal(w.stderr.trim(), 'warning: go env -w GOPROXY=... does not override conflicting OS environment variable');
    assert.equal(sb.go(['env', 'GOPROXY']).stdout.trim(), 'https://env.example');
    assert.equal(readFileSync(envFilePath(sb), 'utf8'), 'GOPROXY=https://file.example\n');

    const [f, ...rest] = await findings(sb, GT401);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.match(f!.message, /GOPROXY is set both in the process environment and in the go env -w file \(.*\/home\/\.config\/go\/env:1\)/);
    assert.match(f!.message, /warning: go env -w GOPROXY=\.\.\. does not override conflicting OS environment variable/);

    // The default (safe) fix really makes the file agree, and the go command stops warning.
    const cmd = f!.fix!.commands![0]!;
    assert.deepEqual(cmd.argv, ['go', 'env', '-w', 'GOPROXY=https://env.example']);
    const applied = sb.go(cmd.argv.slice(1));
    assert.equal(applied.stderr, '', 'no warning once the values agree');
    assert.deepEqual(await findings(sb, GT401), []);
  } finally {
    sb.cleanup();
  }
});

test('GT402: a hand-broken env file — what the go command uses, and what gotune says it ignores', { skip: !hasGo && 'no Go' }, async () => {
  const sb = makeSandbox();
  try {
    const broken = Buffer.concat([
      Buffer.from('goflags=-mod=mod\nGOFLAGS -mod=vendor\nGOPRIVATE\nGOSUMDB=a\nGOPROXY=https://proxy.example\r\nGOSUMDB=b\nGODEBUG=http2client=0\n'),
      Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x0a]),
      Buffer.from('GOINSECURE=first\nGOINSECURE=last\n'),
    ]);
    writeFileSync(sb.write('home/.config/go/env', ''), broken);
    const v = goEnvJson(sb, ['GOFLAGS', 'GOSUMDB', 'GOPROXY', 'GODEBUG', 'GOPRIVATE', 'GOINSECURE']);
    assert.deepEqual(v, { GOFLAGS: '', GOSUMDB: 'b', GOPROXY: 'https://proxy.example\r', GODEBUG: '', GOPRIVATE: '', GOINSECURE: 'last' });

    const fs = await findings(sb, GT402);
    const ignored = fs.find((f) => /are ignored by the go command/.test(f.message));
    assert.ok(ignored, JSON.stringify(fs.map((f) => f.message)));
    assert.match(ignored.message, /^7 lines of the go env -w file/);
    for (const re of [/line 1: "goflags=-mod=mod"/, /line 2: "GOFLAGS -mod=vendor" \(the key is not a variable name/, /line 3: "GOPRIVATE" \(no "="/, /line 4: "GOSUMDB=a" \(an earlier copy/, /line 7: "GODEBUG=http2client=0"/, /line 8: "\\\\xff\\\\xfe\\\\x00\\\\x01"/, /line 9: "GOINSECURE=first"/]) assert.match(ignored.message, re);
    assert.ok(fs.some((f) => /carriage return/.test(f.message) && /GOPROXY=/.test(f.message)));
    assert.ok(fs.some((f) => /contains NUL bytes/.test(f.message)), 'binary junk is reported');
  } finally {
    sb.cleanup();
  }
});

test('GT402: the comment-out fix changes nothing the go command sees', { skip: !hasGo && 'no Go' }, async () => {
  const sb = makeSandbox();
  try {
    sb.write('home/.config/go/env', 'goflags=-mod=mod\nGOSUMDB=a\nGOTOOLCHAIN\nGOSUMDB=b\nGODEBUG=x=1\nGOFLAGS=-mod=readonly\n');
    const before = goEnvJson(sb, ['GOFLAGS', 'GOSUMDB', 'GOTOOLCHAIN', 'GODEBUG']);
    const [f] = (await findings(sb, GT402)).filter((x) => x.fix?.files);
    assert.ok(f, 'a file fix');
    assert.equal(f.fix!.safe, true);
    applyChange(f.fix!.files![0]!);
    assert.deepEqual(goEnvJson(sb, ['GOFLAGS', 'GOSUMDB', 'GOTOOLCHAIN', 'GODEBUG']), before);
    assert.match(readFileSync(envFilePath(sb), 'utf8'), /^# disabled by gotune fix \d{4}-\d{2}-\d{2}: ignored by the go command \(not-uppercase-start\)\n# goflags=-mod=mod\n/);
    assert.deepEqual((await findings(sb, GT402)).map((x) => x.message), []);
    // go env -w still works on the commented file and keeps the comments.
    assert.equal(sb.go(['env', '-w', 'GOPRIVATE=corp.example']).status, 0);
    assert.equal(goEnvJson(sb, ['GOPRIVATE']).GOPRIVATE, 'corp.example');
  } finally {
    sb.cleanup();
  }
});

test('GT402: duplicates only — the go command rewrites the file itself', { skip: !hasGo && 'no Go' }, async () => {
  const sb = makeSandbox();
  try {
    sb.write('home/.config/go/env', 'GOSUMDB=a\nGOPROXY=direct\nGOSUMDB=b\n');
    const [f] = await findings(sb, GT402);
    assert.deepEqual(f!.fix!.commands![0]!.argv, ['go', 'env', '-w', 'GOSUMDB=b']);
    assert.equal(sb.go(f!.fix!.commands![0]!.argv.slice(1)).status, 0);
    assert.equal(readFileSync(envFilePath(sb), 'utf8'), 'GOPROXY=direct\nGOSUMDB=b\n');
    assert.deepEqual(await findings(sb, GT402), []);
  } finally {
    sb.cleanup();
  }
});

test('GT402: 5 MB of junk — go env still works, gotune stays bounded', { skip: !hasGo && 'no Go' }, async () => {
  const sb = makeSandbox();
  try {
    const junk = Buffer.alloc(5 * 1024 * 1024);
    let seed = 7;
    for (let i = 0; i < junk.length; i++) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; junk[i] = seed & 0xff; }
    writeFileSync(sb.write('home/.config/go/env', ''), Buffer.concat([Buffer.from('GOFLAGS=-mod=mod\n'), junk, Buffer.from('\nGOPRIVATE=corp.example\n')]));
    const v = goEnvJson(sb, ['GOFLAGS', 'GOPRIVATE']);
    assert.equal(v.GOFLAGS, '-mod=mod');
    assert.equal(v.GOPRIVATE, 'corp.example');
    const started = Date.now();
    const facts = await sb.gather();
    assert.ok(Date.now() - started < 60_000, 'does not hang');
    assert.equal(facts.envFile.binary, true);
    assert.ok(facts.envFile.ignored.length <= 100);
    assert.ok(facts.envFile.entries.some((e) => e.key === 'GOPRIVATE' && e.value === 'corp.example'), 'reads past the junk like the go command');
    const [r] = await runChecks([GT402], facts, {});
    assert.ok(r!.findings.some((f) => /contains NUL bytes/.test(f.message) && /bytes long/.test(f.message)));
  } finally {
    sb.cleanup();
  }
});

test('GT402: an env file that is a directory or a dangling link', { skip: !hasGo && 'no Go' }, async () => {
  const sb = makeSandbox();
  try {
    sb.write('home/.config/go/env/placeholder', '');
    assert.equal(sb.go(['env', 'GOPROXY']).status, 0, 'the go command skips an unreadable env file');
    const w = sb.go(['env', '-w', 'GOPRIVATE=x']);
    assert.notEqual(w.status, 0);
    assert.match(w.stderr, /go: reading go env config: read .*env: is a directory/);
    const [f] = await findings(sb, GT402);
    assert.match(f!.message, /cannot be read \(.*is a directory\)/);
  } finally {
    sb.cleanup();
  }
});

test('GT404: GOFLAGS= in the environment does not override the file', { skip: !hasGo && 'no Go' }, async () => {
  const sb = makeSandbox();
  try {
    assert.equal(sb.go(['env', '-w', 'GOFLAGS=-mod=mod']).status, 0);
    sb.env['GOFLAGS'] = '';
    assert.equal(sb.go(['env', 'GOFLAGS']).stdout.trim(), '-mod=mod');
    const [f, ...rest] = await findings(sb, GT404);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.match(f!.message, /GOFLAGS is set to the empty string in the environment.*still sets GOFLAGS=-mod=mod/);
    // And the GT401 side: an empty value is not a conflicting one.
    const w = sb.go(['env', '-w', 'GOFLAGS=-mod=readonly']);
    assert.equal(w.stderr, '', 'the go command does not warn about an empty OS variable');
    assert.deepEqual(await findings(sb, GT401), []);
  } finally {
    sb.cleanup();
  }
});

test('GT404: go env -w GOPROXY= hides $GOROOT/go.env', { skip: !hasGo && 'no Go' }, async () => {
  const sb = makeSandbox();
  try {
    assert.equal(sb.go(['env', '-w', 'GOPROXY=']).status, 0);
    assert.equal(readFileSync(envFilePath(sb), 'utf8'), 'GOPROXY=\n');
    assert.equal(sb.go(['env', 'GOPROXY']).stdout.trim(), '');
    const facts = await sb.gather();
    assert.equal(facts.settings['GOPROXY']!.value, '');
    assert.equal(facts.settings['GOPROXY']!.source, 'default');
    const [r] = await runChecks([GT404], facts, {});
    assert.equal(r!.findings.length, 1);
    assert.match(r!.findings[0]!.message, /sets GOPROXY to the empty string.*instead of https:\/\/proxy\.golang\.org,direct/);
  } finally {
    sb.cleanup();
  }
});

test('GT406: go env -w GOROOT is accepted and used', { skip: !hasGo && 'no Go' }, async () => {
  const sb = makeSandbox();
  try {
    const w = sb.go(['env', '-w', `GOROOT=${GO_MAIN_ROOT}`]);
    assert.equal(w.status, 0);
    assert.equal(w.stderr, '');
    assert.equal(readFileSync(envFilePath(sb), 'utf8'), `GOROOT=${GO_MAIN_ROOT}\n`);
    assert.equal(sb.go(['env', 'GOROOT']).stdout.trim(), GO_MAIN_ROOT);
    const [f] = await findings(sb, GT406);
    assert.equal(f!.severity, 'info');
    assert.deepEqual(f!.fix!.commands![0]!.argv, ['go', 'env', '-u', 'GOROOT']);
    assert.equal(f!.fix!.safe, true);
    assert.equal(sb.go(['env', '-u', 'GOROOT']).status, 0);
    assert.deepEqual(await findings(sb, GT406), []);
  } finally {
    sb.cleanup();
  }
});

/** The built CLI knows the sources checks only once it has been rebuilt with them. */
function cliKnows(sb: Sandbox, id: string): boolean {
  if (!existsSync(CLI)) return false;
  const r = sb.gotune(['doctor', '--list-checks']);
  return r.status === 0 && r.stdout.includes(id);
}

test('CLI: gotune doctor --json reports GT401 for a shadowed go env -w value', { skip: !hasGo && 'no Go' }, (t) => {
  const sb = makeSandbox({ env: { GOPROXY: 'https://env.example' } });
  try {
    if (!cliKnows(sb, 'GT401')) { t.skip(`${CLI} is missing or was built before the sources checks existed (run npm run build)`); return; }
    assert.equal(sb.go(['env', '-w', 'GOPROXY=https://file.example']).status, 0);
    const r = sb.gotune(['doctor', '--only', 'GT401,GT402,GT404,GT406', '--json']);
    const report = JSON.parse(r.stdout) as { findings: Finding[] };
    assert.deepEqual(report.findings.map((f) => f.id), ['GT401']);
    assert.match(report.findings[0]!.message, /GOPROXY is set both in the process environment/);
  } finally {
    sb.cleanup();
  }
});

// The CLI as a user meets it: the bundled dist/gotune.mjs, run in a throw-away environment with the real go.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox } from '../helpers/sandbox.ts';
import { allChecks } from '../../src/checks/index.ts';

const sb = makeSandbox();
after(() => sb.cleanup());
sb.write('project/go.mod', 'module example.com/app\n\ngo 1.21\n');

test('gotune alone runs doctor, prints the key facts and exits 0 on a healthy sandbox', () => {
  const r = sb.gotune([]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^gotune doctor/);
  assert.match(r.stdout, /GOROOT\s+\/usr\/local\/go/);
  assert.match(r.stdout, /GOPROXY\s+https:\/\/proxy\.golang\.org,direct\s+← \/usr\/local\/go\/go\.env/);
  assert.match(r.stdout, /\d+ checks · \d+ ok/);
  assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour without a TTY');
});

test('--json prints only the JSON document, with facts, findings and summary', () => {
  const r = sb.gotune(['doctor', '--json']);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.schemaVersion, 1);
  assert.equal(doc.tool.name, 'gotune');
  assert.ok(Array.isArray(doc.findings));
  assert.equal(doc.facts.settings.GOPATH.value, join(sb.home, 'go'));
  assert.equal(doc.facts.settings.GOPATH.source, 'default');
  assert.equal(doc.facts.settings.GOPROXY.source, 'goroot-go.env');
  assert.equal(typeof doc.summary.checks, 'number');
  assert.equal(doc.summary.exitCode, r.status);
  for (const f of doc.findings) for (const k of ['id', 'name', 'severity', 'message', 'found', 'expected', 'source', 'fix']) assert.ok(k in f, `finding lacks ${k}`);
});

test('a setting from the environment is attributed to it', () => {
  const r = sb.gotune(['--json'], { env: { GOPROXY: 'https://proxy.example.com' } });
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.facts.settings.GOPROXY.value, 'https://proxy.example.com');
  assert.equal(doc.facts.settings.GOPROXY.source, 'env');
});

test('--list-checks --json lists every registered check with its doc page', () => {
  const r = sb.gotune(['doctor', '--list-checks', '--json']);
  assert.equal(r.status, 0);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.checks.length, allChecks.length);
  for (const c of doc.checks) {
    assert.match(c.id, /^GT\d{3}$/);
    for (const k of ['name', 'family', 'severity', 'fixable', 'docs']) assert.ok(k in c);
  }
});

test('explain prints the bundled doc page; unknown IDs are usage errors', () => {
  const r = sb.gotune(['explain', 'GT111']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^# GT111 go-env-failed/);
  const byName = sb.gotune(['explain', 'go-env-failed']);
  assert.equal(byName.stdout, r.stdout);
  const bad = sb.gotune(['explain', 'GT999']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown check "GT999"/);
});

test('usage errors exit 2 with a clear message', () => {
  for (const [args, re] of [
    [['--fail-on', 'sometimes'], /Allowed choices are error, warning, info, never/],
    [['doctor', '--only', 'GT999'], /--only: unknown check "GT999"/],
    [['doctor', join(sb.root, 'missing-dir')], /not a directory/],
    [['doctor', '--online', '--offline'], /contradict/],
    [['doctor', '--measure', '--facts', join(sb.root, 'facts.json')], /--measure .* cannot be combined with --facts/],
    [['doctor', '--suppress', 'GT111'], /ID=REASON/],
  ] as [string[], RegExp][]) {
    const r = sb.gotune(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, re);
  }
});

test('--help and --version behave as users expect', () => {
  const h = sb.gotune(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /Usage: gotune/);
  assert.match(h.stdout, /doctor/);
  const v = sb.gotune(['--version']);
  assert.equal(v.status, 0);
  assert.match(v.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('--save-facts then --facts judges the same snapshot the same way', () => {
  const file = join(sb.root, 'facts.json');
  const a = sb.gotune(['doctor', '--json', '--save-facts', file]);
  const b = sb.gotune(['doctor', '--json', '--facts', file]);
  const da = JSON.parse(a.stdout), db = JSON.parse(b.stdout);
  assert.deepEqual(db.findings, da.findings);
  assert.deepEqual(db.facts, JSON.parse(readFileSync(file, 'utf8')));
});

test('a broken facts file is named with its position', () => {
  const file = join(sb.root, 'broken.json');
  writeFileSync(file, '{\n  "schemaVersion": 1,\n  "platform": ]\n}\n');
  const r = sb.gotune(['doctor', '--facts', file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, new RegExp(`${file.replace(/[/.]/g, '\\$&')}:3:\\d+: not valid JSON`));
  writeFileSync(file, '{"schemaVersion": 99}');
  assert.match(sb.gotune(['doctor', '--facts', file]).stderr, /schemaVersion 99 is not supported/);
});

test('.gotune.yaml: suppressions and failOn apply; a bad file is an error naming its position', () => {
  const dir = join(sb.root, 'cfgproj');
  sb.write(join(dir, 'go.mod'), 'module example.com/c\n\ngo 1.21\n');
  sb.write(join(dir, '.gotune.yaml'), 'failOn: never\n');
  const r = sb.gotune(['doctor', dir], { env: { GOPROXY: 'off' } });
  assert.equal(r.status, 0);
  sb.write(join(dir, '.gotune.yaml'), 'failOn: [\n');
  const bad = sb.gotune(['doctor', dir]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /\.gotune\.yaml:\d+:\d+:/);
});

test('a go on PATH that hangs: doctor still finishes and reports GT111', () => {
  const hang = makeSandbox({ pathBefore: [] });
  try {
    hang.write('bin/go', '#!/bin/sh\nsleep 60\n', 0o755);
    const r = hang.gotune(['--json'], { env: { GOTUNE_GO_ENV_TIMEOUT_MS: '700' }, timeoutMs: 20_000 });
    const doc = JSON.parse(r.stdout);
    assert.ok(doc.findings.some((f: { id: string; message: string }) => f.id === 'GT111' && /did not finish in time/.test(f.message)));
    assert.equal(r.status, 1);
  } finally { hang.cleanup(); }
});

test('doctor never downloads a toolchain: go env runs pinned to the local go, the configured GOTOOLCHAIN is still reported', () => {
  const dir = join(sb.root, 'needs-newer-go');
  sb.write(join(dir, 'go.mod'), 'module example.com/newer\n\ngo 1.99\n');
  // The real go command would try to download go1.99.0 here (and fail, GOPROXY=off).
  const real = sb.go(['env', 'GOVERSION'], { cwd: dir, env: { GOTOOLCHAIN: 'auto', GOPROXY: 'off' } });
  assert.notEqual(real.status, 0);
  assert.match(real.stderr, /go: download go1\.99\.0 for .*: toolchain not available|module lookup disabled/);
  const r = sb.gotune(['doctor', dir, '--json'], { env: { GOTOOLCHAIN: 'auto', GOPROXY: 'off' } });
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.facts.goEnv.ok, true, doc.facts.goEnv.error);
  assert.equal(doc.facts.settings.GOTOOLCHAIN.value, 'auto');
  assert.equal(doc.facts.settings.GOTOOLCHAIN.source, 'env');
  assert.ok(!doc.findings.some((f: { id: string }) => f.id === 'GT111'));
  assert.ok(doc.findings.some((f: { id: string }) => f.id === 'GT107'), 'the switch is explained instead');
});

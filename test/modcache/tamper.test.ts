// The tamper test on a small cache the real go command filled: each kind of damage is reported
// exactly, nothing else is, and `go mod verify` agrees on every module version's verdict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeCacheFixture, hasGo, GO, type CacheFixture } from './cache-fixture.ts';
import { verifyCache, BAD_STATUSES, type VerifyReport } from '../../src/modcache/verify.ts';
import { readRoots } from '../../src/modcache/roots.ts';
import { changeTreeFile, addTreeFile, deleteTreeFile, flipZipByte, truncateZip, deleteZiphash, goModVerify } from './tamper-helpers.ts';

let fx: CacheFixture;
let report: VerifyReport;
const opts = { skip: !hasGo && 'no go command' };

const EXPECTED: Record<string, { status: string; detail?: RegExp }> = {
  'example.com/beta@v0.4.0': { status: 'tree-mismatch', detail: /^changed \(1\): docs\/guide\.txt$/ },
  'example.com/delta@v1.2.3': { status: 'tree-mismatch', detail: /^added \(1\): planted\.txt$/ },
  'example.com/alpha@v1.1.0': { status: 'tree-mismatch', detail: /^removed \(1\): README\.md$/ },
  'example.com/Upper/gamma@v1.0.0-rc.1': { status: 'zip-mismatch', detail: /zip is damaged/ },
  'example.com/alpha@v1.0.0': { status: 'zip-mismatch', detail: /zip is damaged/ },
  'example.com/beta@v0.3.0': { status: 'missing', detail: /\.ziphash is missing/ },
};

before(async () => {
  if (!hasGo) return;
  fx = makeCacheFixture({ extraModules: 3 });
  const m = fx.modcache;
  changeTreeFile(m, 'example.com/beta', 'v0.4.0', 'docs/guide.txt');
  addTreeFile(m, 'example.com/delta', 'v1.2.3', 'planted.txt');
  deleteTreeFile(m, 'example.com/alpha', 'v1.1.0', 'README.md');
  await flipZipByte(m, 'example.com/Upper/gamma', 'v1.0.0-rc.1');
  truncateZip(m, 'example.com/alpha', 'v1.0.0');
  deleteZiphash(m, 'example.com/beta', 'v0.3.0');
  report = await verifyCache(m, { workers: 2 });
});
after(() => fx?.cleanup());

test('verify reports exactly the six tampered versions, with what was done to them', opts, () => {
  const bad = report.modules.filter((r) => r.status !== 'ok');
  assert.deepEqual(bad.map((r) => `${r.path}@${r.version}`).sort(), Object.keys(EXPECTED).sort(), JSON.stringify(bad, null, 1));
  for (const r of bad) {
    const e = EXPECTED[`${r.path}@${r.version}`]!;
    assert.equal(r.status, e.status, `${r.path}@${r.version}: ${r.details.join('; ')}`);
    if (e.detail) assert.ok(r.details.some((d) => e.detail!.test(d)), `${r.path}@${r.version}: ${JSON.stringify(r.details)}`);
  }
  assert.equal(report.summary.ok, report.modules.length - 6);
  assert.ok(report.summary.ok >= 3);
});

test('go mod verify agrees on every module version', opts, () => {
  for (const r of report.modules) {
    const go = goModVerify(GO, fx.env, r.path, r.version);
    const oursBad = BAD_STATUSES.includes(r.status);
    assert.equal(!go.ok, oursBad, `${r.path}@${r.version}: gotune says ${r.status} (${r.details.join('; ')}), go mod verify says: ${go.output}`);
  }
});

test('verify --roots compares with go.sum and lists only the versions it names', opts, async () => {
  const refs = readRoots([fx.project]);
  const rep = await verifyCache(fx.modcache, { refs, onlyReferenced: true, inline: true });
  const keys = rep.modules.map((m) => `${m.path}@${m.version}`).sort();
  assert.ok(!keys.includes('example.com/alpha@v1.0.0'), 'the older version is not in go.sum');
  assert.ok(keys.includes('example.com/alpha@v1.1.0'));
  assert.equal(rep.modules.find((m) => m.path === 'example.com/alpha')?.status, 'tree-mismatch');
});

test('the CLI prints the JSON document and exits 1 on mismatches', opts, () => {
  const r = fx.gotune(['cache', 'verify', '--json']);
  assert.equal(r.status, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as VerifyReport;
  assert.equal(doc.schemaVersion, 1);
  assert.equal(doc.summary['tree-mismatch'], 3);
  assert.equal(doc.summary['zip-mismatch'], 2);
  assert.equal(doc.summary.missing, 1);
  assert.ok(doc.summary.workers >= 1, 'worker threads ran from the bundle');
  assert.equal(r.stderr, '', 'no progress output when stderr is not a terminal');
});

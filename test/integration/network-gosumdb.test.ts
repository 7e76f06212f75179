// GOSUMDB values with the real go command: a module served from a local file:// proxy is
// verified against the configured checksum database, and the go command's error for each
// unusable value is the one parseGosumdb returns (and GT307 quotes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { parseGosumdb } from '../../src/gomod/gosumdb.ts';
import { runChecks } from '../../src/engine/runner.ts';
import { networkChecks } from '../../src/checks/network/index.ts';
import { writeZip } from '../gomod-hash/zip-writer.ts';

/** A zip with stored (uncompressed) entries: enough for a module zip. */
function storedZip(files: Record<string, string>): Buffer {
  return writeZip(Object.entries(files).map(([name, data]) => ({ name, data, method: 0 as const })));
}

let sb: Sandbox;
const MOD = 'module gotune.invalid/m\n\ngo 1.19\n';
before(() => {
  sb = makeSandbox({ env: { GOTOOLCHAIN: 'local', GOFLAGS: '', GOPRIVATE: '', GONOSUMDB: '' } });
  const v = `${sb.root}/proxy/gotune.invalid/m/@v`;
  sb.write(`${v}/list`, 'v1.0.0\n');
  sb.write(`${v}/v1.0.0.info`, '{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}');
  sb.write(`${v}/v1.0.0.mod`, MOD);
  sb.write(`${v}/v1.0.0.zip`, storedZip({ 'gotune.invalid/m@v1.0.0/go.mod': MOD }));
  sb.write('project/go.mod', 'module example.com/app\n\ngo 1.19\n');
  sb.env['GOPROXY'] = `file://${sb.root}/proxy`;
});
after(() => sb?.cleanup());

function get(gosumdb: string): { status: number | null; error: string } {
  rmSync(`${sb.project}/go.sum`, { force: true });
  sb.go(['clean', '-modcache']);
  const r = sb.go(['get', 'gotune.invalid/m@v1.0.0'], { env: { GOSUMDB: gosumdb } });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  return { status: r.status, error: last.replace(/^go: gotune\.invalid\/m@v1\.0\.0: verifying (?:module|go\.mod): /, '') };
}

test('GOSUMDB=off accepts the module unverified (the file proxy works)', () => {
  assert.equal(get('off').status, 0);
  assert.equal(parseGosumdb('off').kind, 'off');
});

for (const value of ['sum.corp.example', 'a b c', 'sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8', 'sum.golang.org https://%zz']) {
  test(`GOSUMDB=${JSON.stringify(value)}: the real go and parseGosumdb give the same error`, () => {
    const real = get(value);
    assert.notEqual(real.status, 0);
    assert.equal(real.error, parseGosumdb(value).error);
  });
}

test('a custom database with its key and URL is accepted and contacted at that URL', () => {
  const value = 'localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6 http://127.0.0.1:1';
  const parsed = parseGosumdb(value);
  assert.equal(parsed.error, null);
  const real = get(value);
  assert.match(real.error, /Get "http:\/\/127\.0\.0\.1:1\/lookup\/gotune\.invalid\/m@v1\.0\.0"/);
  assert.equal(parsed.directHost, '127.0.0.1');
});

test('GT307 reports an unusable GOSUMDB with the go command\'s words', async () => {
  const real = get('sum.corp.example');
  sb.env['GOSUMDB'] = 'sum.corp.example';
  try {
    const facts = await sb.gather({ testLocking: false });
    const [res] = await runChecks(networkChecks.filter((c) => c.id === 'GT307'), facts, {});
    assert.equal(res!.findings.length, 1);
    assert.equal(res!.findings[0]!.severity, 'error');
    assert.ok(res!.findings[0]!.message.includes(real.error), res!.findings[0]!.message);
  } finally { delete sb.env['GOSUMDB']; }
});

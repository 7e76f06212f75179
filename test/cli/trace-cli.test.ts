// `gotune trace` end to end: the bundled CLI against a local HTTPS module proxy with a test CA
// (passed through SSL_CERT_FILE, as the go command would take it) and a test checksum database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModuleProxy, simpleModule, type ModuleProxy, type ServedVersion } from '../helpers/module-proxy-server.ts';
import { makeTestCA, type TestCA } from '../helpers/test-ca.ts';
import { TestSumDB } from '../../src/gomod/sumdb/testlog.ts';
import { hashGoMod } from '../../src/gomod/dirhash.ts';
import { hashZipBytes } from '../../src/trace/zip-hash.ts';
import { gotuneAsync } from '../helpers/go-async.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

let ca: TestCA, proxy: ModuleProxy;
const db = new TestSumDB({ name: 'sumdb.cli.test' });
const dir = mkdtempSync(join(tmpdir(), 'gotune-trace-cli-'));
const SECRET = 'hunter2-very-secret';

before(async () => {
  ca = makeTestCA();
  const modules: Record<string, Record<string, ServedVersion>> = {};
  for (const [p, v] of [['example.com/hello', 'v1.0.0'], ['example.com/world', 'v0.2.0']] as const) {
    const m = simpleModule(p, v);
    modules[p] = { [v]: m };
    db.addModule(p, v, { zip: await hashZipBytes(m.zip, p, v), mod: hashGoMod(m.mod) });
  }
  proxy = await startModuleProxy({
    tls: ca.leaf, modules, behaviors: [{ match: '.zip', delayMs: 30 }],
    sumdb: (p) => {
      const prefix = `/sumdb/${db.name}`;
      if (!p.startsWith(prefix)) return null;
      if (p === `${prefix}/supported`) return { status: 200, body: '' };
      const r = db.handle(p.slice(prefix.length));
      return { status: r.status, body: r.body };
    },
  });
  writeFileSync(join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/hello v1.0.0\n\texample.com/world v0.2.0 // indirect\n)\n');
});
after(async () => { await proxy.close(); ca.cleanup(); rmSync(dir, { recursive: true, force: true }); });

function gotune(args: string[], env: Record<string, string>) {
  return gotuneAsync(args, { cwd: dir, env: { PATH: '/usr/local/go/bin:/usr/bin:/bin', HOME: dir, ...env } });
}

const env = () => ({ GOPROXY: proxy.url.replace('https://', `https://gopher:${SECRET}@`), GOSUMDB: db.verifierKey, SSL_CERT_FILE: ca.caFile, GOFLAGS: '', GOTOOLCHAIN: 'local' });

test('trace --json: every request with curl-named times, each module with its checksum-database verdict', async () => {
  proxy.log.length = 0;
  const r = await gotune(['trace', '--json'], env());
  assert.equal(r.status, 0, r.stderr + r.stdout.slice(0, 2000));
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.schemaVersion, 1);
  const mods = doc.runs[0].modules;
  assert.deepEqual(mods.map((m: { path: string }) => m.path).sort(), ['example.com/hello', 'example.com/world']);
  for (const m of mods) {
    assert.equal(m.sumdb.verified, true, m.sumdb.reason);
    for (const q of m.requests) {
      for (const k of ['url', 'method', 'status', 'bytes', 'dns', 'tcp', 'tls', 'ttfb', 'transfer', 'time_namelookup', 'time_connect', 'time_appconnect', 'time_pretransfer', 'time_starttransfer', 'time_total']) assert.ok(k in q, `request lacks ${k}`);
      assert.equal(q.tlsInfo.issuer, 'gotune test CA');
    }
  }
  assert.ok(doc.runs[0].summary.requests >= 6);
  // The credential reached the proxy as a header, and appears in no output.
  assert.ok(proxy.log.every((l) => l.authorization === `Basic ${Buffer.from(`gopher:${SECRET}`).toString('base64')}`));
  assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
  assert.match(doc.settings.goproxy, /\[REDACTED\]@/);
});

test('trace in the terminal: a waterfall per module and a summary of where the time went', async () => {
  const r = await gotune(['trace', 'example.com/hello@v1.0.0', '--serial'], env());
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /example\.com\/hello@v1\.0\.0 .* ✓/);
  assert.match(r.stdout, /^\s+zip\s+127\.0\.0\.1:\d+\s+200/m);
  assert.match(r.stdout, /checksum database: verified/);
  assert.match(r.stdout, /Where the time went/);
  assert.match(r.stdout, /server wait/);
  assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour without a TTY');
  assert.ok(!r.stdout.includes(SECRET));
});

test('trace: a module the proxy does not have fails with exit 1; bad arguments exit 2', async () => {
  const r = await gotune(['trace', 'example.com/missing@v1.0.0'], env());
  assert.equal(r.status, 1);
  assert.match(r.stdout, /not found on any GOPROXY entry/);
  const bad = await gotune(['trace', 'not a module'], env());
  assert.equal(bad.status, 2);
  const badVersion = await gotune(['trace', 'example.com/hello@1.0'], env());
  assert.equal(badVersion.status, 2);
  assert.match(badVersion.stderr, /semantic version/);
  const badProxy = await gotune(['trace', 'example.com/hello@v1.0.0'], { ...env(), GOPROXY: ',,' });
  assert.equal(badProxy.status, 2);
  assert.match(badProxy.stderr, /GOPROXY/);
});

test('trace -- go mod download: the real command runs through the recording proxy; JSON on stdout, its exit code', async () => {
  const proj = mkdtempSync(join(tmpdir(), 'gotune-trace-obs-'));
  try {
    writeFileSync(join(proj, 'go.mod'), 'module example.com/app\n\ngo 1.21\n\nrequire example.com/hello v1.0.0\n');
    proxy.log.length = 0;
    const r = await gotuneAsync(['trace', '--json', '--', 'go', 'mod', 'download'], {
      cwd: proj, env: { PATH: '/usr/local/go/bin:/usr/bin:/bin', HOME: proj, ...env(), GOMODCACHE: join(proj, 'mc'), GOFLAGS: '-modcacherw', GONOSUMCHECK: '1', GONOSUMDB: 'example.com' },
    });
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.exitCode, 0);
    assert.ok(doc.requests.some((q: { url: string }) => /example\.com\/hello\/@v\/v1\.0\.0\.zip$/.test(q.url)));
    assert.ok(doc.budget.wallMs > 0);
    assert.ok(proxy.log.some((l) => l.path.endsWith('.zip')), 'the upstream proxy served the download');
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
    const missing = await gotune(['trace', '--', 'no-such-command-xyz'], env());
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /command not found/);
  } finally { removeGoTree(proj); }
});

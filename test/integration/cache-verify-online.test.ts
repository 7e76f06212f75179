// cache verify --online: every version in a real module cache (filled by the real go command from a
// local proxy with a test-signed checksum database) is checked against the database's records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModuleProxy, simpleModule, type ModuleProxy, type ServedVersion } from '../helpers/module-proxy-server.ts';
import { goAsync, gotuneAsync } from '../helpers/go-async.ts';
import { CLI } from '../helpers/sandbox.ts';
import { TestSumDB } from '../../src/gomod/sumdb/testlog.ts';
import { hashGoMod } from '../../src/gomod/dirhash.ts';
import { hashZipBytes } from '../../src/trace/zip-hash.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

const dir = mkdtempSync(join(tmpdir(), 'gotune-cache-online-'));
const good = new TestSumDB({ name: 'sumdb.cache.test' });
// Same key, but one record carries another hash: what a tampered cache looks like from the database's side.
const liar = new TestSumDB({ name: good.name, signerKey: good.signerKey, verifierKey: good.verifierKey });
let serving: TestSumDB = good;
let proxy: ModuleProxy;
const modules: Record<string, Record<string, ServedVersion>> = {};

before(async () => {
  for (const [p, v] of [['example.com/alpha', 'v1.0.0'], ['example.com/beta', 'v0.2.0']] as const) {
    const m = simpleModule(p, v);
    modules[p] = { [v]: m };
    const h = { zip: await hashZipBytes(m.zip, p, v), mod: hashGoMod(m.mod) };
    good.addModule(p, v, h);
    liar.addModule(p, v, p === 'example.com/beta' ? { ...h, zip: `h1:${Buffer.alloc(32, 7).toString('base64')}` } : h);
  }
  proxy = await startModuleProxy({
    modules,
    sumdb: (path) => {
      const prefix = `/sumdb/${good.name}`;
      if (!path.startsWith(prefix)) return null;
      if (path === `${prefix}/supported`) return { status: 200, body: '' };
      const r = serving.handle(path.slice(prefix.length));
      return { status: r.status, body: r.body };
    },
  });
  mkdirSync(join(dir, 'proj'), { recursive: true });
  writeFileSync(join(dir, 'proj/go.mod'), 'module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/alpha v1.0.0\n\texample.com/beta v0.2.0\n)\n');
  const r = await goAsync(['mod', 'download'], { cwd: join(dir, 'proj'), env: env() });
  assert.equal(r.status, 0, r.stderr);
});
after(async () => { await proxy.close(); removeGoTree(dir); });

function env(): Record<string, string> {
  return { PATH: '/usr/local/go/bin:/usr/bin:/bin', HOME: dir, GOMODCACHE: join(dir, 'mc'), GOPROXY: proxy.url, GOSUMDB: good.verifierKey, GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' };
}

function gotune(args: string[]) {
  return gotuneAsync(args, { cwd: dir, env: env() });
}

test('verify --online: every version verified against the signed checksum database', async () => {
  serving = good;
  const r = await gotune(['cache', 'verify', '--online', '--json']);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.online, { verified: 2, mismatched: 0, failed: 0, skipped: 0 });
  for (const m of doc.modules) {
    assert.equal(m.status, 'ok');
    assert.ok(m.details.some((d: string) => /checksum database: record \d+ in a signed tree of 2 records; zip and go\.mod hashes match/.test(d)), m.details.join('; '));
  }
});

test('verify --online: a record that disagrees with the cache is a SECURITY ERROR and exit 1', async () => {
  serving = liar;
  const r = await gotune(['cache', 'verify', '--online', '--json']);
  serving = good;
  assert.equal(r.status, 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  const beta = doc.modules.find((m: { path: string }) => m.path === 'example.com/beta');
  assert.equal(beta.status, 'zip-mismatch');
  assert.ok(beta.details.some((d: string) => /SECURITY ERROR: zip checksum mismatch/.test(d)));
  assert.equal(doc.modules.find((m: { path: string }) => m.path === 'example.com/alpha').status, 'ok');
});

test('verify --online: modules under GONOSUMDB are not looked up', async () => {
  const r = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
    const c = spawn(process.execPath, [CLI, 'cache', 'verify', '--online', '--json'], { cwd: dir, env: { ...env(), GONOSUMDB: 'example.com/alpha' } });
    let stdout = '';
    c.stdout.on('data', (d) => { stdout += d; });
    c.on('close', (status) => resolve({ status, stdout }));
  });
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.online, { verified: 1, mismatched: 0, failed: 0, skipped: 1 });
});

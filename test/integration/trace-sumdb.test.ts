// The checksum-database part of gotune trace against a real (test-signed) checksum database:
// the go command's probe/lookup/tile requests are replayed, the signed tree head and inclusion
// proof verified, and the downloaded hashes compared with the record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModuleProxy, simpleModule, type ModuleProxy, type ServedVersion } from '../helpers/module-proxy-server.ts';
import { goAsync } from '../helpers/go-async.ts';
import { TestSumDB } from '../../src/gomod/sumdb/testlog.ts';
import { generateKey } from '../../src/gomod/sumdb/note.ts';
import { hashGoMod } from '../../src/gomod/dirhash.ts';
import { hashZipBytes } from '../../src/trace/zip-hash.ts';
import { Replayer, type TraceSettings } from '../../src/trace/replay.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

const root = mkdtempSync(join(tmpdir(), 'gotune-trace-sumdb-'));
after(() => { removeGoTree(root); });
const db = new TestSumDB({ name: 'sumdb.test.local' });
const modules: Record<string, Record<string, ServedVersion>> = {};
const tampered: Record<string, Record<string, ServedVersion>> = {};

before(async () => {
  for (const [p, vs] of [['example.com/hello', ['v1.0.0', 'v1.1.0']], ['example.com/Other', ['v0.3.0']]] as const) {
    modules[p] = {};
    for (const v of vs) {
      const m = simpleModule(p, v);
      modules[p][v] = m;
      db.addModule(p, v, { zip: await hashZipBytes(m.zip, p, v), mod: hashGoMod(m.mod) });
    }
  }
  // Enough other records that the proof spans partial and upper-level tiles.
  for (let i = 0; i < 700; i++) db.addRecord(`filler.example/m${i} v1.0.0 h1:${Buffer.alloc(32, i % 251).toString('base64')}\nfiller.example/m${i} v1.0.0/go.mod h1:${Buffer.alloc(32, (i + 7) % 251).toString('base64')}\n`);
  tampered['example.com/hello'] = { 'v1.0.0': simpleModule('example.com/hello', 'v1.0.0', { 'evil.go': 'package lib\n' }) };
});

function sumdbHandler(prefix: string, supported: boolean) {
  return (p: string) => {
    if (!p.startsWith(prefix)) return null;
    const rest = p.slice(prefix.length);
    if (rest === '/supported') return supported ? { status: 200, body: '' } : null;
    const r = db.handle(rest);
    return { status: r.status, body: r.body };
  };
}

/** Tiles are fetched in parallel by the go command: compare each run of tile requests as a set. */
function normalize(seq: string[]): string[] {
  const out: string[] = [];
  let batch: string[] = [];
  for (const s of seq) {
    if (s.includes('/tile/')) { batch.push(s); continue; }
    out.push(...batch.sort(), s);
    batch = [];
  }
  return [...out, ...batch.sort()];
}

const settings = (goproxy: string, gosumdb: string): TraceSettings => ({ goproxy, gonoproxy: '', gonosumdb: '', gosumdb, credentials: () => null, httpProxyFor: () => null });
let n = 0;

async function compare(name: string, setup: () => Promise<{ servers: ModuleProxy[]; goproxy: string; gosumdb: string }>, target: string, expectGoOk: boolean) {
  const seq = (servers: ModuleProxy[]) => normalize(servers.flatMap((s, i) => s.log.map((l) => ({ ...l, s: String.fromCharCode(65 + i) }))).sort((a, b) => a.at - b.at).map((l) => `${l.s} ${l.path} ${l.status}`));
  const a = await setup();
  const dir = join(root, `c${n++}`);
  mkdirSync(dir, { recursive: true });
  const env = { PATH: '/usr/local/go/bin:/usr/bin:/bin', HOME: dir, GOPATH: join(dir, 'gopath'), GOPROXY: a.goproxy, GOSUMDB: a.gosumdb, GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw', GOMODCACHE: join(dir, 'mod'), GOCACHE: join(dir, 'cache'), GONOSUMDB: '', GOPRIVATE: '' };
  const go = await goAsync(['mod', 'download', '-x', '-json', target], { cwd: dir, env });
  const goSeq = seq(a.servers);
  for (const s of a.servers) await s.close();
  assert.equal(go.status === 0, expectGoOk, `${name}: go exited ${go.status}: ${go.stderr}${go.stdout}`);

  const b = await setup();
  const [path, query] = target.split('@') as [string, string];
  const r = new Replayer(settings(b.goproxy, b.gosumdb), { serial: true });
  const [mt] = await r.traceAll([{ path, query }]);
  r.close();
  const ourSeq = seq(b.servers);
  for (const s of b.servers) await s.close();
  assert.deepEqual(ourSeq, goSeq, name);
  return { go, mt: mt! };
}

test('checksum database through the proxy: same requests as the go command, record verified', async () => {
  const { go, mt } = await compare('through proxy', async () => {
    const p = await startModuleProxy({ modules, sumdb: sumdbHandler(`/sumdb/${db.name}`, true) });
    return { servers: [p], goproxy: p.url, gosumdb: db.verifierKey };
  }, 'example.com/hello@v1.0.0', true);
  assert.equal(mt.sumdb?.verified, true, mt.sumdb?.reason);
  assert.ok(mt.requests.some((r) => r.op === 'sumdb-tile'));
  assert.match(go.stdout, /"Sum": "h1:/);
});

test('a GOSUMDB that names its URL is used directly, without asking the proxy', async () => {
  const { mt } = await compare('direct', async () => {
    const p = await startModuleProxy({ modules });
    const s = await startModuleProxy({ sumdb: sumdbHandler('/sumdb/direct', false), prefix: '' });
    return { servers: [p, s], goproxy: p.url, gosumdb: `${db.verifierKey} ${s.url}/sumdb/direct` };
  }, 'example.com/Other@v0.3.0', true);
  assert.equal(mt.sumdb?.verified, true, mt.sumdb?.reason);
  assert.equal(mt.requests.find((r) => r.op === 'sumdb-supported'), undefined);
});

test('proxy does not serve the database (probe 404): the go command goes to https://<name> directly', async () => {
  const { go, mt } = await compare('probe 404', async () => {
    const p = await startModuleProxy({ modules });
    return { servers: [p], goproxy: p.url, gosumdb: db.verifierKey };
  }, 'example.com/hello@v1.1.0', false);
  assert.match(go.stderr, /sumdb\.test\.local/);
  assert.equal(mt.requests.find((r) => r.op === 'sumdb-supported')?.outcome, 'fallthrough');
  assert.equal(mt.sumdb?.verified, false);
  assert.match(mt.sumdb!.reason, /https:\/\/sumdb\.test\.local\/lookup\/example\.com\/hello@v1\.1\.0/);
});

test('a zip that does not match the checksum database is a security finding, as the go command says', async () => {
  const { go, mt } = await compare('tampered', async () => {
    const p = await startModuleProxy({ modules: tampered, sumdb: sumdbHandler(`/sumdb/${db.name}`, true) });
    return { servers: [p], goproxy: p.url, gosumdb: db.verifierKey };
  }, 'example.com/hello@v1.0.0', false);
  assert.match(go.stdout + go.stderr, /SECURITY ERROR|checksum mismatch/);
  assert.equal(mt.sumdb?.verified, false);
  assert.match(mt.sumdb!.reason, /SECURITY ERROR: zip checksum mismatch/);
});

test('a signed tree head that does not verify with the configured key', async () => {
  const other = generateKey(db.name);
  const p = await startModuleProxy({ modules, sumdb: sumdbHandler(`/sumdb/${db.name}`, true) });
  const r = new Replayer(settings(p.url, other.verifierKey), { serial: true });
  const [mt] = await r.traceAll([{ path: 'example.com/hello', query: 'v1.1.0' }]);
  r.close();
  await p.close();
  assert.equal(mt!.sumdb?.verified, false);
  assert.match(mt!.sumdb!.reason, /note|signature|verifier/i);
});

test('a verifier key whose hash is wrong is refused before any lookup', async () => {
  const bad = db.verifierKey.replace(/\+([0-9a-f]{8})\+/, (_m, h: string) => `+${((parseInt(h, 16) ^ 1) >>> 0).toString(16).padStart(8, '0')}+`);
  const p = await startModuleProxy({ modules, sumdb: sumdbHandler(`/sumdb/${db.name}`, true) });
  const r = new Replayer(settings(p.url, bad), { serial: true });
  const [mt] = await r.traceAll([{ path: 'example.com/hello', query: 'v1.1.0' }]);
  r.close();
  await p.close();
  assert.equal(mt!.sumdb?.verified, false);
  assert.match(mt!.sumdb!.reason, /invalid GOSUMDB: invalid verifier hash/);
  assert.ok(!mt!.requests.some((x) => x.op === 'sumdb-lookup'));
});

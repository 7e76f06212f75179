// The recording proxy on its own (no go command): forwarding to the right entry, what the go
// command gets back on upstream failures, bounded bodies, credentials only for their host, the
// checksum database's `supported` probe with TryProxies' rules, the https 4xx retry, and
// HTTPS_PROXY tunnelling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startModuleProxy, simpleModule, type ModuleProxy } from '../helpers/module-proxy-server.ts';
import { makeTestCA, type TestCA } from '../helpers/test-ca.ts';
import { generateKey } from '../../src/gomod/sumdb/note.ts';
import { startRecordingProxy, type RecordProxySettings, type RecordingProxy } from '../../src/trace/record-proxy.ts';

const modules = { 'example.com/hello': { 'v1.0.0': simpleModule('example.com/hello', 'v1.0.0') } };
let ca: TestCA;
const open: { close(): Promise<void> }[] = [];
before(() => { ca = makeTestCA(); });
after(async () => { for (const s of open.reverse()) await s.close(); ca.cleanup(); });

async function upstream(opts: Parameters<typeof startModuleProxy>[0]): Promise<ModuleProxy> {
  const s = await startModuleProxy(opts);
  open.push(s);
  return s;
}

async function recorder(settings: Partial<RecordProxySettings> & { goproxy: string }, opts: Parameters<typeof startRecordingProxy>[1] = {}): Promise<RecordingProxy> {
  const p = await startRecordingProxy({ gosumdb: 'off', credentials: () => null, httpProxyFor: () => null, ...settings }, opts);
  open.push(p);
  return p;
}

function childUrl(p: RecordingProxy, entry: number, path: string): string {
  const base = p.childGoproxy.match(/http:\/\/127\.0\.0\.1:\d+/)![0];
  return `${base}/${entry}${path}`;
}

test('forwards each /i request to entry i and records it with its phases', async () => {
  const a = await upstream({ behaviors: [{ match: /.*/, status: 404, body: 'not found: example.com/hello@v1.0.0\n' }] });
  const b = await upstream({ modules, behaviors: [{ match: /\.info$/, delayMs: 30 }] });
  const p = await recorder({ goproxy: `${a.url},${b.url}` });
  assert.match(p.childGoproxy, /^http:\/\/127\.0\.0\.1:\d+\/0,http:\/\/127\.0\.0\.1:\d+\/1$/);
  const r0 = await fetch(childUrl(p, 0, '/example.com/hello/@v/v1.0.0.info'));
  assert.equal(r0.status, 404);
  assert.equal(await r0.text(), 'not found: example.com/hello@v1.0.0\n');
  const r1 = await fetch(childUrl(p, 1, '/example.com/hello/@v/v1.0.0.info'));
  assert.equal(r1.status, 200);
  assert.equal(JSON.parse(await r1.text()).Version, 'v1.0.0');
  assert.equal(r1.headers.get('content-type'), 'application/json');
  assert.deepEqual(a.log.map((l) => l.path), ['/example.com/hello/@v/v1.0.0.info']);
  assert.deepEqual(b.log.map((l) => l.path), ['/example.com/hello/@v/v1.0.0.info']);
  const [x, y] = p.records;
  assert.equal(x!.entry, 0);
  assert.equal(x!.outcome, 'fallthrough');
  assert.equal(y!.entry, 1);
  assert.equal(y!.outcome, 'ok');
  assert.equal(y!.op, 'info');
  assert.equal(y!.module, 'example.com/hello');
  assert.ok(y!.ttfb >= 25, `ttfb ${y!.ttfb}`);
  assert.ok(y!.endMs >= y!.startMs && y!.startMs >= y!.receivedMs);
  assert.ok(y!.relayedMs !== null && y!.relayedMs >= y!.endMs);
});

test('an upstream that cannot be reached gives the go command a 502 naming the phase; `|` marks it as fallthrough', async () => {
  const dead = await startModuleProxy({});
  const deadUrl = dead.url;
  await dead.close();
  const b = await upstream({ modules });
  const p = await recorder({ goproxy: `${deadUrl}|${b.url}` });
  const r = await fetch(childUrl(p, 0, '/example.com/hello/@v/v1.0.0.mod'));
  assert.equal(r.status, 502);
  assert.match(await r.text(), /upstream http:\/\/127\.0\.0\.1:\d+\/example\.com\/hello\/@v\/v1\.0\.0\.mod: tcp: .*ECONNREFUSED/);
  assert.equal(p.records[0]!.outcome, 'fallthrough');
  assert.equal(p.records[0]!.childStatus, 502);
  // With `,` the go command stops there.
  const q = await recorder({ goproxy: `${deadUrl},${b.url}` });
  await (await fetch(childUrl(q, 0, '/example.com/hello/@v/v1.0.0.mod'))).text();
  assert.equal(q.records[0]!.outcome, 'failed');
});

test('bodies are bounded per operation', async () => {
  const a = await upstream({ behaviors: [{ match: /\.info$/, status: 200, body: Buffer.alloc(4096, 0x61) }] });
  const p = await recorder({ goproxy: a.url }, { maxBytes: { info: 1024 } });
  const r = await fetch(childUrl(p, 0, '/example.com/hello/@v/v1.0.0.info'));
  assert.equal(r.status, 502);
  assert.match(await r.text(), /1024-byte limit/);
  assert.equal(p.records[0]!.error?.code, 'E2BIG');
});

test('credentials go only to their own entry, and never to a redirect target', async () => {
  const other = await upstream({ modules });
  const a = await upstream({ modules, behaviors: [{ match: /\.zip$/, redirectTo: other.url }] });
  const b = await upstream({ modules });
  const withCreds = new URL(a.url);
  withCreds.username = 'bob';
  withCreds.password = 's3cr3t';
  const netrcAuth = 'Basic ' + Buffer.from('carol:n3trc').toString('base64');
  const p = await recorder({ goproxy: `${withCreds.toString().replace(/\/$/, '')},${b.url}`, credentials: (host) => (host === 'only-this-host.example' ? netrcAuth : null) });
  await (await fetch(childUrl(p, 0, '/example.com/hello/@v/v1.0.0.info'))).text();
  await (await fetch(childUrl(p, 0, '/example.com/hello/@v/v1.0.0.zip'))).arrayBuffer();
  await (await fetch(childUrl(p, 1, '/example.com/hello/@v/v1.0.0.info'))).text();
  assert.deepEqual(a.log.map((l) => l.authorization), ['Basic ' + Buffer.from('bob:s3cr3t').toString('base64'), 'Basic ' + Buffer.from('bob:s3cr3t').toString('base64')]);
  assert.deepEqual(other.log.map((l) => [l.path, l.authorization]), [['/example.com/hello/@v/v1.0.0.zip', null]]);
  assert.deepEqual(b.log.map((l) => l.authorization), [null]);
  const all = JSON.stringify(p.records) + p.childGoproxy;
  assert.ok(!all.includes('s3cr3t') && !all.includes('bob:'));
  assert.equal(p.records[1]!.redirects.length, 1);
});

test('netrc-style credentials from the settings reach their host only, and only over https (as the go command)', async () => {
  const a = await upstream({ modules, tls: ca.leaf });
  const b = await upstream({ modules, tls: ca.leaf });
  const plain = await upstream({ modules });
  const auth = 'Basic ' + Buffer.from('carol:n3trc').toString('base64');
  const hostA = new URL(a.url).host;
  const hostPlain = new URL(plain.url).host;
  const p = await recorder({ goproxy: `${a.url}|${b.url}|${plain.url}`, ca: ca.caCert, credentials: (host) => (host === hostA || host === hostPlain ? auth : null) });
  await (await fetch(childUrl(p, 0, '/example.com/hello/@v/v1.0.0.info'))).text();
  await (await fetch(childUrl(p, 1, '/example.com/hello/@v/v1.0.0.info'))).text();
  await (await fetch(childUrl(p, 2, '/example.com/hello/@v/v1.0.0.info'))).text();
  assert.deepEqual(a.log.map((l) => l.authorization), [auth]);
  assert.deepEqual(b.log.map((l) => l.authorization), [null]);
  assert.deepEqual(plain.log.map((l) => l.authorization), [null], 'never over plain http');
});

test('https: a 4xx is asked again once, as the go command (1.24+) does', async () => {
  const a = await upstream({ tls: ca.leaf, behaviors: [{ match: /.*/, status: 404 }] });
  const p = await recorder({ goproxy: `${a.url},direct`, ca: ca.caCert });
  const r = await fetch(childUrl(p, 0, '/example.com/hello/@v/v1.0.0.info'));
  assert.equal(r.status, 404);
  assert.equal(a.log.length, 2);
  assert.deepEqual(p.records.map((x) => x.outcome), ['retried', 'fallthrough']);
  const q = await recorder({ goproxy: a.url, ca: ca.caCert }, { retry4xxOverHttps: false });
  await (await fetch(childUrl(q, 0, '/example.com/hello/@v/v1.0.0.info'))).text();
  assert.equal(a.log.length, 3);
});

function sumdbServer(name: string) {
  return (path: string) => {
    const p = path.slice(`/sumdb/${name}`.length);
    if (p === '/supported') return { status: 200, body: '' };
    if (p.startsWith('/lookup/')) return { status: 200, body: `lookup ${p}\n` };
    return null;
  };
}

test('checksum database: the supported probe walks the chain once, then requests go to the proxy that supports it', async () => {
  const name = 'sum.example.test';
  const { verifierKey } = generateKey(name);
  const a = await upstream({ behaviors: [{ match: /.*/, status: 404 }] });
  const b = await upstream({ sumdb: sumdbServer(name) });
  const p = await recorder({ goproxy: `${a.url},${b.url},direct`, gosumdb: verifierKey });
  assert.equal(p.childGosumdb, `${verifierKey} ${p.childGoproxy.match(/http:\/\/127\.0\.0\.1:\d+/)![0]}/sumdb/${name}`);
  const base = p.childGosumdb!.split(' ')[1]!;
  const rs = await Promise.all([fetch(`${base}/lookup/example.com/a@v1.0.0`), fetch(`${base}/lookup/example.com/b@v1.0.0`)]);
  assert.deepEqual(await Promise.all(rs.map((r) => r.text())), ['lookup /lookup/example.com/a@v1.0.0\n', 'lookup /lookup/example.com/b@v1.0.0\n']);
  assert.deepEqual(a.log.map((l) => l.path), [`/sumdb/${name}/supported`]);
  assert.deepEqual(b.log.map((l) => l.path).sort(), [`/sumdb/${name}/lookup/example.com/a@v1.0.0`, `/sumdb/${name}/lookup/example.com/b@v1.0.0`, `/sumdb/${name}/supported`]);
  assert.equal(b.log[0]!.path, `/sumdb/${name}/supported`);
  assert.deepEqual(p.sumdbRoute, { via: 'proxy', url: `${b.url}/sumdb/${name}` });
  const probes = p.records.filter((r) => r.op === 'sumdb-supported');
  assert.deepEqual(probes.map((r) => [r.entry, r.status, r.by]), [[0, 404, 'probe'], [1, 200, 'probe']]);
  assert.ok(p.records.filter((r) => r.op === 'sumdb-lookup').every((r) => r.kind === 'sumdb' && r.entry === 1 && r.module.startsWith('example.com/')));
});

test('checksum database: TryProxies rules for errors, `|` and direct', async () => {
  const name = 'sum.example.test';
  const { verifierKey } = generateKey(name);
  const err = await upstream({ behaviors: [{ match: /.*/, status: 500 }] });
  const nf = await upstream({ behaviors: [{ match: /.*/, status: 404 }] });
  const dbHost = await upstream({ tls: ca.leaf, behaviors: [{ match: /^\/latest$/, status: 200, body: 'tree\n' }] });
  const dbName = `127.0.0.1:${dbHost.port}`;
  const direct = generateKey(dbName).verifierKey;
  const lookup = async (p: RecordingProxy) => { const r = await fetch(`${p.childGosumdb!.split(' ')[1]!}/latest`); return [r.status, await r.text()] as const; };

  // `,` after an entry that errors: the database is unavailable.
  const p1 = await recorder({ goproxy: `${err.url},${nf.url}`, gosumdb: verifierKey });
  assert.equal((await lookup(p1))[0], 500);
  assert.equal(p1.sumdbRoute, null);
  // `|` then a 404: the earlier error still ranks higher than "not found" (TryProxies), unavailable.
  const p2 = await recorder({ goproxy: `${err.url}|${nf.url}`, gosumdb: verifierKey });
  assert.equal((await lookup(p2))[0], 500);
  // `|` then direct: reaching direct means the database's own host.
  const p3 = await recorder({ goproxy: `${err.url}|direct`, gosumdb: direct, ca: ca.caCert });
  assert.deepEqual(await lookup(p3), [200, 'tree\n']);
  assert.deepEqual(p3.sumdbRoute, { via: 'direct', url: `https://${dbName}` });
  // Only 404s: direct too.
  const p4 = await recorder({ goproxy: nf.url, gosumdb: direct, ca: ca.caCert });
  assert.deepEqual(await lookup(p4), [200, 'tree\n']);
  // An explicit URL in GOSUMDB: no probe at all.
  const before = nf.log.length;
  const p5 = await recorder({ goproxy: nf.url, gosumdb: `${verifierKey} https://${dbName}`, ca: ca.caCert });
  assert.deepEqual(await lookup(p5), [200, 'tree\n']);
  assert.equal(nf.log.length, before);
  assert.equal(p5.sumdbRoute?.via, 'explicit');
  // GOSUMDB=off: the go command's value is left alone.
  const p6 = await recorder({ goproxy: nf.url, gosumdb: 'off' });
  assert.equal(p6.childGosumdb, null);
});

test('HTTPS_PROXY: upstream requests are tunnelled through the configured proxy', async () => {
  const a = await upstream({ tls: ca.leaf, modules });
  const connects: string[] = [];
  const sockets = new Set<net.Socket>();
  const tunnel = net.createServer((client) => {
    sockets.add(client);
    client.once('data', (d) => {
      const line = d.toString('latin1').split('\r\n')[0]!;
      connects.push(line);
      const [host, port] = line.split(' ')[1]!.split(':');
      const up = net.connect(Number(port), host, () => {
        sockets.add(up); client.write('HTTP/1.1 200 Connection established\r\n\r\n'); up.pipe(client); client.pipe(up); });
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
    });
  });
  await new Promise<void>((r) => tunnel.listen(0, '127.0.0.1', r));
  open.push({ close: () => new Promise<void>((r) => { for (const x of sockets) x.destroy(); tunnel.close(() => r()); }) });
  const proxyUrl = `http://127.0.0.1:${(tunnel.address() as AddressInfo).port}`;
  const p = await recorder({ goproxy: a.url, ca: ca.caCert, httpProxyFor: (u) => (u.protocol === 'https:' ? proxyUrl : null) });
  const r = await fetch(childUrl(p, 0, '/example.com/hello/@v/v1.0.0.mod'));
  assert.equal(r.status, 200);
  assert.match(await r.text(), /^module example\.com\/hello/);
  assert.deepEqual(connects, [`CONNECT 127.0.0.1:${a.port} HTTP/1.1`]);
  assert.ok(p.records[0]!.proxyConnect >= 0 && p.records[0]!.tls > 0);
});

test('a 2xx body streams to the go command while it is still arriving from upstream', async () => {
  const a = await upstream({ modules, behaviors: [{ match: /\.mod$/, dripMs: 5 }] });
  const p = await recorder({ goproxy: a.url });
  const r = await fetch(childUrl(p, 0, '/example.com/hello/@v/v1.0.0.mod'));
  // Headers are here, the upstream body is not complete yet: nothing has been recorded so far.
  assert.equal(r.status, 200);
  assert.equal(p.records.length, 0);
  assert.equal(await r.text(), modules['example.com/hello']['v1.0.0'].mod);
  assert.equal(r.headers.get('content-length'), String(modules['example.com/hello']['v1.0.0'].mod.length));
  await p.idle();
  assert.equal(p.records.length, 1);
  assert.ok(p.records[0]!.transfer > 50, `transfer ${p.records[0]!.transfer}`);
  assert.equal(p.records[0]!.streamed, true);
  // Error answers are relayed whole, with their body.
  const nf = await fetch(childUrl(p, 0, '/example.com/nope/@v/v1.0.0.mod'));
  assert.equal(nf.status, 404);
  assert.match(await nf.text(), /not found/);
  await p.idle();
  assert.equal(p.records[1]!.streamed, false);
});

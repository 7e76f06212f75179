import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { timedRequest, timedFetch } from '../../src/trace/http-timing.ts';
import { makeTestCA, type TestCA } from '../helpers/test-ca.ts';
import { startModuleProxy, simpleModule, type ModuleProxy } from '../helpers/module-proxy-server.ts';

let ca: TestCA;
let good: ModuleProxy, wrongHost: ModuleProxy, expired: ModuleProxy, plain: ModuleProxy, second: ModuleProxy;
const modules = { 'example.com/hello': { 'v1.0.0': simpleModule('example.com/hello', 'v1.0.0', { 'big.txt': 'x'.repeat(200_000) }) } };

before(async () => {
  ca = makeTestCA();
  second = await startModuleProxy({ modules, tls: ca.leaf });
  good = await startModuleProxy({
    modules, tls: ca.leaf, behaviors: [
      { match: '/slow-first-byte', delayMs: 150, status: 200, body: 'ok' },
      { match: '/drip', dripMs: 15, status: 200, body: 'x'.repeat(30) },
      { match: '/one-byte-a-second', dripMs: 1000, status: 200, body: 'x'.repeat(100) },
      { match: '/hang', hang: true },
      { match: '/short-declared', status: 200, body: 'x'.repeat(100), declaredLength: 10 },
      { match: '/huge-declared', status: 200, body: 'x', declaredLength: 1 << 30 },
      { match: '/big', status: 200, body: 'x'.repeat(300_000) },
      { match: '/loop', location: '' },
      { match: '/to-second', location: '' },
    ],
  });
  // Redirect targets need the server's own URL, known only after it started.
  good.behaviors.find((b) => b.match === '/loop')!.location = `${good.url}/loop`;
  good.behaviors.find((b) => b.match === '/to-second')!.location = zipUrl(second.url);
  wrongHost = await startModuleProxy({ modules, tls: ca.wrongHost });
  expired = await startModuleProxy({ modules, tls: ca.expired });
  plain = await startModuleProxy({ modules });
});
after(async () => { for (const s of [good, wrongHost, expired, plain, second]) await s.close(); ca.cleanup(); });

const zipUrl = (base: string) => `${base}/example.com/hello/@v/v1.0.0.zip`;

test('an HTTPS request is split into phases whose cumulative times are ordered like curl\'s', async () => {
  const r = await timedRequest(zipUrl(good.url), { ca: ca.caCert, keepBody: true });
  assert.equal(r.error, null);
  assert.equal(r.status, 200);
  assert.ok(r.bytes > 100 && r.body!.length === r.bytes);
  assert.equal(r.tlsInfo?.issuer, 'gotune test CA');
  assert.match(r.tlsInfo?.protocol ?? '', /^TLSv1\.[23]$/);
  assert.equal(r.remoteAddress, '127.0.0.1');
  assert.equal(r.remoteFamily, 'IPv4');
  const c = [r.time_namelookup, r.time_connect, r.time_appconnect, r.time_pretransfer, r.time_starttransfer, r.time_total];
  for (let i = 1; i < c.length; i++) assert.ok(c[i]! >= c[i - 1]!, `cumulative times ordered: ${c}`);
  assert.ok(r.tls > 0 && r.tcp >= 0, 'TLS handshake measured');
  const sum = r.dns + r.tcp + r.tls + r.ttfb + r.transfer;
  assert.ok(Math.abs(sum - r.time_total * 1000) < 1, `phases add up to the total (${sum} vs ${r.time_total * 1000})`);
});

test('plain HTTP has no TLS phase', async () => {
  const r = await timedRequest(zipUrl(plain.url));
  assert.equal(r.status, 200);
  assert.equal(r.tls, 0);
  assert.equal(r.time_appconnect, 0);
  assert.equal(r.tlsInfo, null);
});

test('server wait and transfer land in their own phases', async () => {
  const slow = await timedRequest(`${good.url}/slow-first-byte`, { ca: ca.caCert });
  assert.ok(slow.ttfb >= 140, `ttfb ${slow.ttfb}`);
  const drip = await timedRequest(`${good.url}/drip`, { ca: ca.caCert });
  assert.equal(drip.bytes, 30);
  assert.ok(drip.transfer >= 300, `transfer ${drip.transfer}`);
  assert.ok(drip.ttfb < drip.transfer);
});

test('a connection kept alive is reused and reported so', async () => {
  const agent = new (await import('node:https')).Agent({ keepAlive: true, maxSockets: 1 });
  const a = await timedRequest(zipUrl(good.url), { ca: ca.caCert, agent });
  const b = await timedRequest(zipUrl(good.url), { ca: ca.caCert, agent });
  agent.destroy();
  assert.equal(a.reused, false);
  assert.equal(b.reused, true);
  assert.equal(b.tls, 0);
  assert.equal(b.tcp, 0);
});

test('hostile servers: every failure names its phase, and the trace finishes', async () => {
  const hang = await timedRequest(`${good.url}/hang`, { ca: ca.caCert, timeouts: { phaseMs: 300 } });
  assert.equal(hang.error?.phase, 'ttfb');
  const dribble = await timedRequest(`${good.url}/one-byte-a-second`, { ca: ca.caCert, timeouts: { idleMs: 300 } });
  assert.equal(dribble.error?.phase, 'transfer');
  assert.ok(dribble.time_total < 5, 'stopped by the idle timeout, not after 100 s');
  const total = await timedRequest(`${good.url}/one-byte-a-second`, { ca: ca.caCert, timeouts: { totalMs: 1500, idleMs: 5000 } });
  assert.equal(total.error?.code, 'ETIMEDOUT');
  const short = await timedRequest(`${good.url}/short-declared`, { ca: ca.caCert });
  assert.ok(short.error, 'a body longer than declared is an error');
  const huge = await timedRequest(`${good.url}/huge-declared`, { ca: ca.caCert, maxBytes: 1 << 20 });
  assert.equal(huge.error?.code, 'E2BIG');
  assert.equal(huge.bytes, 0, 'refused before reading');
  const big = await timedRequest(`${good.url}/big`, { ca: ca.caCert, maxBytes: 100_000, keepBody: true });
  assert.equal(big.error?.code, 'E2BIG');
  assert.ok(big.bytes <= 100_000 + 65536, 'stopped within one chunk of the bound');
});

test('certificate problems fail in the TLS phase and name the host', async () => {
  const w = await timedRequest(zipUrl(wrongHost.url), { ca: ca.caCert });
  assert.equal(w.error?.phase, 'tls');
  assert.match(w.error!.message, /127\.0\.0\.1|altnames|hostname/i);
  const e = await timedRequest(zipUrl(expired.url), { ca: ca.caCert });
  assert.equal(e.error?.phase, 'tls');
  assert.match(e.error!.message, /expired/i);
  const unknown = await timedRequest(zipUrl(good.url));
  assert.equal(unknown.error?.phase, 'tls', 'without the test CA the chain is untrusted');
});

test('refused connections fail in the TCP phase; unresolvable names in DNS', async () => {
  const s = await startModuleProxy({});
  const url = s.url;
  await s.close();
  const r = await timedRequest(zipUrl(url));
  assert.equal(r.error?.phase, 'tcp');
  assert.equal(r.error?.code, 'ECONNREFUSED');
  const d = await timedRequest('https://no-such-host.invalid/x', { timeouts: { phaseMs: 5000 } });
  assert.equal(d.error?.phase, 'dns');
});

test('redirects: each hop timed, loops stopped, credentials never sent to another host', async () => {
  const loop = await timedFetch(`${good.url}/loop`, { ca: ca.caCert });
  assert.equal(loop.final.error?.code, 'EREDIRECT');
  second.log.length = 0;
  good.log.length = 0;
  const r = await timedFetch(`${good.url}/to-second`, { ca: ca.caCert, headers: { Authorization: 'Basic c2VjcmV0OnNlY3JldA==' } });
  assert.equal(r.hops.length, 2);
  assert.equal(r.hops[0]!.status, 302);
  assert.equal(r.final.status, 200);
  assert.ok(r.final.bytes > 100);
  assert.equal(good.log[0]!.authorization, 'Basic c2VjcmV0OnNlY3JldA==');
  assert.equal(second.log[0]!.authorization, null, 'Authorization dropped on the cross-host redirect');
});

test('HTTPS through a CONNECT proxy: the tunnel is its own phase; a refusal names it', async () => {
  const connects: string[] = [];
  const tunnels: net.Socket[] = [];
  const proxy = http.createServer();
  proxy.on('connect', (req, client, head) => {
    connects.push(req.url ?? '');
    tunnels.push(client as net.Socket);
    if (req.headers['proxy-authorization'] === undefined && req.url?.startsWith('127.0.0.1:1')) { /* accepted without auth */ }
    if (process.env['GOTUNE_TEST_PROXY_DENY']) { client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n'); return; }
    const [host, port] = (req.url ?? '').split(':');
    const up = net.connect(Number(port), host!, () => { client.write('HTTP/1.1 200 Connection Established\r\n\r\n'); up.write(head); up.pipe(client); client.pipe(up); });
    up.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const purl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  const r = await timedRequest(zipUrl(good.url), { ca: ca.caCert, proxy: purl });
  assert.equal(r.error, null, JSON.stringify(r.error));
  assert.equal(r.status, 200);
  assert.equal(connects.length, 1);
  assert.ok(r.proxyConnect >= 0 && r.tls > 0);
  process.env['GOTUNE_TEST_PROXY_DENY'] = '1';
  const denied = await timedRequest(zipUrl(good.url), { ca: ca.caCert, proxy: purl });
  delete process.env['GOTUNE_TEST_PROXY_DENY'];
  assert.equal(denied.error?.phase, 'proxy-connect');
  assert.match(denied.error!.message, /407/);
  // Tunnelled sockets leave the HTTP server's bookkeeping once CONNECT succeeds: close them here.
  for (const s of tunnels) s.destroy();
  await new Promise<void>((r) => proxy.close(() => r()));
});

function curlJson(url: string, caFile: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const c = spawn('curl', ['-s', '-o', '/dev/null', '--cacert', caFile, '-w', '%{json}', url]);
    let out = '';
    c.stdout.on('data', (d) => { out += d; });
    c.on('error', reject);
    c.on('close', () => { try { resolve(JSON.parse(out)); } catch (e) { reject(e); } });
  });
}

test('phases agree with curl -w on the same URLs (loopback; server wait and transfer made slow)', async () => {
  // Loopback has no network delay to speak of, so the comparable phases are the server's wait
  // and the transfer, which the test server stretches. One warm-up each, then medians of 5.
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  for (const path of ['/slow-first-byte', '/drip']) {
    const url = `${good.url}${path}`;
    await timedRequest(url, { ca: ca.caCert });
    await curlJson(url, ca.caFile);
    const ours = { ttfb: [] as number[], transfer: [] as number[] };
    const theirs = { ttfb: [] as number[], transfer: [] as number[] };
    for (let i = 0; i < 5; i++) {
      const o = await timedRequest(url, { ca: ca.caCert });
      ours.ttfb.push(o.ttfb);
      ours.transfer.push(o.transfer);
      const c = await curlJson(url, ca.caFile);
      theirs.ttfb.push((c['time_starttransfer']! - c['time_pretransfer']!) * 1000);
      theirs.transfer.push((c['time_total']! - c['time_starttransfer']!) * 1000);
    }
    const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(20, 0.1 * Math.max(a, b));
    assert.ok(near(med(ours.ttfb), med(theirs.ttfb)), `${path} ttfb gotune ${med(ours.ttfb)} vs curl ${med(theirs.ttfb)}`);
    assert.ok(near(med(ours.transfer), med(theirs.transfer)), `${path} transfer gotune ${med(ours.transfer)} vs curl ${med(theirs.transfer)}`);
  }
});

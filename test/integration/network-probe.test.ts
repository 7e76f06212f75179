// GT317's gatherer against local servers only (127.0.0.1, a closed port, a stubbed resolver):
// each failure is recorded with the phase where it happened, and nothing hangs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gatherNetworkProbe, probeUrl } from '../../src/facts/network-probe.ts';
import { makeSandbox } from '../helpers/sandbox.ts';
import { runChecks } from '../../src/engine/runner.ts';
import check from '../../src/checks/network/GT317-proxy-unreachable.ts';

const TEST_DB = 'localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6';
let http: Server;
let silent: TcpServer;
let P = 0, S = 0;
const CLOSED = 1;
const held: Socket[] = [];

before(async () => {
  http = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/fail500/')) { res.statusCode = 500; res.end(); return; }
    if (url === '/supports/sumdb/sum.golang.org/supported') { res.statusCode = 200; res.end(); return; }
    if (url.endsWith('/latest')) { res.statusCode = 200; res.end('go.sum database tree\n'); return; }
    res.statusCode = 404; res.end();
  });
  http.on('connect', (_req, socket) => { socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n'); });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  P = (http.address() as AddressInfo).port;
  silent = createTcpServer((s) => { held.push(s); }); // accepts, never answers
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  S = (silent.address() as AddressInfo).port;
});
after(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
  await new Promise<void>((r) => http.close(() => r()));
});

test('each GOPROXY entry and the explicit checksum DB URL get a phase', async () => {
  const started = performance.now();
  const facts = await gatherNetworkProbe({
    values: {
      GOPROXY: `http://127.0.0.1:${P}/ok,http://127.0.0.1:${P}/fail500|http://127.0.0.1:${CLOSED}/x,https://127.0.0.1:${P}/tls,http://goproxy.unresolvable.test/p,direct`,
      GOSUMDB: `${TEST_DB} http://127.0.0.1:${P}/db`,
    },
    env: {}, os: 'linux', timeoutMs: 3000,
    lookup: (h) => Promise.reject(new Error(`getaddrinfo ENOTFOUND ${h}`)),
  });
  assert.equal(facts.skipped, null);
  const by = (frag: string) => facts.results.find((r) => r.url.includes(frag));
  assert.deepEqual([by('/ok/')?.phase, by('/ok/')?.status], ['ok', 404]);
  assert.deepEqual([by('/fail500/')?.phase, by('/fail500/')?.status], ['http', 500]);
  assert.equal(by(`:${CLOSED}/`)?.phase, 'tcp');
  assert.match(by(`:${CLOSED}/`)?.error ?? '', /ECONNREFUSED/);
  assert.equal(by('https://127.0.0.1')?.phase, 'tls');
  assert.equal(by('unresolvable')?.phase, 'dns');
  const db = facts.results.find((r) => r.role === 'sumdb');
  assert.deepEqual([db?.phase, db?.status, db?.url], ['ok', 200, `http://127.0.0.1:${P}/db/latest`]);
  assert.ok(performance.now() - started < 30_000, 'does not hang');
});

test('a proxy that answers 200 to /sumdb/<name>/supported carries the checksum DB: no direct probe', async () => {
  const facts = await gatherNetworkProbe({ values: { GOPROXY: `http://127.0.0.1:${P}/supports,direct`, GOSUMDB: 'sum.golang.org' }, env: {}, os: 'linux', timeoutMs: 3000 });
  assert.deepEqual(facts.results.map((r) => [r.role, r.status]), [['proxy', 200]]);
});

test('HTTPS_PROXY: a closed proxy and a proxy refusing CONNECT fail in the proxy phase', async () => {
  const closed = await probeUrl('https://proxy.golang.invalid/x', 'proxy', { timeoutMs: 3000, proxy: `http://127.0.0.1:${CLOSED}` });
  assert.equal(closed.phase, 'proxy');
  const refusing = await probeUrl('https://proxy.golang.invalid/x', 'proxy', { timeoutMs: 3000, proxy: `http://user:pr0xyPassw0rd@127.0.0.1:${P}` });
  assert.deepEqual([refusing.phase, refusing.status], ['proxy', 407]);
  assert.ok(!JSON.stringify(refusing).includes('pr0xyPassw0rd'));
});

test('a server that never answers times out in the phase it was in', async () => {
  const started = performance.now();
  const r = await probeUrl(`http://127.0.0.1:${S}/x`, 'proxy', { timeoutMs: 800, proxy: null });
  assert.equal(r.phase, 'http');
  assert.match(r.error ?? '', /timed out/);
  assert.ok(performance.now() - started < 10_000);
});

test('gather --online + GT317: the closed port is reported with its phase', async () => {
  const sb = makeSandbox({ env: { GOTOOLCHAIN: 'local', GOPROXY: `http://127.0.0.1:${CLOSED},direct`, GOSUMDB: `${TEST_DB} http://127.0.0.1:${P}/db`, GOFLAGS: '' } });
  try {
    const facts = await sb.gather({ online: true, testLocking: false });
    assert.ok(facts.networkProbe);
    const [res] = await runChecks([check], facts, { online: true });
    assert.equal(res!.findings.length, 1, JSON.stringify(facts.networkProbe));
    assert.match(res!.findings[0]!.message, /TCP connect failed/);
    assert.equal(res!.findings[0]!.data?.['phase'], 'tcp');
    // Offline gathering does not probe.
    const offline = await sb.gather({ testLocking: false });
    assert.equal(offline.networkProbe, null);
  } finally { sb.cleanup(); }
});

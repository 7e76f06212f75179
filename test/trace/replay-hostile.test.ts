import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startModuleProxy, simpleModule } from '../helpers/module-proxy-server.ts';
import { Replayer, pickLatest, requestUrl, type TraceSettings } from '../../src/trace/replay.ts';
import { splitChain, ChainError } from '../../src/trace/chain.ts';

const modules = { 'example.com/hello': { 'v1.0.0': simpleModule('example.com/hello', 'v1.0.0') } };
const settings = (goproxy: string): TraceSettings => ({ goproxy, gonoproxy: '', gonosumdb: '', gosumdb: 'off', credentials: () => null, httpProxyFor: () => null });
const servers: { close(): Promise<void> }[] = [];
after(async () => { for (const s of servers) await s.close(); });

async function traceWith(behaviors: Parameters<typeof startModuleProxy>[0]['behaviors'], opts = {}) {
  const s = await startModuleProxy({ modules, behaviors });
  servers.push(s);
  const r = new Replayer(settings(s.url), { serial: true, ...opts });
  const [mt] = await r.traceAll([{ path: 'example.com/hello', query: 'v1.0.0' }]);
  r.close();
  return mt!;
}

test('invalid .info JSON is reported, not thrown', async () => {
  const mt = await traceWith([{ match: '.info', status: 200, body: '{"Version": ' }]);
  assert.match(mt.error ?? '', /invalid \.info JSON/);
});

test('an .info without a valid Version is reported', async () => {
  const mt = await traceWith([{ match: '.info', status: 200, body: '{"Version":"banana"}' }]);
  assert.match(mt.error ?? '', /no valid "Version"/);
});

test('a .mod that does not parse is reported with its position', async () => {
  const mt = await traceWith([{ match: '.mod', status: 200, body: 'module example.com/hello\nrequire (\n  nonsense\n' }]);
  assert.match(mt.error ?? '', /invalid go\.mod from proxy: .*go\.mod:\d+/);
});

test('a zip that is not a zip is reported', async () => {
  const mt = await traceWith([{ match: '.zip', status: 200, body: 'PK\x03\x04 this is not a zip' }]);
  assert.ok(mt.error, 'error expected');
});

test('a .zip larger than the bound stops at the bound', async () => {
  const mt = await traceWith([{ match: '.zip', status: 200, body: Buffer.alloc(3 << 20) }], { maxBytes: { zip: 1 << 20 } });
  const zipReq = mt.requests.find((r) => r.op === 'zip')!;
  assert.equal(zipReq.error?.code, 'E2BIG');
});

test('a server sending one byte a second: the trace finishes with the transfer phase named', async () => {
  const mt = await traceWith([{ match: '.mod', dripMs: 1000, status: 200, body: 'module example.com/hello\n' }], { timeouts: { idleMs: 300 } });
  assert.equal(mt.requests.find((r) => r.op === 'mod')?.error?.phase, 'transfer');
  assert.ok(mt.endMs - mt.startMs < 5000);
});

test('the chain is split as the go command splits it', () => {
  assert.deepEqual(splitChain('https://a.example, b.example |direct,https://ignored', '').map((e) => [e.kind, e.url, e.fallBackOnError]), [
    ['url', 'https://a.example', false], ['url', 'https://b.example', true], ['direct', 'direct', false],
  ]);
  assert.deepEqual(splitChain('off', 'corp.example').map((e) => e.kind), ['noproxy', 'off']);
  assert.deepEqual(splitChain('direct', 'corp.example').map((e) => e.kind), ['direct']);
  assert.throws(() => splitChain(',,', ''), ChainError);
  assert.throws(() => splitChain('ftp-less', ''), /missing scheme/);
});

test('latest is the highest release, else the highest pre-release; URLs are escaped', () => {
  assert.equal(pickLatest(['v1.0.0', 'v1.2.0-rc.1', 'v1.1.0']), 'v1.1.0');
  assert.equal(pickLatest(['v0.1.0-a', 'v0.1.0-b']), 'v0.1.0-b');
  assert.equal(pickLatest([]), null);
  assert.equal(requestUrl('https://p', 'github.com/BurntSushi/toml', 'info', 'v1.0.0-RC'), 'https://p/github.com/!burnt!sushi/toml/@v/v1.0.0-!r!c.info');
});

// GOPROXY and GOPRIVATE decisions of the real go command, compared with src/gomod's parsers:
// `go mod download -x` prints every URL it tries ("# get <url>"), against a local HTTP server
// (404 or 500 by path prefix) and a closed port used as HTTPS_PROXY so that direct fetches fail
// at once without leaving the machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { parseGoproxy } from '../../src/gomod/goproxy.ts';
import { matchPrefixPatterns } from '../../src/gomod/patterns.ts';
import { runChecks } from '../../src/engine/runner.ts';
import { networkChecks } from '../../src/checks/network/index.ts';

let server: Server;
let port = 0;
let sb: Sandbox;
const CLOSED = 'http://127.0.0.1:1';

before(async () => {
  server = createServer((req, res) => {
    res.statusCode = req.url?.startsWith('/c/') ? 500 : 404;
    res.end(res.statusCode === 500 ? 'boom' : 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  sb = makeSandbox({ env: { GOTOOLCHAIN: 'local', GOSUMDB: 'off', GOFLAGS: '', GOMODCACHE: '', HTTPS_PROXY: CLOSED, GOENV: 'off' } });
  sb.env['GOMODCACHE'] = `${sb.root}/modcache`;
});
after(async () => {
  sb?.cleanup();
  await new Promise<void>((r) => server.close(() => r()));
});

/** Runs go without blocking the event loop: the HTTP server it talks to lives in this process. */
function goAsync(args: string[], env: Record<string, string>, cwd = sb.root): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('go', args, { cwd, env: { ...sb.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stderr }); });
  });
}

/** The base URLs (before the module path) the go command tried, in order, and its final error line. */
async function tried(goproxy: string, mod = 'gotune.invalid/m', extra: Record<string, string> = {}): Promise<{ bases: string[]; error: string; direct: boolean }> {
  const r = await goAsync(['mod', 'download', '-x', `${mod}@v1.0.0`], { GOPROXY: goproxy, ...extra });
  const bases: string[] = [];
  let direct = false;
  for (const line of r.stderr.split('\n')) {
    const m = /^# get (\S+?):?$/.exec(line.trim());
    if (!m) continue;
    const url = m[1]!;
    if (url.includes('?go-get=1')) { direct = true; continue; }
    const i = url.indexOf(`/${mod}/@v/`);
    if (i > 0 && !bases.includes(url.slice(0, i))) bases.push(url.slice(0, i));
  }
  // "go: <mod>@<version>: <error>" for a download by path; the error itself is proxyList's.
  const error = (r.stderr.split('\n').filter((l) => l.startsWith('go: ')).pop() ?? '').replace(/^go: (?:\S+@v1\.0\.0: )?/, '');
  return { bases, error, direct };
}

test('GOPROXY lists: the URLs the real go tries are the entries parseGoproxy gives, up to the first fatal error', async () => {
  const H = `http://127.0.0.1:${port}`;
  const cases: { value: string; expectTried: string[] }[] = [
    { value: `${H}/a,,${H}/b`, expectTried: [`${H}/a`, `${H}/b`] },
    { value: `${H}/a,direct,${H}/b`, expectTried: [`${H}/a`] },
    { value: ` ${H}/a | ${H}/b `, expectTried: [`${H}/a`, `${H}/b`] },
    // A 500 stops a ","-chain but falls through a "|"-chain.
    { value: `${H}/c,${H}/b`, expectTried: [`${H}/c`] },
    { value: `${H}/c|${H}/b`, expectTried: [`${H}/c`, `${H}/b`] },
    { value: `127.0.0.1:${port}/a,${H}/b`, expectTried: [`https://127.0.0.1:${port}/a`] },
  ];
  for (const c of cases) {
    const parsed = parseGoproxy(c.value);
    assert.equal(parsed.error, null, c.value);
    const urls = parsed.entries.filter((e) => e.kind === 'url').map((e) => e.url);
    const real = await tried(c.value);
    assert.deepEqual(real.bases, c.expectTried, `${c.value}: ${real.error}`);
    // Every URL the go command tried is an entry of the parsed list, in the same order.
    assert.deepEqual(real.bases, urls.slice(0, real.bases.length), c.value);
    // Fallthrough: it stopped after a 500 exactly when the parsed separator was ",".
    const lastTried = parsed.entries.find((e) => e.url === real.bases[real.bases.length - 1]);
    if (real.bases.length < urls.length && lastTried) assert.equal(lastTried.fallBackOnError, false, c.value);
    // Entries after direct are reported as ignored, and the go command never tried them.
    for (const ig of parsed.ignored) assert.ok(!real.bases.includes(ig.raw), c.value);
  }
});

test('GOPROXY=direct and off: no proxy request; the error texts match', async () => {
  const d = await tried('direct');
  assert.deepEqual(d.bases, []);
  assert.equal(d.direct, true);
  assert.deepEqual(parseGoproxy('direct').entries.map((e) => e.kind), ['direct']);
  const off = await tried('off');
  assert.deepEqual(off.bases, []);
  assert.match(off.error, /module lookup disabled by GOPROXY=off/);
});

test('rejected GOPROXY values: the real go prints exactly the parser error', async () => {
  for (const value of ['ftp://x', 'ftp://x,direct', ',', ' ', ' , | ', 'https://a b', 'file://host/p', 'file:/tmp/x', 'foo', '/abs/path', ':x', 'https://a:bad', 'https://%zz', 'http://[::1']) {
    const parsed = parseGoproxy(value);
    assert.ok(parsed.error, value);
    const real = await tried(value);
    assert.equal(real.error, parsed.error, value);
  }
});

test('GOPRIVATE matching: the real go fetches directly exactly when matchPrefixPatterns says so', async () => {
  const H = `http://127.0.0.1:${port}/p`;
  const table: [string, string][] = [
    ['a.invalid, b.invalid', 'a.invalid/m'], ['a.invalid, b.invalid', 'b.invalid/m'], ['a.invalid,b.invalid', 'b.invalid/m'],
    ['*.invalid', 'x.invalid/m'], ['corp.invalid/team', 'corp.invalid/team/m'], ['corp.invalid/team', 'corp.invalid/other/m'],
    ['https://a.invalid', 'a.invalid/m'], ['a.invalid/...', 'a.invalid/m'], ['[', 'a.invalid/m'], ['c?.invalid', 'c1.invalid/m'],
    ['.invalid', 'x.invalid/m'], ['corp.invalid/*/m', 'corp.invalid/team/m'], ['corp.invalid/', 'corp.invalid/team/m'],
  ];
  for (const [globs, mod] of table) {
    const real = await tried(H, mod, { GOPRIVATE: globs });
    const viaProxy = real.bases.length > 0;
    assert.equal(real.direct || viaProxy, true, `${globs} ${mod}: ${real.error}`);
    assert.equal(real.direct && !viaProxy, matchPrefixPatterns(globs, mod), `GOPRIVATE=${JSON.stringify(globs)} ${mod}: real go ${real.direct ? 'direct' : 'proxy'}`);
  }
});

test('gotune reports the same GOPROXY error and the broken GOPRIVATE pattern from a real gather', async () => {
  const env = { ...sb.env };
  try {
    Object.assign(sb.env, { GOPROXY: 'ftp://x,direct', GOPRIVATE: 'a.invalid, b.invalid' });
    const real = await tried('ftp://x,direct');
    const facts = await sb.gather();
    const results = await runChecks(networkChecks, facts, {});
    const all = results.flatMap((r) => r.findings);
    const gt303 = all.filter((f) => f.id === 'GT303');
    assert.equal(gt303.length, 1);
    assert.ok(gt303[0]!.message.includes(`"go: ${real.error}"`), `${gt303[0]!.message} / ${real.error}`);
    const gt309 = all.filter((f) => f.id === 'GT309');
    assert.equal(gt309.length, 1);
    assert.match(gt309[0]!.message, /" b\.invalid" starts with white space/);
    assert.equal(gt309[0]!.data?.['corrected'], 'a.invalid,b.invalid');
  } finally {
    for (const k of Object.keys(sb.env)) delete sb.env[k];
    Object.assign(sb.env, env);
  }
});

test('GT308: a private requirement goes to the proxy until the proposed GOPRIVATE is applied', async () => {
  const H = `http://127.0.0.1:${port}/p`;
  const host = 'git.acmecorp-gotune.net';
  const saved = { ...sb.env };
  Object.assign(sb.env, { GOPROXY: H, GOENV: `${sb.root}/goenv` });
  sb.write('project/go.mod', `module ${host}/team/app\n\ngo 1.21\n\nrequire ${host}/team/lib v1.0.0\n`);
  const downloadTries = async () => {
    const r = await goAsync(['mod', 'download', '-x'], {}, sb.project);
    return { proxy: r.stderr.includes(`# get ${H}/${host}/team/lib/@v/`), direct: r.stderr.includes(`# get https://${host}/team/lib?go-get=1`) };
  };
  try {
    const before = await downloadTries();
    assert.deepEqual(before, { proxy: true, direct: false }, 'the private path is sent to the proxy');
    const facts = await sb.gather({ testLocking: false });
    const [res] = await runChecks(networkChecks.filter((c) => c.id === 'GT308'), facts, {});
    assert.equal(res!.findings.length, 1);
    const argv = res!.findings[0]!.fix?.commands?.[0]?.argv;
    assert.deepEqual(argv, ['go', 'env', '-w', `GOPRIVATE=${host}`]);
    const applied = await goAsync(argv!.slice(1), {}, sb.project);
    assert.equal(applied.status, 0, applied.stderr);
    const after = await downloadTries();
    assert.deepEqual(after, { proxy: false, direct: true }, 'now fetched directly');
    const again = await sb.gather({ testLocking: false });
    const [res2] = await runChecks(networkChecks.filter((c) => c.id === 'GT308'), again, {});
    assert.equal(res2!.findings.length, 0);
  } finally {
    for (const k of Object.keys(sb.env)) delete sb.env[k];
    Object.assign(sb.env, saved);
  }
});

// The pure parts of observing a go command: the chain and GOSUMDB rewrites, the -x line parser,
// the -x flag insertion, the time budget's arithmetic, and the rendered report (golden).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { splitChain } from '../../src/trace/chain.ts';
import { classifyProxyPath, rewriteGoproxy, sumdbTarget } from '../../src/trace/record-proxy.ts';
import { pairXEvents, parseXLine, withXFlag, type XEvent } from '../../src/trace/go-x-trace.ts';
import { buildBudget, type BudgetRequest } from '../../src/trace/budget.ts';
import { observe, observeToJson, renderObserveText, runObserveCommand, ObserveError, type ObserveReport, type ObservedRequest } from '../../src/trace/observe.ts';

const BASE = 'http://127.0.0.1:9';

test('GOPROXY keeps its shape entry by entry', () => {
  const cases: [string, string][] = [
    ['https://a.example,https://b.example|direct', `${BASE}/0,${BASE}/1|direct`],
    ['https://a.example|https://b.example,off', `${BASE}/0|${BASE}/1,off`],
    ['direct', 'direct'],
    ['off', 'off'],
    ['a.example , b.example', `${BASE}/0,${BASE}/1`],
    ['https://a.example,direct,https://ignored.example', `${BASE}/0,direct`],
    ['https://a.example,file:///srv/goproxy,https://c.example', `${BASE}/0,file:///srv/goproxy,${BASE}/2`],
    ['https://user:secret@a.example/path/', `${BASE}/0`],
  ];
  for (const [goproxy, want] of cases) assert.equal(rewriteGoproxy(splitChain(goproxy, ''), BASE), want, goproxy);
  // GONOPROXY adds the go command's internal "noproxy" entry; it never reaches the child's GOPROXY.
  assert.equal(rewriteGoproxy(splitChain('https://a.example,direct', 'corp.example'), BASE), `${BASE}/0,direct`);
});

test('GOSUMDB: the database the go command would use, with its key and any explicit URL', () => {
  const known = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
  assert.deepEqual(sumdbTarget(''), { key: known, name: 'sum.golang.org', url: null });
  assert.deepEqual(sumdbTarget('sum.golang.org'), { key: known, name: 'sum.golang.org', url: null });
  assert.deepEqual(sumdbTarget('sum.golang.google.cn'), { key: known, name: 'sum.golang.org', url: 'https://sum.golang.google.cn' });
  assert.deepEqual(sumdbTarget(`${known} https://mirror.example/sumdb/`), { key: known, name: 'sum.golang.org', url: 'https://mirror.example/sumdb' });
  assert.equal(sumdbTarget('off'), null);
  assert.equal(sumdbTarget('not a key at all'), null);
  assert.equal(sumdbTarget('unknown.example'), null);
});

test('proxy paths are classified by operation, module and version', () => {
  assert.deepEqual(classifyProxyPath('/github.com/%21azure/go-autorest/@v/v14.2.0%2Bincompatible.zip'), { op: 'zip', module: 'github.com/Azure/go-autorest', version: 'v14.2.0+incompatible' });
  assert.deepEqual(classifyProxyPath('/golang.org/x/mod/@v/list'), { op: 'list', module: 'golang.org/x/mod', version: null });
  assert.deepEqual(classifyProxyPath('/golang.org/x/mod/@latest'), { op: 'latest', module: 'golang.org/x/mod', version: null });
  assert.deepEqual(classifyProxyPath('/golang.org/x/mod/@v/v0.1.0.info?x=1'), { op: 'info', module: 'golang.org/x/mod', version: 'v0.1.0' });
  assert.equal(classifyProxyPath('/sumdb/sum.golang.org/supported').op, 'sumdb-supported');
  assert.deepEqual(classifyProxyPath('/sumdb/sum.golang.org/lookup/golang.org/x/mod@v0.1.0'), { op: 'sumdb-lookup', module: 'golang.org/x/mod', version: 'v0.1.0' });
  assert.equal(classifyProxyPath('/sumdb/sum.golang.org/tile/8/0/x001/234.p/5').op, 'sumdb-tile');
  assert.equal(classifyProxyPath('/sumdb/sum.golang.org/latest').op, 'sumdb-latest');
  assert.equal(classifyProxyPath('/robots.txt').op, 'other');
  assert.equal(classifyProxyPath('/%E0%A4%A/@v/list').op, 'list');
});

test('-x lines: HTTP gets, their results and version-control commands', () => {
  assert.deepEqual(parseXLine('# get https://proxy.golang.org/golang.org/x/mod/@v/list', 5), { type: 'get-start', url: 'https://proxy.golang.org/golang.org/x/mod/@v/list', atMs: 5 });
  assert.deepEqual(parseXLine('# get https://proxy.golang.org/golang.org/x/mod/@v/list: 200 OK (0.157s)', 9), { type: 'get-done', url: 'https://proxy.golang.org/golang.org/x/mod/@v/list', status: 200, statusText: 'OK', seconds: 0.157, atMs: 9 });
  assert.deepEqual(parseXLine('# get https://p.example/x/@v/v1.0.0.info: 404 Not Found (0.020s)', 1), { type: 'get-done', url: 'https://p.example/x/@v/v1.0.0.info', status: 404, statusText: 'Not Found', seconds: 0.02, atMs: 1 });
  assert.deepEqual(parseXLine('# get https://example.com/?go-get=1: dial tcp: lookup example.com: no such host', 3), { type: 'get-error', url: 'https://example.com/?go-get=1', message: 'dial tcp: lookup example.com: no such host', atMs: 3 });
  assert.deepEqual(parseXLine('cd /root/go/pkg/mod/cache/vcs/abc; git ls-remote -q origin', 7), { type: 'vcs-start', command: 'cd /root/go/pkg/mod/cache/vcs/abc; git ls-remote -q origin', program: 'git', dir: '/root/go/pkg/mod/cache/vcs/abc', atMs: 7 });
  assert.deepEqual(parseXLine('0.392s # cd /root/go/pkg/mod/cache/vcs/abc; git ls-remote -q origin', 400), { type: 'vcs-done', command: 'cd /root/go/pkg/mod/cache/vcs/abc; git ls-remote -q origin', program: 'git', seconds: 0.392, atMs: 400 });
  assert.equal(parseXLine('git init --bare', 0)?.type, 'vcs-start');
  assert.equal(parseXLine('# lock /root/go/pkg/mod/cache/vcs/abc.lock', 0)?.type, 'vcs-setup');
  assert.equal(parseXLine('cd /root/go/pkg/mod', 0)?.type, 'vcs-setup');
  assert.equal(parseXLine('mkdir -p /root/go/pkg/mod/cache/vcs # git https://example.com/repo', 0)?.type, 'vcs-setup');
  // Credentials in a URL never survive parsing.
  const e = parseXLine('# get https://u:hunter2@p.example/x/@v/list: 200 OK (0.001s)', 0);
  assert.ok(e && !JSON.stringify(e).includes('hunter2'));
  // The go command's normal output is not a trace line.
  for (const l of ['go: downloading example.com/a v1.0.0', 'go: example.com/a@v1.0.0: reading https://p/x: 404 Not Found', '', 'gitlab is great', '# example.com/pkg']) assert.equal(parseXLine(l, 0), null, l);
});

test('-x parsing never throws and never keeps a credential', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.double({ noNaN: true }), (line, at) => {
    const e = parseXLine(line, at);
    if (e) assert.ok(!/\/\/[^/\s@]+:[^/\s@]+@/.test(JSON.stringify(e)));
  }), { numRuns: 2000 });
  fc.assert(fc.property(fc.array(fc.constantFrom('# get ', 'https://x/', ': 200 OK (', '0.1s)', '0.2s # ', 'cd /d; ', 'git ', 'x'), { maxLength: 12 }), (parts) => {
    parseXLine(parts.join(''), 0);
  }), { numRuns: 2000 });
});

test('-x events pair into gets and commands', () => {
  const ev = (l: string, t: number) => parseXLine(l, t)!;
  const events: XEvent[] = [
    ev('# get https://p/a/@v/list', 10), ev('# get https://p/b/@v/list', 11),
    ev('# get https://p/b/@v/list: 200 OK (0.030s)', 41), ev('# get https://p/a/@v/list: 404 Not Found (0.050s)', 60),
    ev('cd /d; git fetch -f origin', 70), ev('1.500s # cd /d; git fetch -f origin', 1570),
    ev('# get https://p/c/@v/list: dial tcp: i/o timeout', 90),
    ev('cd /root/go/pkg/mod', 100), ev('git ls-remote https://example.com/repo', 101), ev('# lock /root/go/pkg/mod/cache/vcs/x.lock', 180),
  ];
  const { gets, commands } = pairXEvents(events);
  assert.deepEqual(gets.map((g) => [g.url, g.startMs, g.endMs, g.status]), [['https://p/b/@v/list', 11, 41, 200], ['https://p/a/@v/list', 10, 60, 404], ['https://p/c/@v/list', null, 90, null]]);
  assert.deepEqual(commands, [
    { command: 'cd /d; git fetch -f origin', program: 'git', startMs: 70, endMs: 1570, seconds: 1.5 },
    { command: 'git ls-remote https://example.com/repo', program: 'git', startMs: 101, endMs: 180, seconds: 0.079, estimated: true },
  ]);
});

test('-x is added after the subcommand where it only adds the fetch trace', () => {
  assert.deepEqual(withXFlag(['mod', 'download']).args, ['mod', 'download', '-x']);
  assert.deepEqual(withXFlag(['mod', 'download', '-json', 'golang.org/x/mod@latest']).args, ['mod', 'download', '-x', '-json', 'golang.org/x/mod@latest']);
  assert.deepEqual(withXFlag(['get', 'golang.org/x/mod@latest']).args, ['get', '-x', 'golang.org/x/mod@latest']);
  assert.deepEqual(withXFlag(['-C', 'sub', 'mod', 'tidy']).args, ['-C', 'sub', 'mod', 'tidy', '-x']);
  assert.deepEqual(withXFlag(['list', '-m', 'all']).args, ['list', '-x', '-m', 'all']);
  assert.equal(withXFlag(['build', './...']).added, false);
  assert.deepEqual(withXFlag(['build', './...'], true).args, ['build', '-x', './...']);
  assert.deepEqual(withXFlag(['mod', 'download', '-x']), { args: ['mod', 'download', '-x'], added: false, userAsked: true });
  assert.equal(withXFlag(['version']).added, false);
  assert.equal(withXFlag(['mod', 'verify']).added, false);
  assert.equal(withXFlag(['run', '.', '--', '-x']).added, false);
});

const req = (o: Partial<BudgetRequest> & Pick<BudgetRequest, 'startMs' | 'endMs'>): BudgetRequest => ({ kind: 'proxy', host: 'p.example', dns: 0, tcp: 0, proxyConnect: 0, tls: 0, ttfb: 0, transfer: 0, ...o });
const close = (a: number, b: number, eps = 0.01) => assert.ok(Math.abs(a - b) <= eps, `${a} vs ${b}`);

test('budget: serial requests, start-up gap, gaps between, tail', () => {
  const b = buildBudget({
    wallMs: 1000,
    requests: [
      req({ startMs: 100, endMs: 300, dns: 20, tcp: 30, tls: 50, ttfb: 80, transfer: 20 }),
      req({ startMs: 400, endMs: 500, ttfb: 90, transfer: 10, host: 'q.example', kind: 'sumdb' }),
    ],
  });
  assert.deepEqual(b.parts, { network: 200, sumdb: 100, vcs: 0, relay: 0, localStartup: 100, localBetween: 100, localAfter: 500 });
  assert.deepEqual(b.byPhase, { dns: 20, tcp: 30, proxyConnect: 0, tls: 50, ttfb: 170, transfer: 30, other: 0 });
  assert.deepEqual(b.byHost, { 'p.example': 200, 'q.example': 100 });
  assert.equal(b.explainedMs, 1000);
  assert.equal(b.coverage, 1);
  assert.equal(b.measuredShare, 0.3);
  assert.equal(b.concurrency.maxInFlight, 1);
});

test('budget: concurrent requests are counted once, each instant shared among them', () => {
  const b = buildBudget({
    wallMs: 400,
    requests: [
      req({ startMs: 0, endMs: 200, ttfb: 200, host: 'a' }),
      req({ startMs: 100, endMs: 300, tls: 100, ttfb: 100, host: 'b' }),
      req({ startMs: 100, endMs: 300, ttfb: 200, host: 'c' }),
    ],
  });
  // 0-100: a alone; 100-200: a, b (tls), c share; 200-300: b (ttfb), c share.
  close(b.parts.network, 300);
  close(b.byHost['a']!, 100 + 100 / 3);
  close(b.byHost['b']!, 100 / 3 + 50);
  close(b.byHost['c']!, 100 / 3 + 50);
  close(b.byPhase.tls, 100 / 3);
  close(b.byPhase.ttfb, 300 - 100 / 3);
  assert.equal(b.parts.localAfter, 100);
  assert.equal(b.concurrency.activitySumMs, 600);
  assert.equal(b.concurrency.activityUnionMs, 300);
  assert.equal(b.concurrency.maxInFlight, 3);
});

test('budget: version control, redirects, relay time and clipping to the wall time', () => {
  const b = buildBudget({
    wallMs: 1000,
    requests: [
      req({ startMs: 0, endMs: 100, ttfb: 20, transfer: 10, redirects: [{ dns: 0, tcp: 10, proxyConnect: 0, tls: 20, ttfb: 30, transfer: 0 }], receivedMs: 0, relayedMs: 110 }),
      // Still running when the command exited: only its part inside the run counts.
      req({ startMs: 900, endMs: 1500, ttfb: 600 }),
    ],
    vcs: [{ startMs: 200, endMs: 700, label: 'git' }],
  });
  // The first request's phases cover 90 of its 100 ms: the rest is the recording proxy's own time.
  close(b.parts.network, 190);
  close(b.parts.relay, 20);
  close(b.parts.vcs, 500);
  close(b.byPhase.other, 0);
  assert.deepEqual(b.vcsByLabel, { git: 500 });
  close(b.explainedMs, 1000);
  assert.equal(b.parts.localAfter, 0);
  close(b.parts.localBetween, 90 + 200);
});

test('budget: a failed request spends its unmeasured rest in the phase it failed in', () => {
  const b = buildBudget({ wallMs: 100, requests: [req({ startMs: 0, endMs: 80, tcp: 10, errorPhase: 'ttfb' })] });
  close(b.byPhase.ttfb, 70);
  close(b.parts.relay, 0);
});

test('budget: phases that add up to more than the span are scaled to fit', () => {
  const b = buildBudget({ wallMs: 100, requests: [req({ startMs: 0, endMs: 50, ttfb: 40, transfer: 20 })] });
  close(b.parts.network, 50);
  close(b.byPhase.ttfb + b.byPhase.transfer, 50);
});

test('budget: parts always add up to the wall time, none negative, whatever the intervals', () => {
  const arbReq = fc.record({
    startMs: fc.double({ min: -50, max: 2000, noNaN: true }),
    len: fc.double({ min: 0, max: 800, noNaN: true }),
    kind: fc.constantFrom('proxy' as const, 'sumdb' as const, 'direct' as const),
    host: fc.constantFrom('a', 'b', 'c'),
    dns: fc.double({ min: 0, max: 100, noNaN: true }), tls: fc.double({ min: 0, max: 100, noNaN: true }), ttfb: fc.double({ min: 0, max: 500, noNaN: true }), transfer: fc.double({ min: 0, max: 500, noNaN: true }),
    relay: fc.double({ min: 0, max: 20, noNaN: true }),
  });
  fc.assert(fc.property(fc.double({ min: 0, max: 3000, noNaN: true }), fc.array(arbReq, { maxLength: 25 }), fc.array(fc.tuple(fc.double({ min: 0, max: 3000, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true })), { maxLength: 4 }), (wall, rs, vs) => {
    const b = buildBudget({
      wallMs: wall,
      requests: rs.map((r) => req({ ...r, endMs: r.startMs + r.len, receivedMs: r.startMs - r.relay, relayedMs: r.startMs + r.len + r.relay })),
      vcs: vs.map(([s, l]) => ({ startMs: s, endMs: s + l, label: 'git' })),
    });
    for (const v of Object.values(b.parts)) assert.ok(v >= 0);
    const eps = 0.001 * (rs.length + vs.length + 4);
    assert.ok(Math.abs(b.explainedMs - b.wallMs) <= eps, `${b.explainedMs} vs ${b.wallMs}`);
    const phases = Object.values(b.byPhase).reduce((s, x) => s + x, 0);
    assert.ok(Math.abs(phases - (b.parts.network + b.parts.sumdb)) <= eps);
    assert.ok(b.concurrency.activityUnionMs <= b.wallMs + eps);
  }), { numRuns: 500 });
});

function fixtureReport(): ObserveReport {
  const base = { method: 'GET', bytes: 0, dns: 0, tcp: 0, tls: 0, proxyConnect: 0, ttfb: 0, transfer: 0, time_namelookup: 0, time_connect: 0, time_appconnect: 0, time_pretransfer: 0, time_starttransfer: 0, time_total: 0, reused: true, remoteAddress: '192.0.2.1', remoteFamily: 'IPv4' as const, tlsInfo: null, error: null, redirects: [], relayedMs: null, childStatus: 200, streamed: false, by: 'go' as const };
  const requests: ObservedRequest[] = [
    { ...base, url: 'https://[REDACTED]@corp.example/goproxy/example.com/a/@v/v1.0.0.info', op: 'info', module: 'example.com/a', version: 'v1.0.0', entry: 0, proxy: 'https://[REDACTED]@corp.example/goproxy', host: 'corp.example', outcome: 'fallthrough', reason: '404: not found, the go command tries the next entry', status: 404, startMs: 120, endMs: 180, receivedMs: 119, relayedMs: 181, kind: 'proxy', dns: 12, tcp: 8, tls: 20, ttfb: 20, transfer: 0, reused: false, time_total: 0.06 },
    { ...base, url: 'https://proxy.golang.org/example.com/a/@v/v1.0.0.info', op: 'info', module: 'example.com/a', version: 'v1.0.0', entry: 1, proxy: 'https://proxy.golang.org', host: 'proxy.golang.org', outcome: 'ok', reason: null, status: 200, bytes: 50, startMs: 182, endMs: 260, receivedMs: 181, relayedMs: 261, kind: 'proxy', ttfb: 70, transfer: 8, time_total: 0.078 },
    { ...base, url: 'https://proxy.golang.org/example.com/a/@v/v1.0.0.zip', op: 'zip', module: 'example.com/a', version: 'v1.0.0', entry: 1, proxy: 'https://proxy.golang.org', host: 'proxy.golang.org', outcome: 'ok', reason: null, status: 200, bytes: 1_500_000, startMs: 300, endMs: 700, receivedMs: 299, relayedMs: 705, kind: 'proxy', ttfb: 100, transfer: 300, time_total: 0.4 },
    { ...base, url: 'https://proxy.golang.org/sumdb/sum.golang.org/supported', op: 'sumdb-supported', module: '', version: null, entry: 1, proxy: 'https://proxy.golang.org', host: 'proxy.golang.org', outcome: 'fallthrough', reason: '404', status: 404, startMs: 710, endMs: 760, receivedMs: 709, kind: 'sumdb', by: 'probe', childStatus: null, ttfb: 50, time_total: 0.05 },
    { ...base, url: 'https://sum.golang.org/lookup/example.com/a@v1.0.0', op: 'sumdb-lookup', module: 'example.com/a', version: 'v1.0.0', entry: -1, proxy: 'https://sum.golang.org', host: 'sum.golang.org', outcome: 'ok', reason: null, status: 200, bytes: 900, startMs: 760, endMs: 900, receivedMs: 709, relayedMs: 901, kind: 'sumdb', dns: 10, tcp: 10, tls: 30, ttfb: 80, transfer: 10, reused: false, time_total: 0.14 },
  ];
  const budget = buildBudget({ wallMs: 1000, requests: requests.map((r) => ({ ...r, receivedMs: r.by === 'go' ? r.receivedMs : null })), vcs: [] });
  return {
    schema: 'gotune.trace.observe/1',
    command: ['go', 'mod', 'download'],
    exitCode: 0, signal: null, wallMs: 1000,
    goproxy: 'https://[REDACTED]@corp.example/goproxy,https://proxy.golang.org,direct',
    childGoproxy: 'http://127.0.0.1:40000/0,http://127.0.0.1:40000/1,direct',
    gosumdb: 'sum.golang.org',
    childGosumdb: 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 http://127.0.0.1:40000/sumdb/sum.golang.org',
    sumdbRoute: { via: 'direct', url: 'https://sum.golang.org' },
    xAdded: true, requests, gets: [], vcs: [], budget,
    agreement: { matched: 4, goSeconds: 0.71, proxySeconds: 0.69 },
    notes: [],
  };
}

test('the text report (golden; UPDATE_GOLDEN=1 to refresh)', () => {
  const dir = join(import.meta.dirname, 'fixtures');
  const file = join(dir, 'observe-report.golden.txt');
  const text = renderObserveText(fixtureReport());
  if (process.env['UPDATE_GOLDEN']) { mkdirSync(dir, { recursive: true }); writeFileSync(file, text); }
  assert.equal(text, readFileSync(file, 'utf8'));
  // Colour only when asked (a TTY); the words are the same.
  const coloured = renderObserveText(fixtureReport(), { color: true });
  assert.notEqual(coloured, text);
  assert.equal(coloured.replace(/\x1b\[[0-9;]*m/g, ''), text);
});

test('the JSON document carries curl\'s names and no credential', () => {
  const doc = JSON.parse(observeToJson(fixtureReport())) as ObserveReport;
  assert.equal(doc.schema, 'gotune.trace.observe/1');
  assert.equal(doc.requests[2]!.time_total, 0.4);
  assert.ok('time_starttransfer' in doc.requests[0]!);
  assert.ok(!observeToJson(fixtureReport()).match(/\/\/[^/\s@[]+:[^/\s@]+@/));
  assert.equal(doc.budget.explainedMs, 1000);
});

const noNetwork = { goproxy: 'https://proxy.invalid', gosumdb: 'off', credentials: () => null, httpProxyFor: () => null };

test('any command: its exit code is passed on, go subprocesses inherit the rewritten GOPROXY', async () => {
  const { exitCode, report } = await runObserveCommand(['sh', '-c', 'echo "$GOPROXY" >&2; exit 3'], { env: { PATH: '/usr/bin:/bin' }, cwd: '/', settings: noNetwork, stdout: null, stderr: null });
  assert.equal(exitCode, 3);
  assert.equal(report.exitCode, 3);
  assert.equal(report.xAdded, false);
  assert.match(report.childGoproxy, /^http:\/\/127\.0\.0\.1:\d+\/0$/);
  assert.ok(report.notes.some((n) => /not the go command/.test(n)));
  close(report.budget.explainedMs, report.wallMs, 0.05);
});

test('a command that runs too long is killed; its exit code says so', async () => {
  const { exitCode, report } = await runObserveCommand(['sleep', '30'], { env: { PATH: '/usr/bin:/bin' }, cwd: '/', settings: noNetwork, stdout: null, stderr: null, timeoutMs: 200, forwardSignals: true });
  assert.equal(report.signal, 'SIGKILL');
  assert.equal(exitCode, 137);
  assert.equal(process.listenerCount('SIGINT'), 0);
});

test('a command that does not exist is gotune\'s error, not the command\'s', async () => {
  await assert.rejects(observe(['no-such-command-gotune'], { env: { PATH: '/usr/bin:/bin' }, cwd: '/', settings: noNetwork }), ObserveError);
  await assert.rejects(observe([], { env: {}, cwd: '/', settings: noNetwork }), ObserveError);
});

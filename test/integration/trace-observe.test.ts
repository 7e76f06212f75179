// `gotune trace -- go mod download` against local module proxies: the real go command, run once
// without gotune and once observed, against fresh servers with the same behaviours. The upstream
// servers must see the same requests, the go command must produce the same go.sum and exit code,
// and the time budget must account for the wall time.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { startModuleProxy, simpleModule, type Behavior, type ModuleProxy, type ServedVersion } from '../helpers/module-proxy-server.ts';
import { makeTestCA, type TestCA } from '../helpers/test-ca.ts';
import { goAsync } from '../helpers/go-async.ts';
import { TestSumDB } from '../../src/gomod/sumdb/testlog.ts';
import { hashGoMod } from '../../src/gomod/dirhash.ts';
import { hashZipBytes } from '../../src/trace/zip-hash.ts';
import { observe, observeToJson, renderObserveText, type ObserveReport } from '../../src/trace/observe.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

const GO = '/usr/local/go/bin';
const NAMES = ['alpha', 'beta', 'gamma', 'delta', 'Epsilon'];
const modules: Record<string, Record<string, ServedVersion>> = {};
for (const n of NAMES) modules[`example.com/${n}`] = { 'v1.0.0': simpleModule(`example.com/${n}`, 'v1.0.0', { 'data.txt': `${n}\n`.repeat(2000) }) };
const GOMOD = `module example.com/fixture\n\ngo 1.21\n\nrequire (\n${NAMES.map((n) => `\texample.com/${n} v1.0.0\n`).join('')})\n`;
/** Per-endpoint delays so the network part of the run is significant. */
const DELAYS: Behavior[] = [{ match: /\.info$/, delayMs: 40 }, { match: /\.mod$/, delayMs: 40 }, { match: /\.zip$/, delayMs: 80 }, { match: /^\/sumdb\//, delayMs: 30 }];

const root = mkdtempSync(join(tmpdir(), 'gotune-trace-observe-'));
let ca: TestCA;
let seq = 0;
before(() => { ca = makeTestCA(); });
after(() => { removeGoTree(root); ca?.cleanup(); });

async function sumdbFor(name: string): Promise<TestSumDB> {
  const db = new TestSumDB({ name });
  for (const [path, versions] of Object.entries(modules)) {
    for (const [v, sv] of Object.entries(versions)) db.addModule(path, v, { zip: await hashZipBytes(sv.zip, path, v), mod: hashGoMod(sv.mod) });
  }
  return db;
}

interface Servers { list: ModuleProxy[]; close(): Promise<void> }

interface Case {
  name: string;
  /** Builds the servers (fresh for each run) and the environment that points at them. */
  start(): Promise<{ servers: Servers; env: Record<string, string> }>;
  goOk?: boolean;
  /** go.mod of the fixture project (default: the five proxy modules). */
  gomod?: string;
  check?(r: ObserveReport, servers: Servers, output: string): void;
}

function project(gomod = GOMOD): string {
  const dir = join(root, `run${seq++}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), gomod);
  return dir;
}

function baseEnv(dir: string): Record<string, string> {
  return {
    PATH: `${GO}:/usr/bin:/bin`, HOME: dir, GOPATH: join(dir, 'gopath'), GOMODCACHE: join(dir, 'gopath', 'pkg', 'mod'), GOCACHE: join(dir, 'gocache'),
    GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw', GIT_TERMINAL_PROMPT: '0', GONOSUMDB: '', GOPRIVATE: '', GONOPROXY: '',
  };
}

/** The upstream log as comparable facts: the multiset of requests, and each module's own order. */
function logFacts(servers: Servers): { all: string[]; perModule: Record<string, string[]>; sumdb: string[] } {
  const all: string[] = [];
  const perModule: Record<string, string[]> = {};
  const sumdb: string[] = [];
  servers.list.forEach((s, i) => {
    for (const l of s.log) {
      // The direct checksum database's name carries its port, which differs between runs.
      const line = `${i} ${l.method} ${l.path.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')} ${l.status}`;
      all.push(line);
      const m = /^\/(.+?)\/@/.exec(l.path);
      if (m) (perModule[m[1]!] ??= []).push(line);
      if (l.path.startsWith('/sumdb/') || l.path.startsWith('/lookup/') || l.path.startsWith('/tile/') || l.path === '/latest') sumdb.push(line);
    }
  });
  return { all: all.sort(), perModule, sumdb };
}

async function runCase(c: Case): Promise<{ report: ObserveReport; servers: Servers; output: string }> {
  // 1. The go command on its own.
  const d1 = project(c.gomod);
  const s1 = await c.start();
  const plain = await goAsync(['mod', 'download'], { cwd: d1, env: { ...baseEnv(d1), ...s1.env }, timeoutMs: 120_000 });
  const plainLog = logFacts(s1.servers);
  await s1.servers.close();
  let plainSum = '';
  try { plainSum = readFileSync(join(d1, 'go.sum'), 'utf8'); } catch { /* none on failure */ }
  assert.equal(plain.status === 0, c.goOk ?? true, `go mod download without gotune: ${plain.stderr}`);

  // 2. The same command observed through the recording proxy.
  const d2 = project(c.gomod);
  const s2 = await c.start();
  const out = new PassThrough();
  const err = new PassThrough();
  let output = '';
  out.on('data', (d) => { output += d; });
  err.on('data', (d) => { output += d; });
  const report = await observe(['go', 'mod', 'download'], { env: { ...baseEnv(d2), ...s2.env }, cwd: d2, stdout: out, stderr: err });
  const observedLog = logFacts(s2.servers);
  await s2.servers.close();
  let observedSum = '';
  try { observedSum = readFileSync(join(d2, 'go.sum'), 'utf8'); } catch { /* none on failure */ }

  assert.equal(report.exitCode, plain.status, `exit code with gotune ${report.exitCode} vs without ${plain.status}\n${output}`);
  assert.equal(observedSum, plainSum, 'go.sum differs with gotune');
  assert.deepEqual(observedLog.all, plainLog.all, 'the upstream servers saw different requests');
  assert.deepEqual(observedLog.perModule, plainLog.perModule, 'a module\'s requests came in another order');
  assert.deepEqual(observedLog.sumdb.filter((l) => l.includes('/supported')), plainLog.sumdb.filter((l) => l.includes('/supported')));
  if (plainLog.sumdb.length) assert.ok(observedLog.sumdb[0]!.includes('/supported') === plainLog.sumdb[0]!.includes('/supported'), 'the supported probe comes first, as the go command makes it');
  // The go command's own -x lines were parsed and not shown (it was not asked for -x).
  assert.ok(report.xAdded);
  assert.ok(report.gets.length > 0);
  assert.doesNotMatch(output, /^# get /m);

  // The budget: arithmetic over the recorded intervals, not a timing assertion.
  const b = report.budget;
  const p = b.parts;
  const sum = p.network + p.sumdb + p.vcs + p.relay + p.localStartup + p.localBetween + p.localAfter;
  for (const [k, v] of Object.entries(p)) assert.ok(v >= 0, `${k} is negative: ${v}`);
  assert.ok(Math.abs(sum - b.explainedMs) < 0.05, `parts add up to ${sum}, explained ${b.explainedMs}`);
  assert.ok(b.explainedMs / report.wallMs >= 0.95, `the budget explains ${b.explainedMs} of ${report.wallMs} ms`);
  assert.ok(b.explainedMs <= report.wallMs + 0.05, 'the budget never counts more than the wall time');
  assert.ok(b.concurrency.activityUnionMs <= report.wallMs + 0.05);
  const byPhase = Object.values(b.byPhase).reduce((s, x) => s + x, 0);
  const byHost = Object.values(b.byHost).reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(byPhase - (p.network + p.sumdb)) < 0.05, 'phases add up to the network time');
  assert.ok(Math.abs(byHost - (p.network + p.sumdb)) < 0.05, 'hosts add up to the network time');
  if (report.exitCode === 0) assert.ok(p.network > 0, 'network time was recorded');
  c.check?.(report, s2.servers, output + renderObserveText(report) + observeToJson(report));
  return { report, servers: s2.servers, output };
}

async function servers(...list: Promise<ModuleProxy>[]): Promise<Servers> {
  const l = await Promise.all(list);
  return { list: l, close: async () => { for (const s of l) await s.close(); } };
}

const SUMDB_NAME = 'sum.example.test';
const dbPromise = sumdbFor(SUMDB_NAME);
const sumdbRoute = async () => { const db = await dbPromise; return (path: string) => { const p = path.slice(`/sumdb/${SUMDB_NAME}`.length); if (p === '/supported') return { status: 200, body: '' }; const r = db.handle(p); return { status: r.status, body: r.body }; }; };

test('plain HTTP proxy, checksum database through the proxy', async () => {
  const db = await dbPromise;
  await runCase({
    name: 'plain',
    start: async () => {
      const s = await servers(startModuleProxy({ modules, behaviors: structuredClone(DELAYS), sumdb: await sumdbRoute() }));
      return { servers: s, env: { GOPROXY: s.list[0]!.url, GOSUMDB: db.verifierKey } };
    },
    check: (r) => {
      assert.equal(r.sumdbRoute?.via, 'proxy');
      assert.ok(r.requests.some((x) => x.op === 'sumdb-supported' && x.by === 'probe' && x.status === 200));
      assert.ok(r.requests.some((x) => x.op === 'sumdb-lookup'));
      assert.ok(r.budget.parts.sumdb > 0);
      assert.equal(r.requests.filter((x) => x.op === 'zip').length, NAMES.length);
      // Upper-case module paths are unescaped in the records.
      assert.ok(r.requests.some((x) => x.module === 'example.com/Epsilon'));
      assert.match(r.childGosumdb ?? '', /^sum\.example\.test\+[0-9a-f]{8}\+\S+ http:\/\/127\.0\.0\.1:\d+\/sumdb\/sum\.example\.test$/);
    },
  });
});

test('HTTPS proxy with a test CA through SSL_CERT_FILE, for gotune and the go command', async () => {
  const db = await dbPromise;
  await runCase({
    name: 'https',
    start: async () => {
      const s = await servers(startModuleProxy({ tls: ca.leaf, modules, behaviors: structuredClone(DELAYS), sumdb: await sumdbRoute() }));
      return { servers: s, env: { GOPROXY: s.list[0]!.url, GOSUMDB: db.verifierKey, SSL_CERT_FILE: ca.caFile } };
    },
    check: (r) => {
      assert.ok(r.requests.every((x) => x.url.startsWith('https://')));
      assert.ok(r.requests.some((x) => x.tls > 0 && x.tlsInfo?.issuer === 'gotune test CA'));
      assert.ok(r.budget.byPhase.tls > 0);
    },
  });
});

test('`,` chain: the first proxy answers 404 to everything, the go command falls through', async () => {
  const db = await dbPromise;
  await runCase({
    name: 'comma-404',
    start: async () => {
      const s = await servers(
        startModuleProxy({ behaviors: [{ match: /.*/, status: 404, delayMs: 20 }] }),
        startModuleProxy({ modules, behaviors: structuredClone(DELAYS), sumdb: await sumdbRoute() }),
      );
      return { servers: s, env: { GOPROXY: `${s.list[0]!.url},${s.list[1]!.url}`, GOSUMDB: db.verifierKey } };
    },
    check: (r) => {
      const first = r.requests.filter((x) => x.entry === 0);
      assert.ok(first.length > 0 && first.every((x) => x.status === 404 && x.outcome === 'fallthrough'));
      assert.equal(r.sumdbRoute?.via, 'proxy');
      assert.match(r.childGoproxy, /^http:\/\/127\.0\.0\.1:\d+\/0,http:\/\/127\.0\.0\.1:\d+\/1$/);
    },
  });
});

test('`|` chain: the first proxy fails with 500, the go command falls through on the error', async () => {
  const db = await dbPromise;
  await runCase({
    name: 'pipe-500',
    start: async () => {
      const s = await servers(
        startModuleProxy({ behaviors: [{ match: /.*/, status: 500 }] }),
        startModuleProxy({ modules, behaviors: structuredClone(DELAYS), sumdb: await sumdbRoute() }),
      );
      return { servers: s, env: { GOPROXY: `${s.list[0]!.url}|${s.list[1]!.url}`, GOSUMDB: db.verifierKey } };
    },
    check: (r) => {
      assert.ok(r.requests.filter((x) => x.entry === 0).every((x) => x.status === 500 && x.outcome === 'fallthrough'));
      assert.match(r.childGoproxy, /\/0\|http/);
    },
  });
});

test('`,` chain stops on a 500: the go command fails the same way with and without gotune', async () => {
  await runCase({
    name: 'comma-500',
    goOk: false,
    start: async () => {
      const s = await servers(
        startModuleProxy({ modules, behaviors: [{ match: /delta\/@v\/v1\.0\.0\.zip$/, status: 500 }] }),
        startModuleProxy({ modules }),
      );
      return { servers: s, env: { GOPROXY: `${s.list[0]!.url},${s.list[1]!.url}`, GOSUMDB: 'off' } };
    },
    check: (r, _s, output) => {
      assert.notEqual(r.exitCode, 0);
      assert.ok(r.requests.some((x) => x.status === 500 && x.outcome === 'failed'));
      assert.match(output, /500 Internal Server Error/);
    },
  });
});

test('checksum database directly over HTTPS when the proxy answers 404 to the supported probe', async () => {
  // The database's name is its host: https://127.0.0.1:PORT, found after the server starts.
  let db: TestSumDB | null = null;
  const start = async () => {
    const dbServer = await startModuleProxy({ tls: ca.leaf, behaviors: [{ match: /.*/, delayMs: 20 }] });
    const name = `127.0.0.1:${dbServer.port}`;
    db = await sumdbFor(name);
    const theDb = db;
    dbServer.behaviors.length = 0;
    // Serve the database at the server's root, as https://<name>/lookup/... is asked.
    const routes: Behavior[] = [];
    for (const n of NAMES) {
      const r = theDb.handle(`/lookup/example.com/${n.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase())}@v1.0.0`);
      routes.push({ match: new RegExp(`^/lookup/example\\.com/${n.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase())}@v1\\.0\\.0$`), status: r.status, body: r.body, delayMs: 20 });
    }
    for (const [p, body] of theDb.tiles()) routes.push({ match: new RegExp(`^/${p.replace(/[.]/g, '\\.')}$`), status: 200, body, delayMs: 20 });
    routes.push({ match: /^\/latest$/, status: 200, body: theDb.signedTree() });
    dbServer.behaviors.push(...routes);
    const s = await servers(startModuleProxy({ modules, behaviors: structuredClone(DELAYS) }), Promise.resolve(dbServer));
    return { servers: s, env: { GOPROXY: s.list[0]!.url, GOSUMDB: theDb.verifierKey, SSL_CERT_FILE: ca.caFile } };
  };
  await runCase({
    name: 'sumdb-direct',
    start,
    check: (r, s) => {
      assert.equal(r.sumdbRoute?.via, 'direct');
      assert.ok(r.requests.some((x) => x.op === 'sumdb-supported' && x.status === 404 && x.by === 'probe'));
      assert.ok(r.requests.some((x) => x.op === 'sumdb-lookup' && x.host === `127.0.0.1:${s.list[1]!.port}`));
      assert.ok(s.list[1]!.log.some((l) => l.path.startsWith('/lookup/')));
    },
  });
  assert.ok(db);
});

test('credentials in a GOPROXY URL reach only that host and appear in no output', async () => {
  const SECRET = 'pa55-w0rd-xyz';
  const b64 = Buffer.from(`alice:${SECRET}`).toString('base64');
  const db = await dbPromise;
  await runCase({
    name: 'credentials',
    start: async () => {
      const s = await servers(
        // HTTPS: the go command refuses to send credentials over plain HTTP.
        startModuleProxy({ tls: ca.leaf, behaviors: [{ match: /!epsilon/, status: 404 }, { match: /\/sumdb\//, status: 404 }], modules }),
        startModuleProxy({ modules, behaviors: structuredClone(DELAYS), sumdb: await sumdbRoute() }),
      );
      const a = new URL(s.list[0]!.url);
      a.username = 'alice';
      a.password = SECRET;
      return { servers: s, env: { GOPROXY: `${a.toString().replace(/\/$/, '')},${s.list[1]!.url}`, GOSUMDB: db.verifierKey, SSL_CERT_FILE: ca.caFile } };
    },
    check: (r, s, everything) => {
      assert.ok(s.list[0]!.log.length > 0);
      assert.ok(s.list[0]!.log.every((l) => l.authorization === `Basic ${b64}`), 'every request to the first proxy carries its credentials');
      assert.ok(s.list[1]!.log.length > 0);
      assert.ok(s.list[1]!.log.every((l) => l.authorization === null), 'the second proxy never sees them');
      assert.ok(!everything.includes(SECRET) && !everything.includes(b64), 'the credential appears in the output');
      assert.ok(!JSON.stringify(r).includes(SECRET));
      assert.ok(r.goproxy.includes('[REDACTED]@'));
    },
  });
});

test('version control after the proxy chain ends in direct: git commands are timed from the -x trace', async () => {
  // A local repository stands in for https://example.com/repo (git's insteadOf), so nothing leaves the machine.
  const repo = join(root, 'repo');
  mkdirSync(repo, { recursive: true });
  const git = (...a: string[]) => { const r = spawnSync('git', a, { cwd: repo, env: { PATH: '/usr/bin:/bin', HOME: root, GIT_CONFIG_NOSYSTEM: '1' } }); assert.equal(r.status, 0, r.stderr.toString()); };
  git('init', '-q', '-b', 'main', '.');
  writeFileSync(join(repo, 'go.mod'), 'module example.com/repo.git\n\ngo 1.21\n');
  writeFileSync(join(repo, 'repo.go'), 'package repo\n');
  git('add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'v1');
  git('tag', 'v1.0.0');
  const gitconfig = join(root, 'gitconfig');
  writeFileSync(gitconfig, `[url "file://${repo}"]\n\tinsteadOf = https://example.com/repo\n[protocol "file"]\n\tallow = always\n`);
  await runCase({
    name: 'vcs',
    gomod: 'module example.com/fixture\n\ngo 1.21\n\nrequire (\n\texample.com/alpha v1.0.0\n\texample.com/repo.git v1.0.0\n)\n',
    start: async () => {
      const s = await servers(startModuleProxy({ modules, behaviors: structuredClone(DELAYS) }));
      return { servers: s, env: { GOPROXY: `${s.list[0]!.url},direct`, GOSUMDB: 'off', GIT_CONFIG_GLOBAL: gitconfig, GIT_CONFIG_NOSYSTEM: '1' } };
    },
    check: (r, _s, output) => {
      assert.ok(r.vcs.length >= 3, `${r.vcs.length} git commands`);
      assert.ok(r.vcs.every((v) => v.program === 'git'));
      assert.ok(r.vcs.some((v) => /git .*fetch/.test(v.command) && !v.estimated));
      assert.ok(r.budget.parts.vcs > 0);
      assert.ok(r.budget.vcsByLabel['git']! > 0);
      // The repository was first asked for on the proxy: 404, then direct.
      assert.ok(r.requests.some((x) => x.module === 'example.com/repo.git' && x.status === 404));
      // The -x lines gotune added are not shown.
      assert.doesNotMatch(output.split('gotune trace --')[0]!, /git ls-remote|# lock|^cd \//m);
    },
  });
});

// gotune trace replays the go command's requests: with the same local proxies, the sequence of
// requests the real `go mod download -x` makes equals the sequence gotune makes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startModuleProxy, simpleModule, type ModuleProxy, type Behavior } from '../helpers/module-proxy-server.ts';
import { goAsync } from '../helpers/go-async.ts';
import { Replayer, type TraceSettings } from '../../src/trace/replay.ts';

const modules = {
  'example.com/hello': { 'v1.0.0': simpleModule('example.com/hello', 'v1.0.0'), 'v1.1.0': simpleModule('example.com/hello', 'v1.1.0'), 'v1.2.0-pre': simpleModule('example.com/hello', 'v1.2.0-pre') },
  'example.com/Upper': { 'v0.1.0': simpleModule('example.com/Upper', 'v0.1.0') },
  'corp.internal/secret': { 'v1.0.0': simpleModule('corp.internal/secret', 'v1.0.0') },
};

const root = mkdtempSync(join(tmpdir(), 'gotune-trace-agree-'));
after(() => { removeGoTree(root); });
let n = 0;

interface Case {
  name: string;
  /** Proxies A and B: behaviours of each (B serves the modules; A serves them unless told). */
  a?: Behavior[];
  b?: Behavior[];
  aServes?: boolean;
  goproxy: (a: string, b: string, dead: string) => string;
  env?: Record<string, string>;
  target: string;
  /** Whether the real go command succeeds. */
  goOk: boolean;
}

async function deadUrl(): Promise<string> {
  const s = await startModuleProxy({});
  const url = s.url;
  await s.close();
  return url;
}

function settingsFor(goproxy: string, env: Record<string, string>): TraceSettings {
  const goprivate = env['GOPRIVATE'] ?? '';
  return {
    goproxy,
    gonoproxy: env['GONOPROXY'] || goprivate,
    gonosumdb: env['GONOSUMDB'] || goprivate,
    gosumdb: 'off',
    credentials: () => null,
    httpProxyFor: () => null,
  };
}

const cases: Case[] = [
  { name: 'plain proxy, exact version', goproxy: (a) => a, aServes: true, target: 'example.com/hello@v1.0.0', goOk: true },
  { name: 'plain proxy, @latest (list, then info of the highest release)', goproxy: (a) => a, aServes: true, target: 'example.com/hello@latest', goOk: true },
  { name: 'upper-case path is escaped', goproxy: (a) => a, aServes: true, target: 'example.com/Upper@v0.1.0', goOk: true },
  { name: '`,` falls through on 404', a: [{ match: /.*/, status: 404 }], goproxy: (a, b) => `${a},${b}`, target: 'example.com/hello@v1.0.0', goOk: true },
  { name: '`,` falls through on 410', a: [{ match: /.*/, status: 410 }], goproxy: (a, b) => `${a},${b}`, target: 'example.com/hello@v1.0.0', goOk: true },
  { name: '`,` stops on 500', a: [{ match: /.*/, status: 500 }], goproxy: (a, b) => `${a},${b}`, target: 'example.com/hello@v1.0.0', goOk: false },
  { name: '`|` falls through on 500', a: [{ match: /.*/, status: 500 }], goproxy: (a, b) => `${a}|${b}`, target: 'example.com/hello@v1.0.0', goOk: true },
  { name: '`|` falls through on a refused connection', goproxy: (_a, b, dead) => `${dead}|${b}`, target: 'example.com/hello@v1.0.0', goOk: true },
  { name: '`|` falls through on 500 only for the .zip', a: [{ match: /\.zip$/, status: 503 }], aServes: true, goproxy: (a, b) => `${a}|${b}`, target: 'example.com/hello@v1.0.0', goOk: true },
  { name: 'GOPRIVATE module skips the proxies', goproxy: (a, b) => `${a},${b}`, env: { GOPRIVATE: 'corp.internal' }, target: 'corp.internal/secret@v1.0.0', goOk: false },
  { name: 'GONOPROXY only affects matching modules', goproxy: (a, b) => `${a},${b}`, aServes: true, env: { GONOPROXY: 'corp.internal' }, target: 'example.com/hello@v1.0.0', goOk: true },
  { name: 'not found anywhere, chain ends in direct', a: [{ match: /.*/, status: 404 }], b: [{ match: /.*/, status: 404 }], goproxy: (a, b) => `${a},${b},direct`, target: 'example.com/hello@v1.0.0', goOk: false },
];

for (const c of cases) {
  test(`request sequence agrees with go mod download -x: ${c.name}`, async () => {
    const dead = await deadUrl();
    const start = async () => {
      const a = await startModuleProxy({ modules: c.aServes ? modules : {}, behaviors: structuredClone(c.a ?? []) });
      const b = await startModuleProxy({ modules, behaviors: structuredClone(c.b ?? []) });
      return { a, b };
    };
    const seq = (a: ModuleProxy, b: ModuleProxy) => [...a.log.map((l) => ({ ...l, s: 'A' })), ...b.log.map((l) => ({ ...l, s: 'B' }))]
      .sort((x, y) => x.at - y.at).map((l) => `${l.s} ${l.method} ${l.path} ${l.status}`);

    // The real go command.
    const s1 = await start();
    const dir = join(root, `case${n++}`);
    const goproxy1 = c.goproxy(s1.a.url, s1.b.url, dead);
    const env = { PATH: '/usr/local/go/bin:/usr/bin:/bin', HOME: dir, GOPROXY: goproxy1, GOSUMDB: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw', GOMODCACHE: join(dir, 'mod'), GOCACHE: join(dir, 'cache'), GIT_TERMINAL_PROMPT: '0', ...c.env };
    spawnSync('mkdir', ['-p', dir]);
    const go = await goAsync(['mod', 'download', '-x', '-json', c.target], { cwd: dir, env });
    const goSeq = seq(s1.a, s1.b);
    await s1.a.close(); await s1.b.close();
    assert.equal(go.status === 0, c.goOk, `go: ${go.stderr}\n${go.stdout}`);

    // gotune's replay against fresh servers with the same behaviours.
    const s2 = await start();
    const [path, query] = c.target.split('@') as [string, string];
    const r = new Replayer(settingsFor(c.goproxy(s2.a.url, s2.b.url, dead), { ...c.env }), { serial: true, timeouts: { phaseMs: 5000 } });
    const [mt] = await r.traceAll([{ path, query }]);
    r.close();
    const ourSeq = seq(s2.a, s2.b);
    await s2.a.close(); await s2.b.close();

    assert.deepEqual(ourSeq, goSeq);
    assert.equal(!mt!.error && !mt!.direct, c.goOk, `gotune: ${mt!.error ?? mt!.direct?.reason}`);
    if (c.goOk) {
      // gotune's hashes equal the go.sum lines the go command computes.
      const j = JSON.parse(go.stdout) as { Sum: string; GoModSum: string };
      assert.equal(mt!.zipHash, j.Sum);
      assert.equal(mt!.modHash, j.GoModSum);
    }
  });
}

// Over https the go command (1.24+) asks again after any 4xx, with whatever GOAUTH supplies then.
import { makeTestCA } from '../helpers/test-ca.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

for (const c of [
  { name: 'https: a 404 is asked twice, then the next entry', status: 404, ok: true },
  { name: 'https: a 403 is asked twice, then the walk stops', status: 403, ok: false },
]) {
  test(`request sequence agrees with go mod download -x: ${c.name}`, async () => {
    const ca = makeTestCA();
    try {
      const start = async () => ({
        a: await startModuleProxy({ tls: ca.leaf, modules: {}, behaviors: [{ match: /.*/, status: c.status }] }),
        b: await startModuleProxy({ tls: ca.leaf, modules }),
      });
      const seq = (a: ModuleProxy, b: ModuleProxy) => [...a.log.map((l) => ({ ...l, s: 'A' })), ...b.log.map((l) => ({ ...l, s: 'B' }))]
        .sort((x, y) => x.at - y.at).map((l) => `${l.s} ${l.path} ${l.status}`);
      const s1 = await start();
      const dir = join(root, `https${n++}`);
      spawnSync('mkdir', ['-p', dir]);
      const env = { PATH: '/usr/local/go/bin:/usr/bin:/bin', HOME: dir, GOPROXY: `${s1.a.url},${s1.b.url}`, GOSUMDB: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw', GOMODCACHE: join(dir, 'mod'), SSL_CERT_FILE: ca.caFile };
      const go = await goAsync(['mod', 'download', '-x', '-json', 'example.com/hello@v1.0.0'], { cwd: dir, env });
      const goSeq = seq(s1.a, s1.b);
      await s1.a.close(); await s1.b.close();
      assert.equal(go.status === 0, c.ok, go.stderr);
      const s2 = await start();
      const r = new Replayer({ ...settingsFor(`${s2.a.url},${s2.b.url}`, {}), ca: ca.caCert, goVersion: 'go1.26.8' }, { serial: true });
      const [mt] = await r.traceAll([{ path: 'example.com/hello', query: 'v1.0.0' }]);
      r.close();
      const ourSeq = seq(s2.a, s2.b);
      await s2.a.close(); await s2.b.close();
      assert.deepEqual(ourSeq, goSeq);
      assert.equal(!mt!.error, c.ok, mt!.error ?? '');
      assert.ok(mt!.requests.some((q) => q.outcome === 'retried'));
    } finally { ca.cleanup(); }
  });
}

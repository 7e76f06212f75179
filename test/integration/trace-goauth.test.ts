// GOAUTH in `gotune trace`, against the real go command: an HTTPS module proxy that answers 401
// without the right Authorization header, and GOAUTH set to a user command, to `git <dir>` (a real
// git credential helper), to netrc (with and without the port in the machine name) and to off. The
// requests the server sees from `go mod download -x` and from `gotune trace` must be the same (the
// go command's HEAD check after `git credential fill` aside: gotune does not send it), and a user
// command must be called the same way: first without a URL, then with the URL and the 401 on stdin.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModuleProxy, simpleModule, type ModuleProxy } from '../helpers/module-proxy-server.ts';
import { makeTestCA } from '../helpers/test-ca.ts';
import { goAsync, gotuneAsync } from '../helpers/go-async.ts';
import { GO_MAIN_ROOT, GO_OLD_ROOT } from '../helpers/sandbox.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

const ca = makeTestCA();
const root = mkdtempSync(join(tmpdir(), 'gotune-goauth-'));
after(() => { removeGoTree(root); ca.cleanup(); });
const modules = { 'example.com/hello': { 'v1.0.0': simpleModule('example.com/hello', 'v1.0.0') } };
const TOKEN = 'Bearer tok-123';
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
let n = 0;

const seq = (p: ModuleProxy) => p.log.map((l) => `${l.method} ${l.path} ${l.status} ${l.authorization ? 'auth' : '-'}`);

interface Setup { env: (dir: string, url: string) => Record<string, string>; required: string; files?: (dir: string, url: string) => void }

/** Runs go, then gotune, each against a fresh server; returns both servers' request sequences and results. */
async function both(s: Setup, goRoot = GO_MAIN_ROOT) {
  const run = async (who: 'go' | 'gotune') => {
    const dir = join(root, `${who}-${n++}`);
    mkdirSync(dir, { recursive: true });
    const server = await startModuleProxy({ modules, tls: ca.leaf, behaviors: [{ match: /.*/, requireAuth: s.required }] });
    s.files?.(dir, server.url);
    const env = {
      PATH: `${goRoot}/bin:/usr/bin:/bin`, HOME: dir, GOPROXY: server.url, GOSUMDB: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw',
      GOMODCACHE: join(dir, 'mod'), GOCACHE: join(dir, 'cache'), SSL_CERT_FILE: ca.caFile, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', NETRC: join(dir, 'netrc'),
      ...s.env(dir, server.url),
    };
    const r = who === 'go'
      ? await goAsync(['mod', 'download', '-x', '-json', 'example.com/hello@v1.0.0'], { cwd: dir, env })
      : await gotuneAsync(['trace', 'example.com/hello@v1.0.0', '--json', '--serial'], { env, cwd: dir });
    const log = seq(server);
    await server.close();
    return { r, log, dir };
  };
  return { go: await run('go'), gotune: await run('gotune') };
}

const AUTH_SCRIPT = `#!/bin/sh
# A GOAUTH command: logs how it was called; with a URL, answers with a token for that URL's host.
log="$(dirname "$0")/calls.log"
{ printf 'argc=%s\\n' "$#"; head -n 1; printf -- '--\\n'; } >> "$log"
if [ $# -ge 1 ]; then
  prefix=$(printf '%s' "$1" | sed -E 's#^(https://[^/]+).*#\\1#')
  printf '%s\\n\\nAuthorization: ${TOKEN}\\n\\n' "$prefix"
fi
`;

test('GOAUTH user command: called without a URL first, then with the URL and the 401; same requests as go', async () => {
  const { go, gotune } = await both({
    required: TOKEN,
    files: (dir) => writeFileSync(join(dir, 'auth.sh'), AUTH_SCRIPT, { mode: 0o755 }),
    env: (dir) => ({ GOAUTH: join(dir, 'auth.sh') }),
  });
  assert.equal(go.r.status, 0, go.r.stderr);
  assert.equal(gotune.r.status, 0, gotune.r.stderr + gotune.r.stdout.slice(0, 1500));
  assert.deepEqual(go.log, ['GET /example.com/hello/@v/v1.0.0.info 401 -', 'GET /example.com/hello/@v/v1.0.0.info 200 auth', 'GET /example.com/hello/@v/v1.0.0.mod 200 auth', 'GET /example.com/hello/@v/v1.0.0.zip 200 auth'], 'what the go command does');
  assert.deepEqual(gotune.log, go.log);
  const calls = (dir: string) => readFileSync(join(dir, 'calls.log'), 'utf8');
  assert.equal(calls(gotune.dir), calls(go.dir), 'the command is called the same way');
  assert.match(calls(go.dir), /^argc=0\n--\nargc=1\nHTTP\/1\.1 401 Unauthorized\n--\n$/);
  assert.ok(!gotune.r.stdout.includes('tok-123'), 'the token is never printed');
});

test('GOAUTH=git <dir>: git credential fill through a real credential helper; same requests as go, but no HEAD check', { skip: spawnSync('git', ['--version']).status !== 0 && 'git is not installed' }, async (t) => {
  const { go, gotune } = await both({
    required: basic('gopher', 'pa55word'),
    files: (dir, url) => {
      const repo = join(dir, 'repo');
      mkdirSync(repo);
      spawnSync('git', ['init', '-q', repo]);
      spawnSync('git', ['-C', repo, 'config', 'credential.helper', `store --file=${join(dir, 'git-credentials')}`]);
      writeFileSync(join(dir, 'git-credentials'), `${url.replace('https://', 'https://gopher:pa55word@')}\n`, { mode: 0o600 });
    },
    env: (dir) => ({ GOAUTH: `git ${join(dir, 'repo')}` }),
  });
  assert.equal(go.r.status, 0, go.r.stderr);
  assert.equal(gotune.r.status, 0, gotune.r.stderr + gotune.r.stdout.slice(0, 1500));
  const gets = go.log.filter((l) => l.startsWith('GET '));
  // The go command sends its HEAD check from a goroutine it does not wait for: seen or not, it is left out.
  t.diagnostic(`the go command's HEAD check ${go.log.some((l) => l.startsWith('HEAD / ')) ? 'was' : 'was not'} seen before it exited`);
  assert.ok(go.log.every((l) => l.startsWith('GET ') || l.startsWith('HEAD / ')), go.log.join(' | '));
  assert.deepEqual(gets, ['GET /example.com/hello/@v/v1.0.0.info 401 -', 'GET /example.com/hello/@v/v1.0.0.info 200 auth', 'GET /example.com/hello/@v/v1.0.0.mod 200 auth', 'GET /example.com/hello/@v/v1.0.0.zip 200 auth']);
  assert.deepEqual(gotune.log, gets);
  assert.ok(!gotune.r.stdout.includes('pa55word') && !gotune.r.stdout.includes(Buffer.from('gopher:pa55word').toString('base64')));
  const doc = JSON.parse(gotune.r.stdout) as { settings: { notes: string[] } };
  assert.ok(doc.settings.notes.some((x) => /HEAD check/.test(x)), 'the difference is stated');
});

for (const c of [
  { name: 'netrc machine with the port: sent with the first request', machine: (url: string) => new URL(url).host, ok: true },
  { name: 'netrc machine without the port: Go 1.24+ keys netrc by host:port, so nothing is sent and the download fails', machine: (url: string) => new URL(url).hostname, ok: false },
]) {
  test(`GOAUTH=netrc (default), ${c.name}; same requests as go`, async () => {
    const { go, gotune } = await both({
      required: basic('carol', 'n3trc'),
      files: (dir, url) => writeFileSync(join(dir, 'netrc'), `machine ${c.machine(url)} login carol password n3trc\n`, { mode: 0o600 }),
      env: () => ({}),
    });
    assert.equal(go.r.status === 0, c.ok, go.r.stderr);
    assert.equal(gotune.r.status === 0, c.ok, gotune.r.stderr);
    assert.deepEqual(gotune.log, go.log);
  });
}

test('go1.19 (before GOAUTH): netrc matched by host name without the port, one ask per URL; same requests as that go', { skip: !existsSync(join(GO_OLD_ROOT, 'bin/go')) && `no go at ${GO_OLD_ROOT}` }, async () => {
  const { go, gotune } = await both({
    required: basic('carol', 'n3trc'),
    files: (dir, url) => writeFileSync(join(dir, 'netrc'), `machine ${new URL(url).hostname} login carol password n3trc\n`, { mode: 0o600 }),
    env: (dir) => ({ GOAUTH: join(dir, 'never-run.sh') }),
  }, GO_OLD_ROOT);
  assert.equal(go.r.status, 0, go.r.stderr);
  assert.equal(gotune.r.status, 0, gotune.r.stderr);
  assert.deepEqual(go.log, ['GET /example.com/hello/@v/v1.0.0.info 200 auth', 'GET /example.com/hello/@v/v1.0.0.mod 200 auth', 'GET /example.com/hello/@v/v1.0.0.zip 200 auth']);
  assert.deepEqual(gotune.log, go.log);
  const doc = JSON.parse(gotune.r.stdout) as { settings: { notes: string[] } };
  assert.ok(doc.settings.notes.some((x) => /GOAUTH is ignored by go1\.19/.test(x)), doc.settings.notes.join('\n'));
});

test('GOAUTH=off: no credentials even with a matching netrc; same requests as go', async () => {
  const { go, gotune } = await both({
    required: basic('carol', 'n3trc'),
    files: (dir, url) => writeFileSync(join(dir, 'netrc'), `machine ${new URL(url).host} login carol password n3trc\n`, { mode: 0o600 }),
    env: () => ({ GOAUTH: 'off' }),
  });
  assert.notEqual(go.r.status, 0);
  assert.notEqual(gotune.r.status, 0);
  assert.deepEqual(gotune.log, go.log);
  assert.ok(go.log.every((l) => l.endsWith(' -')));
});

test('observing a real go command (trace -- go mod download): the recording proxy runs GOAUTH upstream; the server sees what go alone makes it see', async () => {
  const dirFor = (who: string) => { const d = join(root, `${who}-${n++}`); mkdirSync(d, { recursive: true }); writeFileSync(join(d, 'auth.sh'), AUTH_SCRIPT, { mode: 0o755 }); return d; };
  const envFor = (dir: string, url: string) => ({
    PATH: `${GO_MAIN_ROOT}/bin:/usr/bin:/bin`, HOME: dir, GOPROXY: url, GOSUMDB: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw',
    GOMODCACHE: join(dir, 'mod'), GOCACHE: join(dir, 'cache'), SSL_CERT_FILE: ca.caFile, GOAUTH: join(dir, 'auth.sh'),
  });
  const alone = await startModuleProxy({ modules, tls: ca.leaf, behaviors: [{ match: /.*/, requireAuth: TOKEN }] });
  const d1 = dirFor('go');
  const g = await goAsync(['mod', 'download', '-json', 'example.com/hello@v1.0.0'], { cwd: d1, env: envFor(d1, alone.url) });
  const goLog = seq(alone);
  await alone.close();
  assert.equal(g.status, 0, g.stderr);

  const observed = await startModuleProxy({ modules, tls: ca.leaf, behaviors: [{ match: /.*/, requireAuth: TOKEN }] });
  const d2 = dirFor('observe');
  const o = await gotuneAsync(['trace', '--json', '--', 'go', 'mod', 'download', '-json', 'example.com/hello@v1.0.0'], { env: envFor(d2, observed.url), cwd: d2 });
  const obsLog = seq(observed);
  await observed.close();
  assert.equal(o.status, 0, o.stderr + o.stdout.slice(0, 1500));
  assert.deepEqual(obsLog, goLog);
  assert.equal(readFileSync(join(d2, 'calls.log'), 'utf8'), readFileSync(join(d1, 'calls.log'), 'utf8'), 'GOAUTH ran the same way, once, by gotune');
  assert.ok(!o.stdout.includes('tok-123'));
});

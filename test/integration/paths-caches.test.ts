// Module and build cache situations built for real with the go command in a sandbox: what go
// prints, what the mounts gatherer sees, and what gotune reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runChecks } from '../../src/engine/runner.ts';
import { pathsChecks } from '../../src/checks/paths/index.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { FactsSnapshot } from '../../src/facts/types.ts';
import { writeZip } from '../gomod-hash/zip-writer.ts';

/** Generous budgets: on a loaded machine a slow `go env` must not turn into missing facts. */
const GATHER = { goEnvTimeoutMs: 60_000, gathererTimeoutMs: 30_000 };
/** A build cache shared by the sandboxes (through the default XDG_CACHE_HOME/go-build), so builds stay warm. */
const SHARED_XDG_CACHE = join(tmpdir(), 'gotune-test-xdg-cache');

/** A zip with stored (uncompressed) entries: all a file:// GOPROXY needs. */
function storedZip(files: Record<string, string>): Buffer {
  return writeZip(Object.entries(files).map(([name, data]) => ({ name, data, method: 0 as const })));
}

/** A sandbox whose project requires example.com/dep v1.0.0, served by a file:// proxy (no network). */
function depSandbox(): Sandbox {
  const sb = makeSandbox({ env: { XDG_CACHE_HOME: SHARED_XDG_CACHE } });
  const v = join(sb.root, 'proxy', 'example.com', 'dep', '@v');
  sb.write(join(v, 'list'), 'v1.0.0\n');
  sb.write(join(v, 'v1.0.0.info'), '{"Version":"v1.0.0"}\n');
  sb.write(join(v, 'v1.0.0.mod'), 'module example.com/dep\n');
  sb.write(join(v, 'v1.0.0.zip'), storedZip({ 'example.com/dep@v1.0.0/go.mod': 'module example.com/dep\n', 'example.com/dep@v1.0.0/dep.go': 'package dep\n\nconst X = 1\n' }));
  sb.write('project/go.mod', 'module example.com/app\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n');
  sb.write('project/main.go', 'package main\n\nimport _ "example.com/dep"\n\nfunc main() {}\n');
  Object.assign(sb.env, { GOPROXY: `file://${join(sb.root, 'proxy')}`, GOSUMDB: 'off', GOFLAGS: '-mod=mod' });
  return sb;
}

async function judge(facts: FactsSnapshot, id: string): Promise<Finding[]> {
  return (await runChecks(pathsChecks, facts, { only: [id] })).flatMap((r) => r.findings);
}

function inSandbox(fn: (sb: Sandbox) => Promise<void>): () => Promise<void> {
  return async () => { const sb = depSandbox(); try { await fn(sb); } finally { sb.cleanup(); } };
}

test('the file proxy works: go mod download fills the cache and takes its lock files', inSandbox(async (sb) => {
  const r = sb.go(['mod', 'download']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(sb.home, 'go/pkg/mod/example.com/dep@v1.0.0/dep.go')));
  assert.ok(existsSync(join(sb.home, 'go/pkg/mod/cache/download/example.com/dep/@v/v1.0.0.lock')), 'the go command locks files in the cache');
}));

test('GT210: the real lock test on the local disk works, and the check stays quiet', inSandbox(async (sb) => {
  assert.equal(sb.go(['mod', 'download']).status, 0);
  const facts = await sb.gather({ ...GATHER, testLocking: true });
  const cache = facts.mounts.locations.find((l) => l.role === 'GOMODCACHE')!;
  assert.equal(cache.path, join(sb.home, 'go/pkg/mod'));
  assert.deepEqual(cache.locking, { tested: true, works: true, error: null });
  assert.deepEqual(spawnSync('ls', ['-A', cache.path], { encoding: 'utf8' }).stdout.split('\n').filter((n) => n.startsWith('.gotune')), [], 'lock file removed');
  assert.deepEqual(await judge(facts, 'GT210'), []);
}));

test('GT208: relative GOMODCACHE — go env prints it, go mod download fails; gotune quotes the failure', inSandbox(async (sb) => {
  sb.env['GOMODCACHE'] = 'rel/mc';
  assert.equal(sb.go(['env', 'GOMODCACHE']).stdout.trim(), 'rel/mc');
  const r = sb.go(['mod', 'download']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /^go: GOMODCACHE entry is relative; must be absolute path: "rel\/mc"\.$/m);
  const [f] = await judge(await sb.gather({ ...GATHER, testLocking: false }), 'GT208');
  assert.equal(f!.severity, 'error');
  assert.match(f!.message, /go: GOMODCACHE entry is relative; must be absolute path: "rel\/mc"\./);
}));

test('GT212: GOCACHE=off written with go env -w — go build fails; the safe fix `go env -u GOCACHE` repairs it', inSandbox(async (sb) => {
  assert.equal(sb.go(['env', '-w', 'GOCACHE=off']).status, 0, 'go env -w accepts off');
  const r = sb.go(['build', '-o', join(sb.root, 'app'), '.']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /^build cache is disabled by GOCACHE=off, but required as of Go 1\.12$/m);
  const [f] = await judge(await sb.gather({ ...GATHER, testLocking: false }), 'GT212');
  assert.match(f!.message, /build cache is disabled by GOCACHE=off, but required as of Go 1\.12/);
  assert.equal(f!.fix?.safe, true);
  const cmd = f!.fix!.commands![0]!;
  assert.deepEqual(cmd.argv, ['go', 'env', '-u', 'GOCACHE']);
  assert.equal(sb.go(cmd.argv.slice(1)).status, 0);
  const again = sb.go(['build', '-o', join(sb.root, 'app'), '.']);
  assert.equal(again.status, 0, again.stderr);
}));

test('GT212: relative GOCACHE — go env prints "off", go build names the cause; gotune reads the configured value', inSandbox(async (sb) => {
  sb.env['GOCACHE'] = 'rel/cache';
  assert.equal(sb.go(['env', 'GOCACHE']).stdout.trim(), 'off');
  const r = sb.go(['build', '-o', join(sb.root, 'app'), '.']);
  assert.match(r.stderr, /^build cache is required, but could not be located: GOCACHE is not an absolute path$/m);
  const [f] = await judge(await sb.gather({ ...GATHER, testLocking: false }), 'GT212');
  assert.match(f!.message, /GOCACHE "rel\/cache" .*GOCACHE is not an absolute path/);
}));

test('GT214: a read-only module cache', inSandbox(async (sb) => {
  const cache = join(sb.root, 'ro-cache');
  mkdirSync(cache);
  chmodSync(cache, 0o555);
  sb.env['GOMODCACHE'] = cache;
  const facts = await sb.gather({ ...GATHER, testLocking: false });
  const loc = facts.mounts.locations.find((l) => l.role === 'GOMODCACHE')!;
  assert.equal(loc.mode! & 0o777, 0o555);
  if (process.getuid?.() === 0) {
    // Permission bits do not stop root: access(2) says writable, and so does the gatherer. The
    // situation a normal user meets is then judged through the snapshot instead.
    assert.equal(loc.writable, true);
    assert.deepEqual(await judge(facts, 'GT214'), []);
    loc.writable = false;
    loc.ownerUid = 0;
    facts.user.uid = 1000;
    const [f] = await judge(facts, 'GT214');
    assert.equal(f!.severity, 'error');
    assert.match(f!.message, /not writable by you \(owned by root, dr-xr-xr-x\)/);
    // The go command's own words, from an unprivileged user, when setpriv can drop root.
    if (spawnSync('setpriv', ['--version']).status === 0) {
      chmodSync(sb.root, 0o755); chmodSync(sb.project, 0o777); chmodSync(sb.home, 0o777);
      const env = Object.entries({ ...sb.env, XDG_CACHE_HOME: join(sb.root, 'nobody-cache') }).map(([k, v]) => `${k}=${v}`);
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'env', '-i', ...env, 'go', 'mod', 'download'], { cwd: sb.project, encoding: 'utf8', timeout: 120_000 });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, new RegExp(`go: writing stat cache: mkdir ${cache}/cache: permission denied`));
    }
  } else {
    assert.equal(loc.writable, false);
    const [f] = await judge(facts, 'GT214');
    assert.match(f!.message, /not writable by you/);
    const r = sb.go(['mod', 'download']);
    assert.match(r.stderr, /permission denied/);
  }
}));

test('GT214: a world-writable cache without sticky bit, for real', inSandbox(async (sb) => {
  const cache = join(sb.root, 'shared-cache');
  mkdirSync(cache);
  chmodSync(cache, 0o777);
  sb.env['GOCACHE'] = cache;
  const [f] = await judge(await sb.gather({ ...GATHER, testLocking: false }), 'GT214');
  assert.equal(f!.severity, 'warning');
  assert.match(f!.message, /writable by every user/);
}));

test('GT211 + GT213: GOMODCACHE and GOCACHE on a small tmpfs', async (t) => {
  const sb = depSandbox();
  const mnt = join(sb.root, 'ram');
  mkdirSync(mnt);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (m.status !== 0) {
    sb.cleanup();
    t.skip(`cannot mount a tmpfs here (${(m.stderr || m.error?.message || '').trim()}); GT211 is covered by the table tests`);
    return;
  }
  try {
    Object.assign(sb.env, { GOMODCACHE: join(mnt, 'mod'), GOCACHE: join(mnt, 'build') });
    const r = sb.go(['mod', 'download']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sb.go(['env', 'GOCACHE']).stdout.trim(), join(mnt, 'build'));
    const facts = await sb.gather({ ...GATHER, testLocking: true });
    const loc = facts.mounts.locations.find((l) => l.role === 'GOMODCACHE')!;
    assert.equal(loc.fsType, 'tmpfs');
    assert.equal(loc.mountPoint, mnt);
    assert.equal(loc.volatile, true);
    assert.deepEqual(loc.locking, { tested: true, works: true, error: null });
    const volatile = await judge(facts, 'GT211');
    assert.deepEqual(volatile.map((f) => f.data?.['role']).sort(), ['GOCACHE', 'GOMODCACHE']);
    assert.match(volatile[0]!.message, /is on tmpfs \(.*\), held in memory and empty after every reboot/);
    const [low, ...more] = await judge(facts, 'GT213');
    assert.equal(more.length, 0, 'one finding for the one filesystem');
    assert.equal(low!.severity, 'error');
    assert.match(low!.message, /only 0\.\d\d GiB free/);
  } finally {
    spawnSync('umount', [mnt]);
    sb.cleanup();
  }
});

test('bad input: GOPATH is a symlink loop — go cannot create the cache; gotune gathers and reports without crashing', inSandbox(async (sb) => {
  symlinkSync(join(sb.root, 'loop-b'), join(sb.root, 'loop-a'));
  symlinkSync(join(sb.root, 'loop-a'), join(sb.root, 'loop-b'));
  sb.env['GOPATH'] = join(sb.root, 'loop-a');
  const r = sb.go(['mod', 'download']);
  assert.match(r.stderr, /go: could not create module cache: stat .*loop-a\/pkg\/mod: too many levels of symbolic links/);
  const facts = await sb.gather({ ...GATHER, testLocking: true });
  assert.match(facts.mounts.locations.find((l) => l.role === 'GOPATH')!.error!, /symlink loop/);
  const results = await runChecks(pathsChecks, facts);
  assert.deepEqual(results.filter((x) => x.status === 'crashed' || x.status === 'timeout').map((x) => x.id), []);
}));

test('bad input: a cache that does not exist yet is described through its nearest existing ancestor', inSandbox(async (sb) => {
  sb.env['GOMODCACHE'] = join(sb.root, 'later', 'mod');
  const facts = await sb.gather({ ...GATHER, testLocking: true });
  const loc = facts.mounts.locations.find((l) => l.role === 'GOMODCACHE')!;
  assert.equal(loc.exists, false);
  assert.equal(loc.existingAncestor, sb.root);
  assert.ok(loc.fsType);
  assert.equal(loc.locking?.tested, false);
  assert.equal(loc.writable, true);
  // and the go command creates it on first use
  assert.equal(sb.go(['mod', 'download']).status, 0);
}));

// The env-file reader must agree with cmd/go/internal/cfg readEnvFile byte for byte, and survive
// anything a disk can hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { parseEnvFile, parseEnvFileBytes, readEnvFile, locateEnvFile, MAX_IGNORED_LINES, ENV_FILE_REFUSED_KEYS } from '../../src/facts/env-file.ts';
import { redactValue } from '../../src/facts/redact.ts';

/** A transliteration of the go command's reader (go1.26.8 cfg.go readEnvFile) over bytes. */
function goReader(data: Buffer): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  let rest = data;
  while (rest.length > 0) {
    let line = rest;
    const i = rest.indexOf(10);
    if (i >= 0) { line = rest.subarray(0, i); rest = rest.subarray(i + 1); } else rest = Buffer.alloc(0);
    const eq = line.indexOf(61);
    if (eq < 0 || line[0]! < 65 || line[0]! > 90) continue;
    m.set(line.subarray(0, eq).toString('latin1'), line.subarray(eq + 1));
  }
  return m;
}

test('lines, keys and values as the go command splits them', () => {
  const p = parseEnvFile('GOPROXY=https://a,direct\nGOFLAGS=-mod=mod -tags=x=y\n\nGOSUMDB=off');
  assert.deepEqual(p.entries.map((e) => [e.key, e.value, e.line]), [['GOPROXY', 'https://a,direct', 1], ['GOFLAGS', '-mod=mod -tags=x=y', 2], ['GOSUMDB', 'off', 4]]);
  assert.deepEqual(p.ignored, []);
});

test('a carriage return stays in the value (the go command does not strip it)', () => {
  const p = parseEnvFile('GOPROXY=https://proxy.example\r\n');
  assert.equal(p.entries[0]!.value, 'https://proxy.example\r');
  assert.equal(p.entries[0]!.carriageReturn, true);
});

test('ignored: no "=", non A-Z start, duplicates, refused and invalid keys; comments are not problems', () => {
  // "GOFLAGS -mod=vendor" has an "=" (in the value): the go command stores the key "GOFLAGS -mod".
  const p = parseEnvFile('goflags=-mod=mod\nGOFLAGS -mod=vendor\n GOBIN=/x\n#GOCACHE=/y\nGODEBUG=x=1\nGOENV=/e\nGO PRIVATE=x\nGOSUMDB=a\nGOSUMDB=b\nGOWORK=off\nGOTOOLCHAIN\n');
  assert.deepEqual(p.ignored.map((l) => [l.line, l.reason]), [[1, 'not-uppercase-start'], [2, 'invalid-key'], [3, 'not-uppercase-start'], [5, 'refused-key'], [6, 'refused-key'], [7, 'invalid-key'], [8, 'duplicate'], [11, 'no-equals']]);
  assert.deepEqual(p.entries.map((e) => `${e.key}=${e.value}`), ['GOSUMDB=b', 'GOWORK=off']);
  assert.equal(p.ignoredTotal, 8);
});

test('byte offsets of ignored lines point at the line starts', () => {
  const text = 'GOPROXY=direct\nlower=x\nGOPROXY=off\n';
  const p = parseEnvFile(text);
  for (const l of p.ignored) assert.equal(text.slice(l.offset!, l.offset! + l.length!).split('\n')[0], l.reason === 'duplicate' ? 'GOPROXY=direct' : 'lower=x');
});

test('invalid UTF-8 is kept and marked, never thrown', () => {
  const p = parseEnvFileBytes(Buffer.from([...Buffer.from('GOPROXY='), 0xff, 0xfe, 10]));
  assert.equal(p.entries[0]!.invalidUtf8, true);
});

test('secrets in values and ignored lines are redacted', () => {
  const p = parseEnvFile('GOPROXY=https://user:s3cret@corp.example/p\ngoproxy=https://u:tok123@x.example\nGOPROXY=https://v:tok456@y.example\n');
  assert.ok(!JSON.stringify(p).includes('s3cret'));
  assert.ok(!JSON.stringify(p).includes('tok123'));
  assert.ok(!JSON.stringify(p).includes('tok456'));
});

test('property: the effective entries are exactly the go command\'s, minus keys it never reads', () => {
  const key = fc.constantFrom('GOPROXY', 'GOFLAGS', 'GOSUMDB', 'goproxy', ' GOBIN', 'GO PRIVATE', 'GODEBUG', 'GOWORK', 'G', '#GOCACHE', '', 'GOROOT');
  const value = fc.string({ maxLength: 12 }).map((s) => s.replace(/\n/g, ''));
  const line = fc.oneof(
    fc.tuple(key, value).map(([k, v]) => `${k}=${v}`),
    fc.tuple(key, value).map(([k, v]) => `${k}=${v}\r`),
    key,
    fc.string({ maxLength: 20 }),
  );
  fc.assert(fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), (lines, trailingNewline) => {
    const text = lines.join('\n') + (trailingNewline ? '\n' : '');
    const buf = Buffer.from(text, 'utf8');
    const want = goReader(buf);
    const got = parseEnvFileBytes(buf);
    for (const e of got.entries) {
      assert.ok(want.has(e.key), `extra key ${e.key}`);
      // Facts keep values redacted (userinfo in proxy URLs, tokens): compare with the redacted form.
      assert.equal(e.value, redactValue(e.key, want.get(e.key)!.toString('utf8')));
    }
    for (const k of want.keys()) {
      if (ENV_FILE_REFUSED_KEYS.has(k) || !/^[A-Z][A-Z0-9_]*$/.test(k)) assert.ok(!got.entries.some((e) => e.key === k));
      else assert.ok(got.entries.some((e) => e.key === k), `missing key ${k}`);
    }
  }), { numRuns: 300 });
});

test('property: hostile bytes never throw, stay bounded and consistent', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
    const p = parseEnvFileBytes(bytes);
    assert.ok(p.ignored.length <= MAX_IGNORED_LINES);
    assert.ok(p.ignoredTotal >= p.ignored.filter((l) => l.reason !== 'comment').length);
    const keys = p.entries.map((e) => e.key);
    assert.equal(new Set(keys).size, keys.length);
    for (const e of p.entries) {
      assert.match(e.key, /^[A-Z][A-Z0-9_]*$/);
      assert.ok(e.offset! >= 0 && e.offset! + e.length! <= bytes.length);
    }
    JSON.stringify(p);
  }), { numRuns: 300 });
});

test('property: junk-heavy lines of any length', () => {
  fc.assert(fc.property(fc.array(fc.oneof(fc.constant('\n'), fc.constant('='), fc.constant('\r'), fc.constant('\u0000'), fc.constant('A'), fc.string({ maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 50 })), { maxLength: 200 }), (parts) => {
    const p = parseEnvFile(parts.join(''));
    for (const l of p.ignored) assert.ok(l.text.length <= 400, 'display text is bounded');
  }), { numRuns: 200 });
});

test('readEnvFile: missing, directory, dangling link, binary, 5 MB, cut at the bound, sha256', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gotune-envfile-'));
  try {
    assert.equal(readEnvFile(join(dir, 'nope'), 'user-config-dir').exists, false);
    mkdirSync(join(dir, 'd'));
    assert.match(readEnvFile(join(dir, 'd'), 'GOENV').error ?? '', /is a directory/);
    symlinkSync(join(dir, 'store', 'env'), join(dir, 'link'));
    const dl = readEnvFile(join(dir, 'link'), 'GOENV');
    assert.equal(dl.exists, true);
    assert.match(dl.error ?? '', /dangling symbolic link/);

    const bin = Buffer.concat([Buffer.from('GOPROXY=direct\n'), Buffer.from([0, 1, 2, 0xff, 10]), Buffer.from('GOSUMDB=off\n')]);
    writeFileSync(join(dir, 'bin'), bin);
    const b = readEnvFile(join(dir, 'bin'), 'GOENV');
    assert.equal(b.binary, true);
    assert.deepEqual(b.entries.map((e) => e.key), ['GOPROXY', 'GOSUMDB']);
    assert.equal(b.sha256, createHash('sha256').update(bin).digest('hex'));

    const big = Buffer.alloc(5_000_000, 'x');
    for (let i = 100; i < big.length; i += 100) big[i] = 10;
    const withSetting = Buffer.concat([big, Buffer.from('\nGOFLAGS=-mod=mod\n')]);
    writeFileSync(join(dir, 'big'), withSetting);
    const started = Date.now();
    const g = readEnvFile(join(dir, 'big'), 'GOENV');
    assert.ok(Date.now() - started < 30_000, 'does not hang');
    assert.equal(g.truncated, false);
    assert.deepEqual(g.entries.map((e) => `${e.key}=${e.value}`), ['GOFLAGS=-mod=mod']);
    assert.equal(g.ignored.length, MAX_IGNORED_LINES);
    assert.ok(g.ignoredTotal! > 40_000);

    const cut = readEnvFile(join(dir, 'big'), 'GOENV', 1 << 16);
    assert.equal(cut.truncated, true);
    assert.equal(cut.sha256, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('locateEnvFile follows GOENV, GOENV=off and the config dir', () => {
  assert.deepEqual(locateEnvFile('/home/u/.config', {}), { path: '/home/u/.config/go/env', located: 'user-config-dir' });
  assert.deepEqual(locateEnvFile('/home/u/.config', { GOENV: 'off' }), { path: null, located: 'disabled' });
  assert.deepEqual(locateEnvFile(null, { GOENV: '/srv/env' }), { path: '/srv/env', located: 'GOENV' });
  assert.deepEqual(locateEnvFile(null, { GOENV: '' }), { path: null, located: 'none' });
});

test('readEnvFile: a FIFO is reported without blocking', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gotune-envfile-'));
  try {
    if (spawnSync('mkfifo', [join(dir, 'env')]).status !== 0) return;
    assert.match(readEnvFile(join(dir, 'env'), 'GOENV').error ?? '', /not a regular file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Names in the module cache, sizes and ages on the command line: exact cases and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { classifyAtVFile, classifyTreeSuffix, unescapeModule, isInside, parseZiphash, versionPaths } from '../../src/modcache/layout.ts';
import { parseSize, parseAge, formatBytes } from '../../src/modcache/stats.ts';
import { atimeMode } from '../../src/modcache/atime.ts';

test('files of an @v directory', () => {
  assert.deepEqual(classifyAtVFile('v1.2.3.zip'), { kind: 'zip', escapedVersion: 'v1.2.3' });
  assert.deepEqual(classifyAtVFile('v1.2.3.ziphash'), { kind: 'ziphash', escapedVersion: 'v1.2.3' });
  assert.deepEqual(classifyAtVFile('v0.0.0-20200101000000-abcdef123456.partial'), { kind: 'partial', escapedVersion: 'v0.0.0-20200101000000-abcdef123456' });
  assert.deepEqual(classifyAtVFile('v1.0.0-!r!c.1.mod'), { kind: 'mod', escapedVersion: 'v1.0.0-!r!c.1' });
  assert.deepEqual(classifyAtVFile('v1.2.3.zip2871947.tmp'), { kind: 'tmp', escapedVersion: 'v1.2.3', of: 'zip' });
  assert.deepEqual(classifyAtVFile('v1.2.3.info12.tmp'), { kind: 'tmp', escapedVersion: 'v1.2.3', of: 'info' });
  assert.deepEqual(classifyAtVFile('list'), { kind: 'list' });
  assert.deepEqual(classifyAtVFile('list.lock'), { kind: 'list.lock' });
  assert.deepEqual(classifyAtVFile('README'), { kind: 'unknown' });
  assert.deepEqual(classifyTreeSuffix('v1.2.3.tmp-12345'), { kind: 'tmp-tree', escapedVersion: 'v1.2.3' });
  assert.deepEqual(classifyTreeSuffix('v1.2.3'), { kind: 'tree', escapedVersion: 'v1.2.3' });
});

test('escaped names unescape, or say why not', () => {
  assert.deepEqual(unescapeModule('github.com/!azure/go-sdk', 'v1.0.0-!r!c1'), { path: 'github.com/Azure/go-sdk', version: 'v1.0.0-RC1', error: null });
  const bad = unescapeModule('github.com/Azure/x', 'v1!');
  assert.equal(bad.path, null);
  assert.equal(bad.version, null);
  assert.match(bad.error ?? '', /invalid escaped module path.*invalid escaped version/);
});

test('paths of a version, and what lies inside the cache', () => {
  const p = versionPaths('/c', 'github.com/!azure/x', 'v1.0.0');
  assert.equal(p.tree, '/c/github.com/!azure/x@v1.0.0');
  assert.equal(p.zip, '/c/cache/download/github.com/!azure/x/@v/v1.0.0.zip');
  assert.equal(p.lock, '/c/cache/download/github.com/!azure/x/@v/v1.0.0.lock');
  assert.ok(isInside('/c', '/c/a/b'));
  assert.ok(isInside('/c', '/c'));
  assert.ok(!isInside('/c', '/c/../etc'));
  assert.ok(!isInside('/c', '/cache'));
  assert.ok(!isInside('/c', 'c/a'));
});

test('.ziphash is valid the way the go command reads it', () => {
  const h = 'h1:' + 'A'.repeat(43) + '=';
  assert.equal(parseZiphash(Buffer.from(h)), h);
  assert.equal(parseZiphash(Buffer.from(h + '\n')), h);
  assert.equal(parseZiphash(Buffer.from(h.slice(0, 20))), null);
  assert.equal(parseZiphash(Buffer.from(h.slice(0, 46) + '\0')), null);
});

test('sizes and ages', () => {
  assert.equal(parseSize('20G'), 20 * 1024 ** 3);
  assert.equal(parseSize('512M'), 512 * 1024 ** 2);
  assert.equal(parseSize('1.5GiB'), 1.5 * 1024 ** 3);
  assert.equal(parseSize('1000'), 1000);
  assert.equal(parseSize('12 parsecs'), null);
  assert.equal(parseSize('-1G'), null);
  assert.equal(parseAge('90d'), 90 * 86_400_000);
  assert.equal(parseAge('36h'), 36 * 3_600_000);
  assert.equal(parseAge('0d'), 0);
  assert.equal(parseAge('soon'), null);
  assert.equal(formatBytes(1536), '1.50 KiB');
  assert.equal(formatBytes(12), '12 B');
});

test('hostile names and flags never throw', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
    classifyAtVFile(s);
    classifyTreeSuffix(s);
    const u = unescapeModule(s, s);
    assert.ok((u.path === null) === (u.error !== null) || u.version === null);
    const n = parseSize(s);
    assert.ok(n === null || (Number.isFinite(n) && n >= 0));
    const a = parseAge(s);
    assert.ok(a === null || (Number.isFinite(a) && a >= 0));
    parseZiphash(Buffer.from(s));
  }), { numRuns: 2000 });
});

test('mount options decide how far access times go', () => {
  assert.equal(atimeMode(['rw', 'relatime']), 'relatime');
  assert.equal(atimeMode(['rw', 'noatime']), 'noatime');
  assert.equal(atimeMode(['rw', 'strictatime']), 'strictatime');
  assert.equal(atimeMode(['rw']), 'unknown');
});

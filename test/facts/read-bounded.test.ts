import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readPathBounded } from '../../src/facts/read-bounded.ts';

test('property: the first max bytes, and truncated exactly when the file is longer', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gotune-read-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = join(dir, 'f');
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300_000 }), fc.nat({ max: 400_000 }), (bytes, max) => {
    writeFileSync(f, bytes);
    const r = readPathBounded(f, max);
    assert.deepEqual(r.data, Buffer.from(bytes.subarray(0, max)));
    assert.equal(r.truncated, bytes.length > max);
  }), { numRuns: 60 });
});

test('files that report size 0 (/proc) are read to the end', () => {
  const r = readPathBounded('/proc/self/mountinfo', 16 << 20);
  assert.equal(r.truncated, false);
  assert.ok(r.data.length > 0);
  assert.match(r.data.toString('utf8'), / - /, 'mountinfo lines');
  assert.equal(readPathBounded('/proc/self/mountinfo', 10).data.length, 10);
});

test('a file that grows past its fstat size is still bounded', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gotune-read-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = join(dir, 'f');
  writeFileSync(f, 'x'.repeat(1000));
  const r = readPathBounded(f, 999);
  assert.equal(r.data.length, 999);
  assert.equal(r.truncated, true);
  assert.equal(readFileSync(f, 'utf8').length, 1000);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { applyFixes } from '../../src/fix/apply.ts';
import { applyEdits, sha256 } from '../../src/fix/edits.ts';
import { undoRun } from '../../src/fix/undo.ts';
import { FAST_TMP, fileWithEdits, request, scratch } from './fix-helpers.ts';

test('property: for random files and non-overlapping edits, apply then undo is the identity', (t) => {
  const s = scratch('gotune-fix-', FAST_TMP);
  t.after(() => s.cleanup());
  let n = 0;
  fc.assert(fc.property(fc.array(fileWithEdits, { minLength: 1, maxLength: 3 }), (files) => {
    const run = n++;
    const reqs = files.map(({ original, edits }, i) => {
      const file = s.path(`f${run}-${i}`);
      writeFileSync(file, original);
      return request(`GT10${i}`, { files: [{ file, originalSha256: sha256(original), edits: edits.map((e) => ({ file, ...e })) }] });
    });
    const r = applyFixes(reqs, { stateDir: s.state });
    files.forEach(({ original, edits }, i) => {
      assert.deepEqual(readFileSync(s.path(`f${run}-${i}`)), applyEdits(original, edits), 'applied as the edits say');
    });
    if (r.runId) {
      const u = undoRun({ stateDir: s.state, runId: r.runId });
      assert.equal(u.status, 'undone');
    }
    files.forEach(({ original }, i) => assert.deepEqual(readFileSync(s.path(`f${run}-${i}`)), original, 'undo restores every byte'));
  }), { numRuns: 150 });
  assert.deepEqual(readdirSync(s.dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
});

test('property: a fix whose edits overlap is refused and nothing is written', (t) => {
  const s = scratch('gotune-fix-', FAST_TMP);
  t.after(() => s.cleanup());
  let n = 0;
  const gen = fc.uint8Array({ minLength: 1, maxLength: 100 }).chain((bytes) => fc.tuple(fc.constant(Buffer.from(bytes)), fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 10 })));
  fc.assert(fc.property(gen, ([original, offset, len]) => {
    const file = s.path(`o${n++}`);
    writeFileSync(file, original);
    const a = { file, offset, length: Math.min(len, original.length - offset), newText: 'A' };
    const b = { file, offset, length: 0, newText: 'B' };
    const r = applyFixes([request('GT103', { files: [{ file, originalSha256: sha256(original), edits: [a, b] }] })], { stateDir: s.state });
    assert.equal(r.outcomes[0]!.state, 'failed');
    assert.equal(r.runId, null);
    assert.deepEqual(readFileSync(file), original);
  }), { numRuns: 100 });
});

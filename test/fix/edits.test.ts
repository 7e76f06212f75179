import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, EditError, lineStyle, spliceEdits, validateEdits, type ByteEdit } from '../../src/fix/edits.ts';
import { fileWithEdits } from './fix-helpers.ts';

const buf = (s: string) => Buffer.from(s, 'utf8');

test('edits replace byte ranges of the original, in any order given', () => {
  const out = applyEdits(buf('export GOROOT=/opt/go\nexport GOPATH=go\n'), [
    { offset: 36, length: 2, newText: '$HOME/go' },
    { offset: 0, length: 0, newText: '# ' },
  ]);
  assert.equal(out.toString(), '# export GOROOT=/opt/go\nexport GOPATH=$HOME/go\n');
});

test('offsets count bytes, not UTF-16 units', () => {
  const original = buf('# ünïcödé\nexport GOROOT=/x\n');
  const at = original.indexOf('export');
  assert.equal(applyEdits(original, [{ offset: at, length: 0, newText: '# ' }]).toString(), '# ünïcödé\n# export GOROOT=/x\n');
});

test('edits past the end or with negative ranges are refused', () => {
  assert.throws(() => applyEdits(buf('abc'), [{ offset: 2, length: 2, newText: '' }]), EditError);
  assert.throws(() => applyEdits(buf('abc'), [{ offset: -1, length: 0, newText: '' }]), EditError);
  assert.throws(() => applyEdits(buf('abc'), [{ offset: 1.5, length: 0, newText: '' }]), EditError);
});

test('overlapping edits are refused, touching ones are not', () => {
  assert.throws(() => validateEdits(10, [{ offset: 0, length: 5, newText: 'a' }, { offset: 4, length: 2, newText: 'b' }]), /overlapping/);
  // Two insertions at one offset: their order would be a guess.
  assert.throws(() => validateEdits(10, [{ offset: 3, length: 0, newText: 'a' }, { offset: 3, length: 0, newText: 'b' }]), /overlapping/);
  assert.throws(() => validateEdits(10, [{ offset: 3, length: 0, newText: 'a' }, { offset: 3, length: 2, newText: 'b' }]), /overlapping/);
  assert.doesNotThrow(() => validateEdits(10, [{ offset: 0, length: 5, newText: 'a' }, { offset: 5, length: 2, newText: 'b' }]));
  assert.doesNotThrow(() => validateEdits(10, [{ offset: 0, length: 5, newText: 'a' }, { offset: 10, length: 0, newText: 'b' }]));
});

test('CRLF files keep CRLF line breaks in inserted text', () => {
  const original = buf('a\r\nexport GOROOT=/x\r\nb\r\n');
  const out = applyEdits(original, [{ offset: 3, length: 0, newText: '# disabled by gotune\n# ' }, { offset: original.length, length: 0, newText: 'export PATH=$PATH:/y\n' }]);
  assert.equal(out.toString(), 'a\r\n# disabled by gotune\r\n# export GOROOT=/x\r\nb\r\nexport PATH=$PATH:/y\r\n');
  assert.ok(lineStyle(original).crlf);
  assert.ok(!lineStyle(buf('a\nb\r\nc\n')).crlf);
});

test('a file without a final newline does not gain one', () => {
  const original = buf('a\nexport GOROOT=/x');
  const out = applyEdits(original, [{ offset: original.length, length: 0, newText: '\n# block\nexport X=1\n' }]);
  assert.equal(out.toString(), 'a\nexport GOROOT=/x\n# block\nexport X=1');
  // Edits that do not reach the end leave the end alone.
  assert.equal(applyEdits(original, [{ offset: 2, length: 0, newText: '# ' }]).toString(), 'a\n# export GOROOT=/x');
  // A file that has one keeps it.
  assert.equal(applyEdits(buf('a\n'), [{ offset: 2, length: 0, newText: 'b\n' }]).toString(), 'a\nb\n');
  // An empty (new) file gets the text as written.
  assert.equal(applyEdits(Buffer.alloc(0), [{ offset: 0, length: 0, newText: 'x\n' }]).toString(), 'x\n');
});

/** Reference model: apply edits one by one from the last to the first. */
function reference(original: Buffer, edits: readonly ByteEdit[]): Buffer {
  let out = Buffer.from(original);
  for (const e of [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length)) {
    out = Buffer.concat([out.subarray(0, e.offset), Buffer.from(e.newText), out.subarray(e.offset + e.length)]);
  }
  return out;
}

test('property: splicing non-overlapping edits equals applying them one by one from the end', () => {
  fc.assert(fc.property(fileWithEdits, ({ original, edits }) => {
    validateEdits(original.length, edits);
    const spliced = spliceEdits(original, edits.map((e) => ({ offset: e.offset, length: e.length, bytes: Buffer.from(e.newText) })));
    assert.deepEqual(spliced, reference(original, edits));
  }), { numRuns: 500 });
});

test('property: any edit set containing an overlap is refused', () => {
  const overlapping = fc.uint8Array({ minLength: 1, maxLength: 200 }).chain((bytes) => fc.tuple(
    fc.constant(Buffer.from(bytes)),
    fc.nat({ max: bytes.length - 1 }),
    fc.integer({ min: 1, max: 30 }),
    fc.nat({ max: 29 }),
    fc.array(fc.tuple(fc.nat({ max: bytes.length }), fc.nat({ max: 10 })), { maxLength: 4 }),
  ));
  fc.assert(fc.property(overlapping, ([original, offset, len, inner, others]) => {
    const a = { offset, length: Math.min(len, original.length - offset), newText: 'x' };
    // b starts inside a's range (or at its offset), so the two always share a byte or an insertion point.
    const bOffset = offset + Math.min(inner, Math.max(0, a.length - 1));
    const b = { offset: bOffset, length: Math.min(1, original.length - bOffset), newText: 'y' };
    const extra = others.map(([o, l]) => ({ offset: o, length: Math.min(l, original.length - o), newText: 'z' }));
    assert.throws(() => applyEdits(original, [...extra, a, ...extra, b]), EditError);
  }), { numRuns: 500 });
});

test('property: applyEdits never throws anything but EditError on hostile input', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 50 }), fc.array(fc.record({ offset: fc.integer({ min: -5, max: 80 }), length: fc.integer({ min: -5, max: 80 }), newText: fc.string({ maxLength: 5 }) }), { maxLength: 5 }), (bytes, edits) => {
    try {
      applyEdits(Buffer.from(bytes), edits);
    } catch (e) {
      assert.ok(e instanceof EditError, String(e));
    }
  }), { numRuns: 500 });
});

// The mountinfo parser is fed hostile input: it must return (mounts, skipped lines), never throw,
// never hang, and read back exactly what the kernel's escaping wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseMountinfo, unescapeMountField, findMount, MOUNTINFO_MAX_LINES } from '../../src/facts/mounts.ts';

/** The kernel's mangling (fs/proc_namespace.c: mangle with " \t\n\\"). */
function escapeField(s: string): string {
  return s.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

const pathArb = fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/')), { maxLength: 5 }).map((segs) => '/' + segs.join('/'));
const tokenArb = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[\s,\\]/.test(s) && s !== '-');

test('hostile text never throws, and every non-empty line is either a mount or a skipped line', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
    const r = parseMountinfo(text);
    const nonEmpty = text.split('\n').filter((l) => l !== '').length;
    assert.equal(r.mounts.length + r.skipped.length, nonEmpty);
    for (const s of r.skipped) assert.ok(s.reason.length > 0 && s.reason.length < 200);
  }), { numRuns: 500 });
});

test('lines made of mountinfo-like pieces never throw', () => {
  const piece = fc.constantFrom('1', '0', '-', '', ' ', '\\040', '\\', '\\7777', '/', '/a b', '8:1', 'x:y', 'shared:1', 'ext4', 'rw,relatime', ',', '\t', '\r', '\u0000', '\u{1F600}');
  fc.assert(fc.property(fc.array(fc.array(piece, { maxLength: 30 }).map((p) => p.join(' ')), { maxLength: 20 }), (lines) => {
    const r = parseMountinfo(lines.join('\n'));
    for (const m of r.mounts) {
      assert.ok(m.mountPoint.startsWith('/') || m.mountPoint.startsWith('\\'));
      assert.ok(m.fsType.length > 0);
    }
  }), { numRuns: 500 });
});

test('escaped fields read back exactly (round trip through the kernel escaping)', () => {
  fc.assert(fc.property(pathArb, pathArb, tokenArb, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), fc.array(tokenArb, { maxLength: 3 }), (root, mp, fsType, source, optional) => {
    const line = `12 1 8:1 ${escapeField(root)} ${escapeField(mp)} rw,relatime${optional.map((o) => ` ${o}`).join('')} - ${escapeField(fsType)} ${escapeField(source)} rw`;
    const r = parseMountinfo(line);
    assert.deepEqual(r.skipped, []);
    const m = r.mounts[0]!;
    assert.equal(m.root, root);
    assert.equal(m.mountPoint, mp);
    assert.equal(m.fsType, fsType);
    assert.equal(m.source, source);
    assert.deepEqual(m.optionalFields, optional);
  }), { numRuns: 500 });
});

test('unescape never throws and leaves escape-free text alone', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
    const out = unescapeMountField(s);
    if (!s.includes('\\')) assert.equal(out, s);
  }), { numRuns: 1000 });
});

test('findMount returns a mount whose point is a path prefix, and the longest one', () => {
  fc.assert(fc.property(fc.array(pathArb, { minLength: 1, maxLength: 8 }), pathArb, (points, p) => {
    const mounts = parseMountinfo(points.map((mp, i) => `${i + 2} 1 0:${i} / ${escapeField(mp)} rw - ext4 src rw`).join('\n')).mounts;
    const m = findMount(mounts, p);
    const prefixes = mounts.filter((x) => x.mountPoint === '/' || p === x.mountPoint || p.startsWith(x.mountPoint + '/'));
    if (prefixes.length === 0) assert.equal(m, null);
    else assert.equal(m!.mountPoint.length, Math.max(...prefixes.map((x) => x.mountPoint.length)));
  }), { numRuns: 300 });
});

test('huge input does not hang: one enormous line and a flood of lines are bounded', () => {
  const started = Date.now();
  const long = parseMountinfo(`1 2 3:4 / /${'a'.repeat(5_000_000)} rw - ext4 x rw`);
  assert.equal(long.mounts.length, 0);
  assert.match(long.skipped[0]!.reason, /too long/);
  const flood = parseMountinfo('1 2 3:4 / /x rw - ext4 x rw\n'.repeat(MOUNTINFO_MAX_LINES + 50));
  assert.equal(flood.truncated, true);
  assert.equal(flood.mounts.length, MOUNTINFO_MAX_LINES);
  const backslashes = parseMountinfo(`1 2 3:4 / /${'\\'.repeat(60_000)} rw - ext4 x rw`);
  assert.equal(backslashes.mounts.length, 1);
  // A generous bound that only proves termination, not speed.
  assert.ok(Date.now() - started < 60_000);
});

// Property tests: escaping round trips, the version order, and parsers under hostile input
// (arbitrary strings and mutated valid files): only their own error class, positions inside
// the input, and no hang (inputs are bounded; each run is timed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkPath, escapePath, escapeVersion, unescapePath, unescapeVersion } from '../../src/gomod/module.ts';
import { canonical, compare, isValid, sort } from '../../src/gomod/semver.ts';
import { isPseudoVersion, pseudoVersion, pseudoVersionBase, pseudoVersionRev, pseudoVersionTime } from '../../src/gomod/pseudo.ts';
import { GoModSyntaxError, parseGoMod, parseGoModLax } from '../../src/gomod/modfile.ts';
import { parseGoWork } from '../../src/gomod/gowork.ts';
import { GoSumSyntaxError, parseGoSum } from '../../src/gomod/gosum.ts';

const pathChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~'.split(''));
const elem = fc.array(pathChar, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const modulePathArb = fc.tuple(
  fc.array(fc.constantFrom(...'abcxyz019-'.split('')), { minLength: 1, maxLength: 6 }).map((a) => a.join('')),
  fc.array(elem, { maxLength: 4 }),
).map(([host, rest]) => [`${host}.com`, ...rest].join('/'));

const semverArb = fc.tuple(
  fc.nat(30), fc.nat(30), fc.nat(30),
  fc.option(fc.array(fc.oneof(fc.nat(20).map(String), fc.constantFrom('alpha', 'beta', 'rc', 'x-y', '0a')), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  fc.option(fc.array(fc.constantFrom('meta', '001', 'sha', 'incompatible'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  fc.constantFrom('full', 'major', 'minor'),
).map(([a, b, c, pre, build, shape]) => {
  if (shape === 'major') return `v${a}`;
  if (shape === 'minor') return `v${a}.${b}`;
  return `v${a}.${b}.${c}${pre ? '-' + pre.join('.') : ''}${build ? '+' + build.join('.') : ''}`;
});
const versionish = fc.oneof(semverArb, fc.string({ maxLength: 12 }), fc.constantFrom('v1.2.3-pre', 'v01', 'v1.2.3-', 'bad', ''));

test('escapePath / unescapePath round trip for every valid path', () => {
  fc.assert(fc.property(modulePathArb, (p) => {
    if (checkPath(p) !== undefined) return;
    const e = escapePath(p);
    assert.ok(!/[A-Z]/.test(e));
    assert.equal(unescapePath(e), p);
  }), { numRuns: 2000 });
});

test('escapeVersion / unescapeVersion round trip', () => {
  fc.assert(fc.property(fc.array(pathChar, { minLength: 1, maxLength: 20 }).map((a) => a.join('')), (v) => {
    let e: string;
    try {
      e = escapeVersion(v);
    } catch {
      return;
    }
    assert.equal(unescapeVersion(e), v);
  }), { numRuns: 2000 });
});

test('compare is a total order consistent with canonical', () => {
  fc.assert(fc.property(versionish, versionish, versionish, (a, b, c) => {
    assert.equal(compare(a, a), 0);
    assert.equal(compare(a, b), -compare(b, a) || 0);
    if (compare(a, b) <= 0 && compare(b, c) <= 0) assert.ok(compare(a, c) <= 0);
    if (isValid(a) && isValid(b)) assert.equal(compare(a, b) === 0, canonical(a) === canonical(b));
    if (isValid(a)) assert.equal(compare(a, canonical(a)), 0);
  }), { numRuns: 2000 });
  fc.assert(fc.property(fc.array(versionish, { maxLength: 20 }), (list) => {
    const sorted = sort(list.slice());
    for (let i = 1; i < sorted.length; i++) assert.ok(compare(sorted[i - 1]!, sorted[i]!) <= 0);
  }), { numRuns: 500 });
});

test('pseudo-versions built from any tag parse back', () => {
  const date = fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true })
    .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));
  const rev = fc.array(fc.constantFrom(...'0123456789abcdef'.split('')), { minLength: 12, maxLength: 12 }).map((a) => a.join(''));
  fc.assert(fc.property(fc.oneof(semverArb, fc.constant('')), date, rev, (older, t, r) => {
    const base = canonical(older);
    if (base !== '' && /^v0\.0\.0-/.test(base) === false && base.includes('+')) return;
    const p = pseudoVersion('v0', older, t, r);
    assert.ok(isPseudoVersion(p), p);
    assert.equal(pseudoVersionRev(p), r);
    assert.equal(pseudoVersionTime(p).getTime(), t.getTime());
    if (older !== '' && isValid(older)) {
      assert.equal(compare(p, older) > 0, true, `${p} > ${older}`);
      const build = older.includes('+') ? older.slice(older.indexOf('+')) : '';
      assert.equal(pseudoVersionBase(p), canonical(older) + build);
    }
  }), { numRuns: 1000 });
});

const VALID_MOD = 'module example.com/m\n\ngo 1.21\n\nrequire (\n\ta.b/c v1.0.0 // indirect\n\t"x.y/z" v1.2.3\n)\n\nreplace a.b/c => ../c\nretract [v1.0.0, v1.0.1] // oops\nexclude a.b/c v0.9.0\n';
const VALID_WORK = 'go 1.21\n\nuse (\n\t./a\n\t"./b"\n)\nreplace a.b/c v1.0.0 => ./c\n';
const VALID_SUM = 'a.b/c v1.0.0 h1:abc=\na.b/c v1.0.0/go.mod h1:def=\n';
const ALPHABET = ['(', ')', '[', ']', ',', '"', '`', '\\', '/', '*', '\n', '\r', '\t', ' ', '=>', '//', '/*', 'v1.0.0', 'require', 'module', 'retract', 'é', '\u00a0', '\u0000', '\ud800', '😀', 'x'];

/** Replaces, inserts or deletes a few bounded slices of the text. */
function mutated(base: string): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(base.length), fc.nat(8), fc.array(fc.constantFrom(...ALPHABET), { maxLength: 4 }).map((a) => a.join('')));
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let s = base;
    for (const [at, del, ins] of edits) {
      const i = Math.min(at, s.length);
      s = s.slice(0, i) + ins + s.slice(i + del);
    }
    return s;
  });
}

const hostile = (base: string): fc.Arbitrary<string> => fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }).map((a) => a.join('')),
  mutated(base),
);

function lineCount(text: string): number {
  return text.split('\n').length;
}

function checkParser(name: string, base: string, parse: (text: string) => void, ErrorClass: typeof GoModSyntaxError | typeof GoSumSyntaxError): void {
  fc.assert(fc.property(hostile(base), (text) => {
    const started = performance.now();
    try {
      parse(text);
    } catch (e) {
      assert.ok(e instanceof ErrorClass, `${name} threw ${String(e)} for ${JSON.stringify(text)}`);
      for (const d of e.errors) {
        assert.ok(d.line >= 1 && d.line <= lineCount(text), `${name}: line ${d.line} outside input ${JSON.stringify(text)}`);
        const lineText = text.split('\n')[d.line - 1] ?? '';
        assert.ok(d.column >= 1 && d.column <= [...lineText].length + 1, `${name}: column ${d.column} outside line ${d.line} of ${JSON.stringify(text)}`);
        assert.ok(!d.text.includes('internal error'), `${name}: ${d.text} for ${JSON.stringify(text)}`);
      }
    }
    // A generous bound that only a hang (or runaway backtracking) would cross on these small inputs.
    assert.ok(performance.now() - started < 5000, `${name} took too long on ${JSON.stringify(text)}`);
  }), { numRuns: 2000 });
}

test('parseGoMod (strict and lax) fails only with GoModSyntaxError and valid positions', () => {
  checkParser('parseGoMod', VALID_MOD, (t) => parseGoMod(t), GoModSyntaxError);
  checkParser('parseGoModLax', VALID_MOD, (t) => parseGoModLax(t), GoModSyntaxError);
});

test('parseGoWork fails only with GoModSyntaxError and valid positions', () => {
  checkParser('parseGoWork', VALID_WORK, (t) => parseGoWork(t), GoModSyntaxError);
});

test('parseGoSum fails only with GoSumSyntaxError and valid positions', () => {
  checkParser('parseGoSum', VALID_SUM, (t) => parseGoSum(t), GoSumSyntaxError);
});

test('directive positions agree with the text (line, column, byte and offset)', () => {
  fc.assert(fc.property(mutated(VALID_MOD), (text) => {
    let f;
    try {
      f = parseGoMod(text);
    } catch {
      return;
    }
    for (const d of [...f.require, ...f.replace, ...f.exclude, ...f.retract]) {
      for (const p of [d.syntax.start, d.syntax.end]) {
        const before = text.slice(0, p.offset);
        const lines = before.split('\n');
        assert.equal(p.line, lines.length);
        assert.equal(p.column, [...(lines[lines.length - 1] ?? '')].length + 1);
        assert.equal(p.byte, Buffer.byteLength(before));
      }
      assert.equal(d.line, d.syntax.start.line);
      assert.equal(d.column, d.syntax.start.column);
      assert.ok(/^\S/.test(text.slice(d.syntax.start.offset)));
    }
  }), { numRuns: 1000 });
});

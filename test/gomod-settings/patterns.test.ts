// path.Match and MatchPrefixPatterns against the upstream tables (path/match_test.go,
// x/mod module_test.go), plus the linter and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pathMatch, matchPrefixPatterns, lintPatterns, BadPatternError, tryPathMatch } from '../../src/gomod/patterns.ts';

const BAD = 'bad';
const matchTests: [string, string, boolean | typeof BAD][] = [
  ['abc', 'abc', true], ['*', 'abc', true], ['*c', 'abc', true], ['a*', 'a', true], ['a*', 'abc', true], ['a*', 'ab/c', false],
  ['a*/b', 'abc/b', true], ['a*/b', 'a/c/b', false], ['a*b*c*d*e*/f', 'axbxcxdxe/f', true], ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false], ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false], ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false], ['ab[c]', 'abc', true], ['ab[b-d]', 'abc', true], ['ab[e-g]', 'abc', false], ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false], ['ab[^e-g]', 'abc', true], ['a\\*b', 'a*b', true], ['a\\*b', 'ab', false], ['a?b', 'a☺b', true],
  ['a[^a]b', 'a☺b', true], ['a???b', 'a☺b', false], ['a[^a][^a][^a]b', 'a☺b', false], ['[a-ζ]*', 'α', true], ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false], ['a*b', 'a/b', false], ['[\\]a]', ']', true], ['[\\-]', '-', true], ['[x\\-]', 'x', true], ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false], ['[\\-x]', 'x', true], ['[\\-x]', '-', true], ['[\\-x]', 'a', false], ['[]a]', ']', BAD], ['[-]', '-', BAD],
  ['[x-]', 'x', BAD], ['[x-]', '-', BAD], ['[x-]', 'z', BAD], ['[-x]', 'x', BAD], ['[-x]', '-', BAD], ['[-x]', 'a', BAD], ['\\', 'a', BAD],
  ['[a-b-c]', 'a', BAD], ['[', 'a', BAD], ['[^', 'a', BAD], ['[^bc', 'a', BAD], ['a[', 'a', BAD], ['a[', 'ab', BAD], ['a[', 'x', BAD],
  ['a/b[', 'x', BAD], ['*x', 'xxx', true],
];

for (const [pattern, name, want] of matchTests) {
  test(`path.Match(${JSON.stringify(pattern)}, ${JSON.stringify(name)})`, () => {
    if (want === BAD) assert.throws(() => pathMatch(pattern, name), BadPatternError);
    else assert.equal(pathMatch(pattern, name), want);
  });
}

const prefixTests: [string, string, boolean][] = [
  ['', 'rsc.io/quote', false], ['/', 'rsc.io/quote', false], ['*/quote', 'rsc.io/quote', true], ['*/quo', 'rsc.io/quote', false],
  ['*/quo??', 'rsc.io/quote', true], ['*/quo*', 'rsc.io/quote', true], ['*quo*', 'rsc.io/quote', false], ['rsc.io', 'rsc.io/quote', true],
  ['*.io', 'rsc.io/quote', true], ['rsc.io/', 'rsc.io/quote', true], ['rsc', 'rsc.io/quote', false], ['rsc*', 'rsc.io/quote', true],
  ['rsc.io', 'rsc.io/quote/v3', true], ['*/quote', 'rsc.io/quote/v3', true], ['*/quote/', 'rsc.io/quote/v3', true], ['*/quote/*', 'rsc.io/quote/v3', true],
  ['*/quote/*/', 'rsc.io/quote/v3', true], ['*/v3', 'rsc.io/quote/v3', false], ['*/*/v3', 'rsc.io/quote/v3', true], ['*/*/*', 'rsc.io/quote/v3', true],
  ['*/*/*/', 'rsc.io/quote/v3', true], ['*/*/*', 'rsc.io/quote', false], ['*/*/*/', 'rsc.io/quote', false], ['*/*/*,,', 'rsc.io/quote', false],
  ['*/*/*,,*/quote', 'rsc.io/quote', true], [',,*/quote', 'rsc.io/quote', true],
  // The traps GT309 looks for.
  ['a.com, b.com', 'b.com/x', false], ['a.com, b.com', 'a.com/x', true], ['a.com,b.com', 'b.com/x', true], ['https://b.com', 'b.com/x', false],
  ['b.com/...', 'b.com/x', false], ['.b.com', 'git.b.com/x', false], ['*.b.com', 'git.b.com/x', true], ['[', 'b.com/x', false], ['[', 'x', false],
  ['b.com;c.com', 'c.com/x', false], ['B.com', 'b.com/x', false],
];
for (const [globs, target, want] of prefixTests) {
  test(`MatchPrefixPatterns(${JSON.stringify(globs)}, ${JSON.stringify(target)}) = ${want}`, () => assert.equal(matchPrefixPatterns(globs, target), want));
}

test('lintPatterns finds the patterns that never match and corrects them', () => {
  const r = lintPatterns('a.com, b.com,https://c.com/x,d.com/...,.e.com,f.com;g.com,h.com:8443,i.com@v1');
  assert.deepEqual(r.issues.map((i) => i.kind), ['leading-space', 'scheme', 'trailing-dots', 'leading-dot', 'semicolon', 'port', 'version']);
  assert.ok(r.issues.every((i) => i.neverMatches));
  assert.equal(r.corrected, 'a.com,b.com,c.com/x,d.com,*.e.com,f.com,g.com,h.com,i.com');
  // Every corrected pattern matches what the original meant.
  for (const [t, m] of [['b.com/x', true], ['c.com/x/y', true], ['d.com/z', true], ['w.e.com/q', true], ['g.com/a', true], ['h.com/b', true]] as const) {
    assert.equal(matchPrefixPatterns(r.corrected!, t), m, t);
  }
});

test('lintPatterns: "*" covers public modules; bad syntax never matches; clean lists are clean', () => {
  assert.deepEqual(lintPatterns('*').issues.map((i) => [i.kind, i.neverMatches]), [['star-only', false]]);
  assert.deepEqual(lintPatterns('corp.com/[').issues.map((i) => i.kind), ['bad-pattern']);
  assert.deepEqual(lintPatterns('*.corp.example.com,github.com/acme/*,gitlab.com/acme').issues, []);
  assert.equal(lintPatterns('*.corp.example.com,github.com/acme').corrected, null);
  assert.deepEqual(lintPatterns('').issues, []);
});

test('property: pathMatch and matchPrefixPatterns never throw unexpectedly and never hang', () => {
  const alphabet = fc.constantFrom('a', 'b', '/', '*', '?', '[', ']', '^', '-', '\\', ',', '.', ' ', 'é', '☺', '\u0000');
  const str = fc.array(alphabet, { maxLength: 24 }).map((a) => a.join(''));
  fc.assert(fc.property(str, str, (p, n) => {
    const started = performance.now();
    const r = tryPathMatch(p, n);
    assert.equal(typeof r.matched, 'boolean');
    assert.equal(typeof matchPrefixPatterns(p, n), 'boolean');
    lintPatterns(p);
    assert.ok(performance.now() - started < 2000);
  }), { numRuns: 2000 });
  fc.assert(fc.property(fc.string({ maxLength: 64 }), fc.string({ maxLength: 64 }), (p, n) => {
    tryPathMatch(p, n); matchPrefixPatterns(p, n); lintPatterns(p);
  }), { numRuns: 1000 });
});

test('property: a literal glob always matches itself as a prefix', () => {
  const elem = fc.stringMatching(/^[a-z0-9.-]{1,8}$/);
  fc.assert(fc.property(fc.array(elem, { minLength: 1, maxLength: 4 }), fc.array(elem, { maxLength: 3 }), (head, tail) => {
    assert.equal(matchPrefixPatterns(head.join('/'), [...head, ...tail].join('/')), true);
  }));
});

test('does not hang on pathological stars', () => {
  const started = performance.now();
  assert.equal(pathMatch('a*a*a*a*a*a*a*a*a*b', 'a'.repeat(200)), false);
  assert.ok(performance.now() - started < 5000);
});

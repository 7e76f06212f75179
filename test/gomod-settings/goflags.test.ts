// GOFLAGS validation: the messages below were printed by the real go1.26.8 (`go build` / `go test`
// in a sandbox); test/integration/network-goflags.test.ts re-checks a selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseGoflags, quotedSplit, parseGoInt, isGoDuration, GO_FLAGS } from '../../src/gomod/goflags.ts';

const cases: [string, string[], string | null][] = [
  ['-mod mod', ['go: parsing $GOFLAGS: non-flag "mod"'], '-mod=mod'],
  ['-mod mod -tags foo', ['go: parsing $GOFLAGS: non-flag "mod"'], '-mod=mod -tags=foo'],
  ['-bogus', ['go: parsing $GOFLAGS: unknown flag -bogus'], null],
  ['-printf', ['go: parsing $GOFLAGS: unknown flag -printf'], null],
  ['-mod=bogus', ["-mod=bogus not supported (can be '', 'mod', 'readonly', or 'vendor')"], null],
  ['-race=maybe', ['go: invalid boolean value "maybe" for flag -race (from $GOFLAGS): parse error'], null],
  ['-p=x', ['go: invalid value "x" for flag -p (from $GOFLAGS): parse error'], null],
  ['-p=99999999999999999999', ['go: invalid value "99999999999999999999" for flag -p (from $GOFLAGS): value out of range'], null],
  ['-p=0', ['go: -p must be a positive integer: 0'], null],
  ['-mod', ['go: flag needs an argument: -mod (from $GOFLAGS)'], null],
  ['-buildvcs=maybe', ["go: invalid boolean value \"maybe\" for flag -buildvcs (from $GOFLAGS): value is neither 'auto' nor a valid bool"], null],
  ['"unterminated', ['go: parsing $GOFLAGS: unterminated " string'], null],
  ['-', ['go: parsing $GOFLAGS: non-flag "-"'], null],
  ['--', ['go: parsing $GOFLAGS: non-flag "--"'], null],
  ['---x', ['go: parsing $GOFLAGS: non-flag "---x"'], null],
  ['-=x', ['go: parsing $GOFLAGS: non-flag "-=x"'], null],
  ['-covermode=foo', ['go: invalid value "foo" for flag -covermode (from $GOFLAGS): valid modes are "set", "count", or "atomic"'], null],
  ['-compiler=foo', ['go: invalid value "foo" for flag -compiler (from $GOFLAGS): unknown compiler "foo"'], null],
  ['-buildmode=foo', ['buildmode=foo not supported'], null],
  ['-gcflags=all', ['go: invalid value "all" for flag -gcflags (from $GOFLAGS): missing =<value> in <pattern>=<value>'], null],
  ['-toolexec="x', ['go: invalid value "\\"x" for flag -toolexec (from $GOFLAGS): unterminated " string'], null],
  ['-C=/tmp', ['go: invalid value "/tmp" for flag -C (from $GOFLAGS): -C flag must be first flag on command line'], null],
  ['-count=x', ['go: invalid value "x" for flag -count (from $GOFLAGS): parse error'], null],
  ['-timeout=5', ['go: invalid value "5" for flag -timeout (from $GOFLAGS): parse error'], null],
  ['-shuffle=bad', ['go: invalid value "bad" for flag -shuffle (from $GOFLAGS): -shuffle argument must be "on", "off", or an int64: strconv.ParseInt: parsing "bad": invalid syntax'], null],
  ['-vet=bogus', ['go: invalid value "bogus" for flag -vet (from $GOFLAGS): -vet argument must be a supported analyzer or a distinguished value; found bogus'], null],
  ['-modfile=x', ['go: -modfile=x: file does not have .mod extension'], null],
];
for (const [value, messages, corrected] of cases) {
  test(`GOFLAGS=${JSON.stringify(value)}`, () => {
    const r = parseGoflags(value);
    assert.deepEqual(r.problems.map((p) => p.message), messages);
    assert.equal(r.corrected, corrected);
  });
}

const fine = ['', '-mod=mod', '--mod=mod', '-ldflags=-s -w', '"-ldflags=-s -w"', "'-tags=a b'", '-p=0x10', '-p=1_0', '-p=0_10', '-race=T', '-json=1',
  '-v=false', '-tags=a,b', '-x', '-n=0', '-modcacherw', '-a', '-trimpath -buildvcs=false', '-timeout=10m', '-count=1', '-mod=', '-gcflags=all=-N -l'.split(' ')[0]!];
for (const value of fine) test(`GOFLAGS=${JSON.stringify(value)} is accepted`, () => assert.deepEqual(parseGoflags(value).problems, []));

test('go1.19 splits on white space only and does not know newer flags', () => {
  assert.deepEqual(parseGoflags('"-ldflags=-s -w"', { quotes: false }).problems.map((p) => p.message), ['go: parsing $GOFLAGS: non-flag "\\"-ldflags=-s"']);
  assert.deepEqual(parseGoflags('-pgo=off', { goVersion: 'go1.19.8' }).problems.map((p) => p.message), ['go: parsing $GOFLAGS: unknown flag -pgo']);
  assert.deepEqual(parseGoflags('-pgo=off', { goVersion: 'go1.26.8' }).problems, []);
});

test('Windows spells the variable %GOFLAGS%', () => {
  assert.deepEqual(parseGoflags('-p=x', { windows: true }).problems.map((p) => p.message), ['go: invalid value "x" for flag -p (from %GOFLAGS%): parse error']);
});

test('mixed flags without a value are flagged as ambiguous', () => {
  assert.deepEqual(parseGoflags('-c').problems.map((p) => p.kind), ['ambiguous-bool']);
});

test('number and duration grammars', () => {
  for (const [s, want] of [['10', 'ok'], ['1_0', 'ok'], ['_10', 'syntax'], ['0x_10', 'ok'], ['08', 'syntax'], ['0b', 'syntax'], ['-9223372036854775808', 'ok'], ['9223372036854775808', 'range']] as const) assert.equal(parseGoInt(s), want, s);
  for (const [s, want] of [['5', false], ['5s', true], ['1h30m', true], ['0', true], ['.5s', true], ['5x', false], ['', false]] as const) assert.equal(isGoDuration(s), want, s);
});

test('quotedSplit mirrors cmd/internal/quoted', () => {
  assert.deepEqual(quotedSplit(`a 'b c' "d e" f'g`), { fields: ['a', 'b c', 'd e', "f'g"] });
  assert.deepEqual(quotedSplit(`'x`), { error: "unterminated ' string" });
});

test('flag table has unique names', () => {
  const names = GO_FLAGS.map((f) => f.name);
  assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
});

test('property: parseGoflags never throws and never hangs', () => {
  const word = fc.oneof(fc.constantFrom('-mod', '-mod=mod', 'mod', '-x', '-p=', '"', "'", '-', '--', '=', '-race=', '-ldflags=', '-C', '-tags', ' ', '\t', 'é'), fc.string({ maxLength: 6 }));
  fc.assert(fc.property(fc.array(word, { maxLength: 12 }).map((a) => a.join(fc.sample(fc.constantFrom(' ', ''), 1)[0] ?? ' ')), fc.boolean(), (v, q) => {
    const r = parseGoflags(v, { quotes: q, goVersion: 'go1.21.0' });
    for (const p of r.problems) assert.ok(p.message.length > 0);
    if (r.corrected !== null) parseGoflags(r.corrected);
  }), { numRuns: 2000 });
});

// go.work parsing: directives, positions and errors (the go command comparison is in
// modfile-gocmd.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoWork } from '../../src/gomod/gowork.ts';
import { GoModSyntaxError } from '../../src/gomod/modfile.ts';

test('use, replace, go, toolchain, godebug with positions', () => {
  const w = parseGoWork('go 1.22\ntoolchain go1.22.3\ngodebug (\n\tpanicnil=1\n)\nuse (\n\t./a\n\t"./b c" // comment\n)\nuse ../d\nreplace x.y/z v1.0.0 => ./z\n');
  assert.deepEqual([w.go?.version, w.go?.line, w.toolchain?.name], ['1.22', 1, 'go1.22.3']);
  assert.deepEqual(w.godebug.map((g) => [g.key, g.value, g.line, g.column]), [['panicnil', '1', 4, 2]]);
  assert.deepEqual(w.use.map((u) => [u.path, u.line, u.column]), [['./a', 7, 2], ['./b c', 8, 2], ['../d', 10, 1]]);
  assert.deepEqual(w.use[1]?.syntax.comments.suffix.map((c) => c.token), ['// comment']);
  assert.deepEqual(w.replace.map((r) => [r.old, r.new]), [[{ path: 'x.y/z', version: 'v1.0.0' }, { path: './z', version: '' }]]);
});

test('errors', () => {
  const cases: Array<[string, string[]]> = [
    ['use\nuse a b\n', ['go.work:1: usage: use local/dir', 'go.work:2: usage: use local/dir']],
    ['module m\n', ['go.work:1: unknown directive: module']],
    ['require (\n\tx v1.0.0\n)\n', ['go.work:1: unknown block type: require']],
    ['go v1.21\n', ["go.work:1: invalid go version 'v1.21': must match format 1.23.0"]],
    ["use 'a'\n", ['go.work:1: invalid quoted string: unquoted string cannot contain quote']],
    ['use (\n', ['go.work:2: syntax error (unterminated block started at go.work:1:1)']],
  ];
  for (const [text, want] of cases) {
    assert.throws(() => parseGoWork(text), (e: unknown) => {
      assert.ok(e instanceof GoModSyntaxError);
      assert.deepEqual(e.errors.map((d) => d.text), want, text);
      return true;
    });
  }
});

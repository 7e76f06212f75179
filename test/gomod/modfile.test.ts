// go.mod parsing without the go command: positions, comment attachment, the syntax tree,
// lax mode, version fixers and the helper functions (spec §8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  autoQuote, GoModSyntaxError, isDirectoryPath, modulePath, mustQuote, parseGoMod, parseGoModLax, parseSyntax,
} from '../../src/gomod/modfile.ts';
import { ModuleError, InvalidVersionError } from '../../src/gomod/module.ts';

function errorOf(f: () => unknown): GoModSyntaxError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof GoModSyntaxError, `unexpected ${String(e)}`);
    return e;
  }
  assert.fail('expected GoModSyntaxError');
}

const SAMPLE = `// Leading comment.
module example.com/m

go 1.22
toolchain go1.22.4

require (
\tgolang.org/x/text v0.14.0 // indirect
\trsc.io/quote/v3 v3.1.0
)

exclude rsc.io/sampler v1.99.99
replace rsc.io/quote/v3 => ../quote
retract [v1.0.0, v1.0.5] // Published by mistake.
godebug default=go1.21
tool golang.org/x/tools/cmd/stringer
ignore ./testdata/big
`;

test('every directive with its line and column', () => {
  const f = parseGoMod(SAMPLE);
  assert.equal(f.file, 'go.mod');
  assert.deepEqual([f.module?.path, f.module?.line, f.module?.column], ['example.com/m', 2, 1]);
  assert.deepEqual([f.go?.version, f.go?.line], ['1.22', 4]);
  assert.deepEqual([f.toolchain?.name, f.toolchain?.line], ['go1.22.4', 5]);
  assert.deepEqual(f.require.map((r) => [r.path, r.version, r.indirect, r.line, r.column]), [
    ['golang.org/x/text', 'v0.14.0', true, 8, 2],
    ['rsc.io/quote/v3', 'v3.1.0', false, 9, 2],
  ]);
  assert.deepEqual(f.exclude.map((x) => [x.path, x.version, x.line]), [['rsc.io/sampler', 'v1.99.99', 12]]);
  assert.deepEqual(f.replace.map((r) => [r.old, r.new, r.line]), [[{ path: 'rsc.io/quote/v3', version: '' }, { path: '../quote', version: '' }, 13]]);
  assert.deepEqual(f.retract.map((r) => [r.low, r.high, r.rationale, r.line]), [['v1.0.0', 'v1.0.5', 'Published by mistake.', 14]]);
  assert.deepEqual(f.godebug.map((g) => [g.key, g.value, g.line]), [['default', 'go1.21', 15]]);
  assert.deepEqual(f.tool.map((t) => [t.path, t.line]), [['golang.org/x/tools/cmd/stringer', 16]]);
  assert.deepEqual(f.ignore.map((t) => [t.path, t.line]), [['./testdata/big', 17]]);
});

test('syntax tree: statements, tokens, comments, offsets', () => {
  const f = parseGoMod(SAMPLE);
  const kinds = f.syntax.stmts.map((s) => s.kind);
  assert.deepEqual(kinds, ['line', 'line', 'line', 'block', 'line', 'line', 'line', 'line', 'line', 'line']);
  const mod = f.syntax.stmts[0];
  assert.equal(mod?.kind, 'line');
  assert.deepEqual(mod?.comments.before.map((c) => c.token), ['// Leading comment.']);
  const block = f.syntax.stmts[3];
  assert.ok(block?.kind === 'block');
  assert.deepEqual(block.tokens, ['require']);
  assert.deepEqual(block.lines.map((l) => l.tokens), [['golang.org/x/text', 'v0.14.0'], ['rsc.io/quote/v3', 'v3.1.0']]);
  assert.deepEqual(block.lines[0]?.comments.suffix.map((c) => [c.token, c.suffix, c.start.line, c.start.column]), [['// indirect', true, 8, 28]]);
  assert.deepEqual([block.lparen.pos.line, block.lparen.pos.column, block.rparen.pos.line, block.rparen.pos.column], [7, 9, 10, 1]);
  // offset indexes the JavaScript string; byte counts UTF-8.
  const line = f.require[0]!.syntax;
  assert.equal(SAMPLE.slice(line.start.offset, line.end.offset), 'golang.org/x/text v0.14.0');
  const u = parseGoMod('module é.com/m // é\n');
  assert.deepEqual([u.module!.syntax.end.column, u.module!.syntax.end.byte, u.module!.syntax.end.offset], [15, 15, 14]);
  assert.deepEqual(u.syntax.stmts[0]?.comments.suffix.map((c) => [c.start.column, c.start.byte]), [[16, 16]]);
});

test('comment attachment follows modfile rules', () => {
  const text = 'module m\n\nrequire ( // on paren\n\t// before a\n\n\ta v1.0.0 // after a\n\n\t// before close\n) // after close\n\n// trailing\n';
  const syn = parseSyntax('go.mod', text);
  const block = syn.stmts[1];
  assert.ok(block?.kind === 'block');
  assert.deepEqual(block.lparen.comments.suffix.map((c) => c.token), ['// on paren']);
  assert.deepEqual(block.lines[0]?.comments.before.map((c) => c.token), ['// before a', '']);
  assert.deepEqual(block.lines[0]?.comments.suffix.map((c) => c.token), ['// after a']);
  assert.deepEqual(block.rparen.comments.before.map((c) => c.token), ['', '// before close']);
  assert.deepEqual(block.rparen.comments.suffix.map((c) => c.token), ['// after close']);
  const at = text.indexOf('// trailing');
  const pos = { line: 11, column: 1, byte: at, offset: at };
  assert.deepEqual(syn.stmts[2], { kind: 'comments', comments: { before: [{ start: pos, token: '// trailing', suffix: false }], suffix: [], after: [] }, start: pos });
  // A lone blank line before ")" is not kept.
  const b2 = parseSyntax('go.mod', 'require (\n\ta v1.0.0\n\n)\n').stmts[0];
  assert.ok(b2?.kind === 'block');
  assert.deepEqual(b2.rparen.comments.before, []);
  // CRLF endings are not part of comment text.
  const crlf = parseSyntax('go.mod', 'module m // x\r\n');
  assert.equal(crlf.stmts[0]?.comments.suffix[0]?.token, '// x');
});

test('lexer: parentheses mid-line, brackets, arrows, empty blocks', () => {
  const syn = parseSyntax('go.mod', 'a ( ) b\nc ( d\nretract [v1, v2]\nreplace x=>y\nrequire ( )\nfoo {x},y\n');
  assert.deepEqual(syn.stmts.map((s) => s.kind === 'comments' ? [] : s.tokens), [
    ['a', '(', ')', 'b'], ['c', '(', 'd'], ['retract', '[', 'v1', ',', 'v2', ']'], ['replace', 'x=>y'], ['require'], ['foo', '{', 'x', '}', ',', 'y'],
  ]);
  assert.equal(syn.stmts[4]?.kind, 'block');
  // Go reads an invalid UTF-8 byte as U+FFFD, which may appear in an identifier; a lone surrogate stands in for it.
  assert.equal(parseGoMod('module a\ud800b\n').module?.path, 'a\ud800b');
  const strs = parseSyntax('go.mod', 'module "a b" `c d` "e\\"f"\n').stmts[0];
  assert.deepEqual(strs?.kind === 'line' && strs.tokens, ['module', '"a b"', '`c d`', '"e\\"f"']);
});

test('lexical errors carry the go command\'s positions', () => {
  const cases: Array<[string, number, number, string]> = [
    ['module m /* x */\n', 1, 10, 'go.mod:1:10: mod files must use // comments (not /* */ comments)'],
    ['module m/*x\n', 1, 9, 'go.mod:1:9: mod files must use // comments (not /* */ comments)'],
    ['module "m\n', 1, 10, 'go.mod:1:10: unexpected newline in string'],
    ['module "m', 1, 8, 'go.mod:1:8: unexpected EOF in string'],
    ['module "m\\', 1, 8, 'go.mod:1:8: unexpected EOF in string'],
    ['module m\n\u0001\n', 2, 1, "go.mod:2: unexpected input character '\\x01'"],
    ['module m\n  \u200b', 2, 3, "go.mod:2:3: unexpected input character '\\u200b'"],
    ['require (\n\ta v1.0.0\n', 3, 1, 'go.mod:3: syntax error (unterminated block started at go.mod:1:1)'],
    ['require (\n\ta v1.0.0', 2, 10, 'go.mod:2:10: syntax error (unterminated block started at go.mod:1:1)'],
    ['require (\n) x y\n', 2, 4, 'go.mod:2:4: syntax error (expected newline after closing paren)'],
  ];
  for (const [text, line, column, message] of cases) {
    const e = errorOf(() => parseGoMod(text));
    assert.deepEqual([e.line, e.column, e.message, e.file], [line, column, message, 'go.mod'], JSON.stringify(text));
    assert.equal(e.errors.length, 1);
  }
});

test('directive errors: wording, prefixes, several at once', () => {
  const e = errorOf(() => parseGoMod('module m\nfoo\nrequire (\n\ta v2.0.0\n\tb\n)\nrequire c 1.0\n', 'dir/go.mod'));
  assert.deepEqual(e.errors.map((d) => d.text), [
    'dir/go.mod:2: unknown directive: foo',
    'dir/go.mod:4:2: require a: version "v2.0.0" invalid: should be v0 or v1, not v2',
    'dir/go.mod:5:2: usage: require module/path v1.2.3',
    'dir/go.mod:7: require c: version "1.0" invalid: must be of the form v1.2.3',
  ]);
  assert.deepEqual([e.file, e.line, e.column, e.reason], ['dir/go.mod', 2, 1, 'unknown directive: foo']);
  assert.deepEqual([e.errors[1]?.verb, e.errors[1]?.modPath, e.errors[1]?.reason], ['require', 'a', 'version "v2.0.0" invalid: should be v0 or v1, not v2']);
  const more: Array<[string, string]> = [
    ['replace a => b\n', 'go.mod:1: replacement module without version must be directory path (rooted or starting with . or ..)'],
    ['replace a v1.0.0\n', 'go.mod:1: usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory'],
    ['replace a/v1 => ./b\n', 'go.mod:1: replace a/v1: invalid module path'],
    ['require a/v1 v1.0.0\n', 'go.mod:1: invalid module path'],
    ['retract v1 v2\n', 'go.mod:1: unexpected token after version: "v2"'],
    ['retract "v1\\q"\n', 'go.mod:1: retract: version "\\"v1\\\\q\\"" invalid: invalid syntax'],
    ['module `m`\n', 'go.mod:1: invalid quoted string: unquoted string cannot contain quote'],
    ['tool a b\n', 'go.mod:1: tool directive expects exactly one argument'],
    ['godebug a="b"\n', 'go.mod:1: usage: godebug key=value'],
    ['go 1.2.3.4\n', "go.mod:1: invalid go version '1.2.3.4': must match format 1.23.0"],
    ['toolchain go2\n', "go.mod:1: invalid toolchain version 'go2': must match format go1.23.0 or default"],
    ['require x (\n)\n', 'go.mod:1: unknown block type: require x'],
    ['go (\n\t1.21\n)\n', 'go.mod:1: unknown block type: go'],
  ];
  for (const [text, message] of more) assert.equal(errorOf(() => parseGoMod(text)).message, message, text);
});

test('indirect comments', () => {
  const f = parseGoMod('require (\n\ta v1.0.0 // indirect\n\tb v1.0.0 //indirect\n\tc v1.0.0 // indirect; why\n\td v1.0.0 // indirect;\n\te v1.0.0 // Indirect\n\tf v1.0.0 // indirect why\n)\n');
  assert.deepEqual(f.require.map((r) => [r.path, r.indirect]), [['a', true], ['b', true], ['c', true], ['d', false], ['e', false], ['f', false]]);
});

test('deprecation and retraction rationale', () => {
  assert.equal(parseGoMod('// Deprecated: use v2.\nmodule m\n').module?.deprecated, 'use v2.');
  assert.equal(parseGoMod('// Intro.\n//\n// Deprecated: a\n// b\n//\n// Not this.\nmodule m\n').module?.deprecated, 'a\nb');
  assert.equal(parseGoMod('// NotDeprecated: x\nmodule m\n').module?.deprecated, '');
  assert.equal(parseGoMod('module (\n\t// Deprecated: block\n\tm\n)\n').module?.deprecated, 'block');
  const f = parseGoMod('module m\n// the block\nretract (\n\tv1.0.0\n\tv1.0.1 // own\n)\n');
  assert.deepEqual(f.retract.map((r) => r.rationale), ['the block', 'own']);
});

test('quoted strings use Go escapes; tokens are rewritten to their canonical spelling', () => {
  const f = parseGoMod('module "example.com/\\u006d"\nrequire "a.b/c" v1.2\nreplace a => "../dir x"\n');
  assert.equal(f.module?.path, 'example.com/m');
  assert.deepEqual(f.require[0]?.syntax.tokens, ['require', 'a.b/c', 'v1.2.0']);
  assert.deepEqual(f.replace[0]?.syntax.tokens, ['replace', 'a', '=>', '"../dir x"']);
  assert.equal(parseGoMod('module "a\\x41\\101\\t"\n').module?.path, 'aAA\t');
});

test('lax mode keeps what dependencies need and ignores the rest', () => {
  const text = 'module m\ngo 1.21rc1-extra\nfuture directive\nfuture (\n\tx\n)\nexclude a v0\nreplace a => nonsense\ntoolchain bogus\nretract [v1.0.0 open\nrequire a v1.0.0\nignore x\n';
  assert.throws(() => parseGoMod(text), GoModSyntaxError);
  const f = parseGoModLax(text);
  assert.equal(f.go?.version, '1.21');
  assert.equal(f.toolchain, undefined);
  assert.deepEqual([f.exclude.length, f.replace.length, f.retract.length, f.require.length, f.ignore.length], [0, 0, 0, 1, 1]);
  assert.equal(parseGoModLax('go v1.21.x\n').go?.version, '1.21');
  assert.throws(() => parseGoModLax('go 1\n'), { message: "go.mod:1: invalid go version '1': must match format 1.23.0" });
});

test('a version fixer canonicalises or rejects versions', () => {
  const fix = (path: string, v: string): string => {
    if (v === 'master') return 'v0.0.0-20240101000000-abcdefabcdef';
    if (v === 'bad') throw new ModuleError(path, v, new InvalidVersionError(v, 'unknown revision bad'));
    return v;
  };
  const f = parseGoMod('module m\nrequire a master\nretract master\n', 'go.mod', { fix });
  assert.equal(f.require[0]?.version, 'v0.0.0-20240101000000-abcdefabcdef');
  assert.equal(f.retract[0]?.low, 'v0.0.0-20240101000000-abcdefabcdef');
  assert.equal(errorOf(() => parseGoMod('module m\nrequire a bad\n', 'go.mod', { fix })).message,
    'go.mod:2: require a: version "bad" invalid: unknown revision bad');
  assert.equal(errorOf(() => parseGoMod('retract v1.0.0\n', 'go.mod', { fix })).message,
    'go.mod:1: no module directive found, so retract cannot be used');
  assert.equal(errorOf(() => parseGoMod('module m\nrequire a x\n', 'go.mod', { fix: () => { throw new Error('boom'); } })).message, 'go.mod:2: boom');
});

test('modulePath is tolerant of everything else', () => {
  assert.equal(modulePath('module `github.com/rsc/vgotest`\n'), 'github.com/rsc/vgotest');
  assert.equal(modulePath('module "github.com/rsc/vgotest"\n'), 'github.com/rsc/vgotest');
  assert.equal(modulePath('junk ( \nmodule x.y/z // c\nmore junk'), 'x.y/z');
  assert.equal(modulePath('modulex\n'), '');
  assert.equal(modulePath('module\n'), '');
  assert.equal(modulePath('module "x\n'), '');
  assert.equal(modulePath(''), '');
});

test('mustQuote, autoQuote, isDirectoryPath', () => {
  const quote: Array<[string, boolean]> = [
    ['', true], ['a b', true], ['a"b', true], ["a'b", true], ['a`b', true], ['(', false], ['()', true], ['a,b', true],
    ['a//b', true], ['a/*b', true], ['a\u00a0b', true], ['é', false], ['x.y/z', false],
  ];
  for (const [s, want] of quote) assert.equal(mustQuote(s), want, JSON.stringify(s));
  assert.equal(autoQuote('a b'), '"a b"');
  assert.equal(autoQuote('a\tb'), '"a\\tb"');
  assert.equal(autoQuote('x'), 'x');
  for (const d of ['.', '..', './x', '../x', '.\\x', '..\\x', '/x', '\\x', 'C:x', 'c:\\x']) assert.equal(isDirectoryPath(d), true, d);
  for (const d of ['x', '.x', '..x', 'x/.', '1:x', '']) assert.equal(isDirectoryPath(d), false, d);
});

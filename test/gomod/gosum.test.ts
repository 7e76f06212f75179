// go.sum reading and writing (spec §5.2), including the go command's own malformed-line error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  EMPTY_GO_MOD_HASH, formatGoSum, goSumHashes, GoSumSyntaxError, hasGoSum, malformedGoSumReasons, parseGoSum, verifyGoSum,
} from '../../src/gomod/gosum.ts';

const SUM = `golang.org/x/text v0.3.0 h1:g61tztE5qeGQ89tm6NTjjM9VPIm088od1l6aSorWRWg=
golang.org/x/text v0.3.0/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=
rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=
rsc.io/quote v1.5.2 h2:xyzzy
`;

test('lines, positions and lookups', () => {
  const s = parseGoSum(SUM);
  assert.equal(s.lines.length, 4);
  assert.deepEqual(s.lines[1], { path: 'golang.org/x/text', version: 'v0.3.0', goMod: true, hash: 'h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=', line: 2, column: 1 });
  assert.deepEqual(goSumHashes(s, 'golang.org/x/text', 'v0.3.0', true), ['h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=']);
  assert.deepEqual(goSumHashes(s, 'rsc.io/quote', 'v1.5.2'), ['h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=', 'h2:xyzzy']);
  assert.equal(hasGoSum(s, 'rsc.io/quote', 'v1.5.2'), true);
  assert.equal(hasGoSum(s, 'rsc.io/quote', 'v1.5.2', true), false);
  assert.equal(verifyGoSum(s, 'rsc.io/quote', 'v1.5.2', false, 'h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y='), 'match');
  assert.equal(verifyGoSum(s, 'rsc.io/quote', 'v1.5.2', false, 'h1:AAAAysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y='), 'mismatch');
  assert.equal(verifyGoSum(s, 'rsc.io/quote', 'v1.5.3', false, 'h1:x'), 'missing');
});

test('whitespace, blank lines, CRLF and the dropped empty go.mod hash', () => {
  const s = parseGoSum(`\n  a.b/c\tv1.0.0   h1:x=\r\n\n\u00a0a.b/c v1.0.0/go.mod ${EMPTY_GO_MOD_HASH}\nlast v1 h1:y=`);
  assert.deepEqual(s.lines.map((l) => [l.path, l.version, l.hash, l.line, l.column]), [['a.b/c', 'v1.0.0', 'h1:x=', 2, 3], ['last', 'v1', 'h1:y=', 5, 1]]);
  assert.deepEqual(s.dropped.map((l) => [l.line, l.column, l.goMod]), [[4, 2, true]]);
  assert.deepEqual(parseGoSum('').lines, []);
});

test('malformed lines: the go command\'s error, or skipped in tolerant mode', () => {
  const text = 'a.b/c v1.0.0 h1:x=\na.b/c v1.0.0\n\na b c d\n';
  try {
    parseGoSum(text, '/p/go.sum');
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof GoSumSyntaxError);
    assert.equal(e.message, 'malformed go.sum:\n/p/go.sum:2: wrong number of fields 2');
    assert.deepEqual([e.file, e.line, e.column, e.reason], ['/p/go.sum', 2, 1, 'wrong number of fields 2']);
    assert.deepEqual(e.errors.map((d) => d.line), [2, 4]);
  }
  const s = parseGoSum(text, 'go.sum', { tolerant: true });
  assert.equal(s.lines.length, 1);
  assert.deepEqual(s.skipped.map((d) => d.text), ['go.sum:2: wrong number of fields 2', 'go.sum:4: wrong number of fields 4']);
});

test('formatGoSum writes tidy order', () => {
  const lines = [
    { path: 'rsc.io/quote', version: 'v1.5.2', goMod: false, hash: 'h1:b=' },
    { path: 'golang.org/x/text', version: 'v0.10.0', goMod: false, hash: 'h1:t10=' },
    { path: 'golang.org/x/text', version: 'v0.3.0', goMod: true, hash: 'h1:m=' },
    { path: 'golang.org/x/text', version: 'v0.3.0', goMod: false, hash: 'h1:z=' },
    { path: 'rsc.io/quote', version: 'v1.5.2', goMod: false, hash: 'h1:a=' },
    { path: 'rsc.io/quote', version: 'v1.5.2', goMod: false, hash: 'h1:a=' },
  ];
  assert.equal(formatGoSum(lines), [
    'golang.org/x/text v0.3.0 h1:z=',
    'golang.org/x/text v0.3.0/go.mod h1:m=',
    'golang.org/x/text v0.10.0 h1:t10=',
    'rsc.io/quote v1.5.2 h1:a=',
    'rsc.io/quote v1.5.2 h1:b=',
    '',
  ].join('\n'));
  assert.equal(formatGoSum(parseGoSum(SUM).lines), SUM);
});

test('malformedGoSumReasons flags lines that can never match', () => {
  const [good, bad, short] = parseGoSum('rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\nBad 1.0 xyz\na.b/c v1.0.0 h1:short=\n').lines;
  assert.deepEqual(malformedGoSumReasons(good!), []);
  assert.deepEqual(malformedGoSumReasons(bad!), [
    'malformed module path "Bad": missing dot in first path element',
    'invalid version "1.0"',
    'hash "xyz" lacks an algorithm prefix',
  ]);
  assert.deepEqual(malformedGoSumReasons(short!), ['malformed h1 hash "h1:short="']);
});

const GO = '/usr/local/go/bin/go';
test('the go command reports the same malformed line', { skip: !existsSync(GO) && 'no go command' }, () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-gosum-')));
  try {
    const cases = ['a.b/c v1.0.0 h1:abc=\n\na.b/c v1.0.0/go.mod\n', 'x y\n', 'a.b/c v1.0.0 h1:x= extra\n', ' \t\n\ta b\r\n'];
    cases.forEach((sum, i) => {
      const dir = join(root, `m${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'go.mod'), 'module x.y/z\ngo 1.21\nrequire a.b/c v1.0.0\n');
      writeFileSync(join(dir, 'go.sum'), sum);
      const r = spawnSync(GO, ['list', '-m', 'all'], {
        cwd: dir, encoding: 'utf8', timeout: 60_000,
        env: { PATH: '/usr/bin:/bin', HOME: root, GOFLAGS: '', GOTOOLCHAIN: 'local', GOPROXY: 'off', GOWORK: 'off', GOPATH: join(root, 'gopath'), GOCACHE: join(root, 'cache'), GOENV: 'off' },
      });
      let ours = '';
      try {
        parseGoSum(sum, join(dir, 'go.sum'));
      } catch (e) {
        assert.ok(e instanceof GoSumSyntaxError);
        ours = e.message;
      }
      assert.equal(r.stderr.trimEnd(), ours, JSON.stringify(sum));
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

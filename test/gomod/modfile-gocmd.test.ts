// go.mod and go.work parsing against the real go command, offline: for each file, what
// `go mod edit -json` (or `go work edit -json`) reports must equal our parse, and a file the go
// command rejects must be rejected with the same error lines (same file:line[:column], same text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { parseGoMod, GoModSyntaxError, type GoModFile } from '../../src/gomod/modfile.ts';
import { parseGoWork, type GoWorkFile } from '../../src/gomod/gowork.ts';
import fc from 'fast-check';

const GO = process.env['GOTUNE_TEST_GOROOT'] ? join(process.env['GOTUNE_TEST_GOROOT'], 'bin', 'go') : '/usr/local/go/bin/go';
const haveGo = existsSync(GO);

const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-gomod-')));
const home = join(root, 'home');
mkdirSync(home);
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

let counter = 0;
interface GoResult { dir: string; stdout: string; stderr: string; status: number | null }

function runGo(fileName: 'go.mod' | 'go.work', text: string): Promise<GoResult> {
  const dir = join(root, `case${++counter}`);
  mkdirSync(dir);
  writeFileSync(join(dir, fileName), text);
  const args = fileName === 'go.mod' ? ['mod', 'edit', '-json'] : ['work', 'edit', '-json'];
  const env = {
    PATH: '/usr/bin:/bin', HOME: home, GOFLAGS: '', GOTOOLCHAIN: 'local', GOPROXY: 'off', GONOSUMDB: '', GOPATH: join(home, 'go'),
    GOENV: join(home, 'goenv'), GOCACHE: join(home, 'cache'), GOWORK: fileName === 'go.work' ? join(dir, 'go.work') : 'off', LANG: 'C',
  };
  return new Promise((resolve) => {
    execFile(GO, args, { cwd: dir, encoding: 'utf8', timeout: 60_000, env }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ dir, stdout, stderr, status });
    });
  });
}

/** What `go mod edit -json` prints, computed from our parse (including its duplicate removal). */
function modJSON(f: GoModFile): unknown {
  const out: Record<string, unknown> = {};
  out['Module'] = f.module?.deprecated ? { Path: f.module.path, Deprecated: f.module.deprecated } : { Path: f.module?.path ?? '' };
  if (f.go) out['Go'] = f.go.version;
  if (f.toolchain) out['Toolchain'] = f.toolchain.name;
  if (f.godebug.length) out['GoDebug'] = f.godebug.map((g) => ({ Key: g.key, Value: g.value }));
  const orNull = <T>(xs: T[]): T[] | null => (xs.length ? xs : null);
  out['Require'] = orNull(f.require.map((r) => ({ Path: r.path, Version: r.version, ...(r.indirect ? { Indirect: true } : {}) })));
  // SortBlocks removes duplicate excludes, tools and ignores (first wins) and replacements (last wins).
  const firstBy = <T>(xs: T[], key: (x: T) => string): T[] => xs.filter((x, i) => xs.findIndex((y) => key(y) === key(x)) === i);
  const lastBy = <T>(xs: T[], key: (x: T) => string): T[] => xs.filter((x, i) => xs.findLastIndex((y) => key(y) === key(x)) === i);
  const mv = (m: { path: string; version: string }): Record<string, string> => (m.version ? { Path: m.path, Version: m.version } : { Path: m.path });
  out['Exclude'] = orNull(firstBy(f.exclude, (x) => `${x.path}@${x.version}`).map((x) => ({ Path: x.path, Version: x.version })));
  out['Replace'] = orNull(lastBy(f.replace, (r) => `${r.old.path}@${r.old.version}`).map((r) => ({ Old: mv(r.old), New: mv(r.new) })));
  out['Retract'] = orNull(f.retract.map((r) => ({ Low: r.low, High: r.high, ...(r.rationale ? { Rationale: r.rationale } : {}) })));
  out['Tool'] = orNull(firstBy(f.tool, (t) => t.path).map((t) => ({ Path: t.path })));
  out['Ignore'] = orNull(firstBy(f.ignore, (t) => t.path).map((t) => ({ Path: t.path })));
  return out;
}

function workJSON(f: GoWorkFile): unknown {
  const out: Record<string, unknown> = {};
  if (f.go) out['Go'] = f.go.version;
  out['Use'] = f.use.length ? f.use.map((u) => ({ DiskPath: u.path })) : null;
  const lastBy = <T>(xs: T[], key: (x: T) => string): T[] => xs.filter((x, i) => xs.findLastIndex((y) => key(y) === key(x)) === i);
  const mv = (m: { path: string; version: string }): Record<string, string> => (m.version ? { Path: m.path, Version: m.version } : { Path: m.path });
  out['Replace'] = f.replace.length ? lastBy(f.replace, (r) => `${r.old.path}@${r.old.version}`).map((r) => ({ Old: mv(r.old), New: mv(r.new) })) : null;
  return out;
}

function compareWithGo(fileName: 'go.mod' | 'go.work', text: string, expectValid: boolean | undefined, g: GoResult): void {
  // go mod edit names the file by its full path; go work edit shortens it to the base name.
  const file = fileName === 'go.mod' ? join(g.dir, fileName) : fileName;
  let ours: unknown;
  let ourError: GoModSyntaxError | undefined;
  try {
    ours = fileName === 'go.mod' ? modJSON(parseGoMod(text, file)) : workJSON(parseGoWork(text, file));
  } catch (e) {
    if (!(e instanceof GoModSyntaxError)) throw e;
    ourError = e;
  }
  if (g.status === 0) {
    assert.equal(ourError, undefined, `go accepted but we rejected:\n${text}\n--- ours: ${ourError?.message}`);
    assert.deepEqual(ours, JSON.parse(g.stdout), `JSON differs for:\n${text}`);
    assert.ok(expectValid !== false, `case was expected to be invalid but go accepted it:\n${text}`);
  } else {
    assert.ok(ourError, `go rejected but we accepted:\n${text}\n--- go: ${g.stderr}`);
    // go work edit wraps the error list twice.
    const header = fileName === 'go.mod' ? 'go: errors parsing go.mod:\n' : 'go: errors parsing go.work:\nerrors parsing go.work:\n';
    assert.ok(g.stderr.startsWith(header), g.stderr);
    const goLines = g.stderr.slice(header.length).trimEnd();
    // The same line numbers first, then the same text.
    const lineNumbers = (s: string): string[] => [...s.matchAll(new RegExp(`${fileName.replace('.', '\\.')}:(\\d+)`, 'g'))].map((m) => m[1] as string);
    assert.deepEqual(ourError.errors.map((e) => String(e.line)), lineNumbers(goLines).slice(0, ourError.errors.length), `line numbers differ for:\n${text}`);
    assert.equal(ourError.message, goLines, `error text differs for:\n${text}`);
    assert.ok(expectValid !== true, `case was expected to be valid but go rejected it:\n${text}\n${g.stderr}`);
  }
}

// Files the go command accepts. Each exercises a different part of the grammar.
const validModFiles: string[] = [
  'module example.com/m\n',
  'module example.com/m\n\ngo 1.21\n',
  'module example.com/m\ngo 1.21.0\ntoolchain go1.22.1\n',
  'module example.com/m\ngo 1.22rc1\ntoolchain default\n',
  'module "example.com/quoted"\n',
  'module example.com/m\nrequire golang.org/x/text v0.3.0\n',
  'module example.com/m\nrequire (\n\tgolang.org/x/text v0.3.0 // indirect\n\trsc.io/quote v1.5.2\n)\n',
  'module example.com/m\nrequire (\n\ta.b/c v1.0.0 // indirect; for tests\n\ta.b/d v1.0.0 //indirect\n\ta.b/e v1.0.0 // indirectly\n\ta.b/f v1.0.0 // comment // indirect\n)\n',
  'module example.com/m\nrequire a.b/c/v2 v2.3.4\nrequire gopkg.in/yaml.v2 v2.2.8\nrequire gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405\n',
  'module example.com/m\nrequire github.com/x/y v17.0.0+incompatible\n',
  'module example.com/m\nrequire a.b/c v1.2\n', // non-canonical, canonicalised without a fixer
  'module example.com/m\nrequire a.b/c v1.2.3+meta\n',
  'module example.com/m\nrequire "a.b/c" "v1.0.0"\n',
  'module example.com/m\nrequire (\n)\n',
  'module example.com/m\nrequire ( )\n',
  'module example.com/m\nrequire () \n',
  'module example.com/m\nexclude a.b/c v1.0.0\nexclude (\n\ta.b/c v1.1.0\n\ta.b/c v1.0.0\n)\n',
  'module example.com/m\nreplace a.b/c => ../c\nreplace a.b/d v1.0.0 => x.y/z v1.2.0\nreplace (\n\ta.b/e => ./e\n\ta.b/f v1.0.0 => /abs/f\n\ta.b/c => ../c2\n)\n',
  'module example.com/m\nreplace a.b/c/v2 v2.0.0 => a.b/c v1.0.0\nreplace gopkg.in/yaml.v2 => C:/work/yaml\n',
  'module example.com/m\nreplace "a.b/c" => "../dir with space"\n',
  'module example.com/m\nretract v1.0.0\nretract [v1.1.0, v1.2.0] // too slow\n',
  'module example.com/m\n// Whole-line rationale.\n// Second line.\nretract v1.0.1\n',
  'module example.com/m\nretract (\n\t// block rationale\n\tv1.0.0\n\t[v1.1.0,v1.1.5] // own rationale\n\tv2.0.0+incompatible\n)\n',
  'module example.com/m\n// block-level\nretract (\n\tv1.0.0\n\tv1.0.1\n)\n',
  'module example.com/m\nretract anything-goes\n', // retract versions are not checked without a fixer
  '// Deprecated: use example.com/m/v2 instead.\nmodule example.com/m\n',
  'module example.com/m // Deprecated: in a suffix comment\n',
  '// Some text.\n//\n// Deprecated: second paragraph.\n// Continues.\nmodule example.com/m\n',
  '// Deprecated:no space\nmodule example.com/m\n',
  'module (\n\t// Deprecated: in a block\n\texample.com/m\n)\n',
  'module example.com/m\ngodebug default=go1.21\ngodebug (\n\tpanicnil=1\n\tasynctimerchan=0\n)\n',
  'module example.com/m\ngodebug x=\n',
  'module example.com/m\ntool example.com/m/cmd/a\ntool (\n\tgolang.org/x/tools/cmd/stringer\n\texample.com/m/cmd/a\n)\n',
  'module example.com/m\nignore ./node_modules\nignore (\n\tdist\n\t"with space"\n)\n',
  '\n\n   module    example.com/m   \n\n\n\tgo\t1.21\r\nrequire a.b/c v1.0.0\r\n',
  'module example.com/m\r\nrequire (\r\n\ta.b/c v1.0.0 // indirect\r\n)\r\n',
  'module example.com/m\nrequire a.b/c v1.0.0 // indirect', // no final newline
  '// only comments\n\n// more\nmodule example.com/m\n// trailing\n',
  'module example.com/m\nrequire (\n\n\ta.b/c v1.0.0\n\n\t// comment before\n\ta.b/d v1.0.0\n\n)\n',
  'module example.com/m\nrequire ( // suffix on paren\n\ta.b/c v1.0.0\n) // suffix on close\n',
  'module example.com/m\nrequire "a.b/\\x63" v1.0.0\n', // escapes inside interpreted strings
  'module example.com/m\nreplace a.b/c => a.b/c/v2 v2.0.0\nreplace a.b/d => ./d\nreplace a.b/d => ./d2\n',
  'module example.com/m\nexclude a.b/c v1.0.0\nexclude a.b/c v1.0.0\n',
  'module example.com/m\nrequire a.b/c v1.0.0\nrequire a.b/c v1.1.0\n', // duplicate requires are kept
  'module example.com/m\ngo 1.21\nrequire (\n\ta.b/c v1.0.0\n)\nrequire (\n\ta.b/d v1.0.0 // indirect\n)\n',
  'module example.com/m\nrequire a.b/c v1.0.0-20230101000000-abcdefabcdef\n',
  'module example.com/m\nrequire a.b/c v0.0.0-20230101000000-abcdefabcdef\n',
  '', // an empty file is a valid (if useless) go.mod for go mod edit
  'go 1.21\n', // no module line: go mod edit still prints JSON
  'module example.com/m\nrequire a.b/c v1.0.0 // indirect\nrequire a.b/d v1.0.0 // \n',
  'module example.com/m\ngo 1.21\ntoolchain go1.21\n',
  'module x\n', // no dot: CheckPath is not applied by the parser
  'module example.com/m\nretract ( // rationale on the paren\n\tv1.0.0\n)\n',
  'module example.com/m\nretract ( ) // empty\n',
  'module ( )\n',
  'module example.com/m\nrequire (\n\ta.b/c v1.0.0\t//\tindirect\t\n)\n',
  'module example.com/m\n// before\nrequire a.b/c v1.0.0 // indirect\n',
  'module example.com/m // Deprecated: suffix\n// not attached\n',
  '// Deprecated: first\n//\n// Deprecated: second\nmodule example.com/m\n',
  'module example.com/m\nrequire "a.b/c" v1.0.0 // "quoted" comment (with parens)\n',
  'module example.com/m\nreplace "a.b/c" "v1.0.0" => "x.y/z" "v1.1.0"\n',
  'module example.com/m\ntool "example.com/m/cmd/é"\nignore "dir/ü"\n',
  'module "example.com/ü"\n', // the parser does not validate the module path
  'module example.com/m\ngodebug (\n\t// comment\n\tx=y=z\n)\n',
  'module example.com/m\nretract [v1.0.0,v1.0.0]\nretract v1.0.0\n',
  'module example.com/m\nexclude (\n\ta.b/c v1.0.0\n\ta.b/c v1.2\n)\n',
  'module example.com/m\ngo 1.21 // the language version\ntoolchain go1.21.0 // pinned\n',
  'module example.com/m\nrequire (\n\ta.b/c v1.0.0 /\n)\n'.replace(' /\n', '\n'),
  '\t\tmodule\t\texample.com/m\t\t\n',
  // +incompatible is not checked against the major version by the parser, only kept.
  'module example.com/m\nrequire a.b/c v1.0.0+incompatible\n',
  'module example.com/m\nrequire a.b/c/v2 v2.0.0+incompatible\n',
];

// Files the go command rejects.
const invalidModFiles: string[] = [
  'module example.com/m\nfoo bar\n',
  'module example.com/m\nrequire a.b/c\n',
  'module example.com/m\nrequire a.b/c v1.0.0 extra\n',
  'module example.com/m\nrequire a.b/c 1.0.0\n',
  'module example.com/m\nrequire a.b/c v1.0.0-\n',
  'module example.com/m\nrequire a.b/c v2.0.0\n',
  'module example.com/m\nrequire a.b/c/v2 v1.0.0\n',
  'module example.com/m\nrequire a.b/c/v1 v1.0.0\n',
  'module example.com/m\nrequire (\n\ta.b/c v1.0.0\n\ta.b/d\n\ta.b/e vX\n)\n',
  'module example.com/m\nrequire a.b/c v1.0.0 /* c */\n',
  'module example.com/m\nrequire (\n\ta.b/c v1.0.0\n',
  'module example.com/m\nrequire (\n\ta.b/c v1.0.0\n) x\n',
  'module example.com/m\nrequire "a.b/c v1.0.0\n',
  'module example.com/m\nrequire "a.b/c',
  'module example.com/m\nrequire `a.b/c` v1.0.0\n',
  "module example.com/m\nrequire a.b/c'd v1.0.0\n",
  'module example.com/m\nrequire "a.b/\\q" v1.0.0\n',
  'module example.com/m\nrequire a.b/c "v1.\\q"\n',
  'module example.com/m\nmodule example.com/n\n',
  'module\n',
  'module a b\n',
  'module example.com/m\ngo 1.21\ngo 1.22\n',
  'module example.com/m\ngo 1.21 1.22\n',
  'module example.com/m\ngo v1.21\n',
  'module example.com/m\ngo 1.021\n',
  'module example.com/m\ntoolchain 1.21\n',
  'module example.com/m\ntoolchain go1.21\ntoolchain go1.22\n',
  'module example.com/m\ngodebug foo\n',
  'module example.com/m\ngodebug a=1,b=2\n',
  'module example.com/m\nreplace a.b/c\n',
  'module example.com/m\nreplace a.b/c => x.y/z\n',
  'module example.com/m\nreplace a.b/c => x.y/z@v1.0.0\n',
  'module example.com/m\nreplace a.b/c => ../c v1.0.0\n',
  'module example.com/m\nreplace a.b/c => ..\\c\n',
  'module example.com/m\nreplace a.b/c v1.0.0 => C:\\work\\c v1.0.0\n',
  'module example.com/m\nreplace a.b/c v1.0.0 => C:\\work\\c\n',
  'module example.com/m\nreplace a.b/c v2.0.0 => ../c\n',
  'module example.com/m\nretract\n',
  'module example.com/m\nretract [v1.0.0\n',
  'module example.com/m\nretract [v1.0.0, v1.1.0\n',
  'module example.com/m\nretract [v1.0.0 v1.1.0]\n',
  'module example.com/m\nretract v1.0.0 v1.1.0\n',
  'module example.com/m\nretract (v1.0.0)\n',
  'module example.com/m\ntool\n',
  'module example.com/m\nignore a b\n',
  'module example.com/m\nrequire a.b/c v1.0.0 {\n',
  'module example.com/m\nfoo (\n\tbar\n)\n',
  'module example.com/m\nrequire x (\n\tbar\n)\n',
  'module example.com/m\n\u000b\n',
  'module example.com/m\nrequire a.b/c v1.0.0\u00a0\n',
  'module example.com/m\nbad1\nbad2 x\nrequire a v2.0.0\n',
  'module example.com/m\nrequire (\n\ta.b/c v1.0.0 // ok\n\t"bad v1.0.0\n)\n',
  'module example.com/m\nrequire a.b/c v1.0.0 /',
  '\ufeffmodule example.com/m\n',
  'module example.com/m\n\frequire a.b/c v1.0.0\n',
  'module example.com/m\nrequire a.b/c v1.0.0}\n',
  'module example.com/m\nrequire a.b/c v1.0.0\u2028\n',
  'module example.com/m\nrequire (\n\ta.b/c v1.0.0 ) \n)\n',
  'module example.com/m\nrequire ( a.b/c v1.0.0 )\n',
  'module example.com/m\nrequire (\n\t`a.b/c` v1.0.0\n)\n',
  'module example.com/m\nexclude a.b/c latest\n',
  'module example.com/m\nreplace a.b/c v1 => ../c\nreplace a.b/c v1.0.0 => x.y/z v1\nreplace a.b/c v1.0.0 => x.y/z master\n',
  'module example.com/m\nretract [v1.0.0, v1.1.0] extra\n',
  'module example.com/m\nretract [ , v1.0.0]\n',
  'module example.com/m\nmodule (\n\texample.com/n\n)\n',
  'module example.com/m\ntoolchain\n',
  'module example.com/m\nignore\nignore "a\\z"\n',
  'module example.com/m\ngodebug "a=b"\n',
  'module example.com/m\nrequire (\n\t"a.b/c\n)\n',
  'module example.com/m\nrequire (\n\ta.b/c v1.0.0\n\n\n',
];

const validWorkFiles: string[] = [
  'go 1.21\n',
  'go 1.21\n\nuse ./a\nuse (\n\t./b\n\t"./with space"\n\t../c // comment\n)\n',
  'go 1.22\ntoolchain go1.22.3\ngodebug default=go1.21\nuse .\n',
  'go 1.21\nuse ./a\nreplace a.b/c => ./c\nreplace (\n\ta.b/d v1.0.0 => x.y/z v1.2.0\n)\n',
  '',
];

const invalidWorkFiles: string[] = [
  'go 1.21\nuse\n',
  'go 1.21\nuse a b\n',
  'go 1.21\nrequire a.b/c v1.0.0\n',
  'go 1.21\nmodule x\n',
  'go 1.21\nuse (\n\t./a\n',
  'go 1.21\nexclude (\n\ta v1.0.0\n)\n',
  'go 1.21\ngo 1.22\n',
];

/** Runs every case and reports all disagreements together. */
async function compareAll(fileName: 'go.mod' | 'go.work', texts: string[], expectValid: boolean | undefined): Promise<void> {
  // A few go processes at a time: each is short, and most of its time is start-up.
  const results: GoResult[] = new Array(texts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < texts.length) {
      const i = next++;
      results[i] = await runGo(fileName, texts[i] as string);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  const failures: string[] = [];
  texts.forEach((text, i) => {
    try {
      compareWithGo(fileName, text, expectValid, results[i] as GoResult);
    } catch (e) {
      failures.push((e as Error).message);
    }
  });
  assert.deepEqual(failures, []);
}

test('go.mod files the go command accepts parse to the same content', { skip: !haveGo && 'no go command' }, async () => {
  assert.ok(validModFiles.length >= 30);
  await compareAll('go.mod', validModFiles, true);
});

test('go.mod files the go command rejects are rejected with the same errors', { skip: !haveGo && 'no go command' }, async () => {
  assert.ok(invalidModFiles.length >= 30);
  await compareAll('go.mod', invalidModFiles, false);
});

test('go.work files agree with go work edit', { skip: !haveGo && 'no go command' }, async () => {
  await compareAll('go.work', validWorkFiles, true);
  await compareAll('go.work', invalidWorkFiles, false);
});

// Random edits of a file that uses most of the grammar; a fixed seed keeps failures reproducible.
const MUTATION_BASE = '// Deprecated: use v2\nmodule example.com/m\n\ngo 1.21\ntoolchain go1.22.0\n\nrequire (\n\ta.b/c v1.0.0 // indirect\n\t"x.y/z" v1.2.3\n)\n\nreplace a.b/c v1.0.0 => ../c\nretract [v1.0.0, v1.0.1] // oops\nexclude a.b/c v0.9.0\ngodebug a=b\ntool x.y/z/cmd\nignore dir\n';
const PIECES = ['(', ')', '[', ']', ',', '"', '`', '\\', '/', '*', '\n', '\r', '\t', ' ', '=>', '//', '/*', 'v1.0.0', 'v2', '+incompatible', 'require', 'module', 'retract', 'replace', 'é', '@', '.', '-', 'x', 'indirect'];
const WORK_MUTATION_BASE = 'go 1.21\ntoolchain go1.22.0\ngodebug a=b\n\nuse (\n\t./a // first\n\t"./b c"\n)\nuse ../d\nreplace a.b/c v1.0.0 => ./c\n';
function mutations(count: number, seed: number, base = MUTATION_BASE): string[] {
  const edit = fc.tuple(fc.nat(base.length), fc.nat(6), fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((a) => a.join('')));
  const arb = fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let s = base;
    for (const [at, del, ins] of edits) {
      const i = Math.min(at, s.length);
      s = s.slice(0, i) + ins + s.slice(i + del);
    }
    return s;
  });
  return fc.sample(arb, { numRuns: count, seed });
}

test('randomly edited go.mod files: same verdict, content and errors as the go command', { skip: !haveGo && 'no go command' }, async () => {
  // GOTUNE_GOMOD_SEED explores other edits when run by hand.
  await compareAll('go.mod', mutations(100, Number(process.env['GOTUNE_GOMOD_SEED'] ?? 20261126)), undefined);
});

test('randomly edited go.work files agree with go work edit', { skip: !haveGo && 'no go command' }, async () => {
  await compareAll('go.work', mutations(40, Number(process.env['GOTUNE_GOMOD_SEED'] ?? 20261126), WORK_MUTATION_BASE), undefined);
});

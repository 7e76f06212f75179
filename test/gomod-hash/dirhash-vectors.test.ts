import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { hash1, hash1FromDigests, hashDir, hashGoMod, hashZip, DirHashError } from '../../src/gomod/dirhash.ts';
import { buildModuleZip, isVendoredPackage, writeZip } from './zip-writer.ts';
import { parseTxtar } from './txtar.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'create');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'gotune-dirhash-'));
}

test('Hash1 of two files, plain and prefixed names (spec 5.1 example 1)', async () => {
  const open = (name: string): Buffer => Buffer.from(`data for ${name.slice(name.lastIndexOf('/') + 1)}`);
  assert.equal(await hash1(['xyz', 'abc'], open), 'h1:EP6WfDoQTSk9klnxcjriWJOGztueJUywHNmWeq+efB8=');
  assert.equal(await hash1(['prefix/xyz', 'prefix/abc'], open), 'h1:rLyfpGMAgqOnGE2aKOY5Xb6cOc0/YQhPjHBHBwkblhs=');
});

test('Hash1 accepts chunked and async sources', async () => {
  const whole = await hash1(['abc'], () => Buffer.from('data for abc'));
  assert.equal(await hash1(['abc'], () => [Buffer.from('data '), Buffer.from('for abc')]), whole);
  assert.equal(
    await hash1(['abc'], async () => (async function* () {
      yield Buffer.from('data for');
      yield Buffer.from(' abc');
    })()),
    whole,
  );
});

test('Hash1 rejects names with newlines', async () => {
  await assert.rejects(hash1(['a\nb'], () => Buffer.alloc(0)), DirHashError);
});

test('Hash1 sorts by UTF-8 bytes, not UTF-16 code units', async () => {
  // U+FFFD (EF BF BD) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
  const d = Buffer.alloc(32);
  const a = hash1FromDigests([{ name: '\u{1F600}', sha256: d }, { name: '\uFFFD', sha256: d }]);
  const b = hash1FromDigests([{ name: '\uFFFD', sha256: d }, { name: '\u{1F600}', sha256: d }]);
  assert.equal(a, b);
  const { createHash } = await import('node:crypto');
  const summary = `${d.toString('hex')}  \uFFFD\n${d.toString('hex')}  \u{1F600}\n`;
  assert.equal(a, 'h1:' + createHash('sha256').update(summary).digest('base64'));
});

test('go.mod hashes (spec 5.1 examples 2 and 3)', () => {
  assert.equal(hashGoMod(Buffer.alloc(0)), 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=');
  assert.equal(hashGoMod('module golang.org/x/text\n'), 'h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=');
  assert.equal(hashGoMod('module example.com/m\n\ngo 1.13\n'), 'h1:UWkIka9t4wTRf5TZ+sRdwnADRAp+U7R9A2lAeNEx1cA=');
});

test('isVendoredPackage (spec 4 vectors)', () => {
  const cases: [string, boolean, boolean][] = [
    // name, before 1.24, from 1.24
    ['vendor/foo/foo.go', true, true],
    ['pkg/vendor/foo/foo.go', true, true],
    ['vendor/vendor.go', false, false],
    ['vendor/modules.txt', false, true],
    ['pkg/vendor/vendor.go', true, false],
    ['longpackagename/vendor/vendor.go', true, false],
  ];
  for (const [name, old, now] of cases) {
    assert.equal(isVendoredPackage(name, '1.13'), old, `${name} go 1.13`);
    assert.equal(isVendoredPackage(name, '1.24'), now, `${name} go 1.24`);
  }
});

const goldens = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort();
test('zip golden hashes from golang.org/x/mod/zip testdata (spec 4)', async (t) => {
  assert.equal(goldens.length, 6);
  for (const f of goldens) {
    await t.test(f, async () => {
      const ar = parseTxtar(readFileSync(join(FIXTURES, f), 'utf8'));
      const meta = Object.fromEntries(ar.comment.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]));
      const dir = tmp();
      try {
        const zipPath = join(dir, 'm.zip');
        writeFileSync(zipPath, buildModuleZip(meta['path']!, meta['version']!, ar.files));
        assert.equal(await hashZip(zipPath), meta['hash']);
        // The extracted tree hashes the same as the zip.
        const tree = join(dir, 'tree');
        const { openModuleZip } = await import('../../src/gomod/zip.ts');
        const z = await openModuleZip(zipPath);
        for (const e of z.entries) {
          const p = join(tree, e.name.slice(z.prefix!.length));
          mkdirSync(dirname(p), { recursive: true });
          writeFileSync(p, await z.readEntry(e));
        }
        await z.close();
        mkdirSync(tree, { recursive: true });
        assert.equal(await hashDir(tree, `${meta['path']}@${meta['version']}`), meta['hash']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

test('simple.txt summary lines match the spec', async () => {
  const ar = parseTxtar(readFileSync(join(FIXTURES, 'simple.txt'), 'utf8'));
  const { createHash } = await import('node:crypto');
  const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
  assert.equal(sha(ar.files.get('cmd/hello/hello.go')!), 'f1868ed04217ac19134f41bdb3a67a65972be724c299874b05def243590fafba');
  assert.equal(sha(ar.files.get('go.mod')!), '495dc8e1682d81f1c2a1e5a2b610449532463113e482d908a03cedf64ae218c2');
  assert.equal(sha(ar.files.get('m.go')!), 'e9e9992a805f84be093b8d608743348b37754652fb6af73117a645793c194b37');
  assert.equal(hashGoMod(ar.files.get('go.mod')!), 'h1:UWkIka9t4wTRf5TZ+sRdwnADRAp+U7R9A2lAeNEx1cA=');
});

test('HashZip counts directory entries as empty files and ignores compression and order', async () => {
  const dir = tmp();
  try {
    const p = (n: string): string => join(dir, n);
    const prefix = 'example.com/m@v1.0.0/';
    writeFileSync(p('a.zip'), writeZip([
      { name: prefix + 'b.go', data: 'package b\n', method: 0 },
      { name: prefix + 'a.go', data: 'package a\n', method: 8, dataDescriptor: true },
    ]));
    writeFileSync(p('b.zip'), writeZip([
      { name: prefix + 'a.go', data: 'package a\n', method: 0, zip64: true },
      { name: prefix + 'b.go', data: 'package b\n', method: 8 },
    ], { zip64End: true, comment: 'hello' }));
    const h = await hashZip(p('a.zip'));
    assert.equal(await hashZip(p('b.zip')), h);
    assert.equal(h, await hash1([prefix + 'a.go', prefix + 'b.go'], (n) => Buffer.from(`package ${n.slice(-4, -3)}\n`)));
    writeFileSync(p('c.zip'), writeZip([
      { name: prefix + 'a.go', data: 'package a\n' },
      { name: prefix + 'sub/', data: '' , method: 0},
      { name: prefix + 'b.go', data: 'package b\n' },
    ]));
    assert.equal(await hashZip(p('c.zip')), await hash1([prefix + 'a.go', prefix + 'b.go', prefix + 'sub/'], (n) => n.endsWith('/') ? Buffer.alloc(0) : Buffer.from(`package ${n.slice(-4, -3)}\n`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('HashZip without module rules: duplicates hash the last entry once per occurrence, raw name bytes', async () => {
  const dir = tmp();
  try {
    const z = join(dir, 'd.zip');
    const latin1Name = Buffer.from([0x61, 0xe9]); // "a\xe9", not UTF-8
    writeFileSync(z, writeZip([
      { name: 'x', data: 'first' },
      { name: latin1Name, data: 'raw' },
      { name: 'x', data: 'second' },
    ]));
    await assert.rejects(hashZip(z), /not valid UTF-8|module@version/);
    const { createHash } = await import('node:crypto');
    const d = (s: string): Buffer => createHash('sha256').update(s).digest();
    assert.equal(await hashZip(z, { moduleRules: false }), hash1FromDigests([
      { name: 'x', sha256: d('second') },
      { name: latin1Name, sha256: d('raw') },
      { name: 'x', sha256: d('second') },
    ]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('HashDir: symlinks to files are followed, to directories and dangling ones are errors, FIFOs are refused', async () => {
  const dir = tmp();
  try {
    const root = join(dir, 'm');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, 'sub', 'real.txt'), 'real\n');
    symlinkSync('sub/real.txt', join(root, 'link.txt'));
    assert.equal(await hashDir(root, 'p@v1.0.0'), await hash1(['p@v1.0.0/sub/real.txt', 'p@v1.0.0/link.txt'], () => Buffer.from('real\n')));
    symlinkSync('sub', join(root, 'dirlink'));
    await assert.rejects(hashDir(root, 'p@v1.0.0'), /is a directory/);
    rmSync(join(root, 'dirlink'));
    symlinkSync('nowhere', join(root, 'dangling'));
    await assert.rejects(hashDir(root, 'p@v1.0.0'), DirHashError);
    rmSync(join(root, 'dangling'));
    const { spawnSync } = await import('node:child_process');
    if (spawnSync('mkfifo', [join(root, 'fifo')]).status === 0) {
      await assert.rejects(hashDir(root, 'p@v1.0.0'), /not a regular file/);
    }
    await assert.rejects(hashDir(join(root, 'sub', 'real.txt'), 'p'), /not a directory/);
    // As with Go's filepath.Walk, a root that is a link to a directory is not walked.
    symlinkSync(root, join(dir, 'rootlink'));
    await assert.rejects(hashDir(join(dir, 'rootlink'), 'p'), /not a directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('HashDir streams a file larger than its read buffer', async () => {
  const dir = tmp();
  try {
    const big = Buffer.alloc(5 * 1024 * 1024 + 17, 7);
    writeFileSync(join(dir, 'big.bin'), big);
    assert.equal(await hashDir(dir, 'p@v1'), await hash1(['p@v1/big.bin'], () => big));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

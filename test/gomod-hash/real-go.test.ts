// Agreement with the real go command, offline: module zips published as a file:// GOPROXY,
// fetched with `go mod download` and `go get`, then hashed here and compared with what go wrote.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashDir, hashGoMod, hashZip } from '../../src/gomod/dirhash.ts';
import { openModuleZip, ZipFormatError } from '../../src/gomod/zip.ts';
import { buildModuleZip, writeZip, type RawZipEntry } from './zip-writer.ts';
import { GO, hasGo, goEnv, goModDownload, publish, pseudoRandomBytes, type ModuleShape, type DownloadResult } from './goproxy-fixture.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

const skip = hasGo ? false : `no go command at ${GO}`;

function files(obj: Record<string, Buffer | string>): Map<string, Buffer | string> {
  return new Map(Object.entries(obj));
}
const goModFor = (path: string, go = '1.21'): string => `module ${path}\n\ngo ${go}\n`;
const pkg = (name: string): string => `package ${name}\n`;

function withGoMod(path: string, version: string, rest: Record<string, Buffer | string>, go?: string): ModuleShape {
  const goMod = goModFor(path, go);
  return { path, version, goMod, files: files({ 'go.mod': goMod, ...rest }) };
}

function rawZip(path: string, version: string, entries: (Omit<RawZipEntry, 'name'> & { name: string })[], goMod?: string): ModuleShape {
  const prefix = `${path}@${version}/`;
  return { path, version, goMod, files: new Map(), zip: writeZip(entries.map((e) => ({ ...e, name: prefix + e.name }))) };
}

/** Module shapes Go accepts. */
function goodShapes(): ModuleShape[] {
  const big = pseudoRandomBytes(6 * 1024 * 1024 + 3, 42);
  const compressible = Buffer.alloc(9 * 1024 * 1024, 'gotune module zip ');
  return [
    withGoMod('example.com/simple', 'v1.0.0', { 'm.go': pkg('simple') }),
    withGoMod('example.com/nested', 'v1.2.3', { 'a/b/c/d/e.go': pkg('e'), 'a/b/x.go': pkg('b'), 'a/y.txt': 'y\n', 'root.go': pkg('nested') }),
    withGoMod('example.com/unicode', 'v0.1.0', { 'données/été.txt': 'é\n', '日本語/文字.go': pkg('x'), 'Ünïcödé.md': '# u\n', 'ελληνικά/α.txt': 'alpha' }),
    withGoMod('example.com/empty-files', 'v1.0.0', { 'empty.go': '', 'dir/empty.txt': '', 'x.go': pkg('x') }),
    withGoMod('example.com/large', 'v1.0.0', { 'blob.bin': big, 'text.txt': compressible, 'small.go': pkg('large') }),
    withGoMod('example.com/vendor-old', 'v1.0.0', {
      'm.go': pkg('m'), 'vendor/modules.txt': '# kept before go 1.24\n', 'vendor/example.com/x/x.go': pkg('x'),
      'pkg/vendor/v.go': pkg('v'), 'sub/vendor/sub.txt': 'sub\n',
    }, '1.13'),
    withGoMod('example.com/vendor-new', 'v1.0.0', {
      'm.go': pkg('m'), 'vendor/modules.txt': '# dropped from go 1.24\n', 'vendor/example.com/x/x.go': pkg('x'),
      'pkg/vendor/v.go': pkg('v'), 'sub/vendor/sub.txt': 'sub\n', 'vendor/top.go': pkg('vendor'),
    }, '1.24'),
    withGoMod('example.com/nested-module', 'v1.0.0', {
      'm.go': pkg('m'), 'inner/go.mod': 'module example.com/nested-module/inner\n', 'inner/i.go': pkg('inner'),
      'other/GO.MOD': 'module other\n', 'other/o.go': pkg('o'), 'kept/k.go': pkg('k'),
    }),
    withGoMod('example.com/UpperCase/Module', 'v1.0.0', { 'Upper.go': pkg('upper') }),
    withGoMod('example.com/paths', 'v1.0.0', { 'Docs/README.MD': '# R\n', 'API/V1/Types.go': pkg('v1'), 'lower/UPPER.txt': 'U' }),
    { path: 'example.com/nogomod', version: 'v1.0.0', files: files({ 'legacy.go': pkg('legacy') }) },
    { path: 'example.com/incompat', version: 'v2.0.0+incompatible', files: files({ 'i.go': pkg('incompat'), 'LICENSE': 'MIT\n' }) },
    withGoMod('example.com/license', 'v1.0.0', { 'LICENSE': 'Apache-2.0\n'.repeat(1000), 'sub/LICENSE': 'BSD\n', 'l.go': pkg('license') }),
    withGoMod('example.com/major/v2', 'v2.1.0', { 'm.go': pkg('major') }),
    withGoMod('example.com/pseudo', 'v0.0.0-20240102030405-abcdef123456', { 'p.go': pkg('pseudo') }),
    withGoMod('example.com/prerelease', 'v1.0.0-RC1', { 'p.go': pkg('prerelease') }),
    withGoMod('example.com/Mixed-Case_path~x', 'v1.0.0-Beta.2', { 'x.go': pkg('x') }),
    withGoMod('example.com/punct', 'v1.0.0', { 'a b/c d.txt': 'space', "x!#$%&()+,-=@[]^_{}~.txt": 'punct', '.hidden/.file': 'dot' }),
    withGoMod('example.com/hgarchival', 'v1.0.0', { '.hg_archival.txt': 'repo: x\n', 'h.go': pkg('h'), 'sub/.hg_archival.txt': 'kept\n' }),
    withGoMod('example.com/gomoddir', 'v1.0.0', { 'go.mod.d/a.go': pkg('a'), 'x/go.sum': 'not a go.mod\n' }),
    withGoMod('example.com/many', 'v1.0.0', Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`d${i % 17}/f${i}.go`, pkg(`d${i % 17}`) + `// ${i}\n`]))),
    withGoMod('example.com/deep', 'v1.0.0', { [Array.from({ length: 30 }, (_, i) => `l${i}`).join('/') + '/deep.txt']: 'deep' }),
    withGoMod('example.com/binary', 'v1.0.0', { 'data/zero.bin': Buffer.alloc(70000), 'data/ff.bin': Buffer.alloc(3000, 0xff), 'data/rand.bin': pseudoRandomBytes(200_000, 7) }),
    withGoMod('gopkg.in/example.v3', 'v3.0.1', { 'e.go': pkg('example') }),
    withGoMod('example.com/crlf', 'v1.0.0', { 'w.txt': 'line1\r\nline2\r\n', 'nonl.txt': 'no newline at end' }),
    // Zips written with features Go's own writer does not use, but Go's reader accepts.
    rawZip('example.com/descriptors', 'v1.0.0', [
      { name: 'go.mod', data: goModFor('example.com/descriptors'), dataDescriptor: true },
      { name: 'a.go', data: pkg('a'), dataDescriptor: true, method: 0 },
      { name: 'b.go', data: pkg('b'), method: 0 },
    ], goModFor('example.com/descriptors')),
    rawZip('example.com/zip64', 'v1.0.0', [
      { name: 'go.mod', data: goModFor('example.com/zip64'), zip64: true },
      { name: 'z.go', data: pkg('z'), zip64: true, method: 0 },
    ], goModFor('example.com/zip64')),
    rawZip('example.com/direntries', 'v1.0.0', [
      { name: 'go.mod', data: goModFor('example.com/direntries') },
      { name: 'sub/', data: '', method: 0 },
      { name: 'sub/s.go', data: pkg('sub') },
    ], goModFor('example.com/direntries')),
    { path: 'example.com/emptymod', version: 'v1.0.0', goMod: '', files: files({ 'go.mod': '', 'e.go': pkg('e') }) },
  ];
}

/** Zips Go refuses, each with the reason our reader must also refuse. */
function badShapes(): { shape: ModuleShape; code: string }[] {
  const gm = (p: string): string => goModFor(p);
  const bad = (p: string, code: string, entries: (Omit<RawZipEntry, 'name'> & { name: string })[], prefixOverride?: string): { shape: ModuleShape; code: string } => {
    const prefix = prefixOverride ?? `${p}@v1.0.0/`;
    return { code, shape: { path: p, version: 'v1.0.0', goMod: gm(p), files: new Map(), zip: writeZip(entries.map((e) => ({ ...e, name: e.name.startsWith('/') || e.name.startsWith('!') ? e.name.replace(/^!/, '') : prefix + e.name }))) } };
  };
  return [
    bad('example.com/bad/outside', 'prefix', [{ name: 'go.mod', data: gm('example.com/bad/outside') }, { name: '!evil.go', data: pkg('evil') }]),
    bad('example.com/bad/otherprefix', 'prefix', [{ name: 'go.mod', data: gm('x') }], 'example.com/other@v1.0.0/'),
    bad('example.com/bad/traversal', 'invalid-path', [{ name: 'go.mod', data: gm('example.com/bad/traversal') }, { name: '../../evil.go', data: pkg('evil') }]),
    bad('example.com/bad/dotdot', 'invalid-path', [{ name: 'go.mod', data: gm('example.com/bad/dotdot') }, { name: 'a/../b.go', data: pkg('b') }]),
    bad('example.com/bad/backslash', 'invalid-path', [{ name: 'go.mod', data: gm('example.com/bad/backslash') }, { name: 'a\\b.go', data: pkg('b') }]),
    bad('example.com/bad/badchar', 'invalid-path', [{ name: 'go.mod', data: gm('example.com/bad/badchar') }, { name: 'a:b.go', data: pkg('b') }]),
    bad('example.com/bad/winname', 'invalid-path', [{ name: 'go.mod', data: gm('example.com/bad/winname') }, { name: 'aux.go', data: pkg('b') }]),
    bad('example.com/bad/dup', 'collision', [{ name: 'go.mod', data: gm('example.com/bad/dup') }, { name: 'a.go', data: pkg('a') }, { name: 'a.go', data: pkg('a') }]),
    bad('example.com/bad/casefold', 'collision', [{ name: 'go.mod', data: gm('example.com/bad/casefold') }, { name: 'm.go', data: pkg('a') }, { name: 'M.GO', data: pkg('a') }]),
    bad('example.com/bad/kelvin', 'collision', [{ name: 'go.mod', data: gm('example.com/bad/kelvin') }, { name: 'k.go', data: pkg('a') }, { name: '\u212A.go', data: pkg('a') }]),
    bad('example.com/bad/filedir', 'collision', [{ name: 'go.mod', data: gm('example.com/bad/filedir') }, { name: 'a', data: 'x' }, { name: 'a/b.go', data: pkg('b') }]),
    bad('example.com/bad/nestedgomod', 'go-mod', [{ name: 'go.mod', data: gm('example.com/bad/nestedgomod') }, { name: 'sub/go.mod', data: 'module sub\n' }]),
    bad('example.com/bad/capgomod', 'go-mod', [{ name: 'GO.MOD', data: gm('example.com/bad/capgomod') }]),
    bad('example.com/bad/crc', 'crc', [{ name: 'go.mod', data: gm('example.com/bad/crc') }, { name: 'a.go', data: pkg('a'), crc: 12345 }]),
    bad('example.com/bad/longer', 'size-mismatch', [{ name: 'go.mod', data: gm('example.com/bad/longer') }, { name: 'a.go', data: 'package a\n// much longer than declared\n', declaredSize: 5 }]),
    bad('example.com/bad/shorter', 'size-mismatch', [{ name: 'go.mod', data: gm('example.com/bad/shorter') }, { name: 'a.go', data: pkg('a'), declaredSize: 500 }]),
    bad('example.com/bad/bigmod', 'too-large', [{ name: 'go.mod', data: Buffer.concat([Buffer.from(gm('example.com/bad/bigmod')), Buffer.alloc(16 * 1024 * 1024 + 1 - gm('example.com/bad/bigmod').length, 0x20)]) }]),
    bad('example.com/bad/biglicense', 'too-large', [{ name: 'go.mod', data: gm('example.com/bad/biglicense') }, { name: 'LICENSE', data: Buffer.alloc(16 * 1024 * 1024 + 1, 0x20) }]),
    bad('example.com/bad/method', 'unsupported', [{ name: 'go.mod', data: gm('example.com/bad/method') }, { name: 'a.go', data: pkg('a') }]),
  ].map((b) => {
    if (b.shape.path === 'example.com/bad/method') {
      // Patch the compression method to 12 (bzip2) in both headers.
      const z = Buffer.from(b.shape.zip!);
      for (let i = 0; i + 4 <= z.length; i++) {
        const sig = z.readUInt32LE(i);
        if (sig === 0x04034b50 && z.readUInt16LE(i + 8) === 8) z.writeUInt16LE(12, i + 8);
        if (sig === 0x02014b50 && z.readUInt16LE(i + 10) === 8) z.writeUInt16LE(12, i + 10);
      }
      b.shape.zip = z;
    }
    return b;
  });
}

let root = '';
let env: Record<string, string> = {};
let good: ModuleShape[] = [];
let goodResults: DownloadResult[] = [];

before(() => {
  if (skip) return;
  root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-realgo-')));
  const proxy = join(root, 'proxy');
  good = goodShapes();
  const bads = badShapes();
  publish(proxy, [...good, ...bads.map((b) => b.shape)], (m) => buildModuleZip(m.path, m.version, m.files));
  env = goEnv(root, proxy);
  mkdirSync(join(root, 'home'), { recursive: true });
  mkdirSync(join(root, 'work'), { recursive: true });
  goodResults = goModDownload(env, join(root, 'work'), good.map((m) => `${m.path}@${m.version}`));
});

after(() => {
  if (!root) return;
  removeGoTree(root);
});

test('at least 25 module shapes are downloaded by the real go', { skip }, () => {
  assert.ok(good.length >= 25, `only ${good.length} shapes`);
  const failed = goodResults.filter((r) => r.Error);
  assert.deepEqual(failed.map((r) => `${r.Path}@${r.Version}: ${r.Error}`), []);
  assert.equal(goodResults.length, good.length);
});

test('hashZip, hashDir and hashGoMod agree with go mod download and .ziphash', { skip }, async (t) => {
  for (const r of goodResults) {
    await t.test(`${r.Path}@${r.Version}`, async () => {
      assert.ok(r.Zip && r.Dir && r.GoMod && r.Sum && r.GoModSum, JSON.stringify(r));
      const ziphash = readFileSync(r.Zip.replace(/\.zip$/, '.ziphash'), 'utf8');
      assert.equal(ziphash, r.Sum);
      assert.equal(await hashZip(r.Zip), r.Sum);
      assert.equal(await hashZip(r.Zip, { expectedPrefix: `${r.Path}@${r.Version}/` }), r.Sum);
      assert.equal(hashGoMod(readFileSync(r.GoMod)), r.GoModSum);
      const dirHash = await hashDir(r.Dir, `${r.Path}@${r.Version}`);
      if (r.Path === 'example.com/direntries') {
        // A zip with directory entries hashes them; the extracted tree cannot (spec 5.1).
        assert.notEqual(dirHash, r.Sum);
      } else {
        assert.equal(dirHash, r.Sum);
      }
    });
  }
});

test('the file selection left vendored files and nested modules out, as go would', { skip }, () => {
  const dirOf = (p: string): string => goodResults.find((r) => r.Path === p)!.Dir!;
  const ls = (p: string): string[] => spawnSync('find', ['.', '-type', 'f'], { cwd: dirOf(p), encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
  assert.deepEqual(ls('example.com/vendor-old'), ['./go.mod', './m.go', './vendor/modules.txt']);
  assert.deepEqual(ls('example.com/vendor-new'), ['./go.mod', './m.go', './pkg/vendor/v.go', './sub/vendor/sub.txt', './vendor/top.go']);
  assert.deepEqual(ls('example.com/nested-module'), ['./go.mod', './kept/k.go', './m.go']);
  assert.deepEqual(ls('example.com/hgarchival'), ['./go.mod', './h.go', './sub/.hg_archival.txt']);
});

test('go get in a consumer module writes the go.sum lines we compute', { skip }, async () => {
  const consumer = join(root, 'consumer');
  mkdirSync(consumer, { recursive: true });
  writeFileSync(join(consumer, 'go.mod'), 'module example.com/consumer\n\ngo 1.21\n');
  const picks = good.filter((m) => ['example.com/simple', 'example.com/UpperCase/Module', 'example.com/nogomod', 'example.com/incompat', 'example.com/unicode', 'example.com/major/v2', 'example.com/pseudo'].includes(m.path));
  const r = spawnSync(GO, ['get', ...picks.map((m) => `${m.path}@${m.version}`)], { cwd: consumer, env, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const sum = readFileSync(join(consumer, 'go.sum'), 'utf8');
  for (const m of picks) {
    const dl = goodResults.find((x) => x.Path === m.path)!;
    assert.ok(sum.includes(`${m.path} ${m.version} ${await hashZip(dl.Zip!)}\n`), `${m.path} zip line in\n${sum}`);
    assert.ok(sum.includes(`${m.path} ${m.version}/go.mod ${hashGoMod(readFileSync(dl.GoMod!))}\n`), `${m.path} go.mod line`);
  }
  const verify = spawnSync(GO, ['mod', 'verify'], { cwd: consumer, env, encoding: 'utf8', timeout: 300_000 });
  assert.equal(verify.status, 0, verify.stderr);
});

test('zips the go command rejects are rejected by the reader', { skip }, async (t) => {
  const bads = badShapes();
  const results = goModDownload(env, join(root, 'work'), bads.map((b) => `${b.shape.path}@${b.shape.version}`));
  const zipDir = join(root, 'proxy');
  for (const b of bads) {
    await t.test(b.shape.path, async () => {
      const r = results.find((x) => x.Path === b.shape.path);
      assert.ok(r?.Error, `go accepted ${b.shape.path}: ${JSON.stringify(r)}`);
      const zipPath = join(zipDir, b.shape.path, '@v', 'v1.0.0.zip');
      const prefix = `${b.shape.path}@v1.0.0/`;
      await assert.rejects(async () => {
        await hashZip(zipPath, { expectedPrefix: prefix });
      }, (err: unknown) => {
        assert.ok(err instanceof ZipFormatError, String(err));
        assert.equal(err.code, b.code, err.message);
        return true;
      });
      // Without a given prefix, the first entry's prefix is used; the zip is still refused,
      // unless every entry consistently carries another module's prefix.
      if (b.shape.path === 'example.com/bad/otherprefix') {
        const z = await openModuleZip(zipPath);
        assert.equal(z.prefix, 'example.com/other@v1.0.0/');
        await z.close();
        return;
      }
      await assert.rejects(async () => {
        const z = await openModuleZip(zipPath);
        try {
          for (const e of z.entries) await z.readEntry(e);
        } finally {
          await z.close();
        }
      }, ZipFormatError);
    });
  }
});

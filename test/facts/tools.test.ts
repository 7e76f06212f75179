// Build info reading (the data `go version -m` prints) against real Go binaries, synthetic
// executables in both blob formats, and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, openSync, closeSync, writeSync, ftruncateSync, copyFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { gatherTools, parseModInfo, readBuildInfo } from '../../src/facts/tools.ts';
import { GO_MAIN_ROOT, GO_OLD_ROOT, hasOldGo } from '../helpers/sandbox.ts';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const dir = mkdtempSync(join(tmpdir(), 'gotune-tools-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function sentinelFramed(mod: string): Buffer {
  return Buffer.concat([Buffer.alloc(16, 0x30), Buffer.from(mod), Buffer.alloc(16, 0xf9)]);
}

function uvarint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return Buffer.from(out);
}

/** A minimal little-endian ELF64 with one writable PT_LOAD at 0x400000 holding a build info blob at file offset 0x100. */
function elfWith(blob: (base: bigint) => Buffer, extra: (buf: Buffer, base: bigint) => void = () => {}): Buffer {
  const size = 0x1000;
  const buf = Buffer.alloc(size);
  const base = 0x400000n;
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(buf, 0);
  buf.writeUInt16LE(2, 16); buf.writeUInt16LE(62, 18); buf.writeUInt32LE(1, 20);
  buf.writeBigUInt64LE(64n, 32); // e_phoff
  buf.writeUInt16LE(64, 52); buf.writeUInt16LE(56, 54); buf.writeUInt16LE(1, 56); buf.writeUInt16LE(64, 58);
  const ph = 64;
  buf.writeUInt32LE(1, ph); buf.writeUInt32LE(6, ph + 4); // PT_LOAD, R|W
  buf.writeBigUInt64LE(0n, ph + 8); buf.writeBigUInt64LE(base, ph + 16); buf.writeBigUInt64LE(base, ph + 24);
  buf.writeBigUInt64LE(BigInt(size), ph + 32); buf.writeBigUInt64LE(BigInt(size), ph + 40);
  blob(base).copy(buf, 0x100);
  extra(buf, base);
  return buf;
}

const MOD = 'path\texample.com/tool/cmd/tool\nmod\texample.com/tool\tv1.2.3\th1:abc=\ndep\tgolang.org/x/mod\tv0.20.0\th1:def=\n';

test('inline (Go 1.18+) blob in a synthetic ELF', () => {
  const file = join(dir, 'inline');
  writeFileSync(file, elfWith(() => {
    const h = Buffer.alloc(32); MAGIC.copy(h); h[14] = 8; h[15] = 2;
    const v = Buffer.from('go1.22.5'); const m = sentinelFramed(MOD);
    return Buffer.concat([h, uvarint(v.length), v, uvarint(m.length), m]);
  }));
  assert.deepEqual(readBuildInfo(file), { info: { goVersion: 'go1.22.5', path: 'example.com/tool/cmd/tool', mainModule: 'example.com/tool', mainVersion: 'v1.2.3', format: 'inline', via: 'headers' }, error: null });
});

test('pointer (pre-1.18) blob in a synthetic ELF resolves addresses through the segment table', () => {
  const file = join(dir, 'pointer');
  const m = sentinelFramed(MOD);
  writeFileSync(file, elfWith((base) => {
    const h = Buffer.alloc(32); MAGIC.copy(h); h[14] = 8; h[15] = 0;
    h.writeBigUInt64LE(base + 0x140n, 16); h.writeBigUInt64LE(base + 0x150n, 24);
    return h;
  }, (buf, base) => {
    buf.writeBigUInt64LE(base + 0x200n, 0x140); buf.writeBigUInt64LE(8n, 0x148);
    buf.writeBigUInt64LE(base + 0x300n, 0x150); buf.writeBigUInt64LE(BigInt(m.length), 0x158);
    Buffer.from('go1.17.9').copy(buf, 0x200);
    m.copy(buf, 0x300);
  }));
  const r = readBuildInfo(file);
  assert.equal(r.error, null);
  assert.equal(r.info!.goVersion, 'go1.17.9');
  assert.equal(r.info!.format, 'pointer');
  assert.equal(r.info!.mainVersion, 'v1.2.3');
});

test('pointer blob whose addresses point outside every segment is rejected, not thrown', () => {
  const file = join(dir, 'pointer-bad');
  writeFileSync(file, elfWith(() => {
    const h = Buffer.alloc(32); MAGIC.copy(h); h[14] = 8; h[15] = 0;
    h.writeBigUInt64LE(0xdeadbeef0000n, 16); h.writeBigUInt64LE(0xffffffffffff0000n, 24);
    return h;
  }));
  assert.match(readBuildInfo(file).error!, /not a Go executable/);
});

test('unknown container: the bounded chunked scan finds an aligned blob deep in a large sparse file', () => {
  const file = join(dir, 'sparse');
  const fd = openSync(file, 'w');
  try {
    ftruncateSync(fd, 100 << 20);
    const h = Buffer.alloc(32); MAGIC.copy(h); h[14] = 8; h[15] = 2;
    const v = Buffer.from('go1.21.0');
    const blob = Buffer.concat([h, uvarint(v.length), v, uvarint(0)]);
    writeSync(fd, blob, 0, blob.length, (90 << 20) + 16);
  } finally { closeSync(fd); }
  assert.deepEqual([readBuildInfo(file).info?.goVersion, readBuildInfo(file).info?.via], ['go1.21.0', 'scan']);
});

test('a 100 MB ELF without build info is answered from its headers', () => {
  const file = join(dir, 'big-elf');
  writeFileSync(file, elfWith(() => Buffer.alloc(0)));
  const fd = openSync(file, 'r+');
  try { ftruncateSync(fd, 100 << 20); } finally { closeSync(fd); }
  assert.match(readBuildInfo(file).error!, /no build info/);
});

test('scripts, directories, missing and tiny files give errors', () => {
  writeFileSync(join(dir, 'script'), '#!/bin/sh\necho hi\n');
  writeFileSync(join(dir, 'tiny'), 'MZ');
  assert.match(readBuildInfo(join(dir, 'script')).error!, /script/);
  assert.match(readBuildInfo(join(dir, 'tiny')).error!, /unrecognized/);
  assert.match(readBuildInfo(dir).error!, /not a regular file|EISDIR/);
  assert.equal(readBuildInfo(join(dir, 'missing')).error, 'ENOENT');
});

test('hostile bytes never throw (ELF, PE and Mach-O headers followed by noise)', () => {
  const heads = [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.from('MZ'), Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.from([0xfe, 0xed, 0xfa, 0xcf]), Buffer.alloc(0)];
  let i = 0;
  fc.assert(fc.property(fc.constantFrom(...heads), fc.uint8Array({ minLength: 0, maxLength: 4096 }), fc.boolean(), (head, body, withMagic) => {
    const file = join(dir, `fuzz-${i++ % 8}`);
    const parts = [head, Buffer.from(body)];
    if (withMagic) parts.push(Buffer.alloc((16 - ((head.length + body.length) % 16)) % 16), MAGIC, Buffer.from(body.slice(0, 40)));
    writeFileSync(file, Buffer.concat(parts));
    const r = readBuildInfo(file);
    assert.ok((r.info === null) !== (r.error === null));
  }), { numRuns: 300 });
});

test('parseModInfo', () => {
  assert.deepEqual(parseModInfo(MOD), { path: 'example.com/tool/cmd/tool', mainModule: 'example.com/tool', mainVersion: 'v1.2.3' });
  assert.deepEqual(parseModInfo(''), { path: null, mainModule: null, mainVersion: null });
});

for (const bin of [join(GO_MAIN_ROOT, 'bin', 'go'), join(GO_MAIN_ROOT, 'bin', 'gofmt'), join(GO_OLD_ROOT, 'bin', 'go')]) {
  test(`real binary ${bin}: same Go version as \`go version -m\``, { skip: !existsSync(bin) }, () => {
    const r = spawnSync(join(GO_MAIN_ROOT, 'bin', 'go'), ['version', '-m', bin], { encoding: 'utf8' });
    const first = r.stdout.split('\n')[0]!;
    const expected = first.slice(first.indexOf(': ') + 2).trim();
    const pathLine = /^\tpath\t(\S+)/m.exec(r.stdout)?.[1] ?? null;
    const info = readBuildInfo(bin).info!;
    assert.equal(info.goVersion, expected);
    assert.equal(info.path, pathLine);
  });
}

test('gatherTools: Go binaries and known tools in the install dirs, known tools on PATH; scripts skipped', { skip: !hasOldGo }, async () => {
  const gobin = join(dir, 'gobin');
  const other = join(dir, 'other');
  for (const d of [gobin, other]) spawnSync('mkdir', ['-p', d]);
  copyFileSync(join(GO_OLD_ROOT, 'bin', 'gofmt'), join(gobin, 'gofmt-old'));
  copyFileSync(join(GO_MAIN_ROOT, 'bin', 'gofmt'), join(other, 'gopls'));
  writeFileSync(join(gobin, 'helper.sh'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(gobin, 'staticcheck'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(gobin, 'notes.txt'), 'x');
  chmodSync(join(gobin, 'gofmt-old'), 0o755);
  const tools = await gatherTools([gobin, join(dir, 'does-not-exist')], ['', 'relative/bin', other], 'linux');
  assert.deepEqual(tools.map((t) => [t.name, t.goVersion, t.foundIn]), [
    ['gofmt-old', 'go1.19.8', 'install-dir'],
    ['staticcheck', null, 'install-dir'],
    ['gopls', 'go1.26.8', 'PATH'],
  ]);
  assert.match(tools[1]!.error!, /script/);
});

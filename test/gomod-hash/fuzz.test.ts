// Hostile input: the zip reader on mutated, truncated and bomb zips; the sumdb parsers on garbage.
// Run counts are fixed (see NUM_RUNS) so the default run stays well under 30 seconds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { hashZip } from '../../src/gomod/dirhash.ts';
import { openModuleZip, ZipFormatError } from '../../src/gomod/zip.ts';
import { openNote, parseVerifierKey, NoteError } from '../../src/gomod/sumdb/note.ts';
import { parseRecord, parseTree, TlogError } from '../../src/gomod/sumdb/tlog.ts';
import { parseTilePath, TileError, splitDataTile } from '../../src/gomod/sumdb/tile.ts';
import { verifyLookup, SumdbVerifyError } from '../../src/gomod/sumdb/verify.ts';
import { TestSumDB } from '../../src/gomod/sumdb/testlog.ts';
import { writeZip } from './zip-writer.ts';

const NUM_RUNS = { bitFlips: 1500, truncations: 800, sizeFields: 800, splices: 400, parsers: 1200 };

let dir = '';
let counter = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gotune-zipfuzz-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const P = 'example.com/fuzz@v1.0.0/';
const bases: { name: string; zip: Buffer }[] = [
  { name: 'deflate', zip: writeZip([{ name: P + 'go.mod', data: 'module example.com/fuzz\n' }, { name: P + 'a.go', data: 'package a\n'.repeat(50) }, { name: P + 'sub/b.txt', data: 'bbbb' }]) },
  { name: 'stored+dd', zip: writeZip([{ name: P + 'go.mod', data: 'module example.com/fuzz\n', method: 0 }, { name: P + 'x.bin', data: Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]), method: 0, dataDescriptor: true }, { name: P + 'y.go', data: 'package y\n', dataDescriptor: true }]) },
  { name: 'zip64', zip: writeZip([{ name: P + 'go.mod', data: 'module example.com/fuzz\n', zip64: true }, { name: P + 'z.go', data: 'package z\n', zip64: true, method: 0 }], { zip64End: true }) },
];
const baseHashes = new Map<string, string>();

async function hashBytes(zip: Uint8Array): Promise<{ ok: true; hash: string } | { ok: false; err: unknown }> {
  const p = join(dir, `z${counter++ % 16}.zip`);
  writeFileSync(p, zip);
  try {
    return { ok: true, hash: await hashZip(p) };
  } catch (err) {
    return { ok: false, err };
  }
}

/** Only our own error class may escape; a hash may only be reported when it is the original one. */
function checkOutcome(base: string, r: Awaited<ReturnType<typeof hashBytes>>): void {
  if (r.ok) assert.equal(r.hash, baseHashes.get(base), 'a mutated zip hashed to a new value');
  else assert.ok(r.err instanceof ZipFormatError, `unexpected error: ${(r.err as Error)?.stack ?? String(r.err)}`);
}

let rssPeak = 0;
function sampleMemory(): void {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}

test('base zips hash', async () => {
  for (const b of bases) {
    const r = await hashBytes(b.zip);
    assert.ok(r.ok, String(!r.ok && r.err));
    baseHashes.set(b.name, r.hash);
  }
});

const baseArb = fc.constantFrom(...bases.map((b) => b.name));
const zipOf = (name: string): Buffer => bases.find((b) => b.name === name)!.zip;

test(`bit flips (${NUM_RUNS.bitFlips} runs): own error or the unchanged hash`, async () => {
  await fc.assert(
    fc.asyncProperty(baseArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 3 }), async (base, flips) => {
      const z = Buffer.from(zipOf(base));
      for (const [pos, bit] of flips) z[pos % z.length] = z[pos % z.length]! ^ (1 << bit);
      const r = await hashBytes(z);
      if (r.ok && flips.length > 1) return; // several flips can make another valid zip
      checkOutcome(base, r);
      sampleMemory();
    }),
    { numRuns: NUM_RUNS.bitFlips, seed: 0x60741e },
  );
});

test(`truncations (${NUM_RUNS.truncations} runs) are refused`, async () => {
  await fc.assert(
    fc.asyncProperty(baseArb, fc.nat(), fc.boolean(), async (base, cut, fromFront) => {
      const z = zipOf(base);
      const n = cut % z.length;
      const t = fromFront ? z.subarray(n + 1) : z.subarray(0, n);
      const r = await hashBytes(t);
      assert.ok(!r.ok, 'a truncated zip was accepted');
      checkOutcome(base, r);
    }),
    { numRuns: NUM_RUNS.truncations, seed: 0x7256 },
  );
});

/** Offsets of the 32-bit size, CRC and offset fields in local and central headers. */
function fieldOffsets(z: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + 46 <= z.length; i++) {
    const sig = z.readUInt32LE(i);
    if (sig === 0x04034b50) out.push(i + 14, i + 18, i + 22);
    if (sig === 0x02014b50) out.push(i + 16, i + 20, i + 24, i + 42);
  }
  for (let i = z.length - 22; i >= 0; i--) {
    if (z.readUInt32LE(i) === 0x06054b50) {
      out.push(i + 12, i + 16);
      break;
    }
  }
  return out;
}

test(`declared sizes, CRCs and offsets rewritten (${NUM_RUNS.sizeFields} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(baseArb, fc.nat(), fc.oneof(fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 500 * 1024 * 1024, 500 * 1024 * 1024 + 1), fc.nat({ max: 0xffffffff })), async (base, which, value) => {
      const z = Buffer.from(zipOf(base));
      const offs = fieldOffsets(z);
      const off = offs[which % offs.length]!;
      const before = z.readUInt32LE(off);
      z.writeUInt32LE(value >>> 0, off);
      const r = await hashBytes(z);
      if (before === (value >>> 0)) return;
      checkOutcome(base, r);
      sampleMemory();
    }),
    { numRuns: NUM_RUNS.sizeFields, seed: 0x5123 },
  );
});

test(`spliced and duplicated byte ranges (${NUM_RUNS.splices} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(baseArb, fc.nat(), fc.nat(), fc.nat({ max: 64 }), async (base, from, to, len) => {
      const z = zipOf(base);
      const a = from % z.length;
      const b = to % z.length;
      const piece = z.subarray(a, a + len);
      const m = Buffer.concat([z.subarray(0, b), piece, z.subarray(b)]);
      if (piece.length === 0) return;
      const r = await hashBytes(m);
      if (r.ok) return; // an insertion into a comment or padding leaves a valid zip
      checkOutcome(base, r);
    }),
    { numRuns: NUM_RUNS.splices, seed: 0x5b1ce },
  );
});

/** Deflates `total` zero bytes without holding them: a bomb with a ratio of about 1000:1. */
async function zeroBomb(total: number): Promise<Buffer> {
  const d = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  d.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((res) => d.on('end', res));
  const block = Buffer.alloc(1 << 20);
  for (let w = 0; w < total; w += block.length) {
    if (!d.write(block.subarray(0, Math.min(block.length, total - w)))) await new Promise((res) => d.once('drain', res));
  }
  d.end();
  await done;
  return Buffer.concat(chunks);
}

function bombZip(compressed: Buffer, declared: number, name = 'bomb.bin', crc = 0): Buffer {
  // Build with a placeholder, then patch the compressed data and sizes in.
  const z = writeZip([{ name: P + name, data: Buffer.alloc(0), method: 8 }]);
  const nameLen = Buffer.byteLength(P + name);
  const placeholder = z.readUInt32LE(18); // compressed size of the empty stream
  const head = z.subarray(0, 30 + nameLen);
  const central = Buffer.from(z.subarray(30 + nameLen + placeholder));
  const out = Buffer.concat([head, compressed, central]);
  out.writeUInt32LE(compressed.length, 18);
  out.writeUInt32LE(declared, 22);
  const c = 30 + nameLen + compressed.length;
  out.writeUInt32LE(compressed.length, c + 20);
  out.writeUInt32LE(declared, c + 24);
  out.writeUInt32LE(crc, 14);
  out.writeUInt32LE(crc, c + 16);
  const e = out.length - 22;
  out.writeUInt32LE(c, e + 16);
  return out;
}

test('zip bombs: inflation stops at the declared size, memory stays bounded', async () => {
  const comp = await zeroBomb(256 * 1024 * 1024);
  assert.ok(comp.length < 512 * 1024, `bomb is ${comp.length} bytes`);
  const base = process.memoryUsage().rss;
  for (const declared of [0, 1000, 3 * 1024 * 1024, 64 * 1024 * 1024]) {
    const p = join(dir, `bomb${declared}.zip`);
    writeFileSync(p, bombZip(comp, declared));
    const z = await openModuleZip(p);
    let delivered = 0;
    await assert.rejects(z.streamEntry(z.entries[0]!, (c) => {
      delivered += c.length;
    }), (e: unknown) => e instanceof ZipFormatError && e.code === 'size-mismatch');
    assert.ok(delivered <= declared, `${delivered} bytes delivered for ${declared} declared`);
    await z.close();
    sampleMemory();
  }
  // Declared sizes beyond Go's limits are refused before anything is inflated.
  for (const [name, declared] of [['go.mod', 16 * 1024 * 1024 + 1], ['LICENSE', 16 * 1024 * 1024 + 1], ['big.bin', 500 * 1024 * 1024 + 1]] as const) {
    const p = join(dir, `limit-${name}.zip`);
    writeFileSync(p, bombZip(comp, declared, name));
    await assert.rejects(openModuleZip(p), (e: unknown) => e instanceof ZipFormatError && e.code === 'too-large');
  }
  // The true size, declared honestly, streams through in bounded memory.
  const p = join(dir, 'honest.zip');
  let crc = 0;
  const mib = Buffer.alloc(1 << 20);
  for (let i = 0; i < 256; i++) crc = crc32(mib, crc);
  writeFileSync(p, bombZip(comp, 256 * 1024 * 1024, 'bomb.bin', crc >>> 0));
  const z = await openModuleZip(p);
  let n = 0;
  await z.streamEntry(z.entries[0]!, (c) => {
    n += c.length;
    if (n % (16 << 20) < c.length) sampleMemory();
  });
  await z.close();
  assert.equal(n, 256 * 1024 * 1024);
  sampleMemory();
  assert.ok(rssPeak - base < 160 * 1024 * 1024, `rss grew by ${Math.round((rssPeak - base) / 1048576)} MiB`);
});

test('many entries sharing one local header are refused (overlap bomb)', async () => {
  const z = writeZip([{ name: P + 'a', data: 'x'.repeat(1000) }]);
  // Re-point a second central record with another name at the same local header.
  const cdStart = z.readUInt32LE(z.length - 22 + 16);
  const rec = z.subarray(cdStart, z.length - 22);
  const rec2 = Buffer.concat([rec.subarray(0, 46), Buffer.from(P + 'b')]);
  const end = Buffer.from(z.subarray(z.length - 22));
  end.writeUInt16LE(2, 8);
  end.writeUInt16LE(2, 10);
  end.writeUInt32LE(rec.length + rec2.length, 12);
  const p = join(dir, 'overlap.zip');
  writeFileSync(p, Buffer.concat([z.subarray(0, cdStart), rec, rec2, end]));
  await assert.rejects(hashZip(p), (e: unknown) => e instanceof ZipFormatError && /local file header name differs/.test(e.message));
});

const OWN_ERRORS = [NoteError, TlogError, TileError, SumdbVerifyError];
function ownErrorOrOk(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    assert.ok(OWN_ERRORS.some((c) => e instanceof c), `unexpected error: ${(e as Error)?.stack ?? String(e)}`);
  }
}

test(`note, tree, record, tile path and key parsers on garbage (${NUM_RUNS.parsers} runs each)`, () => {
  const db = new TestSumDB({ tileHeight: 2 });
  for (let i = 0; i < 5; i++) db.addModule(`example.com/m${i}`, 'v1.0.0', { zip: 'h1:AAAA=', mod: 'h1:BBBB=' });
  const body = db.lookupBody('example.com/m3', 'v1.0.0')!;
  const tiles = db.tiles();
  const text = body.toString();
  const mutatedText = fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ maxLength: 8 })).map(([at, del, ins]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + ins + text.slice(i + del);
  });
  const garbage = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), mutatedText);
  fc.assert(
    fc.property(garbage, fc.uint8Array({ maxLength: 200 }), (s, bytes) => {
      ownErrorOrOk(() => openNote(s, [db.verifierKey]));
      ownErrorOrOk(() => openNote(bytes, [db.verifierKey]));
      ownErrorOrOk(() => parseTree(s));
      ownErrorOrOk(() => parseRecord(Buffer.from(s)));
      ownErrorOrOk(() => parseRecord(bytes));
      ownErrorOrOk(() => parseTilePath(s));
      ownErrorOrOk(() => parseVerifierKey(s));
      ownErrorOrOk(() => splitDataTile(bytes));
      ownErrorOrOk(() => {
        const v = verifyLookup(Buffer.from(s), { verifiers: db.verifierKey, tiles, tileHeight: 2 });
        // Whatever passes must be the genuine record.
        assert.ok(text.startsWith(`${v.id}\n${v.text}\n`), 'a mutated lookup verified');
      });
    }),
    { numRuns: NUM_RUNS.parsers, seed: 0x50db },
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModuleZip, foldPath, cleanPath, ZipFormatError, type ZipErrorCode } from '../../src/gomod/zip.ts';
import { writeZip, type RawZipEntry } from './zip-writer.ts';
import { pseudoRandomBytes } from './goproxy-fixture.ts';

const P = 'example.com/m@v1.0.0/';

async function withZip<T>(bytes: Buffer, f: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'gotune-zipreader-'));
  try {
    const p = join(dir, 'm.zip');
    writeFileSync(p, bytes);
    return await f(p);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rejectsWith(bytes: Buffer, code: ZipErrorCode, opts: Parameters<typeof openModuleZip>[1] = {}, entry?: string): Promise<void> {
  await withZip(bytes, async (p) => {
    await assert.rejects(async () => {
      const z = await openModuleZip(p, opts);
      try {
        for (const e of z.entries) await z.readEntry(e);
      } finally {
        await z.close();
      }
    }, (e: unknown) => {
      assert.ok(e instanceof ZipFormatError, String(e));
      assert.equal(e.code, code, e.message);
      if (entry !== undefined) assert.equal(e.entry, entry);
      return true;
    });
  });
}

const entries = (list: (Omit<RawZipEntry, 'name'> & { name: string })[]): RawZipEntry[] => list.map((e) => ({ ...e, name: P + e.name }));

test('reads stored, deflated, data-descriptor and zip64 entries, small and streamed', async () => {
  const big = pseudoRandomBytes(5 * 1024 * 1024 + 11, 3);
  const text = Buffer.alloc(6 * 1024 * 1024, 'abc\n');
  const zip = writeZip(entries([
    { name: 'go.mod', data: 'module example.com/m\n' },
    { name: 'stored.bin', data: big, method: 0 },
    { name: 'deflated.txt', data: text, dataDescriptor: true },
    { name: 'z64.txt', data: 'zip64', zip64: true },
    { name: 'empty', data: '', method: 0 },
  ]), { zip64End: true, comment: 'a comment' });
  await withZip(zip, async (p) => {
    const z = await openModuleZip(p, { expectedPrefix: P });
    assert.equal(z.prefix, P);
    assert.deepEqual(z.entries.map((e) => e.name.slice(P.length)), ['go.mod', 'stored.bin', 'deflated.txt', 'z64.txt', 'empty']);
    assert.ok((await z.readEntry(P + 'stored.bin')).equals(big));
    assert.ok((await z.readEntry(P + 'deflated.txt')).equals(text));
    assert.equal((await z.readEntry(P + 'z64.txt')).toString(), 'zip64');
    assert.equal((await z.readEntry(P + 'empty')).length, 0);
    await assert.rejects(z.readEntry(P + 'missing'), (e: unknown) => e instanceof ZipFormatError && e.code === 'not-found');
    await z.close();
    await assert.rejects(z.readEntry(P + 'go.mod'), /closed/);
  });
});

test('module-level refusals name the entry', async () => {
  await rejectsWith(writeZip(entries([{ name: 'a.go', data: 'x' }])), 'invalid-module', { expectedPrefix: 'example.com/m@v1.0/' });
  await rejectsWith(writeZip([{ name: 'example.com/m@v2.0.0/a.go', data: 'x' }]), 'invalid-module');
  await rejectsWith(writeZip(entries([{ name: '/abs.go', data: 'x' }])), 'invalid-path', {}, P + '/abs.go');
  await rejectsWith(writeZip(entries([{ name: 'a//b.go', data: 'x' }])), 'invalid-path');
  await rejectsWith(writeZip(entries([{ name: 'a/./b.go', data: 'x' }])), 'invalid-path');
  await rejectsWith(writeZip(entries([{ name: 'a"b.go', data: 'x' }])), 'invalid-path');
  await rejectsWith(writeZip(entries([{ name: 'a.', data: 'x' }])), 'invalid-path');
  await rejectsWith(writeZip(entries([{ name: 'COM1.txt', data: 'x' }])), 'invalid-path');
  await rejectsWith(writeZip(entries([{ name: 'sub/', data: '', method: 0 }, { name: 'SUB/x', data: 'x' }])), 'collision', {}, P + 'SUB/x');
  await rejectsWith(writeZip(entries([{ name: 'σ.txt', data: 'x' }, { name: 'ς.txt', data: 'x' }])), 'collision');
  await rejectsWith(writeZip(entries([{ name: 'a', data: 'x' }])), 'prefix', { expectedPrefix: 'example.com/other@v1.0.0/' });
  await rejectsWith(writeZip(entries([{ name: 'sub/', data: 'not empty', method: 0 }])), 'format');
});

test('structural refusals', async () => {
  const good = writeZip(entries([{ name: 'a.go', data: 'package a\n' }]));
  await rejectsWith(Buffer.concat([Buffer.from('prefix junk'), good]), 'format');
  await rejectsWith(Buffer.alloc(10), 'format');
  await rejectsWith(Buffer.alloc(100), 'format');
  const encrypted = Buffer.from(good);
  const cd = encrypted.readUInt32LE(encrypted.length - 22 + 16);
  encrypted.writeUInt16LE(encrypted.readUInt16LE(cd + 8) | 1, cd + 8);
  await rejectsWith(encrypted, 'unsupported');
  const multidisk = Buffer.from(good);
  multidisk.writeUInt16LE(1, multidisk.length - 22 + 4);
  await rejectsWith(multidisk, 'unsupported');
  const localName = writeZip(entries([{ name: 'a.go', data: 'package a\n', localName: P + 'b.go' }]));
  await rejectsWith(localName, 'format');
  await withZip(writeZip(entries([{ name: 'a', data: '1' }, { name: 'b', data: '2' }])), async (p) => {
    await assert.rejects(openModuleZip(p, { maxEntries: 1 }), (e: unknown) => e instanceof ZipFormatError && e.code === 'too-large');
  });
  const descriptorCrc = writeZip(entries([{ name: 'a.go', data: 'package a\n', dataDescriptor: true }]));
  const ddAt = descriptorCrc.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]));
  descriptorCrc.writeUInt32LE((descriptorCrc.readUInt32LE(ddAt + 4) ^ 1) >>> 0, ddAt + 4);
  await rejectsWith(descriptorCrc, 'crc');
});

test('foldPath and cleanPath follow Go', () => {
  assert.equal(foldPath('M.GO'), 'm.go');
  assert.equal(foldPath('\u212A'), 'k');
  assert.equal(foldPath('ſ'), 's');
  assert.equal(foldPath('Σς'), foldPath('σσ'));
  assert.equal(cleanPath('a/../b'), 'b');
  assert.equal(cleanPath('../a'), '../a');
  assert.equal(cleanPath('/a/./b/'), '/a/b');
  assert.equal(cleanPath(''), '.');
});

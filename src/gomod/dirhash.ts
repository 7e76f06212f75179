// The h1: hash of go.sum (golang.org/x/mod/sumdb/dirhash Hash1) over module zips, extracted
// module trees and go.mod files. Contents are streamed: no file is held in memory whole beyond
// one read buffer.

import { createHash } from 'node:crypto';
import { lstat, opendir } from 'node:fs/promises';
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { openModuleZip, type OpenZipOptions } from './zip.ts';

export class DirHashError extends Error {
  override readonly name = 'DirHashError';
  /** The file name as it would appear in the hash summary, when the problem is about one. */
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.file = file;
  }
}

/** What `open` may return for Hash1: the whole content, or its chunks. */
export type HashSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
export type HashOpen = (name: string) => HashSource | Promise<HashSource>;

/** One line of the Hash1 summary: a name (raw bytes, or a string encoded as UTF-8) and the SHA-256 of its content. */
export interface FileDigest {
  name: string | Uint8Array;
  sha256: Uint8Array;
}

const READ_CHUNK = 1 << 20;
const YIELD_EVERY = 8 << 20;

/**
 * dirhash.Hash1: names are sorted by their UTF-8 bytes (Go's slices.Sort on strings), each
 * content is hashed with SHA-256, and the summary lines `hex  name\n` are hashed once more.
 */
export async function hash1(names: readonly string[], openFile: HashOpen): Promise<string> {
  const digests: FileDigest[] = [];
  for (const name of names) {
    if (name.includes('\n')) throw new DirHashError('dirhash: filenames with newlines are not supported', name);
  }
  for (const name of names) {
    const h = createHash('sha256');
    const src = await openFile(name);
    if (src instanceof Uint8Array) {
      h.update(src);
    } else if (Symbol.asyncIterator in src) {
      for await (const chunk of src as AsyncIterable<Uint8Array>) h.update(chunk);
    } else {
      for (const chunk of src as Iterable<Uint8Array>) h.update(chunk);
    }
    digests.push({ name, sha256: h.digest() });
  }
  return hash1FromDigests(digests);
}

/** The final step of Hash1 when the per-file digests are already known (in any order). */
export function hash1FromDigests(files: readonly FileDigest[]): string {
  const lines = files.map((f) => {
    const name = typeof f.name === 'string' ? Buffer.from(f.name, 'utf8') : Buffer.from(f.name.buffer, f.name.byteOffset, f.name.byteLength);
    if (name.includes(0x0a)) throw new DirHashError('dirhash: filenames with newlines are not supported', name.toString('utf8'));
    return { name, hex: Buffer.from(f.sha256).toString('hex') };
  });
  // Byte order, not UTF-16 order: the two differ for astral characters against U+E000-U+FFFF.
  lines.sort((a, b) => Buffer.compare(a.name, b.name));
  const summary = createHash('sha256');
  for (const l of lines) {
    summary.update(l.hex);
    summary.update('  ');
    summary.update(l.name);
    summary.update('\n');
  }
  return 'h1:' + summary.digest('base64');
}

/** The go.sum `/go.mod` hash: Hash1 over the single file named `go.mod`. */
export function hashGoMod(bytes: Uint8Array | string): string {
  const content = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return hash1FromDigests([{ name: 'go.mod', sha256: createHash('sha256').update(content).digest() }]);
}

/**
 * dirhash.HashZip: every entry of the central directory counts, directory entries included
 * (as empty content), under its raw name bytes. By default the zip must also pass Go's module
 * zip checks; `{ moduleRules: false }` hashes any zip as dirhash does (duplicate names then hash
 * the content of the last entry with that name, once per occurrence).
 */
export async function hashZip(path: string, options: OpenZipOptions = {}): Promise<string> {
  const zip = await openModuleZip(path, options);
  try {
    const byIndex: Buffer[] = new Array(zip.entries.length);
    let h = createHash('sha256');
    await zip.forEachEntry({
      onStart() {
        h = createHash('sha256');
      },
      onChunk(chunk) {
        h.update(chunk);
      },
      onEnd(entry) {
        byIndex[entry.index] = h.digest();
      },
    });
    const lastByName = new Map<string, Buffer>();
    for (const e of zip.entries) lastByName.set(e.nameBytes.toString('latin1'), byIndex[e.index]!);
    return hash1FromDigests(zip.entries.map((e) => ({ name: e.nameBytes, sha256: lastByName.get(e.nameBytes.toString('latin1'))! })));
  } finally {
    await zip.close();
  }
}

/**
 * dirhash.HashDir: every non-directory entry under `dir`, named `prefix/relative/path`.
 * Like Go's filepath.Walk, symbolic links are not descended into but are listed, and their
 * targets' content is hashed; a link to a directory or a dangling link is an error, as it is
 * for Go. Go would block on a FIFO or read a device; those are errors here.
 */
export async function hashDir(dir: string, prefix: string): Promise<string> {
  // filepath.Walk looks at the root with Lstat: a symbolic link to a directory is "not a directory".
  const rootInfo = await lstat(dir);
  if (!rootInfo.isDirectory()) throw new DirHashError(`${dir} is not a directory`);
  const files: { name: string; path: string }[] = [];
  await walk(dir, '', files);
  for (const f of files) if (f.name.includes('\n')) throw new DirHashError('dirhash: filenames with newlines are not supported', f.name);
  const digests: FileDigest[] = new Array(files.length);
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  let sinceYield = 0;
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const { sha256, size } = hashFileSync(f.path, f.name, buf);
    digests[i] = { name: f.name, sha256 };
    // Synchronous reads cost a fraction of the CPU of promise-based ones for the many small
    // files of a module; yielding every few MiB (or few hundred files) keeps the event loop responsive.
    sinceYield += size + 16 * 1024;
    if (sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return hash1FromDigests(digests);

  async function walk(abs: string, rel: string, out: { name: string; path: string }[]): Promise<void> {
    let d;
    try {
      d = await opendir(abs);
    } catch (err) {
      if (rel === '' && (err as NodeJS.ErrnoException).code === 'ENOTDIR') throw new DirHashError(`${dir} is not a directory`);
      throw err;
    }
    for await (const ent of d) {
      const childRel = rel === '' ? ent.name : `${rel}/${ent.name}`;
      const childAbs = join(abs, ent.name);
      if (ent.isDirectory()) await walk(childAbs, childRel, out);
      else out.push({ name: joinPrefix(prefix, childRel), path: childAbs });
    }
  }
}

/** Go's filepath.Join(prefix, rel) followed by ToSlash, for the names HashDir produces. */
function joinPrefix(prefix: string, rel: string): string {
  if (prefix === '') return rel;
  return prefix.endsWith('/') ? prefix + rel : `${prefix}/${rel}`;
}

function hashFileSync(path: string, name: string, buf: Buffer): { sha256: Buffer; size: number } {
  // O_NONBLOCK so that opening a FIFO cannot hang; it changes nothing for regular files.
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (err) {
    throw new DirHashError(`cannot open ${path}: ${(err as Error).message}`, name);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new DirHashError(`${path} is a directory (reached through a symbolic link)`, name);
    if (!st.isFile()) throw new DirHashError(`${path} is not a regular file`, name);
    const h = createHash('sha256');
    let size = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      size += n;
      h.update(buf.subarray(0, n));
    }
    return { sha256: h.digest(), size };
  } finally {
    closeSync(fd);
  }
}

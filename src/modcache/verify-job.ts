// Verifying one module version: the zip and the extracted tree hashed with dirhash.Hash1 and
// compared with `.ziphash` and go.sum, the way `go mod verify` compares them, plus the names of
// the files that differ. Pure file reading: runs inside a worker thread.

import { createHash } from 'node:crypto';
import { readFile, lstat } from 'node:fs/promises';
import { constants as fsConstants, openSync, readSync, closeSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hash1FromDigests, hashGoMod, type FileDigest } from '../gomod/dirhash.ts';
import { openModuleZip } from '../gomod/zip.ts';
import { parseZiphash } from './layout.ts';
import { errMessage } from './scan.ts';

export type VerifyStatus = 'ok' | 'zip-mismatch' | 'tree-mismatch' | 'missing' | 'incomplete' | 'error';

export interface VerifyJob {
  key: string;
  path: string;
  version: string;
  zip: string | null;
  ziphash: string | null;
  mod: string | null;
  tree: string | null;
  partial: boolean;
  /** h1 hashes go.sum files under --roots record for the zip and for the go.mod. */
  zipSums: string[];
  modSums: string[];
}

export interface VerifyResult {
  key: string;
  path: string;
  version: string;
  status: VerifyStatus;
  details: string[];
  /** Bytes read (zip plus tree), for progress. */
  bytes: number;
  /** Verdicts of the pieces, for comparisons with `go mod verify`. */
  zip: 'ok' | 'mismatch' | 'damaged' | 'absent';
  tree: 'ok' | 'mismatch' | 'partial' | 'absent' | 'unreadable';
}

const READ_CHUNK = 256 << 10;
/** Names listed per kind of difference; the count is always given. */
const MAX_NAMED = 20;

export async function verifyVersion(job: VerifyJob, buf: Buffer = Buffer.allocUnsafe(READ_CHUNK)): Promise<VerifyResult> {
  const details: string[] = [];
  const r: VerifyResult = { key: job.key, path: job.path, version: job.version, status: 'ok', details, bytes: 0, zip: 'absent', tree: 'absent' };
  const prefix = `${job.path}@${job.version}`;

  let recorded: string | null = null;
  if (job.ziphash) {
    try {
      recorded = parseZiphash(await readFile(job.ziphash));
      if (!recorded) details.push('.ziphash is not a valid h1: hash (the go command rehashes the zip)');
    } catch (e) {
      details.push(`.ziphash unreadable: ${errMessage(e)}`);
    }
  }

  let zipDigests: Map<string, Buffer> | null = null;
  let zipHash: string | null = null;
  if (job.zip) {
    try {
      const z = await zipEntryDigests(job.zip);
      zipDigests = z.digests;
      zipHash = z.hash;
      r.bytes += z.size;
    } catch (e) {
      r.zip = 'damaged';
      details.push(`zip is damaged: ${errMessage(e)}`);
    }
  }

  let treeDigests: Map<string, Buffer> | null = null;
  let treeHash: string | null = null;
  const treeProblems: string[] = [];
  if (job.tree && job.partial) {
    r.tree = 'partial';
  } else if (job.tree) {
    try {
      const t = await treeFileDigests(job.tree, prefix, buf, treeProblems);
      treeDigests = t.digests;
      treeHash = t.hash;
      r.bytes += t.bytes;
    } catch (e) {
      r.tree = 'unreadable';
      details.push(`extracted tree unreadable: ${errMessage(e)}`);
    }
  }

  // The reference: `.ziphash` as the go command uses it; go.sum lines must agree with it.
  const sums = job.zipSums.filter((h) => h.startsWith('h1:'));
  if (recorded && sums.length > 0 && !sums.includes(recorded)) details.push(`.ziphash ${recorded} does not match go.sum (${sums.join(', ')})`);
  const reference = recorded ?? (sums.length === 1 ? sums[0]! : null);

  if (zipHash !== null) {
    if (reference === null) r.zip = 'ok';
    else if (zipHash === reference && (sums.length === 0 || sums.includes(zipHash))) r.zip = 'ok';
    else {
      r.zip = 'mismatch';
      details.push(`zip has been modified: its hash is ${zipHash}, expected ${reference}`);
    }
  }
  if (treeHash !== null) {
    const expected = reference ?? (r.zip === 'ok' ? zipHash : null);
    if (expected === null || treeHash === expected) r.tree = treeProblems.length ? 'mismatch' : 'ok';
    else r.tree = 'mismatch';
    if (r.tree === 'mismatch') {
      details.push(`extracted tree has been modified: its hash is ${treeHash}, expected ${expected}`);
      if (zipDigests && r.zip === 'ok') details.push(...diffNames(zipDigests, treeDigests!));
      else details.push('the changed files cannot be named: no intact zip to compare with');
      details.push(...treeProblems);
    }
  }

  if (job.mod && job.modSums.length > 0) {
    try {
      const h = hashGoMod(await readFile(job.mod));
      if (!job.modSums.includes(h)) details.push(`go.mod file has been modified: its hash is ${h}, go.sum has ${job.modSums.join(', ')}`);
    } catch (e) {
      details.push(`.mod unreadable: ${errMessage(e)}`);
    }
  }

  r.status = decide(job, r, recorded, details);
  return r;
}

function decide(job: VerifyJob, r: VerifyResult, recorded: string | null, details: string[]): VerifyStatus {
  if (r.zip === 'mismatch' || r.zip === 'damaged') return 'zip-mismatch';
  if (r.tree === 'mismatch') return 'tree-mismatch';
  if (r.tree === 'unreadable') return 'error';
  if (r.tree === 'partial') {
    details.push('extraction was interrupted (.partial is present): the go command extracts it again');
    return 'incomplete';
  }
  if (!job.ziphash && (job.zip || job.tree) && job.path !== 'golang.org/fips140') {
    details.unshift('.ziphash is missing: the go command will not use the extracted tree until it rehashes the zip');
    return 'missing';
  }
  if (job.ziphash && !job.zip && !job.tree) {
    details.push('only .ziphash is left: the go command downloads the zip again when it needs it');
    return 'incomplete';
  }
  if (details.some((d) => d.startsWith('go.mod file has been modified') || d.includes('does not match go.sum'))) return 'error';
  if (details.some((d) => d.includes('unreadable') || d.includes('not a valid h1'))) return 'error';
  if (!recorded && !job.zip && !job.tree && !job.mod) return 'incomplete';
  return 'ok';
}

/** Per-entry SHA-256 of a zip, keyed by raw name (the last entry wins, as in dirhash.HashZip). */
async function zipEntryDigests(path: string): Promise<{ digests: Map<string, Buffer>; hash: string; size: number }> {
  const zip = await openModuleZip(path, { moduleRules: false });
  try {
    const byIndex: Buffer[] = new Array(zip.entries.length);
    let h = createHash('sha256');
    await zip.forEachEntry({
      onStart() { h = createHash('sha256'); },
      onChunk(c) { h.update(c); },
      onEnd(e) { byIndex[e.index] = h.digest(); },
    });
    const last = new Map<string, Buffer>();
    for (const e of zip.entries) last.set(e.nameBytes.toString('latin1'), byIndex[e.index]!);
    const files: FileDigest[] = zip.entries.map((e) => ({ name: e.nameBytes, sha256: last.get(e.nameBytes.toString('latin1'))! }));
    const digests = new Map<string, Buffer>();
    for (const e of zip.entries) digests.set(e.nameBytes.toString('utf8'), last.get(e.nameBytes.toString('latin1'))!);
    return { digests, hash: hash1FromDigests(files), size: zip.size };
  } finally {
    await zip.close();
  }
}

/**
 * Per-file SHA-256 of an extracted tree, named `prefix/rel` as dirhash.HashDir names them.
 * Symbolic links are reported and never followed: a tree the go command extracted has none,
 * and following one could read outside the cache.
 */
async function treeFileDigests(dir: string, prefix: string, buf: Buffer, problems: string[]): Promise<{ digests: Map<string, Buffer>; hash: string; bytes: number }> {
  const digests = new Map<string, Buffer>();
  let bytes = 0;
  const walk = async (abs: string, rel: string): Promise<void> => {
    for (const ent of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel === '' ? ent.name : `${rel}/${ent.name}`;
      const childAbs = join(abs, ent.name);
      if (ent.isDirectory()) { await walk(childAbs, childRel); continue; }
      const name = `${prefix}/${childRel}`;
      if (ent.isSymbolicLink()) {
        problems.push(`symbolic link (not followed): ${childRel}`);
        digests.set(name, Buffer.alloc(0));
        continue;
      }
      if (!ent.isFile()) {
        problems.push(`not a regular file: ${childRel}`);
        continue;
      }
      const h = createHash('sha256');
      // Synchronous reads: this runs on a worker thread, and a thread-pool round trip per read
      // costs more than the read of a typical small source file.
      const fd = openSync(childAbs, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
      try {
        for (;;) {
          const n = readSync(fd, buf, 0, buf.length, null);
          if (n === 0) break;
          bytes += n;
          h.update(buf.subarray(0, n));
          // A short read of a regular file is its end: saves a read call per small file.
          if (n < buf.length) break;
        }
      } finally {
        closeSync(fd);
      }
      digests.set(name, h.digest());
    }
  };
  const st = await lstat(dir);
  if (st.isSymbolicLink()) throw new Error('the tree is a symbolic link (not followed)');
  await walk(dir, '');
  const files: FileDigest[] = [...digests].map(([name, sha256]) => ({ name, sha256 }));
  return { digests, hash: hash1FromDigests(files), bytes };
}

function diffNames(zip: Map<string, Buffer>, tree: Map<string, Buffer>): string[] {
  const changed: string[] = [];
  const removed: string[] = [];
  const added: string[] = [];
  for (const [name, d] of zip) {
    if (name.endsWith('/')) continue;
    const t = tree.get(name);
    if (!t) removed.push(name);
    else if (!t.equals(d)) changed.push(name);
  }
  for (const name of tree.keys()) if (!zip.has(name)) added.push(name);
  const out: string[] = [];
  const strip = (n: string) => n.slice(n.indexOf('/', n.indexOf('@')) + 1);
  const list = (what: string, names: string[]) => {
    if (!names.length) return;
    names.sort();
    const shown = names.slice(0, MAX_NAMED).map(strip);
    out.push(`${what} (${names.length}): ${shown.join(', ')}${names.length > MAX_NAMED ? ', …' : ''}`);
  };
  list('changed', changed);
  list('added', added);
  list('removed', removed);
  return out;
}

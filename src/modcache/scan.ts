// One pass over a module cache that finds every module version and every piece of it, and
// measures sizes by category. `cache stats`, `verify`, `prune`, `clean --partial` and the
// quick doctor facts all start from this inventory.
//
// Sizes: by default an extracted tree that the go command would treat as complete is measured
// from its zip's central directory (one read near the end of the zip) instead of one lstat per
// file, which is what makes `cache stats` faster than `du -s`. Disk usage is then estimated by
// rounding every file and directory up to the file system block. `exact: true` walks and
// lstats every file instead. Either way nothing is read through a symbolic link.

import { readdirSync, lstatSync, openSync, fstatSync, readSync, closeSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { openModuleZip } from '../gomod/zip.ts';
import { classifyAtVFile, classifyTreeSuffix, unescapeModule, TOOLCHAIN_MODULE, type VersionFileKind } from './layout.ts';

export interface FileInfo {
  size: number;
  /** Bytes allocated on disk (st_blocks × 512). */
  disk: number;
  atimeMs: number;
  mtimeMs: number;
}

export interface TreeInfo {
  dir: string;
  files: number;
  bytes: number;
  disk: number;
  /** Measured by walking the tree (true) or taken from the zip's index (false). */
  walked: boolean;
  atimeMs: number;
  mtimeMs: number;
}

export interface VersionEntry {
  /** Unescaped module path and version; null when the names on disk do not unescape. */
  path: string | null;
  version: string | null;
  escapedPath: string;
  escapedVersion: string;
  /** `path@version` when known, else the escaped form. */
  key: string;
  toolchain: boolean;
  files: Partial<Record<VersionFileKind, FileInfo>>;
  tmpFiles: { name: string; info: FileInfo }[];
  tree: TreeInfo | null;
  tmpTrees: string[];
  errors: string[];
}

export type Category = 'zips' | 'trees' | 'metadata' | 'sumdb' | 'vcs' | 'toolchains' | 'leftovers' | 'other';
export const CATEGORIES: readonly Category[] = ['zips', 'trees', 'metadata', 'sumdb', 'vcs', 'toolchains', 'leftovers', 'other'];

export interface Tally { files: number; bytes: number; disk: number }

export interface Leftover {
  kind: 'partial-marker' | 'tmp-file' | 'tmp-tree' | 'partial-tree';
  path: string;
  key: string;
}

export interface ScanError { path: string; message: string }

export interface CacheScan {
  root: string;
  exact: boolean;
  versions: VersionEntry[];
  totals: Record<Category, Tally>;
  leftovers: Leftover[];
  errors: ScanError[];
  /** The deadline cut the scan short: the figures cover only part of the cache. */
  truncated: boolean;
  /** Block size used to estimate disk usage of trees measured from their zip. */
  blockSize: number;
  durationMs: number;
}

export interface ScanOptions {
  /** lstat every file of every tree instead of reading zip indexes. */
  exact?: boolean;
  /** performance.now() value after which the scan stops (quick doctor facts). */
  deadline?: number;
  /** Do not measure trees at all (quick facts): only note that they exist. */
  skipTrees?: boolean;
}

const emptyTally = (): Tally => ({ files: 0, bytes: 0, disk: 0 });

function info(st: Stats): FileInfo {
  return { size: st.size, disk: st.blocks * 512, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs };
}

class Deadline extends Error {}

export async function scanCache(root: string, opts: ScanOptions = {}): Promise<CacheScan> {
  const started = performance.now();
  const totals = Object.fromEntries(CATEGORIES.map((c) => [c, emptyTally()])) as Record<Category, Tally>;
  const versions = new Map<string, VersionEntry>();
  const leftovers: Leftover[] = [];
  const errors: ScanError[] = [];
  let blockSize = 4096;
  let truncated = false;
  const check = () => { if (opts.deadline !== undefined && performance.now() > opts.deadline) throw new Deadline(); };
  const add = (cat: Category, files: number, bytes: number, disk: number) => {
    const t = totals[cat];
    t.files += files; t.bytes += bytes; t.disk += disk;
  };
  const list = (dir: string): Dirent[] | null => {
    try {
      return readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ path: dir, message: errMessage(e) });
      return null;
    }
  };
  const stat = (p: string): Stats | null => {
    try {
      return lstatSync(p);
    } catch (e) {
      errors.push({ path: p, message: errMessage(e) });
      return null;
    }
  };
  const entry = (escapedPath: string, escapedVersion: string): VersionEntry => {
    const k = `${escapedPath}@${escapedVersion}`;
    let v = versions.get(k);
    if (!v) {
      const u = unescapeModule(escapedPath, escapedVersion);
      v = {
        path: u.path, version: u.version, escapedPath, escapedVersion,
        key: u.path !== null && u.version !== null ? `${u.path}@${u.version}` : k,
        toolchain: u.path === TOOLCHAIN_MODULE, files: {}, tmpFiles: [], tree: null, tmpTrees: [], errors: u.error ? [u.error] : [],
      };
      versions.set(k, v);
    }
    return v;
  };

  /** Sums a subtree by walking it (sumdb, vcs, unknown directories, trees in exact mode). */
  const walkTally = (dir: string, into: Tally): void => {
    const ents = list(dir);
    if (!ents) return;
    const st = stat(dir);
    if (st) into.disk += st.blocks * 512;
    for (const d of ents) {
      check();
      const p = join(dir, d.name);
      if (d.isDirectory()) { walkTally(p, into); continue; }
      const s = stat(p);
      if (!s) continue;
      into.files++; into.bytes += s.size; into.disk += s.blocks * 512;
    }
  };

  const scanAtV = (atV: string, escapedPath: string): void => {
    let names: string[];
    try {
      names = readdirSync(atV);
    } catch (e) {
      errors.push({ path: atV, message: errMessage(e) });
      return;
    }
    for (const name of names) {
      check();
      const p = join(atV, name);
      const s = stat(p);
      if (!s) continue;
      if (!s.isFile()) {
        errors.push({ path: p, message: s.isSymbolicLink() ? 'unexpected symbolic link in the download cache' : 'unexpected non-file in the download cache' });
        add('other', 1, s.size, s.blocks * 512);
        continue;
      }
      const fi = info(s);
      const c = classifyAtVFile(name);
      if (c.kind === 'unknown') { add('other', 1, fi.size, fi.disk); continue; }
      if (!('escapedVersion' in c)) { add('metadata', 1, fi.size, fi.disk); continue; }
      const v = entry(escapedPath, c.escapedVersion);
      if (c.kind === 'tmp') {
        v.tmpFiles.push({ name, info: fi });
        leftovers.push({ kind: 'tmp-file', path: p, key: v.key });
        add('leftovers', 1, fi.size, fi.disk);
        continue;
      }
      v.files[c.kind] = fi;
      if (c.kind === 'partial') { leftovers.push({ kind: 'partial-marker', path: p, key: v.key }); add('leftovers', 1, fi.size, fi.disk); continue; }
      const cat: Category = v.toolchain ? 'toolchains' : c.kind === 'zip' || c.kind === 'ziphash' ? 'zips' : 'metadata';
      add(cat, 1, fi.size, fi.disk);
    }
  };

  /** cache/download: every directory named `@v` holds one module's versions; sumdb is separate. */
  const scanDownload = (dir: string, rel: string): void => {
    const ents = list(dir);
    if (!ents) return;
    for (const d of ents) {
      check();
      const p = join(dir, d.name);
      if (rel === '' && d.name === 'sumdb' && d.isDirectory()) {
        const t = emptyTally();
        walkTally(p, t);
        add('sumdb', t.files, t.bytes, t.disk);
        continue;
      }
      if (!d.isDirectory()) {
        if (d.isSymbolicLink()) errors.push({ path: p, message: 'unexpected symbolic link in the download cache' });
        const s = stat(p);
        if (s) add('other', 1, s.size, s.blocks * 512);
        continue;
      }
      if (d.name === '@v') scanAtV(p, rel);
      else scanDownload(p, rel === '' ? d.name : `${rel}/${d.name}`);
    }
  };

  const trees: { v: VersionEntry; dir: string; st: Stats }[] = [];
  /** The extracted area: directories named `<E(path)>@<E(version)>` are trees. */
  const scanTrees = (dir: string, rel: string): void => {
    const ents = list(dir);
    if (!ents) return;
    for (const d of ents) {
      check();
      const p = join(dir, d.name);
      if (rel === '' && d.name === 'cache') continue;
      const at = d.name.indexOf('@');
      if (!d.isDirectory()) {
        if (d.isSymbolicLink()) errors.push({ path: p, message: 'unexpected symbolic link in the module cache' });
        const s = stat(p);
        if (s) add('other', 1, s.size, s.blocks * 512);
        continue;
      }
      if (at < 0) { scanTrees(p, rel === '' ? d.name : `${rel}/${d.name}`); continue; }
      const escapedPath = (rel === '' ? '' : rel + '/') + d.name.slice(0, at);
      const t = classifyTreeSuffix(d.name.slice(at + 1));
      const v = entry(escapedPath, t.escapedVersion);
      if (t.kind === 'tmp-tree') {
        v.tmpTrees.push(p);
        leftovers.push({ kind: 'tmp-tree', path: p, key: v.key });
        const tally = emptyTally();
        walkTally(p, tally);
        add('leftovers', tally.files, tally.bytes, tally.disk);
        continue;
      }
      const st = stat(p);
      if (st) trees.push({ v, dir: p, st });
    }
  };

  try {
    const top = lstatSync(root);
    if (!top.isDirectory()) throw new Error(`${root} is not a directory`);
    blockSize = top.blksize > 0 ? top.blksize : 4096;
    scanDownload(join(root, 'cache', 'download'), '');
    const vcs = join(root, 'cache', 'vcs');
    if (statQuiet(vcs)) {
      const vt = emptyTally();
      walkTally(vcs, vt);
      add('vcs', vt.files, vt.bytes, vt.disk);
    }
    // The go command's side lock, taken around go.sum writes.
    const sideLock = statQuiet(join(root, 'cache', 'lock'));
    if (sideLock) add('metadata', 1, sideLock.size, sideLock.blocks * 512);
    scanTrees(root, '');
    for (const { v, dir, st } of trees) {
      check();
      const complete = !!v.files.ziphash && !v.files.partial;
      if (v.files.partial) leftovers.push({ kind: 'partial-tree', path: dir, key: v.key });
      if (opts.skipTrees) {
        v.tree = { dir, files: 0, bytes: 0, disk: 0, walked: false, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs };
        continue;
      }
      let tree: TreeInfo | null = null;
      if (!opts.exact && complete && v.files.zip) tree = await treeFromZip(join(root, 'cache', 'download', ...v.escapedPath.split('/'), '@v', `${v.escapedVersion}.zip`), dir, st, blockSize);
      if (!tree) {
        const t = emptyTally();
        walkTally(dir, t);
        tree = { dir, ...t, walked: true, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs };
      }
      v.tree = tree;
      add(v.toolchain ? 'toolchains' : 'trees', tree.files, tree.bytes, tree.disk);
    }
  } catch (e) {
    if (e instanceof Deadline) truncated = true;
    else errors.push({ path: root, message: errMessage(e) });
  }
  return {
    root, exact: !!opts.exact, versions: [...versions.values()], totals, leftovers, errors, truncated, blockSize,
    durationMs: performance.now() - started,
  };
}

/**
 * The size a complete tree has on disk, from its zip's central directory. Read synchronously
 * with two small reads (end record, then the directory): the general zip reader's asynchronous
 * window costs more here than the reads themselves. Zip64 or anything unusual falls back to it.
 */
async function treeFromZip(zipPath: string, dir: string, st: Stats, blockSize: number): Promise<TreeInfo | null> {
  const sizes = centralDirectorySizes(zipPath) ?? (await centralDirectorySizesSlow(zipPath));
  if (!sizes) return null;
  let files = 0;
  let bytes = 0;
  let disk = st.blocks * 512;
  const dirs = new Set<string>();
  for (const [name, size] of sizes) {
    if (name.endsWith('/')) continue;
    files++;
    bytes += size;
    disk += Math.ceil(size / blockSize) * blockSize;
    for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
      const d = name.slice(0, i);
      if (dirs.has(d)) break;
      dirs.add(d);
    }
  }
  // The shortest directory is the `module@version` prefix, i.e. the tree root counted above.
  disk += Math.max(0, dirs.size - 1) * blockSize;
  return { dir, files, bytes, disk, walked: false, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs };
}

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;

/** Scratch space reused across zips: the scan reads one zip at a time. */
let scratch = Buffer.allocUnsafe(64 << 10);

function readAt(fd: number, len: number, pos: number): Buffer | null {
  if (scratch.length < len) scratch = Buffer.allocUnsafe(Math.max(len, scratch.length * 2));
  return readSync(fd, scratch, 0, len, pos) === len ? scratch : null;
}

function centralDirectorySizes(zipPath: string): [string, number][] | null {
  let fd: number;
  try { fd = openSync(zipPath, 'r'); } catch { return null; }
  try {
    const size = fstatSync(fd).size;
    // Go-made zips have no comment, so the end record is the last 22 bytes; a comment needs a wider look.
    let eocd: { records: number; cdSize: number; cdOffset: number } | null = null;
    for (const want of [22, 22 + 0xffff]) {
      const tailLen = Math.min(size, want);
      if (tailLen < 22) return null;
      const tail = readAt(fd, tailLen, size - tailLen);
      if (!tail) return null;
      for (let i = tailLen - 22; i >= 0; i--) {
        if (tail[i] === 0x50 && tail.readUInt32LE(i) === EOCD_SIG) {
          eocd = { records: tail.readUInt16LE(i + 10), cdSize: tail.readUInt32LE(i + 12), cdOffset: tail.readUInt32LE(i + 16) };
          break;
        }
      }
      if (eocd || tailLen === size) break;
    }
    if (!eocd) return null;
    const { records, cdSize, cdOffset } = eocd;
    if (records === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff || cdOffset + cdSize > size) return null;
    const cd = readAt(fd, cdSize, cdOffset);
    if (!cd) return null;
    const out: [string, number][] = new Array(records);
    let p = 0;
    for (let i = 0; i < records; i++) {
      if (p + 46 > cdSize || cd.readUInt32LE(p) !== CENTRAL_SIG) return null;
      const usize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const next = p + 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
      if (usize === 0xffffffff || next > cdSize) return null;
      out[i] = [cd.toString('latin1', p + 46, p + 46 + nameLen), usize];
      p = next;
    }
    return out;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

async function centralDirectorySizesSlow(zipPath: string): Promise<[string, number][] | null> {
  try {
    const zip = await openModuleZip(zipPath, { moduleRules: false });
    try {
      return zip.entries.map((e) => [e.nameBytes.toString('latin1'), e.uncompressedSize]);
    } finally {
      await zip.close();
    }
  } catch {
    return null;
  }
}

function statQuiet(p: string): Stats | null {
  try { return lstatSync(p); } catch { return null; }
}

export function errMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && err.code && err.syscall) return `${err.code}: ${err.syscall} failed`;
  return e instanceof Error ? e.message : String(e);
}

/** Versions the go command would find fully present: tree complete or zip complete. */
export function isComplete(v: VersionEntry): boolean {
  return !!v.files.ziphash && !v.files.partial && (!!v.files.zip || !!v.tree);
}

/**
 * When the go command last used a version, as far as the file system can tell: the latest access
 * or modification time of `.mod` (read whenever the module graph is loaded), `.ziphash` (read by
 * every build that needs the module's source), `.info` and the tree's root directory.
 */
export function lastUse(v: VersionEntry): number {
  let t = 0;
  for (const k of ['mod', 'ziphash', 'info', 'zip'] as const) {
    const f = v.files[k];
    if (f) t = Math.max(t, f.atimeMs, f.mtimeMs);
  }
  if (v.tree) t = Math.max(t, v.tree.atimeMs, v.tree.mtimeMs);
  return t;
}

/** Bytes a version occupies on disk (zip, tree and metadata; the lock file is kept on prune). */
export function versionDisk(v: VersionEntry): number {
  let d = v.tree?.disk ?? 0;
  for (const [k, f] of Object.entries(v.files)) if (k !== 'lock' && f) d += f.disk;
  for (const t of v.tmpFiles) d += t.info.disk;
  return d;
}

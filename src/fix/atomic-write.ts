// Crash-safe file replacement. A reader (or a machine that loses power) sees either the old bytes
// or the new bytes of a file, never a truncated or mixed one: the new content goes to a temporary
// file in the same directory, is flushed, and replaces the old one with rename(2).
import {
  closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync,
  renameSync, unlinkSync, writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

export interface ResolvedTarget {
  /** The path the fix named. */
  requested: string;
  /** The file that really holds the bytes: symlinks followed, so stow/chezmoi links stay links. */
  target: string;
  /** The chain of symlinks that was followed (empty for a plain file). */
  links: string[];
  exists: boolean;
}

const MAX_LINK_HOPS = 40;

/** Follows symlinks to the file that holds the bytes, also when the final target does not exist yet. */
export function resolveTarget(requested: string): ResolvedTarget {
  const links: string[] = [];
  let p = resolve(requested);
  for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
    let st;
    try {
      st = lstatSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // A missing file: resolve its directory so a created file lands where the link points.
      let dir = dirname(p);
      try { dir = realpathSync(dir); } catch { /* created later */ }
      return { requested, target: join(dir, basename(p)), links, exists: false };
    }
    if (!st.isSymbolicLink()) {
      return { requested, target: join(realpathSync(dirname(p)), basename(p)), links, exists: true };
    }
    links.push(p);
    const next = readlinkSync(p);
    p = isAbsolute(next) ? next : resolve(dirname(p), next);
  }
  throw new Error(`${requested}: too many levels of symbolic links`);
}

/** Name of the temporary file used while replacing `target`; recognisable so undo can clean it up. */
export function tempPathFor(target: string, tag: string): string {
  return join(dirname(target), `.${basename(target)}.gotune-${tag}.tmp`);
}

/** Flushes a directory so a rename or unlink inside it survives a crash. */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch {
    return; // Some platforms cannot open directories; the rename itself is still atomic.
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    // EINVAL: filesystems that do not support syncing directories.
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
  } finally {
    closeSync(fd);
  }
}

export interface AtomicWriteOptions {
  /** Permission bits of the result (kept from the replaced file). */
  mode: number;
  /** Owner and group of the result; applied when they differ from what a new file gets. */
  uid?: number;
  gid?: number;
  /** Distinguishes concurrent writers; becomes part of the temporary file's name. */
  tag: string;
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

/**
 * Replaces `target` (a real path, not a symlink) with `data`: temporary file in the same
 * directory, same mode and owner, fsync, rename, fsync of the directory. On any error the
 * temporary file is removed and the target is untouched.
 */
export function writeFileAtomic(target: string, data: Buffer, opts: AtomicWriteOptions): void {
  const tmp = tempPathFor(target, opts.tag);
  // O_EXCL: never follow or reuse something planted at the temporary name.
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, opts.mode & 0o777);
  let renamed = false;
  try {
    try {
      writeAll(fd, data);
      const st = fstatSync(fd);
      const uid = opts.uid ?? st.uid;
      const gid = opts.gid ?? st.gid;
      if (uid !== st.uid || gid !== st.gid) fchownSync(fd, uid, gid);
      // After chown (which clears set-id bits) and independent of the umask.
      fchmodSync(fd, opts.mode & 0o7777);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    renamed = true;
  } finally {
    if (!renamed) {
      try { unlinkSync(tmp); } catch { /* already gone */ }
    }
  }
  fsyncDir(dirname(target));
}

/** Removes a file durably (used when undoing a fix that created it). */
export function removeFileDurably(target: string): void {
  unlinkSync(target);
  fsyncDir(dirname(target));
}

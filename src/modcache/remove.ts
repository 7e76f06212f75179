// Deleting inside the module cache without ever reaching outside it. The go command makes
// extracted trees read-only (directories 0555); like its RemoveAll we make directories writable
// before emptying them, but only directories reached without crossing a symbolic link, and only
// under the real path of GOMODCACHE. A symbolic link is removed as a link, never followed.

import { lstatSync, readdirSync, rmdirSync, unlinkSync, chmodSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { isInside } from './layout.ts';

export class OutsideCacheError extends Error {}

export class CacheRemover {
  readonly realRoot: string;
  constructor(readonly root: string) {
    this.realRoot = realpathSync(root);
  }

  /** Throws unless `p` is strictly inside the cache and its parent resolves inside it too. */
  guard(p: string): void {
    if (!isInside(this.root, p) || p === this.root) throw new OutsideCacheError(`${p} is not inside the module cache ${this.root}`);
    let parent: string;
    try {
      parent = realpathSync(dirname(p));
    } catch {
      return; // nothing there to delete
    }
    if (!isInside(this.realRoot, parent)) throw new OutsideCacheError(`${p} leads outside the module cache (through a symbolic link to ${parent})`);
  }

  /** Removes one file or symbolic link; a missing file is fine. */
  removeFile(p: string): boolean {
    this.guard(p);
    try {
      const st = lstatSync(p);
      if (st.isDirectory()) throw new Error(`${p} is a directory`);
      unlinkSync(p);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /** Removes a directory tree (or a link standing where one was expected). */
  removeTree(dir: string): void {
    this.guard(dir);
    let st;
    try {
      st = lstatSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    if (!st.isDirectory()) {
      unlinkSync(dir);
      return;
    }
    this.emptyDir(dir, st.mode, 0);
    rmdirSync(dir);
  }

  private emptyDir(dir: string, mode: number, depth: number): void {
    if (depth > 256) throw new Error(`${dir}: directory nesting too deep`);
    if ((mode & 0o700) !== 0o700) chmodSync(dir, (mode & 0o7777) | 0o700);
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${d.name}`;
      if (d.isDirectory()) {
        const st = lstatSync(p);
        if (st.isDirectory()) {
          this.emptyDir(p, st.mode, depth + 1);
          rmdirSync(p);
          continue;
        }
      }
      unlinkSync(p);
    }
  }

  /** Removes empty directories from `dir` up to (not including) `stopAt`; best effort. */
  pruneEmptyParents(dir: string, stopAt: string): void {
    let d = dir;
    while (isInside(stopAt, d) && d !== stopAt) {
      try {
        rmdirSync(d);
      } catch {
        return;
      }
      d = dirname(d);
    }
  }
}

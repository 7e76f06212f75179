// `doctor --measure`: the small-file latency of the filesystems that hold the Go directories,
// measured the way the go command uses them — many small files created, stat'ed, read and
// removed — and of a local disk for comparison. The only writes doctor ever makes outside its own
// lock test: a private temporary directory (`.gotune-measure-<pid>-XXXXXX`) created in the
// measured directory and removed again, also after an error; one left by a killed run is removed
// by the next.
import { closeSync, constants, lstatSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { LatencyFact } from './types.ts';
import { processAlive } from './platform.ts';

/** Filesystems on a local disk (tmpfs is local but lives in memory: not a fair reference). */
export const LOCAL_DISK_FS: ReadonlySet<string> = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'jfs', 'reiserfs', 'bcachefs', 'overlay', 'apfs', 'hfs']);

export const MEASURE_PREFIX = '.gotune-measure-';
/** About the size of a typical Go source file. */
const FILE_BYTES = 4096;

export interface MeasureOptions {
  /** Files per phase (default 200). */
  files?: number;
  /** Stop starting new files after this long (the measurement covers those done). */
  budgetMs?: number;
}

/** `<prefix><pid>-XXXXXX`: the pid tells whether the run that made it is still going. */
const STALE = new RegExp(`^${MEASURE_PREFIX.replace(/\./g, '\\.')}(\\d+)-`);

function removeStale(dir: string): void {
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  for (const n of names) {
    const m = STALE.exec(n);
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    try { if (lstatSync(join(dir, n)).isDirectory()) rmSync(join(dir, n), { recursive: true, force: true }); } catch { /* leave it */ }
  }
}

/**
 * Creates, stats, reads and removes `files` files of 4 KiB in a temporary directory inside `dir`,
 * phase by phase, and reports the time per file. Never throws: failures are in `error`.
 */
export function measureSmallFiles(dir: string, opts: MeasureOptions = {}): LatencyFact {
  const want = opts.files ?? 200;
  const budget = opts.budgetMs ?? 2000;
  const fact: LatencyFact = { dir, files: 0, perFileMs: null, createMs: null, statMs: null, readMs: null, removeMs: null, error: null };
  let tmp: string | null = null;
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    removeStale(dir);
    tmp = mkdtempSync(join(dir, `${MEASURE_PREFIX}${process.pid}-`));
    const data = Buffer.alloc(FILE_BYTES, 'package p // gotune measure\n');
    const buf = Buffer.allocUnsafe(FILE_BYTES + 1);
    const names: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < want && performance.now() - t0 < budget; i++) {
      const p = join(tmp, `f${i}.go`);
      const fd = openSync(p, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
      try { writeSync(fd, data); } finally { closeSync(fd); }
      names.push(p);
    }
    const t1 = performance.now();
    for (const p of names) statSync(p);
    const t2 = performance.now();
    for (const p of names) {
      const fd = openSync(p, constants.O_RDONLY);
      try { readSync(fd, buf, 0, buf.length, 0); } finally { closeSync(fd); }
    }
    const t3 = performance.now();
    for (const p of names) unlinkSync(p);
    const t4 = performance.now();
    const n = names.length;
    fact.files = n;
    if (n > 0) {
      const r = (x: number) => Math.round((x / n) * 1000) / 1000;
      fact.createMs = r(t1 - t0);
      fact.statMs = r(t2 - t1);
      fact.readMs = r(t3 - t2);
      fact.removeMs = r(t4 - t3);
      fact.perFileMs = r(t4 - t0);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    fact.error = err.code ? `${err.code}: ${err.syscall ?? 'failed'}` : err.message;
  } finally {
    if (tmp) {
      try { rmSync(tmp, { recursive: true, force: true }); } catch (e) {
        fact.error ??= `could not remove ${tmp}: ${(e as Error).message}`;
      }
    }
  }
  return fact;
}

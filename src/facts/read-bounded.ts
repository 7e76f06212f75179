// Bounded reads for the facts layer. Buffers come from Buffer.allocUnsafe, sized from fstat, and
// only the bytes read are ever used: zero-filling a fresh 64 KiB to 1 MiB buffer for every small
// file (tmpfiles.d, version files, .netrc) was measured at over 10 ms of a 150 ms doctor run,
// more than the reads themselves.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface BoundedRead {
  data: Buffer;
  /** The file holds more than `max` bytes; `data` has the first `max`. */
  truncated: boolean;
}

/**
 * Reads an open file from its current position until EOF or `max` + 1 bytes. Files that report
 * size 0 (/proc) are read all the same. `size`: the file's size when the caller has fstat'ed it.
 */
export function readFdBounded(fd: number, max: number, size: number = fstatSync(fd).size): BoundedRead {
  let buf = Buffer.allocUnsafe(Math.max(1, Math.min(size > 0 ? size + 1 : 64 << 10, max + 1)));
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      if (total > max) break;
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
      buf.copy(bigger, 0, 0, total);
      buf = bigger;
    }
    const n = readSync(fd, buf, total, buf.length - total, null);
    if (n === 0) break;
    total += n;
  }
  return { data: buf.subarray(0, Math.min(total, max)), truncated: total > max };
}

export function readPathBounded(path: string, max: number): BoundedRead {
  const fd = openSync(path, 'r');
  try {
    return readFdBounded(fd, max);
  } finally {
    closeSync(fd);
  }
}

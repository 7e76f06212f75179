// Text edits against a file's original bytes. Offsets and lengths count bytes of the original, so
// an edit computed from a facts snapshot means exactly one thing, whatever the file's encoding.
import { createHash } from 'node:crypto';

/** The part of a FileEdit this module needs (the `file` field is the caller's business). */
export interface ByteEdit {
  offset: number;
  length: number;
  newText: string;
}

export class EditError extends Error {}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export const EMPTY_SHA256 = sha256('');

/**
 * Two edits overlap when their byte ranges share a byte, or when both touch the same offset and
 * one of them is an insertion there: then their order would be a guess.
 */
export function editsOverlap(a: ByteEdit, b: ByteEdit): boolean {
  const aEnd = a.offset + a.length;
  const bEnd = b.offset + b.length;
  if (a.offset < bEnd && b.offset < aEnd) return true;
  if (a.offset === b.offset && (a.length === 0 || b.length === 0)) return true;
  return false;
}

/** Throws EditError unless every edit lies inside the original and no two edits overlap. */
export function validateEdits(size: number, edits: readonly ByteEdit[]): void {
  for (const e of edits) {
    if (!Number.isSafeInteger(e.offset) || !Number.isSafeInteger(e.length) || e.offset < 0 || e.length < 0) {
      throw new EditError(`invalid edit range (offset ${e.offset}, length ${e.length})`);
    }
    if (e.offset + e.length > size) {
      throw new EditError(`edit at bytes ${e.offset}..${e.offset + e.length} lies past the end of the file (${size} bytes)`);
    }
    if (typeof e.newText !== 'string') throw new EditError('edit has no replacement text');
  }
  const sorted = [...edits].sort((x, y) => x.offset - y.offset || x.length - y.length);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (editsOverlap(prev, cur)) {
      throw new EditError(`overlapping edits at bytes ${prev.offset}..${prev.offset + prev.length} and ${cur.offset}..${cur.offset + cur.length}`);
    }
  }
}

/** Replaces each edited byte range; the edits must already be valid (validateEdits). */
export function spliceEdits(original: Buffer, edits: readonly { offset: number; length: number; bytes: Buffer }[]): Buffer {
  const sorted = [...edits].sort((x, y) => x.offset - y.offset);
  const parts: Buffer[] = [];
  let pos = 0;
  for (const e of sorted) {
    parts.push(original.subarray(pos, e.offset), e.bytes);
    pos = e.offset + e.length;
  }
  parts.push(original.subarray(pos));
  return Buffer.concat(parts);
}

export interface LineStyle {
  /** Most line breaks in the file are CRLF. */
  crlf: boolean;
  /** The file is non-empty and its last byte is not a line feed. */
  missingFinalNewline: boolean;
}

export function lineStyle(data: Buffer): LineStyle {
  let lf = 0;
  let crlf = 0;
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) {
    lf++;
    if (i > 0 && data[i - 1] === 13) crlf++;
  }
  return { crlf: lf > 0 && crlf * 2 > lf, missingFinalNewline: data.length > 0 && data[data.length - 1] !== 10 };
}

/**
 * Applies edits the way a careful person editing the file would: replacement text written with
 * "\n" takes the file's CRLF line breaks, and a file that had no final newline does not gain one
 * from an edit that reaches its end.
 */
export function applyEdits(original: Buffer, edits: readonly ByteEdit[]): Buffer {
  validateEdits(original.length, edits);
  const style = lineStyle(original);
  // Only the edit that ends the file decides its final byte (an insertion at the very end comes last).
  let last: ByteEdit | null = null;
  for (const e of edits) if (e.offset + e.length === original.length && (!last || e.offset >= last.offset)) last = e;
  const prepared = edits.map((e) => {
    let text = e.newText;
    if (style.crlf) text = text.replace(/\r?\n/g, '\r\n');
    if (style.missingFinalNewline && e === last) text = text.replace(/\r?\n$/, '');
    return { offset: e.offset, length: e.length, bytes: Buffer.from(text, 'utf8') };
  });
  return spliceEdits(original, prepared);
}

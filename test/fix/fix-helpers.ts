// Temporary directories and hand-built fixes for the fix engine's tests.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FixSpec, FileChange, CommandAction } from '../../src/engine/types.ts';
import type { FixRequest } from '../../src/fix/apply.ts';
import type { TestContext } from 'node:test';
import fc from 'fast-check';
import { editsOverlap, sha256, type ByteEdit } from '../../src/fix/edits.ts';

export interface Scratch {
  dir: string;
  state: string;
  path(name: string): string;
  cleanup(): void;
}

/** A memory-backed directory when there is one: property tests fsync thousands of times. */
export const FAST_TMP = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

export function scratch(prefix = 'gotune-fix-', base = tmpdir()): Scratch {
  const dir = realpathSync(mkdtempSync(join(base, prefix)));
  return {
    dir,
    state: join(dir, 'state'),
    path: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A 64 KiB tmpfs in the scratch directory, to fill up: the way to test a full disk without filling
 * a real one. Unmounted (and the scratch directory removed) after the test; null, with the test
 * skipped, where this process may not mount.
 */
export function smallTmpfs(t: TestContext, s: Scratch): string | null {
  const mnt = s.path('small');
  mkdirSync(mnt);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { encoding: 'utf8' });
  t.after(() => { if (m.status === 0) spawnSync('umount', [mnt]); s.cleanup(); });
  if (m.status !== 0) { t.skip(`cannot mount a tmpfs to simulate a full disk: ${m.stderr.trim() || m.error?.message}`); return null; }
  return mnt;
}

/** A FileChange computed against the file's current bytes. */
export function change(file: string, edits: { offset: number; length: number; newText: string }[], opts: { create?: boolean } = {}): FileChange {
  let bytes = Buffer.alloc(0);
  try { bytes = readFileSync(file); } catch { /* created by the fix */ }
  return { file, originalSha256: sha256(bytes), edits: edits.map((e) => ({ file, ...e })), ...(opts.create ? { create: true } : {}) };
}

/** Inserts `prefix` at the start of the first line that contains `needle`. */
export function commentOut(file: string, needle: string, prefix = '# '): FileChange {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in ${file}`);
  const lineStart = bytes.lastIndexOf(10, at) + 1;
  return change(file, [{ offset: lineStart, length: 0, newText: prefix }]);
}

export function request(id: string, fix: Partial<FixSpec> & { files?: FileChange[]; commands?: CommandAction[] }): FixRequest {
  return { findingId: id, message: `${id} finding`, fix: { description: `fix for ${id}`, safe: true, ...fix } };
}

/** Dotfile-like text: LF or CRLF line breaks, with or without a final newline. */
const dotfileText = fc.tuple(
  fc.array(fc.constantFrom('export GOROOT=/opt/go', '# comment', '', 'alias ll="ls -l"', 'päth=ü'), { maxLength: 20 }),
  fc.constantFrom('\n', '\r\n'),
  fc.boolean(),
).map(([lines, eol, final]) => Buffer.from(lines.join(eol) + (final && lines.length ? eol : '')));

/** Random bytes or dotfile-like text, and a random set of non-overlapping edits inside them. */
export const fileWithEdits = fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), dotfileText).chain((bytes) => {
  const size = bytes.length;
  const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('# ', '\n', '# disabled by gotune\n# ', 'x\r\n'));
  return fc.array(fc.tuple(fc.nat({ max: size }), fc.nat({ max: 20 }), text), { maxLength: 8 }).map((raw) => {
    const edits: ByteEdit[] = [];
    for (const [offset, len, newText] of raw) {
      const e = { offset, length: Math.min(len, size - offset), newText };
      if (!edits.some((o) => editsOverlap(o, e))) edits.push(e);
    }
    return { original: bytes, edits };
  });
});


/**
 * `gotune fix --apply --yes --accept-suggestions`, round after round in fresh shells, until a round
 * changes nothing: some checks can only judge after an earlier fix (a broken GOROOT hides GOPATH).
 * Asserts that it converges in one or two rounds and that the last round finds nothing to do.
 */
export function applyUntilQuiet(t: TestContext, fix: (args: string) => { status: number | null; stdout: string; stderr: string }): string[] {
  const runs: string[] = [];
  let last = '';
  for (let round = 0; round < 3; round++) {
    const r = fix('--apply --yes --accept-suggestions');
    last = r.stdout + r.stderr;
    assert.ok(r.status === 0 || r.status === 1, last);
    const id = /Recorded as run (\S+)/.exec(r.stdout)?.[1];
    if (!id) break;
    runs.push(id);
  }
  assert.match(last, /Nothing to fix|Nothing was changed/, `a last round finds nothing to do:\n${last}`);
  assert.ok(runs.length >= 1 && runs.length <= 2, `converged in ${runs.length} rounds`);
  t.diagnostic(`applied in ${runs.length} round(s): ${runs.join(', ')}`);
  return runs;
}

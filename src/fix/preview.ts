// The dry run: what a fix would do to each file and which commands it would run, computed
// against the files as they are now. Nothing is written.
import { readFileSync } from 'node:fs';
import type { FixSpec } from '../engine/types.ts';
import { resolveTarget } from './atomic-write.ts';
import { unifiedDiff } from './diff.ts';
import { applyEdits, EMPTY_SHA256, sha256 } from './edits.ts';
import { parseGoEnvWrite } from './go-env-command.ts';

export interface FilePreview {
  file: string;
  /** The real file when `file` is a symlink. */
  target: string | null;
  create: boolean;
  diff: string;
  /** Why this change cannot be applied as it stands (file edited since, malformed edit). */
  problem: string | null;
}

export interface CommandPreview {
  argv: string[];
  env: Record<string, string>;
  description: string;
  /** Undo can restore what the command changes (`go env -w` / `-u`). */
  reversible: boolean;
}

export interface FixPreview {
  description: string;
  safe: boolean;
  files: FilePreview[];
  commands: CommandPreview[];
  manual: string | null;
}

function displayPath(path: string, home: string | null): string {
  return home && path.startsWith(home + '/') ? `~${path.slice(home.length)}` : path;
}

export function previewFix(fix: FixSpec, home: string | null = null): FixPreview {
  const files: FilePreview[] = [];
  for (const change of fix.files ?? []) {
    const label = displayPath(change.file, home);
    let target: string | null = null;
    let original: Buffer | null = null;
    let problem: string | null = null;
    try {
      const r = resolveTarget(change.file);
      if (r.links.length) target = r.target;
      if (r.exists) original = readFileSync(r.target);
    } catch (e) {
      problem = (e as Error).message;
    }
    if (!problem && original === null && !change.create) problem = 'the file no longer exists';
    const before = original ?? Buffer.alloc(0);
    const isNew = original === null;
    if (!problem && sha256(before) !== (isNew ? EMPTY_SHA256 : change.originalSha256)) {
      problem = 'the file changed since it was analysed; run gotune fix again';
    }
    let diff = '';
    if (!problem) {
      try {
        const after = applyEdits(before, change.edits);
        diff = unifiedDiff(before, after, { oldLabel: isNew ? '/dev/null' : label, newLabel: label });
      } catch (e) {
        problem = `the fix is malformed: ${(e as Error).message}`;
      }
    }
    files.push({ file: change.file, target, create: isNew, diff, problem });
  }
  const commands = (fix.commands ?? []).map((c) => ({ argv: [...c.argv], env: { ...(c.env ?? {}) }, description: c.description, reversible: parseGoEnvWrite(c.argv) !== null }));
  return { description: fix.description, safe: fix.safe, files, commands, manual: fix.manual ?? null };
}

/** A command as a user would type it (quoted only where the shell needs it). */
export function shellWords(argv: readonly string[], env: Record<string, string> = {}): string {
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [...Object.entries(env).map(([k, v]) => `${k}=${q(v)}`), ...argv.map(q)].join(' ');
}

// Undo restores what a run changed, judged by the bytes on disk rather than by what the manifest
// says was done: a file that still has its new bytes gets its backup back, a file that still has
// its old bytes is left alone, and a file someone edited since is never overwritten. So undo works
// for complete runs, for runs killed half-way, and for undos killed half-way (run it again).
import { existsSync, readdirSync, readFileSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { redactValue } from '../facts/redact.ts';
import { removeFileDurably, tempPathFor, writeFileAtomic } from './atomic-write.ts';
import { commandEnv, defaultRunCommand, type CommandRunner } from './apply.ts';
import { sha256 } from './edits.ts';
import { differsOnlyInKeys } from './go-env-command.ts';
import { acquireLock, displayStatus, listRuns, writeManifest, type RunEntry, type RunManifest } from './manifest.ts';

export interface UndoOptions {
  stateDir: string;
  /** A run id (or an unambiguous prefix); default: the latest run that changed something and is not undone. */
  runId?: string;
  env?: Record<string, string | undefined>;
  goBinary?: string | null;
  runCommand?: CommandRunner;
}

export interface UndoResult {
  runId: string;
  status: 'undone' | 'undo-incomplete';
  /** Files given their original bytes back. */
  restored: string[];
  /** Files the run had created, removed again. */
  removed: string[];
  /** Files that already had their original bytes. */
  unchanged: string[];
  /** Files or settings edited after the run: left as they are, with where the backup is. */
  conflicts: string[];
  /** Commands that undo cannot reverse (only `go env -w`/`-u` can be). */
  notReversible: string[];
  messages: string[];
}

export class UndoError extends Error {}

/** Whether a run may have changed anything (interrupted runs may have). */
export function runChangedSomething(m: RunManifest): boolean {
  const status = displayStatus(m);
  if (status === 'undone') return false;
  if (status === 'interrupted' || m.status === 'undo-incomplete') return true;
  return m.files.some((f) => f.state === 'written') || m.commands.some((c) => c.state === 'done' || c.state === 'failed' || c.state === 'running');
}

export function findRun(stateDir: string, runId?: string): RunEntry {
  const runs = listRuns(stateDir);
  if (runId) {
    const matches = runs.filter((r) => r.id === runId || r.id.startsWith(runId));
    if (matches.length === 0) throw new UndoError(`no recorded run ${runId}; see gotune fix --history`);
    if (matches.length > 1) throw new UndoError(`${runId} matches several runs (${matches.map((r) => r.id).join(', ')}); give more of the id`);
    const r = matches[0]!;
    if (!r.manifest) throw new UndoError(`run ${r.id}: ${r.error ?? 'no manifest'}`);
    return r;
  }
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i]!;
    if (r.manifest && runChangedSomething(r.manifest)) return r;
  }
  throw new UndoError('nothing to undo: no applied run is recorded that is not undone already (see gotune fix --history)');
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function removeStaleTemps(target: string, runId: string): void {
  // A run or undo killed between creating its temporary file and renaming it leaves the file behind.
  for (const tag of [runId, `undo-${runId}`]) {
    const tmp = tempPathFor(target, tag);
    try { unlinkSync(tmp); } catch { /* none */ }
  }
}

export function undoRun(opts: UndoOptions): UndoResult {
  const release = acquireLock(opts.stateDir);
  try {
    const entry = findRun(opts.stateDir, opts.runId);
    return undoManifest(entry.dir, entry.manifest!, opts);
  } finally {
    release();
  }
}

function undoManifest(runDir: string, m: RunManifest, opts: UndoOptions): UndoResult {
  if (m.status === 'undone') throw new UndoError(`run ${m.id} was already undone on ${m.undo?.at ?? 'an earlier date'}`);
  const result: UndoResult = { runId: m.id, status: 'undone', restored: [], removed: [], unchanged: [], conflicts: [], notReversible: [], messages: [] };
  const tag = `undo-${m.id}`;
  m.status = 'undoing';
  m.pid = process.pid;
  writeManifest(runDir, m);

  for (const f of [...m.files].reverse()) {
    removeStaleTemps(f.target, m.id);
    const name = f.requested;
    let current: Buffer | null;
    try {
      current = readOrNull(f.target);
    } catch (e) {
      result.conflicts.push(`${name}: cannot read it (${(e as Error).message}); not restored`);
      continue;
    }
    const currentSha = current === null ? null : sha256(current);
    try {
      if (f.existed) {
        if (currentSha === f.beforeSha256) { result.unchanged.push(name); continue; }
        const backupPath = join(runDir, f.backup!);
        if (currentSha === f.afterSha256) {
          writeFileAtomic(f.target, readFileSync(backupPath), { mode: f.mode, uid: f.uid, gid: f.gid, tag });
          result.restored.push(name);
        } else {
          result.conflicts.push(`${name} was ${current === null ? 'deleted' : 'edited'} after gotune changed it; left as it is — the original is in ${backupPath}`);
        }
      } else {
        if (current === null) { result.unchanged.push(name); }
        else if (currentSha === f.afterSha256) {
          removeFileDurably(f.target);
          result.removed.push(name);
        } else {
          result.conflicts.push(`${name} was edited after gotune created it; left as it is`);
          continue;
        }
        // Directories gotune created for the file, deepest first, if nothing else moved in.
        for (const d of [...f.createdDirs].reverse()) {
          try { if (existsSync(d) && readdirSync(d).length === 0) rmdirSync(d); } catch { /* keep it */ }
        }
      }
    } catch (e) {
      result.conflicts.push(`${name}: could not be restored (${(e as Error).message}); the original is in ${f.backup ? join(runDir, f.backup) : '(none: the file was new)'}`);
    }
  }

  const env = opts.env ?? process.env;
  const run = opts.runCommand ?? defaultRunCommand;
  const goBinary = opts.goBinary || m.commands.find((c) => c.envFile !== null)?.argv[0] || 'go';
  m.envFiles.forEach((ef) => {
    removeStaleTemps(ef.path, m.id);
    const original = ef.backup ? readFileSync(join(runDir, ef.backup)) : Buffer.alloc(0);
    let current: Buffer | null;
    try {
      current = readOrNull(ef.path);
    } catch (e) {
      result.conflicts.push(`${ef.path}: cannot read it (${(e as Error).message}); go env settings not restored`);
      return;
    }
    const currentSha = current === null ? null : sha256(current);
    const unchanged = ef.existed ? currentSha === ef.beforeSha256 : current === null;
    if (unchanged) { result.unchanged.push(ef.path); return; }
    const onlyOurs = (ef.afterSha256 !== null && currentSha === ef.afterSha256) || differsOnlyInKeys(current ?? Buffer.alloc(0), original, ef.keys.map((k) => k.key));
    try {
      if (onlyOurs) {
        if (ef.existed) {
          const mode = fileMode(ef.path) ?? 0o644;
          writeFileAtomic(ef.path, original, { mode, tag });
          result.restored.push(ef.path);
        } else {
          removeFileDurably(ef.path);
          result.removed.push(ef.path);
        }
        return;
      }
    } catch (e) {
      result.conflicts.push(`${ef.path}: could not be restored (${(e as Error).message})`);
      return;
    }
    // Someone else changed other settings in the file since: put back only the keys this run touched,
    // through the go command and pinned to the same file.
    const cmdEnv = commandEnv(env, { argv: [goBinary, 'env', '-u', 'GOROOT'], env: { GOENV: ef.path } }, goBinary);
    for (const k of ef.keys) {
      const argv = k.previous === null ? [goBinary, 'env', '-u', k.key] : [goBinary, 'env', '-w', `${k.key}=${k.previous}`];
      const r = run(argv, cmdEnv);
      const shown = k.previous === null ? `${k.key} (unset)` : `${k.key}=${redactValue(k.key, k.previous)}`;
      if (r.status === 0 && !r.error) result.messages.push(`${ef.path}: restored ${shown} with go env (the file has other changes made since)`);
      else result.conflicts.push(`${ef.path}: could not restore ${shown}: ${(r.error ?? r.stderr.trim().split('\n')[0]) || `exit status ${String(r.status)}`}`);
    }
  });

  for (const c of m.commands) {
    if (c.envFile === null && (c.state === 'done' || c.state === 'running' || c.state === 'failed')) {
      result.notReversible.push(`\`${c.argv.join(' ')}\` (${c.description}) cannot be undone automatically`);
    }
  }

  result.status = result.conflicts.length ? 'undo-incomplete' : 'undone';
  m.status = result.status;
  m.undo = { at: new Date().toISOString(), messages: [...result.conflicts, ...result.messages, ...result.notReversible] };
  writeManifest(runDir, m);
  return result;
}

function fileMode(path: string): number | null {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return null;
  }
}

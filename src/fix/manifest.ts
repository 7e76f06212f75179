// The record of an applied run: what was about to change, the backups to restore it from, and
// how far the run got. It is written (atomically) before the first change and after every step,
// so a run killed at any moment can still be undone.
import { closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { processAlive } from '../facts/platform.ts';

export const MANIFEST_FORMAT = 1;
export const MANIFEST_NAME = 'manifest.json';

export type RunStatus = 'applying' | 'applied' | 'partial' | 'failed' | 'undoing' | 'undone' | 'undo-incomplete';

export interface ManifestFix {
  /** Check ID of the finding the fix came from. */
  findingId: string;
  message: string;
  description: string;
  safe: boolean;
  /** Label of the chosen alternative, for fixes offered as choices. */
  choice: string | null;
  state: 'pending' | 'applied' | 'failed' | 'skipped' | 'unchanged';
  reasons: string[];
}

export interface ManifestFile {
  /** Path as the fix named it. */
  requested: string;
  /** The real file (symlinks followed). */
  target: string;
  links: string[];
  existed: boolean;
  /** Directories created to hold a new file (removed again on undo when empty). */
  createdDirs: string[];
  beforeSha256: string;
  afterSha256: string;
  /** Backup of the original bytes, relative to the run directory (null for a created file). */
  backup: string | null;
  mode: number;
  uid: number;
  gid: number;
  /** Indices into `fixes`. */
  fixes: number[];
  state: 'pending' | 'written' | 'failed' | 'skipped';
  error: string | null;
}

export interface ManifestEnvFile {
  /** The `go env -w` file the commands write. */
  path: string;
  existed: boolean;
  beforeSha256: string;
  /** Set once the run's commands finished; null when the run stopped while they ran. */
  afterSha256: string | null;
  backup: string | null;
  /** Every key the run's commands set or unset, with its value in the file before (null: not set there). */
  keys: { key: string; previous: string | null }[];
}

export interface ManifestCommand {
  fix: number;
  argv: string[];
  env: Record<string, string>;
  description: string;
  /** Index into `envFiles` for `go env -w` / `go env -u`; null for commands undo cannot reverse. */
  envFile: number | null;
  state: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
  exitCode: number | null;
  error: string | null;
}

export interface RunManifest {
  format: typeof MANIFEST_FORMAT;
  id: string;
  tool: { name: 'gotune'; version: string };
  createdAt: string;
  updatedAt: string;
  /** Process that applied the run: a run still "applying" whose process is gone was interrupted. */
  pid: number;
  cwd: string;
  status: RunStatus;
  fixes: ManifestFix[];
  files: ManifestFile[];
  envFiles: ManifestEnvFile[];
  commands: ManifestCommand[];
  undo: { at: string; messages: string[] } | null;
}

/** `$XDG_STATE_HOME/gotune`, else `~/.local/state/gotune` (a relative XDG value is ignored, as the spec says). */
export function stateDirFor(env: Record<string, string | undefined>): string {
  const xdg = env['XDG_STATE_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'gotune');
  const home = env['HOME'] || env['USERPROFILE'];
  if (!home) throw new Error('cannot find a state directory for backups: neither XDG_STATE_HOME nor HOME is set');
  return join(home, '.local', 'state', 'gotune');
}

export function runsDir(stateDir: string): string {
  return join(stateDir, 'runs');
}

/** Sortable and unique: 20261126-071430-3fa9. */
export function newRunId(now: Date): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export function isRunId(s: string): boolean {
  return /^\d{8}-\d{6}-[0-9a-f]{4}$/.test(s);
}

export function writeManifest(runDir: string, m: RunManifest): void {
  m.updatedAt = new Date().toISOString();
  writeFileAtomic(join(runDir, MANIFEST_NAME), Buffer.from(JSON.stringify(m, null, 2) + '\n'), { mode: 0o600, tag: String(process.pid) });
}

export function readManifest(runDir: string): RunManifest {
  const m = JSON.parse(readFileSync(join(runDir, MANIFEST_NAME), 'utf8')) as RunManifest;
  if (m.format !== MANIFEST_FORMAT) throw new Error(`${runDir}: unknown manifest format ${String(m.format)}`);
  return m;
}


/** The status to show: a run left "applying"/"undoing" by a process that no longer exists was interrupted. */
export function displayStatus(m: RunManifest): RunStatus | 'interrupted' {
  if ((m.status === 'applying' || m.status === 'undoing') && (m.pid === process.pid || !processAlive(m.pid))) return 'interrupted';
  return m.status;
}

export interface RunEntry {
  id: string;
  dir: string;
  manifest: RunManifest | null;
  /** Why the manifest could not be read (a run killed before its manifest existed changed nothing). */
  error: string | null;
}

/** Every recorded run, oldest first. */
export function listRuns(stateDir: string): RunEntry[] {
  const dir = runsDir(stateDir);
  if (!existsSync(dir)) return [];
  const out: RunEntry[] = [];
  for (const id of readdirSync(dir).filter(isRunId).sort()) {
    const runDir = join(dir, id);
    if (!existsSync(join(runDir, MANIFEST_NAME))) {
      out.push({ id, dir: runDir, manifest: null, error: 'no manifest: the run stopped before changing anything' });
      continue;
    }
    try {
      out.push({ id, dir: runDir, manifest: readManifest(runDir), error: null });
    } catch (e) {
      out.push({ id, dir: runDir, manifest: null, error: (e as Error).message });
    }
  }
  return out;
}

export function createRunDir(stateDir: string, id: string): string {
  const dir = join(runsDir(stateDir), id);
  mkdirSync(join(dir, 'backups'), { recursive: true, mode: 0o700 });
  return dir;
}

export class LockError extends Error {}

/**
 * One gotune fix at a time per state directory: two runs interleaving their edits and manifests
 * could not both be undone. A lock left by a killed process is taken over.
 */
export function acquireLock(stateDir: string): () => void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, 'lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => { try { unlinkSync(path); } catch { /* already removed */ } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = NaN;
      try { holder = Number.parseInt(readFileSync(path, 'utf8'), 10); } catch { /* vanished meanwhile */ }
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
        throw new LockError(`another gotune fix is running (pid ${holder}); wait for it to finish (lock: ${path})`);
      }
      try { unlinkSync(path); } catch { /* raced with another taker */ }
    }
  }
  throw new LockError(`could not take the lock ${path}`);
}

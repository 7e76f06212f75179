// The one engine that applies fixes. Order of work, each step safe to interrupt:
//   1. inspect: read every file, check its hash and permissions, merge the edits of all fixes per
//      file (overlaps refused) — nothing is written;
//   2. record: back up every file about to change and the go env file, write the manifest;
//   3. write each file atomically, then run the commands, updating the manifest after each step.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandAction, FileChange, FixSpec } from '../engine/types.ts';
import { VERSION } from '../version.ts';
import { resolveTarget, writeFileAtomic, type ResolvedTarget } from './atomic-write.ts';
import { applyEdits, EditError, EMPTY_SHA256, editsOverlap, sha256, validateEdits, type ByteEdit } from './edits.ts';
import { cleanEnv, locateGoEnvFile, ownRootEnv, parseGoEnvWrite, rawEnvValues } from './go-env-command.ts';
import {
  acquireLock, createRunDir, LockError, newRunId, writeManifest,
  type ManifestCommand, type ManifestEnvFile, type ManifestFile, type ManifestFix, type RunManifest, type RunStatus,
} from './manifest.ts';

/** One fix to apply, as chosen by the user (for fixes offered as choices: the chosen alternative). */
export interface FixRequest {
  findingId: string;
  message: string;
  fix: FixSpec;
  choice?: string | null;
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: string;
}

export type CommandRunner = (argv: string[], env: Record<string, string>) => CommandResult;

export interface EngineOptions {
  /** Where runs are recorded (stateDirFor(env)). */
  stateDir: string;
  /** Environment the commands run in (defaults to process.env). */
  env?: Record<string, string | undefined>;
  /** The go binary that was diagnosed; runs commands written as `go ...`. */
  goBinary?: string | null;
  /** The user gotune acts for: files owned by someone else are refused. Defaults to the effective uid. */
  uid?: number;
  runCommand?: CommandRunner;
  now?: () => Date;
}

export type FixState = 'applied' | 'skipped' | 'failed' | 'unchanged';

export interface FixOutcome {
  findingId: string;
  description: string;
  state: FixState;
  /** Why it was skipped or failed, or notes (partially applied, ...). */
  reasons: string[];
  /** Files this fix changed (as named by the fix). */
  files: string[];
  commands: string[][];
}

export interface ApplyResult {
  runId: string | null;
  runDir: string | null;
  status: RunStatus | 'nothing-to-do';
  outcomes: FixOutcome[];
}

/** The run could not be recorded (state directory not writable, disk full there): nothing was changed. */
export class FixRecordError extends Error {}

export function defaultRunCommand(argv: string[], env: Record<string, string>): CommandResult {
  const [cmd, ...args] = argv;
  if (!cmd) return { status: null, stdout: '', stderr: '', error: 'empty command' };
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ...(r.error ? { error: r.error.message } : {}) };
}

function currentUid(): number {
  return typeof process.geteuid === 'function' ? process.geteuid() : 0;
}

/** A human reason from an fs error: the code names the cause better than the message does. */
export function describeFsError(e: unknown, path: string): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOSPC': return `${path}: no space left on the device; the file was not changed`;
    case 'EDQUOT': return `${path}: disk quota exceeded; the file was not changed`;
    case 'EACCES':
    case 'EPERM': return `${path}: permission denied; the file was not changed`;
    case 'EROFS': return `${path}: the file system is mounted read-only; the file was not changed`;
    default: return `${path}: ${err.message ?? String(e)}; the file was not changed`;
  }
}

interface TargetPlan {
  resolved: ResolvedTarget;
  requested: string;
  original: Buffer;
  existed: boolean;
  mode: number;
  uid: number;
  gid: number;
  createdDirs: string[];
  edits: { edit: ByteEdit; fix: number }[];
  fixes: Set<number>;
  after: Buffer | null;
}

type Inspection =
  | { ok: true; resolved: ResolvedTarget; original: Buffer; existed: boolean; mode: number; uid: number; gid: number; createdDirs: string[] }
  | { ok: false; state: 'skipped' | 'failed'; reason: string };

function missingDirs(dir: string): string[] {
  const out: string[] = [];
  let d = dir;
  while (!existsSync(d)) {
    out.unshift(d);
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return out;
}

/** Checks one file change against the file as it is now; reads but never writes. */
function inspectFile(change: FileChange, uid: number): Inspection {
  let resolved: ResolvedTarget;
  try {
    resolved = resolveTarget(change.file);
  } catch (e) {
    return { ok: false, state: 'failed', reason: `${change.file}: ${(e as Error).message}` };
  }
  const where = resolved.links.length ? `${change.file} (→ ${resolved.target})` : change.file;
  if (!resolved.exists) {
    if (!change.create) return { ok: false, state: 'skipped', reason: `${where} no longer exists; run gotune fix again` };
    if (change.originalSha256 !== EMPTY_SHA256) return { ok: false, state: 'skipped', reason: `${where} no longer exists; run gotune fix again` };
    const createdDirs = missingDirs(dirname(resolved.target));
    const parent = createdDirs.length ? dirname(createdDirs[0]!) : dirname(resolved.target);
    try {
      accessSync(parent, constants.W_OK);
    } catch (e) {
      return { ok: false, state: 'failed', reason: describeFsError(e, parent) };
    }
    return { ok: true, resolved, original: Buffer.alloc(0), existed: false, mode: 0o644 & ~currentUmask(), uid, gid: typeof process.getegid === 'function' ? process.getegid() : 0, createdDirs };
  }
  let st;
  try {
    st = lstatSync(resolved.target);
  } catch (e) {
    return { ok: false, state: 'failed', reason: describeFsError(e, where) };
  }
  if (!st.isFile()) return { ok: false, state: 'failed', reason: `${where} is not a regular file; gotune only edits regular files` };
  if (st.uid !== uid) {
    return { ok: false, state: 'failed', reason: `${where} is owned by uid ${st.uid}, not by you (uid ${uid}); gotune does not edit other users' files — change it yourself` };
  }
  if ((st.mode & 0o200) === 0) {
    return { ok: false, state: 'failed', reason: `${where} is read-only (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}); gotune leaves it alone — make it writable if you want it changed` };
  }
  if (st.nlink > 1) {
    return { ok: false, state: 'failed', reason: `${where} has ${st.nlink} hard links; replacing it would break them — edit it by hand` };
  }
  try {
    accessSync(dirname(resolved.target), constants.W_OK);
  } catch (e) {
    return { ok: false, state: 'failed', reason: describeFsError(e, dirname(resolved.target)) };
  }
  let original: Buffer;
  try {
    original = readFileSync(resolved.target);
  } catch (e) {
    return { ok: false, state: 'failed', reason: describeFsError(e, where) };
  }
  if (sha256(original) !== change.originalSha256) {
    return { ok: false, state: 'skipped', reason: `${where} changed since it was analysed (someone edited it meanwhile); run gotune fix again` };
  }
  return { ok: true, resolved, original, existed: true, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, createdDirs: [] };
}

function currentUmask(): number {
  // process.umask() without arguments is deprecated; reading it by setting and restoring is the documented way.
  const m = process.umask(0o022);
  process.umask(m);
  return m;
}

interface PlannedCommand {
  fix: number;
  /** argv with `go` replaced by the diagnosed go binary. */
  argv: string[];
  env: Record<string, string>;
  description: string;
  /** The go env file a `go env -w`/`-u` writes; null for other commands. */
  envPath: string | null;
  keys: string[];
}

/**
 * Whether a `go env -w`/`-u` would change nothing: every key already unset (go refuses `-u` when
 * the file does not exist at all) or already set to that value.
 */
function goEnvIsNoop(argv: readonly string[], op: 'w' | 'u', envPath: string): boolean {
  let values: Map<string, string>;
  try {
    values = rawEnvValues(readFileSync(envPath));
  } catch {
    values = new Map();
  }
  const args = argv.slice(2).filter((a) => !a.startsWith('-'));
  if (op === 'u') return args.every((k) => !values.has(k));
  return args.every((a) => {
    const eq = a.indexOf('=');
    return eq > 0 && values.get(a.slice(0, eq)) === a.slice(eq + 1);
  });
}

const sameEdit = (a: ByteEdit, b: ByteEdit) => a.offset === b.offset && a.length === b.length && a.newText === b.newText;

/** Applies the fixes; never throws for a problem with one fix or file — it is reported in the outcome. */
export function applyFixes(requests: readonly FixRequest[], opts: EngineOptions): ApplyResult {
  const uid = opts.uid ?? currentUid();
  const baseEnv = opts.env ?? process.env;
  const run = opts.runCommand ?? defaultRunCommand;
  const outcomes: FixOutcome[] = requests.map((r) => ({ findingId: r.findingId, description: r.fix.description, state: 'applied', reasons: [], files: [], commands: [] }));
  const live = requests.map(() => true);
  const fail = (i: number, state: 'skipped' | 'failed', reason: string) => {
    const o = outcomes[i]!;
    if (live[i]) { o.state = state; live[i] = false; }
    o.reasons.push(reason);
  };

  // 1. Inspect and merge.
  const goBinary = opts.goBinary || 'go';
  const envPaths = new Map<string, string | null>();
  const planned: PlannedCommand[] = [];
  const targets = new Map<string, TargetPlan>();
  requests.forEach((req, i) => {
    const changes = req.fix.files ?? [];
    const commands = req.fix.commands ?? [];
    if (changes.length === 0 && commands.length === 0) {
      fail(i, 'skipped', req.fix.manual ? `manual fix: ${req.fix.manual}` : 'this fix has nothing to apply');
      return;
    }
    const local = new Map<string, { insp: Extract<Inspection, { ok: true }>; requested: string; edits: ByteEdit[] }>();
    for (const change of changes) {
      const insp = inspectFile(change, uid);
      if (!insp.ok) { fail(i, insp.state, insp.reason); return; }
      const key = insp.resolved.target;
      const entry = local.get(key) ?? { insp, requested: change.file, edits: [] };
      entry.edits.push(...change.edits.map((e) => ({ offset: e.offset, length: e.length, newText: e.newText })));
      local.set(key, entry);
    }
    for (const [key, entry] of local) {
      try {
        validateEdits(entry.insp.original.length, entry.edits);
      } catch (e) {
        fail(i, 'failed', `${entry.requested}: the fix is malformed: ${(e as EditError).message}`);
        return;
      }
      const other = targets.get(key);
      if (other) {
        for (const e of entry.edits) {
          const clash = other.edits.find((o) => !sameEdit(o.edit, e) && editsOverlap(o.edit, e));
          if (clash) {
            fail(i, 'skipped', `${entry.requested}: its edit overlaps the edit of ${requests[clash.fix]!.findingId}; run gotune fix --apply again afterwards`);
            return;
          }
        }
      }
    }
    const mine: PlannedCommand[] = [];
    const sharedWith = new Set<string>();
    for (const cmd of commands) {
      if (!Array.isArray(cmd.argv) || cmd.argv.length === 0 || cmd.argv.some((a) => typeof a !== 'string')) {
        fail(i, 'failed', 'the fix is malformed: a command has no argv');
        return;
      }
      const argv = cmd.argv[0] === 'go' ? [goBinary, ...cmd.argv.slice(1)] : [...cmd.argv];
      const env = { ...(cmd.env ?? {}) };
      // Two findings proposing the same command (GT103 and GT406 both unset GOROOT): run it once.
      // (For go env -w/-u only GOENV in the command's environment changes what they do.)
      const sameCommand = (p: PlannedCommand) => JSON.stringify(p.argv) === JSON.stringify(argv)
        && (parseGoEnvWrite(argv) ? (p.env['GOENV'] ?? '') === (env['GOENV'] ?? '') : JSON.stringify(p.env) === JSON.stringify(env));
      const same = planned.find(sameCommand);
      if (same) { sharedWith.add(requests[same.fix]!.findingId); continue; }
      if (mine.some(sameCommand)) continue;
      const write = parseGoEnvWrite(argv);
      let envPath: string | null = null;
      if (write) {
        const cacheKey = env['GOENV'] ?? '';
        if (!envPaths.has(cacheKey)) envPaths.set(cacheKey, locateGoEnvFile(argv[0]!, commandEnv(baseEnv, { argv, env })));
        envPath = envPaths.get(cacheKey) ?? null;
        // Like overlapping edits: two fixes setting one key differently — which should win is a guess.
        const rival = planned.find((p) => p.envPath === envPath && p.keys.some((k) => write.keys.includes(k)));
        if (rival) {
          const key = rival.keys.find((k) => write.keys.includes(k))!;
          fail(i, 'skipped', `\`go ${argv.slice(1).join(' ')}\` changes ${key}, which the fix of ${requests[rival.fix]!.findingId} also changes; run gotune fix --apply again afterwards`);
          return;
        }
        if (envPath && goEnvIsNoop(argv, write.op, envPath)) continue;
      }
      mine.push({ fix: i, argv, env, description: cmd.description, envPath, keys: write?.keys ?? [] });
    }
    // Already applied: the edits would not change a byte and there is nothing to run.
    const changesBytes = [...local.values()].some((e) => !applyEdits(e.insp.original, e.edits).equals(e.insp.original) || !e.insp.existed);
    if (!changesBytes && mine.length === 0) {
      outcomes[i]!.state = 'unchanged';
      live[i] = false;
      outcomes[i]!.reasons.push(sharedWith.size ? `the same change is part of the fix of ${[...sharedWith].join(', ')}` : 'already applied: nothing would change');
      return;
    }
    for (const [key, entry] of local) {
      let plan = targets.get(key);
      if (!plan) {
        const { insp } = entry;
        plan = { resolved: insp.resolved, requested: entry.requested, original: insp.original, existed: insp.existed, mode: insp.mode, uid: insp.uid, gid: insp.gid, createdDirs: insp.createdDirs, edits: [], fixes: new Set(), after: null };
        targets.set(key, plan);
      }
      for (const e of entry.edits) if (!plan.edits.some((o) => sameEdit(o.edit, e))) plan.edits.push({ edit: e, fix: i });
      plan.fixes.add(i);
      outcomes[i]!.files.push(entry.requested);
    }
    planned.push(...mine);
    outcomes[i]!.commands = mine.map((c) => [...c.argv]);
  });

  const writes: TargetPlan[] = [];
  for (const plan of targets.values()) {
    plan.after = applyEdits(plan.original, plan.edits.map((e) => e.edit));
    if (!plan.after.equals(plan.original) || !plan.existed) writes.push(plan);
  }
  if (writes.length === 0 && planned.length === 0) {
    for (let i = 0; i < requests.length; i++) if (live[i]) { outcomes[i]!.state = 'unchanged'; live[i] = false; outcomes[i]!.reasons.push('already applied: nothing would change'); }
    return { runId: null, runDir: null, status: 'nothing-to-do', outcomes };
  }

  // 2. Record, before anything changes.
  let release: () => void;
  try {
    release = acquireLock(opts.stateDir);
  } catch (e) {
    if (e instanceof LockError) throw e;
    throw new FixRecordError(`cannot record the run under ${opts.stateDir} (${(e as Error).message}); nothing was changed`);
  }
  try {
    return record(requests, opts, { outcomes, live, fail, writes, planned, baseEnv, run });
  } finally {
    release();
  }
}

interface RunContext {
  outcomes: FixOutcome[];
  live: boolean[];
  fail: (i: number, state: 'skipped' | 'failed', reason: string) => void;
  writes: TargetPlan[];
  planned: PlannedCommand[];
  baseEnv: Record<string, string | undefined>;
  run: CommandRunner;
}

/**
 * The environment a command runs in. `go env -w`/`-u` only edit the env file, yet the go command
 * refuses to start at all when the environment holds the very mistakes being fixed (a GOROOT that
 * does not exist, a relative GOPATH, a GOFLAGS it cannot parse, a GOTOOLCHAIN it would download).
 * So for those, Go variables are dropped — except GOENV, which names the file — and the go binary's
 * own tree is named; what the fix itself sets (cmd.env) still wins.
 */
export function commandEnv(base: Record<string, string | undefined>, cmd: Pick<CommandAction, 'argv' | 'env'>, goBinary: string = cmd.argv[0] ?? 'go'): Record<string, string> {
  if (!parseGoEnvWrite(cmd.argv)) return cleanEnv({ ...base, ...(cmd.env ?? {}) });
  const kept: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(base)) if (!/^(GO|CGO_)/.test(k) || k === 'GOENV') kept[k] = v;
  return cleanEnv({ ...kept, ...ownRootEnv(goBinary), GOTOOLCHAIN: 'local', ...(cmd.env ?? {}) });
}

function record(requests: readonly FixRequest[], opts: EngineOptions, ctx: RunContext): ApplyResult {
  const { outcomes, live, fail, writes, planned, baseEnv, run } = ctx;
  const now = opts.now?.() ?? new Date();
  const id = newRunId(now);
  const attempting = [...live];
  let runDir = '';
  let prepared: { fixes: ManifestFix[]; files: ManifestFile[]; envFiles: ManifestEnvFile[]; commands: ManifestCommand[]; m: RunManifest };
  try {
    runDir = createRunDir(opts.stateDir, id);

    const fixes: ManifestFix[] = requests.map((r, i) => ({
      findingId: r.findingId, message: r.message, description: r.fix.description, safe: r.fix.safe, choice: r.choice ?? null,
      state: live[i] ? 'pending' : (outcomes[i]!.state as ManifestFix['state']), reasons: [...outcomes[i]!.reasons],
    }));

    const files: ManifestFile[] = writes.map((plan, n) => {
      let backup: string | null = null;
      if (plan.existed) {
        backup = join('backups', `file-${n}`);
        writeFileAtomic(join(runDir, backup), plan.original, { mode: 0o600, tag: id });
      }
      return {
        requested: plan.requested, target: plan.resolved.target, links: plan.resolved.links, existed: plan.existed, createdDirs: plan.createdDirs,
        beforeSha256: sha256(plan.original), afterSha256: sha256(plan.after!), backup, mode: plan.mode, uid: plan.uid, gid: plan.gid,
        fixes: [...plan.fixes], state: 'pending', error: null,
      };
    });

    const envFiles: ManifestEnvFile[] = [];
    const commands: ManifestCommand[] = [];
    for (const pc of planned) {
      if (!live[pc.fix]) continue;
      let envFile: number | null = null;
      if (pc.envPath) {
        envFile = envFiles.findIndex((f) => f.path === pc.envPath);
        if (envFile < 0) {
          let before: Buffer | null = null;
          try { before = readFileSync(pc.envPath); } catch { /* not created yet */ }
          let backup: string | null = null;
          if (before) {
            backup = join('backups', `env-${envFiles.length}`);
            writeFileAtomic(join(runDir, backup), before, { mode: 0o600, tag: id });
          }
          envFiles.push({ path: pc.envPath, existed: before !== null, beforeSha256: sha256(before ?? Buffer.alloc(0)), afterSha256: null, backup, keys: [] });
          envFile = envFiles.length - 1;
        }
        const ef = envFiles[envFile]!;
        const previous = ef.backup ? rawEnvValues(readFileSync(join(runDir, ef.backup))) : new Map<string, string>();
        for (const key of pc.keys) if (!ef.keys.some((k) => k.key === key)) ef.keys.push({ key, previous: previous.get(key) ?? null });
      }
      commands.push({ fix: pc.fix, argv: pc.argv, env: pc.env, description: pc.description, envFile, state: 'pending', exitCode: null, error: null });
    }

    const m: RunManifest = {
      format: 1, id, tool: { name: 'gotune', version: VERSION }, createdAt: now.toISOString(), updatedAt: now.toISOString(),
      pid: process.pid, cwd: process.cwd(), status: 'applying', fixes, files, envFiles, commands, undo: null,
    };
    writeManifest(runDir, m);
    prepared = { fixes, files, envFiles, commands, m };
  } catch (e) {
    // Without its backups and manifest a run could not be undone, so it does not start.
    if (runDir) rmSync(runDir, { recursive: true, force: true });
    throw new FixRecordError(`cannot record the run under ${opts.stateDir} (${(e as Error).message}); nothing was changed`);
  }
  const { fixes, files, envFiles, commands, m } = prepared;

  // 3. Change files, one atomic replacement each.
  for (let n = 0; n < writes.length; n++) {
    const plan = writes[n]!;
    const entry = files[n]!;
    const stillWanted = [...plan.fixes].some((i) => live[i]);
    if (!stillWanted) { entry.state = 'skipped'; continue; }
    let error: string | null = null;
    try {
      // Re-read: the file may have changed between inspection and now.
      let current: Buffer | null = null;
      try { current = readFileSync(plan.resolved.target); } catch { current = null; }
      const currentSha = current ? sha256(current) : EMPTY_SHA256;
      if (current === null ? plan.existed : currentSha !== entry.beforeSha256) {
        error = `${plan.requested} changed while gotune was working; it was not changed`;
      } else {
        for (const d of plan.createdDirs) if (!existsSync(d)) mkdirSync(d, { mode: 0o755 });
        writeFileAtomic(plan.resolved.target, plan.after!, { mode: plan.mode, uid: plan.uid, gid: plan.gid, tag: id });
      }
    } catch (e) {
      error = describeFsError(e, plan.requested);
    }
    if (error) {
      entry.state = 'failed';
      entry.error = error;
      for (const i of plan.fixes) if (live[i]) { fail(i, 'failed', error); fixes[i]!.state = 'failed'; }
    } else {
      entry.state = 'written';
    }
    writeManifest(runDir, m);
  }

  // 4. Commands, for fixes whose files all changed.
  for (const c of commands) {
    if (!live[c.fix]) { c.state = 'skipped'; continue; }
    const ef = c.envFile === null ? null : envFiles[c.envFile]!;
    c.state = 'running';
    if (ef) ef.afterSha256 = null;
    writeManifest(runDir, m);
    const r = run(c.argv, commandEnv(baseEnv, { argv: c.argv, env: c.env }));
    c.exitCode = r.status;
    if (r.status === 0 && !r.error) {
      c.state = 'done';
    } else {
      c.state = 'failed';
      const detail = (r.error ?? r.stderr.trim().split('\n')[0]) || `exit status ${String(r.status)}`;
      c.error = detail;
      fail(c.fix, 'failed', `\`${c.argv.join(' ')}\` failed: ${detail}`);
      fixes[c.fix]!.state = 'failed';
    }
    if (ef) {
      try { ef.afterSha256 = sha256(readFileSync(ef.path)); } catch { ef.afterSha256 = EMPTY_SHA256; }
    }
    writeManifest(runDir, m);
  }

  let applied = 0;
  let attempted = 0;
  for (let i = 0; i < requests.length; i++) {
    if (!attempting[i]) continue;
    attempted++;
    if (outcomes[i]!.state === 'failed') {
      // A fix that failed half-way keeps what it already changed: undo reverts it.
      const written = files.filter((f) => f.state === 'written' && f.fixes.includes(i)).map((f) => f.requested);
      const ran = commands.filter((c) => c.fix === i && c.state === 'done').map((c) => c.argv.join(' '));
      const done = [...written, ...ran.map((r) => `\`${r}\``)];
      if (done.length) outcomes[i]!.reasons.push(`partially applied (${done.join(', ')}); gotune fix --undo ${id} reverts it`);
    }
    if (fixes[i]!.state === 'pending') {
      fixes[i]!.state = 'applied';
      outcomes[i]!.state = 'applied';
    }
    fixes[i]!.reasons = [...outcomes[i]!.reasons];
    if (fixes[i]!.state === 'applied') applied++;
  }
  m.status = applied === attempted ? 'applied' : applied > 0 ? 'partial' : 'failed';
  writeManifest(runDir, m);
  return { runId: id, runDir, status: m.status, outcomes };
}

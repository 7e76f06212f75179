import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CheckResult } from '../engine/types.ts';
import type { FactsSnapshot } from '../facts/types.ts';
import { colorEnabled } from '../report/style.ts';
import { runDoctor } from './doctor.ts';
import { redactText } from '../facts/redact.ts';
import { applyFixes, FixRecordError, type FixRequest } from '../fix/apply.ts';
import { displayStatus, listRuns, LockError, stateDirFor, type RunEntry } from '../fix/manifest.ts';
import { collectFixable, parseOnly, selectUnattended, type FixableFinding } from '../fix/plan.ts';
import { previewFix } from '../fix/preview.ts';
import { askForFixes, canPrompt, terminalAsker, type Asker } from '../fix/prompt.ts';
import { compareAfterFix } from '../fix/recheck.ts';
import { colorsFor, renderApplyResult, renderHistory, renderPreview, renderUndoResult, shortMessage } from '../fix/render.ts';
import { UndoError, undoRun } from '../fix/undo.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './errors.ts';

export interface FixCommandOptions {
  apply?: boolean;
  yes?: boolean;
  acceptSuggestions?: boolean;
  only?: string[];
  undo?: string | boolean;
  history?: boolean;
  json?: boolean;
  online?: boolean;
  color?: boolean;
}

/** Everything `gotune fix` takes from the outside world, so tests can run it in-process. */
export interface FixIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout(s: string): void;
  stderr(s: string): void;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  asker?: () => Asker;
  /** Gathers facts and runs the checks (default: what gotune doctor does, config suppressions included). */
  diagnose?: (projectDir: string, only: string[] | null, online: boolean) => Promise<{ facts: FactsSnapshot; results: CheckResult[] }>;
  /** The user whose files may be edited (defaults to the effective uid). */
  uid?: number;
}

export function processIo(): FixIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: (s) => { process.stdout.write(s); },
    stderr: (s) => { process.stderr.write(s); },
    stdinIsTTY: !!process.stdin.isTTY,
    stdoutIsTTY: !!process.stdout.isTTY,
    asker: () => terminalAsker(process.stdin, process.stdout),
  };
}

function defaultDiagnose(io: FixIo): NonNullable<FixIo['diagnose']> {
  return async (dir, only, online) => {
    const run = await runDoctor({ dir, online, env: io.env, ...(only ? { only } : {}) });
    return { facts: run.facts, results: run.results };
  };
}

/** A run for `--history --json`: what was done, without the recorded values (they may be secrets). */
function historyEntry(r: RunEntry) {
  const m = r.manifest;
  if (!m) return { id: r.id, status: 'incomplete', error: r.error };
  return {
    id: m.id,
    status: displayStatus(m),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    fixes: m.fixes.map((f) => ({ findingId: f.findingId, description: redactText(f.description), state: f.state, choice: f.choice })),
    files: m.files.map((f) => ({ path: f.requested, target: f.target, state: f.state, created: !f.existed })),
    commands: m.commands.map((c) => ({ argv: c.argv.map(redactText), state: c.state, reversible: c.envFile !== null })),
    goEnvKeys: m.envFiles.flatMap((e) => e.keys.map((k) => k.key)),
    undo: m.undo ? { at: m.undo.at } : null,
  };
}

function jsonFixable(item: FixableFinding, home: string | null) {
  const body = (p: ReturnType<typeof previewFix>) => ({
    ...p,
    files: p.files.map((f) => ({ ...f, diff: redactText(f.diff) })),
    commands: p.commands.map((c) => ({ ...c, argv: c.argv.map(redactText) })),
  });
  return {
    id: item.finding.id,
    name: item.finding.name,
    severity: item.finding.severity,
    message: item.finding.message,
    kind: item.kind,
    fix: item.kind === 'choice'
      ? { description: item.fix.description, choices: item.fix.choices!.map((c) => ({ label: c.label, ...body(previewFix(c.fix, home)) })) }
      : body(previewFix(item.fix, home)),
  };
}

/** `gotune fix` without commander: returns the exit code. */
export async function runFixCommand(dir: string | undefined, opts: FixCommandOptions, io: FixIo): Promise<number> {
  const c = colorsFor(opts.color !== false && !opts.json && colorEnabled({ isTTY: io.stdoutIsTTY }, io.env));
  const out = (s: string) => io.stdout(s);
  const modes = [opts.apply, opts.undo !== undefined && opts.undo !== false, opts.history].filter(Boolean).length;
  if (modes > 1) throw new UsageError('choose one of --apply, --undo and --history');
  if ((opts.yes || opts.acceptSuggestions) && !opts.apply) throw new UsageError('--yes and --accept-suggestions only make sense with --apply');
  if (opts.acceptSuggestions && !opts.yes) throw new UsageError('--accept-suggestions goes with --yes (on a terminal without --yes, you are asked about each suggestion)');
  let stateDir: string;
  try {
    stateDir = stateDirFor(io.env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }

  if (opts.history) {
    const runs = listRuns(stateDir);
    if (opts.json) out(JSON.stringify({ stateDir, runs: [...runs].reverse().map(historyEntry) }, null, 2) + '\n');
    else out(renderHistory(runs, c));
    return EXIT_OK;
  }

  if (opts.undo !== undefined && opts.undo !== false) {
    try {
      const r = undoRun({ stateDir, ...(typeof opts.undo === 'string' ? { runId: opts.undo } : {}), env: io.env });
      if (opts.json) out(JSON.stringify(r, null, 2) + '\n');
      else out(renderUndoResult(r, c));
      return r.status === 'undone' ? EXIT_OK : EXIT_FINDINGS;
    } catch (e) {
      if (e instanceof UndoError || e instanceof LockError) throw new UsageError(e.message);
      throw e;
    }
  }

  if (opts.apply && !opts.yes && (!canPrompt(io.env, io.stdinIsTTY, io.stdoutIsTTY) || !io.asker)) {
    const why = io.env['CI'] ? 'CI is set' : 'there is no terminal to ask on';
    throw new UsageError(`--apply needs --yes here (${why}); preview first with: gotune fix`);
  }

  const projectDir = resolve(io.cwd, dir ?? '.');
  const only = parseOnly(opts.only);
  const diagnose = io.diagnose ?? defaultDiagnose(io);
  const { facts, results } = await diagnose(projectDir, only ? [...only] : null, !!opts.online);
  const items = collectFixable(results, only);
  const home = facts.user.home;

  if (!opts.apply) {
    if (opts.json) out(JSON.stringify({ mode: 'preview', fixes: items.map((i) => jsonFixable(i, home)) }, null, 2) + '\n');
    else out(renderPreview(items, c, home));
    return EXIT_OK;
  }

  if (items.length === 0) {
    if (opts.json) out(JSON.stringify({ mode: 'apply', runId: null, status: 'nothing-to-do', outcomes: [], notSelected: [] }, null, 2) + '\n');
    else out('Nothing to fix: no finding carries a fix gotune can apply.\n');
    return EXIT_OK;
  }

  let requests: FixRequest[];
  let notSelected: { id: string; message: string; reason: string }[] = [];
  if (opts.yes) {
    const sel = selectUnattended(items, !!opts.acceptSuggestions);
    requests = sel.requests;
    notSelected = sel.skipped.map((s) => ({ id: s.item.finding.id, message: s.item.finding.message, reason: s.reason }));
  } else {
    const asker = io.asker!();
    try {
      const sel = await askForFixes(items, asker, out, c, home);
      requests = sel.requests;
      notSelected = sel.declined.map((d) => ({ id: d.finding.id, message: d.finding.message, reason: 'declined' }));
    } finally {
      asker.close();
    }
  }

  let result;
  try {
    result = requests.length
      ? applyFixes(requests, { stateDir, env: io.env, goBinary: facts.goEnv?.binary ?? null, ...(io.uid !== undefined ? { uid: io.uid } : {}) })
      : { runId: null, runDir: null, status: 'nothing-to-do' as const, outcomes: [] };
  } catch (e) {
    if (e instanceof LockError || e instanceof FixRecordError) throw new UsageError(e.message);
    throw e;
  }

  const applied = requests.filter((_, i) => result.outcomes[i]?.state === 'applied');
  let recheck: ReturnType<typeof compareAfterFix> | null = null;
  if (applied.length) {
    const after = await diagnose(projectDir, [...new Set(applied.map((a) => a.findingId))], !!opts.online);
    recheck = compareAfterFix(applied, after.results);
  }

  if (opts.json) {
    out(JSON.stringify({ mode: 'apply', runId: result.runId, status: result.status, outcomes: result.outcomes.map((o) => ({ ...o, reasons: o.reasons.map(redactText), commands: o.commands.map((a) => a.map(redactText)) })), notSelected, recheck }, null, 2) + '\n');
  } else {
    const lines: string[] = [];
    if (result.outcomes.length) lines.push(renderApplyResult(result, c).trimEnd(), '');
    else lines.push('Nothing was changed.', '');
    if (notSelected.length) {
      lines.push('Not applied:');
      for (const n of notSelected) lines.push(`  ${c.bold(n.id)} ${shortMessage(n.message)} — ${n.reason}`);
    }
    if (recheck) {
      if (notSelected.length) lines.push('');
      lines.push('Checked again:');
      for (const g of recheck.gone) lines.push(`  ${c.green('gone')}      ${c.bold(g.findingId)} ${shortMessage(g.message)}`);
      for (const f of recheck.remaining) lines.push(`  ${c.yellow('remains')}   ${c.bold(f.id)} ${f.severity}: ${shortMessage(f.message)}`);
      if (recheck.fromEnvironment) {
        lines.push('  Some findings come from the environment of this shell, which was started before the fix:',
          '  open a new terminal (or run `exec "$SHELL" -l`) and run gotune doctor.');
      }
    }
    out(lines.join('\n').trimEnd() + '\n');
  }
  const trouble = result.outcomes.some((o) => o.state === 'failed' || o.state === 'skipped');
  return trouble ? EXIT_FINDINGS : EXIT_OK;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `gotune fix` (preview, apply, undo, history). */
export function registerFix(program: Command): void {
  program
    .command('fix')
    .description('preview, apply and undo the fixes for what gotune doctor finds (dry run by default)')
    .argument('[dir]', 'project directory (default: the current directory)')
    .option('--apply', 'apply the fixes (asks about each one on a terminal)')
    .option('-y, --yes', 'with --apply: do not ask; apply the safe fixes only')
    .option('--accept-suggestions', 'with --apply --yes: also apply suggestions, and the first alternative where a choice is offered')
    .option('--only <ids>', 'only the fixes of these checks (IDs or names, comma-separated; repeatable)', collect)
    .option('--undo [run]', 'restore the files and settings changed by the last (or the named) run')
    .option('--history', 'list the recorded runs')
    .option('--online', 'also run the checks that need the network')
    .option('--json', 'machine-readable output')
    .option('--no-color', 'no colours')
    .addHelpText('after', '\nRuns are recorded under $XDG_STATE_HOME/gotune (or ~/.local/state/gotune); see docs/fix.md.')
    .action(async (dir: string | undefined, opts: FixCommandOptions) => {
      const code = await runFixCommand(dir, opts, processIo());
      if (code !== 0) process.exitCode = code;
    });
}

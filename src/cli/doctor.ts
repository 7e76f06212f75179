import { writeFileSync, renameSync, statSync } from 'node:fs';
import { resolve, dirname, basename, join } from 'node:path';
import { Option, type Command } from 'commander';
import { gatherFacts } from '../facts/gather.ts';
import { loadFacts, FactsFileError } from '../facts/load.ts';
import type { FactsSnapshot } from '../facts/types.ts';
import { allChecks } from '../checks/index.ts';
import { runChecks, summarize, exitCodeFor } from '../engine/runner.ts';
import { loadConfig, parseSuppressFlag, ConfigError, type Suppression } from '../engine/config.ts';
import type { CheckResult, Threshold } from '../engine/types.ts';
import { renderText } from '../report/text.ts';
import { buildJsonReport } from '../report/json.ts';
import { colorEnabled, makeColors } from '../report/style.ts';
import { UsageError } from './errors.ts';

export interface DoctorOptions {
  dir?: string;
  json?: boolean;
  verbose?: boolean;
  listChecks?: boolean;
  only?: string[];
  skip?: string[];
  failOn?: Threshold;
  saveFacts?: string;
  facts?: string;
  online?: boolean;
  /** Time small-file operations where the Go directories live (GT209). */
  measure?: boolean;
  suppress?: string[];
  env?: Record<string, string | undefined>;
}

export interface DoctorRun {
  facts: FactsSnapshot;
  results: CheckResult[];
  threshold: Threshold;
  durationMs: number;
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

function validateIds(ids: string[] | undefined, flag: string): void {
  for (const id of ids ?? []) {
    if (!allChecks.some((c) => c.id === id.toUpperCase() || c.name === id.toLowerCase())) {
      throw new UsageError(`${flag}: unknown check ${JSON.stringify(id)} (see gotune doctor --list-checks)`);
    }
  }
}

/** Gathers (or loads) facts and runs the checks: the whole of doctor except the output. */
export async function runDoctor(opts: DoctorOptions): Promise<DoctorRun> {
  const started = performance.now();
  const env = opts.env ?? process.env;
  const dir = resolve(opts.dir ?? '.');
  if (!opts.facts) {
    let isDir = false;
    try { isDir = statSync(dir).isDirectory(); } catch { /* reported below */ }
    if (!isDir) throw new UsageError(`${opts.dir}: not a directory`);
  }
  validateIds(opts.only, '--only');
  validateIds(opts.skip, '--skip');
  let config;
  try { config = await loadConfig(dir); } catch (e) { if (e instanceof ConfigError) throw new UsageError(e.message); throw e; }
  const suppressions: Suppression[] = [...config.suppressions];
  for (const s of opts.suppress ?? []) {
    try { suppressions.push(parseSuppressFlag(s)); } catch (e) { throw new UsageError((e as Error).message); }
  }
  let facts: FactsSnapshot;
  if (opts.facts) {
    try { facts = loadFacts(opts.facts); } catch (e) { if (e instanceof FactsFileError) throw new UsageError(e.message); throw e; }
  } else {
    const goEnvTimeoutMs = Number(env['GOTUNE_GO_ENV_TIMEOUT_MS']) || undefined;
    facts = await gatherFacts({ env, projectDir: dir, online: !!opts.online, measure: !!opts.measure, etcDir: env['GOTUNE_ETC_DIR'] || '/etc', ...(goEnvTimeoutMs ? { goEnvTimeoutMs } : {}) });
  }
  if (opts.saveFacts) writeAtomic(opts.saveFacts, JSON.stringify(facts, null, 2) + '\n');
  const results = await runChecks(allChecks, facts, { only: opts.only, skip: opts.skip, suppressions, online: !!opts.online || facts.online });
  return { facts, results, threshold: opts.failOn ?? config.failOn ?? 'error', durationMs: performance.now() - started };
}

function writeAtomic(file: string, text: string): void {
  const tmp = join(dirname(resolve(file)), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

export function listChecksText(json: boolean): string {
  const rows = allChecks.map((c) => ({ id: c.id, name: c.name, family: c.family, severity: c.severity, fixable: c.fixable, online: !!c.online, summary: c.summary, docs: c.docs }));
  if (json) return JSON.stringify({ schemaVersion: 1, checks: rows }, null, 2) + '\n';
  const w = Math.max(...rows.map((r) => r.name.length), 4);
  return rows.map((r) => `${r.id}  ${r.name.padEnd(w)}  ${r.severity.padEnd(7)}  ${r.fixable ? 'fix' : '   '}  ${r.summary}`).join('\n') + '\n';
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('diagnose the Go environment of this machine and project (offline by default)')
    .argument('[dir]', 'project directory', '.')
    .option('--json', 'print only the JSON report on stdout')
    .option('-v, --verbose', 'list every check with its time, and fact gathering times')
    .option('--list-checks', 'list the checks (with --json: as JSON) and exit')
    .option('--only <ids>', 'run only these checks (IDs or names, comma-separated, repeatable)', collect)
    .option('--skip <ids>', 'skip these checks (comma-separated, repeatable)', collect)
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'info', 'never']))
    .option('--suppress <id=reason>', 'silence a check with a reason (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .option('--save-facts <file>', 'write the facts snapshot to FILE')
    .option('--facts <file>', 'judge a saved facts snapshot instead of this machine')
    .option('--offline', 'do not use the network (the default)')
    .option('--online', 'also run the checks that use the network')
    .option('--measure', 'time small-file operations where the caches, GOPATH and the project live, against a local disk (writes and removes a few hundred 4 KiB files there)')
    .action(async (dir: string, o: Record<string, unknown>) => {
      if (o['listChecks']) { process.stdout.write(listChecksText(!!o['json'])); return; }
      if (o['online'] && o['offline']) throw new UsageError('--online and --offline contradict each other');
      if (o['measure'] && o['facts']) throw new UsageError('--measure times this machine\'s filesystems; it cannot be combined with --facts (a saved snapshot keeps the measurements it was taken with)');
      const run = await runDoctor({
        dir,
        json: !!o['json'],
        verbose: !!o['verbose'],
        only: o['only'] as string[] | undefined,
        skip: o['skip'] as string[] | undefined,
        failOn: o['failOn'] as Threshold | undefined,
        saveFacts: o['saveFacts'] as string | undefined,
        facts: o['facts'] as string | undefined,
        online: !!o['online'],
        measure: !!o['measure'],
        suppress: o['suppress'] as string[] | undefined,
      });
      const summary = summarize(run.results);
      const exitCode = exitCodeFor(run.results, run.threshold);
      if (o['json']) {
        process.stdout.write(JSON.stringify(buildJsonReport(run.facts, run.results, summary, { threshold: run.threshold, exitCode, durationMs: run.durationMs }), null, 2) + '\n');
      } else {
        const colors = makeColors(colorEnabled(process.stdout));
        process.stdout.write(renderText(run.facts, run.results, summary, { colors, verbose: !!o['verbose'], totalMs: run.durationMs }));
      }
      process.exitCode = exitCode;
    });
}

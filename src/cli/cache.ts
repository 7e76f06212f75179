// `gotune cache stats | verify | prune | clean --partial`: the module cache, inspected,
// verified and pruned (src/modcache does the work; this file parses options and prints).

import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError, EXIT_FINDINGS } from './errors.ts';
import { colorEnabled, makeColors, type Colors } from '../report/style.ts';
import { scanCache } from '../modcache/scan.ts';
import { buildStats, formatBytes, parseAge, parseSize, type StatsReport } from '../modcache/stats.ts';
import { readRoots } from '../modcache/roots.ts';
import { verifyCache, BAD_STATUSES, type VerifyReport } from '../modcache/verify.ts';
import { planPrune, applyPrune, cleanPartial, type PrunePlan, type ApplyOutcome } from '../modcache/prune.ts';
import { LockUnavailableError } from '../modcache/lock.ts';
import { atimeReliability } from '../modcache/atime.ts';
import { checkWithSumdb } from '../modcache/verify-online.ts';
import { resolveTraceSettings } from '../trace/settings.ts';
import { winningGoPath } from '../facts/go-binaries.ts';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** GOMODCACHE as the go command resolves it: --modcache, $GOMODCACHE, `go env`, $GOPATH/pkg/mod. */
export function resolveModcache(flag: string | undefined, env: Record<string, string | undefined> = process.env): string {
  let dir = flag || env['GOMODCACHE'] || '';
  if (!dir) {
    const r = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8', timeout: 10_000, env: env as NodeJS.ProcessEnv });
    if (r.status === 0) dir = r.stdout.trim();
  }
  if (!dir) {
    const gopath = (env['GOPATH'] || join(env['HOME'] || homedir(), 'go')).split(':')[0]!;
    dir = join(gopath, 'pkg', 'mod');
  }
  if (!isAbsolute(dir)) {
    if (flag) dir = resolve(dir);
    else throw new UsageError(`GOMODCACHE must be an absolute path (got ${JSON.stringify(dir)})`);
  }
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UsageError(`module cache ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new UsageError(`module cache ${dir} is not a directory`);
  return dir;
}

function positiveInt(flag: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v)) throw new UsageError(`${flag}: expected a whole number, got ${JSON.stringify(v)}`);
    return Number(v);
  };
}

function date(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().slice(0, 10) : 'unknown';
}

class Progress {
  private last = 0;
  private readonly started = performance.now();
  constructor(private readonly enabled: boolean) {}
  update(text: (elapsedS: number) => string, force = false): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (!force && now - this.last < 150) return;
    this.last = now;
    process.stderr.write(`\r\x1b[K${text((now - this.started) / 1000)}`);
  }
  done(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}

export function registerCache(program: Command): void {
  const cache = program.command('cache').description('inspect, verify and prune the module cache (GOMODCACHE)');
  const common = (c: Command) => c.option('--modcache <dir>', 'the module cache to work on (default: the go command\'s GOMODCACHE)');

  common(cache.command('stats'))
    .description('size and file count by category and by module; with --roots, what no project references')
    .option('--json', 'print only the JSON document on stdout')
    .option('--roots <dir>', 'project directories whose go.sum files count as references (repeatable)', collect)
    .option('--exact', 'lstat every file of every extracted tree instead of reading zip indexes')
    .option('--top <n>', 'modules listed in each ranking', positiveInt('--top'), 10)
    .action(async (o: { json?: boolean; roots?: string[]; exact?: boolean; top: number; modcache?: string }) => {
      const root = resolveModcache(o.modcache);
      const scan = await scanCache(root, { exact: o.exact });
      const refs = o.roots ? readRoots(o.roots, [root]) : undefined;
      const report = buildStats(scan, { top: o.top, roots: o.roots?.map((r) => resolve(r)), refs });
      if (o.json) process.stdout.write(JSON.stringify({ ...report, atime: atimeReliability(root) }, null, 2) + '\n');
      else process.stdout.write(renderStats(report, makeColors(colorEnabled(process.stdout)), atimeReliability(root).note));
    });

  common(cache.command('verify'))
    .description('recompute the h1: hash of every zip and extracted tree; compare with .ziphash and go.sum')
    .option('--json', 'print only the JSON document on stdout')
    .option('--roots <dir>', 'check only the versions the go.sum files under DIR name, against those go.sum lines (repeatable)', collect)
    .option('--online', 'also check every version against the checksum database (signed tree head and inclusion proof verified)')
    .option('--workers <n>', 'worker threads (default: one per core)', positiveInt('--workers'))
    .action(async (o: { json?: boolean; roots?: string[]; online?: boolean; workers?: number; modcache?: string }) => {
      const root = resolveModcache(o.modcache);
      const refs = o.roots ? readRoots(o.roots, [root]) : undefined;
      const progress = new Progress(!!process.stderr.isTTY && !o.json);
      const report = await verifyCache(root, {
        refs, onlyReferenced: !!refs, workers: o.workers,
        onProgress: ({ done, total, bytes }) => progress.update((s) => {
          const rate = bytes / Math.max(s, 0.001);
          const eta = done > 0 ? ((total - done) * s) / done : 0;
          return `verify: ${done}/${total} modules, ${formatBytes(bytes)}, ${formatBytes(rate)}/s, ETA ${Math.ceil(eta)}s`;
        }),
      });
      progress.done();
      if (o.online) {
        const settings = await resolveTraceSettings(process.env, process.cwd(), winningGoPath(process.env, process.cwd()));
        const online = await checkWithSumdb(report, root, settings);
        (report as VerifyReport & { online?: typeof online }).online = online;
      }
      if (o.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else process.stdout.write(renderVerify(report, makeColors(colorEnabled(process.stdout))));
      if (report.modules.some((m) => BAD_STATUSES.includes(m.status))) process.exitCode = EXIT_FINDINGS;
    });

  common(cache.command('prune'))
    .description('remove whole module versions by policy (dry run unless --apply); all given policies must agree')
    .option('--older-than <age>', 'last used more than AGE ago (90d, 12w, 6m, 1y, 36h)')
    .option('--keep-referenced <dir>', 'keep every version a go.sum under DIR names (repeatable)', collect)
    .option('--keep-latest <n>', 'keep the N highest versions of every module', positiveInt('--keep-latest'))
    .option('--max-size <size>', 'remove least recently used versions until the cache fits in SIZE (20G, 512M)')
    .option('--toolchains', 'also remove downloaded Go toolchains (golang.org/toolchain)')
    .option('--apply', 'remove them (default: only print what would go)')
    .option('--wait <seconds>', 'wait this long for a version the go command holds locked (default 0: skip it)', positiveInt('--wait'), 0)
    .option('--json', 'print only the JSON document on stdout')
    .action(async (o: { olderThan?: string; keepReferenced?: string[]; keepLatest?: number; maxSize?: string; toolchains?: boolean; apply?: boolean; wait: number; json?: boolean; modcache?: string }) => {
      const olderThanMs = o.olderThan !== undefined ? parseAge(o.olderThan) : undefined;
      if (olderThanMs === null) throw new UsageError(`--older-than: expected an age like 90d, 12w, 6m or 36h, got ${JSON.stringify(o.olderThan)}`);
      const maxSizeBytes = o.maxSize !== undefined ? parseSize(o.maxSize) : undefined;
      if (maxSizeBytes === null) throw new UsageError(`--max-size: expected a size like 20G or 512M, got ${JSON.stringify(o.maxSize)}`);
      if (olderThanMs === undefined && !o.keepReferenced && o.keepLatest === undefined && maxSizeBytes === undefined) {
        throw new UsageError('prune needs a policy: --older-than, --keep-referenced, --keep-latest or --max-size (to remove everything, use `go clean -modcache`)');
      }
      const root = resolveModcache(o.modcache);
      const refs = o.keepReferenced ? readRoots(o.keepReferenced, [root]) : undefined;
      if (refs && refs.sumFiles.length === 0) throw new UsageError(`--keep-referenced: no go.sum file under ${o.keepReferenced!.join(', ')}; refusing to treat every version as unreferenced`);
      const scan = await scanCache(root);
      const plan = planPrune(scan, { olderThanMs, keepReferenced: refs, keepLatest: o.keepLatest, maxSizeBytes, toolchains: o.toolchains });
      const atime = atimeReliability(root);
      let outcome: ApplyOutcome | null = null;
      if (o.apply) {
        const progress = new Progress(!!process.stderr.isTTY && !o.json);
        try {
          outcome = await applyPrune(root, plan, { lockWaitSeconds: o.wait, onProgress: (d, t) => progress.update(() => `prune: ${d}/${t} versions`) });
        } catch (e) {
          if (e instanceof LockUnavailableError) throw new UsageError(e.message);
          throw e;
        } finally {
          progress.done();
        }
      }
      if (o.json) {
        process.stdout.write(JSON.stringify({ schemaVersion: 1, root, apply: !!o.apply, plan, outcome, atime, scanErrors: scan.errors }, null, 2) + '\n');
      } else {
        process.stdout.write(renderPrune(plan, outcome, makeColors(colorEnabled(process.stdout)), atime.note, olderThanMs !== undefined || maxSizeBytes !== undefined));
      }
      if (outcome && outcome.errors.length) process.exitCode = EXIT_FINDINGS;
    });

  common(cache.command('clean'))
    .description('remove leftovers of interrupted downloads and extractions (.partial, temp files)')
    .option('--partial', 'the leftovers of interrupted downloads and extractions (required)')
    .option('--dry-run', 'only list them')
    .option('--wait <seconds>', 'wait this long for a version the go command holds locked (default 0: skip it)', positiveInt('--wait'), 0)
    .option('--json', 'print only the JSON document on stdout')
    .action(async (o: { partial?: boolean; dryRun?: boolean; wait: number; json?: boolean; modcache?: string }) => {
      if (!o.partial) throw new UsageError('cache clean: say what to clean: --partial (to remove the whole cache, use `go clean -modcache`)');
      const root = resolveModcache(o.modcache);
      const scan = await scanCache(root, { skipTrees: true });
      let out;
      try {
        out = await cleanPartial(root, scan, { apply: !o.dryRun, lockWaitSeconds: o.wait });
      } catch (e) {
        if (e instanceof LockUnavailableError) throw new UsageError(e.message);
        throw e;
      }
      if (o.json) {
        process.stdout.write(JSON.stringify({ schemaVersion: 1, root, dryRun: !!o.dryRun, ...out }, null, 2) + '\n');
      } else {
        const verb = o.dryRun ? 'would remove' : 'removed';
        const lines = out.removed.map((r) => `  ${verb} ${r.kind}: ${r.path}`);
        for (const s of out.skipped) lines.push(`  skipped ${s.path}: ${s.reason}`);
        for (const e of out.errors) lines.push(`  error ${e.path}: ${e.message}`);
        lines.push(out.removed.length ? `${o.dryRun ? 'Would remove' : 'Removed'} ${out.removed.length} leftover(s) in ${root}.` : `No leftovers of interrupted downloads in ${root}.`);
        process.stdout.write(lines.join('\n') + '\n');
      }
      if (out.errors.length) process.exitCode = EXIT_FINDINGS;
    });

  // The entry of verify's worker threads when running from the single-file bundle (see verify-worker.ts).
  cache.command('__worker', { hidden: true }).action(() => {});
}

export function renderStats(r: StatsReport, c: Colors, atimeNote: string): string {
  const out: string[] = [];
  out.push(`${c.bold('Module cache')} ${r.root}`);
  out.push(`  ${formatBytes(r.total.disk)} on disk, ${r.total.files} files, ${r.moduleCount} modules, ${r.versionCount} versions${r.exact ? '' : c.dim(' (complete trees measured from their zips; --exact to walk them)')}`);
  out.push('');
  const label: Record<string, string> = { zips: 'zips', trees: 'extracted trees', metadata: '.mod, .info, list, locks', sumdb: 'checksum database', vcs: 'VCS clones', toolchains: 'Go toolchains', leftovers: 'interrupted downloads', other: 'other' };
  for (const [k, t] of Object.entries(r.categories)) {
    if (t.files === 0 && t.disk === 0) continue;
    out.push(`  ${(label[k] ?? k).padEnd(26)} ${formatBytes(t.disk).padStart(11)}  ${String(t.files).padStart(8)} files`);
  }
  const rank = (title: string, list: typeof r.largest) => {
    if (!list.length) return;
    out.push('', c.bold(title));
    for (const m of list) out.push(`  ${formatBytes(m.disk).padStart(11)}  ${String(m.versions.length).padStart(3)} version${m.versions.length === 1 ? ' ' : 's'}  last use ${date(m.lastUseMs)}  ${m.path}`);
  };
  rank('Largest modules', r.largest);
  rank('Most versions', r.mostVersions.filter((m) => m.versions.length > 1));
  if (r.unreferenced) {
    out.push('', c.bold(`Not referenced by any go.sum under ${r.unreferenced.roots.join(', ')}`) + c.dim(` (${r.unreferenced.sumFiles} go.sum files)`));
    out.push(`  ${r.unreferenced.versions.length} versions, ${formatBytes(r.unreferenced.disk)}`);
    for (const u of r.unreferenced.versions.slice(0, 20)) out.push(`  ${formatBytes(u.disk).padStart(11)}  last use ${date(u.lastUseMs)}  ${u.key}`);
    if (r.unreferenced.versions.length > 20) out.push(c.dim(`  … ${r.unreferenced.versions.length - 20} more (--json lists all)`));
  }
  if (r.leftovers) out.push('', c.yellow(`${r.leftovers} leftover(s) of interrupted downloads: gotune cache clean --partial`));
  if (r.errors.length) {
    out.push('', c.yellow(`${r.errors.length} entr${r.errors.length === 1 ? 'y' : 'ies'} could not be read:`));
    for (const e of r.errors.slice(0, 20)) out.push(`  ${e.path}: ${e.message}`);
  }
  out.push('', c.dim(atimeNote));
  return out.join('\n') + '\n';
}

export function renderVerify(r: VerifyReport, c: Colors): string {
  const out: string[] = [];
  for (const m of r.modules) {
    if (m.status === 'ok') continue;
    const tag = m.status === 'incomplete' ? c.yellow(m.status) : c.red(m.status);
    out.push(`${tag} ${m.path}@${m.version}`);
    for (const d of m.details) out.push(`    ${d}`);
  }
  for (const e of r.errors) out.push(`${c.yellow('error')} ${e.path}: ${e.message}`);
  const s = r.summary;
  const bad = BAD_STATUSES.reduce((n, k) => n + s[k], 0);
  out.push(`${bad ? c.red('✗') : c.green('✓')} ${s.total} module versions in ${r.root}: ${s.ok} ok` +
    (s['zip-mismatch'] ? `, ${s['zip-mismatch']} zip mismatch` : '') + (s['tree-mismatch'] ? `, ${s['tree-mismatch']} tree mismatch` : '') +
    (s.missing ? `, ${s.missing} missing` : '') + (s.incomplete ? `, ${s.incomplete} incomplete` : '') + (s.error ? `, ${s.error} error` : '') +
    c.dim(` (${formatBytes(s.bytes)} hashed in ${(s.durationMs / 1000).toFixed(1)} s)`));
  const online = (r as VerifyReport & { online?: { verified: number; mismatched: number; failed: number; skipped: number } }).online;
  if (online) out.push(`checksum database: ${online.verified} verified, ${online.mismatched} mismatched, ${online.failed} not verifiable, ${online.skipped} not consulted (GOSUMDB=off or GONOSUMDB/GOPRIVATE)`);
  return out.join('\n') + '\n';
}

export function renderPrune(plan: PrunePlan, outcome: ApplyOutcome | null, c: Colors, atimeNote: string, usesLastUse: boolean): string {
  const out: string[] = [];
  const verb = outcome ? 'removed' : 'would remove';
  for (const v of plan.remove) out.push(`  ${verb} ${v.key}  ${formatBytes(v.disk)}  last use ${date(v.lastUseMs)}`);
  const kept = Object.entries(plan.keptBy).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
  if (outcome) {
    for (const s of outcome.skipped) out.push(c.yellow(`  skipped ${s.key}: ${s.reason}`));
    for (const e of outcome.errors) out.push(c.red(`  error ${e.key}: ${e.message}`));
    const freed = outcome.removed.reduce((n, r) => n + r.disk, 0);
    out.push(`Removed ${outcome.removed.length} of ${plan.remove.length} versions, freed ${formatBytes(freed)} in ${(outcome.durationMs / 1000).toFixed(1)} s.`);
  } else {
    out.push(`Would remove ${plan.remove.length} versions, freeing ${formatBytes(plan.bytes)} of ${formatBytes(plan.cacheDisk)}. Run again with --apply to remove them.`);
  }
  if (kept) out.push(c.dim(`Kept: ${kept}.`));
  if (usesLastUse) out.push(c.dim(atimeNote));
  return out.join('\n') + '\n';
}

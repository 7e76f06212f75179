import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseGoMod, GoModSyntaxError } from '../gomod/modfile.ts';
import { isValid } from '../gomod/semver.ts';
import { checkPath } from '../gomod/module.ts';
import { winningGoPath } from '../facts/go-binaries.ts';
import { redactUrls } from '../facts/redact.ts';
import { Replayer, type ModuleTrace } from '../trace/replay.ts';
import { resolveTraceSettings } from '../trace/settings.ts';
import { ChainError } from '../trace/chain.ts';
import { findRepo, timeLsRemote } from '../trace/vcs.ts';
import { summarize } from '../trace/summary.ts';
import { renderModule, renderSummary, fmtMs } from '../trace/render.ts';
import { colorEnabled, makeColors } from '../report/style.ts';
import { UsageError } from './errors.ts';

export interface TraceTarget { path: string; query: string }

export function parseTarget(arg: string): TraceTarget {
  const at = arg.lastIndexOf('@');
  const path = at > 0 ? arg.slice(0, at) : arg;
  const query = at > 0 ? arg.slice(at + 1) : 'latest';
  const bad = checkPath(path);
  if (bad) throw new UsageError(`${arg}: ${bad.message}`);
  if (query !== 'latest' && !isValid(query)) throw new UsageError(`${arg}: version must be a semantic version (v1.2.3) or "latest"`);
  return { path, query };
}

/** The requirements of DIR/go.mod (direct and indirect), as `go mod download` in DIR would fetch them. */
export function targetsFromGoMod(dir: string): TraceTarget[] {
  const file = join(dir, 'go.mod');
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code}); name modules or use --from DIR`); }
  try {
    const mod = parseGoMod(text, file);
    const replaced = new Set(mod.replace.filter((r) => !r.new.version).map((r) => r.old.path));
    return mod.require.filter((r) => !replaced.has(r.path)).map((r) => ({ path: r.path, query: r.version }));
  } catch (e) {
    if (e instanceof GoModSyntaxError) throw new UsageError(e.message);
    throw e;
  }
}

/** `gotune trace -- CMD...`: runs the real command through the recording proxy; its exit code is the command's. */
async function observeCommand(cmd: string[], json: boolean): Promise<void> {
  const { runObserveCommand, renderObserveText, observeToJson, ObserveError } = await import('../trace/observe.ts');
  let result;
  try {
    result = await runObserveCommand(cmd, {
      env: process.env, cwd: process.cwd(), forwardSignals: true,
      // With --json only the document goes to stdout: the command's own output moves to stderr.
      stdout: json ? process.stderr : process.stdout, stderr: process.stderr,
    });
  } catch (e) {
    if (e instanceof ObserveError) throw new UsageError(e.message);
    throw e;
  }
  if (json) process.stdout.write(observeToJson(result.report));
  else process.stderr.write('\n' + renderObserveText(result.report, { color: colorEnabled(process.stderr) }));
  process.exitCode = result.exitCode;
}

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description('time module downloads through the configured GOPROXY chain, phase by phase')
    .argument('[modules...]', 'MODULE@VERSION (or MODULE for @latest); default: the requirements of --from/go.mod')
    .option('--from <dir>', 'project whose go.mod requirements are traced', '.')
    .option('--json', 'print only the JSON document')
    .option('--serial', 'one request at a time (clean per-request phases)')
    .option('--ipv4', 'connect over IPv4 only')
    .option('--ipv6', 'connect over IPv6 only')
    .option('--compare-ip', 'trace over IPv4 and over IPv6 and compare')
    .option('--vcs', 'for modules that come from version control, find the repository and time git ls-remote')
    .option('--timeout <ms>', 'per-phase timeout in milliseconds', '15000')
    .addHelpText('after', '\nObserve a real go command instead of replaying: gotune trace [--json] -- go mod download\n')
    .action(async (mods: string[], o: Record<string, unknown>) => {
      const dashes = process.argv.indexOf('--');
      if (dashes >= 0) {
        const cmd = process.argv.slice(dashes + 1);
        if (mods.length !== cmd.length) throw new UsageError('name modules or a command after --, not both');
        await observeCommand(cmd, !!o['json']);
        return;
      }
      if (o['ipv4'] && o['ipv6']) throw new UsageError('--ipv4 and --ipv6 contradict each other');
      const phaseMs = Number(o['timeout']);
      if (!Number.isFinite(phaseMs) || phaseMs <= 0) throw new UsageError(`--timeout: not a positive number of milliseconds: ${String(o['timeout'])}`);
      const targets = mods.length ? mods.map(parseTarget) : targetsFromGoMod(resolve(String(o['from'])));
      if (!targets.length) throw new UsageError('nothing to trace: go.mod has no requirements');
      const env = process.env;
      const settings = await resolveTraceSettings(env, resolve(String(o['from'])), winningGoPath(env, process.cwd()));
      const families: (4 | 6 | undefined)[] = o['compareIp'] ? [4, 6] : [o['ipv4'] ? 4 : o['ipv6'] ? 6 : undefined];
      const runs: { family: 4 | 6 | undefined; modules: ModuleTrace[]; wallMs: number }[] = [];
      for (const family of families) {
        let r: Replayer;
        try { r = new Replayer(settings, { serial: !!o['serial'], timeouts: { phaseMs, idleMs: phaseMs }, ...(family ? { family } : {}) }); } catch (e) {
          if (e instanceof ChainError) throw new UsageError(`GOPROXY: ${e.message}`);
          throw e;
        }
        const t0 = performance.now();
        const modules = await r.traceAll(targets);
        if (o['vcs']) {
          for (const m of modules.filter((x) => x.direct)) {
            const repo = await findRepo(m.path, { ...(settings.ca ? { ca: settings.ca } : {}), ...(family ? { family } : {}) });
            if ('error' in repo) { m.vcs = { repo: null, via: null, lookupMs: 0, lsRemoteMs: null, refs: 0, error: repo.error }; continue; }
            if (repo.vcs !== 'git') { m.vcs = { repo: redactUrls(repo.url), via: repo.via, lookupMs: repo.lookupMs, lsRemoteMs: null, refs: 0, error: `${repo.vcs} repositories are not timed` }; continue; }
            const ls = await timeLsRemote(repo.url, phaseMs * 4);
            m.vcs = { repo: ls.url, via: repo.via, lookupMs: repo.lookupMs, lsRemoteMs: ls.ms, refs: ls.refs, error: ls.error };
          }
        }
        runs.push({ family, modules, wallMs: performance.now() - t0 });
        r.close();
      }
      const failed = runs.some((r) => r.modules.some((m) => m.error || (m.sumdb && !m.sumdb.verified)));
      const settingsOut = { goproxy: redactUrls(settings.goproxy), gonoproxy: settings.gonoproxy, gonosumdb: settings.gonosumdb, gosumdb: settings.gosumdb, goauth: settings.goauth.split(' ')[0], caSource: settings.caSource, notes: [...settings.notes, ...settings.goauthErrors.map(redactUrls)] };
      if (o['json']) {
        const doc = { schemaVersion: 1, tool: { name: 'gotune' }, settings: settingsOut, runs: runs.map((r) => ({ family: r.family ?? null, modules: r.modules, summary: summarize(r.modules, r.wallMs) })) };
        process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
      } else {
        const color = colorEnabled(process.stdout);
        const c = makeColors(color);
        const out: string[] = [c.dim(`GOPROXY=${settingsOut.goproxy}  GOSUMDB=${settingsOut.gosumdb || '(default)'}${settingsOut.gonoproxy ? `  GONOPROXY=${settingsOut.gonoproxy}` : ''}`)];
        for (const n of settingsOut.notes) out.push(c.yellow(`note: ${n}`));
        for (const r of runs) {
          if (runs.length > 1) out.push('', c.bold(`IPv${r.family}`));
          for (const m of r.modules) out.push('', ...renderModule(m, c, color));
          out.push('', ...renderSummary(summarize(r.modules, r.wallMs), c, color));
        }
        if (runs.length === 2) {
          const [a, b] = runs.map((r) => r.wallMs) as [number, number];
          out.push('', `IPv4 ${fmtMs(a)} vs IPv6 ${fmtMs(b)}: ${a <= b ? 'IPv4' : 'IPv6'} is faster by ${fmtMs(Math.abs(a - b))}`);
        }
        process.stdout.write(out.join('\n') + '\n');
      }
      process.exitCode = failed ? 1 : 0;
    });
}

// `gotune trace -- go mod download` (any go command): runs the real command with GOPROXY and
// GOSUMDB pointed at a local recording proxy (src/trace/record-proxy.ts), reads the go command's
// own -x trace, and builds the time budget of the real run (src/trace/budget.ts).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { runBounded } from '../facts/go-env.ts';
import { redactText, redactUrls } from '../facts/redact.ts';
import { buildBudget, type BudgetPhase, type BudgetRequest, type TimeBudget } from './budget.ts';
import type { Phase } from './http-timing.ts';
import { pairXEvents, parseXLine, withXFlag, type XCommand, type XEvent, type XGet } from './go-x-trace.ts';
import { RecordingProxy, type ObservedRequest, type RecordProxyOptions, type RecordProxySettings } from './record-proxy.ts';
import { resolveTraceSettings } from './settings.ts';

export { renderObserveText, observeToJson } from './observe-report.ts';
export type { TimeBudget } from './budget.ts';
export type { ObservedRequest } from './record-proxy.ts';

export interface ObserveOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Where the command's output goes (default: this process's); null discards it. */
  stdout?: NodeJS.WritableStream | null;
  stderr?: NodeJS.WritableStream | null;
  stdin?: 'inherit' | 'ignore';
  /** Also show the -x lines gotune added (they are always parsed). */
  showTrace?: boolean;
  /** Add -x to build, install, run, test and vet too (their -x output lists every compile step). */
  xForBuild?: boolean;
  /** Skip `go env` and use these settings (tests, or a caller that resolved them already). */
  settings?: RecordProxySettings & { notes?: string[] };
  proxy?: Omit<RecordProxyOptions, 'clock'>;
  /** Kill the command after this long (default: never). */
  timeoutMs?: number;
  /** Wait this long after the command exits for requests it abandoned to finish upstream. */
  drainMs?: number;
  /**
   * For the CLI: while the command runs, SIGINT/SIGTERM/SIGHUP are passed to it instead of ending
   * gotune, so an interrupted run still gets its report (the terminal already sends Ctrl-C to both).
   */
  forwardSignals?: boolean;
}

export interface ObserveReport {
  schema: 'gotune.trace.observe/1';
  /** The command as run (redacted; the -x gotune added is listed in `xAdded`). */
  command: string[];
  exitCode: number | null;
  signal: string | null;
  wallMs: number;
  /** The chain as configured (redacted) and as the command saw it. */
  goproxy: string;
  childGoproxy: string;
  gosumdb: string;
  childGosumdb: string | null;
  sumdbRoute: RecordingProxy['sumdbRoute'];
  xAdded: boolean;
  requests: ObservedRequest[];
  /** The go command's own view of its HTTP gets and version-control commands (-x). */
  gets: XGet[];
  vcs: XCommand[];
  budget: TimeBudget;
  /** The go command's get durations against the proxy's, for the gets both saw. */
  agreement: { matched: number; goSeconds: number; proxySeconds: number };
  notes: string[];
}

export class ObserveError extends Error {}

/** The executable the way a shell would find it on the command's PATH. */
export function findExecutable(name: string, env: Record<string, string | undefined>, cwd: string): string | null {
  const canRun = (p: string) => { try { accessSync(p, constants.X_OK); return true; } catch { return false; } };
  if (name.includes('/') || (process.platform === 'win32' && name.includes('\\'))) {
    const p = isAbsolute(name) ? name : resolve(cwd, name);
    return canRun(p) ? p : null;
  }
  const exts = process.platform === 'win32' ? (env['PATHEXT'] ?? '.EXE').split(';') : [''];
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) { const p = join(dir, name + ext); if (canRun(p)) return p; }
  }
  return null;
}

const ERROR_PHASE: Record<Phase, BudgetPhase> = { dns: 'dns', tcp: 'tcp', tls: 'tls', 'proxy-connect': 'proxyConnect', request: 'other', ttfb: 'ttfb', transfer: 'transfer' };

const isGo = (p: string) => /^go(\.exe)?$/i.test(basename(p));

export async function observe(argv: string[], opts: ObserveOptions): Promise<ObserveReport> {
  if (argv.length === 0) throw new ObserveError('no command given: gotune trace -- go mod download');
  const exe = findExecutable(argv[0]!, opts.env, opts.cwd);
  if (!exe) throw new ObserveError(`${redactText(argv[0]!)}: command not found on PATH`);
  const goBinary = isGo(exe) ? exe : findExecutable('go', opts.env, opts.cwd);
  const notes: string[] = [];
  let settings: RecordProxySettings;
  const version = goBinary ? runBounded(goBinary, ['env', 'GOVERSION'], { env: opts.env, cwd: opts.cwd, timeoutMs: 10_000 }) : null;
  if (opts.settings) {
    settings = opts.settings;
    notes.push(...(opts.settings.notes ?? []));
  } else {
    const s = await resolveTraceSettings(opts.env, opts.cwd, goBinary);
    settings = s;
    notes.push(...s.notes);
  }
  // Go 1.24 added the https 4xx retry (GOAUTH); older releases ask once.
  const goVersion = (await version)?.stdout.trim() ?? '';
  const minor = /^go1\.(\d+)/.exec(goVersion);
  const retry4xxOverHttps = minor ? Number(minor[1]) >= 24 : true;

  let t0 = performance.now();
  const proxy = new RecordingProxy(settings, { retry4xxOverHttps, ...opts.proxy, clock: () => performance.now() - t0 });
  await proxy.start();
  try {
    const x = isGo(exe) ? withXFlag(argv.slice(1), opts.xForBuild) : { args: argv.slice(1), added: false, userAsked: false };
    if (!isGo(exe)) notes.push(`${basename(exe)} is not the go command: its go subprocesses inherit GOPROXY and GOSUMDB, but no -x is added`);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
    if (proxy.childGoproxy) env['GOPROXY'] = proxy.childGoproxy;
    if (proxy.childGosumdb) env['GOSUMDB'] = proxy.childGosumdb;
    const hideX = x.added && !opts.showTrace;
    const stdout = opts.stdout === undefined ? process.stdout : opts.stdout;
    const stderr = opts.stderr === undefined ? process.stderr : opts.stderr;
    const events: XEvent[] = [];
    const MAX_EVENTS = 200_000;

    t0 = performance.now();
    const child = spawn(exe, x.args, { cwd: opts.cwd, env, stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onLine = (line: string) => {
      const ev = parseXLine(line, performance.now() - t0);
      if (ev && events.length < MAX_EVENTS) events.push(ev);
      if (!(ev && hideX)) stderr?.write(line + '\n');
    };
    child.stdout.on('data', (d: Buffer) => { stdout?.write(d); });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      pending += d;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) { onLine(pending.slice(0, nl)); pending = pending.slice(nl + 1); }
      // A line longer than 1 MiB is not a -x line: pass it on as it is.
      if (pending.length > 1 << 20) { stderr?.write(pending); pending = ''; }
    });
    const forwarded: [NodeJS.Signals, () => void][] = [];
    if (opts.forwardSignals) {
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
        const h = () => { try { child.kill(sig); } catch { /* already gone */ } };
        process.on(sig, h);
        forwarded.push([sig, h]);
      }
    }
    const killTimer = opts.timeoutMs ? setTimeout(() => { notes.push(`killed after ${opts.timeoutMs} ms`); child.kill('SIGKILL'); }, opts.timeoutMs) : null;
    const exited = new Promise<{ exitCode: number | null; signal: string | null; wallMs: number }>((res, rej) => {
      let exitAt: number | null = null;
      child.once('error', (e) => rej(new ObserveError(`cannot run ${redactText(argv[0]!)}: ${e.message}`)));
      child.once('exit', () => { exitAt = performance.now() - t0; });
      child.once('close', (code, sig) => res({ exitCode: code, signal: sig, wallMs: exitAt ?? performance.now() - t0 }));
    });
    let run: Awaited<typeof exited>;
    try {
      run = await exited;
    } finally {
      if (killTimer) clearTimeout(killTimer);
      for (const [sig, h] of forwarded) process.off(sig, h);
    }
    const { exitCode, signal, wallMs } = run;
    if (pending) onLine(pending);

    // Requests the command abandoned (it exited mid-download) still finish upstream; their time
    // after the exit is clipped from the budget.
    await Promise.race([proxy.idle(), new Promise((r) => setTimeout(r, opts.drainMs ?? 2000).unref())]);

    const { gets, commands } = pairXEvents(events);
    const proxyBase = proxy.childGoproxy.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0] ?? proxy.childGosumdb?.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0] ?? '\u0000';
    const throughProxy = (u: string) => u.startsWith(proxyBase + '/');
    const requests = [...proxy.records].sort((a, b) => a.startMs - b.startMs);
    const budgetRequests: BudgetRequest[] = requests.map((r) => ({
      kind: r.kind, host: r.host, startMs: r.startMs, endMs: r.endMs,
      dns: r.dns, tcp: r.tcp, proxyConnect: r.proxyConnect, tls: r.tls, ttfb: r.ttfb, transfer: r.transfer,
      redirects: r.redirects, receivedMs: r.by === 'go' ? r.receivedMs : null, relayedMs: r.relayedMs,
      errorPhase: r.error ? ERROR_PHASE[r.error.phase] : null,
    }));
    // Gets the go command made itself (`direct`: ?go-get=1 lookups, VCS over HTTPS hosts' metadata).
    for (const g of gets) {
      if (throughProxy(g.url) || g.startMs === null) continue;
      let host = '';
      try { host = new URL(g.url).host; } catch { host = 'unknown'; }
      budgetRequests.push({ kind: 'direct', host, startMs: g.startMs, endMs: g.endMs, dns: 0, tcp: 0, proxyConnect: 0, tls: 0, ttfb: 0, transfer: 0 });
    }
    const budget = buildBudget({
      wallMs,
      requests: budgetRequests,
      vcs: commands.map((c) => ({ startMs: c.startMs, endMs: c.endMs, label: c.program })),
    });
    if (proxy.childGoproxy === '' || !/127\.0\.0\.1/.test(proxy.childGoproxy)) notes.push('GOPROXY has no proxy URL (direct or off): only the go command\'s own -x trace is observed');
    if (!x.added && !x.userAsked && isGo(exe)) notes.push('-x was not added for this subcommand: version-control commands and the go command\'s own timings are not seen; proxy traffic still is');
    notes.push(...proxy.notes);
    notes.push(...((settings as { goauthErrors?: string[] }).goauthErrors ?? []));

    return {
      schema: 'gotune.trace.observe/1',
      command: [basename(argv[0]!), ...argv.slice(1)].map(redactText),
      exitCode,
      signal,
      wallMs: Math.round(wallMs * 1000) / 1000,
      goproxy: redactUrls(settings.goproxy),
      childGoproxy: proxy.childGoproxy,
      gosumdb: redactUrls(settings.gosumdb),
      childGosumdb: proxy.childGosumdb,
      sumdbRoute: proxy.sumdbRoute,
      xAdded: x.added,
      requests,
      gets,
      vcs: commands,
      budget,
      agreement: agreement(gets, requests, throughProxy, proxyBase),
      notes,
    };
  } finally {
    await proxy.close();
  }
}

/**
 * The go command times a get from its start to the response headers. Those headers leave the
 * recording proxy when the upstream headers arrive (a streamed 2xx) or once the upstream body is
 * complete (anything relayed whole); the matching proxy time runs from the request's arrival to
 * that moment. The difference is the loopback hop and the go command's HTTP client.
 */
function agreement(gets: XGet[], requests: ObservedRequest[], throughProxy: (u: string) => boolean, base: string): ObserveReport['agreement'] {
  const used = new Set<ObservedRequest>();
  let matched = 0, goSeconds = 0, proxySeconds = 0;
  for (const g of gets) {
    if (!throughProxy(g.url) || g.seconds === null || g.startMs === null) continue;
    const suffix = g.url.slice(base.length);
    const sumdbTail = /^\/sumdb\/.*?(\/(?:lookup|tile|latest)(?:\/.*)?)$/.exec(suffix);
    const upstreamTail = sumdbTail ? sumdbTail[1]! : suffix.replace(/^\/\d+/, '');
    let best: ObservedRequest | null = null;
    for (const r of requests) {
      if (used.has(r) || r.by !== 'go' || !r.url.endsWith(upstreamTail)) continue;
      if (!best || Math.abs(r.receivedMs - g.startMs) < Math.abs(best.receivedMs - g.startMs)) best = r;
    }
    if (!best) continue;
    used.add(best);
    matched++;
    goSeconds += g.seconds;
    const headersOut = best.streamed ? best.startMs + best.time_starttransfer * 1000 : best.endMs;
    proxySeconds += (headersOut - best.receivedMs) / 1000;
  }
  return { matched, goSeconds: Math.round(goSeconds * 1000) / 1000, proxySeconds: Math.round(proxySeconds * 1000) / 1000 };
}

export type RunObserveOptions = ObserveOptions;

/**
 * For the CLI: runs the command and returns its exit code (the command's own, so scripts and CI
 * see the go command's result; 128+signal when it was killed) with the report. Failures of
 * gotune itself (no go, bad GOPROXY) throw ObserveError.
 */
export async function runObserveCommand(argv: string[], opts: RunObserveOptions): Promise<{ exitCode: number; report: ObserveReport }> {
  const report = await observe(argv, opts);
  const sigNum: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
  const exitCode = report.exitCode ?? (report.signal ? 128 + (sigNum[report.signal] ?? 1) : 1);
  return { exitCode, report };
}

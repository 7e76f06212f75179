// Text and JSON renderings of an observed go command's time budget. Every URL in a report is
// already redacted where it was recorded; the text rendering redacts again as a last guard.
import { redactUrls } from '../facts/redact.ts';
import { makeColors, type Colors } from '../report/style.ts';
import type { BudgetPhase } from './budget.ts';
import type { ObserveReport } from './observe.ts';

const PHASE_LABEL: Record<BudgetPhase, string> = {
  dns: 'DNS', tcp: 'TCP connect', proxyConnect: 'HTTP proxy CONNECT', tls: 'TLS handshake', ttfb: 'server wait (TTFB)', transfer: 'transfer', other: 'other (redirects, queueing)',
};

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const pct = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '—');
const fmtBytes = (b: number) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} B`);

function table(rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = align.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

/** The terminal summary: the budget table, network by host and by phase, the slowest requests. */
export function renderObserveText(report: ObserveReport, opts: { color?: boolean; slowest?: number } = {}): string {
  const c: Colors = makeColors(!!opts.color);
  const b = report.budget;
  const w = b.wallMs;
  const out: string[] = [];
  const status = report.exitCode === 0 ? c.green('exit 0') : c.red(report.signal ? `killed by ${report.signal}` : `exit ${report.exitCode}`);
  out.push(`${c.bold('gotune trace --')} ${report.command.join(' ')}  (${status}, wall ${fmtMs(w)})`);
  const entries = report.goproxy.split(/[,|]/).map((e) => e.trim()).filter((e) => /^(https?|file):/.test(e) || /[.:/]/.test(e));
  out.push(`GOPROXY ${redactUrls(report.goproxy)}${entries.length > 1 ? ` (${entries.map((e, i) => `#${i} ${redactUrls(e)}`).join(', ')})` : ''}; GOSUMDB ${redactUrls(report.gosumdb) || 'sum.golang.org'}`);
  out.push('');
  const p = b.parts;
  const local = p.localStartup + p.localBetween + p.localAfter;
  const rows: string[][] = [
    ['part of the wall time', 'time', 'share'],
    ['network on the critical path (module proxies)', fmtMs(p.network), pct(p.network, w)],
    ['checksum database', fmtMs(p.sumdb), pct(p.sumdb, w)],
    ['version control (direct)', fmtMs(p.vcs), pct(p.vcs, w)],
    ['recording proxy\'s own time (gotune)', fmtMs(p.relay), pct(p.relay, w)],
    ['go command local work', fmtMs(local), pct(local, w)],
    ['  start-up, before the first request', fmtMs(p.localStartup), pct(p.localStartup, w)],
    ['  between requests (extraction, hashing, disk)', fmtMs(p.localBetween), pct(p.localBetween, w)],
    ['  after the last response', fmtMs(p.localAfter), pct(p.localAfter, w)],
    ['explained', fmtMs(b.explainedMs), pct(b.explainedMs, w)],
  ];
  const t = table(rows, ['l', 'r', 'r']);
  out.push(c.bold(t[0]!), ...t.slice(1, -1), c.bold(t[t.length - 1]!));
  out.push('');

  const net = p.network + p.sumdb;
  if (net > 0) {
    const byHostReq = new Map<string, { n: number; bytes: number }>();
    for (const r of report.requests) { const e = byHostReq.get(r.host) ?? { n: 0, bytes: 0 }; e.n++; e.bytes += r.bytes; byHostReq.set(r.host, e); }
    const hostRows = Object.entries(b.byHost).sort((x, y) => y[1] - x[1]).map(([h, ms]) => [redactUrls(h), fmtMs(ms), pct(ms, net), String(byHostReq.get(h)?.n ?? 0), fmtBytes(byHostReq.get(h)?.bytes ?? 0)]);
    const th = table([['by host (network and checksum database)', 'time', 'share', 'requests', 'bytes'], ...hostRows], ['l', 'r', 'r', 'r', 'r']);
    out.push(c.bold(th[0]!), ...th.slice(1), '');
    const phaseRows = (Object.keys(PHASE_LABEL) as BudgetPhase[]).filter((k) => b.byPhase[k] > 0).map((k) => [PHASE_LABEL[k], fmtMs(b.byPhase[k]), pct(b.byPhase[k], net)]);
    const tp = table([['by phase (network and checksum database)', 'time', 'share'], ...phaseRows], ['l', 'r', 'r']);
    out.push(c.bold(tp[0]!), ...tp.slice(1), '');
  }

  const reqs = report.requests;
  const fell = reqs.filter((r) => r.outcome === 'fallthrough').length;
  const failed = reqs.filter((r) => r.outcome === 'failed').length;
  const reused = reqs.filter((r) => r.reused).length;
  out.push(`${reqs.length} upstream request${reqs.length === 1 ? '' : 's'} (${reused} on a reused connection, ${fell} fell through to the next entry, ${failed} failed); at most ${b.concurrency.maxInFlight} in flight; `
    + `their durations add up to ${fmtMs(b.concurrency.activitySumMs)}; counting concurrent time once, recorded activity covers ${fmtMs(b.concurrency.activityUnionMs)} of the wall time.`);
  if (report.sumdbRoute) {
    const probe = reqs.filter((r) => r.op === 'sumdb-supported');
    const probes = probe.map((r) => `${r.proxy}: ${r.status ?? r.error?.phase ?? 'error'} in ${fmtMs(r.time_total * 1000)}`).join('; ');
    out.push(`Checksum database: ${report.sumdbRoute.via === 'proxy' ? 'through the proxy' : report.sumdbRoute.via === 'direct' ? 'reached directly at' : 'at the URL in GOSUMDB'} ${redactUrls(report.sumdbRoute.url)}${probes ? ` (probe of <proxy>/sumdb/<name>/supported: ${probes})` : ''}.`);
  }
  if (report.vcs.length) out.push(`Version control: ${report.vcs.length} command${report.vcs.length === 1 ? '' : 's'}, ${fmtMs(report.vcs.reduce((s, v) => s + v.seconds * 1000, 0))} in total.`);
  if (report.agreement.matched) out.push(`The go command's own -x timings of ${report.agreement.matched} gets: ${fmtMs(report.agreement.goSeconds * 1000)}; the recording proxy saw ${fmtMs(report.agreement.proxySeconds * 1000)} of them.`);

  const n = opts.slowest ?? 5;
  const slow = [...reqs].sort((x, y) => (y.endMs - y.startMs) - (x.endMs - x.startMs)).slice(0, n);
  if (slow.length) {
    out.push('');
    const rowsS = slow.map((r) => [fmtMs(r.endMs - r.startMs), String(r.status ?? r.error?.phase ?? '-'), r.entry >= 0 ? `#${r.entry}` : 'sumdb', r.op, redactUrls(r.url)]);
    const ts = table([['slowest', 'status', 'entry', 'op', 'url'], ...rowsS], ['r', 'r', 'l', 'l', 'l']);
    out.push(c.bold(ts[0]!), ...ts.slice(1));
  }
  for (const note of report.notes) out.push(c.dim(`note: ${redactUrls(note)}`));
  return out.join('\n') + '\n';
}

/** The JSON document: the report as recorded, each request with curl's time_* names. */
export function observeToJson(report: ObserveReport): string {
  return JSON.stringify(report, (k, v: unknown) => (typeof v === 'string' && (k === 'url' || k === 'proxy' || k === 'message' || k === 'reason') ? redactUrls(v) : v), 2) + '\n';
}

import type { Colors } from '../report/style.ts';
import type { ModuleTrace, RequestRecord } from './replay.ts';
import { PHASES, type PhaseName, type TraceSummary } from './summary.ts';

const BAR = 40;
const OP_LABEL: Record<string, string> = { 'sumdb-supported': 'sumdb?', 'sumdb-lookup': 'lookup', 'sumdb-tile': 'tile', 'sumdb-latest': 'latest' };
const LETTER: Record<PhaseName, string> = { dns: 'd', tcp: 'c', proxyConnect: 'p', tls: 's', ttfb: 'w', transfer: 'x' };
const LABEL: Record<PhaseName, string> = { dns: 'DNS', tcp: 'TCP connect', proxyConnect: 'proxy CONNECT', tls: 'TLS', ttfb: 'server wait', transfer: 'transfer' };

function paint(c: Colors, p: PhaseName, s: string): string {
  switch (p) {
    case 'dns': return c.cyan(s);
    case 'tcp': return c.yellow(s);
    case 'proxyConnect': return c.gray(s);
    case 'tls': return c.magenta(s);
    case 'ttfb': return c.blue(s);
    default: return c.green(s);
  }
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / (1 << 20)).toFixed(1)} MB`;
}

/** One request as a bar on the module's time axis; phases coloured on a TTY, lettered otherwise. */
function bar(r: RequestRecord, t0: number, span: number, c: Colors, color: boolean): string {
  const scale = BAR / Math.max(span, 1);
  const lead = Math.min(BAR - 1, Math.floor((r.startMs - t0) * scale));
  let out = ' '.repeat(lead);
  let used = lead;
  for (const p of PHASES) {
    const n = Math.round(r[p] * scale);
    if (n <= 0 || used >= BAR) continue;
    const k = Math.min(n, BAR - used);
    out += color ? paint(c, p, '█'.repeat(k)) : LETTER[p].repeat(k);
    used += k;
  }
  if (used === lead && used < BAR) { out += color ? paint(c, 'ttfb', '▏') : '|'; used++; }
  return out + ' '.repeat(Math.max(0, BAR - used));
}

export function renderModule(m: ModuleTrace, c: Colors, color: boolean): string[] {
  const lines: string[] = [];
  const span = m.endMs - m.startMs;
  const title = `${m.path}@${m.version ?? m.query}`;
  const status = m.error ? c.red(`✗ ${m.error}`) : m.direct ? c.yellow(`→ version control: ${m.direct.reason}`) : c.green('✓');
  lines.push(`${c.bold(title)}  ${c.dim(fmtMs(span))}  ${status}`);
  for (const r of m.requests) {
    for (const h of [...r.redirects, r]) {
      const rr = h as RequestRecord;
      const st = rr.error ? c.red(`${rr.error.phase} error`) : rr.status !== null && rr.status >= 400 ? c.yellow(String(rr.status)) : String(rr.status);
      const note = rr.outcome === 'fallthrough' ? c.dim(' → next entry') : rr.outcome === 'retried' ? c.dim(' → asked again') : rr.reused ? c.dim(' reused') : '';
      lines.push(`  ${(OP_LABEL[r.op] ?? r.op).padEnd(6)} ${rr.host.padEnd(24).slice(0, 24)} ${st.padStart(3)} ${fmtBytes(rr.bytes).padStart(8)}  ${bar(rr, m.startMs, span, c, color)} ${fmtMs(rr.time_total * 1000).padStart(8)}${note}`);
    }
  }
  if (m.vcs) {
    const v = m.vcs;
    lines.push(`  ${c.dim('version control:')} ${v.repo ?? '?'}${v.via === 'go-get' ? c.dim(` (go-get lookup ${fmtMs(v.lookupMs)})`) : ''}${v.lsRemoteMs !== null ? ` git ls-remote ${fmtMs(v.lsRemoteMs)}, ${v.refs} refs` : ''}${v.error ? ' ' + c.red(v.error) : ''}`);
  }
  if (m.sumdb) lines.push(`  ${c.dim('checksum database:')} ${m.sumdb.verified ? c.green('verified') : c.red('not verified')} ${c.dim(m.sumdb.reason)}`);
  return lines;
}

export function renderSummary(s: TraceSummary, c: Colors, color: boolean): string[] {
  const lines: string[] = [];
  const total = PHASES.reduce((a, p) => a + s.phases[p], 0) || 1;
  lines.push(c.bold('Where the time went') + c.dim(` (sum over ${s.requests} requests; ${fmtMs(s.wallMs)} wall time for ${s.modules} modules)`));
  for (const p of PHASES) {
    if (s.phases[p] === 0 && p === 'proxyConnect') continue;
    const share = s.phases[p] / total;
    const n = Math.round(share * 30);
    lines.push(`  ${LABEL[p].padEnd(14)} ${fmtMs(s.phases[p]).padStart(9)}  ${(share * 100).toFixed(0).padStart(3)} %  ${color ? paint(c, p, '█'.repeat(n)) : LETTER[p].repeat(n)}`);
  }
  lines.push(c.bold('By host'));
  for (const h of s.hosts) lines.push(`  ${h.host.padEnd(30)} ${String(h.requests).padStart(4)} requests ${fmtBytes(h.bytes).padStart(9)} ${fmtMs(h.totalMs).padStart(9)}`);
  if (s.slowest.length) {
    lines.push(c.bold('Slowest requests'));
    for (const r of s.slowest) lines.push(`  ${fmtMs(r.totalMs).padStart(9)}  ${LABEL[r.phase].padEnd(12)} ${String(r.status ?? '-').padStart(3)}  ${r.url}`);
  }
  const tail: string[] = [];
  if (s.fallthroughs) tail.push(`${s.fallthroughs} fell through to the next GOPROXY entry`);
  if (s.directModules) tail.push(`${s.directModules} module(s) would come from version control`);
  if (s.failedModules) tail.push(c.red(`${s.failedModules} module(s) failed`));
  if (tail.length) lines.push(tail.join(' · '));
  if (!color) lines.push(c.dim(`legend: ${PHASES.map((p) => `${LETTER[p]}=${LABEL[p]}`).join(' ')}`));
  return lines;
}

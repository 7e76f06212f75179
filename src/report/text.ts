import type { FactsSnapshot } from '../facts/types.ts';
import { FAMILIES, type CheckResult, type Family, type Finding } from '../engine/types.ts';
import type { Summary } from '../engine/runner.ts';
import type { Colors } from './style.ts';
import { describeSettingSource, describeSourceRef, shortPath } from './describe-source.ts';

export interface TextReportOptions {
  colors: Colors;
  verbose: boolean;
  totalMs: number;
}

const HEADER_KEYS = ['GOROOT', 'GOPATH', 'GOMODCACHE', 'GOCACHE', 'GOBIN', 'GOPROXY', 'GOSUMDB', 'GOTOOLCHAIN', 'GOFLAGS', 'GOPRIVATE'] as const;
const FS_ROLES: Record<string, string> = { GOROOT: 'GOROOT', GOPATH: 'GOPATH', GOMODCACHE: 'GOMODCACHE', GOCACHE: 'GOCACHE', GOBIN: 'GOBIN' };

function pad(s: string, n: number): string {
  return s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length);
}

export function renderHeader(f: FactsSnapshot, c: Colors): string[] {
  const home = f.user.home;
  const lines: string[] = [];
  lines.push(c.bold(`gotune doctor`) + c.dim(` · ${shortPath(f.project.dir, home)}`));
  const winner = f.goBinaries.find((b) => b.executable);
  if (winner) {
    const chain = winner.realPath && winner.realPath !== winner.path ? ` → ${shortPath(winner.realPath, home)}` : '';
    const version = f.goEnv?.values['GOVERSION'] || winner.version || 'unknown version';
    const others = f.goBinaries.length > 1 ? c.dim(` (+${f.goBinaries.length - 1} more on PATH)`) : '';
    lines.push(`  ${pad('go', 12)}${shortPath(winner.path, home)}${chain} ${c.cyan(version)}${others}`);
  } else {
    lines.push(`  ${pad('go', 12)}${c.red('not found on PATH')}`);
  }
  for (const key of HEADER_KEYS) {
    const s = f.settings[key];
    if (!s) continue;
    let value = s.value ?? '';
    if (key === 'GOBIN' && !value) value = c.dim('(unset: go install writes to GOPATH/bin)');
    else if ((key === 'GOFLAGS' || key === 'GOPRIVATE') && !value) continue;
    else if (!value) value = c.dim('(empty)');
    let fsInfo = '';
    const role = FS_ROLES[key];
    if (role) {
      const loc = f.mounts.locations.find((l) => l.role === role);
      const ms = loc?.latency?.perFileMs;
      if (loc?.fsType) fsInfo = c.dim(` [${loc.fsType}${ms !== null && ms !== undefined ? `, ${ms.toFixed(2)} ms per small file` : ''}]`);
    }
    const src = describeSettingSource(s, f.envFile.path, f.gorootGoEnv.path, home);
    lines.push(`  ${pad(key, 12)}${shortPath(value, home)}${fsInfo}  ${c.dim(`← ${src}`)}`);
  }
  const ref = f.mounts.reference;
  if (ref) lines.push(`  ${pad('local disk', 12)}${shortPath(ref.mountPoint ?? ref.dir, home)}${c.dim(` [${ref.fsType ?? '?'}, ${ref.perFileMs!.toFixed(2)} ms per small file]  ← measured for comparison (--measure)`)}`);
  else if (ref === null) lines.push(`  ${pad('local disk', 12)}${c.dim('none found to compare with (--measure)')}`);
  return lines;
}

function mark(sev: Finding['severity'] | 'ok', c: Colors): string {
  switch (sev) {
    case 'error': return c.red('✗');
    case 'warning': return c.yellow('!');
    case 'info': return c.blue('i');
    default: return c.green('✓');
  }
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((l) => prefix + l).join('\n');
}

export function renderFinding(fd: Finding, home: string | null, c: Colors): string[] {
  const lines: string[] = [];
  const tag = fd.suppressed ? c.dim(' (suppressed)') : '';
  const [first, ...rest] = fd.message.split('\n');
  lines.push(`  ${mark(fd.severity, c)} ${c.bold(fd.id)} ${fd.name}${tag}: ${first}`);
  for (const r of rest) lines.push(`      ${r}`);
  if (fd.found !== null) lines.push(indent(`found:    ${fd.found}`, '      '));
  if (fd.expected !== null) lines.push(indent(`expected: ${fd.expected}`, '      '));
  if (fd.source.length) lines.push(`      from:     ${fd.source.map((s) => describeSourceRef(s, home)).join('; ')}`);
  if (fd.hint) lines.push(indent(`fix:      ${fd.hint}`, '      ') + (fd.fix ? c.dim(fd.fix.safe ? '  (gotune fix can apply this)' : '  (gotune fix offers this)') : ''));
  if (fd.suppressed) lines.push(c.dim(`      suppressed by ${fd.suppressed.by}: ${fd.suppressed.reason}`));
  return lines;
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function renderText(facts: FactsSnapshot, results: readonly CheckResult[], summary: Summary, opts: TextReportOptions): string {
  const c = opts.colors;
  const out: string[] = [...renderHeader(facts, c), ''];
  const byFamily = new Map<Family, CheckResult[]>();
  for (const r of results) {
    const list = byFamily.get(r.family) ?? [];
    list.push(r);
    byFamily.set(r.family, list);
  }
  for (const [family, meta] of Object.entries(FAMILIES) as [Family, (typeof FAMILIES)[Family]][]) {
    const list = byFamily.get(family);
    if (!list) continue;
    const ran = list.filter((r) => r.status !== 'skipped');
    if (!ran.length && !opts.verbose) continue;
    const findings = ran.flatMap((r) => r.findings).sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const active = findings.filter((f) => !f.suppressed);
    const worst = active[0]?.severity ?? 'ok';
    out.push(`${mark(worst, c)} ${c.bold(meta.title)} ${c.dim(`(GT${meta.hundreds}xx, ${ran.length} check${ran.length === 1 ? '' : 's'})`)}`);
    for (const f of findings) out.push(...renderFinding(f, facts.user.home, c));
    const clean = ran.filter((r) => r.findings.length === 0);
    if (opts.verbose) {
      for (const r of list) {
        const time = c.dim(`${r.durationMs.toFixed(2)} ms`);
        if (r.status === 'skipped') out.push(c.dim(`  - ${r.id} ${r.name}: skipped (${r.skippedReason})`));
        else if (r.findings.length === 0) out.push(`  ${mark('ok', c)} ${r.id} ${r.name} ${time}`);
        else out.push(c.dim(`    ${r.id} ${r.name} ${r.durationMs.toFixed(2)} ms`));
      }
    } else if (clean.length) {
      out.push(c.dim(`  ${mark('ok', c)} ${clean.length} passed: ${clean.map((r) => r.id).join(' ')}`));
    }
    out.push('');
  }
  if (facts.gatherErrors.length) {
    out.push(c.yellow('Some facts could not be gathered:'));
    for (const e of facts.gatherErrors) out.push(`  - ${e.gatherer}: ${e.message}`);
    out.push('');
  }
  if (opts.verbose) {
    out.push(c.dim('Fact gathering: ' + Object.entries(facts.timings).map(([k, v]) => `${k} ${v} ms`).join(', ')));
  }
  const parts = [
    `${summary.checks} check${summary.checks === 1 ? '' : 's'}`,
    c.green(`${summary.ok} ok`),
    (summary.error ? c.red : c.dim)(`${summary.error} error${summary.error === 1 ? '' : 's'}`),
    (summary.warning ? c.yellow : c.dim)(`${summary.warning} warning${summary.warning === 1 ? '' : 's'}`),
    (summary.info ? c.blue : c.dim)(`${summary.info} info`),
  ];
  if (summary.suppressed) parts.push(c.dim(`${summary.suppressed} suppressed`));
  if (summary.skipped) parts.push(c.dim(`${summary.skipped} skipped`));
  out.push(`${parts.join(' · ')} ${c.dim(`(${Math.round(opts.totalMs)} ms)`)}`);
  return out.join('\n') + '\n';
}

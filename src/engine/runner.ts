import type { FactsSnapshot } from '../facts/types.ts';
import type { CheckDefinition, CheckResult, Finding, FindingInput, SourceRef } from './types.ts';
import type { Suppression } from './config.ts';

export interface RunOptions {
  only?: readonly string[];
  skip?: readonly string[];
  suppressions?: readonly Suppression[];
  online?: boolean;
  /** Per-check budget for asynchronous checks. */
  timeoutMs?: number;
}

function normalizeSource(s: SourceRef | SourceRef[] | undefined): SourceRef[] {
  if (!s) return [];
  return Array.isArray(s) ? s : [s];
}

function toFinding(check: CheckDefinition, input: FindingInput): Finding {
  if (input.fix && !check.fixable) {
    // Declared capabilities are enforced: a check must say it is fixable before it may carry fixes.
    throw new Error(`check ${check.id} reported a fix but is not declared fixable`);
  }
  return {
    id: check.id,
    name: check.name,
    family: check.family,
    severity: input.severity ?? check.severity,
    message: input.message,
    found: input.found ?? null,
    expected: input.expected ?? null,
    source: normalizeSource(input.source),
    hint: input.hint ?? input.fix?.description ?? null,
    fix: input.fix ?? null,
    data: input.data ?? null,
    suppressed: null,
  };
}

function internalError(check: CheckDefinition, message: string): Finding {
  return {
    id: check.id,
    name: check.name,
    family: check.family,
    severity: 'error',
    message: `internal error in check ${check.id}: ${message}`,
    found: null,
    expected: null,
    source: [],
    hint: 'This is a bug in gotune; please report it with `gotune doctor --save-facts facts.json` attached.',
    fix: null,
    data: { internalError: true },
    suppressed: null,
  };
}

export function selectChecks(checks: readonly CheckDefinition[], opts: RunOptions): { run: CheckDefinition[]; skipped: CheckResult[] } {
  const only = opts.only && opts.only.length ? new Set(opts.only.map((s) => s.toUpperCase())) : null;
  const skip = new Set((opts.skip ?? []).map((s) => s.toUpperCase()));
  const run: CheckDefinition[] = [];
  const skipped: CheckResult[] = [];
  for (const c of checks) {
    let reason: string | null = null;
    if (only && !only.has(c.id) && !only.has(c.name.toUpperCase())) reason = 'not selected by --only';
    else if (skip.has(c.id) || skip.has(c.name.toUpperCase())) reason = 'skipped by --skip';
    else if (c.online && !opts.online) reason = 'needs --online';
    if (reason) skipped.push({ id: c.id, name: c.name, family: c.family, status: 'skipped', durationMs: 0, findings: [], skippedReason: reason });
    else run.push(c);
  }
  return { run, skipped };
}

async function runOne(check: CheckDefinition, facts: FactsSnapshot, timeoutMs: number): Promise<CheckResult> {
  const findings: Finding[] = [];
  const started = performance.now();
  const ctx = { report: (f: FindingInput) => { findings.push(toFinding(check, f)); } };
  let status: CheckResult['status'] = 'ok';
  try {
    const r = check.run(facts, ctx);
    if (r && typeof (r as Promise<void>).then === 'function') {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
      const outcome = await Promise.race([(r as Promise<void>).then(() => 'done' as const), timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        status = 'timeout';
        findings.length = 0;
        findings.push({ ...internalError(check, `did not finish within ${timeoutMs} ms`), severity: 'warning', data: { timeout: true } });
      }
    }
  } catch (e) {
    status = 'crashed';
    findings.length = 0;
    findings.push(internalError(check, e instanceof Error ? e.message : String(e)));
  }
  if (status === 'ok' && findings.length) status = 'findings';
  return { id: check.id, name: check.name, family: check.family, status, durationMs: performance.now() - started, findings };
}

function applySuppressions(results: CheckResult[], sups: readonly Suppression[]): void {
  for (const r of results) for (const f of r.findings) {
    if (f.data?.['internalError']) continue;
    const s = sups.find((x) => x.id === f.id);
    if (s) f.suppressed = { reason: s.reason, by: s.origin };
  }
}

/** Runs the checks concurrently; a check that throws or times out becomes an internal-error finding. */
export async function runChecks(checks: readonly CheckDefinition[], facts: FactsSnapshot, opts: RunOptions = {}): Promise<CheckResult[]> {
  const { run, skipped } = selectChecks(checks, opts);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const results = await Promise.all(run.map((c) => runOne(c, facts, timeoutMs)));
  applySuppressions(results, opts.suppressions ?? []);
  const all = [...results, ...skipped];
  all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return all;
}

export interface Summary {
  checks: number;
  ok: number;
  error: number;
  warning: number;
  info: number;
  suppressed: number;
  skipped: number;
  internalErrors: number;
}

export function summarize(results: readonly CheckResult[]): Summary {
  const s: Summary = { checks: 0, ok: 0, error: 0, warning: 0, info: 0, suppressed: 0, skipped: 0, internalErrors: 0 };
  for (const r of results) {
    if (r.status === 'skipped') { s.skipped++; continue; }
    s.checks++;
    let active = 0;
    for (const f of r.findings) {
      if (f.data?.['internalError']) s.internalErrors++;
      if (f.suppressed) { s.suppressed++; continue; }
      s[f.severity]++;
      active++;
    }
    if (active === 0) s.ok++;
  }
  return s;
}

const RANK = { info: 1, warning: 2, error: 3 } as const;

/** Exit code: 2 internal error, 1 a finding at or above the threshold, else 0. */
export function exitCodeFor(results: readonly CheckResult[], threshold: import('./types.ts').Threshold): number {
  let code = 0;
  for (const r of results) for (const f of r.findings) {
    if (f.data?.['internalError'] && !f.data?.['timeout']) return 2;
    if (f.suppressed || threshold === 'never') continue;
    if (RANK[f.severity] >= RANK[threshold]) code = 1;
  }
  return code;
}

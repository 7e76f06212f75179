// What `gotune fix` offers: every active finding that carries a fix, and, once the user (or the
// flags) decided, the list of fixes to apply.
import type { CheckResult, Finding, FixSpec } from '../engine/types.ts';
import type { FixRequest } from './apply.ts';

export interface FixableFinding {
  finding: Finding;
  fix: FixSpec;
  /** 'safe': may be applied with --yes; 'suggestion': depends on intent; 'choice': the user picks one of several. */
  kind: 'safe' | 'suggestion' | 'choice';
}

export function fixKind(fix: FixSpec): FixableFinding['kind'] {
  if (fix.choices && fix.choices.length > 0) return 'choice';
  return fix.safe ? 'safe' : 'suggestion';
}

/** Whether applying the fix would do anything the engine can do (not only manual steps). */
export function isAutomatable(fix: FixSpec): boolean {
  if (fix.choices?.some((c) => isAutomatable(c.fix))) return true;
  return (fix.files?.length ?? 0) > 0 || (fix.commands?.length ?? 0) > 0;
}

/** Splits `--only` values: repeatable, comma- or space-separated, IDs or check names, any case. */
export function parseOnly(values: readonly string[] | undefined): Set<string> | null {
  if (!values || values.length === 0) return null;
  const ids = values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean).map((s) => s.toUpperCase());
  return ids.length ? new Set(ids) : null;
}

export function collectFixable(results: readonly CheckResult[], only: Set<string> | null = null): FixableFinding[] {
  const out: FixableFinding[] = [];
  for (const r of results) for (const f of r.findings) {
    if (!f.fix || f.suppressed || f.data?.['internalError']) continue;
    if (only && !only.has(f.id) && !only.has(f.name.toUpperCase())) continue;
    if (!isAutomatable(f.fix)) continue;
    out.push({ finding: f, fix: f.fix, kind: fixKind(f.fix) });
  }
  return out;
}

/** The request for one finding and the alternative chosen (choice index, or the fix itself). */
export function toRequest(item: FixableFinding, choice: number | null = null): FixRequest {
  if (choice !== null) {
    const c = item.fix.choices?.[choice];
    if (!c) throw new Error(`${item.finding.id}: there is no choice ${choice + 1}`);
    return { findingId: item.finding.id, message: item.finding.message, fix: c.fix, choice: c.label };
  }
  return { findingId: item.finding.id, message: item.finding.message, fix: item.fix, choice: null };
}

export interface UnattendedSelection {
  requests: FixRequest[];
  /** Not applied, with why (shown so nothing is skipped silently). */
  skipped: { item: FixableFinding; reason: string }[];
}

/**
 * What `--yes` applies: the safe fixes, and the first alternative of a choice when the check marks
 * it safe. Other suggestions and choices need a person — or
 * `--accept-suggestions`, which also takes the first alternative of a choice (checks list the
 * recommended one first).
 */
export function selectUnattended(items: readonly FixableFinding[], acceptSuggestions: boolean): UnattendedSelection {
  const requests: FixRequest[] = [];
  const skipped: UnattendedSelection['skipped'] = [];
  for (const item of items) {
    if (item.kind === 'safe') requests.push(toRequest(item));
    else if (item.kind === 'choice' && item.fix.choices![0]?.fix.safe && isAutomatable(item.fix.choices![0].fix)) {
      // A check may mark its first alternative safe: the default that cannot go against the
      // user's intent (GT401: the environment already wins, so the file is made to agree).
      requests.push(toRequest(item, 0));
    } else if (!acceptSuggestions) {
      skipped.push({ item, reason: item.kind === 'choice' ? 'needs a choice: run on a terminal, or add --accept-suggestions to take the first alternative' : 'a suggestion: run on a terminal to confirm it, or add --accept-suggestions' });
    } else if (item.kind === 'choice') {
      const first = item.fix.choices!.findIndex((c) => isAutomatable(c.fix));
      if (first < 0) skipped.push({ item, reason: 'none of the alternatives can be applied automatically' });
      else requests.push(toRequest(item, first));
    } else requests.push(toRequest(item));
  }
  return { requests, skipped };
}

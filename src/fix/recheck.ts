// After a run: which of the fixed findings are gone, and which the checks still report.
import type { CheckResult, Finding } from '../engine/types.ts';
import type { FixRequest } from './apply.ts';

export interface RecheckResult {
  /** Fixed findings no longer reported. */
  gone: { findingId: string; message: string }[];
  /** Findings still reported by the checks that were fixed. */
  remaining: Finding[];
  /** Some remaining finding comes from the environment of this process, which no fix can change. */
  fromEnvironment: boolean;
}

export function compareAfterFix(applied: readonly Pick<FixRequest, 'findingId' | 'message'>[], after: readonly CheckResult[]): RecheckResult {
  const ids = new Set(applied.map((a) => a.findingId));
  const remaining = after.flatMap((r) => r.findings).filter((f) => ids.has(f.id) && !f.suppressed);
  const gone = applied.filter((a) => !remaining.some((f) => f.id === a.findingId && f.message === a.message)).map((a) => ({ findingId: a.findingId, message: a.message }));
  const fromEnvironment = remaining.some((f) => f.source.some((s) => s.kind === 'env'));
  return { gone, remaining, fromEnvironment };
}

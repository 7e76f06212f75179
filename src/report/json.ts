import type { FactsSnapshot } from '../facts/types.ts';
import type { CheckResult } from '../engine/types.ts';
import type { Summary } from '../engine/runner.ts';

export const REPORT_SCHEMA_VERSION = 1;

export interface JsonReport {
  schemaVersion: number;
  tool: { name: 'gotune'; version: string };
  facts: FactsSnapshot;
  findings: CheckResult['findings'];
  checks: { id: string; name: string; family: string; status: CheckResult['status']; durationMs: number; skippedReason?: string }[];
  summary: Summary & { threshold: string; exitCode: number; durationMs: number };
}

export function buildJsonReport(facts: FactsSnapshot, results: readonly CheckResult[], summary: Summary, extra: { threshold: string; exitCode: number; durationMs: number }): JsonReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: facts.tool,
    facts,
    findings: results.flatMap((r) => r.findings),
    checks: results.map((r) => ({ id: r.id, name: r.name, family: r.family, status: r.status, durationMs: Math.round(r.durationMs * 1000) / 1000, ...(r.skippedReason ? { skippedReason: r.skippedReason } : {}) })),
    summary: { ...summary, ...extra, durationMs: Math.round(extra.durationMs) },
  };
}

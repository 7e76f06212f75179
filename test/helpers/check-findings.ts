// Findings of one check, judged in-process over gathered facts or by the built CLI: shared by the
// integration tests that assert the real go command's behaviour next to gotune's finding.
import assert from 'node:assert/strict';
import type { CheckDefinition, Finding } from '../../src/engine/types.ts';
import type { FactsSnapshot } from '../../src/facts/types.ts';
import { runChecks } from '../../src/engine/runner.ts';
import type { Sandbox } from './sandbox.ts';

/** Runs only check `id` of `checks` over the facts; a crashed check fails the test. */
export async function findingsOf(checks: readonly CheckDefinition[], facts: FactsSnapshot, id: string): Promise<Finding[]> {
  const results = await runChecks(checks, facts, { only: [id] });
  for (const r of results) assert.notEqual(r.status, 'crashed', `${r.id} crashed: ${r.findings[0]?.message}`);
  return results.flatMap((r) => r.findings);
}

/** The findings of `gotune doctor --json --only ID` from the built CLI, or null when dist/gotune.mjs lacks the check. */
export function cliFindings(sb: Sandbox, id: string, env: Record<string, string | undefined> = {}): { id: string; severity: string; message: string }[] | null {
  const list = sb.gotune(['doctor', '--list-checks', '--json']);
  if (list.status !== 0 || !list.stdout.includes(id)) return null;
  const r = sb.gotune(['doctor', '--json', '--only', id], { env });
  const report = JSON.parse(r.stdout) as { findings: { id: string; severity: string; message: string }[] };
  return report.findings.filter((f) => f.id === id);
}

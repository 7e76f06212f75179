// Table-driven check tests, after ESLint's RuleTester: cases that must fire (with what they must
// say) and cases that must stay quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckDefinition, Finding, Severity } from '../../src/engine/types.ts';
import type { FactsSnapshot } from '../../src/facts/types.ts';
import { runChecks } from '../../src/engine/runner.ts';

export interface FiringCase {
  name: string;
  facts: FactsSnapshot | (() => FactsSnapshot);
  /** Expected number of findings (default: at least one). */
  count?: number;
  severity?: Severity;
  /** Every regex must match the message of some finding. */
  message?: RegExp | RegExp[];
  /** Extra assertions on the findings. */
  assert?: (findings: Finding[]) => void;
}

export interface QuietCase {
  name: string;
  facts: FactsSnapshot | (() => FactsSnapshot);
}

export async function findingsOf(check: CheckDefinition, facts: FactsSnapshot): Promise<Finding[]> {
  const [r] = await runChecks([check], facts, { online: true });
  assert.ok(r, 'check did not run');
  if (r.status === 'crashed') assert.fail(`check crashed: ${r.findings[0]?.message}`);
  return r.findings;
}

export function checkCases(check: CheckDefinition, cases: { fires: FiringCase[]; quiet: QuietCase[] }): void {
  assert.ok(cases.fires.length > 0, `${check.id}: at least one firing case`);
  assert.ok(cases.quiet.length > 0, `${check.id}: at least one quiet case`);
  for (const c of cases.fires) {
    test(`${check.id} ${check.name} fires: ${c.name}`, async () => {
      const facts = typeof c.facts === 'function' ? c.facts() : c.facts;
      const findings = await findingsOf(check, facts);
      if (c.count !== undefined) assert.equal(findings.length, c.count, `findings: ${JSON.stringify(findings.map((f) => f.message))}`);
      else assert.ok(findings.length > 0, 'expected the check to fire');
      for (const f of findings) {
        assert.ok(f.message.length > 0, 'every finding has a message');
        assert.ok(f.hint, `every finding says how to fix it (${f.message})`);
      }
      if (c.severity) assert.ok(findings.some((f) => f.severity === c.severity), `expected a ${c.severity} finding, got ${findings.map((f) => f.severity)}`);
      for (const re of [c.message ?? []].flat()) assert.ok(findings.some((f) => re.test(f.message)), `no message matches ${re}: ${JSON.stringify(findings.map((f) => f.message))}`);
      c.assert?.(findings);
    });
  }
  for (const c of cases.quiet) {
    test(`${check.id} ${check.name} stays quiet: ${c.name}`, async () => {
      const facts = typeof c.facts === 'function' ? c.facts() : c.facts;
      const findings = await findingsOf(check, facts);
      assert.deepEqual(findings.map((f) => f.message), []);
    });
  }
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineCheck } from '../../src/engine/define.ts';
import { runChecks, summarize, exitCodeFor } from '../../src/engine/runner.ts';
import { makeFacts } from '../helpers/facts.ts';

const ok = defineCheck({ id: 'GT190', name: 'always-ok', family: 'toolchain', severity: 'warning', summary: 't', fixable: false, run() {} });
const warn = defineCheck({ id: 'GT191', name: 'always-warns', family: 'toolchain', severity: 'warning', summary: 't', fixable: false, run(_f, ctx) { ctx.report({ message: 'w', hint: 'h' }); } });
const info = defineCheck({ id: 'GT192', name: 'always-info', family: 'toolchain', severity: 'info', summary: 't', fixable: false, run(_f, ctx) { ctx.report({ message: 'i', hint: 'h' }); } });
const boom = defineCheck({ id: 'GT193', name: 'throws', family: 'toolchain', severity: 'warning', summary: 't', fixable: false, run() { throw new Error('kaboom'); } });
const slow = defineCheck({ id: 'GT194', name: 'never-ends', family: 'toolchain', severity: 'warning', summary: 't', fixable: false, run: () => new Promise<void>(() => {}) });
const sneaky = defineCheck({ id: 'GT195', name: 'undeclared-fix', family: 'toolchain', severity: 'warning', summary: 't', fixable: false,
  run(_f, ctx) { ctx.report({ message: 'x', fix: { description: 'd', safe: true, commands: [{ argv: ['true'], description: 'nothing' }] } }); } });
const online = defineCheck({ id: 'GT196', name: 'needs-net', family: 'toolchain', severity: 'error', summary: 't', fixable: false, online: true, run(_f, ctx) { ctx.report({ message: 'net', hint: 'h' }); } });

test('defineCheck rejects malformed metadata', () => {
  assert.throws(() => defineCheck({ id: 'GT1', name: 'x', family: 'toolchain', severity: 'info', summary: '', fixable: false, run() {} }), /not GTnnn/);
  assert.throws(() => defineCheck({ id: 'GT201', name: 'x', family: 'toolchain', severity: 'info', summary: '', fixable: false, run() {} }), /wants GT1xx/);
  assert.throws(() => defineCheck({ id: 'GT101', name: 'Not_Kebab', family: 'toolchain', severity: 'info', summary: '', fixable: false, run() {} }), /kebab/);
});

test('a crashing check becomes an internal-error finding and the others still run', async () => {
  const r = await runChecks([ok, warn, boom], makeFacts());
  assert.equal(r.find((x) => x.id === 'GT193')!.status, 'crashed');
  assert.match(r.find((x) => x.id === 'GT193')!.findings[0]!.message, /internal error in check GT193: kaboom/);
  assert.equal(r.find((x) => x.id === 'GT191')!.status, 'findings');
  assert.equal(r.find((x) => x.id === 'GT190')!.status, 'ok');
  assert.equal(exitCodeFor(r, 'error'), 2);
});

test('an asynchronous check that never ends times out without holding up the run', async () => {
  const r = await runChecks([slow, ok], makeFacts(), { timeoutMs: 50 });
  const s = r.find((x) => x.id === 'GT194')!;
  assert.equal(s.status, 'timeout');
  assert.match(s.findings[0]!.message, /did not finish within 50 ms/);
  assert.equal(exitCodeFor(r, 'error'), 0, 'a timeout is reported as a warning, not an internal failure');
});

test('a fix from a check not declared fixable is refused', async () => {
  const r = await runChecks([sneaky], makeFacts());
  assert.equal(r[0]!.status, 'crashed');
  assert.match(r[0]!.findings[0]!.message, /not declared fixable/);
});

test('--only, --skip and online selection', async () => {
  let r = await runChecks([ok, warn, online], makeFacts(), { only: ['GT191'] });
  assert.deepEqual(r.filter((x) => x.status !== 'skipped').map((x) => x.id), ['GT191']);
  r = await runChecks([ok, warn, online], makeFacts(), { skip: ['always-warns'] });
  assert.deepEqual(r.filter((x) => x.status !== 'skipped').map((x) => x.id), ['GT190']);
  assert.equal(r.find((x) => x.id === 'GT196')!.skippedReason, 'needs --online');
  r = await runChecks([online], makeFacts(), { online: true });
  assert.equal(r[0]!.status, 'findings');
});

test('thresholds and suppressions decide the exit code', async () => {
  const r = await runChecks([ok, warn, info], makeFacts());
  assert.equal(exitCodeFor(r, 'error'), 0);
  assert.equal(exitCodeFor(r, 'warning'), 1);
  assert.equal(exitCodeFor(r, 'info'), 1);
  assert.equal(exitCodeFor(r, 'never'), 0);
  const s = await runChecks([ok, warn, info], makeFacts(), { suppressions: [{ id: 'GT191', reason: 'known', origin: '--suppress' }] });
  assert.equal(exitCodeFor(s, 'warning'), 0);
  assert.deepEqual(summarize(s), { checks: 3, ok: 2, error: 0, warning: 0, info: 1, suppressed: 1, skipped: 0, internalErrors: 0 });
});

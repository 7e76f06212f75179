import { test } from 'node:test';
import { killLoop } from './kill-harness.ts';

const iterations = Number(process.env['GOTUNE_KILL_ITERATIONS'] ?? 25);

test(`kill -9 during apply and undo (${iterations} times): files are old or new, never torn; undo still restores them`, async (t) => {
  await killLoop(t, iterations);
});

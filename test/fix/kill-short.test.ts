import { test } from 'node:test';
import { killLoop } from './kill-harness.ts';

// The full loop (25 kills) runs with npm run test:long (test/fix/kill-loop.test.ts).
test('kill -9 during apply and undo (3 times): files are old or new, never torn; undo still restores them', async (t) => {
  await killLoop(t, 3, { files: 8, fileBytes: 64 * 1024 });
});

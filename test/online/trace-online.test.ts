// Online: a trace of real modules through this machine's configured GOPROXY and checksum
// database (npm run test:online). Prints the trace so a run can be kept as an example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI } from '../helpers/sandbox.ts';

test('trace of real modules through the configured GOPROXY verifies against the checksum database', () => {
  const r = spawnSync(process.execPath, [CLI, 'trace', '--json', 'golang.org/x/mod@v0.20.0', 'golang.org/x/text@v0.14.0', 'github.com/google/uuid@v1.6.0'], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, r.stderr + r.stdout.slice(0, 3000));
  const doc = JSON.parse(r.stdout);
  for (const m of doc.runs[0].modules) {
    assert.equal(m.error, null, m.error);
    assert.equal(m.sumdb?.verified, true, m.sumdb?.reason);
    assert.match(m.zipHash, /^h1:/);
  }
  const text = spawnSync(process.execPath, [CLI, 'trace', 'golang.org/x/mod@v0.20.0'], { encoding: 'utf8', timeout: 120_000 });
  process.stdout.write(text.stdout.split('\n').map((l) => `# ${l}`).join('\n') + '\n');
  assert.equal(text.status, 0);
});

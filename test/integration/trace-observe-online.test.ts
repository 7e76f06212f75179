// Online (npm run test:online): observe a cold-cache `go mod download` of a few real modules
// through this machine's GOPROXY (default https://proxy.golang.org,direct) and checksum database,
// print the time budget, and check the go command's result against a run without gotune.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goAsync } from '../helpers/go-async.ts';
import { observe, renderObserveText } from '../../src/trace/observe.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

const REQUIRES = ['golang.org/x/mod v0.20.0', 'golang.org/x/sync v0.8.0', 'github.com/google/uuid v1.6.0', 'golang.org/x/text v0.17.0'];
const root = mkdtempSync(join(tmpdir(), 'gotune-trace-observe-online-'));
after(() => { removeGoTree(root); });

function project(name: string): { dir: string; env: Record<string, string> } {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), `module example.com/online\n\ngo 1.21\n\nrequire (\n${REQUIRES.map((r) => `\t${r}\n`).join('')})\n`);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { HOME: dir, GOPATH: join(dir, 'gopath'), GOMODCACHE: join(dir, 'gopath', 'pkg', 'mod'), GOCACHE: join(dir, 'gocache'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' });
  env['PATH'] = `/usr/local/go/bin:${env['PATH'] ?? '/usr/bin:/bin'}`;
  return { dir, env };
}

test('observe go mod download of real modules through the configured GOPROXY', async () => {
  const plain = project('plain');
  const p = await goAsync(['mod', 'download'], { cwd: plain.dir, env: plain.env, timeoutMs: 300_000 });
  assert.equal(p.status, 0, p.stderr);

  const obs = project('observed');
  const report = await observe(['go', 'mod', 'download'], { env: obs.env, cwd: obs.dir, stdout: null, stderr: null });
  process.stdout.write('\n' + renderObserveText(report) + '\n');
  assert.equal(report.exitCode, 0);
  assert.equal(readFileSync(join(obs.dir, 'go.sum'), 'utf8'), readFileSync(join(plain.dir, 'go.sum'), 'utf8'));
  assert.ok(report.requests.filter((r) => r.op === 'zip' && r.status === 200).length >= REQUIRES.length);
  assert.ok(report.budget.coverage >= 0.95, `coverage ${report.budget.coverage}`);
  if (report.sumdbRoute) assert.ok(report.requests.some((r) => r.op === 'sumdb-supported'));
});

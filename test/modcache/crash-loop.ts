// The crash test: `gotune cache prune --apply` killed with SIGKILL at random moments. After
// every kill the cache must hold no corruption (`cache verify` may find interrupted versions,
// which the go command redoes, but no mismatch), and `go mod download`, `go build` and
// `go mod verify` of the project must succeed.
import { spawn, spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import type { VerifyReport } from '../../src/modcache/verify.ts';

export interface CrashLoopSetup {
  cli: string;
  modcache: string;
  project: string;
  env: Record<string, string>;
  go: string;
  /** Kills that must land while prune runs. */
  kills: number;
  /** Extra `go build` arguments. */
  buildArgs?: string[];
  /** Also run `cache verify` once the go command has repaired the cache (slow on a big cache). */
  verifyAfterRepair?: boolean;
  log?: (line: string) => void;
}

export interface CrashLoopResult {
  kills: number;
  finishedBeforeKill: number;
  delaysMs: number[];
  incompleteAfterKill: number;
  pruneMs: number;
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>, timeout = 900_000) {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 256 << 20 });
}

export async function crashLoop(s: CrashLoopSetup): Promise<CrashLoopResult> {
  const log = s.log ?? (() => {});
  const goOk = (args: string[]) => {
    const r = run(s.go, args, s.project, s.env);
    assert.equal(r.status, 0, `go ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  };
  const verify = (): VerifyReport => {
    const r = run(process.execPath, [s.cli, 'cache', 'verify', '--json', '--modcache', s.modcache], s.project, s.env);
    assert.ok(r.status === 0 || r.status === 1, `verify crashed: ${r.stderr}`);
    return JSON.parse(r.stdout) as VerifyReport;
  };
  const pruneArgs = [s.cli, 'cache', 'prune', '--modcache', s.modcache, '--older-than', '0d', '--apply'];
  const fill = () => { goOk(['mod', 'download', 'all']); goOk(['build', ...(s.buildArgs ?? []), '-o', '/dev/null', '.']); };

  fill();
  // How long an uninterrupted prune of everything takes: kills are spread over that span.
  const t0 = performance.now();
  const full = run(process.execPath, pruneArgs, s.project, s.env);
  const pruneMs = performance.now() - t0;
  assert.equal(full.status, 0, full.stderr);
  log(`full prune: ${Math.round(pruneMs)} ms`);
  fill();

  const result: CrashLoopResult = { kills: 0, finishedBeforeKill: 0, delaysMs: [], incompleteAfterKill: 0, pruneMs };
  // The window shrinks to the shortest run seen, so that kills keep landing when the machine gets faster.
  let window = pruneMs;
  for (let i = 0; result.kills < s.kills && i < s.kills * 4; i++) {
    const delay = Math.floor(Math.random() * window);
    const started = performance.now();
    const child = spawn(process.execPath, pruneArgs, { cwd: s.project, env: s.env, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    await new Promise((r) => setTimeout(r, delay));
    child.kill('SIGKILL');
    const { signal } = await exited;
    if (signal !== 'SIGKILL') {
      result.finishedBeforeKill++;
      window = Math.min(window, performance.now() - started);
      log(`prune finished before the kill at ${delay} ms; window now ${Math.round(window)} ms`);
      fill();
      continue;
    }
    result.kills++;
    result.delaysMs.push(delay);
    const after = verify();
    const corrupt = after.modules.filter((m) => m.status !== 'ok' && m.status !== 'incomplete');
    assert.deepEqual(corrupt, [], `kill ${result.kills} after ${delay} ms left corruption`);
    result.incompleteAfterKill += after.summary.incomplete;
    log(`kill ${result.kills} at ${delay} ms: ${after.summary.ok} ok, ${after.summary.incomplete} incomplete`);
    fill();
    goOk(['mod', 'verify']);
    if (s.verifyAfterRepair ?? true) {
      const healed = verify();
      const notOk = healed.modules.filter((m) => m.status !== 'ok' && m.status !== 'incomplete');
      assert.deepEqual(notOk, [], `after go mod download, kill ${result.kills}`);
    }
  }
  assert.ok(result.kills >= s.kills, `only ${result.kills} kills landed while prune ran`);
  return result;
}

// Runs the real go command without blocking the event loop, so a test server in the same
// process can answer it (spawnSync would deadlock against an in-process server).
import { spawn } from 'node:child_process';
import { CLI } from './sandbox.ts';

export interface GoRun { status: number | null; stdout: string; stderr: string }

export function goAsync(args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number; go?: string }): Promise<GoRun> {
  return new Promise((resolve) => {
    const child = spawn(opts.go ?? 'go', args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

/** The built CLI (dist/gotune.mjs), run the same way: without blocking this process's test servers. */
export function gotuneAsync(args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<GoRun> {
  return goAsync([CLI, ...args], { ...opts, go: process.execPath });
}

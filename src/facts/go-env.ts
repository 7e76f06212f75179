import { spawn } from 'node:child_process';
import type { GoEnvFacts } from './types.ts';
import { redactText, redactValue } from './redact.ts';

/**
 * The keys gotune asks `go env -json` for. Naming keys skips the costly values (cgo flags,
 * GOGCCFLAGS), which the full dump computes; unknown keys print as "" on every release.
 */
export const GO_ENV_KEYS = [
  'GOVERSION', 'GOROOT', 'GOPATH', 'GOMODCACHE', 'GOCACHE', 'GOBIN', 'GOENV', 'GOFLAGS',
  'GOPROXY', 'GOSUMDB', 'GONOPROXY', 'GONOSUMDB', 'GOPRIVATE', 'GOINSECURE', 'GOVCS', 'GOAUTH',
  'GOTOOLCHAIN', 'GO111MODULE', 'GOOS', 'GOARCH', 'GOHOSTOS', 'GOHOSTARCH', 'GOEXE', 'GOTMPDIR',
  'GOTOOLDIR', 'GOMOD', 'GOWORK', 'GODEBUG', 'GOTELEMETRY', 'CGO_ENABLED',
] as const;

const MAX_OUTPUT = 1 << 20;

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  spawnError: string | null;
  durationMs: number;
}

/** Runs a program with a hard deadline; kills its whole process group on timeout; output is bounded. */
export function runBounded(file: string, args: string[], opts: { env: Record<string, string | undefined>; cwd: string; timeoutMs: number }): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let stdout = '', stderr = '', timedOut = false, settled = false;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
    let child;
    try {
      child = spawn(file, args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    } catch (e) {
      resolve({ exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, spawnError: (e as Error).message, durationMs: performance.now() - started });
      return;
    }
    const kill = () => {
      try { if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL'); else child.kill('SIGKILL'); } catch { /* already gone */ }
    };
    const timer = setTimeout(() => { timedOut = true; kill(); finish(null, 'SIGKILL'); }, opts.timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { if (stdout.length < MAX_OUTPUT) stdout += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < MAX_OUTPUT) stderr += d; });
    const finish = (code: number | null, signal: string | null, spawnError: string | null = null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({ exitCode: code, signal, stdout: stdout.slice(0, MAX_OUTPUT), stderr: stderr.slice(0, MAX_OUTPUT), timedOut, spawnError, durationMs: performance.now() - started });
    };
    child.on('error', (e) => finish(null, null, e.message));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

export async function gatherGoEnv(goBinary: string | null, env: Record<string, string | undefined>, cwd: string, timeoutMs: number): Promise<GoEnvFacts> {
  if (!goBinary) {
    return { binary: null, ok: false, exitCode: null, timedOut: false, durationMs: 0, values: {}, stderr: '', error: 'no go executable on PATH' };
  }
  // Any go command, `go env` included, switches to (and downloads) the toolchain that
  // GOTOOLCHAIN or go.mod asks for; doctor is offline and judges the go on PATH, so it pins
  // GOTOOLCHAIN=local and reports the configured value separately (see gatherFacts).
  const r = await runBounded(goBinary, ['env', '-json', ...GO_ENV_KEYS], { env: { ...env, GOTOOLCHAIN: 'local' }, cwd, timeoutMs });
  const base = { binary: goBinary, exitCode: r.exitCode, timedOut: r.timedOut, durationMs: Math.round(r.durationMs * 100) / 100, stderr: redactText(r.stderr.trim()).slice(0, 8192) };
  if (r.spawnError) return { ...base, ok: false, values: {}, error: `cannot run ${goBinary}: ${r.spawnError}` };
  if (r.timedOut) return { ...base, ok: false, values: {}, error: `\`go env\` did not finish within ${timeoutMs} ms` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout);
  } catch (e) {
    const snippet = r.stdout.slice(0, 120).replace(/\s+/g, ' ');
    return { ...base, ok: false, values: {}, error: `\`go env -json\` printed invalid JSON (${(e as Error).message})${snippet ? `: ${redactText(snippet)}` : ''}` };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ...base, ok: false, values: {}, error: '`go env -json` did not print a JSON object' };
  }
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === 'string') values[k] = redactValue(k, v);
  const ok = r.exitCode === 0;
  return { ...base, ok, values, toolchainForcedLocal: true, error: ok ? null : `\`go env\` exited with ${r.exitCode ?? r.signal}` };
}

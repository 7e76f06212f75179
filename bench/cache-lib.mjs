// Shared by the cache benchmarks: run a command under /usr/bin/time and collect wall, CPU and
// peak memory; summarise alternating runs.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOURCE = process.env.GOTUNE_CACHE_SOURCE ?? join(tmpdir(), 'gotune-cache-source');
export const CLI = process.env.GOTUNE_CLI ?? new URL('../dist/gotune.mjs', import.meta.url).pathname;
export const REPO = new URL('..', import.meta.url).pathname;

/** Runs argv; returns wall seconds, CPU seconds (user+sys of the process and its children) and max RSS in MB. */
export function timed(argv, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...argv], { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [e, u, s, m] = last.split(' ').map(Number);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, wall: e, cpu: u + s, rssMB: m / 1024 };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function load() {
  return loadavg().map((x) => x.toFixed(1)).join(', ');
}

export function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

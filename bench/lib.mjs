// Shared by the benchmark scripts: timing of whole commands, alternating runs, robust statistics.
import { spawnSync } from 'node:child_process';

export function timeCommand(argv, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, status: r.status, stderr: r.stderr };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Runs the commands in alternation (A B A B ...) so drift and noise hit both alike. */
export function alternate(commands, runs, warmup = 3) {
  const times = commands.map(() => []);
  for (let i = 0; i < warmup; i++) for (const c of commands) timeCommand(c.argv, c.opts);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < commands.length; j++) {
      const r = timeCommand(commands[j].argv, commands[j].opts);
      if (commands[j].expectStatus !== undefined && !commands[j].expectStatus.includes(r.status)) {
        throw new Error(`${commands[j].name} exited ${r.status}: ${r.stderr}`);
      }
      times[j].push(r.ms);
    }
  }
  return times;
}

export function fmt(ms) {
  return `${ms.toFixed(1)} ms`;
}

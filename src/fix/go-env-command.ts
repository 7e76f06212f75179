// `go env -w` and `go env -u` are the only commands a fix may run that undo can reverse: they
// change one file (the go command's env file), so gotune backs that file up first and remembers
// the previous value of every key they touch.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { locateEnvFile } from '../facts/env-file.ts';
import { goUserDirs } from '../facts/platform.ts';

export interface GoEnvWrite {
  op: 'w' | 'u';
  keys: string[];
}

/** Recognises `go env -w KEY=VALUE...` and `go env -u KEY...`; null for any other command. */
export function parseGoEnvWrite(argv: readonly string[]): GoEnvWrite | null {
  const [cmd, sub, ...rest] = argv;
  if (!cmd || !/^go(\.exe)?$/.test(basename(cmd)) || sub !== 'env') return null;
  let op: 'w' | 'u' | null = null;
  const keys: string[] = [];
  for (const a of rest) {
    if (a === '-w' || a === '--w') op = 'w';
    else if (a === '-u' || a === '--u') op = 'u';
    else if (a.startsWith('-')) continue;
    else {
      const eq = a.indexOf('=');
      keys.push(eq >= 0 ? a.slice(0, eq) : a);
    }
  }
  if (!op || keys.length === 0) return null;
  return { op, keys };
}

/**
 * The env file a `go env -w` would write, as that go command itself reports it (GOENV), so a
 * GOENV in the command's environment or an odd config directory is honoured. Null when disabled.
 * `env` is the environment the command will run in (see commandEnv).
 */
export function locateGoEnvFile(goBinary: string, env: Record<string, string | undefined>): string | null {
  const r = spawnSync(goBinary, ['env', 'GOENV'], { env: cleanEnv(env), encoding: 'utf8', timeout: 15_000 });
  if (r.status === 0) {
    const p = r.stdout.trim();
    return p === '' || p === 'off' ? null : p;
  }
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return locateEnvFile(goUserDirs(os, env).configDir, env).path;
}

/**
 * GOROOT pointing at the go binary's own tree. A `go env -w` file whose GOROOT names a missing
 * directory makes every go command fail before it can read or fix that file; with the
 * environment naming the binary's real tree, it starts.
 */
export function ownRootEnv(goBinary: string): Record<string, string> {
  try {
    const root = dirname(dirname(realpathSync(goBinary)));
    return existsSync(join(root, 'src', 'runtime')) || existsSync(join(root, 'VERSION')) ? { GOROOT: root } : {};
  } catch {
    return {};
  }
}

/** KEY → raw value as the go command reads the file (last duplicate wins). Values are not redacted: they are restored. */
export function rawEnvValues(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of data.toString('utf8').split('\n')) {
    const c = line.charCodeAt(0);
    if (!(c >= 65 && c <= 90)) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    out.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return out;
}

/** True when the two files differ only in lines that set one of `keys` (nobody else edited the file). */
export function differsOnlyInKeys(a: Buffer, b: Buffer, keys: readonly string[]): boolean {
  const set = new Set(keys);
  const strip = (d: Buffer) => d.toString('utf8').split('\n').filter((line) => {
    const eq = line.indexOf('=');
    return !(eq > 0 && set.has(line.slice(0, eq)));
  }).filter((line) => line !== '');
  const x = strip(a);
  const y = strip(b);
  return x.length === y.length && x.every((line, i) => line === y[i]);
}

export function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

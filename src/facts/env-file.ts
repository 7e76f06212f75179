import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvFileEntry, EnvFileFacts, EnvFileIgnoredLine } from './types.ts';
import { redactValue, redactText } from './redact.ts';

/** The go command reads the env file whole; gotune reads at most this much and reports truncation. */
export const ENV_FILE_MAX_BYTES = 1 << 20;

/** Where the go command looks for its `go env -w` file (cmd/go/internal/cfg EnvFile). */
export function locateEnvFile(configDir: string | null, env: Record<string, string | undefined>): Pick<EnvFileFacts, 'path' | 'located'> {
  const goenv = env['GOENV'];
  if (goenv === 'off') return { path: null, located: 'disabled' };
  if (goenv) return { path: goenv, located: 'GOENV' };
  if (!configDir) return { path: null, located: 'none' };
  return { path: join(configDir, 'go', 'env'), located: 'user-config-dir' };
}

/**
 * Parses the env file as cmd/go/internal/cfg does: lines split on "\n"; a line without "=" or
 * whose first byte is not A-Z is ignored; the value is everything after the first "=" (no
 * quoting, no trimming); the last duplicate wins.
 */
export function parseEnvFile(text: string): { entries: EnvFileEntry[]; ignored: EnvFileIgnoredLine[] } {
  const lines = text.split('\n');
  const byKey = new Map<string, EnvFileEntry>();
  const ignored: EnvFileIgnoredLine[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw === '' || (i === lines.length - 1 && raw === '')) return;
    const c = raw.charCodeAt(0);
    if (!(c >= 65 && c <= 90)) {
      if (raw.trim() !== '') ignored.push({ line, text: redactText(raw.slice(0, 200)), reason: 'not-uppercase-start' });
      return;
    }
    const eq = raw.indexOf('=');
    if (eq < 0) { ignored.push({ line, text: redactText(raw.slice(0, 200)), reason: 'no-equals' }); return; }
    const key = raw.slice(0, eq);
    const value = raw.slice(eq + 1);
    const prev = byKey.get(key);
    if (prev) ignored.push({ line: prev.line, text: `${key}=${redactValue(key, prev.value)}`, reason: 'duplicate' });
    byKey.set(key, { key, value: redactValue(key, value), line });
  });
  const entries = [...byKey.values()].sort((a, b) => a.line - b.line);
  return { entries, ignored };
}

export function readEnvFile(path: string | null, located: EnvFileFacts['located']): EnvFileFacts {
  const base: EnvFileFacts = { path, located, exists: false, readable: false, size: null, entries: [], ignored: [], binary: false, truncated: false, error: null };
  if (!path) return base;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return base;
    return { ...base, exists: true, error: `cannot read ${path}: ${(e as Error).message}` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ...base, exists: true, error: `${path} is a directory` };
    const n = Math.min(st.size, ENV_FILE_MAX_BYTES);
    const buf = Buffer.alloc(n);
    let off = 0;
    while (off < n) { const r = readSync(fd, buf, off, n - off, off); if (r === 0) break; off += r; }
    const data = buf.subarray(0, off);
    const binary = data.includes(0);
    const parsed = parseEnvFile(data.toString('utf8'));
    return { ...base, exists: true, readable: true, size: st.size, binary, truncated: st.size > ENV_FILE_MAX_BYTES, ...parsed };
  } catch (e) {
    return { ...base, exists: true, error: `cannot read ${path}: ${(e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

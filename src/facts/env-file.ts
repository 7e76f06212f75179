import { openSync, closeSync, fstatSync, lstatSync, statSync, constants } from 'node:fs';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import type { EnvFileEntry, EnvFileFacts, EnvFileIgnoredLine } from './types.ts';
import { redactValue, redactText } from './redact.ts';
import { readFdBounded } from './read-bounded.ts';

/**
 * The go command reads the env file whole (os.ReadFile); gotune reads at most this much and
 * reports truncation, so a runaway file cannot exhaust memory.
 */
export const ENV_FILE_MAX_BYTES = 8 << 20;
/** At most this many ignored lines are kept in the facts (the total is counted). */
export const MAX_IGNORED_LINES = 100;
/** Display text of a line is cut at this many characters. */
const MAX_LINE_TEXT = 200;

/**
 * Keys the go command accepts in the file's syntax but never reads from it: `go env -w` refuses
 * them ("cannot be modified" / "can only be set using the OS environment") and the values come
 * from elsewhere (os.Getenv, runtime, the telemetry config). Confirmed with go1.26.8: an env-file
 * entry for each leaves `go env` unchanged. GOWORK is refused by `go env -w` too, but a GOWORK
 * line in the file IS honoured, so it is not listed here.
 */
export const ENV_FILE_REFUSED_KEYS: ReadonlySet<string> = new Set([
  'GOENV', 'GODEBUG', 'GOEXE', 'GOGCCFLAGS', 'GOHOSTARCH', 'GOHOSTOS', 'GOMOD', 'GOTOOLDIR', 'GOVERSION',
  'GOTELEMETRY', 'GOTELEMETRYDIR',
]);

const VALID_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Where the go command looks for its `go env -w` file (cmd/go/internal/cfg EnvFile). */
export function locateEnvFile(configDir: string | null, env: Record<string, string | undefined>): Pick<EnvFileFacts, 'path' | 'located'> {
  const goenv = env['GOENV'];
  if (goenv === 'off') return { path: null, located: 'disabled' };
  if (goenv) return { path: goenv, located: 'GOENV' };
  if (!configDir) return { path: null, located: 'none' };
  return { path: join(configDir, 'go', 'env'), located: 'user-config-dir' };
}

export interface ParsedEnvFile {
  entries: EnvFileEntry[];
  ignored: EnvFileIgnoredLine[];
  ignoredTotal: number;
}

/** Decodes a line for display; bytes that are not valid UTF-8 become \xNN instead of U+FFFD. */
function decodeForDisplay(bytes: Buffer): string {
  const cut = bytes.subarray(0, MAX_LINE_TEXT * 4);
  if (isUtf8(bytes)) return cut.toString('utf8');
  let out = '';
  for (const b of cut) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b === 9 ? '\t' : `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}

/** Makes a line printable: control bytes become \xNN so junk cannot garble a terminal. */
function displayText(raw: string): string {
  const cut = raw.length > MAX_LINE_TEXT ? `${raw.slice(0, MAX_LINE_TEXT)}…` : raw;
  // eslint-disable-next-line no-control-regex
  return redactText(cut.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/**
 * Parses env-file bytes exactly as cmd/go/internal/cfg readEnvFile does: lines are split on "\n"
 * only (a "\r" stays in the value); a line without "=" or whose first byte is not A-Z is ignored;
 * the key is every byte before the first "=" and the value every byte after it (no quoting, no
 * trimming, no UTF-8 check); the last duplicate wins. On top of that, gotune marks entries the
 * go command stores but never reads (refused keys, keys that are not variable names), so that
 * `entries` holds only lines that take effect.
 */
export function parseEnvFileBytes(data: Uint8Array): ParsedEnvFile {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const byKey = new Map<string, EnvFileEntry>();
  const ignored: EnvFileIgnoredLine[] = [];
  let ignoredTotal = 0;
  const ignore = (x: EnvFileIgnoredLine) => {
    ignoredTotal++;
    if (ignored.length < MAX_IGNORED_LINES) ignored.push(x);
  };
  let pos = 0;
  let lineNo = 0;
  while (pos < buf.length) {
    lineNo++;
    const nl = buf.indexOf(10, pos);
    const end = nl < 0 ? buf.length : nl;
    const next = nl < 0 ? buf.length : nl + 1;
    const offset = pos;
    const length = next - pos;
    const line = buf.subarray(pos, end);
    pos = next;
    if (line.length === 0) continue;
    const eq = line.indexOf(61);
    const first = line[0]!;
    if (eq < 0 || first < 65 || first > 90) {
      const text = decodeForDisplay(line);
      if (text.trim() === '') continue;
      const reason: EnvFileIgnoredLine['reason'] = first === 35 ? 'comment' : eq < 0 ? 'no-equals' : 'not-uppercase-start';
      // Comments are how go.env documents itself and are deliberate in the user file: not problems.
      if (reason === 'comment') continue;
      ignore({ line: lineNo, text: displayText(text), reason, offset, length });
      continue;
    }
    const keyBytes = line.subarray(0, eq);
    const valBytes = line.subarray(eq + 1);
    const key = keyBytes.toString('latin1');
    const value = valBytes.toString('utf8');
    if (!VALID_NAME.test(key)) {
      ignore({ line: lineNo, text: displayText(decodeForDisplay(line)), reason: 'invalid-key', key: displayText(decodeForDisplay(keyBytes)), offset, length });
      continue;
    }
    if (ENV_FILE_REFUSED_KEYS.has(key)) {
      ignore({ line: lineNo, text: `${key}=${displayText(redactValue(key, value))}`, reason: 'refused-key', key, offset, length });
      continue;
    }
    const prev = byKey.get(key);
    if (prev) {
      ignore({ line: prev.line, text: `${key}=${displayText(prev.value)}`, reason: 'duplicate', key, offset: prev.offset, length: prev.length });
      byKey.delete(key);
    }
    const entry: EnvFileEntry = { key, value: redactValue(key, value), line: lineNo, offset, length };
    if (value.endsWith('\r')) entry.carriageReturn = true;
    if (!isUtf8(valBytes)) entry.invalidUtf8 = true;
    byKey.set(key, entry);
  }
  const entries = [...byKey.values()].sort((a, b) => a.line - b.line);
  ignored.sort((a, b) => a.line - b.line);
  return { entries, ignored, ignoredTotal };
}

/** parseEnvFileBytes over text (encoded as UTF-8). */
export function parseEnvFile(text: string): ParsedEnvFile {
  return parseEnvFileBytes(Buffer.from(text, 'utf8'));
}

/**
 * Reads an env file (the `go env -w` file or $GOROOT/go.env) without ever throwing. A file the
 * go command cannot read is silently skipped by it; gotune records why.
 */
export function readEnvFile(path: string | null, located: EnvFileFacts['located'], maxBytes = ENV_FILE_MAX_BYTES): EnvFileFacts {
  const base: EnvFileFacts = { path, located, exists: false, readable: false, size: null, entries: [], ignored: [], binary: false, truncated: false, error: null, sha256: null, ignoredTotal: 0 };
  if (!path) return base;
  // Checked before opening: opening a FIFO for reading would block until a writer appears.
  try {
    const pre = statSync(path);
    if (pre.isDirectory()) return { ...base, exists: true, error: `${path} is a directory` };
    if (!pre.isFile()) return { ...base, exists: true, error: `${path} is not a regular file` };
  } catch { /* reported by the open below */ }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return code === 'ENOENT' && isDanglingLink(path) ? { ...base, exists: true, error: `${path} is a dangling symbolic link` } : base;
    }
    return { ...base, exists: true, error: `cannot read ${path}: ${(e as Error).message}` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ...base, exists: true, error: `${path} is a directory` };
    if (!st.isFile()) return { ...base, exists: true, error: `${path} is not a regular file` };
    const read = readFdBounded(fd, maxBytes, st.size);
    let data = read.data;
    const truncated = read.truncated;
    // A cut file ends mid-line; that partial line is not what the go command sees.
    if (truncated) { const lastNl = data.lastIndexOf(10); data = data.subarray(0, lastNl + 1); }
    const binary = data.includes(0);
    const parsed = parseEnvFileBytes(data);
    const sha256 = truncated ? null : createHash('sha256').update(data).digest('hex');
    return { ...base, exists: true, readable: true, size: st.size, binary, truncated, sha256, ...parsed };
  } catch (e) {
    return { ...base, exists: true, error: `cannot read ${path}: ${(e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

function isDanglingLink(path: string): boolean {
  try {
    // lstat succeeds on the link itself when its target is missing.
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

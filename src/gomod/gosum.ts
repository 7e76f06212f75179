/**
 * go.sum files: lines `path version hash` and `path version/go.mod hash`, read the way the go
 * command reads them (modfetch readGoSum: whitespace-separated fields, blank lines skipped,
 * the historical empty-go.mod hash dropped) and written the way `go mod tidy` writes them.
 * The go command does not validate paths or hashes when reading, so neither does the parser;
 * `malformedGoSumReasons` reports those problems separately for checks that want them.
 */
import { compareGoStrings, goFields } from './gostring.ts';
import { checkPath, compareModuleVersions } from './module.ts';
import { isValid } from './semver.ts';

/** The hash of a one-file tree holding an empty go.mod; an old bug wrote it, readers drop it. */
export const EMPTY_GO_MOD_HASH = 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=';

export interface GoSumLine {
  path: string;
  /** The version without any `/go.mod` suffix. */
  version: string;
  /** True for a `version/go.mod` line (the hash of the go.mod file alone). */
  goMod: boolean;
  /** `algo:base64`, e.g. `h1:...`. */
  hash: string;
  /** 1-based line and column of the first field. */
  line: number;
  column: number;
}

export interface GoSumDiagnostic {
  file: string;
  line: number;
  column: number;
  reason: string;
  /** `file:line: reason`, as the go command prints it. */
  text: string;
}

export interface GoSumFile {
  file: string;
  lines: GoSumLine[];
  /** Lines the go command silently drops (the empty go.mod hash). */
  dropped: GoSumLine[];
  /** Lines skipped in tolerant mode, which the go command would reject outside `go mod tidy`. */
  skipped: GoSumDiagnostic[];
}

/** The only exception parseGoSum throws; `message` is the go command's text. */
export class GoSumSyntaxError extends Error {
  override name = 'GoSumSyntaxError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  readonly errors: readonly GoSumDiagnostic[];
  constructor(errors: GoSumDiagnostic[]) {
    const first = errors[0] ?? { file: '', line: 0, column: 0, reason: 'unknown error', text: 'unknown error' };
    super(`malformed go.sum:\n${first.text}`);
    this.errors = errors.length ? errors : [first];
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.reason = first.reason;
  }
}

export interface ParseGoSumOptions {
  /** Skip malformed lines instead of failing, as `go mod tidy` does. */
  tolerant?: boolean;
}

/** Parses a go.sum file. Throws GoSumSyntaxError for a line without exactly three fields. */
export function parseGoSum(text: string, file = 'go.sum', options: ParseGoSumOptions = {}): GoSumFile {
  const out: GoSumFile = { file, lines: [], dropped: [], skipped: [] };
  const errors: GoSumDiagnostic[] = [];
  const rows = text.split('\n');
  // A trailing newline ends the last line rather than starting another one.
  if (rows[rows.length - 1] === '') rows.pop();
  rows.forEach((row, i) => {
    const lineno = i + 1;
    const f = goFields(row);
    if (f.length === 0) return;
    const lead = /^\p{White_Space}*/u.exec(row)?.[0] ?? '';
    const column = [...lead].length + 1;
    if (f.length !== 3) {
      const reason = `wrong number of fields ${f.length}`;
      const d = { file, line: lineno, column, reason, text: `${file}:${lineno}: ${reason}` };
      if (options.tolerant) out.skipped.push(d);
      else errors.push(d);
      return;
    }
    const [path, rawVersion, hash] = f as [string, string, string];
    const goMod = rawVersion.endsWith('/go.mod');
    const entry: GoSumLine = {
      path, version: goMod ? rawVersion.slice(0, -'/go.mod'.length) : rawVersion, goMod, hash, line: lineno, column,
    };
    if (hash === EMPTY_GO_MOD_HASH) out.dropped.push(entry);
    else out.lines.push(entry);
  });
  if (errors.length > 0) throw new GoSumSyntaxError(errors);
  return out;
}

/** The hashes recorded for a module's zip (goMod false) or its go.mod (goMod true). */
export function goSumHashes(sum: GoSumFile, path: string, version: string, goMod = false): string[] {
  return sum.lines.filter((l) => l.path === path && l.version === version && l.goMod === goMod).map((l) => l.hash);
}

/** Whether go.sum has an `h1:` hash for the module (go command: HaveSum only counts known algorithms). */
export function hasGoSum(sum: GoSumFile, path: string, version: string, goMod = false): boolean {
  return goSumHashes(sum, path, version, goMod).some((h) => h.startsWith('h1:'));
}

/**
 * Compares a computed `h1:` hash with go.sum: `match`, `mismatch` (the go command's SECURITY
 * ERROR), or `missing` when no `h1:` hash is recorded.
 */
export function verifyGoSum(sum: GoSumFile, path: string, version: string, goMod: boolean, h1: string): 'match' | 'mismatch' | 'missing' {
  const known = goSumHashes(sum, path, version, goMod).filter((h) => h.startsWith('h1:'));
  if (known.length === 0) return 'missing';
  return known.includes(h1) ? 'match' : 'mismatch';
}

/**
 * Writes lines the way `go mod tidy` does: keys sorted by module.Sort, hashes per key sorted
 * and de-duplicated, `path version hash\n` each.
 */
export function formatGoSum(lines: Iterable<Pick<GoSumLine, 'path' | 'version' | 'goMod' | 'hash'>>): string {
  const byKey = new Map<string, { path: string; version: string; hashes: Set<string> }>();
  for (const l of lines) {
    const version = l.goMod ? `${l.version}/go.mod` : l.version;
    const key = `${l.path}\u0000${version}`;
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { path: l.path, version, hashes: new Set() }));
    e.hashes.add(l.hash);
  }
  const keys = [...byKey.values()].sort(compareModuleVersions);
  let out = '';
  for (const k of keys) {
    for (const h of [...k.hashes].sort(compareGoStrings)) out += `${k.path} ${k.version} ${h}\n`;
  }
  return out;
}

/**
 * Problems the go command tolerates when reading but that mean the line can never match:
 * an invalid module path, a non-semver version, or a hash without an `algo:` prefix.
 */
export function malformedGoSumReasons(l: GoSumLine): string[] {
  const reasons: string[] = [];
  const pathErr = checkPath(l.path);
  if (pathErr) reasons.push(pathErr.message);
  if (!isValid(l.version)) reasons.push(`invalid version ${JSON.stringify(l.version)}`);
  if (!/^[a-z0-9]+:./.test(l.hash)) reasons.push(`hash ${JSON.stringify(l.hash)} lacks an algorithm prefix`);
  else if (l.hash.startsWith('h1:') && !/^h1:[A-Za-z0-9+/]{43}=$/.test(l.hash)) reasons.push(`malformed h1 hash ${JSON.stringify(l.hash)}`);
  return reasons;
}

/**
 * Module paths, import paths and file paths as golang.org/x/mod/module defines them: the
 * validity rules (with the same error texts), major-version suffixes (`/v2`, `gopkg.in/x.v1`),
 * and the case-escaping used in proxy URLs and the module cache (`!` before a lowercased
 * letter).
 *
 * Checks return an error object or `undefined`; escaping functions throw, because a caller
 * that escapes an invalid path has a bug, while a caller that checks a path expects failures.
 */
import { build, canonical, compare as compareVersions, isValid, major } from './semver.ts';
import { compareGoStrings, goQuote, goQuoteRune, isGoLetter, isWellFormed } from './gostring.ts';

/** A module path and version (`module.Version`); version is `""` for a main module. */
export interface ModuleVersion {
  path: string;
  version: string;
}

/** `version "X" invalid: reason` (module.InvalidVersionError). */
export class InvalidVersionError extends Error {
  override name = 'InvalidVersionError';
  readonly version: string;
  readonly pseudo: boolean;
  readonly reason: string;
  constructor(version: string, reason: string, pseudo = false) {
    super(`${pseudo ? 'pseudo-version' : 'version'} ${goQuote(version)} invalid: ${reason}`);
    this.version = version;
    this.reason = reason;
    this.pseudo = pseudo;
  }
  get noun(): string {
    return this.pseudo ? 'pseudo-version' : 'version';
  }
}

/** `malformed module path "X": reason` (module.InvalidPathError). */
export class InvalidPathError extends Error {
  override name = 'InvalidPathError';
  readonly kind: PathKind;
  readonly path: string;
  readonly reason: string;
  constructor(kind: PathKind, path: string, reason: string) {
    super(`malformed ${kind} path ${goQuote(path)}: ${reason}`);
    this.kind = kind;
    this.path = path;
    this.reason = reason;
  }
}

/** An error about a specific module or module version (module.ModuleError). */
export class ModuleError extends Error {
  override name = 'ModuleError';
  readonly path: string;
  readonly version: string;
  readonly err: Error;
  constructor(path: string, version: string, err: Error) {
    let text: string;
    if (err instanceof InvalidVersionError) text = `${path}@${err.version}: invalid ${err.noun}: ${err.reason}`;
    else if (version !== '') text = `${path}@${version}: ${err.message}`;
    else text = `module ${path}: ${err.message}`;
    super(text);
    this.path = path;
    this.version = version;
    this.err = err;
  }
}

/** module.VersionError: wraps err unless it already names this path and version. */
export function versionError(v: ModuleVersion, err: Error): ModuleError {
  if (err instanceof ModuleError && err.path === v.path && err.version === v.version) return err;
  return new ModuleError(v.path, v.version, err);
}

export type PathKind = 'module' | 'import' | 'file';

function firstPathOK(c: string): boolean {
  return c === '-' || c === '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

function modPathOK(c: string): boolean {
  return c === '-' || c === '.' || c === '_' || c === '~'
    || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

function importPathOK(c: string): boolean {
  return modPathOK(c) || c === '+';
}

const FILE_PUNCTUATION = '!#$%&()+,-.=@[]^_{}~ ';

function fileNameOK(c: string): boolean {
  if ((c.codePointAt(0) ?? 0) < 0x80) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || FILE_PUNCTUATION.includes(c);
  }
  return isGoLetter(c);
}

const BAD_WINDOWS_NAMES = new Set([
  'CON', 'PRN', 'AUX', 'NUL',
  'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9',
  'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
]);

/** Returns the reason an element is invalid, or undefined. */
function checkElem(elem: string, kind: PathKind): string | undefined {
  if (elem === '') return 'empty path element';
  if (/^\.+$/.test(elem)) return `invalid path element ${goQuote(elem)}`;
  if (elem[0] === '.' && kind === 'module') return 'leading dot in path element';
  if (elem[elem.length - 1] === '.') return 'trailing dot in path element';
  const ok = kind === 'module' ? modPathOK : kind === 'import' ? importPathOK : fileNameOK;
  for (const c of elem) {
    if (!ok(c)) return `invalid char ${goQuoteRune(c.codePointAt(0) ?? 0)}`;
  }
  const dot = elem.indexOf('.');
  const short = dot >= 0 ? elem.slice(0, dot) : elem;
  // The reserved names are ASCII, and no Unicode case folding maps non-ASCII onto their letters.
  if (/^[\x00-\x7f]*$/.test(short) && BAD_WINDOWS_NAMES.has(short.toUpperCase())) {
    return `${goQuote(short)} disallowed as path element component on Windows`;
  }
  if (kind === 'file') return undefined;
  const tilde = short.lastIndexOf('~');
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) {
    return 'trailing tilde and digits in path element';
  }
  return undefined;
}

function checkPathReason(path: string, kind: PathKind): string | undefined {
  if (!isWellFormed(path)) return 'invalid UTF-8';
  if (path === '') return 'empty string';
  if (path[0] === '-' && kind !== 'file') return 'leading dash';
  if (path.includes('//')) return 'double slash';
  if (path[path.length - 1] === '/') return 'trailing slash';
  for (const elem of path.split('/')) {
    const reason = checkElem(elem, kind);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function modulePathReason(path: string): string | undefined {
  const reason = checkPathReason(path, 'module');
  if (reason !== undefined) return reason;
  let i = path.indexOf('/');
  if (i < 0) i = path.length;
  if (i === 0) return 'leading slash';
  const first = path.slice(0, i);
  if (!first.includes('.')) return 'missing dot in first path element';
  if (path[0] === '-') return 'leading dash in first path element';
  for (const c of first) {
    if (!firstPathOK(c)) return `invalid char ${goQuoteRune(c.codePointAt(0) ?? 0)} in first path element`;
  }
  if (!splitPathVersion(path).ok) return 'invalid version';
  return undefined;
}

/** module.CheckPath: whether path is a valid module path. */
export function checkPath(path: string): InvalidPathError | undefined {
  const reason = modulePathReason(path);
  return reason === undefined ? undefined : new InvalidPathError('module', path, reason);
}

/** module.CheckImportPath: whether path is a valid import path. */
export function checkImportPath(path: string): InvalidPathError | undefined {
  const reason = checkPathReason(path, 'import');
  return reason === undefined ? undefined : new InvalidPathError('import', path, reason);
}

/** module.CheckFilePath: whether path is a valid file path inside a module zip. */
export function checkFilePath(path: string): InvalidPathError | undefined {
  const reason = checkPathReason(path, 'file');
  return reason === undefined ? undefined : new InvalidPathError('file', path, reason);
}

/** module.Check: a valid module path with a semantic version that suits its major suffix. */
export function check(path: string, version: string): Error | undefined {
  const pathErr = checkPath(path);
  if (pathErr) return pathErr;
  if (!isValid(version)) {
    return new ModuleError(path, '', new InvalidVersionError(version, 'not a semantic version'));
  }
  const majorErr = checkPathMajor(version, splitPathVersion(path).pathMajor);
  return majorErr ? new ModuleError(path, '', majorErr) : undefined;
}

export interface SplitPath {
  prefix: string;
  pathMajor: string;
  ok: boolean;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s[i];
  return c !== undefined && c >= '0' && c <= '9';
}

function splitGopkgIn(path: string): SplitPath {
  let i = path.length;
  if (path.endsWith('-unstable')) i -= '-unstable'.length;
  while (i > 0 && isDigitAt(path, i - 1)) i--;
  if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return { prefix: path, pathMajor: '', ok: false };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) {
    return { prefix: path, pathMajor: '', ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

/**
 * module.SplitPathVersion: splits `example.com/m/v2` into `example.com/m` and `/v2`, and
 * `gopkg.in/yaml.v2` into `gopkg.in/yaml` and `.v2`. ok is false for a malformed suffix.
 */
export function splitPathVersion(path: string): SplitPath {
  if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && (isDigitAt(path, i - 1) || path[i - 1] === '.')) {
    if (path[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') {
    return { prefix: path, pathMajor: '', ok: true };
  }
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') {
    return { prefix: path, pathMajor: '', ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

/** module.CheckPathMajor: whether version v suits the path's major-version suffix. */
export function checkPathMajor(v: string, pathMajor: string): InvalidVersionError | undefined {
  if (pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable')) {
    pathMajor = pathMajor.slice(0, -'-unstable'.length);
  }
  // Old gopkg.in pseudo-versions were computed as v0.0.0 for .v1 paths; they stay loadable.
  if (v.startsWith('v0.0.0-') && pathMajor === '.v1') return undefined;
  const m = major(v);
  let want = pathMajor;
  if (pathMajor === '') {
    if (m === 'v0' || m === 'v1' || build(v) === '+incompatible') return undefined;
    want = 'v0 or v1';
  } else if (pathMajor[0] === '/' || pathMajor[0] === '.') {
    if (m === pathMajor.slice(1)) return undefined;
    want = pathMajor.slice(1);
  }
  return new InvalidVersionError(v, `should be ${want}, not ${m}`);
}

/** module.MatchPathMajor. */
export function matchPathMajor(v: string, pathMajor: string): boolean {
  return checkPathMajor(v, pathMajor) === undefined;
}

/**
 * module.PathMajorPrefix: the major version a suffix requires (`/v2` → `v2`, `.v1-unstable`
 * → `v1`), `""` for none. Throws on a suffix that SplitPathVersion would never return.
 */
export function pathMajorPrefix(pathMajor: string): string {
  if (pathMajor === '') return '';
  if (pathMajor[0] !== '/' && pathMajor[0] !== '.') {
    throw new Error(`pathMajor suffix ${pathMajor} passed to PathMajorPrefix lacks separator`);
  }
  if (pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable')) {
    pathMajor = pathMajor.slice(0, -'-unstable'.length);
  }
  const m = pathMajor.slice(1);
  if (m !== major(m)) throw new Error(`pathMajor suffix ${pathMajor}passed to PathMajorPrefix is not a valid major version`);
  return m;
}

/** module.CanonicalVersion: semver canonical form, keeping a `+incompatible` suffix. */
export function canonicalVersion(v: string): string {
  const cv = canonical(v);
  return build(v) === '+incompatible' ? cv + '+incompatible' : cv;
}

/**
 * module.Sort order: by path, then by semantic version, with a `/go.mod`-style suffix after the
 * version breaking ties (so `v1.0.0` precedes `v1.0.0/go.mod`).
 */
export function compareModuleVersions(a: ModuleVersion, b: ModuleVersion): number {
  if (a.path !== b.path) return compareGoStrings(a.path, b.path);
  let vi = a.version;
  let vj = b.version;
  let fi = '';
  let fj = '';
  const ki = vi.indexOf('/');
  if (ki >= 0) [vi, fi] = [vi.slice(0, ki), vi.slice(ki)];
  const kj = vj.indexOf('/');
  if (kj >= 0) [vj, fj] = [vj.slice(0, kj), vj.slice(kj)];
  if (vi !== vj) return compareVersions(vi, vj);
  return compareGoStrings(fi, fj);
}

/** Sorts in place with module.Sort's order and returns the list. */
export function sortModuleVersions<T extends ModuleVersion>(list: T[]): T[] {
  return list.sort(compareModuleVersions);
}

function escapeString(s: string): string {
  return s.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

function unescapeString(escaped: string): string | undefined {
  let out = '';
  let bang = false;
  for (const c of escaped) {
    if ((c.codePointAt(0) ?? 0) >= 0x80) return undefined;
    if (bang) {
      bang = false;
      if (c < 'a' || c > 'z') return undefined;
      out += c.toUpperCase();
      continue;
    }
    if (c === '!') {
      bang = true;
      continue;
    }
    if (c >= 'A' && c <= 'Z') return undefined;
    out += c;
  }
  return bang ? undefined : out;
}

/**
 * module.EscapePath: the case-safe form used in proxy URLs and the module cache
 * (`github.com/Azure/x` → `github.com/!azure/x`). Throws InvalidPathError for an invalid path.
 */
export function escapePath(path: string): string {
  const err = checkPath(path);
  if (err) throw err;
  return escapeString(path);
}

/** module.EscapeVersion. Throws InvalidVersionError("disallowed version string"). */
export function escapeVersion(v: string): string {
  if (checkElem(v, 'file') !== undefined || v.includes('!') || !isWellFormed(v)) {
    throw new InvalidVersionError(v, 'disallowed version string');
  }
  // checkElem admits non-ASCII letters, which the escaped form cannot carry.
  if (/[^\x00-\x7f]/.test(v)) throw new Error('internal error: inconsistency in EscapePath');
  return escapeString(v);
}

/** module.UnescapePath. Throws with Go's message for a malformed or invalid escaped path. */
export function unescapePath(escaped: string): string {
  const path = unescapeString(escaped);
  if (path === undefined) throw new Error(`invalid escaped module path ${goQuote(escaped)}`);
  const err = checkPath(path);
  if (err) throw new Error(`invalid escaped module path ${goQuote(escaped)}: ${err.message}`);
  return path;
}

/** module.UnescapeVersion. */
export function unescapeVersion(escaped: string): string {
  const v = unescapeString(escaped);
  if (v === undefined) throw new Error(`invalid escaped version ${goQuote(escaped)}`);
  const reason = checkElem(v, 'file');
  if (reason !== undefined) throw new Error(`invalid escaped version ${goQuote(v)}: ${reason}`);
  return v;
}

/**
 * Argument rules shared by the go.mod and go.work directives (golang.org/x/mod/modfile
 * rule.go): quoted strings, versions, `replace` targets, `godebug` pairs, the go and
 * toolchain version syntax, and the error texts that go with them.
 */
import { makeDiagnostic, type GoModDiagnostic, type SyntaxLine } from './modfile-lex.ts';
import { canonicalVersion, checkPathMajor, InvalidVersionError, ModuleError, splitPathVersion, type ModuleVersion } from './module.ts';
import { goQuote, goUnquote, isGoPrint } from './gostring.ts';

/**
 * Canonicalizes a version found in the file (modfile.VersionFixer). Return the version to
 * record, or throw to reject it; a thrown ModuleError contributes only its inner reason.
 */
export type VersionFixer = (path: string, version: string) => string;

/** The go directive's accepted syntax (modfile.GoVersionRE). */
export const GO_VERSION_RE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
/** The toolchain directive's accepted syntax (modfile.ToolchainRE). */
export const TOOLCHAIN_RE = /^default$|^go1($|\.)/;

/** A problem found while interpreting one directive, before the file name is known. */
export class DirectiveError extends Error {
  constructor(readonly reason: string, readonly verb = '', readonly modPath = '') {
    super(reason);
  }
}

/** modfile.MustQuote: whether s needs quoting to be a single go.mod token. */
export function mustQuote(s: string): boolean {
  for (const ch of s) {
    switch (ch) {
      case ' ': case '"': case "'": case '`':
        return true;
      case '(': case ')': case '[': case ']': case '{': case '}': case ',':
        if (s.length > 1) return true;
        break;
      default:
        if (!isGoPrint(ch)) return true;
    }
  }
  return s === '' || s.includes('//') || s.includes('/*');
}

/** modfile.AutoQuote. */
export function autoQuote(s: string): string {
  return mustQuote(s) ? goQuote(s) : s;
}

/** modfile.IsDirectoryPath: whether a replacement target is a directory, in Unix or Windows syntax. */
export function isDirectoryPath(ns: string): boolean {
  return ns === '.' || ns.startsWith('./') || ns.startsWith('.\\')
    || ns === '..' || ns.startsWith('../') || ns.startsWith('..\\')
    || ns.startsWith('/') || ns.startsWith('\\')
    || (ns.length >= 2 && /^[A-Za-z]:/.test(ns));
}

/** Unquotes a token in place (args[i] becomes its canonical spelling) and returns its value. */
function parseString(args: string[], i: number): string {
  let t = args[i] ?? '';
  if (t.startsWith('"')) {
    const u = goUnquote(t);
    if (u === undefined) throw new DirectiveError('invalid syntax');
    t = u;
  } else if (/["'`]/.test(t)) {
    throw new DirectiveError('unquoted string cannot contain quote');
  }
  args[i] = autoQuote(t);
  return t;
}

/** parseString for a path argument, failing with `invalid quoted string: ...`. */
export function parseStringArg(args: string[], i: number): string {
  try {
    return parseString(args, i);
  } catch (e) {
    throw new DirectiveError(`invalid quoted string: ${(e as Error).message}`);
  }
}

export function parseVersion(verb: string, path: string, args: string[], i: number, fix: VersionFixer | undefined): string {
  let t: string;
  try {
    t = parseString(args, i);
  } catch (e) {
    throw new DirectiveError(new InvalidVersionError(args[i] ?? '', (e as Error).message).message, verb, path);
  }
  if (fix) {
    try {
      t = fix(path, t);
    } catch (e) {
      if (e instanceof ModuleError) throw new DirectiveError(e.err.message, verb, path);
      throw e instanceof DirectiveError ? e : new DirectiveError(e instanceof Error ? e.message : String(e));
    }
  } else {
    const cv = canonicalVersion(t);
    if (cv === '') throw new DirectiveError(new InvalidVersionError(t, 'must be of the form v1.2.3').message, verb, path);
    t = cv;
  }
  args[i] = t;
  return t;
}

export function modulePathMajor(path: string): string {
  const { pathMajor, ok } = splitPathVersion(path);
  if (!ok) throw new DirectiveError('invalid module path');
  return pathMajor;
}

/** Parses `old [v] => new [v]`, shared with go.work. */
export function parseReplaceArgs(verb: string, args: string[], fix: VersionFixer | undefined): { old: ModuleVersion; new: ModuleVersion } {
  const arrow = args.length >= 2 && args[1] === '=>' ? 1 : 2;
  if (args.length < arrow + 2 || args.length > arrow + 3 || args[arrow] !== '=>') {
    throw new DirectiveError(`usage: ${verb} module/path [v1.2.3] => other/module v1.4\n\t or ${verb} module/path [v1.2.3] => ../local/directory`);
  }
  const s = parseStringArg(args, 0);
  let pathMajor: string;
  try {
    pathMajor = modulePathMajor(s);
  } catch (e) {
    throw new DirectiveError((e as Error).message, verb, s);
  }
  let v = '';
  if (arrow === 2) {
    v = parseVersion(verb, s, args, 1, fix);
    const err = checkPathMajor(v, pathMajor);
    if (err) throw new DirectiveError(err.message, verb, s);
  }
  const ns = parseStringArg(args, arrow + 1);
  let nv = '';
  if (args.length === arrow + 2) {
    if (!isDirectoryPath(ns)) {
      if (ns.includes('@')) throw new DirectiveError("replacement module must match format 'path version', not 'path@version'");
      throw new DirectiveError('replacement module without version must be directory path (rooted or starting with . or ..)');
    }
    // Like the go command on Unix, which is where gotune's judgement of a go.mod is anchored.
    if (ns.includes('\\')) throw new DirectiveError('replacement directory appears to be Windows path (on a non-windows system)');
  }
  if (args.length === arrow + 3) {
    nv = parseVersion(verb, ns, args, arrow + 2, fix);
    if (isDirectoryPath(ns)) throw new DirectiveError(`replacement module directory path ${goQuote(ns)} cannot have version`);
  }
  return { old: { path: s, version: v }, new: { path: ns, version: nv } };
}

/** Parses `key=value` for godebug, shared with go.work. */
export function parseGodebugArgs(args: string[]): { key: string; value: string } {
  const arg = args[0];
  if (args.length !== 1 || arg === undefined || /["`',]/.test(arg)) throw new DirectiveError('usage: godebug key=value');
  const eq = arg.indexOf('=');
  if (eq < 0) throw new DirectiveError('usage: godebug key=value');
  return { key: arg.slice(0, eq), value: arg.slice(eq + 1) };
}

/** Validates a go directive argument (strict form), shared with go.work. */
export function checkGoArgs(args: string[]): string {
  if (args.length !== 1) throw new DirectiveError('go directive expects exactly one argument');
  const v = args[0] as string;
  if (!GO_VERSION_RE.test(v)) throw new DirectiveError(`invalid go version '${v}': must match format 1.23.0`);
  return v;
}

/** Validates a toolchain directive argument, shared with go.work. */
export function checkToolchainArgs(args: string[]): string {
  if (args.length !== 1) throw new DirectiveError('toolchain directive expects exactly one argument');
  const v = args[0] as string;
  if (!TOOLCHAIN_RE.test(v)) throw new DirectiveError(`invalid toolchain version '${v}': must match format go1.23.0 or default`);
  return v;
}

/** Reports a directive error with the go command's position (the directive's first token). */
export function directiveDiagnostic(file: string, line: SyntaxLine, e: unknown): GoModDiagnostic {
  if (e instanceof DirectiveError) return makeDiagnostic(file, line.start, e.reason, e.verb, e.modPath);
  throw e;
}

/**
 * go.mod files (golang.org/x/mod/modfile rule.go): every directive the go command knows —
 * module, go, toolchain, godebug, require, exclude, replace, retract, tool, ignore — with the
 * same acceptance rules and error texts as `go mod edit`, which parses without a version fixer.
 * Lax mode keeps only what the go command reads from a dependency's go.mod and ignores the
 * rest, as modfile.ParseLax does.
 */
import {
  directiveComment, GoModSyntaxError, internalError, makeDiagnostic, parseSyntax,
  type FileSyntax, type GoModDiagnostic, type SyntaxBlock, type SyntaxLine,
} from './modfile-lex.ts';
import {
  checkToolchainArgs, directiveDiagnostic, DirectiveError, GO_VERSION_RE, modulePathMajor, parseGodebugArgs,
  parseReplaceArgs, parseStringArg, parseVersion, type VersionFixer,
} from './modfile-args.ts';
import { checkPathMajor, type ModuleVersion } from './module.ts';
import { goQuote, goTrimSpace, goUnquote } from './gostring.ts';

export {
  GoModSyntaxError, parseSyntax,
  type Comment, type Comments, type FileSyntax, type GoModDiagnostic, type Position,
  type SyntaxBlock, type SyntaxCommentBlock, type SyntaxLine, type SyntaxStmt,
} from './modfile-lex.ts';
export { autoQuote, GO_VERSION_RE, isDirectoryPath, mustQuote, TOOLCHAIN_RE, type VersionFixer } from './modfile-args.ts';

/** Where a directive is: its 1-based line and column, and its syntax. */
export interface DirectiveBase {
  line: number;
  column: number;
  syntax: SyntaxLine;
}

export interface ModuleDirective extends DirectiveBase {
  path: string;
  /** The `Deprecated:` paragraph of the module's comments, `""` if none. */
  deprecated: string;
}
export interface GoDirective extends DirectiveBase { version: string }
export interface ToolchainDirective extends DirectiveBase { name: string }
export interface GodebugDirective extends DirectiveBase { key: string; value: string }
export interface RequireDirective extends DirectiveBase { path: string; version: string; indirect: boolean }
export interface ExcludeDirective extends DirectiveBase { path: string; version: string }
export interface ReplaceDirective extends DirectiveBase { old: ModuleVersion; new: ModuleVersion }
/** A retracted version (low === high) or closed interval, with the comment as rationale. */
export interface RetractDirective extends DirectiveBase { low: string; high: string; rationale: string }
export interface ToolDirective extends DirectiveBase { path: string }
export interface IgnoreDirective extends DirectiveBase { path: string }

export interface GoModFile {
  file: string;
  module?: ModuleDirective;
  go?: GoDirective;
  toolchain?: ToolchainDirective;
  godebug: GodebugDirective[];
  require: RequireDirective[];
  exclude: ExcludeDirective[];
  replace: ReplaceDirective[];
  retract: RetractDirective[];
  tool: ToolDirective[];
  ignore: IgnoreDirective[];
  syntax: FileSyntax;
}

export interface ParseGoModOptions {
  /** Like modfile.ParseLax: ignore unknown directives and main-module-only ones. */
  lax?: boolean;
  /** Without a fixer a version must be valid semver and is stored canonically (`v1.2` → `v1.2.0`), as `go mod edit` does. */
  fix?: VersionFixer;
}

// Go's `.` excludes only \n, where JavaScript's also excludes \r, U+2028 and U+2029.
const LAX_GO_VERSION_RE = /^v?(([1-9][0-9]*)\.(0|[1-9][0-9]*))([^0-9][^\n]*)$/;
const DEPRECATED_RE = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/;

interface Interval { low: string; high: string; rest: string[] }

function parseVersionInterval(verb: string, path: string, args: string[], fix: VersionFixer | undefined): Interval {
  const toks = args;
  if (toks.length === 0 || toks[0] === '(') throw new DirectiveError("expected '[' or version");
  if (toks[0] !== '[') {
    const v = parseVersion(verb, path, toks, 0, fix);
    return { low: v, high: v, rest: toks.slice(1) };
  }
  if (toks.length < 2) throw new DirectiveError("expected version after '['");
  const low = parseVersion(verb, path, toks, 1, fix);
  if (toks.length < 3 || toks[2] !== ',') throw new DirectiveError("expected ',' after version");
  if (toks.length < 4) throw new DirectiveError("expected version after ','");
  const high = parseVersion(verb, path, toks, 3, fix);
  if (toks.length < 5 || toks[4] !== ']') throw new DirectiveError("expected ']' after version");
  return { low, high, rest: toks.slice(5) };
}

const keepRetract: VersionFixer = (_path, v) => v;

/** modfile's isIndirect: the first suffix comment is exactly `indirect` or starts `indirect;`. */
function isIndirect(line: SyntaxLine): boolean {
  const first = line.comments.suffix[0];
  if (!first) return false;
  const f = first.token.replace(/^\/\//, '').split(/\p{White_Space}+/u).filter((x) => x !== '');
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}

function at(line: SyntaxLine): DirectiveBase {
  return { line: line.start.line, column: line.start.column, syntax: line };
}

function addDirective(f: GoModFile, errs: GoModDiagnostic[], block: SyntaxBlock | undefined, line: SyntaxLine,
  verb: string, args: string[], fix: VersionFixer | undefined, strict: boolean): void {
  if (!strict && !['go', 'module', 'retract', 'require', 'ignore'].includes(verb)) return;
  try {
    switch (verb) {
      default:
        throw new DirectiveError(`unknown directive: ${verb}`);
      case 'go': {
        if (f.go) throw new DirectiveError('repeated go statement');
        if (args.length !== 1) throw new DirectiveError('go directive expects exactly one argument');
        let v = args[0] as string;
        if (!GO_VERSION_RE.test(v)) {
          const m = strict ? null : LAX_GO_VERSION_RE.exec(v);
          if (!m) throw new DirectiveError(`invalid go version '${v}': must match format 1.23.0`);
          v = m[1] as string;
          args[0] = v;
        }
        f.go = { ...at(line), version: v };
        break;
      }
      case 'toolchain': {
        if (f.toolchain) throw new DirectiveError('repeated toolchain statement');
        f.toolchain = { ...at(line), name: checkToolchainArgs(args) };
        break;
      }
      case 'module': {
        if (f.module) throw new DirectiveError('repeated module statement');
        const text = directiveComment(block, line);
        const m = DEPRECATED_RE.exec(text);
        // The go command records the module even when its argument is bad, then reports it.
        f.module = { ...at(line), path: '', deprecated: m ? (m[1] as string) : '' };
        if (args.length !== 1) throw new DirectiveError('usage: module module/path');
        f.module.path = parseStringArg(args, 0);
        break;
      }
      case 'godebug':
        f.godebug.push({ ...at(line), ...parseGodebugArgs(args) });
        break;
      case 'require':
      case 'exclude': {
        if (args.length !== 2) throw new DirectiveError(`usage: ${verb} module/path v1.2.3`);
        const s = parseStringArg(args, 0);
        const v = parseVersion(verb, s, args, 1, fix);
        const pathMajor = modulePathMajor(s);
        const err = checkPathMajor(v, pathMajor);
        if (err) throw new DirectiveError(err.message, verb, s);
        if (verb === 'require') f.require.push({ ...at(line), path: s, version: v, indirect: isIndirect(line) });
        else f.exclude.push({ ...at(line), path: s, version: v });
        break;
      }
      case 'replace':
        f.replace.push({ ...at(line), ...parseReplaceArgs(verb, args, fix) });
        break;
      case 'retract': {
        const rationale = directiveComment(block, line);
        let vi: Interval;
        try {
          vi = parseVersionInterval(verb, '', args, keepRetract);
        } catch (e) {
          // Dependencies may use interval syntax newer than ours; only the main module is judged.
          if (!strict) return;
          throw e;
        }
        if (vi.rest.length > 0 && strict) throw new DirectiveError(`unexpected token after version: ${goQuote(vi.rest[0] as string)}`);
        f.retract.push({ ...at(line), low: vi.low, high: vi.high, rationale });
        break;
      }
      case 'tool':
      case 'ignore': {
        if (args.length !== 1) throw new DirectiveError(`${verb} directive expects exactly one argument`);
        const s = parseStringArg(args, 0);
        f[verb].push({ ...at(line), path: s });
        break;
      }
    }
  } catch (e) {
    errs.push(directiveDiagnostic(f.file, line, e));
  }
}

/** Re-reads retract versions through the fixer once the module path is known (fixRetract). */
function fixRetract(f: GoModFile, fix: VersionFixer | undefined, errs: GoModDiagnostic[]): void {
  if (!fix) return;
  const path = f.module?.path ?? '';
  for (const r of f.retract) {
    if (path === '') {
      errs.push(makeDiagnostic(f.file, r.syntax.start, 'no module directive found, so retract cannot be used'));
      return;
    }
    let args = r.syntax.tokens;
    if (args[0] === 'retract') args = args.slice(1);
    try {
      const vi = parseVersionInterval('retract', path, args, fix);
      r.low = vi.low;
      r.high = vi.high;
    } catch (e) {
      errs.push(directiveDiagnostic(f.file, r.syntax, e));
      r.low = '';
      r.high = '';
    }
  }
}

/**
 * Parses a go.mod file. Throws GoModSyntaxError, and nothing else, listing every problem in
 * the order and wording of `go mod edit`.
 */
export function parseGoMod(text: string, file = 'go.mod', options: ParseGoModOptions = {}): GoModFile {
  const syntax = parseSyntax(file, text);
  const strict = !options.lax;
  const fix = options.fix;
  const f: GoModFile = {
    file, godebug: [], require: [], exclude: [], replace: [], retract: [], tool: [], ignore: [], syntax,
  };
  const errs: GoModDiagnostic[] = [];
  try {
    for (const x of syntax.stmts) {
      if (x.kind === 'line') {
        // Go passes a subslice that aliases the line's tokens, so canonical spellings written
        // into the arguments land in the syntax tree; copy them back to get the same effect.
        const args = x.tokens.slice(1);
        addDirective(f, errs, undefined, x, x.tokens[0] as string, args, fix, strict);
        x.tokens.splice(1, args.length, ...args);
      } else if (x.kind === 'block') {
        const verb = x.tokens[0] as string;
        const known = ['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore'];
        if (x.tokens.length > 1 || !known.includes(verb)) {
          if (strict) errs.push(makeDiagnostic(file, x.start, `unknown block type: ${x.tokens.join(' ')}`));
          continue;
        }
        for (const l of x.lines) addDirective(f, errs, x, l, verb, l.tokens, fix, strict);
      }
    }
    fixRetract(f, fix, errs);
  } catch (e) {
    throw internalError(file, e);
  }
  if (errs.length > 0) throw new GoModSyntaxError(errs);
  return f;
}

/** modfile.ParseLax. */
export function parseGoModLax(text: string, file = 'go.mod', options: Omit<ParseGoModOptions, 'lax'> = {}): GoModFile {
  return parseGoMod(text, file, { ...options, lax: true });
}

/** The module path of a go.mod text, tolerant of every other problem (modfile.ModulePath). */
export function modulePath(text: string): string {
  for (let line of text.split('\n')) {
    const c = line.indexOf('//');
    if (c >= 0) line = line.slice(0, c);
    line = goTrimSpace(line);
    if (!line.startsWith('module')) continue;
    const rest = line.slice('module'.length);
    const trimmed = goTrimSpace(rest);
    if (trimmed.length === rest.length || trimmed.length === 0) continue;
    if (trimmed[0] === '"') return goUnquote(trimmed) ?? '';
    if (trimmed[0] === '`') {
      return trimmed.length >= 2 && trimmed.endsWith('`') && !trimmed.slice(1, -1).includes('`') ? trimmed.slice(1, -1).replace(/\r/g, '') : '';
    }
    return trimmed;
  }
  return '';
}

/**
 * go.work files (golang.org/x/mod/modfile work.go): go, toolchain, godebug, use and replace,
 * on the same lexer as go.mod and with the error texts of `go work edit`.
 */
import { GoModSyntaxError, internalError, makeDiagnostic, parseSyntax, type FileSyntax, type GoModDiagnostic, type SyntaxLine } from './modfile-lex.ts';
import {
  checkGoArgs, checkToolchainArgs, directiveDiagnostic, DirectiveError, parseGodebugArgs, parseReplaceArgs, parseStringArg, type VersionFixer,
} from './modfile-args.ts';
import type { DirectiveBase, GodebugDirective, GoDirective, ReplaceDirective, ToolchainDirective } from './modfile.ts';

export interface UseDirective extends DirectiveBase {
  /** The directory as written (unquoted). */
  path: string;
}

export interface GoWorkFile {
  file: string;
  go?: GoDirective;
  toolchain?: ToolchainDirective;
  godebug: GodebugDirective[];
  use: UseDirective[];
  replace: ReplaceDirective[];
  syntax: FileSyntax;
}

function at(line: SyntaxLine): DirectiveBase {
  return { line: line.start.line, column: line.start.column, syntax: line };
}

function addWorkDirective(f: GoWorkFile, errs: GoModDiagnostic[], line: SyntaxLine, verb: string, args: string[], fix: VersionFixer | undefined): void {
  try {
    switch (verb) {
      default:
        throw new DirectiveError(`unknown directive: ${verb}`);
      case 'go':
        if (f.go) throw new DirectiveError('repeated go statement');
        f.go = { ...at(line), version: checkGoArgs(args) };
        break;
      case 'toolchain':
        if (f.toolchain) throw new DirectiveError('repeated toolchain statement');
        f.toolchain = { ...at(line), name: checkToolchainArgs(args) };
        break;
      case 'godebug':
        f.godebug.push({ ...at(line), ...parseGodebugArgs(args) });
        break;
      case 'use': {
        if (args.length !== 1) throw new DirectiveError(`usage: ${verb} local/dir`);
        f.use.push({ ...at(line), path: parseStringArg(args, 0) });
        break;
      }
      case 'replace':
        f.replace.push({ ...at(line), ...parseReplaceArgs(verb, args, fix) });
        break;
    }
  } catch (e) {
    errs.push(directiveDiagnostic(f.file, line, e));
  }
}

/** Parses a go.work file. Throws GoModSyntaxError, and nothing else. */
export function parseGoWork(text: string, file = 'go.work', options: { fix?: VersionFixer } = {}): GoWorkFile {
  const syntax = parseSyntax(file, text);
  const f: GoWorkFile = { file, godebug: [], use: [], replace: [], syntax };
  const errs: GoModDiagnostic[] = [];
  try {
    for (const x of syntax.stmts) {
      if (x.kind === 'line') {
        const args = x.tokens.slice(1);
        addWorkDirective(f, errs, x, x.tokens[0] as string, args, options.fix);
        x.tokens.splice(1, args.length, ...args);
      } else if (x.kind === 'block') {
        const verb = x.tokens[0] as string;
        if (x.tokens.length > 1 || !['godebug', 'use', 'replace'].includes(verb)) {
          errs.push(makeDiagnostic(file, x.start, `unknown block type: ${x.tokens.join(' ')}`));
          continue;
        }
        for (const l of x.lines) addWorkDirective(f, errs, l, verb, l.tokens, options.fix);
      }
    }
  } catch (e) {
    throw internalError(file, e);
  }
  if (errs.length > 0) throw new GoModSyntaxError(errs);
  return f;
}

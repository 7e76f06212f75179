/**
 * The lexer and syntax tree shared by go.mod and go.work (golang.org/x/mod/modfile read.go):
 * tokens, lines, `verb ( ... )` blocks, and the attachment of `//` comments to the lines they
 * belong to. It reproduces the go command's token boundaries, positions and error texts,
 * because its error positions are the ones users see and the ones our checks point at.
 *
 * Positions carry the 1-based line and column (in code points, as the go command counts
 * runes), the UTF-8 byte offset, and the UTF-16 offset into the JavaScript string.
 */
import { goQuoteRune, goTrimSpace, isGoPrint, isGoSpace } from './gostring.ts';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in Unicode code points. */
  column: number;
  /** 0-based offset in the UTF-8 encoding of the text. */
  byte: number;
  /** 0-based offset in the JavaScript string (UTF-16 code units). */
  offset: number;
}

export interface Comment {
  start: Position;
  /** The comment text starting with `//`, without its line ending; `""` marks a kept blank line. */
  token: string;
  /** True for an end-of-line comment, false for a comment alone on its line. */
  suffix: boolean;
}

export interface Comments {
  /** Whole-line comments before the element. */
  before: Comment[];
  /** End-of-line comments after the element. */
  suffix: Comment[];
  /** Whole-line comments after the element (file level only). */
  after: Comment[];
}

/** One line of tokens: a directive, or one line inside a block. */
export interface SyntaxLine {
  kind: 'line';
  comments: Comments;
  start: Position;
  end: Position;
  /** Raw token texts; inside a block the verb is not repeated here. */
  tokens: string[];
  inBlock: boolean;
}

/** `verb ( ... )`. */
export interface SyntaxBlock {
  kind: 'block';
  comments: Comments;
  start: Position;
  tokens: string[];
  lparen: { pos: Position; comments: Comments };
  lines: SyntaxLine[];
  rparen: { pos: Position; comments: Comments };
}

/** A run of whole-line comments not attached to any directive. */
export interface SyntaxCommentBlock {
  kind: 'comments';
  comments: Comments;
  start: Position;
}

export type SyntaxStmt = SyntaxLine | SyntaxBlock | SyntaxCommentBlock;

export interface FileSyntax {
  name: string;
  comments: Comments;
  stmts: SyntaxStmt[];
}

/** One problem in a go.mod or go.work file, in the shape of modfile.Error. */
export interface GoModDiagnostic {
  file: string;
  /** 1-based; 0 when the problem has no position. */
  line: number;
  /** 1-based column; the go command omits it from the text when it is 1. */
  column: number;
  /** The directive verb, when the go command prefixes it (`require example.com/m: ...`). */
  verb?: string;
  /** The module path, when the go command prefixes it. */
  modPath?: string;
  /** The reason alone, without position or directive prefix. */
  reason: string;
  /** The full line exactly as the go command prints it. */
  text: string;
}

function diagnosticText(d: Omit<GoModDiagnostic, 'text'>): string {
  let pos = '';
  if (d.column > 1) pos = `${d.file}:${d.line}:${d.column}: `;
  else if (d.line > 0) pos = `${d.file}:${d.line}: `;
  else if (d.file !== '') pos = `${d.file}: `;
  let directive = '';
  if (d.modPath) directive = `${d.verb ?? ''} ${d.modPath}: `;
  else if (d.verb) directive = `${d.verb}: `;
  return pos + directive + d.reason;
}

export function makeDiagnostic(file: string, pos: { line: number; column: number }, reason: string, verb?: string, modPath?: string): GoModDiagnostic {
  const d: Omit<GoModDiagnostic, 'text'> = { file, line: pos.line, column: pos.column, reason };
  if (verb !== undefined && verb !== '') d.verb = verb;
  if (modPath !== undefined && modPath !== '') d.modPath = modPath;
  return { ...d, text: diagnosticText(d) };
}

/**
 * The only exception the go.mod and go.work parsers throw. `message` is the go command's
 * error list (one line per problem); `file`, `line`, `column` and `reason` describe the first.
 */
export class GoModSyntaxError extends Error {
  override name = 'GoModSyntaxError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  readonly errors: readonly GoModDiagnostic[];
  constructor(errors: GoModDiagnostic[]) {
    super(errors.map((e) => e.text).join('\n'));
    const first = errors[0] ?? makeDiagnostic('', { line: 0, column: 0 }, 'unknown error');
    this.errors = errors.length ? errors : [first];
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.reason = first.reason;
  }
}

/** Thrown inside the lexer to unwind, like the panic in read.go. */
class LexAbort {
  constructor(readonly diagnostic: GoModDiagnostic) {}
}

const EOF = 'EOF';
const EOLCOMMENT = 'EOLCOMMENT';
const IDENT = 'IDENT';
const STRING = 'STRING';
const COMMENT = 'COMMENT';
type TokenKind = typeof EOF | typeof EOLCOMMENT | typeof IDENT | typeof STRING | typeof COMMENT | '\n' | '(' | ')' | '[' | ']' | '{' | '}' | ',';

interface Token {
  kind: TokenKind;
  pos: Position;
  endPos: Position;
  text: string;
}

function isComment(k: TokenKind): boolean {
  return k === COMMENT || k === EOLCOMMENT;
}

function isEOL(k: TokenKind): boolean {
  return k === EOF || k === EOLCOMMENT || k === '\n';
}

const PUNCTUATION = new Set(['\n', '(', ')', '[', ']', '{', '}', ',']);

function isIdentRune(ch: string): boolean {
  switch (ch) {
    case '':
    case ' ':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
      return false;
    default:
      return !isGoSpace(ch) && isGoPrint(ch);
  }
}

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

function emptyComments(): Comments {
  return { before: [], suffix: [], after: [] };
}

class Input {
  private readonly text: string;
  private readonly filename: string;
  private offset = 0;
  // The current position is kept as scalars: allocating a Position for every rune read
  // dominated parse time on large files.
  private line = 1;
  private column = 1;
  private byte = 0;
  private token: Token;
  private tokenStart = 0;
  private readonly comments: Comment[] = [];
  file: FileSyntax;

  constructor(filename: string, text: string) {
    this.filename = filename;
    this.text = text;
    this.token = { kind: EOF, pos: this.pos, endPos: this.pos, text: '' };
    this.file = { name: filename, comments: emptyComments(), stmts: [] };
  }

  private get pos(): Position {
    return { line: this.line, column: this.column, byte: this.byte, offset: this.offset };
  }

  private set pos(p: Position) {
    this.line = p.line;
    this.column = p.column;
    this.byte = p.byte;
    this.offset = p.offset;
  }

  error(reason: string): never {
    throw new LexAbort(makeDiagnostic(this.filename, this.pos, reason));
  }

  private eof(): boolean {
    return this.offset >= this.text.length;
  }

  /** The next code point as a string, `''` at end of input. */
  private peekRune(): string {
    if (this.eof()) return '';
    const cp = this.text.codePointAt(this.offset) ?? 0;
    // Go decodes an invalid byte as U+FFFD, a printable rune; a lone surrogate is our analogue.
    if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
    return String.fromCodePoint(cp);
  }

  private peekPrefix(prefix: string): boolean {
    return this.text.startsWith(prefix, this.offset);
  }

  private readRune(): string {
    if (this.eof()) this.error('internal lexer error: readRune at EOF');
    const cp = this.text.codePointAt(this.offset) ?? 0;
    const ch = String.fromCodePoint(cp);
    this.offset += ch.length;
    if (ch === '\n') {
      this.line++;
      this.column = 1;
      this.byte++;
    } else {
      this.column++;
      this.byte += utf8Length(cp);
    }
    return ch;
  }

  private startToken(): void {
    this.tokenStart = this.offset;
    this.token = { kind: EOF, pos: this.pos, endPos: this.pos, text: '' };
  }

  private endToken(kind: TokenKind): void {
    let text = this.text.slice(this.tokenStart, this.offset);
    if (isComment(kind)) {
      if (text.endsWith('\r\n')) text = text.slice(0, -2);
      else if (text.endsWith('\n')) text = text.slice(0, -1);
    }
    this.token = { kind, pos: this.token.pos, endPos: this.pos, text };
  }

  peek(): TokenKind {
    return this.token.kind;
  }

  lex(): Token {
    const tok = this.token;
    this.readToken();
    return tok;
  }

  readToken(): void {
    while (!this.eof()) {
      const c = this.peekRune();
      if (c === ' ' || c === '\t' || c === '\r') {
        this.readRune();
        continue;
      }
      if (this.peekPrefix('//')) {
        this.startToken();
        const lineStart = this.text.lastIndexOf('\n', this.offset - 1) + 1;
        const before = this.text.slice(lineStart, this.offset);
        const suffix = [...before].some((ch) => !isGoSpace(ch));
        this.readRune();
        this.readRune();
        while (!this.eof() && this.readRune() !== '\n') { /* consume the comment */ }
        if (!suffix) {
          this.endToken(COMMENT);
          return;
        }
        this.endToken(EOLCOMMENT);
        this.comments.push({ start: this.token.pos, token: this.token.text, suffix: true });
        return;
      }
      if (this.peekPrefix('/*')) this.error('mod files must use // comments (not /* */ comments)');
      break;
    }

    this.startToken();
    if (this.eof()) {
      this.endToken(EOF);
      return;
    }

    const c = this.peekRune();
    if (PUNCTUATION.has(c)) {
      this.readRune();
      this.endToken(c as TokenKind);
      return;
    }
    if (c === '"' || c === '`') {
      const quote = c;
      this.readRune();
      for (;;) {
        if (this.eof()) {
          this.pos = this.token.pos;
          this.error('unexpected EOF in string');
        }
        if (this.peekRune() === '\n') this.error('unexpected newline in string');
        const r = this.readRune();
        if (r === quote) break;
        if (r === '\\' && quote !== '`') {
          if (this.eof()) {
            this.pos = this.token.pos;
            this.error('unexpected EOF in string');
          }
          this.readRune();
        }
      }
      this.endToken(STRING);
      return;
    }

    if (!isIdentRune(c)) this.error(`unexpected input character ${goQuoteRune(c.codePointAt(0) ?? 0)}`);
    while (isIdentRune(this.peekRune())) {
      if (this.peekPrefix('//')) break;
      if (this.peekPrefix('/*')) this.error('mod files must use // comments (not /* */ comments)');
      this.readRune();
    }
    this.endToken(IDENT);
  }

  parseFile(): void {
    let cb: SyntaxCommentBlock | undefined;
    for (;;) {
      switch (this.peek()) {
        case '\n':
          this.lex();
          if (cb) {
            this.file.stmts.push(cb);
            cb = undefined;
          }
          break;
        case COMMENT: {
          const tok = this.lex();
          cb ??= { kind: 'comments', comments: emptyComments(), start: tok.pos };
          cb.comments.before.push({ start: tok.pos, token: tok.text, suffix: false });
          break;
        }
        case EOF:
          if (cb) this.file.stmts.push(cb);
          return;
        default: {
          this.parseStmt();
          if (cb) {
            const last = this.file.stmts[this.file.stmts.length - 1];
            if (last) last.comments.before = cb.comments.before;
            cb = undefined;
          }
        }
      }
    }
  }

  private parseStmt(): void {
    const first = this.lex();
    const start = first.pos;
    let end = first.endPos;
    const tokens = [first.text];
    for (;;) {
      const tok = this.lex();
      if (isEOL(tok.kind)) {
        this.file.stmts.push({ kind: 'line', comments: emptyComments(), start, end, tokens, inBlock: false });
        return;
      }
      if (tok.kind === '(') {
        const next = this.peek();
        if (isEOL(next)) {
          this.file.stmts.push(this.parseLineBlock(start, tokens, tok));
          return;
        }
        if (next === ')') {
          const rparen = this.lex();
          if (isEOL(this.peek())) {
            this.lex();
            this.file.stmts.push({
              kind: 'block', comments: emptyComments(), start, tokens,
              lparen: { pos: tok.pos, comments: emptyComments() }, lines: [],
              rparen: { pos: rparen.pos, comments: emptyComments() },
            });
            return;
          }
          tokens.push(tok.text, rparen.text);
        } else {
          tokens.push(tok.text);
        }
        continue;
      }
      tokens.push(tok.text);
      end = tok.endPos;
    }
  }

  private parseLineBlock(start: Position, tokens: string[], lparen: Token): SyntaxBlock {
    const x: SyntaxBlock = {
      kind: 'block', comments: emptyComments(), start, tokens,
      lparen: { pos: lparen.pos, comments: emptyComments() }, lines: [],
      rparen: { pos: lparen.pos, comments: emptyComments() },
    };
    let comments: Comment[] = [];
    for (;;) {
      switch (this.peek()) {
        case EOLCOMMENT:
          this.lex();
          break;
        case '\n': {
          this.lex();
          const last = comments[comments.length - 1];
          if ((comments.length === 0 && x.lines.length > 0) || (last !== undefined && last.token !== '')) {
            comments.push({ start: { line: 0, column: 0, byte: 0, offset: 0 }, token: '', suffix: false });
          }
          break;
        }
        case COMMENT: {
          const tok = this.lex();
          comments.push({ start: tok.pos, token: tok.text, suffix: false });
          break;
        }
        case EOF:
          return this.error(`syntax error (unterminated block started at ${this.filename}:${x.start.line}:${x.start.column})`);
        case ')': {
          const rparen = this.lex();
          const only = comments[0];
          if (comments.length === 1 && only !== undefined && only.token === '' && only.start.line === 0) comments = [];
          x.rparen.comments.before = comments;
          x.rparen.pos = rparen.pos;
          if (!isEOL(this.peek())) this.error('syntax error (expected newline after closing paren)');
          this.lex();
          return x;
        }
        default: {
          const l = this.parseLine();
          x.lines.push(l);
          l.comments.before = comments;
          comments = [];
        }
      }
    }
  }

  private parseLine(): SyntaxLine {
    const first = this.lex();
    if (isEOL(first.kind)) this.error('internal parse error: parseLine at end of line');
    const start = first.pos;
    let end = first.endPos;
    const tokens = [first.text];
    for (;;) {
      const tok = this.lex();
      if (isEOL(tok.kind)) return { kind: 'line', comments: emptyComments(), start, end, tokens, inBlock: true };
      tokens.push(tok.text);
      end = tok.endPos;
    }
  }

  /** Attaches each end-of-line comment to the last element ending before it on its line. */
  assignComments(): void {
    // Postorder by end position, as read.go's order() builds it; the file itself never
    // receives suffix comments, so it is left out.
    const post: Array<{ start: Position; end: Position; comments: Comments }> = [];
    for (const s of this.file.stmts) {
      if (s.kind === 'block') {
        post.push({ start: s.lparen.pos, end: afterParen(s.lparen.pos), comments: s.lparen.comments });
        for (const l of s.lines) post.push({ start: l.start, end: l.end, comments: l.comments });
        post.push({ start: s.rparen.pos, end: afterParen(s.rparen.pos), comments: s.rparen.comments });
        post.push({ start: s.start, end: afterParen(s.rparen.pos), comments: s.comments });
      } else if (s.kind === 'line') {
        post.push({ start: s.start, end: s.end, comments: s.comments });
      } else {
        post.push({ start: s.start, end: s.start, comments: s.comments });
      }
    }
    // Whole-line comments are handed to the parser as tokens, so only suffix comments are here.
    const suffix = this.comments.slice();
    for (let i = post.length - 1; i >= 0; i--) {
      const x = post[i];
      // Something spanning lines (a block) leaves its comments to the lines inside it.
      if (!x || x.start.line !== x.end.line) continue;
      for (let c = suffix[suffix.length - 1]; c !== undefined && x.end.byte <= c.start.byte; c = suffix[suffix.length - 1]) {
        x.comments.suffix.push(c);
        suffix.pop();
      }
    }
    for (const x of post) x.comments.suffix.reverse();
    this.file.comments.before.push(...suffix);
  }
}

/** The position just after a one-byte `)` or `(`. */
function afterParen(p: Position): Position {
  return { line: p.line, column: p.column + 1, byte: p.byte + 1, offset: p.offset + 1 };
}

/**
 * Parses text into its syntax tree. Throws GoModSyntaxError for a lexical or structural
 * problem, exactly one, as the go command stops at the first of these.
 */
export function parseSyntax(file: string, text: string): FileSyntax {
  const input = new Input(file, text);
  try {
    input.readToken();
    input.parseFile();
    input.assignComments();
  } catch (e) {
    if (e instanceof LexAbort) throw new GoModSyntaxError([e.diagnostic]);
    throw internalError(file, e);
  }
  return input.file;
}

/** Converts a bug into the parser's own error class, as read.go recovers from panics. */
export function internalError(file: string, e: unknown): GoModSyntaxError {
  const detail = e instanceof Error ? e.message : String(e);
  return new GoModSyntaxError([makeDiagnostic(file, { line: 0, column: 0 }, `internal error: ${detail}`)]);
}

/** The comment text on a line (or its block when the line has none), `//` and spaces trimmed. */
export function directiveComment(block: SyntaxBlock | undefined, line: SyntaxLine): string {
  let comments = line.comments;
  if (block && comments.before.length === 0 && comments.suffix.length === 0) comments = block.comments;
  const lines: string[] = [];
  for (const c of [...comments.before, ...comments.suffix]) {
    if (!c.token.startsWith('//')) continue;
    lines.push(goTrimSpace(c.token.slice(2)));
  }
  return lines.join('\n');
}

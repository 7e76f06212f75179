// Reads shell startup files (bash, zsh, fish, /etc/profile.d, /etc/environment) for the Go
// settings they make, without executing anything. A small, bounded reader understands the subset
// of POSIX sh / bash / zsh and fish syntax that startup files use to set variables; values that
// need a command, a parameter operator or an unknown variable are reported as not statically
// known (expanded = null). `source` / `.` lines are followed one level deep: a file reached that
// way is read, but its own `source` lines are not.
import { lstatSync, statSync, readlinkSync, realpathSync, openSync, closeSync, fstatSync, readdirSync, constants } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, dirname, isAbsolute, resolve } from 'node:path';
import type { ShellAssignment, ShellGoEnvWrite, ShellKind, ShellPathAddition, ShellStartupFacts, ShellStartupFile } from './types.ts';
import { redactText, redactValue } from './redact.ts';
import { readFdBounded } from './read-bounded.ts';

export interface ShellStartupOptions {
  home: string | null;
  os: string;
  /** Root for system files (/etc); tests point it at a fixture tree. */
  etcDir: string;
  env: Record<string, string | undefined>;
  /** Files larger than this are not read (recorded as binary). */
  maxFileBytes?: number;
}

/** O_NONBLOCK where it exists, so a file swapped for a FIFO after the check cannot block the open. */
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Startup files above this size are not read: no real dotfile is that large. */
export const SHELL_FILE_MAX_BYTES = 1 << 20;
/** At most this many files are examined (conf.d and profile.d directories can be large). */
const MAX_FILES = 200;
/** At most this many sourced files are followed in total. */
const MAX_SOURCED = 20;
/** At most this many directories are checked for existence. */
const MAX_STATS = 400;
/** Logical lines (after joining `\` continuations) are cut at this length. */
const MAX_LOGICAL_LINE = 64 * 1024;
const MAX_TEXT = 300;

/**
 * Go variables looked for in startup files: the go command's own (cmd/internal/cfg KnownEnv,
 * minus the generic C toolchain names CC, CXX, AR, FC, PKG_CONFIG, GCCGO) and the ones it reads
 * from the environment only.
 */
export const GO_VARIABLES: ReadonlySet<string> = new Set([
  'CGO_CFLAGS', 'CGO_CFLAGS_ALLOW', 'CGO_CFLAGS_DISALLOW', 'CGO_CPPFLAGS', 'CGO_CPPFLAGS_ALLOW', 'CGO_CPPFLAGS_DISALLOW',
  'CGO_CXXFLAGS', 'CGO_CXXFLAGS_ALLOW', 'CGO_CXXFLAGS_DISALLOW', 'CGO_ENABLED', 'CGO_FFLAGS', 'CGO_FFLAGS_ALLOW',
  'CGO_FFLAGS_DISALLOW', 'CGO_LDFLAGS', 'CGO_LDFLAGS_ALLOW', 'CGO_LDFLAGS_DISALLOW', 'GO111MODULE', 'GO386', 'GOAMD64',
  'GOARCH', 'GOARM', 'GOARM64', 'GOAUTH', 'GOBIN', 'GOCACHE', 'GOCACHEPROG', 'GOENV', 'GOEXE', 'GOEXPERIMENT', 'GOFIPS140',
  'GOFLAGS', 'GOGCCFLAGS', 'GOHOSTARCH', 'GOHOSTOS', 'GOINSECURE', 'GOMIPS', 'GOMIPS64', 'GOMODCACHE', 'GONOPROXY',
  'GONOSUMDB', 'GOOS', 'GOPATH', 'GOPPC64', 'GOPRIVATE', 'GOPROXY', 'GORISCV64', 'GOROOT', 'GOSUMDB', 'GOTMPDIR',
  'GOTOOLCHAIN', 'GOTOOLDIR', 'GOVCS', 'GOWASM', 'GOWORK', 'GO_EXTLINK_ENABLED', 'GODEBUG', 'GOTELEMETRY', 'GOTELEMETRYDIR',
]);

/** Variables whose value is a directory (or a list of them): their existence is recorded. */
const PATH_VARIABLES: ReadonlySet<string> = new Set(['GOROOT', 'GOPATH', 'GOMODCACHE', 'GOCACHE', 'GOBIN', 'GOTMPDIR']);

const PATH_NAMES = new Set(['PATH', 'path', 'fish_user_paths']);

/** A PATH entry that has to do with Go: a go/bin dir, a Go variable, a Go version manager. */
const GO_DIR = /(?:^|[/\\])(?:go|golang|go\d[\w.]*|go-\d[\w.]*)(?:[/\\]bin)?(?:[/\\]|$)|\$\{?(?:GOROOT|GOPATH|GOBIN)\b|\bgo env\b|\/sdk\/go|\.goenv|\.gvm|\bgoenv\b|\/gopath\b/i;

/** Lines that initialise a version manager or environment tool (another check's business). */
const INIT_LINE = /\b(?:asdf|mise|rtx|gvm|sdkman|gobrew|goup|direnv|g-install|nix-profile|home-manager)\b|\bgoenv (?:init|sh)\b|\.goenv\/|brew shellenv/;

interface Candidate {
  path: string;
  shell: ShellKind;
  login: boolean;
  sourcedFrom?: string;
}

/** The startup files each shell may read, in the order a user would look at them. */
export function startupCandidates(opts: ShellStartupOptions): Candidate[] {
  const out: Candidate[] = [];
  const etc = (p: string) => join(opts.etcDir, p);
  const add = (path: string, shell: ShellKind, login: boolean) => out.push({ path, shell, login });
  const h = opts.home;
  if (h) {
    add(join(h, '.bash_profile'), 'bash', true);
    add(join(h, '.bash_login'), 'bash', true);
    add(join(h, '.profile'), 'sh', true);
    add(join(h, '.bashrc'), 'bash', false);
  }
  add(etc('profile'), 'sh', true);
  for (const f of listDir(etc('profile.d'), '.sh')) add(f, 'sh', true);
  add(etc('bash.bashrc'), 'bash', false);
  add(etc('bashrc'), 'bash', false);
  const zdot = opts.env['ZDOTDIR'] || h;
  if (zdot) {
    add(join(zdot, '.zshenv'), 'zsh', false);
    add(join(zdot, '.zprofile'), 'zsh', true);
    add(join(zdot, '.zshrc'), 'zsh', false);
    add(join(zdot, '.zlogin'), 'zsh', true);
  }
  for (const name of ['zshenv', 'zprofile', 'zshrc', 'zlogin']) {
    add(etc(join('zsh', name)), 'zsh', name === 'zprofile' || name === 'zlogin');
    add(etc(name), 'zsh', name === 'zprofile' || name === 'zlogin');
  }
  const xdg = opts.env['XDG_CONFIG_HOME'] || (h ? join(h, '.config') : null);
  if (xdg) {
    add(join(xdg, 'fish', 'config.fish'), 'fish', false);
    for (const f of listDir(join(xdg, 'fish', 'conf.d'), '.fish')) add(f, 'fish', false);
    add(join(xdg, 'fish', 'fish_variables'), 'fish', false);
  }
  add(etc(join('fish', 'config.fish')), 'fish', false);
  for (const f of listDir(etc(join('fish', 'conf.d')), '.fish')) add(f, 'fish', false);
  add(etc('environment'), 'environment', true);
  const seen = new Set<string>();
  return out.filter((c) => (seen.has(c.path) ? false : (seen.add(c.path), true)));
}

function listDir(dir: string, ext: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith(ext)).sort().slice(0, MAX_FILES).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

interface ReadResult {
  file: ShellStartupFile;
  data: Buffer | null;
}

function readStartupFile(c: Candidate, maxBytes: number): ReadResult | null {
  let lst;
  try { lst = lstatSync(c.path); } catch { return null; }
  const file: ShellStartupFile = { path: c.path, shell: c.shell, exists: true, readable: false, binary: false, login: c.login, error: null, size: null, sha256: null, linkTarget: null };
  if (c.sourcedFrom) file.sourcedFrom = c.sourcedFrom;
  if (lst.isSymbolicLink()) {
    try { file.linkTarget = readlinkSync(c.path); } catch { /* raced away */ }
    try { file.linkTarget = realpathSync(c.path); } catch (e) {
      file.error = `dangling symbolic link to ${file.linkTarget ?? '?'} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
      return { file, data: null };
    }
  }
  // Checked before opening: opening a FIFO for reading would block until a writer appears.
  try {
    const pre = statSync(c.path);
    if (pre.isDirectory()) { file.error = 'is a directory'; return { file, data: null }; }
    if (!pre.isFile()) { file.error = 'not a regular file'; return { file, data: null }; }
  } catch (e) {
    file.error = `cannot read: ${(e as Error).message}`;
    return { file, data: null };
  }
  let fd: number;
  try { fd = openSync(c.path, constants.O_RDONLY | NONBLOCK); } catch (e) {
    file.error = `cannot read: ${(e as Error).message}`;
    return { file, data: null };
  }
  try {
    const st = fstatSync(fd);
    file.size = st.size;
    if (st.isDirectory()) { file.error = 'is a directory'; return { file, data: null }; }
    if (!st.isFile()) { file.error = 'not a regular file'; return { file, data: null }; }
    if (st.size > maxBytes) {
      file.binary = true;
      file.error = `too large (${st.size} bytes; startup files over ${maxBytes} bytes are not read)`;
      return { file, data: null };
    }
    // As large as fstat said: a file that grows meanwhile is read as it was.
    const { data } = readFdBounded(fd, st.size, st.size);
    file.readable = true;
    file.sha256 = createHash('sha256').update(data).digest('hex');
    if (data.includes(0)) {
      file.binary = true;
      file.error = 'contains NUL bytes (binary), not parsed';
      return { file, data: null };
    }
    return { file, data };
  } catch (e) {
    file.error = `cannot read: ${(e as Error).message}`;
    return { file, data: null };
  } finally {
    closeSync(fd);
  }
}

/** A logical line: physical lines joined at trailing backslashes, with its byte span. */
interface LogicalLine {
  text: string;
  line: number;
  offset: number;
  length: number;
  physicalLines: number;
}

function logicalLines(data: Buffer, joinContinuations: boolean): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pos = 0;
  let lineNo = 0;
  let pending: LogicalLine | null = null;
  while (pos < data.length) {
    lineNo++;
    const nl = data.indexOf(10, pos);
    const next = nl < 0 ? data.length : nl + 1;
    let text = data.toString('utf8', pos, nl < 0 ? data.length : nl);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const cur: LogicalLine = pending
      ? { ...pending, text: pending.text.length >= MAX_LOGICAL_LINE ? pending.text : (pending.text + text).slice(0, MAX_LOGICAL_LINE), length: next - pending.offset, physicalLines: pending.physicalLines + 1 }
      : { text: text.slice(0, MAX_LOGICAL_LINE), line: lineNo, offset: pos, length: next - pos, physicalLines: 1 };
    pos = next;
    if (joinContinuations && cur.text.endsWith('\\') && !cur.text.endsWith('\\\\') && !cur.text.trimStart().startsWith('#')) {
      pending = { ...cur, text: cur.text.slice(0, -1) };
      continue;
    }
    pending = null;
    out.push(cur);
  }
  if (pending) out.push(pending);
  return out;
}

interface FileState {
  file: string;
  shell: ShellKind;
  home: string | null;
  /** Variables assigned earlier in this file (null: assigned, value not static). */
  vars: Map<string, string | null>;
  /** Index into `assignments` of the last assignment of each Go variable in this file. */
  lastAssignment: Map<string, number>;
  sourced: string[];
}

interface Collected {
  assignments: ShellAssignment[];
  goEnvWrites: ShellGoEnvWrite[];
  pathAdditions: ShellPathAddition[];
  initLines: { file: string; line: number; text: string }[];
}

function clip(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
}

function lineText(l: LogicalLine): string {
  return clip(redactText(l.text.trim()));
}

const KEYWORDS = new Set(['then', 'else', 'do', 'if', 'elif', 'while', 'until', '!', '{', '}', 'and', 'or', 'not', 'begin', 'command', 'builtin']);

/**
 * Extracts Go settings from one startup file's text. Exported for property tests: it never
 * throws and is linear in the size of the input.
 */
export function parseStartupText(data: Buffer, file: string, shell: ShellKind, home: string | null): Collected & { sourced: string[] } {
  const out: Collected = { assignments: [], goEnvWrites: [], pathAdditions: [], initLines: [] };
  const st: FileState = { file, shell, home, vars: new Map(), lastAssignment: new Map(), sourced: [] };
  if (file.endsWith('fish_variables')) {
    parseFishVariables(data, st, out);
    return { ...out, sourced: st.sourced };
  }
  const dialect: Dialect = shell === 'fish' ? 'fish' : 'sh';
  for (const l of logicalLines(data, shell !== 'environment')) {
    const trimmed = l.text.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    try {
      if (shell === 'environment') parseEnvironmentLine(l, st, out);
      else parseShellLine(l, dialect, st, out);
    } catch {
      // A line the reader cannot make sense of is skipped; the rest of the file still counts.
    }
    if (INIT_LINE.test(l.text) && out.initLines.length < 200) out.initLines.push({ file, line: l.line, text: lineText(l) });
  }
  return { ...out, sourced: st.sourced };
}

function record(st: FileState, out: Collected, l: LogicalLine, column: number, variable: string, value: string, expanded: string | null, exported: boolean, universal = false): void {
  // A secret-named variable (API_TOKEN=...) expands to [REDACTED], so a Go setting built from it
  // (GOFLAGS="-X main.key=$API_TOKEN") cannot carry the secret into the facts.
  st.vars.set(variable, expanded === null ? null : redactValue(variable, expanded));
  if (!GO_VARIABLES.has(variable)) return;
  const a: ShellAssignment = {
    file: st.file, line: l.line, column: column + 1, shell: st.shell, variable,
    value: redactValue(variable, value), expanded: expanded === null ? null : redactValue(variable, expanded),
    exported, text: lineText(l), expandedExists: null, offset: l.offset, length: l.length,
  };
  if (universal) a.universal = true;
  st.lastAssignment.set(variable, out.assignments.length);
  out.assignments.push(a);
}

function markExported(st: FileState, out: Collected, name: string): void {
  const i = st.lastAssignment.get(name);
  if (i !== undefined) out.assignments[i]!.exported = true;
}

/** /etc/environment (pam_env): KEY=value lines, optional quotes, no expansion, no `export`. */
function parseEnvironmentLine(l: LogicalLine, st: FileState, out: Collected): void {
  const m = /^(\s*)(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l.text);
  if (!m) return;
  const name = m[2]!;
  let value = m[3]!.trim();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]!)) value = value.slice(1, -1);
  const col = l.text.indexOf(name);
  if (PATH_NAMES.has(name)) addPath(st, out, l, col, value.split(':').filter(Boolean).map((d) => ({ raw: d, expanded: d })));
  record(st, out, l, col, name, value, value, true);
}

function parseShellLine(l: LogicalLine, dialect: Dialect, st: FileState, out: Collected): void {
  if (dialect === 'sh') {
    // zsh arrays: path=(... $path), path+=(...); bash arrays are never Go settings.
    const arr = /^\s*(?:typeset\s+-U\s+)?(path|PATH)(\+?)=\((.*)\)\s*(?:;.*)?$/.exec(l.text);
    if (arr) {
      const inner = arr[3]!.split(/\s+/).filter((d) => d && !/^["']?\$\{?path\}?["']?$/.test(d) && !/^["']?\$\{?PATH\}?["']?$/.test(d));
      addPath(st, out, l, l.text.indexOf(arr[1]!), inner.map((raw) => ({ raw: raw.replace(/^["']|["']$/g, ''), expanded: expandStatic(raw.replace(/^["']|["']$/g, ''), dialect, st) })));
      return;
    }
  }
  const firstAssignment = out.assignments.length;
  const firstPath = out.pathAdditions.length;
  let otherCommands = 0;
  for (const cmd of commands(tokenize(l.text, dialect))) {
    let words = cmd;
    while (words.length && !words[0]!.quoted && KEYWORDS.has(words[0]!.raw)) words = words.slice(1);
    if (!words.length) continue;
    const before = out.assignments.length + out.pathAdditions.length;
    if (dialect === 'fish') fishCommand(words, l, st, out);
    else shCommand(words, l, st, out);
    const head = words[0]!.raw;
    if (out.assignments.length + out.pathAdditions.length === before && !EDIT_NEUTRAL.has(head) && !(head === 'export' || head === 'declare' || head === 'typeset' || head === 'set')) otherCommands++;
  }
  // A fix comments out the whole line; that is only unambiguous when the line does nothing else
  // and is one physical line (commenting the first line of a `\` continuation would turn the
  // next line into a command of its own).
  const mine = out.assignments.slice(firstAssignment);
  const names = new Set(mine.map((a) => a.variable));
  const multiLine = l.physicalLines > 1;
  if (multiLine || otherCommands > 0 || names.size > 1 || out.pathAdditions.length > firstPath) {
    for (const a of mine) { delete a.offset; delete a.length; }
  }
}

/** Commands that may share a line with an assignment without making a line edit ambiguous. */
const EDIT_NEUTRAL = new Set(['[', '[[', 'test', 'fi', 'end', 'done', 'true', ':']);


function expandStatic(raw: string, dialect: Dialect, st: FileState): string | null {
  const toks = tokenize(raw, dialect);
  const w = toks[0];
  if (toks.length !== 1 || !w || w.type !== 'word') return null;
  return expandWord(w.word, st.vars, st.home);
}

const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;

function shCommand(words: Word[], l: LogicalLine, st: FileState, out: Collected): void {
  const first = words[0]!;
  const head = first.raw;
  if (head === 'export' || head === 'declare' || head === 'typeset' || head === 'readonly' || head === 'local') {
    let exported = head === 'export';
    let i = 1;
    for (; i < words.length; i++) {
      const r = words[i]!.raw;
      if (!r.startsWith('-') && !r.startsWith('+')) break;
      if (r.startsWith('-') && r.includes('x')) exported = true;
      if (r === '-n' && head === 'export') return;
      if (r.startsWith('-') && /[aAf]/.test(r)) return; // arrays, functions
    }
    if (head === 'local') return;
    for (; i < words.length; i++) {
      const w = words[i]!;
      if (ASSIGN.test(w.raw)) assignmentWord(w, l, st, out, exported);
      else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.raw) && exported) markExported(st, out, w.raw);
    }
    return;
  }
  if (ASSIGN.test(head)) {
    // `NAME=value cmd` sets NAME for that command only: not a setting of the shell.
    let k = 0;
    while (k < words.length && ASSIGN.test(words[k]!.raw)) k++;
    if (k < words.length) {
      goEnvCall(words.slice(k), l, st, out);
      return;
    }
    for (const w of words) assignmentWord(w, l, st, out, false);
    return;
  }
  if (followSource(words, st)) return;
  goEnvCall(words, l, st, out);
}

/** `source FILE` and `. FILE`, in sh and fish alike: settings made in the named file count too (a relative name is taken from the sourcing file's directory). */
function followSource(words: Word[], st: FileState): boolean {
  const head = words[0]!.raw;
  if ((head !== 'source' && head !== '.') || !words[1]) return false;
  const p = expandWord(words[1], st.vars, st.home);
  if (p) st.sourced.push(isAbsolute(p) ? p : resolve(dirname(st.file), p));
  return true;
}

function goEnvCall(words: Word[], l: LogicalLine, st: FileState, out: Collected): void {
  const head = words[0]!.raw;
  if (!(head === 'go' || head.endsWith('/go')) || words[1]?.raw !== 'env') return;
  const args = words.slice(1).map((w) => wordValue(w));
  if (!args.some((a) => a === '-w' || a === '-u')) return;
  if (out.goEnvWrites.length >= 200) return;
  out.goEnvWrites.push({ file: st.file, line: l.line, args: args.map((a) => { const eq = a.indexOf('='); return eq > 0 ? `${a.slice(0, eq)}=${redactValue(a.slice(0, eq), a.slice(eq + 1))}` : a; }), text: lineText(l) });
}

function assignmentWord(w: Word, l: LogicalLine, st: FileState, out: Collected, exported: boolean): void {
  const m = ASSIGN.exec(w.raw)!;
  const name = m[1]!;
  const append = m[2] === '+';
  // Drop the `NAME=` / `NAME+=` prefix from the parts: it is always an unquoted literal.
  const prefixLen = m[0].length;
  const parts = dropPrefix(w.parts, prefixLen);
  if (parts === null) return;
  const valueWord: Word = { raw: w.raw.slice(prefixLen), start: w.start + prefixLen, parts, quoted: w.quoted };
  let value = wordValue(valueWord);
  let expanded = expandWord(valueWord, st.vars, st.home);
  if (append) {
    const prev = st.vars.get(name);
    value = `$${name}${value}`;
    expanded = prev === undefined || prev === null || expanded === null ? null : prev + expanded;
  }
  if (PATH_NAMES.has(name)) {
    const dirs = splitWordOnColon(append ? [{ kind: 'var', name, raw: `$${name}` }, ...parts] : parts)
      .filter((ps) => ps.length && !(ps.length === 1 && ps[0]!.kind === 'var' && PATH_NAMES.has(ps[0]!.name)))
      .map((ps) => ({ raw: ps.map((p) => (p.kind === 'lit' ? p.text : p.raw)).join(''), expanded: expandParts(ps, st.vars, st.home) }));
    addPath(st, out, l, w.start, dirs);
    st.vars.set(name, null);
    if (exported) markExported(st, out, name);
    return;
  }
  record(st, out, l, w.start, name, value, expanded, exported);
}

function dropPrefix(parts: WordPart[], n: number): WordPart[] | null {
  // The `NAME=` prefix is always the start of an unquoted literal (ASSIGN matched the raw word).
  const first = parts[0];
  if (!first || first.kind !== 'lit' || first.text.length < n) return null;
  const rest = first.text.slice(n);
  return rest ? [{ kind: 'lit', text: rest }, ...parts.slice(1)] : parts.slice(1);
}

function addPath(st: FileState, out: Collected, l: LogicalLine, column: number, dirs: { raw: string; expanded: string | null }[]): void {
  const goDirs = dirs.filter((d) => GO_DIR.test(d.raw) || (d.expanded !== null && GO_DIR.test(d.expanded)));
  if (!goDirs.length || out.pathAdditions.length >= 500) return;
  out.pathAdditions.push({
    file: st.file, line: l.line, column: column + 1, text: lineText(l),
    dirs: goDirs.map((d) => redactText(d.raw)), expanded: goDirs.map((d) => (d.expanded === null ? null : redactText(d.expanded))), exists: goDirs.map(() => null),
  });
}

function fishCommand(words: Word[], l: LogicalLine, st: FileState, out: Collected): void {
  const head = words[0]!.raw;
  if (head === 'set') {
    let exported = false, universal = false, erase = false, local = false, pathOp: 'append' | 'prepend' | null = null;
    let i = 1;
    for (; i < words.length; i++) {
      const r = words[i]!.raw;
      if (!r.startsWith('-')) break;
      if (r.startsWith('--')) {
        if (r === '--export') exported = true;
        else if (r === '--universal') universal = true;
        else if (r === '--erase' || r === '--query' || r === '--show' || r === '--names') erase = true;
        else if (r === '--local' || r === '--function') local = true;
        else if (r === '--append') pathOp = 'append';
        else if (r === '--prepend') pathOp = 'prepend';
        continue;
      }
      if (r.includes('x')) exported = true;
      if (r.includes('U')) universal = true;
      if (/[eqSn]/.test(r)) erase = true;
      if (/[lf]/.test(r)) local = true;
      if (r.includes('a')) pathOp = 'append';
      if (r.includes('p')) pathOp = 'prepend';
    }
    const nameWord = words[i];
    if (erase || local || !nameWord) return;
    const name = nameWord.raw;
    const valueWords = words.slice(i + 1);
    if (PATH_NAMES.has(name)) {
      const dirs = valueWords.filter((w) => !(w.parts.length === 1 && w.parts[0]!.kind === 'var' && PATH_NAMES.has((w.parts[0] as { name: string }).name)))
        .map((w) => ({ raw: wordValue(w), expanded: expandWord(w, st.vars, st.home) }));
      addPath(st, out, l, nameWord.start, dirs);
      return;
    }
    if (pathOp) return;
    const sep = name.endsWith('PATH') ? ':' : ' ';
    const value = valueWords.map(wordValue).join(sep);
    const exps = valueWords.map((w) => expandWord(w, st.vars, st.home));
    const expanded = exps.some((e) => e === null) ? null : exps.join(sep);
    record(st, out, l, nameWord.start, name, value, expanded, exported, universal);
    return;
  }
  if (head === 'fish_add_path') {
    const dirs = words.slice(1).filter((w) => !w.raw.startsWith('-')).map((w) => ({ raw: wordValue(w), expanded: expandWord(w, st.vars, st.home) }));
    addPath(st, out, l, words[0]!.start, dirs);
    return;
  }
  if (followSource(words, st)) return;
  goEnvCall(words, l, st, out);
}

/** fish_variables: `SETUVAR [--export] NAME:VALUE`, values escaped as \xHH, list items split by \x1e. */
function parseFishVariables(data: Buffer, st: FileState, out: Collected): void {
  for (const l of logicalLines(data, false)) {
    const m = /^SETUVAR\s+(--export\s+)?([A-Za-z_][A-Za-z0-9_]*):(.*)$/.exec(l.text);
    if (!m) continue;
    const name = m[2]!;
    const items = m[3]!.replace(/\\x([0-9a-fA-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))).split('\x1e');
    if (PATH_NAMES.has(name)) {
      addPath(st, out, l, l.text.indexOf(name), items.filter(Boolean).map((d) => ({ raw: d, expanded: d })));
      continue;
    }
    const value = items.join(name.endsWith('PATH') ? ':' : ' ');
    record(st, out, l, l.text.indexOf(name), name, value, value, !!m[1], true);
  }
}

/** Shell startup files and the Go settings they make. Never throws; every read is bounded. */
export function gatherShellStartup(opts: ShellStartupOptions): ShellStartupFacts {
  const maxBytes = opts.maxFileBytes ?? SHELL_FILE_MAX_BYTES;
  const facts: ShellStartupFacts = { files: [], assignments: [], goEnvWrites: [], pathAdditions: [], initLines: [] };
  const queue = startupCandidates(opts).slice(0, MAX_FILES);
  const read = new Set<string>();
  let sourcedCount = 0;
  for (let qi = 0; qi < queue.length; qi++) {
    const c = queue[qi]!;
    let key = c.path;
    try { key = realpathSync(c.path); } catch { /* dangling or missing: keyed by its own path */ }
    if (read.has(key)) continue;
    read.add(key);
    const r = readStartupFile(c, maxBytes);
    if (!r) continue;
    facts.files.push(r.file);
    if (!r.data) continue;
    let parsed;
    try {
      parsed = parseStartupText(r.data, c.path, c.shell, opts.home);
    } catch (e) {
      r.file.error = `not parsed: ${(e as Error).message}`;
      continue;
    }
    facts.assignments.push(...parsed.assignments);
    facts.goEnvWrites.push(...parsed.goEnvWrites);
    facts.pathAdditions.push(...parsed.pathAdditions);
    facts.initLines!.push(...parsed.initLines);
    // Files named by `source`/`.` are followed one level deep only: a file reached that way
    // is read, but its own `source` lines are not.
    if (!c.sourcedFrom) {
      for (const p of parsed.sourced) {
        if (sourcedCount >= MAX_SOURCED) break;
        sourcedCount++;
        queue.push({ path: p, shell: c.shell, login: c.login, sourcedFrom: `${c.path}` });
      }
    }
  }
  markExistence(facts);
  return facts;
}

function dirExists(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

function markExistence(facts: ShellStartupFacts): void {
  let budget = MAX_STATS;
  for (const a of facts.assignments) {
    if (!PATH_VARIABLES.has(a.variable) || a.expanded === null || a.expanded === '') continue;
    const entries = a.variable === 'GOPATH' ? a.expanded.split(':').filter(Boolean) : [a.expanded];
    if (!entries.every((e) => isAbsolute(e))) continue;
    if (budget < entries.length) break;
    budget -= entries.length;
    a.expandedExists = entries.every(dirExists);
    if (!a.expandedExists) a.expandedParentExists = entries.every((e) => dirExists(e) || dirExists(dirname(e)));
  }
  for (const p of facts.pathAdditions) {
    p.exists = (p.expanded ?? []).map((e) => {
      if (e === null || !isAbsolute(e) || budget <= 0) return null;
      budget--;
      return dirExists(e);
    });
  }
}

// ---- words and commands ----

export type Dialect = 'sh' | 'fish';

/** One piece of a word: literal text, or a reference to a variable. */
export type WordPart =
  | { kind: 'lit'; text: string }
  | { kind: 'var'; name: string; raw: string }
  /** `$(...)`, backticks, `${X:-y}`, `$1`, fish `(cmd)`: not statically known. */
  | { kind: 'dynamic'; raw: string }
  /** An unquoted `~` where the shell expands it to $HOME (word start, or after `=`/`:` in assignments). */
  | { kind: 'tilde'; raw: string };

export interface Word {
  /** The word as written. */
  raw: string;
  /** Column (0-based, in UTF-16 units of the logical line) where the word starts. */
  start: number;
  parts: WordPart[];
  /** True when any part was quoted (a quoted `=` or `(` is never an operator). */
  quoted: boolean;
}

export type Token = { type: 'word'; word: Word } | { type: 'sep'; text: string; start: number };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * Splits one logical line into words and separators (`;`, `&&`, `||`, `|`, `&`, parentheses and
 * braces standing alone). Stops at an unquoted `#` that starts a word. Linear in the line length.
 */
export function tokenize(line: string, dialect: Dialect): Token[] {
  const tokens: Token[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') { i++; continue; }
    if (c === '#') break;
    if (c === ';' || c === '&' || c === '|') {
      const two = line.slice(i, i + 2);
      const text = two === '&&' || two === '||' || two === ';;' ? two : c;
      tokens.push({ type: 'sep', text, start: i });
      i += text.length;
      continue;
    }
    if ((c === '(' || c === ')') && dialect === 'sh') { tokens.push({ type: 'sep', text: c, start: i }); i++; continue; }
    const start = i;
    const parts: WordPart[] = [];
    let lit = '';
    let quoted = false;
    const flush = () => { if (lit) { parts.push({ kind: 'lit', text: lit }); lit = ''; } };
    const atWordStart = () => i === start;
    while (i < n) {
      const ch = line[i]!;
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === ';' || ch === '&' || ch === '|') break;
      if (dialect === 'sh' && (ch === '(' || ch === ')')) {
        // `NAME=(...)` zsh/bash arrays and `$(`: the caller handles arrays from the raw line.
        break;
      }
      if (ch === '\\') {
        if (i + 1 < n) { lit += line[i + 1]; i += 2; } else { i++; }
        continue;
      }
      if (ch === "'") {
        quoted = true;
        i++;
        while (i < n && line[i] !== "'") {
          if (dialect === 'fish' && line[i] === '\\' && (line[i + 1] === "'" || line[i + 1] === '\\')) { lit += line[i + 1]; i += 2; continue; }
          lit += line[i]; i++;
        }
        i++;
        continue;
      }
      if (ch === '"') {
        quoted = true;
        i++;
        while (i < n && line[i] !== '"') {
          const d = line[i]!;
          if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(line[i + 1]!)) { lit += line[i + 1]; i += 2; continue; }
          if (d === '$' || (d === '`' && dialect === 'sh')) {
            const r = readDollar(line, i, dialect, true);
            if (r) { flush(); parts.push(r.part); i = r.end; continue; }
          }
          lit += d; i++;
        }
        i++;
        continue;
      }
      if (ch === '~' && (atWordStart() || (dialect === 'sh' && (line[i - 1] === ':' || (line[i - 1] === '=' && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(line.slice(start, i))))))) {
        const next = line[i + 1];
        if (next === undefined || next === '/' || next === ':' || next === ' ' || next === '"' || next === "'") {
          flush(); parts.push({ kind: 'tilde', raw: '~' }); i++; continue;
        }
        // ~user: another user's home, not statically known here.
        let j = i + 1;
        while (j < n && /[A-Za-z0-9_.-]/.test(line[j]!)) j++;
        flush(); parts.push({ kind: 'dynamic', raw: line.slice(i, j) }); i = j; continue;
      }
      if (ch === '$' || (ch === '`' && dialect === 'sh') || (ch === '(' && dialect === 'fish')) {
        const r = readDollar(line, i, dialect, false);
        if (r) { flush(); parts.push(r.part); i = r.end; continue; }
      }
      if (dialect === 'fish' && ch === '{' && line[i + 1] === '$') {
        // fish `{$VAR}` is the braced form of $VAR.
        const m = /^\{\$([A-Za-z_][A-Za-z0-9_]*)\}/.exec(line.slice(i, i + 260));
        if (m) { flush(); parts.push({ kind: 'var', name: m[1]!, raw: m[0] }); i += m[0].length; continue; }
      }
      lit += ch;
      i++;
    }
    flush();
    tokens.push({ type: 'word', word: { raw: line.slice(start, i), start, parts, quoted } });
    if (i === start) { tokens.push({ type: 'sep', text: line[i]!, start: i }); i++; }
  }
  return tokens;
}

/** Reads `$NAME`, `${NAME}`, `${...}`, `$(...)`, backticks (sh) or `(...)`, `$(...)` (fish) at `i`. */
function readDollar(line: string, i: number, dialect: Dialect, inDouble: boolean): { part: WordPart; end: number } | null {
  const n = line.length;
  const c = line[i]!;
  if (c === '`') {
    const close = line.indexOf('`', i + 1);
    const end = close < 0 ? n : close + 1;
    return { part: { kind: 'dynamic', raw: line.slice(i, end) }, end };
  }
  if (c === '(') {
    if (inDouble) return null;
    const end = matchParen(line, i);
    return { part: { kind: 'dynamic', raw: line.slice(i, end) }, end };
  }
  const next = line[i + 1];
  if (next === undefined) return null;
  if (next === '(') {
    const end = matchParen(line, i + 1);
    return { part: { kind: 'dynamic', raw: line.slice(i, end) }, end };
  }
  if (next === '{' && dialect === 'sh') {
    const close = line.indexOf('}', i + 2);
    const end = close < 0 ? n : close + 1;
    const inner = line.slice(i + 2, close < 0 ? n : close);
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) return { part: { kind: 'var', name: inner, raw: line.slice(i, end) }, end };
    return { part: { kind: 'dynamic', raw: line.slice(i, end) }, end };
  }
  if (NAME_START.test(next)) {
    let j = i + 1;
    while (j < n && NAME_CHAR.test(line[j]!)) j++;
    const name = line.slice(i + 1, j);
    // fish list indexing `$PATH[1]` selects elements: not a plain reference.
    if (dialect === 'fish' && line[j] === '[') {
      const close = line.indexOf(']', j);
      const end = close < 0 ? n : close + 1;
      return { part: { kind: 'dynamic', raw: line.slice(i, end) }, end };
    }
    return { part: { kind: 'var', name, raw: line.slice(i, j) }, end: j };
  }
  if (/[0-9@*#?$!-]/.test(next)) return { part: { kind: 'dynamic', raw: line.slice(i, i + 2) }, end: i + 2 };
  return null;
}

/** Index after the parenthesis matching the one at `open` (bounded by the line). */
function matchParen(line: string, open: number): number {
  let depth = 0;
  for (let j = open; j < line.length; j++) {
    const ch = line[j];
    if (ch === '(') depth++;
    else if (ch === ')') { depth--; if (depth === 0) return j + 1; }
  }
  return line.length;
}

/** The word with quotes removed and references kept as written. */
export function wordValue(w: Word): string {
  return w.parts.map((p) => (p.kind === 'lit' ? p.text : p.raw)).join('');
}

/**
 * Expands a word statically: `~` and variables found in `vars` (null values mean "assigned but
 * not static"). Returns null when any part is not statically known.
 */
export function expandWord(w: Word, vars: ReadonlyMap<string, string | null>, home: string | null): string | null {
  return expandParts(w.parts, vars, home);
}

export function expandParts(parts: WordPart[], vars: ReadonlyMap<string, string | null>, home: string | null): string | null {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'lit') out += p.text;
    else if (p.kind === 'tilde') { if (home === null) return null; out += home; }
    else if (p.kind === 'var') {
      const v = p.name === 'HOME' ? home : vars.get(p.name);
      if (v === undefined || v === null) return null;
      out += v;
    } else return null;
  }
  return out;
}

/** Splits a word on unquoted-literal `:` into list elements (PATH-style values). */
export function splitWordOnColon(parts: WordPart[]): WordPart[][] {
  const out: WordPart[][] = [[]];
  for (const p of parts) {
    if (p.kind !== 'lit' || !p.text.includes(':')) { out[out.length - 1]!.push(p); continue; }
    const pieces = p.text.split(':');
    pieces.forEach((piece, k) => {
      if (k > 0) out.push([]);
      if (piece) out[out.length - 1]!.push({ kind: 'lit', text: piece });
    });
  }
  return out;
}

/** Groups tokens into simple commands (separated by ;, &&, ||, |, &, parentheses). */
export function commands(tokens: Token[]): Word[][] {
  const out: Word[][] = [];
  let cur: Word[] = [];
  for (const t of tokens) {
    if (t.type === 'sep') { if (cur.length) out.push(cur); cur = []; continue; }
    cur.push(t.word);
  }
  if (cur.length) out.push(cur);
  return out;
}

// GOFLAGS, checked the way cmd/go/internal/base/goflags.go does it (InitGOFLAGS, SetFromGOFLAGS):
// the same splitting, the same "non-flag" / "unknown flag" / "invalid value" errors. `go env` and
// `go bug` hide these errors; every other go command stops on them.
import { goQuote } from './go-url.ts';

export type FlagKind =
  /** Boolean everywhere: `-x`, `-x=true`. */
  | 'bool'
  /** Takes a value everywhere: `-mod=mod`. */
  | 'value'
  /** Boolean for some commands, a value for others (`-c`, `-f`, `-fix`, `-tool`): only `=` forms are safe. */
  | 'mixed';

export type FlagCheck = 'bool' | 'buildvcs' | 'int' | 'positive-int' | 'duration' | 'mod' | 'covermode' | 'compiler' | 'shuffle' | 'vet' | 'per-package' | 'quoted-list' | 'chdir' | 'buildmode' | 'modfile' | 'none';

export interface GoFlagInfo {
  name: string;
  kind: FlagKind;
  /** Commands that define the flag (where a bad value makes them fail). */
  commands: string;
  check: FlagCheck;
  /** First release whose go command knows the flag, when newer than go1.19 (verified against go1.19.8 and go1.26.8). */
  since?: string;
}

const BUILD = 'build, install, run, test, list, vet, generate, clean, get, mod, work, tool';
const TEST = 'test';

function f(name: string, kind: FlagKind, commands: string, check: FlagCheck, since?: string): GoFlagInfo {
  return since ? { name, kind, commands, check, since } : { name, kind, commands, check };
}

/**
 * Every flag name the go command accepts in GOFLAGS (the union over all subcommands, as hasFlag
 * walks them), from cmd/go/internal/* and confirmed one by one with the real go1.26.8 and go1.19.8.
 */
export const GO_FLAGS: readonly GoFlagInfo[] = [
  f('C', 'value', 'every command', 'chdir', 'go1.20'),
  f('a', 'bool', BUILD, 'bool'), f('asan', 'bool', BUILD, 'bool'), f('asmflags', 'value', BUILD, 'per-package'),
  f('buildmode', 'value', BUILD, 'buildmode'), f('buildvcs', 'bool', BUILD, 'buildvcs'), f('compiler', 'value', BUILD, 'compiler'),
  f('cover', 'bool', BUILD, 'bool'), f('covermode', 'value', BUILD, 'covermode'), f('coverpkg', 'value', BUILD, 'none'), f('coverprofile', 'value', BUILD, 'none'),
  f('debug-actiongraph', 'value', BUILD, 'none'), f('debug-runtime-trace', 'value', BUILD, 'none', 'go1.20'), f('debug-trace', 'value', BUILD, 'none'),
  f('gccgoflags', 'value', BUILD, 'per-package'), f('gcflags', 'value', BUILD, 'per-package'), f('installsuffix', 'value', BUILD, 'none'),
  f('json', 'bool', 'build, test, list, version, env, mod download, mod edit, work edit', 'bool'), f('ldflags', 'value', BUILD, 'per-package'),
  f('linkshared', 'bool', BUILD, 'bool'), f('mod', 'value', BUILD, 'mod'), f('modcacherw', 'bool', BUILD, 'bool'), f('modfile', 'value', BUILD, 'modfile'),
  f('msan', 'bool', BUILD, 'bool'), f('n', 'bool', BUILD, 'bool'), f('o', 'value', 'build, test, mod vendor, work vendor', 'none'), f('overlay', 'value', BUILD, 'none'),
  f('p', 'value', BUILD, 'positive-int'), f('pgo', 'value', BUILD, 'none', 'go1.20'), f('pkgdir', 'value', BUILD, 'none'), f('race', 'bool', BUILD, 'bool'),
  f('tags', 'value', BUILD, 'none'), f('toolexec', 'value', BUILD, 'quoted-list'), f('trimpath', 'bool', BUILD, 'bool'), f('v', 'bool', BUILD, 'bool'),
  f('work', 'bool', BUILD, 'bool'), f('x', 'bool', BUILD, 'bool'),
  // go test and the flags it passes to the test binary (also as -test.name).
  ...['artifacts', 'benchmem', 'failfast', 'fullpath', 'short'].map((n) => f(n, 'bool', TEST, 'bool', n === 'artifacts' || n === 'fullpath' ? (n === 'artifacts' ? 'go1.25' : 'go1.21') : undefined)),
  ...['bench', 'benchtime', 'blockprofile', 'blockprofilerate', 'cpu', 'cpuprofile', 'fuzz', 'fuzzminimizetime', 'fuzztime', 'list', 'memprofile', 'memprofilerate', 'mutexprofile', 'mutexprofilefraction', 'outputdir', 'run', 'skip', 'trace']
    .map((n) => f(n, 'value', n === 'run' || n === 'skip' ? 'test, generate' : TEST, 'none', n === 'skip' ? 'go1.20' : undefined)),
  f('count', 'value', TEST, 'int'), f('parallel', 'value', TEST, 'int'), f('timeout', 'value', TEST, 'duration'), f('shuffle', 'value', TEST, 'shuffle'),
  f('vet', 'value', TEST, 'vet'), f('exec', 'value', 'run, test', 'quoted-list'),
  ...['artifacts', 'bench', 'benchmem', 'benchtime', 'blockprofile', 'blockprofilerate', 'count', 'coverprofile', 'cpu', 'cpuprofile', 'failfast', 'fullpath', 'fuzz', 'fuzzminimizetime', 'fuzztime', 'list', 'memprofile', 'memprofilerate', 'mutexprofile', 'mutexprofilefraction', 'outputdir', 'parallel', 'run', 'short', 'shuffle', 'skip', 'timeout', 'trace', 'v']
    .map((n) => f(`test.${n}`, ['artifacts', 'benchmem', 'failfast', 'fullpath', 'short', 'v'].includes(n) ? 'bool' : 'value', TEST,
      ['artifacts', 'benchmem', 'failfast', 'fullpath', 'short', 'v'].includes(n) ? 'bool' : n === 'count' || n === 'parallel' ? 'int' : n === 'timeout' ? 'duration' : n === 'shuffle' ? 'shuffle' : 'none',
      n === 'artifacts' ? 'go1.25' : n === 'fullpath' ? 'go1.21' : n === 'skip' ? 'go1.20' : undefined)),
  // Other subcommands (clean, list, get, env, version, mod, work, vet, fix, tool).
  f('c', 'mixed', 'test (bool), vet (int)', 'none'), f('cache', 'bool', 'clean', 'bool'), f('changed', 'bool', 'env', 'bool', 'go1.23'),
  f('compat', 'value', 'mod tidy', 'none'), f('compiled', 'bool', 'list', 'bool'), f('d', 'bool', 'get', 'bool'), f('deps', 'bool', 'list', 'bool'),
  f('diff', 'bool', 'mod tidy, vet, fix', 'bool', 'go1.23'), f('e', 'bool', 'list, mod tidy, mod vendor, work vendor', 'bool'), f('export', 'bool', 'list', 'bool'),
  f('f', 'mixed', 'list (template), get (bool)', 'none'), f('find', 'bool', 'list', 'bool'), f('fix', 'mixed', 'get, vet (bool), fix (string)', 'none'),
  f('fixtool', 'value', 'fix', 'none', 'go1.26'), f('fmt', 'bool', 'mod edit, work edit', 'bool'), f('fuzzcache', 'bool', 'clean', 'bool'), f('go', 'value', 'mod edit, mod tidy, mod graph, work edit', 'none'),
  f('godebug', 'value', 'mod edit, work edit', 'none', 'go1.23'), f('dropgodebug', 'value', 'mod edit, work edit', 'none', 'go1.23'), f('i', 'bool', 'clean', 'bool'),
  f('ignore', 'value', 'mod edit', 'none', 'go1.25'), f('dropignore', 'value', 'mod edit', 'none', 'go1.25'), f('insecure', 'bool', 'get', 'bool'),
  f('m', 'bool', 'list, get, version, mod why', 'bool'), f('modcache', 'bool', 'clean', 'bool'), f('module', 'value', 'mod edit', 'none'), f('print', 'bool', 'mod edit, work edit', 'bool'),
  f('r', 'bool', 'clean, work use', 'bool'), f('require', 'value', 'mod edit', 'none'), f('droprequire', 'value', 'mod edit', 'none'), f('exclude', 'value', 'mod edit', 'none'),
  f('dropexclude', 'value', 'mod edit', 'none'), f('replace', 'value', 'mod edit, work edit', 'none'), f('dropreplace', 'value', 'mod edit, work edit', 'none'),
  f('retract', 'value', 'mod edit', 'none'), f('dropretract', 'value', 'mod edit', 'none'), f('retracted', 'bool', 'list', 'bool'), f('reuse', 'value', 'list, mod download', 'none'),
  f('t', 'bool', 'get', 'bool'), f('test', 'bool', 'list', 'bool'), f('testcache', 'bool', 'clean', 'bool'), f('tool', 'mixed', 'get (bool), mod edit (value)', 'none', 'go1.24'),
  f('droptool', 'value', 'mod edit', 'none', 'go1.24'), f('toolchain', 'value', 'mod edit, work edit', 'none', 'go1.21'), f('u', 'bool', 'list, get', 'bool'),
  f('use', 'value', 'work edit', 'none'), f('dropuse', 'value', 'work edit', 'none'), f('vendor', 'bool', 'mod why', 'bool'), f('versions', 'bool', 'list', 'bool'),
  f('vettool', 'value', 'vet', 'none'), f('w', 'bool', 'env', 'bool'),
];

const FLAG_MAP = new Map(GO_FLAGS.map((x) => [x.name, x]));

export function goFlagInfo(name: string): GoFlagInfo | undefined {
  return FLAG_MAP.get(name);
}

export type GoflagsProblemKind = 'split' | 'non-flag' | 'unknown-flag' | 'needs-value' | 'invalid-value' | 'too-new' | 'ambiguous-bool';

export interface GoflagsProblem {
  kind: GoflagsProblemKind;
  /** The token as split by the go command (or the whole value for a split error). */
  token: string;
  flag: string | null;
  /** The go command's message, exactly as it prints it. */
  message: string;
  /** True when every go command (but go env / go bug) stops on it; false when only some do. */
  fatalForAll: boolean;
  /** Commands that fail on it. */
  commands: string;
  /** The corrected token(s) when the correction is unambiguous. */
  correction?: string;
}

export interface GoflagsToken {
  text: string;
  /** Flag name without dashes and value; null for a non-flag. */
  name: string | null;
  value: string | null;
  hasValue: boolean;
}

export interface GoflagsParseResult {
  tokens: GoflagsToken[];
  problems: GoflagsProblem[];
  /** The whole value with unambiguous corrections applied; null when none apply or nothing is wrong. */
  corrected: string | null;
}

export interface GoflagsParseOptions {
  /** Quote-aware splitting (cmd/internal/quoted); go1.19 split on white space only. Default true. */
  quotes?: boolean;
  /** `%GOFLAGS%` in messages on Windows. */
  windows?: boolean;
  /** Version of the go command ("go1.21.3"), to flag options it does not know yet. */
  goVersion?: string | null;
}

const isSpaceByte = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** cmd/internal/quoted.Split. */
export function quotedSplit(s: string): { fields: string[] } | { error: string } {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSpaceByte(s[i]!)) i++;
    if (i >= s.length) break;
    const c = s[i]!;
    if (c === '"' || c === "'") {
      const end = s.indexOf(c, i + 1);
      if (end < 0) return { error: `unterminated ${c} string` };
      out.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !isSpaceByte(s[j]!)) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return { fields: out };
}

/** strings.Fields (go1.19 and earlier split GOFLAGS this way). */
function fields(s: string): string[] {
  return s.split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u).filter((x) => x !== '');
}

export function parseGoBool(v: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return null;
}

/** strconv.ParseInt(s, 0, 64): 'ok', 'syntax' or 'range'. */
export function parseGoInt(s: string): 'ok' | 'syntax' | 'range' {
  let t = s;
  if (t.startsWith('+') || t.startsWith('-')) t = t.slice(1);
  let digits: string;
  let base: number;
  if (/^0[xX]/.test(t)) { base = 16; digits = t.slice(2); }
  else if (/^0[bB]/.test(t)) { base = 2; digits = t.slice(2); }
  else if (/^0[oO]/.test(t)) { base = 8; digits = t.slice(2); }
  else if (/^0./.test(t)) { base = 8; digits = t.slice(1); }
  else { base = 10; digits = t; }
  const prefixed = base !== 10;
  if (digits === '' && !(base === 8 && t.length > 0 && !/^0[oO]/.test(t))) return 'syntax';
  // Base 0 allows underscores between digits, or between a base prefix and a digit (underscoreOK).
  if (digits.includes('_')) {
    const ok = prefixed ? /^_?[0-9a-fA-F]+(_[0-9a-fA-F]+)*$/.test(digits) : /^[0-9a-fA-F]+(_[0-9a-fA-F]+)*$/.test(digits);
    if (!ok) return 'syntax';
    digits = digits.replace(/_/g, '');
  }
  const re = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]*$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!re.test(digits)) return 'syntax';
  const n = digits === '' ? 0n : BigInt((base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '') + digits);
  const limit = s.startsWith('-') ? 1n << 63n : (1n << 63n) - 1n;
  return n > limit ? 'range' : 'ok';
}

/** time.ParseDuration's grammar: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+, or "0". */
export function isGoDuration(s: string): boolean {
  if (s === '0' || s === '+0' || s === '-0') return true;
  return /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$/.test(s);
}

const VET_ANALYZERS = ['all', 'off', 'appends', 'asmdecl', 'assign', 'atomic', 'bool', 'bools', 'buildtag', 'buildtags', 'cgocall', 'composites', 'copylocks', 'defers', 'directive', 'errorsas', 'framepointer', 'hostport', 'httpresponse', 'ifaceassert', 'loopclosure', 'lostcancel', 'methods', 'nilfunc', 'printf', 'rangeloops', 'shift', 'sigchanyzer', 'slog', 'stdmethods', 'stdversion', 'stringintconv', 'structtag', 'testinggoroutine', 'tests', 'timeformat', 'unmarshal', 'unreachable', 'unsafeptr', 'unusedresult', 'waitgroup'];
const BUILDMODES = ['archive', 'c-archive', 'c-shared', 'default', 'exe', 'pie', 'plugin', 'shared'];

/** The value error SetFromGOFLAGS (or the flag's later validation) reports, or null. */
function valueError(info: GoFlagInfo, value: string): { reason: string; later?: string } | null {
  switch (info.check) {
    case 'bool': return parseGoBool(value) === null ? { reason: 'parse error' } : null;
    case 'buildvcs': return value === 'auto' || parseGoBool(value) !== null ? null : { reason: "value is neither 'auto' nor a valid bool" };
    case 'int': case 'positive-int': {
      const r = parseGoInt(value);
      if (r === 'syntax') return { reason: 'parse error' };
      if (r === 'range') return { reason: 'value out of range' };
      if (info.check === 'positive-int' && (value.startsWith('-') || /^[+]?0+$|^[+-]?0[xXbBoO]0*$/.test(value.replace(/_/g, '')))) {
        return { reason: '', later: `go: -${info.name} must be a positive integer: ${value}` };
      }
      return null;
    }
    case 'duration': return isGoDuration(value) ? null : { reason: 'parse error' };
    case 'mod': return ['', 'mod', 'readonly', 'vendor'].includes(value) ? null : { reason: '', later: `-mod=${value} not supported (can be '', 'mod', 'readonly', or 'vendor')` };
    case 'covermode': return ['set', 'count', 'atomic'].includes(value) ? null : { reason: 'valid modes are "set", "count", or "atomic"' };
    case 'compiler': return value === 'gc' || value === 'gccgo' ? null : { reason: `unknown compiler ${goQuote(value)}` };
    case 'shuffle': return value === 'on' || value === 'off' || parseGoInt(value) === 'ok' ? null : { reason: `-shuffle argument must be "on", "off", or an int64: strconv.ParseInt: parsing ${goQuote(value)}: ${parseGoInt(value) === 'range' ? 'value out of range' : 'invalid syntax'}` };
    case 'vet': {
      const bad = value.split(',').find((a) => !VET_ANALYZERS.includes(a));
      return bad === undefined ? null : { reason: `-vet argument must be a supported analyzer or a distinguished value; found ${bad}` };
    }
    case 'per-package': {
      const v = value.trim();
      if (v === '') return null;
      let rest = v;
      if (!v.startsWith('-')) {
        const i = v.indexOf('=');
        if (i < 0) return { reason: 'missing =<value> in <pattern>=<value>' };
        if (i === 0) return { reason: 'missing <pattern> in <pattern>=<value>' };
        if (v[0] === "'" || v[0] === '"') return { reason: `parameter may not start with quote character ${v[0]}` };
        rest = v.slice(i + 1);
      }
      const r = quotedSplit(rest);
      return 'error' in r ? { reason: r.error } : null;
    }
    case 'quoted-list': {
      const r = quotedSplit(value);
      return 'error' in r ? { reason: r.error } : null;
    }
    case 'chdir': return { reason: '-C flag must be first flag on command line' };
    case 'buildmode': return BUILDMODES.includes(value) ? null : { reason: '', later: `buildmode=${value} not supported` };
    case 'modfile': return value === '' || value.endsWith('.mod') ? null : { reason: '', later: `go: -modfile=${value}: file does not have .mod extension` };
    case 'none': return null;
  }
}

function versionLess(a: string, b: string): boolean {
  const pa = /^go(\d+)\.(\d+)/.exec(a);
  const pb = /^go(\d+)\.(\d+)/.exec(b);
  if (!pa || !pb) return false;
  return Number(pa[1]) * 1000 + Number(pa[2]) < Number(pb[1]) * 1000 + Number(pb[2]);
}


/** Parses GOFLAGS and reports what the go command would reject. Never throws. */
export function parseGoflags(value: string, opts: GoflagsParseOptions = {}): GoflagsParseResult {
  const where = opts.windows ? '%GOFLAGS%' : '$GOFLAGS';
  const result: GoflagsParseResult = { tokens: [], problems: [], corrected: null };
  let words: string[];
  if (opts.quotes === false) words = fields(value);
  else {
    const r = quotedSplit(value);
    if ('error' in r) {
      result.problems.push({ kind: 'split', token: value, flag: null, message: `go: parsing ${where}: ${r.error}`, fatalForAll: true, commands: 'every command but go env and go bug' });
      return result;
    }
    words = r.fields;
  }
  const correctedWords: string[] = [];
  let changed = false;
  let stop = false;
  for (let wi = 0; wi < words.length; wi++) {
    const w = words[wi]!;
    if (!w.startsWith('-') || w === '-' || w === '--' || w.startsWith('---') || w.startsWith('-=') || w.startsWith('--=')) {
      result.tokens.push({ text: w, name: null, value: null, hasValue: false });
      // "-mod mod": a value flag followed by its value as a separate word.
      const prev = result.tokens[result.tokens.length - 2];
      const prevInfo = prev?.name ? FLAG_MAP.get(prev.name) : undefined;
      const correction = prev && prevInfo && !prev.hasValue && prevInfo.kind === 'value' && prev.text.startsWith('-') ? `${prev.text}=${w}` : null;
      if (correction) { correctedWords[correctedWords.length - 1] = correction; changed = true; } else correctedWords.push(w);
      if (!stop) {
        const problem: GoflagsProblem = { kind: 'non-flag', token: w, flag: null, message: `go: parsing ${where}: non-flag ${goQuote(w)}`, fatalForAll: true, commands: 'every command but go env and go bug' };
        if (correction) problem.correction = correction;
        result.problems.push(problem);
        stop = true; // Fatalf: the first problem is the only one the go command prints
      }
      continue;
    }
    let name = w.slice(1);
    if (name.startsWith('-')) name = name.slice(1);
    const eq = name.indexOf('=');
    const hasValue = eq >= 0;
    const fval = hasValue ? name.slice(eq + 1) : null;
    if (hasValue) name = name.slice(0, eq);
    result.tokens.push({ text: w, name, value: fval, hasValue });
    correctedWords.push(w);
    const info = FLAG_MAP.get(name);
    if (!info) {
      if (!stop) {
        result.problems.push({ kind: 'unknown-flag', token: w, flag: name, message: `go: parsing ${where}: unknown flag -${name}`, fatalForAll: true, commands: 'every command but go env and go bug' });
        stop = true;
      }
      continue;
    }
    if (opts.goVersion && info.since && versionLess(opts.goVersion, info.since) && !stop) {
      result.problems.push({ kind: 'too-new', token: w, flag: name, message: `go: parsing ${where}: unknown flag -${name}`, fatalForAll: true, commands: `every command but go env and go bug (-${name} needs ${info.since} or later)` });
      stop = true;
      continue;
    }
  }
  // SetFromGOFLAGS runs per command, after InitGOFLAGS accepted every word.
  if (!stop) {
    for (const t of result.tokens) {
      if (!t.name) continue;
      const info = FLAG_MAP.get(t.name)!;
      const shown = `-${t.name}`;
      if (!t.hasValue) {
        if (info.kind === 'value') {
          result.problems.push({ kind: 'needs-value', token: t.text, flag: t.name, message: `go: flag needs an argument: ${shown} (from ${where})`, fatalForAll: false, commands: info.commands });
        } else if (info.kind === 'mixed') {
          result.problems.push({ kind: 'ambiguous-bool', token: t.text, flag: t.name, message: `go: flag needs an argument: ${shown} (from ${where})`, fatalForAll: false, commands: info.commands });
        }
        continue;
      }
      const v = t.value ?? '';
      const err = valueError(info, v);
      if (!err) continue;
      const isBool = info.kind === 'bool';
      const message = err.later ?? (isBool
        ? `go: invalid boolean value ${goQuote(v)} for flag ${shown} (from ${where}): ${err.reason}`
        : `go: invalid value ${goQuote(v)} for flag ${shown} (from ${where}): ${err.reason}`);
      result.problems.push({ kind: 'invalid-value', token: t.text, flag: t.name, message, fatalForAll: false, commands: info.commands });
    }
  }
  if (changed) result.corrected = correctedWords.map((w) => (/[\s"']/.test(w) ? (w.includes("'") ? `"${w}"` : `'${w}'`) : w)).join(' ');
  return result;
}

// GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE patterns: x/mod's MatchPrefixPatterns over Go's
// path.Match, byte for byte, plus a linter for patterns that look right and never match.

export class BadPatternError extends Error {
  constructor() { super('syntax error in pattern'); }
}

const RUNE_ERROR = 0xfffd;

/** utf8.DecodeRune over bytes: [rune, size]; invalid or truncated sequences give (RuneError, 1). */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i];
  if (c0 === undefined) return [RUNE_ERROR, 0];
  if (c0 < 0x80) return [c0, 1];
  const need = c0 >= 0xf0 && c0 <= 0xf4 ? 4 : c0 >= 0xe0 ? 3 : c0 >= 0xc2 && c0 < 0xe0 ? 2 : 0;
  if (need === 0 || c0 > 0xf4 || i + need > b.length) return [RUNE_ERROR, 1];
  let r = need === 2 ? c0 & 0x1f : need === 3 ? c0 & 0x0f : c0 & 0x07;
  for (let k = 1; k < need; k++) {
    const c = b[i + k]!;
    if ((c & 0xc0) !== 0x80) return [RUNE_ERROR, 1];
    r = (r << 6) | (c & 0x3f);
  }
  if ((need === 3 && (r < 0x800 || (r >= 0xd800 && r <= 0xdfff))) || (need === 4 && (r < 0x10000 || r > 0x10ffff))) return [RUNE_ERROR, 1];
  return [r, need];
}

const SLASH = 0x2f, STAR = 0x2a, BACKSLASH = 0x5c, LBRACK = 0x5b, RBRACK = 0x5d, CARET = 0x5e, QUESTION = 0x3f, DASH = 0x2d;

function scanChunk(p: Uint8Array, start: number): { star: boolean; chunkStart: number; chunkEnd: number } {
  let i = start;
  let star = false;
  while (i < p.length && p[i] === STAR) { i++; star = true; }
  const chunkStart = i;
  let inrange = false;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === BACKSLASH) { if (i + 1 < p.length) i++; }
    else if (c === LBRACK) inrange = true;
    else if (c === RBRACK) inrange = false;
    else if (c === STAR && !inrange) return { star, chunkStart, chunkEnd: i };
  }
  return { star, chunkStart, chunkEnd: p.length };
}

function getEsc(p: Uint8Array, i: number, end: number): { r: number; next: number } {
  if (i >= end || p[i] === DASH || p[i] === RBRACK) throw new BadPatternError();
  if (p[i] === BACKSLASH) {
    i++;
    if (i >= end) throw new BadPatternError();
  }
  const [r, n] = decodeRune(p.subarray(0, end), i);
  if (r === RUNE_ERROR && n === 1) throw new BadPatternError();
  const next = i + n;
  if (next >= end) throw new BadPatternError();
  return { r, next };
}

/** path.matchChunk: returns the index in s after the match, or -1; throws BadPatternError. */
function matchChunk(p: Uint8Array, cs: number, ce: number, s: Uint8Array, si: number): number {
  let failed = false;
  let i = cs;
  while (i < ce) {
    failed = failed || si >= s.length;
    const c = p[i]!;
    if (c === LBRACK) {
      let r = 0;
      if (!failed) { const [rr, n] = decodeRune(s, si); r = rr; si += n; }
      i++;
      let negated = false;
      if (i < ce && p[i] === CARET) { negated = true; i++; }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (i < ce && p[i] === RBRACK && nrange > 0) { i++; break; }
        const lo = getEsc(p, i, ce);
        i = lo.next;
        let hi = lo.r;
        if (p[i] === DASH) {
          const h = getEsc(p, i + 1, ce);
          hi = h.r;
          i = h.next;
        }
        match = match || (lo.r <= r && r <= hi);
        nrange++;
      }
      failed = failed || match === negated;
    } else if (c === QUESTION) {
      if (!failed) {
        failed = s[si] === SLASH;
        const [, n] = decodeRune(s, si);
        si += n;
      }
      i++;
    } else {
      if (c === BACKSLASH) {
        i++;
        if (i >= ce) throw new BadPatternError();
      }
      if (!failed) {
        failed = p[i] !== s[si];
        si++;
      }
      i++;
    }
  }
  return failed ? -1 : si;
}

function matchBytes(p: Uint8Array, name: Uint8Array): boolean {
  let pi = 0;
  let ni = 0;
  pattern: while (pi < p.length) {
    const { star, chunkStart, chunkEnd } = scanChunk(p, pi);
    pi = chunkEnd;
    if (star && chunkStart === chunkEnd) return name.subarray(ni).indexOf(SLASH) < 0;
    let t = -1;
    let err: unknown = null;
    try { t = matchChunk(p, chunkStart, chunkEnd, name, ni); } catch (e) { err = e; }
    if (t >= 0 && (t === name.length || pi < p.length)) { ni = t; continue; }
    if (err) throw err;
    if (star) {
      for (let i = ni; i < name.length && name[i] !== SLASH; i++) {
        const t2 = matchChunk(p, chunkStart, chunkEnd, name, i + 1);
        if (t2 >= 0) {
          if (pi === p.length && t2 < name.length) continue;
          ni = t2;
          continue pattern;
        }
      }
    }
    // Before returning false with no error, check that the rest of the pattern is well formed.
    while (pi < p.length) {
      const ch = scanChunk(p, pi);
      pi = ch.chunkEnd;
      matchChunk(p, ch.chunkStart, ch.chunkEnd, new Uint8Array(0), 0);
    }
    return false;
  }
  return ni === name.length;
}

const enc = new TextEncoder();

/** Go's path.Match. Throws BadPatternError (Go's path.ErrBadPattern) for a malformed pattern. */
export function pathMatch(pattern: string, name: string): boolean {
  return matchBytes(enc.encode(pattern), enc.encode(name));
}

/** path.Match that reports a malformed pattern instead of throwing. */
export function tryPathMatch(pattern: string, name: string): { matched: boolean; bad: boolean } {
  try { return { matched: pathMatch(pattern, name), bad: false }; } catch (e) {
    if (e instanceof BadPatternError) return { matched: false, bad: true };
    throw e;
  }
}

/**
 * x/mod module.MatchPrefixPatterns: whether any comma-separated glob matches a prefix of target.
 * A glob with N slashes is matched against the first N+1 path elements of target.
 */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  return matchingPattern(globs, target) !== null;
}

/** The first glob of the list that matches target (as MatchPrefixPatterns would decide), or null. */
export function matchingPattern(globs: string, target: string): string | null {
  let rest = globs;
  while (rest !== '') {
    let glob: string;
    const comma = rest.indexOf(',');
    if (comma >= 0) { glob = rest.slice(0, comma); rest = rest.slice(comma + 1); } else { glob = rest; rest = ''; }
    if (glob.endsWith('/')) glob = glob.slice(0, -1);
    if (glob === '') continue;
    let n = 0;
    for (const ch of glob) if (ch === '/') n++;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] === '/') {
        if (n === 0) { prefix = target.slice(0, i); break; }
        n--;
      }
    }
    if (n > 0) continue;
    if (tryPathMatch(glob, prefix).matched) return glob;
  }
  return null;
}

export type PatternIssueKind =
  | 'leading-space'
  | 'trailing-space'
  | 'scheme'
  | 'trailing-dots'
  | 'star-only'
  | 'bad-pattern'
  | 'semicolon'
  | 'leading-dot'
  | 'double-star'
  | 'uppercase-host'
  | 'port'
  | 'version';

export interface PatternIssue {
  kind: PatternIssueKind;
  /** The glob as written in the list. */
  pattern: string;
  /** Index of the glob in the comma-separated list. */
  index: number;
  /** UTF-16 offset of the glob in the value. */
  offset: number;
  /** True when the glob can never match any module path. */
  neverMatches: boolean;
  message: string;
  /** What it most likely should be; null to drop it; undefined when there is no single answer. */
  suggestion?: string | null;
}

export interface PatternLint {
  issues: PatternIssue[];
  /** The value with every unambiguous correction applied (null when nothing changes). */
  corrected: string | null;
}

const SCHEME_RE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/** Finds globs that look intended but cannot match the way the user hoped. Never throws. */
export function lintPatterns(value: string): PatternLint {
  const issues: PatternIssue[] = [];
  const corrected: string[] = [];
  let changed = false;
  let offset = 0;
  const parts = value.split(',');
  parts.forEach((raw, index) => {
    const partOffset = offset;
    offset += raw.length + 1;
    let fixed: string | null = raw;
    const add = (kind: PatternIssueKind, neverMatches: boolean, message: string, suggestion?: string | null) => {
      issues.push({ kind, pattern: raw, index, offset: partOffset, neverMatches, message, ...(suggestion !== undefined ? { suggestion } : {}) });
    };
    if (raw === '') { corrected.push(raw); return; }
    if (/^\s/.test(raw)) { fixed = fixed.trimStart(); add('leading-space', true, `"${raw}" starts with white space; patterns are not trimmed, so it never matches`, fixed.trimEnd()); }
    if (/\s$/.test(raw)) { fixed = fixed.trimEnd(); add('trailing-space', true, `"${raw}" ends with white space; patterns are not trimmed, so it never matches`, fixed.trimStart()); }
    let g = fixed;
    if (g.includes(';')) {
      add('semicolon', true, `"${raw}" contains ';'; the list is separated by commas, and a module path never contains ';'`, g.split(';').map((x) => x.trim()).filter(Boolean).join(','));
      g = g.split(';').map((x) => x.trim()).filter(Boolean).join(',');
    }
    const sm = SCHEME_RE.exec(g);
    if (sm) {
      const ng = g.slice(sm[0].length).replace(/^[^/@]*@/, '');
      add('scheme', true, `"${raw}" starts with a URL scheme; patterns match module paths, which have none`, ng);
      g = ng;
    }
    if (/\/\.\.\.$/.test(g) || g === '...') {
      const ng = g.replace(/\/?\.\.\.$/, '');
      add('trailing-dots', true, `"${raw}" ends in "/..."; module patterns are path.Match globs, where "..." is literal (a prefix already matches everything below it)`, ng || null);
      g = ng;
    }
    if (/(^|\/)\*\*($|\/)/.test(g) || g.includes('**')) {
      const ng = g.replace(/\*{2,}/g, '*');
      add('double-star', false, `"${raw}" uses "**"; it means the same as "*", which does not cross "/"`, ng);
      g = ng;
    }
    if (g.startsWith('.') && g.length > 1 && !g.startsWith('./')) {
      const ng = `*${g}`;
      add('leading-dot', true, `"${raw}" starts with "."; that is NO_PROXY syntax; a module pattern needs "*${g}" to match subdomains`, ng);
      g = ng;
    }
    const firstElem = g.split('/')[0] ?? '';
    if (/:\d+$/.test(firstElem)) {
      const ng = g.replace(/:\d+(?=\/|$)/, '');
      add('port', true, `"${raw}" carries a port; module paths have none`, ng);
      g = ng;
    }
    if (/@/.test(g)) {
      const ng = g.replace(/@.*$/, '');
      add('version', true, `"${raw}" contains "@"; patterns match module paths without versions`, ng || null);
      g = ng;
    }
    if (/[A-Z]/.test(firstElem) && !/[[\\]/.test(firstElem)) {
      add('uppercase-host', true, `"${raw}" has upper-case letters in its first element; module paths (host names) are lower case there`, g.replace(firstElem, firstElem.toLowerCase()));
      g = g.replace(firstElem, firstElem.toLowerCase());
    }
    const trimmedSlash = g.endsWith('/') ? g.slice(0, -1) : g;
    if (/^\*+$/.test(trimmedSlash)) {
      add('star-only', false, `"${raw}" matches every module path, public ones included: nothing is fetched from the proxy or checked against the checksum database`);
    }
    if (trimmedSlash !== '' && tryPathMatch(trimmedSlash, '').bad) {
      add('bad-pattern', true, `"${raw}" is not a valid path.Match pattern (${new BadPatternError().message}); the go command silently treats it as matching nothing`);
    }
    if (g !== raw) { changed = true; fixed = g; }
    corrected.push(fixed ?? '');
  });
  const joined = corrected.filter((x, i) => x !== '' || parts[i] === '').join(',').replace(/,{2,}/g, ',').replace(/^,|,$/g, '');
  return { issues, corrected: changed ? joined : null };
}

/** Splits a pattern list into its non-empty globs, as MatchPrefixPatterns sees them. */
export function splitPatterns(value: string): string[] {
  return value.split(',').map((g) => (g.endsWith('/') ? g.slice(0, -1) : g)).filter((g) => g !== '');
}

/**
 * Go string semantics that JavaScript lacks: literal syntax as the go command prints and reads
 * it (`strconv.Quote`, `strconv.QuoteRune`, `strconv.Unquote` for double-quoted strings), Go's
 * Unicode character classes and `strings.Fields`/`TrimSpace`, and byte-order string comparison.
 * Error texts of the module and go.mod code embed these forms, so matching them byte for byte
 * is what lets our messages equal the go command's.
 *
 * JavaScript strings cannot hold invalid UTF-8. Where Go would produce raw bytes (`"\xff"`),
 * the unquoted bytes are decoded as UTF-8 with U+FFFD for each invalid sequence.
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const WHITE_SPACE = /^\p{White_Space}$/u;
const LETTER = /^\p{L}$/u;

/** unicode.IsPrint: graphic characters plus the ASCII space only. */
export function isGoPrint(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80 && ch.length === 1) return c >= 0x20 && c < 0x7f;
  return PRINTABLE.test(ch);
}

/** unicode.IsSpace. */
export function isGoSpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80 && ch.length === 1) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return WHITE_SPACE.test(ch);
}

/** unicode.IsLetter. */
export function isGoLetter(ch: string): boolean {
  return LETTER.test(ch);
}

/** A code point that is half of a surrogate pair standing alone: Go would see invalid UTF-8 here. */
export function isLoneSurrogate(cp: number): boolean {
  return cp >= 0xd800 && cp <= 0xdfff;
}

/** Reports whether the string would be valid UTF-8 once encoded (no lone surrogates). */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeRune(cp: number, quote: string): string {
  const ch = String.fromCodePoint(cp);
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (!isLoneSurrogate(cp) && isGoPrint(ch)) return ch;
  switch (cp) {
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
  }
  // Go would print an invalid byte as \x..; a lone surrogate is the closest JS analogue.
  if (isLoneSurrogate(cp)) return '\\ufffd';
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0) ?? 0, '"');
  return out + '"';
}

/** strconv.QuoteRune. */
export function goQuoteRune(cp: number): string {
  return "'" + escapeRune(cp, "'") + "'";
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, '\\': 0x5c, '"': 0x22,
};

function pushUtf8(bytes: number[], cp: number): void {
  if (cp < 0x80) bytes.push(cp);
  else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/**
 * strconv.Unquote restricted to double-quoted literals, which is all go.mod accepts.
 * Returns undefined where Go returns ErrSyntax ("invalid syntax").
 */
export function goUnquote(s: string): string | undefined {
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return undefined;
  const body = s.slice(1, -1);
  if (body.includes('\n')) return undefined;
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    if (ch === '"') return undefined;
    if (ch !== '\\') {
      const cp = body.codePointAt(i) ?? 0;
      // A lone surrogate stands for bytes Go would have kept verbatim; decoding them yields U+FFFD.
      pushUtf8(bytes, isLoneSurrogate(cp) ? 0xfffd : cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
      continue;
    }
    if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const digits = body.slice(i + 2, i + 2 + n);
      if (digits.length !== n || ![...digits].every(isHex)) return undefined;
      const v = parseInt(digits, 16);
      if (e === 'x') {
        bytes.push(v);
      } else {
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
        pushUtf8(bytes, v);
      }
      i += 2 + n;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const digits = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits)) return undefined;
      const v = parseInt(digits, 8);
      if (v > 255) return undefined;
      bytes.push(v);
      i += 4;
      continue;
    }
    return undefined;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
}

/**
 * Go's string order: byte order of the UTF-8 encoding, which equals code point order. Plain
 * `<` on JS strings compares UTF-16 code units and misorders astral characters against
 * U+E000–U+FFFF.
 */
export function compareGoStrings(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** strings.TrimSpace with Go's notion of white space. */
export function goTrimSpace(s: string): string {
  const chars = [...s];
  let i = 0;
  let j = chars.length;
  while (i < j && isGoSpace(chars[i] as string)) i++;
  while (j > i && isGoSpace(chars[j - 1] as string)) j--;
  return chars.slice(i, j).join('');
}

/** strings.Fields with Go's notion of white space. */
export function goFields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (isGoSpace(ch)) {
      if (cur !== '') out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

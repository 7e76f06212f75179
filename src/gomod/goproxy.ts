// GOPROXY, parsed the way cmd/go/internal/modfetch/proxy.go (proxyList, newProxyRepo) does it:
// the same entries, the same fallthrough flags, the same first error — with userinfo redacted.
import { parseGoUrl, hostnameOf } from './go-url.ts';
import { redactProxyList } from '../facts/redact.ts';

export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';
export const EMPTY_LIST_ERROR = 'GOPROXY list is not the empty string, but contains no entries';

export interface ProxyEntry {
  kind: 'url' | 'direct' | 'off' | 'noproxy';
  /** The entry as written (trimmed), secrets redacted. */
  raw: string;
  /** The URL the go command uses (https:// added to bare hosts), secrets redacted; the keyword for direct/off. */
  url: string;
  scheme: 'http' | 'https' | 'file' | null;
  /** Lowercased host name without port (null for direct/off/file). */
  host: string | null;
  port: string | null;
  /** True when the next entry is tried on any error (`|`), false when only on 404/410 (`,`). */
  fallBackOnError: boolean;
  /** The separator written after this entry, null at the end of the value. */
  separator: ',' | '|' | null;
  /** `https://` was added to a bare host. */
  implicitHttps: boolean;
  /** The URL carried a user name or password (now redacted). */
  hasUserinfo: boolean;
  hasPassword: boolean;
  /** Offset of the raw entry in the value (UTF-16 code units). */
  offset: number;
}

export interface IgnoredProxyEntry {
  raw: string;
  offset: number;
  /** Which entry ended the list. */
  after: 'direct' | 'off';
}

export interface GoproxyParseResult {
  /** The value as given (redacted). */
  value: string;
  entries: ProxyEntry[];
  /** Entries written after `direct` or `off`: the go command never looks at them. */
  ignored: IgnoredProxyEntry[];
  /** Empty entries between separators (skipped by the go command). */
  emptyEntries: number;
  /** The go command's own error (without the "go: " prefix), redacted; null when the list is usable. */
  error: string | null;
  /** The raw (redacted) entry that caused `error`, when one did. */
  errorEntry: string | null;
  /** Entries parsed before the error (the go command uses none of them when error is set). */
}

export interface GoproxyParseOptions {
  /** GONOPROXY (or GOPRIVATE when GONOPROXY is empty): a non-empty value adds the implicit `noproxy` entry. */
  gonoproxy?: string;
  /** GOOS of the machine running the go command: decides what counts as an absolute file path. */
  os?: string;
}

function isAbsFilePath(s: string, os: string): boolean {
  if (s.startsWith('/')) return true; // path.IsAbs
  if (os === 'windows') return /^[A-Za-z]:[\\/]/.test(s) || /^[\\/]{2}[^\\/]+[\\/][^\\/]+/.test(s);
  return false;
}

/** Redacts userinfo in every entry of a list, including bare `user:pass@host` entries without a scheme. */
export function redactProxyText(s: string): string {
  return redactProxyList(s);
}
const redact = redactProxyText;

/** Why newProxyRepo would refuse this URL, in the go command's words; null when it accepts it. */
export function proxyUrlError(url: string): string | null {
  const p = parseGoUrl(url);
  if (!p.ok) return redact(p.error);
  const u = p.url;
  const shown = redactedForm(url);
  switch (u.scheme) {
    case 'http':
    case 'https':
      return null;
    case 'file':
      if (u.opaque || u.userinfo !== null || u.host !== '' || u.rawQuery || u.forceQuery || u.hasFragment || u.omitHost) {
        return `invalid file:// proxy URL with non-path elements: ${shown}`;
      }
      return null;
    case '':
      return `invalid proxy URL missing scheme: ${shown}`;
    default:
      return `invalid proxy URL scheme (must be https, http, file): ${shown}`;
  }
}

/** The URL with any userinfo replaced, for display. */
export function redactedForm(url: string): string {
  return redactProxyText(url);
}

/** One piece of a GOPROXY value as proxyList() walks it; `url` is unredacted (https:// added to bare hosts). */
type Piece =
  | { type: 'empty' }
  | { type: 'ignored'; trimmed: string; offset: number; after: 'direct' | 'off' }
  | { type: 'entry'; kind: 'url' | 'direct' | 'off'; trimmed: string; url: string; implicitHttps: boolean; separator: ',' | '|' | null; offset: number; error: string | null };

/** The walk shared by parseGoproxy (diagnosis, redacted) and goproxyRequestEntries (requests). */
function* goproxyPieces(value: string, os: string): Generator<Piece> {
  let rest = value;
  let pos = 0;
  let ended: 'direct' | 'off' | null = null;
  while (rest !== '') {
    const m = /[,|]/.exec(rest);
    const i = m ? m.index : -1;
    const piece = i >= 0 ? rest.slice(0, i) : rest;
    const separator = i >= 0 ? (rest[i] as ',' | '|') : null;
    const pieceOffset = pos;
    rest = i >= 0 ? rest.slice(i + 1) : '';
    pos += i >= 0 ? i + 1 : piece.length;
    const lead = piece.length - piece.replace(GO_SPACE_START, '').length;
    const trimmed = goTrimSpace(piece);
    const offset = pieceOffset + lead;
    if (ended) {
      if (trimmed !== '') yield { type: 'ignored', trimmed, offset, after: ended };
      continue;
    }
    if (trimmed === '') { yield { type: 'empty' }; continue; }
    if (trimmed === 'off' || trimmed === 'direct') {
      ended = trimmed;
      yield { type: 'entry', kind: trimmed, trimmed, url: trimmed, implicitHttps: false, separator, offset, error: null };
      continue;
    }
    let url = trimmed;
    let implicitHttps = false;
    if (/[.:/]/.test(url) && !url.includes(':/') && !isAbsFilePath(url, os)) { url = `https://${url}`; implicitHttps = true; }
    const error = proxyUrlError(url);
    yield { type: 'entry', kind: 'url', trimmed, url, implicitHttps, separator, offset, error };
    if (error) return;
  }
}

/**
 * The entries the go command makes requests to, with their real URLs — credentials included, for
 * requests to that very host only: never print one without redacting it. Same walk and errors as
 * parseGoproxy (whose error is returned, redacted); a trailing slash is dropped, as newProxyRepo does.
 */
export function goproxyRequestEntries(value: string, opts: GoproxyParseOptions = {}): { entries: { kind: ProxyEntry['kind']; url: string; fallBackOnError: boolean }[]; error: string | null } {
  const entries: { kind: ProxyEntry['kind']; url: string; fallBackOnError: boolean }[] = [];
  if (opts.gonoproxy && value !== 'direct') entries.push({ kind: 'noproxy', url: 'noproxy', fallBackOnError: false });
  for (const p of goproxyPieces(value, opts.os ?? 'linux')) {
    if (p.type !== 'entry') continue;
    if (p.error) return { entries, error: p.error };
    entries.push({ kind: p.kind, url: p.kind === 'url' ? p.url.replace(/\/+$/, '') : p.url, fallBackOnError: p.separator === '|' });
  }
  if (value !== '' && entries.every((e) => e.kind === 'noproxy')) return { entries, error: EMPTY_LIST_ERROR };
  return { entries, error: null };
}

/** Splits and validates a GOPROXY value like proxyList(). Never throws. */
export function parseGoproxy(value: string, opts: GoproxyParseOptions = {}): GoproxyParseResult {
  const out: GoproxyParseResult = { value: redact(value), entries: [], ignored: [], emptyEntries: 0, error: null, errorEntry: null };
  if (opts.gonoproxy && value !== 'direct') {
    out.entries.push({ kind: 'noproxy', raw: 'noproxy', url: 'noproxy', scheme: null, host: null, port: null, fallBackOnError: false, separator: null, implicitHttps: false, hasUserinfo: false, hasPassword: false, offset: -1 });
  }
  for (const piece of goproxyPieces(value, opts.os ?? 'linux')) {
    if (piece.type === 'empty') { out.emptyEntries++; continue; }
    if (piece.type === 'ignored') { out.ignored.push({ raw: redact(piece.trimmed), offset: piece.offset, after: piece.after }); continue; }
    const base = { raw: redact(piece.trimmed), separator: piece.separator, fallBackOnError: piece.separator === '|', offset: piece.offset, hasUserinfo: false, hasPassword: false, implicitHttps: false, scheme: null, host: null, port: null };
    if (piece.kind !== 'url') {
      out.entries.push({ ...base, kind: piece.kind, url: piece.url });
      continue;
    }
    if (piece.error) {
      out.error = piece.error;
      out.errorEntry = redact(piece.trimmed);
      return out;
    }
    const { url, implicitHttps } = piece;
    const p = parseGoUrl(url);
    const u = p.ok ? p.url : null;
    out.entries.push({
      ...base,
      kind: 'url',
      url: redactedForm(url),
      scheme: (u?.scheme ?? null) as ProxyEntry['scheme'],
      host: u && u.scheme !== 'file' ? hostnameOf(u.host) : null,
      port: u && u.scheme !== 'file' ? portFrom(u.host, u.scheme) : null,
      implicitHttps,
      hasUserinfo: !!u && u.userinfo !== null,
      hasPassword: !!u && u.userinfo !== null && u.userinfo.includes(':'),
    });
  }
  const real = out.entries.filter((e) => e.kind !== 'noproxy');
  if (value !== '' && real.length === 0) out.error = EMPTY_LIST_ERROR;
  return out;
}

function portFrom(host: string, scheme: string): string {
  const close = host.lastIndexOf(']');
  const colon = host.lastIndexOf(':');
  if (colon > close && colon < host.length - 1) return host.slice(colon + 1);
  return scheme === 'http' ? '80' : '443';
}

// unicode.IsSpace, which differs from JavaScript's \s (U+0085 is space to Go, U+FEFF is not).
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_SPACE_START = new RegExp(`^[${GO_SPACE}]+`, 'u');
const GO_SPACE_END = new RegExp(`[${GO_SPACE}]+$`, 'u');

/** strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE_START, '').replace(GO_SPACE_END, '');
}

/** Writes entries back as a GOPROXY value (for fixes that drop ignored or broken entries). */
export function formatGoproxy(entries: Pick<ProxyEntry, 'kind' | 'url' | 'separator'>[]): string {
  const real = entries.filter((e) => e.kind !== 'noproxy');
  return real.map((e, i) => `${e.url}${i < real.length - 1 ? (e.separator === '|' ? '|' : ',') : ''}`).join('');
}

/** The entries the go command would actually contact over the network, in order. */
export function networkEntries(r: GoproxyParseResult): ProxyEntry[] {
  return r.error ? [] : r.entries.filter((e) => e.kind === 'url' && e.scheme !== 'file');
}

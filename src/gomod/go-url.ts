// Enough of Go's net/url.Parse to reproduce the errors the go command prints for proxy and
// checksum-database URLs ("parse "https://a b": invalid character " " in host name"), and to
// find the scheme, userinfo and host of a value without a URL library that disagrees with Go.

export interface GoUrl {
  scheme: string;
  opaque: string;
  /** Raw userinfo before '@' (a secret: never print it). */
  userinfo: string | null;
  /** Host as written, with port, brackets kept. */
  host: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
  hasFragment: boolean;
  omitHost: boolean;
}

export type GoUrlResult = { ok: true; url: GoUrl } | { ok: false; error: string };

const isHex = (c: string) => /^[0-9a-fA-F]$/.test(c);

/** strconv.Quote for the texts Go puts in these errors (\x01, not JSON's \u0001). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if ((c >= 0x80 && c < 0xa0) || c === 0xad || (c >= 0xd800 && c <= 0xdfff)) out += c <= 0xffff ? `\\u${c.toString(16).padStart(4, '0')}` : `\\U${c.toString(16).padStart(8, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function hasCtl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function getScheme(raw: string): { scheme: string; rest: string } | { error: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return { error: 'missing protocol scheme' };
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

/** Characters Go's shouldEscape(c, encodeHost) accepts unescaped in a host. */
function hostByteOk(c: number): boolean {
  if (c >= 0x80) return true;
  const ch = String.fromCharCode(c);
  return /[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]/.test(ch);
}

type Mode = 'host' | 'path' | 'fragment' | 'userinfo';

/** Validates escapes like Go's unescape; returns an error text or null. */
function checkEscapes(s: string, mode: Mode): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]!) || !isHex(s[i + 2]!)) {
        let bad = s.slice(i);
        if (bad.length > 3) bad = bad.slice(0, 3);
        return `invalid URL escape ${goQuote(bad)}`;
      }
      if (mode === 'host' && parseInt(s[i + 1]!, 16) < 8 && s.slice(i, i + 3) !== '%25') return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      i += 2;
    } else if (mode === 'host' && !hostByteOk(s.charCodeAt(i))) {
      return `invalid character ${goQuote(c)} in host name`;
    }
  }
  return null;
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  return /^[0-9]*$/.test(port.slice(1));
}

function isIPv6Literal(s: string): boolean {
  const zone = s.indexOf('%');
  const addr = zone >= 0 ? s.slice(0, zone) : s;
  if (!addr.includes(':')) return false;
  // A permissive IPv6 shape check; the go command would reject the rarer malformed forms with
  // "invalid host: ..." as well.
  return /^[0-9a-fA-F:.]+$/.test(addr) && (addr.match(/::/g)?.length ?? 0) <= 1;
}

function parseHost(scheme: string, host: string): string | null {
  const open = host.lastIndexOf('[');
  if (open > 0) return 'invalid IP-literal';
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return "missing ']' in host";
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return `invalid port ${goQuote(colonPort)} after host`;
    const inner = host.slice(1, close);
    if (!isIPv6Literal(inner.replace('%25', '%'))) return `invalid host: ParseAddr(${goQuote(inner)}): unable to parse IP`;
    return null;
  }
  let i = host.indexOf(':');
  if (i !== -1) {
    const last = host.lastIndexOf(':');
    if (last !== i && scheme !== 'http' && scheme !== 'https') i = last;
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) return `invalid port ${goQuote(colonPort)} after host`;
  }
  return checkEscapes(host, 'host');
}

function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

/** Parses like Go's url.Parse; errors read like Go's (`parse "<url>": <reason>`), with the URL redacted by the caller. */
export function parseGoUrl(raw: string): GoUrlResult {
  const hash = raw.indexOf('#');
  const beforeFrag = hash >= 0 ? raw.slice(0, hash) : raw;
  const frag = hash >= 0 ? raw.slice(hash + 1) : '';
  const fail = (u: string, reason: string): GoUrlResult => ({ ok: false, error: `parse ${goQuote(u)}: ${reason}` });
  if (hasCtl(beforeFrag)) return fail(beforeFrag, 'net/url: invalid control character in URL');
  const url: GoUrl = { scheme: '', opaque: '', userinfo: null, host: '', path: '', rawQuery: '', forceQuery: false, fragment: '', hasFragment: hash >= 0, omitHost: false };
  if (beforeFrag === '*') { url.path = '*'; return { ok: true, url }; }
  const sc = getScheme(beforeFrag);
  if ('error' in sc) return fail(beforeFrag, sc.error);
  url.scheme = sc.scheme.toLowerCase();
  let rest = sc.rest;
  if (rest.endsWith('?') && rest.split('?').length === 2) { url.forceQuery = true; rest = rest.slice(0, -1); }
  else {
    const q = rest.indexOf('?');
    if (q >= 0) { url.rawQuery = rest.slice(q + 1); rest = rest.slice(0, q); }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') { url.opaque = rest; return finishFragment(url, frag, raw); }
    const seg = rest.split('/')[0] ?? '';
    if (seg.includes(':')) return fail(beforeFrag, 'first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) { rest = authority.slice(slash); authority = authority.slice(0, slash); }
    const at = authority.lastIndexOf('@');
    const hostPart = at < 0 ? authority : authority.slice(at + 1);
    const hostErr = parseHost(url.scheme, hostPart);
    if (hostErr) return fail(beforeFrag, hostErr);
    url.host = hostPart;
    if (at >= 0) {
      const ui = authority.slice(0, at);
      if (!validUserinfo(ui)) return fail(beforeFrag, 'net/url: invalid userinfo');
      const e = checkEscapes(ui, 'userinfo');
      if (e) return fail(beforeFrag, e);
      url.userinfo = ui;
    }
  } else if (url.scheme !== '' && rest.startsWith('/')) {
    url.omitHost = true;
  }
  const pe = checkEscapes(rest, 'path');
  if (pe) return fail(beforeFrag, pe);
  url.path = rest;
  return finishFragment(url, frag, raw);
}

function finishFragment(url: GoUrl, frag: string, raw: string): GoUrlResult {
  if (!url.hasFragment) return { ok: true, url };
  const e = checkEscapes(frag, 'fragment');
  if (e) return { ok: false, error: `parse ${goQuote(raw)}: ${e}` };
  url.fragment = frag;
  return { ok: true, url };
}

/** Host name without port or brackets, lowercased. */
export function hostnameOf(host: string): string {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return (close > 0 ? host.slice(1, close) : host.slice(1)).toLowerCase();
  }
  const colon = host.indexOf(':');
  return (colon >= 0 ? host.slice(0, colon) : host).toLowerCase();
}

export function portOf(host: string): string {
  const close = host.lastIndexOf(']');
  const colon = host.lastIndexOf(':');
  return colon > close ? host.slice(colon + 1) : '';
}

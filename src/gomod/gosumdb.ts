// GOSUMDB, parsed like cmd/go/internal/modfetch/sumdb.go (dbDial) with x/mod/sumdb/note's
// NewVerifier: `off`, a known name, `name+hash+key`, optionally followed by a URL.
import { createHash } from 'node:crypto';
import { parseGoUrl, hostnameOf } from './go-url.ts';
import { redactUrls } from '../facts/redact.ts';

/** cmd/go/internal/modfetch/key.go */
export const KNOWN_GOSUMDB: Readonly<Record<string, string>> = {
  'sum.golang.org': 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
};
/** Aliases the go command rewrites before parsing. */
export const GOSUMDB_ALIASES: Readonly<Record<string, string>> = {
  'sum.golang.google.cn': 'sum.golang.org https://sum.golang.google.cn',
};
export const DEFAULT_GOSUMDB = 'sum.golang.org';

export interface GosumdbParseResult {
  kind: 'off' | 'db' | 'invalid';
  /** Database name (host[/path]), e.g. "sum.golang.org". */
  name: string | null;
  /** The full verifier key in use. */
  key: string | null;
  /** The name was on the go command's list of known keys (or an alias of one). */
  known: boolean;
  /** The value was an alias (sum.golang.google.cn). */
  alias: string | null;
  /** An explicit URL (redacted): the go command uses it as given, bypassing GOPROXY. */
  url: string | null;
  /** Host contacted directly when no proxy serves the database (https://<name>, or the URL's host). */
  directHost: string | null;
  /** The go command's error ("invalid GOSUMDB: malformed verifier id"), null when usable or off. */
  error: string | null;
}

/** note.NewVerifier's checks: 'ok' or the error text. */
export function checkVerifierKey(vkey: string): 'ok' | string {
  const plus = vkey.indexOf('+');
  const name = plus >= 0 ? vkey.slice(0, plus) : vkey;
  const rest = plus >= 0 ? vkey.slice(plus + 1) : '';
  const plus2 = rest.indexOf('+');
  const hash16 = plus2 >= 0 ? rest.slice(0, plus2) : rest;
  const key64 = plus2 >= 0 ? rest.slice(plus2 + 1) : '';
  const validName = name !== '' && !/[\s\u0085\u00a0+]/u.test(name) && !name.includes('\ufffd');
  const b64ok = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(key64.replace(/[\r\n]/g, ''));
  const key = b64ok ? Buffer.from(key64.replace(/[\r\n]/g, ''), 'base64') : Buffer.alloc(0);
  if (hash16.length !== 8 || !/^[0-9a-fA-F]{8}$/.test(hash16) || !b64ok || !validName || key.length === 0) return 'malformed verifier id';
  const sum = createHash('sha256').update(Buffer.from(name, 'utf8')).update('\n').update(key).digest();
  if (sum.readUInt32BE(0) !== parseInt(hash16, 16)) return 'invalid verifier hash';
  if (key[0] !== 1) return 'unknown verifier algorithm';
  if (key.length !== 33) return 'malformed verifier id';
  return 'ok';
}

/** Splits on Go's strings.Fields white space. */
function goFields(s: string): string[] {
  return s.split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u).filter((x) => x !== '');
}

/** Parses a GOSUMDB value (the effective one; an empty value means the go command's default). Never throws. */
export function parseGosumdb(value: string): GosumdbParseResult {
  const out: GosumdbParseResult = { kind: 'invalid', name: null, key: null, known: false, alias: null, url: null, directHost: null, error: null };
  let v = value;
  if (Object.hasOwn(GOSUMDB_ALIASES, v)) { out.alias = v; v = GOSUMDB_ALIASES[v]!; }
  if (v === 'off') return { ...out, kind: 'off' };
  const words = goFields(v);
  if (words.length >= 1 && Object.hasOwn(KNOWN_GOSUMDB, words[0]!)) { words[0] = KNOWN_GOSUMDB[words[0]!]!; out.known = true; }
  if (words.length === 0) return { ...out, error: 'missing GOSUMDB' };
  if (words.length > 2) return { ...out, error: 'invalid GOSUMDB: too many fields' };
  const vk = checkVerifierKey(words[0]!);
  if (vk !== 'ok') return { ...out, error: `invalid GOSUMDB: ${vk}` };
  const name = words[0]!.slice(0, words[0]!.indexOf('+'));
  const direct = parseGoUrl(`https://${name}`);
  if (!direct.ok || name.endsWith('/') || direct.url.host === '' || direct.url.userinfo !== null || direct.url.rawQuery || direct.url.forceQuery || direct.url.hasFragment || /%/.test(name)) {
    return { ...out, name: redactUrls(name), error: `invalid sumdb name (must be host[/path]): ${redactUrls(name)}` };
  }
  out.name = name;
  out.key = words[0]!;
  out.known = out.known || Object.values(KNOWN_GOSUMDB).includes(words[0]!);
  out.directHost = hostnameOf(direct.url.host);
  if (words.length === 2) {
    const u = parseGoUrl(words[1]!);
    if (!u.ok) return { ...out, url: redactUrls(words[1]!), error: `invalid GOSUMDB URL: ${redactUrls(u.error)}` };
    out.url = redactUrls(words[1]!);
    out.directHost = u.url.host ? hostnameOf(u.url.host) : null;
  }
  out.kind = 'db';
  return out;
}

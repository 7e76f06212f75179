// HTTP proxy selection as the go command does it (net/http.ProxyFromEnvironment, which is
// golang.org/x/net/http/httpproxy): HTTPS_PROXY / HTTP_PROXY / NO_PROXY, upper case first.
import { isIP } from 'node:net';
import { parseGoUrl, hostnameOf, goQuote } from './go-url.ts';
import { redactUrls } from '../facts/redact.ts';

export interface ProxyEnvConfig {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
  /** Which variable each value came from ("HTTPS_PROXY" or "https_proxy"), null when unset. */
  httpProxyVar: string | null;
  httpsProxyVar: string | null;
  noProxyVar: string | null;
  /** REQUEST_METHOD is set: HTTP_PROXY is refused for http:// URLs. */
  cgi: boolean;
}

function getEnvAny(env: Record<string, string | undefined>, names: string[]): [string, string | null] {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== '') return [v, n];
  }
  return ['', null];
}

/** httpproxy.FromEnvironment. */
export function proxyConfigFromEnv(env: Record<string, string | undefined>): ProxyEnvConfig {
  const [httpProxy, httpProxyVar] = getEnvAny(env, ['HTTP_PROXY', 'http_proxy']);
  const [httpsProxy, httpsProxyVar] = getEnvAny(env, ['HTTPS_PROXY', 'https_proxy']);
  const [noProxy, noProxyVar] = getEnvAny(env, ['NO_PROXY', 'no_proxy']);
  return { httpProxy, httpsProxy, noProxy, httpProxyVar, httpsProxyVar, noProxyVar, cgi: (env['REQUEST_METHOD'] ?? '') !== '' };
}

export interface ParsedProxyUrl {
  /** Redacted URL. */
  url: string;
  scheme: string;
  host: string;
  port: string;
  /** `http://` was added because the value had no scheme. */
  implicitScheme: boolean;
  hasUserinfo: boolean;
}

/** httpproxy's parseProxy: a value without a scheme (or host) is retried with http://. */
export function parseProxyValue(value: string): { ok: true; proxy: ParsedProxyUrl | null } | { ok: false; error: string } {
  if (value === '') return { ok: true, proxy: null };
  const first = parseGoUrl(value);
  let u = first.ok ? first.url : null;
  let implicit = false;
  if (!first.ok || u!.scheme === '' || u!.host === '') {
    const second = parseGoUrl(`http://${value}`);
    if (second.ok) { u = second.url; implicit = true; }
  }
  if (!u) return { ok: false, error: `invalid proxy address ${goQuote(redactUrls(value))}: ${redactUrls(first.ok ? '' : first.error)}` };
  const shown = implicit ? `http://${value}` : value;
  return { ok: true, proxy: { url: redactUrls(shown).replace(/^(?![a-z]+:\/\/)[^@/]*@/, '[REDACTED]@'), scheme: u.scheme, host: hostnameOf(u.host), port: portOrDefault(u.host, u.scheme), implicitScheme: implicit, hasUserinfo: u.userinfo !== null } };
}

function portOrDefault(host: string, scheme: string): string {
  const close = host.lastIndexOf(']');
  const colon = host.lastIndexOf(':');
  if (colon > close && colon < host.length - 1) return host.slice(colon + 1);
  return scheme === 'http' ? '80' : scheme === 'https' ? '443' : scheme === 'socks5' ? '1080' : '';
}

export type NoProxyMatcher =
  | { kind: 'all' }
  | { kind: 'cidr'; cidr: string; base: bigint; bits: number; v6: boolean }
  | { kind: 'ip'; ip: string; port: string }
  | { kind: 'domain'; host: string; port: string; matchHost: boolean };

export interface NoProxyRule {
  /** The entry as written. */
  raw: string;
  matcher: NoProxyMatcher | null;
  /** Why the entry is ignored (e.g. "[::1]:" with an empty host), or null. */
  ignored: string | null;
}

function ipToBig(ip: string): { v: bigint; v6: boolean } | null {
  const kind = isIP(ip);
  if (kind === 4) return { v: ip.split('.').reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n), v6: false };
  if (kind === 6) {
    let s = ip;
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
    if (v4) {
      const parts = v4[1]!.split('.').map(Number);
      s = s.slice(0, -v4[1]!.length) + `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
    }
    const [head, tail] = s.includes('::') ? s.split('::') as [string, string] : [s, null];
    const h = head ? head.split(':') : [];
    const t = tail === null ? [] : tail ? tail.split(':') : [];
    const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    return { v: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g || '0', 16)), 0n), v6: true };
  }
  return null;
}

/** IPv4-mapped IPv6 addresses compare as IPv4, as net.IP does. */
function normIp(ip: string): { v: bigint; v6: boolean } | null {
  const b = ipToBig(ip);
  if (b && b.v6 && (b.v >> 32n) === 0xffffn) return { v: b.v & 0xffffffffn, v6: false };
  return b;
}

function splitHostPort(s: string): { host: string; port: string } | null {
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0 || s[close + 1] !== ':') return null;
    return { host: s.slice(1, close), port: s.slice(close + 2) };
  }
  const i = s.lastIndexOf(':');
  if (i < 0 || s.indexOf(':') !== i) return null;
  return { host: s.slice(0, i), port: s.slice(i + 1) };
}

/** The matchers httpproxy's config.init builds from NO_PROXY. */
export function parseNoProxy(value: string): NoProxyRule[] {
  const rules: NoProxyRule[] = [];
  for (const part of value.split(',')) {
    const p = part.trim().toLowerCase();
    if (p === '') continue;
    if (p === '*') { rules.push({ raw: part, matcher: { kind: 'all' }, ignored: null }); return rules; }
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(p);
    if (cidr) {
      const b = ipToBig(cidr[1]!);
      const bits = Number(cidr[2]);
      if (b && bits <= (b.v6 ? 128 : 32)) {
        const width = b.v6 ? 128 : 32;
        const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - bits)) - 1n);
        rules.push({ raw: part, matcher: { kind: 'cidr', cidr: p, base: b.v & mask, bits, v6: b.v6 }, ignored: null });
        continue;
      }
    }
    let phost = p;
    let pport = '';
    const hp = splitHostPort(p);
    if (hp) {
      if (hp.host === '') { rules.push({ raw: part, matcher: null, ignored: 'empty host before the port' }); continue; }
      phost = hp.host.startsWith('[') && hp.host.endsWith(']') ? hp.host.slice(1, -1) : hp.host;
      pport = hp.port;
    }
    if (isIP(phost)) { rules.push({ raw: part, matcher: { kind: 'ip', ip: phost, port: pport }, ignored: null }); continue; }
    if (phost === '') continue;
    if (phost.startsWith('*.')) phost = phost.slice(1);
    let matchHost = false;
    if (!phost.startsWith('.')) { matchHost = true; phost = `.${phost}`; }
    rules.push({ raw: part, matcher: { kind: 'domain', host: phost, port: pport, matchHost }, ignored: null });
  }
  return rules;
}

/** httpproxy's useProxy: false when NO_PROXY (or localhost/loopback) exempts host:port. */
export function useProxy(host: string, port: string, rules: NoProxyRule[]): { use: boolean; rule: string | null } {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === '') return { use: true, rule: null };
  if (h === 'localhost') return { use: false, rule: 'localhost' };
  const ip = normIp(h);
  if (ip && (ip.v6 ? ip.v === 1n : (ip.v >> 24n) === 127n)) return { use: false, rule: 'loopback' };
  for (const r of rules) {
    const m = r.matcher;
    if (!m) continue;
    if (m.kind === 'all') return { use: false, rule: r.raw };
    if (ip) {
      if (m.kind === 'cidr' && ip.v6 === m.v6) {
        const width = m.v6 ? 128 : 32;
        const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - m.bits)) - 1n);
        if ((ip.v & mask) === m.base) return { use: false, rule: r.raw };
      }
      if (m.kind === 'ip') {
        const mi = normIp(m.ip);
        if (mi && mi.v === ip.v && mi.v6 === ip.v6 && (m.port === '' || m.port === port)) return { use: false, rule: r.raw };
      }
    }
  }
  for (const r of rules) {
    const m = r.matcher;
    if (!m || m.kind !== 'domain' || ip) continue;
    if (h.endsWith(m.host) || (m.matchHost && h === m.host.slice(1))) {
      if (m.port === '' || m.port === port) return { use: false, rule: r.raw };
    }
  }
  return { use: true, rule: null };
}

export interface ProxyDecision {
  /** The proxy URL used (redacted), or null for a direct connection. */
  proxy: string | null;
  /** Variable that supplied the proxy. */
  via: string | null;
  /** The NO_PROXY entry (or "localhost"/"loopback") that exempted the host. */
  exemptedBy: string | null;
  /** Set when the proxy variable could not be parsed (the go command then connects directly). */
  error: string | null;
}

/** Which proxy the go command uses for a request URL (http or https). */
export function proxyForUrl(requestUrl: string, cfg: ProxyEnvConfig): ProxyDecision {
  const u = parseGoUrl(requestUrl);
  if (!u.ok) return { proxy: null, via: null, exemptedBy: null, error: null };
  const scheme = u.url.scheme;
  const value = scheme === 'https' ? cfg.httpsProxy : scheme === 'http' ? cfg.httpProxy : '';
  const via = scheme === 'https' ? cfg.httpsProxyVar : scheme === 'http' ? cfg.httpProxyVar : null;
  if (value === '') return { proxy: null, via: null, exemptedBy: null, error: null };
  const parsed = parseProxyValue(value);
  if (!parsed.ok) return { proxy: null, via, exemptedBy: null, error: parsed.error };
  if (!parsed.proxy) return { proxy: null, via: null, exemptedBy: null, error: null };
  if (scheme === 'http' && cfg.cgi) return { proxy: null, via, exemptedBy: null, error: 'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy' };
  const host = hostnameOf(u.url.host);
  const port = portOrDefault(u.url.host, scheme);
  const d = useProxy(host, port, parseNoProxy(cfg.noProxy));
  if (!d.use) return { proxy: null, via, exemptedBy: d.rule, error: null };
  return { proxy: parsed.proxy.url, via, exemptedBy: null, error: null };
}

// The GOPROXY chain as the go command walks it (cmd/go/internal/modfetch/proxy.go proxyList and
// tryProxies). src/gomod/goproxy.ts parses the same value for diagnosis and redacts it; trace
// needs the real URLs (with any credentials, used only for requests to that very host), so it
// keeps its own split, written to the same rules, and never prints a URL without redactUrls.
import { matchPrefixPatterns } from '../gomod/patterns.ts';

export interface ChainEntry {
  kind: 'url' | 'direct' | 'off' | 'noproxy';
  /** Full URL for kind 'url' (may carry userinfo: never print it unredacted). */
  url: string;
  /** Fall through to the next entry on any error (`|`), not only on 404/410 (`,`). */
  fallBackOnError: boolean;
}

export class ChainError extends Error {}

export function splitChain(goproxy: string, gonoproxy: string): ChainEntry[] {
  const list: ChainEntry[] = [];
  if (gonoproxy !== '' && goproxy !== 'direct') list.push({ kind: 'noproxy', url: 'noproxy', fallBackOnError: false });
  let rest = goproxy;
  while (rest !== '') {
    let url: string;
    let fallBackOnError = false;
    const i = rest.search(/[,|]/);
    if (i >= 0) { url = rest.slice(0, i); fallBackOnError = rest[i] === '|'; rest = rest.slice(i + 1); } else { url = rest; rest = ''; }
    url = url.trim();
    if (url === '') continue;
    if (url === 'off') { list.push({ kind: 'off', url, fallBackOnError }); break; }
    if (url === 'direct') { list.push({ kind: 'direct', url, fallBackOnError }); break; }
    if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/')) url = 'https://' + url;
    if (!/^(https?|file):\/\//i.test(url)) throw new ChainError(`invalid proxy URL missing scheme: ${url.replace(/\/\/[^/@]*@/, '//[REDACTED]@')}`);
    list.push({ kind: 'url', url: url.replace(/\/+$/, ''), fallBackOnError });
  }
  if (goproxy !== '' && list.filter((e) => e.kind !== 'noproxy').length === 0) throw new ChainError('GOPROXY list is not the empty string, but contains no entries');
  return list;
}

/** Whether the go command would skip the proxies for this module (GONOPROXY, which defaults to GOPRIVATE). */
export function bypassesProxy(modulePath: string, gonoproxy: string): boolean {
  return gonoproxy !== '' && matchPrefixPatterns(gonoproxy, modulePath);
}

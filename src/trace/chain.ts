// The GOPROXY chain as the go command walks it (cmd/go/internal/modfetch/proxy.go proxyList and
// tryProxies), from the same parser doctor uses (src/gomod/goproxy.ts). Trace needs the real URLs
// (with any credentials, used only for requests to that very host), so it takes them from
// goproxyRequestEntries, and never prints a URL without redactUrls.
import { goproxyRequestEntries } from '../gomod/goproxy.ts';
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
  const r = goproxyRequestEntries(goproxy, { gonoproxy, os: process.platform === 'win32' ? 'windows' : 'linux' });
  if (r.error) throw new ChainError(r.error);
  return r.entries;
}

/** Whether the go command would skip the proxies for this module (GONOPROXY, which defaults to GOPRIVATE). */
export function bypassesProxy(modulePath: string, gonoproxy: string): boolean {
  return gonoproxy !== '' && matchPrefixPatterns(gonoproxy, modulePath);
}

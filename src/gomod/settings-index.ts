// The settings parsers of the formats library: GOPROXY, module path patterns, GOFLAGS, GOSUMDB,
// GOAUTH and the HTTP proxy variables, each reproducing the go command's own decisions and errors.
export { parseGoproxy, proxyUrlError, redactProxyText, formatGoproxy, networkEntries, goTrimSpace, DEFAULT_GOPROXY, EMPTY_LIST_ERROR } from './goproxy.ts';
export type { ProxyEntry, IgnoredProxyEntry, GoproxyParseResult, GoproxyParseOptions } from './goproxy.ts';
export { matchPrefixPatterns, matchingPattern, pathMatch, tryPathMatch, lintPatterns, splitPatterns, BadPatternError } from './patterns.ts';
export type { PatternIssue, PatternIssueKind, PatternLint } from './patterns.ts';
export { parseGoflags, quotedSplit, goFlagInfo, parseGoBool, parseGoInt, isGoDuration, GO_FLAGS } from './goflags.ts';
export type { GoFlagInfo, FlagKind, GoflagsProblem, GoflagsProblemKind, GoflagsToken, GoflagsParseResult, GoflagsParseOptions } from './goflags.ts';
export { parseGosumdb, checkVerifierKey, KNOWN_GOSUMDB, GOSUMDB_ALIASES, DEFAULT_GOSUMDB } from './gosumdb.ts';
export type { GosumdbParseResult } from './gosumdb.ts';
export { parseGoauth, DEFAULT_GOAUTH } from './goauth.ts';
export type { GoauthCommand, GoauthProblem, GoauthParseResult } from './goauth.ts';
export { proxyConfigFromEnv, parseProxyValue, parseNoProxy, useProxy, proxyForUrl } from './no-proxy.ts';
export type { ProxyEnvConfig, ParsedProxyUrl, NoProxyMatcher, NoProxyRule, ProxyDecision } from './no-proxy.ts';
export { parseGoUrl, hostnameOf, goQuote } from './go-url.ts';
export type { GoUrl, GoUrlResult } from './go-url.ts';

// What the network family reads from a snapshot: the effective module-download settings, parsed
// with the src/gomod settings parsers, and the public-host data they are judged against.
import type { FactsSnapshot, SettingFact } from '../../facts/types.ts';
import type { CheckContext, FindingInput, SourceRef } from '../../engine/types.ts';
import { parseGoproxy, type GoproxyParseResult } from '../../gomod/goproxy.ts';
import { matchPrefixPatterns } from '../../gomod/patterns.ts';
import { REDACTED, redactUrls } from '../../facts/redact.ts';
import hosts from '../../data/public-hosts.json' with { type: 'json' };
import { replaceSettingFix, settingSources, whereSet } from '../paths/setting-edits.ts';
import type { FixSpec } from '../../engine/types.ts';

export const PUBLIC_CODE_HOSTS: readonly string[] = hosts.codeHosts;
export const PUBLIC_PROXIES: readonly string[] = hosts.publicProxies;
export const DEAD_PROXIES: readonly { host: string; note: string }[] = hosts.deadProxies;

export { settingSources, whereSet };

/** The effective value the go command uses (go env), falling back to the resolved setting. */
export function effective(facts: FactsSnapshot, name: string): string {
  return facts.goEnv?.values[name] ?? facts.settings[name]?.value ?? '';
}

export function settingOf(facts: FactsSnapshot, name: string): SettingFact | undefined {
  return facts.settings[name];
}

/** Explicitly set by the user (environment or `go env -w` file). */
export function isUserSet(s: SettingFact | undefined): boolean {
  return !!s && (s.source === 'env' || s.source === 'env-file');
}

/**
 * Facts carry "https://[REDACTED]@host": brackets are not valid userinfo, so the parsers would see
 * a syntax error the user never wrote. A placeholder that parses keeps the shape (and the secret
 * stays out: the parsers redact userinfo again on the way out).
 */
export function unredacted(value: string): string {
  return value.split(`${REDACTED}@`).join('redacted:redacted@');
}

export function goproxyOf(facts: FactsSnapshot): GoproxyParseResult {
  const gonoproxy = effective(facts, 'GONOPROXY') || effective(facts, 'GOPRIVATE');
  return parseGoproxy(unredacted(effective(facts, 'GOPROXY')), { os: facts.platform.os, gonoproxy });
}

export function sourcesOf(facts: FactsSnapshot, name: string): SourceRef[] {
  const s = facts.settings[name];
  if (s) return settingSources(facts, s);
  return [{ kind: 'go-command', description: `go env ${name}` }];
}

export function whereOf(facts: FactsSnapshot, name: string): string {
  const s = facts.settings[name];
  return s ? whereSet(facts, s) : 'go env';
}

/** A host (module path's first element) is a well-known public code host. */
export function isPublicHost(host: string): boolean {
  const h = host.toLowerCase();
  return PUBLIC_CODE_HOSTS.some((p) => h === p || h.endsWith(`.${p}`));
}

export function isPublicProxyHost(host: string | null): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return PUBLIC_PROXIES.some((p) => h === p || h.endsWith(`.${p}`));
}

/**
 * GONOPROXY / GONOSUMDB as the user set them: `go env` prints GOPRIVATE's value for them when they
 * are unset, which must not be mistaken for a setting of their own.
 */
export function ownValue(facts: FactsSnapshot, name: 'GONOPROXY' | 'GONOSUMDB'): string {
  const v = effective(facts, name);
  if (!isUserSet(facts.settings[name]) && v === effective(facts, 'GOPRIVATE')) return '';
  return v;
}

/** Effective GONOPROXY / GONOSUMDB: they default to GOPRIVATE only when empty. */
export function effectiveNoProxy(facts: FactsSnapshot): string {
  return effective(facts, 'GONOPROXY') || effective(facts, 'GOPRIVATE');
}
export function effectiveNoSumdb(facts: FactsSnapshot): string {
  return effective(facts, 'GONOSUMDB') || effective(facts, 'GOPRIVATE');
}

export function coveredBy(patterns: string, modulePath: string): boolean {
  return matchPrefixPatterns(patterns, modulePath);
}

export function goVersionOf(facts: FactsSnapshot): string | null {
  return facts.goEnv?.values['GOVERSION'] || facts.goBinaries.find((b) => b.executable)?.version || null;
}

/** go1.X minor, or null. */
export function goMinor(facts: FactsSnapshot): number | null {
  const m = /^go1\.(\d+)/.exec(goVersionOf(facts) ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * Userinfo in any URL-like word, with or without a scheme ("user:pw@host" is a valid GOPROXY
 * entry). Over-redacts e-mail-like words, which is the safe side for findings.
 */
export function redactCredentials(text: string): string {
  return redactUrls(text).replace(/(^|[\s=(,|"'])([^\s/@,|="'()[\]]+)@(?=[A-Za-z0-9[])/g, `$1${REDACTED}@`);
}

function redactDeep(v: unknown): unknown {
  if (typeof v === 'string') return redactCredentials(v);
  if (Array.isArray(v)) return v.map(redactDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x)]));
  return v;
}

/**
 * A context whose findings are redacted once more before they leave the check: facts are
 * redacted where they are gathered, but a secret the gatherers miss must still not reach a report.
 */
export function redactingContext(ctx: CheckContext): CheckContext {
  return {
    report(f: FindingInput) {
      const out: FindingInput = { ...f, message: redactCredentials(f.message) };
      if (f.found !== undefined) out.found = redactCredentials(f.found);
      if (f.expected !== undefined) out.expected = redactCredentials(f.expected);
      if (f.hint !== undefined) out.hint = redactCredentials(f.hint);
      if (f.source !== undefined) out.source = redactDeep(f.source) as FindingInput['source'];
      if (f.data !== undefined) out.data = redactDeep(f.data) as Record<string, unknown>;
      if (f.fix !== undefined) out.fix = redactDeep(f.fix) as FindingInput['fix'];
      ctx.report(out);
    },
  };
}

/**
 * Sets a variable to a new value where it comes from: the shell line or environment for an
 * environment value; otherwise `go env -w`, which also overrides $GOROOT/go.env and defaults.
 */
export function setSettingFix(facts: FactsSnapshot, name: string, value: string, reason: string, safe = false): FixSpec {
  const s = facts.settings[name];
  if (s && (s.source === 'env' || s.source === 'env-file')) return replaceSettingFix(facts, s, value, { reason, safe });
  return { description: `Set ${name}=${value} with \`go env -w\`.`, safe, commands: [{ argv: ['go', 'env', '-w', `${name}=${value}`], description: `set ${name}=${value}` }] };
}

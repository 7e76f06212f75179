import { defineCheck } from '../../engine/define.ts';
import type { ProxyEntry } from '../../gomod/goproxy.ts';
import { DEFAULT_GOPROXY, formatGoproxy } from '../../gomod/goproxy.ts';
import { effective, goproxyOf, isPublicProxyHost, sourcesOf, whereOf, redactingContext } from './network-settings.ts';

function describe(e: ProxyEntry): string {
  if (e.kind === 'noproxy') return 'modules matching GONOPROXY/GOPRIVATE are fetched directly from version control';
  if (e.kind === 'direct') return 'direct: clone from version control';
  if (e.kind === 'off') return 'off: fail';
  return e.url;
}

function explain(entries: ProxyEntry[]): string {
  const real = entries.filter((e) => e.kind !== 'noproxy');
  const parts: string[] = [];
  real.forEach((e, i) => {
    const next = real[i + 1];
    parts.push(`${i + 1}. ${describe(e)}`);
    if (next && e.kind === 'url') parts.push(e.fallBackOnError ? '   "|": on any error (timeout, 5xx, TLS), try the next' : '   ",": only on 404/410 (not found), try the next; other errors stop');
  });
  return parts.join('\n');
}

export default defineCheck({
  id: 'GT304',
  name: 'goproxy-chain',
  family: 'network',
  severity: 'info',
  summary: 'explains a non-default GOPROXY chain and its "," / "|" semantics; warns when a private proxy falls through to a public one on errors, or when "," makes a public mirror chain fail on the first 5xx',
  fixable: false,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const value = effective(facts, 'GOPROXY');
    const gp = goproxyOf(facts);
    if (gp.error) return;
    const real = gp.entries.filter((e) => e.kind !== 'noproxy');
    const urls = real.filter((e) => e.kind === 'url');
    if (value === DEFAULT_GOPROXY || value === '' || urls.length === 0) return;
    const source = sourcesOf(facts, 'GOPROXY');
    const where = whereOf(facts, 'GOPROXY');
    let warned = false;
    for (let i = 0; i < real.length - 1; i++) {
      const a = real[i]!;
      const b = real[i + 1]!;
      if (a.kind !== 'url') continue;
      const aPublic = isPublicProxyHost(a.host) || a.scheme === 'file';
      const bPublic = b.kind === 'url' && isPublicProxyHost(b.host);
      if (!aPublic && a.fallBackOnError && (bPublic || b.kind === 'direct')) {
        warned = true;
        ctx.report({
          severity: 'warning',
          message: `GOPROXY (set in ${where}) follows the private proxy ${a.url} with "|" and ${b.kind === 'direct' ? '"direct"' : b.url}: on any error at ${a.host ?? a.url} — a timeout, a 5xx, a TLS failure — requests for your private module paths go ${b.kind === 'direct' ? 'straight to version control hosts' : `to the public proxy ${b.host}`}.`,
          found: `GOPROXY=${gp.value}`,
          expected: `"," after a private proxy (fall through only on 404/410), and private paths listed in GOPRIVATE`,
          source,
          hint: `Use "," after ${a.url} so that an outage fails closed, and list private module paths in GOPRIVATE so they never reach a public proxy or the checksum database.`,
          data: { from: a.url, to: b.url, separator: '|' },
        });
      } else if (aPublic && !a.fallBackOnError && bPublic) {
        warned = true;
        ctx.report({
          severity: 'warning',
          message: `GOPROXY (set in ${where}) chains the public mirrors ${a.url} and ${b.url} with ",": the second is asked only when the first answers 404/410; a timeout or 5xx from ${a.host} stops the download instead of failing over.`,
          found: `GOPROXY=${gp.value}`,
          expected: `${a.url}|${b.url}... to fail over on errors`,
          source,
          hint: `If the second mirror is a fallback for outages, join them with "|" (\`go env -w GOPROXY=${formatGoproxy(real.map((e) => (e === a ? { ...e, separator: '|' as const } : e)))}\`).`,
          data: { from: a.url, to: b.url, separator: ',' },
        });
      }
    }
    if (warned) return;
    ctx.report({
      message: `GOPROXY (set in ${where}) is "${gp.value}". The go command tries, in order:\n${explain(gp.entries)}`,
      found: `GOPROXY=${gp.value}`,
      expected: 'a chain that does what you mean',
      source,
      hint: '"," falls through only on 404/410, "|" on any error; "direct" and "off" end the list. Check that the order and separators match your intent.',
      data: { entries: real.map((e) => ({ url: e.url, kind: e.kind, fallBackOnError: e.fallBackOnError })) },
    });
  },
});

import { defineCheck } from '../../engine/define.ts';
import type { SourceRef } from '../../engine/types.ts';
import { parseGosumdb } from '../../gomod/gosumdb.ts';
import { parseNoProxy, parseProxyValue, proxyConfigFromEnv, proxyForUrl } from '../../gomod/no-proxy.ts';
import { effective, goproxyOf, unredacted, redactingContext } from './network-settings.ts';

const PAIRS = [['HTTPS_PROXY', 'https_proxy'], ['HTTP_PROXY', 'http_proxy'], ['NO_PROXY', 'no_proxy']] as const;

export default defineCheck({
  id: 'GT311',
  name: 'http-proxy',
  family: 'network',
  severity: 'info',
  summary: 'which GOPROXY hosts and checksum database go through HTTPS_PROXY / HTTP_PROXY and which NO_PROXY exempts; malformed or conflicting proxy variables',
  fixable: false,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(facts.env)) env[k] = unredacted(v);
    const cfg = proxyConfigFromEnv(env);
    if (!cfg.httpProxy && !cfg.httpsProxy && !cfg.noProxy) return;
    const src = (name: string | null): SourceRef => ({ kind: 'env', description: `process environment (${name ?? 'proxy variables'})` });

    for (const [upper, lower] of PAIRS) {
      const u = facts.env[upper];
      const l = facts.env[lower];
      if (u && l && u !== l) {
        ctx.report({
          severity: 'warning',
          message: `${upper} and ${lower} are both set, to different values; the go command uses ${upper} ("${u}"), while curl, git and other tools may use ${lower} ("${l}").`,
          found: `${upper}=${u}, ${lower}=${l}`,
          expected: 'one value, or both set to the same value',
          source: [src(upper), src(lower)],
          hint: `Set both to the same value (or unset one), so that the go command and git (used for direct fetches) take the same route.`,
        });
      }
    }
    for (const [name, value] of [[cfg.httpsProxyVar, cfg.httpsProxy], [cfg.httpProxyVar, cfg.httpProxy]] as const) {
      if (!name || !value) continue;
      const p = parseProxyValue(value);
      if (!p.ok) {
        ctx.report({
          severity: 'warning',
          message: `${name} cannot be parsed (${p.error}); the go command silently ignores it and connects directly.`,
          found: `${name}=${facts.env[name] ?? ''}`,
          expected: 'http://host:port (or https://, socks5://)',
          source: src(name),
          hint: `Fix ${name}: a URL like http://proxy.corp.example:3128.`,
        });
      }
    }
    for (const r of parseNoProxy(cfg.noProxy)) {
      const raw = r.raw.trim();
      const bad = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? 'a URL scheme' : /\//.test(raw) && !(r.matcher?.kind === 'cidr') ? 'a path (or an invalid CIDR block)' : /\*/.test(raw.replace(/^\*\./, '').replace(/^\*$/, '')) ? 'a "*" that is not a leading "*."' : r.ignored;
      if (!bad) continue;
      ctx.report({
        severity: 'warning',
        message: `${cfg.noProxyVar} entry "${raw}" contains ${bad}; the go command's NO_PROXY matching never matches it.`,
        found: `${cfg.noProxyVar}=${cfg.noProxy}`,
        expected: 'host names (corp.example matches itself and subdomains; .corp.example subdomains only), IPs, CIDR blocks, or *',
        source: src(cfg.noProxyVar),
        hint: `Write the entry as a bare host name or CIDR block (e.g. "${raw.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').replace(/\*(?!\.)/g, '') || 'corp.example'}").`,
      });
    }

    const gp = goproxyOf(facts);
    const targets: { label: string; url: string }[] = [];
    if (!gp.error) for (const e of gp.entries) if (e.kind === 'url' && e.scheme !== 'file') targets.push({ label: 'GOPROXY', url: e.url.replace('[REDACTED]@', '') });
    const sdb = parseGosumdb(unredacted(effective(facts, 'GOSUMDB')));
    if (sdb.kind === 'db' && sdb.directHost) targets.push({ label: 'GOSUMDB', url: sdb.url ?? `https://${sdb.name}` });
    if (!targets.length) return;
    const rows = targets.map((t) => {
      const d = proxyForUrl(t.url, cfg);
      const how = d.proxy ? `via ${d.proxy} (${d.via})` : d.exemptedBy ? `direct (NO_PROXY entry "${d.exemptedBy}")` : d.error ? `direct (${d.via}: ${d.error})` : `direct (no ${t.url.startsWith('https:') ? 'HTTPS_PROXY' : 'HTTP_PROXY'} set)`;
      return { ...t, how, proxied: !!d.proxy };
    });
    const httpsTargetsDirect = rows.filter((r) => r.url.startsWith('https:') && !r.proxied && !cfg.httpsProxy && cfg.httpProxy);
    ctx.report({
      severity: httpsTargetsDirect.length ? 'warning' : 'info',
      message: `HTTP proxy routing for the go command's module traffic:\n${rows.map((r) => `- ${r.label} ${r.url}: ${r.how}`).join('\n')}${httpsTargetsDirect.length ? `\nHTTP_PROXY is set but HTTPS_PROXY is not: https:// requests (${httpsTargetsDirect.map((r) => r.url).join(', ')}) do not use the proxy.` : ''}`,
      found: [cfg.httpsProxyVar ? `${cfg.httpsProxyVar}=${facts.env[cfg.httpsProxyVar] ?? ''}` : '', cfg.httpProxyVar ? `${cfg.httpProxyVar}=${facts.env[cfg.httpProxyVar] ?? ''}` : '', cfg.noProxyVar ? `${cfg.noProxyVar}=${cfg.noProxy}` : ''].filter(Boolean).join(', '),
      expected: 'each endpoint routed the way your network requires',
      source: [cfg.httpsProxyVar, cfg.httpProxyVar, cfg.noProxyVar].filter((x): x is string => !!x).map(src),
      hint: httpsTargetsDirect.length
        ? 'Set HTTPS_PROXY as well (module proxies and the checksum database are https://), usually to the same value as HTTP_PROXY.'
        : 'The go command reads HTTPS_PROXY for https:// URLs and HTTP_PROXY for http:// ones (upper case first), and skips hosts matching NO_PROXY. git, used for direct fetches, reads the same variables.',
      data: { routes: rows.map((r) => ({ label: r.label, url: r.url, proxied: r.proxied })) },
    });
  },
});

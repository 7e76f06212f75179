import { defineCheck } from '../../engine/define.ts';
import type { FixSpec } from '../../engine/types.ts';
import type { FactsSnapshot } from '../../facts/types.ts';
import { replaceSettingFix } from '../paths/setting-edits.ts';
import { coveredBy, effective, effectiveNoProxy, effectiveNoSumdb, goproxyOf, isPublicHost, ownValue, sourcesOf, unredacted, redactingContext } from './network-settings.ts';
import { parseGosumdb } from '../../gomod/gosumdb.ts';

/** Names that are never fetched over the network (RFC 2606/6761 reserved names, no dot). */
function isReservedOrLocal(host: string): boolean {
  const h = host.toLowerCase();
  if (!h.includes('.')) return true;
  return /^(example\.(com|org|net))$/.test(h) || /\.(example|test|invalid|localhost|local)$/.test(h) || /(^|\.)example\.(com|org|net)$/.test(h);
}

const isLocalPath = (p: string) => p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p === '.' || p === '..';

interface Candidate { path: string; host: string; why: string; line: number | null }

function candidates(facts: FactsSnapshot): Candidate[] {
  const out: Candidate[] = [];
  const files = [facts.project.goMod, facts.project.goWork].filter((f): f is NonNullable<typeof f> => !!f);
  for (const f of files) {
    const isWork = f === facts.project.goWork;
    if (f.module && !isWork) out.push({ path: f.module, host: f.module.split('/')[0]!, why: `the main module (${f.path})`, line: null });
    if (!isWork) for (const r of f.requires) out.push({ path: r.path, host: r.path.split('/')[0]!, why: `required in ${f.path}:${r.line}`, line: r.line });
    for (const r of f.replaces) {
      if (!isLocalPath(r.newPath) && r.newPath) out.push({ path: r.newPath, host: r.newPath.split('/')[0]!, why: `replace target in ${f.path}:${r.line}`, line: r.line });
    }
  }
  return out.filter((c) => c.host && !isReservedOrLocal(c.host) && !isPublicHost(c.host));
}

export default defineCheck({
  id: 'GT308',
  name: 'private-not-excluded',
  family: 'network',
  severity: 'warning',
  summary: 'module paths of the project (main module, requirements, replace targets) on non-public hosts are not covered by GOPRIVATE / GONOPROXY / GONOSUMDB',
  fixable: true,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const gp = goproxyOf(facts);
    const proxied = !gp.error && gp.entries.some((e) => e.kind === 'url');
    const sdb = parseGosumdb(unredacted(effective(facts, 'GOSUMDB')));
    const checksummed = sdb.kind === 'db';
    if (!proxied && !checksummed) return; // nothing is sent to a shared service
    const noProxy = effectiveNoProxy(facts);
    const noSumdb = effectiveNoSumdb(facts);
    const byHost = new Map<string, { cands: Candidate[]; leaksProxy: boolean; leaksSumdb: boolean }>();
    for (const c of candidates(facts)) {
      const leaksProxy = proxied && !coveredBy(noProxy, c.path);
      const leaksSumdb = checksummed && !coveredBy(noSumdb, c.path);
      if (!leaksProxy && !leaksSumdb) continue;
      const h = byHost.get(c.host) ?? { cands: [], leaksProxy: false, leaksSumdb: false };
      h.cands.push(c);
      h.leaksProxy ||= leaksProxy;
      h.leaksSumdb ||= leaksSumdb;
      byHost.set(c.host, h);
    }
    if (!byHost.size) return;
    const current = effective(facts, 'GOPRIVATE');
    const add = [...byHost.keys()];
    const proposed = [...current.split(',').filter((p) => p !== ''), ...add].join(',');
    const onlyMain = [...byHost.values()].every((h) => h.cands.every((c) => c.line === null));
    const s = facts.settings['GOPRIVATE'];
    let fix: FixSpec;
    if (s && s.source === 'env') fix = replaceSettingFix(facts, s, proposed, { reason: 'GOPRIVATE did not cover the project\'s private modules', safe: false });
    else fix = {
      description: `Add ${add.join(', ')} to GOPRIVATE: \`go env -w GOPRIVATE=${proposed}\`.`,
      safe: false,
      commands: [{ argv: ['go', 'env', '-w', `GOPRIVATE=${proposed}`], description: `set GOPRIVATE=${proposed}` }],
    };
    const lines: string[] = [];
    for (const [host, h] of byHost) {
      const where = [h.leaksProxy ? 'the module proxy' : '', h.leaksSumdb ? 'the checksum database' : ''].filter(Boolean).join(' and ');
      lines.push(`${host}: ${h.cands.slice(0, 3).map((c) => `${c.path} (${c.why})`).join('; ')}${h.cands.length > 3 ? `; and ${h.cands.length - 3} more` : ''} — asked of ${where}`);
    }
    // Bypasses: GONOPROXY/GONOSUMDB set on their own replace GOPRIVATE for their part.
    const ownNoProxy = ownValue(facts, 'GONOPROXY');
    const ownNoSumdb = ownValue(facts, 'GONOSUMDB');
    const shadow = [ownNoProxy ? 'GONOPROXY' : '', ownNoSumdb ? 'GONOSUMDB' : ''].filter(Boolean);
    ctx.report({
      severity: onlyMain ? 'info' : 'warning',
      message: `${onlyMain ? 'The main module looks private' : 'The project depends on modules that look private'} but ${byHost.size === 1 ? 'its host is' : 'their hosts are'} not in GOPRIVATE${shadow.length ? ` (nor in ${shadow.join('/')}, which are set on their own and replace GOPRIVATE for their part)` : ''}:\n${lines.join('\n')}\nThe paths leak to public services, and each fetch waits for their 404/410 answers before falling back (a private module then fails with "reading https://sum.golang.org/lookup/...: 404 Not Found" or "410 Gone").`,
      found: `GOPRIVATE=${current}`,
      expected: `GOPRIVATE=${proposed}`,
      source: sourcesOf(facts, 'GOPRIVATE'),
      hint: `Add the private hosts to GOPRIVATE (\`go env -w GOPRIVATE=${proposed}\`); narrow to an organisation (host/org/*) if the host also serves public modules.${shadow.length ? ` Add them to ${shadow.join(' and ')} too, or unset ${shadow.length === 1 ? 'it' : 'them'}.` : ''}`,
      fix,
      data: { hosts: add, proposed, leaks: Object.fromEntries([...byHost].map(([h, v]) => [h, { proxy: v.leaksProxy, sumdb: v.leaksSumdb, modules: v.cands.map((c) => c.path) }])) },
    });
  },
});

// `gotune cache verify --online`: each module version in the cache checked against the checksum
// database the go command would use — the signed tree head verified with the configured key, the
// record's inclusion proved from tiles, and the cache's `.ziphash` and go.mod hash compared with
// the record (the same client `gotune trace` replays).
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { escapePath, escapeVersion } from '../gomod/module.ts';
import { hashGoMod } from '../gomod/dirhash.ts';
import { redactUrls } from '../facts/redact.ts';
import { splitChain } from '../trace/chain.ts';
import { timedFetch } from '../trace/http-timing.ts';
import { SumdbClient, judgeAgainstRecord, type SumdbFetch } from '../trace/sumdb-client.ts';
import type { TraceSettings } from '../trace/replay.ts';
import { versionPaths, parseZiphash } from './layout.ts';
import type { VerifyReport } from './verify.ts';

export interface OnlineSummary { verified: number; mismatched: number; failed: number; skipped: number }

export async function checkWithSumdb(report: VerifyReport, root: string, settings: TraceSettings, opts: { concurrency?: number } = {}): Promise<OnlineSummary> {
  const client = new SumdbClient({ gosumdb: settings.gosumdb, gonosumdb: settings.gonosumdb, chain: splitChain(settings.goproxy, settings.gonoproxy), ...(settings.gosumdbUrl ? { gosumdbUrl: settings.gosumdbUrl } : {}) });
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const secureContext = settings.ca ? tls.createSecureContext({ ca: settings.ca }) : undefined;
  const fetch: SumdbFetch = async (_op, url) => {
    const u = new URL(url);
    const auth = settings.credentials(u.host);
    u.username = '';
    u.password = '';
    const r = await timedFetch(u.toString(), {
      keepBody: true, maxBytes: 8 << 20, agent: u.protocol === 'https:' ? agents.https : agents.http,
      ...(secureContext ? { secureContext } : {}), ...(auth ? { headers: { Authorization: auth } } : {}), proxyFor: settings.httpProxyFor,
    });
    return { body: r.final.body, status: r.final.status, error: r.final.error ? redactUrls(r.final.error.message) : null, settle: () => {} };
  };
  const summary: OnlineSummary = { verified: 0, mismatched: 0, failed: 0, skipped: 0 };
  const todo = report.modules.filter((m) => m.status !== 'missing' && m.status !== 'error');
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const m = todo[next++]!;
      const p = versionPaths(root, escapePath(m.path), escapeVersion(m.version));
      let zip: string | null = null;
      let mod: string | null = null;
      try { zip = parseZiphash(readFileSync(p.ziphash)); } catch { /* no zip downloaded: go.mod only */ }
      try { mod = hashGoMod(readFileSync(p.mod)); } catch { /* reported by the offline pass */ }
      const look = await client.lookup(m.path, m.version, fetch);
      if (look.kind === 'skipped') { summary.skipped++; m.details.push(`checksum database not consulted: ${look.reason}`); continue; }
      if (look.kind === 'failed') { summary.failed++; m.status = 'error'; m.details.push(`checksum database: ${look.reason}`); continue; }
      const j = judgeAgainstRecord(look, m.path, m.version, { zip, mod });
      m.details.push(`checksum database: ${j.reason}`);
      if (j.ok) summary.verified++;
      else { summary.mismatched++; m.status = 'zip-mismatch'; }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 8, todo.length)) }, worker));
  } finally {
    agents.http.destroy();
    agents.https.destroy();
  }
  const counts: Record<string, number> = { ok: 0, 'zip-mismatch': 0, 'tree-mismatch': 0, missing: 0, incomplete: 0, error: 0 };
  for (const m of report.modules) counts[m.status] = (counts[m.status] ?? 0) + 1;
  Object.assign(report.summary, counts);
  return summary;
}

// Replays what `go mod download M@V` asks the GOPROXY chain for, in the go command's order
// (observed against the real go command in test/integration/trace-agreement.test.ts):
//   M@vX.Y.Z  → .info, .mod, .zip
//   M@latest  → @v/list, then .info of the chosen version (or @latest when the list is empty), .mod, .zip
// Each operation walks the chain from its first entry: `,` falls through on 404/410 only, `|` on
// any error; `direct` means version control; `off` stops with the go command's error.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { cpus } from 'node:os';
import { escapePath, escapeVersion } from '../gomod/module.ts';
import { compare, isValid, prerelease } from '../gomod/semver.ts';
import { parseGoMod } from '../gomod/modfile.ts';
import { hashGoMod } from '../gomod/dirhash.ts';
import { redactUrls } from '../facts/redact.ts';
import { splitChain, bypassesProxy, type ChainEntry } from './chain.ts';
import { timedFetch, type TimedResponse, type TimedRequestOptions, type PhaseTimeouts, type RedirectHop } from './http-timing.ts';
import { hashZipBytes } from './zip-hash.ts';
import { SumdbClient, judgeAgainstRecord, type SumdbFetch } from './sumdb-client.ts';
import { credentialHeaders, retryHeaders, withoutUserinfo, type AuthSource } from './goauth-runner.ts';

export type Op = 'list' | 'latest' | 'info' | 'mod' | 'zip';
export type RequestOp = Op | 'sumdb-supported' | 'sumdb-lookup' | 'sumdb-tile' | 'sumdb-latest';

export interface TraceSettings {
  goproxy: string;
  gonoproxy: string;
  gonosumdb: string;
  gosumdb: string;
  /** Authorization header per host (from .netrc); never printed. Used over https when `auth` is absent. */
  credentials: (host: string) => string | null;
  /** GOAUTH as the go command runs it: credentials for https requests, and again after a 4xx. */
  auth?: AuthSource;
  /** HTTP proxy decision per URL (HTTPS_PROXY / NO_PROXY). */
  httpProxyFor: (url: URL) => string | null;
  ca?: string | Buffer | (string | Buffer)[];
  /** Overrides the checksum database URL (tests); otherwise from GOSUMDB or https://<name>. */
  gosumdbUrl?: string;
  /** GOVERSION of the go command being replayed (decides version-dependent behaviour); null = current. */
  goVersion?: string | null;
}

export interface RequestRecord extends Omit<TimedResponse, 'body' | 'headers'> {
  op: RequestOp;
  module: string;
  version: string | null;
  /** Index of the chain entry that served (or failed) this request. */
  entry: number;
  /** Redacted base URL of the chain entry. */
  proxy: string;
  host: string;
  /** 'ok', 'fallthrough' (next entry tried), 'retried' (the same URL asked again) or 'failed' (walk stopped here). */
  outcome: 'ok' | 'fallthrough' | 'retried' | 'failed';
  reason: string | null;
  /** Redirect hops before the final response (each timed on its own). */
  redirects: Omit<RedirectHop, 'body' | 'headers'>[];
  /** Start offset from the beginning of the trace, ms. */
  startMs: number;
}

export interface ModuleTrace {
  path: string;
  query: string;
  version: string | null;
  requests: RequestRecord[];
  /** The go command would fetch this module from version control. */
  direct: { reason: string } | null;
  error: string | null;
  zipHash: string | null;
  modHash: string | null;
  /** The checksum database's verdict; null when the go command would not consult it (reason in sumdbSkipped). */
  sumdb: { verified: boolean; reason: string; recordId?: number; treeSize?: number } | null;
  sumdbSkipped: string | null;
  /** With --vcs, for modules that come from version control: the repository and `git ls-remote`'s time. */
  vcs?: { repo: string | null; via: string | null; lookupMs: number; lsRemoteMs: number | null; refs: number; error: string | null };
  startMs: number;
  endMs: number;
}

export interface ReplayOptions {
  serial?: boolean;
  concurrency?: number;
  family?: 4 | 6;
  timeouts?: Partial<PhaseTimeouts>;
  /** Body bounds per operation (Go: .info/.mod are small; zips at most 500 MiB). */
  maxBytes?: Partial<Record<Op, number>>;
}

const DEFAULT_MAX: Record<Op, number> = { list: 16 << 20, latest: 1 << 20, info: 1 << 20, mod: 16 << 20, zip: 500 << 20 };

export class Replayer {
  private readonly chain: ChainEntry[];
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  private readonly t0 = performance.now();
  private readonly secureContext: tls.SecureContext | undefined;
  private readonly sumdb: SumdbClient;
  private readonly retries4xx: boolean;

  constructor(private readonly settings: TraceSettings, private readonly opts: ReplayOptions = {}) {
    this.chain = splitChain(settings.goproxy, settings.gonoproxy);
    this.sumdb = new SumdbClient({ gosumdb: settings.gosumdb, gonosumdb: settings.gonosumdb, chain: this.chain, ...(settings.gosumdbUrl ? { gosumdbUrl: settings.gosumdbUrl } : {}) });
    this.secureContext = settings.ca ? tls.createSecureContext({ ca: settings.ca }) : undefined;
    this.retries4xx = goAtLeast(settings.goVersion ?? null, 24);
  }

  now(): number {
    return performance.now() - this.t0;
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Replays `go mod download` for each MODULE@QUERY, with the go command's parallelism unless serial. */
  async traceAll(targets: { path: string; query: string }[]): Promise<ModuleTrace[]> {
    const limit = this.opts.serial ? 1 : Math.max(1, this.opts.concurrency ?? cpus().length);
    const out: ModuleTrace[] = new Array(targets.length);
    let next = 0;
    const worker = async () => {
      while (next < targets.length) {
        const i = next++;
        out[i] = await this.traceModule(targets[i]!.path, targets[i]!.query);
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, targets.length) }, worker));
    return out;
  }

  async traceModule(path: string, query: string): Promise<ModuleTrace> {
    const mt: ModuleTrace = { path, query, version: null, requests: [], direct: null, error: null, zipHash: null, modHash: null, sumdb: null, sumdbSkipped: null, startMs: this.now(), endMs: 0 };
    try {
      let version: string | null = isValid(query) ? query : null;
      if (!version) {
        if (query !== 'latest') throw new Error(`${path}@${query}: only versions and "latest" are replayed`);
        const list = await this.walk(mt, 'list', null);
        if (!list) return mt;
        const versions = list.toString('utf8').split('\n').map((s) => s.trim()).filter((v) => isValid(v));
        version = pickLatest(versions);
        if (!version) {
          const latest = await this.walk(mt, 'latest', null);
          if (!latest) return mt;
          version = parseInfo(latest, `${path}/@latest`).Version;
        }
      }
      const info = await this.walk(mt, 'info', version);
      if (!info) return mt;
      mt.version = parseInfo(info, `${path}@${version}.info`).Version;
      const mod = await this.walk(mt, 'mod', mt.version);
      if (!mod) return mt;
      try { parseGoMod(mod.toString('utf8'), `${path}@${mt.version}/go.mod`); } catch (e) { throw new Error(`invalid go.mod from proxy: ${(e as Error).message}`); }
      mt.modHash = hashGoMod(mod);
      // The go command verifies go.mod against the checksum database before it downloads the zip.
      const look = await this.sumdb.lookup(path, mt.version, this.sumdbFetch(mt));
      const recordInfo = look.kind === 'verified' ? { recordId: look.id, treeSize: look.treeSize } : {};
      if (look.kind === 'skipped') mt.sumdbSkipped = look.reason;
      else if (look.kind === 'failed') mt.sumdb = { verified: false, reason: look.reason };
      else {
        const j = judgeAgainstRecord(look, path, mt.version, { mod: mt.modHash, zip: null });
        if (!j.ok) mt.sumdb = { verified: false, reason: j.reason, ...recordInfo };
      }
      if (mt.sumdb && !mt.sumdb.verified) {
        // The go command stops here: an unverifiable go.mod is never followed by the zip.
        mt.error = `verifying ${path}@${mt.version}/go.mod: ${mt.sumdb.reason}`;
        return mt;
      }
      const zip = await this.walk(mt, 'zip', mt.version);
      if (!zip) return mt;
      mt.zipHash = await hashZipBytes(zip, path, mt.version);
      if (look.kind === 'verified') {
        const j = judgeAgainstRecord(look, path, mt.version, { mod: mt.modHash, zip: mt.zipHash });
        mt.sumdb = { verified: j.ok, reason: j.reason, ...recordInfo };
        if (!j.ok) mt.error = `verifying ${path}@${mt.version}: ${j.reason}`;
      }
    } catch (e) {
      mt.error = redactUrls((e as Error).message);
    } finally {
      mt.endMs = this.now();
    }
    return mt;
  }

  /** Requests of the checksum-database client, timed and recorded on the module's trace. */
  private sumdbFetch(mt: ModuleTrace): SumdbFetch {
    return async (op, url, entry, idx) => {
      const { res, record } = await this.request(mt, op, op === 'sumdb-supported' ? null : mt.version, idx, entry, url);
      return {
        body: res, status: record.status, error: record.error ? record.error.message : null,
        settle: (o, reason) => { record.outcome = o; if (reason) record.reason = reason; },
      };
    };
  }

  /** Walks the chain for one operation; returns the body, or null after recording why it stopped. */
  private async walk(mt: ModuleTrace, op: Op, version: string | null): Promise<Buffer | null> {
    const notFound: string[] = [];
    for (let i = 0; i < this.chain.length; i++) {
      const e = this.chain[i]!;
      if (e.kind === 'noproxy') {
        if (bypassesProxy(mt.path, this.settings.gonoproxy)) { mt.direct = { reason: `${mt.path} matches GONOPROXY/GOPRIVATE: the go command fetches it from version control` }; return null; }
        continue;
      }
      if (e.kind === 'direct') { mt.direct = { reason: notFound.length ? `not found on ${notFound.join(', ')}; the chain ends in direct, so the go command falls back to version control` : 'GOPROXY=direct: the go command fetches from version control' }; return null; }
      if (e.kind === 'off') { mt.error = `module lookup disabled by GOPROXY=off`; return null; }
      const url = requestUrl(e.url, mt.path, op, version);
      const rec = await this.request(mt, op, version, i, e, url);
      if (rec.res && rec.record.status !== null && rec.record.status >= 200 && rec.record.status < 300 && !rec.record.error) { rec.record.outcome = 'ok'; return rec.res; }
      const is404 = rec.record.status === 404 || rec.record.status === 410;
      const why = rec.record.error ? `${rec.record.error.phase}: ${rec.record.error.message}` : `${rec.record.status}`;
      if (is404 || e.fallBackOnError) {
        rec.record.outcome = 'fallthrough';
        rec.record.reason = is404 ? `${rec.record.status}: not found, next entry tried` : `${why}; \`|\` after this entry: next entry tried on any error`;
        notFound.push(redactUrls(e.url));
        continue;
      }
      rec.record.outcome = 'failed';
      rec.record.reason = `${why}; \`,\` after this entry: only 404/410 fall through`;
      mt.error = `${op} ${mt.path}${version ? '@' + version : ''}: ${redactUrls(url)}: ${why}`;
      return null;
    }
    mt.error = `${mt.path}${version ? '@' + version : ''}: not found on any GOPROXY entry`;
    return null;
  }

  private async request(mt: ModuleTrace, op: RequestOp, version: string | null, entry: number, e: ChainEntry, url: string): Promise<{ res: Buffer | null; record: RequestRecord }> {
    const u = new URL(url);
    const startMs = this.now();
    if (u.protocol === 'file:') return this.readFile(mt, op, version, entry, e, u, startMs);
    const clean = withoutUserinfo(u);
    const auth = await credentialHeaders(this.settings, u);
    const reqOpts: TimedRequestOptions & { proxyFor: (x: URL) => string | null } = {
      keepBody: true,
      agent: u.protocol === 'https:' ? this.agents.https : this.agents.http,
      maxBytes: op in DEFAULT_MAX ? this.opts.maxBytes?.[op as Op] ?? DEFAULT_MAX[op as Op] : 8 << 20,
      ...(this.opts.timeouts ? { timeouts: this.opts.timeouts } : {}),
      ...(this.opts.family ? { family: this.opts.family } : {}),
      ...(this.secureContext ? { secureContext: this.secureContext } : {}),
      ...(auth ? { headers: auth } : {}),
      proxyFor: this.settings.httpProxyFor,
    };
    let r = await timedFetch(clean.toString(), reqOpts);
    if (this.retries4xx && u.protocol === 'https:' && r.final.status !== null && r.final.status >= 400 && r.final.status < 500) {
      // Go 1.24+ asks an https URL again after any 4xx, with whatever GOAUTH now supplies.
      const { body: _b, headers: _hh, ...first } = r.final;
      mt.requests.push({ ...first, url: redactUrls(url), op, module: mt.path, version, entry, proxy: redactUrls(e.url), host: u.host, outcome: 'retried', reason: `${first.status}: the go command asks again after a 4xx over https (GOAUTH retry)`, redirects: [], startMs });
      const again = await retryHeaders(this.settings, u, first.status!, r.final.headers, auth);
      if (again) reqOpts.headers = again; else delete reqOpts.headers;
      r = await timedFetch(clean.toString(), reqOpts);
    }
    const { body, headers: _h, ...final } = r.final;
    const record: RequestRecord = {
      ...final,
      url: redactUrls(url),
      op, module: mt.path, version, entry, proxy: redactUrls(e.url), host: u.host,
      outcome: 'failed', reason: null,
      redirects: r.hops.slice(0, -1).map(({ body: _b, headers: _hh, ...h }) => h),
      startMs,
    };
    mt.requests.push(record);
    return { res: body, record };
  }

  private async readFile(mt: ModuleTrace, op: RequestOp, version: string | null, entry: number, e: ChainEntry, u: URL, startMs: number): Promise<{ res: Buffer | null; record: RequestRecord }> {
    const { readFile } = await import('node:fs/promises');
    const t = performance.now();
    let res: Buffer | null = null;
    let status = 200;
    let error: RequestRecord['error'] = null;
    try { res = await readFile(decodeURIComponent(u.pathname)); } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? null;
      status = code === 'ENOENT' ? 404 : 500;
      if (status !== 404) error = { phase: 'transfer', message: (err as Error).message, code };
    }
    const total = performance.now() - t;
    const record: RequestRecord = {
      url: redactUrls(u.toString()), method: 'GET', status, bytes: res?.length ?? 0,
      dns: 0, tcp: 0, tls: 0, proxyConnect: 0, ttfb: 0, transfer: Math.round(total * 1000) / 1000,
      time_namelookup: 0, time_connect: 0, time_appconnect: 0, time_pretransfer: 0, time_starttransfer: 0, time_total: Math.round(total) / 1000,
      reused: false, remoteAddress: null, remoteFamily: null, tlsInfo: null, error,
      op, module: mt.path, version, entry, proxy: redactUrls(e.url), host: 'file', outcome: 'failed', reason: null, redirects: [], startMs,
    };
    mt.requests.push(record);
    return { res: status === 200 ? res : null, record };
  }
}

/** True when `version` (e.g. "go1.26.8") is at least go1.<minor>, or unknown (the current go command). */
function goAtLeast(version: string | null, minor: number): boolean {
  const m = /^go1\.(\d+)/.exec(version ?? '');
  return !m || Number(m[1]) >= minor;
}

export function requestUrl(base: string, path: string, op: Op, version: string | null): string {
  const p = `${base}/${escapePath(path)}`;
  switch (op) {
    case 'list': return `${p}/@v/list`;
    case 'latest': return `${p}/@latest`;
    default: return `${p}/@v/${escapeVersion(version!)}.${op}`;
  }
}

/** The go command's "latest": the highest release, else the highest pre-release. */
export function pickLatest(versions: string[]): string | null {
  const sorted = [...versions].sort(compare);
  const releases = sorted.filter((v) => prerelease(v) === '');
  return releases[releases.length - 1] ?? sorted[sorted.length - 1] ?? null;
}

function parseInfo(body: Buffer, what: string): { Version: string; Time?: string } {
  let v: unknown;
  try { v = JSON.parse(body.toString('utf8')); } catch (e) { throw new Error(`invalid .info JSON from proxy (${what}): ${(e as Error).message}`); }
  if (!v || typeof v !== 'object' || typeof (v as { Version?: unknown }).Version !== 'string' || !isValid((v as { Version: string }).Version)) {
    throw new Error(`invalid .info from proxy (${what}): no valid "Version"`);
  }
  return v as { Version: string; Time?: string };
}

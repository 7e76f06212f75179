// A recording module proxy on 127.0.0.1 that stands in for the real GOPROXY chain of one go
// command. The chain keeps its shape entry by entry — `A,B|direct` becomes
// `http://127.0.0.1:P/0,http://127.0.0.1:P/1|direct` — so the go command itself still decides
// when to fall through (`,` on 404/410, `|` on any error), when to go direct and which modules
// GONOPROXY sends elsewhere; the proxy only forwards each request to the entry it names and times
// it upstream with timedFetch. GOSUMDB becomes `<key> http://127.0.0.1:P/sumdb/<name>`: with an
// explicit URL the go command skips its `<proxy>/sumdb/<name>/supported` probe, so the proxy
// makes that probe itself, on the first checksum-database request, exactly as the go command's
// dbClient.initBase would, and records it.
//
// Bodies are bounded per operation (Go's limits). A 2xx body streams to the go command as it
// arrives; anything else (errors, redirected or tunnelled requests) is relayed once complete.
// When the request reached the proxy and when the answer was handed back to the go command are
// recorded (`receivedMs`, `relayedMs`), so the budget can show gotune's own share.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import { redactUrls } from '../facts/redact.ts';
import { parseGosumdb, KNOWN_GOSUMDB, GOSUMDB_ALIASES } from '../gomod/gosumdb.ts';
import { unescapePath, unescapeVersion } from '../gomod/module.ts';
import { splitChain, type ChainEntry } from './chain.ts';
import { timedFetch, type PhaseTimeouts, type TimedRequestOptions } from './http-timing.ts';
import type { Op, RequestRecord } from './replay.ts';
import { credentialHeaders, retryHeaders, withoutUserinfo, type AuthSource } from './goauth-runner.ts';

export interface RecordProxySettings {
  goproxy: string;
  /** The effective GOSUMDB ("" means the go command's default, sum.golang.org). */
  gosumdb: string;
  /** Authorization header for a host from .netrc (never printed); used over https when `auth` is absent. */
  credentials: (host: string) => string | null;
  /** GOAUTH as the go command runs it (over https only). */
  auth?: AuthSource;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY decision for one URL. */
  httpProxyFor: (url: URL) => string | null;
  ca?: string | Buffer | (string | Buffer)[];
}

export interface RecordProxyOptions {
  /** Milliseconds since the start of the observed run (the go command's spawn). */
  clock?: () => number;
  timeouts?: Partial<PhaseTimeouts>;
  maxBytes?: Partial<Record<Op | 'sumdb', number>>;
  family?: 4 | 6;
  /**
   * Ask an https URL again after a 4xx, as the go command does since Go 1.24 (web/http.go: the
   * retry with GOAUTH credentials), so upstream sees the same requests. Default true.
   */
  retry4xxOverHttps?: boolean;
}

export type ObservedOp = RequestRecord['op'] | 'other';

export interface ObservedRequest extends Omit<RequestRecord, 'op' | 'outcome'> {
  op: ObservedOp;
  /** As in replay, plus 'retried': an https 4xx the go command (1.24+) asks again once, with GOAUTH credentials. */
  outcome: RequestRecord['outcome'] | 'retried';
  kind: 'proxy' | 'sumdb';
  /** Who asked: the go command, or the proxy itself (the sumdb `supported` probe it makes for the go command). */
  by: 'go' | 'probe';
  /** Upstream request end, ms since the run started. */
  endMs: number;
  /** When the go command's request reached the recording proxy. */
  receivedMs: number;
  /** When the response was written back to the go command (null for the probe). */
  relayedMs: number | null;
  /** The status the go command got from the recording proxy (null for the probe). */
  childStatus: number | null;
  /** The body was streamed to the go command as it arrived (else relayed once complete). */
  streamed: boolean;
}

/** Go's bounds (modfetch: 500 MiB zips, 16 MiB go.mod; sumdb tiles and notes are small). */
const DEFAULT_MAX: Record<Op | 'sumdb', number> = { list: 16 << 20, latest: 1 << 20, info: 1 << 20, mod: 16 << 20, zip: 500 << 20, sumdb: 16 << 20 };
/** The go command sets no timeout on proxy requests; these only stop a dead upstream from hanging the run forever. */
const DEFAULT_TIMEOUTS: PhaseTimeouts = { phaseMs: 60_000, idleMs: 60_000, totalMs: 3_600_000 };
/** Headers that carry meaning for the go command; hop-by-hop and length headers are rewritten. */
const PASSED_HEADERS = ['content-type', 'cache-control', 'etag', 'last-modified', 'www-authenticate'];

/** Parsed GOSUMDB as the recording proxy needs it: the real key, name and upstream URL (with credentials). */
export interface SumdbTarget {
  key: string;
  name: string;
  /** Explicit URL from GOSUMDB (the go command uses it as given, bypassing GOPROXY), else null. */
  url: string | null;
}

/** The database the go command would use, or null when it is off or the value is invalid (then left untouched). */
export function sumdbTarget(gosumdb: string): SumdbTarget | null {
  const value = gosumdb === '' ? 'sum.golang.org' : gosumdb;
  const p = parseGosumdb(value);
  if (p.kind !== 'db' || !p.key || !p.name) return null;
  const expanded = Object.hasOwn(GOSUMDB_ALIASES, value) ? GOSUMDB_ALIASES[value]! : value;
  const words = expanded.trim().split(/\s+/);
  const url = words.length === 2 ? words[1]! : null;
  return { key: Object.hasOwn(KNOWN_GOSUMDB, words[0]!) ? KNOWN_GOSUMDB[words[0]!]! : words[0]!, name: p.name, url: url ? url.replace(/\/+$/, '') : null };
}

/** GOPROXY for the go command: each URL entry replaced by the recording proxy's /i, separators, `direct` and `off` kept. */
export function rewriteGoproxy(chain: ChainEntry[], base: string): string {
  let out = '';
  let i = 0;
  for (const e of chain) {
    if (e.kind === 'noproxy') continue;
    const text = e.kind === 'url' ? (e.url.startsWith('file:') ? e.url : `${base}/${i}`) : e.kind;
    if (e.kind === 'url') i++;
    out += text + (e.fallBackOnError ? '|' : ',');
  }
  return out.slice(0, -1);
}

/** The operation and module a proxy-protocol path asks for (`<module>/@v/<version>.zip`, `/@v/list`, `/@latest`). */
export function classifyProxyPath(path: string): { op: ObservedOp; module: string; version: string | null } {
  let p = path.replace(/^\/+/, '').split('?')[0]!;
  // The go command percent-encodes `!` (url.URL.String); the proxy protocol's escaping is on top.
  try { p = decodeURIComponent(p); } catch { /* keep it as sent */ }
  if (p.startsWith('sumdb/')) {
    const rest = p.slice('sumdb/'.length);
    const lookup = /\/lookup\/(.+)$/.exec(rest);
    if (lookup) {
      const at = lookup[1]!.lastIndexOf('@');
      return { op: 'sumdb-lookup', module: at > 0 ? lookup[1]!.slice(0, at) : lookup[1]!, version: at > 0 ? lookup[1]!.slice(at + 1) : null };
    }
    if (/\/supported$/.test(rest)) return { op: 'sumdb-supported', module: '', version: null };
    if (/\/tile\//.test(rest)) return { op: 'sumdb-tile', module: '', version: null };
    if (/\/latest$/.test(rest)) return { op: 'sumdb-latest', module: '', version: null };
    return { op: 'other', module: '', version: null };
  }
  const m = /^(.+?)\/@(?:v\/(.+)|latest)$/.exec(p);
  if (!m) return { op: 'other', module: '', version: null };
  let module = m[1]!;
  try { module = unescapePath(module); } catch { /* keep the escaped form */ }
  if (m[2] === undefined) return { op: 'latest', module, version: null };
  if (m[2] === 'list') return { op: 'list', module, version: null };
  const f = /^(.+)\.(info|mod|zip)$/.exec(m[2]);
  if (!f) return { op: 'other', module, version: null };
  let version = f[1]!;
  try { version = unescapeVersion(version); } catch { /* keep the escaped form */ }
  return { op: f[2] as Op, module, version };
}

export class RecordingProxy {
  readonly records: ObservedRequest[] = [];
  /** GOPROXY and GOSUMDB for the go command (GOSUMDB null: leave the go command's value alone). */
  childGoproxy = '';
  childGosumdb: string | null = null;
  /** How the checksum database is reached, once the first request decided it. */
  sumdbRoute: { via: 'proxy' | 'direct' | 'explicit'; url: string } | null = null;
  readonly notes: string[] = [];
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly chain: ChainEntry[];
  private readonly urlEntries: { entry: ChainEntry; index: number }[] = [];
  private readonly sumdb: SumdbTarget | null;
  private sumdbBase: Promise<SumdbRoute> | null = null;
  private readonly clock: () => number;
  private inFlight = 0;
  private readonly responseWaiters = new Map<string, ((res: http.IncomingMessage) => void)[]>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly settings: RecordProxySettings, private readonly opts: RecordProxyOptions = {}) {
    this.chain = splitChain(settings.goproxy, '');
    // Entry numbers count file:// entries too (they stay in the go command's GOPROXY as they are).
    let i = 0;
    for (const e of this.chain) {
      if (e.kind !== 'url') continue;
      if (!e.url.startsWith('file:')) this.urlEntries.push({ entry: e, index: i });
      i++;
    }
    this.sumdb = sumdbTarget(settings.gosumdb);
    // A CA bundle (SSL_CERT_FILE: often the whole system bundle) given per request costs tens of
    // milliseconds of CPU each time it is parsed; parse it once into the agent's context.
    const secureContext = settings.ca ? tls.createSecureContext({ ca: settings.ca }) : undefined;
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true, ...(secureContext ? { secureContext } : {}) }) };
    // timedFetch reports the status only with the complete body; the agent sees each request
    // first, so listening there for the response lets a 2xx body stream to the go command.
    for (const a of [this.agents.http, this.agents.https]) {
      const agent = a as unknown as { addRequest(req: http.ClientRequest, o: unknown): void };
      const addRequest = agent.addRequest.bind(agent);
      agent.addRequest = (req, o) => { this.tapRequest(req); addRequest(req, o); };
    }
    const t0 = performance.now();
    this.clock = opts.clock ?? (() => performance.now() - t0);
  }

  async start(): Promise<void> {
    this.server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => { void this.handle(req, res); });
    this.server.on('connection', (s: Socket) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    await new Promise<void>((resolve, reject) => { this.server!.once('error', reject); this.server!.listen(0, '127.0.0.1', () => resolve()); });
    const base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.childGoproxy = this.settings.goproxy === '' ? '' : rewriteGoproxy(this.chain, base);
    if (this.sumdb) this.childGosumdb = `${this.sumdb.key} ${base}/sumdb/${this.sumdb.name}`;
  }

  /** Resolves once no request is being forwarded (the go command has exited; stragglers finish). */
  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((r) => this.idleWaiters.push(r));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.agents.http.destroy();
    this.agents.https.destroy();
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const receivedMs = this.clock();
    this.inFlight++;
    try {
      const raw = req.url ?? '/';
      const m = /^\/(\d+)(\/.*)$/.exec(raw);
      if (m) {
        const target = this.urlEntries.find((x) => x.index === Number(m[1]));
        if (!target) return this.plain(res, 404, 'gotune: no such GOPROXY entry\n');
        return await this.forward(req, res, receivedMs, { kind: classifyProxyPath(m[2]!).op.startsWith('sumdb') ? 'sumdb' : 'proxy', entryIndex: target.index, base: target.entry, url: target.entry.url + m[2]! });
      }
      if (this.sumdb && raw.startsWith(`/sumdb/${this.sumdb.name}/`)) {
        const rest = raw.slice(`/sumdb/${this.sumdb.name}`.length);
        const route = await this.sumdbRouteFor();
        if (!route.base) return this.plain(res, route.status, `gotune: checksum database unavailable: ${route.error ?? route.status}\n`);
        return await this.forward(req, res, receivedMs, { kind: 'sumdb', entryIndex: route.entryIndex, base: null, url: route.base + rest, proxyLabel: route.base });
      }
      return this.plain(res, 404, 'not found\n');
    } finally {
      if (--this.inFlight === 0) { const w = this.idleWaiters; this.idleWaiters = []; for (const f of w) f(); }
    }
  }

  private plain(res: http.ServerResponse, status: number, body: string): void {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  }

  /**
   * The go command's dbClient.initBase, made once (concurrent first requests wait for it): probe
   * `<entry>/sumdb/<name>/supported` along the chain with TryProxies' rules. 200: use that proxy
   * for every checksum-database request. 404/410, or any error after a `|`: next entry. `direct`,
   * `off` or the end of the list: the database's own host. Any other error: unavailable.
   */
  private sumdbRouteFor(): Promise<SumdbRoute> {
    const db = this.sumdb!;
    this.sumdbBase ??= (async (): Promise<SumdbRoute> => {
      if (db.url) { this.sumdbRoute = { via: 'explicit', url: redactUrls(db.url) }; return { base: db.url, status: 200, error: null, entryIndex: -1 }; }
      let proxyErr: { status: number; error: string } | null = null;
      for (const e of this.chain) {
        // Reaching `direct` or `off` outranks earlier proxy errors: the database is then contacted directly.
        if (e.kind === 'direct' || e.kind === 'off') { proxyErr = null; break; }
        if (e.kind !== 'url') continue;
        const target = this.urlEntries.find((x) => x.entry === e);
        if (!target) { this.notes.push('a file:// GOPROXY entry is not probed for the checksum database'); continue; }
        const rec = await this.upstream({ kind: 'sumdb', entryIndex: target.index, base: e, url: `${e.url}/sumdb/${db.name}/supported` }, this.clock(), 'probe');
        if (rec.ok) {
          this.sumdbRoute = { via: 'proxy', url: redactUrls(`${e.url}/sumdb/${db.name}`) };
          return { base: `${e.url}/sumdb/${db.name}`, status: 200, error: null, entryIndex: target.index };
        }
        const notFound = rec.record.status === 404 || rec.record.status === 410;
        if (!notFound) proxyErr = { status: rec.record.error ? 502 : rec.record.status ?? 502, error: rec.record.reason ?? 'error' };
        if (!notFound && !e.fallBackOnError) break;
      }
      if (proxyErr) return { base: null, ...proxyErr, entryIndex: -1 };
      const direct = `https://${db.name}`;
      this.sumdbRoute = { via: 'direct', url: direct };
      return { base: direct, status: 200, error: null, entryIndex: -1 };
    })();
    return this.sumdbBase;
  }

  private tapRequest(req: http.ClientRequest): void {
    const key = `${req.host}${req.path}`;
    const q = this.responseWaiters.get(key);
    const waiter = q?.shift();
    if (q && q.length === 0) this.responseWaiters.delete(key);
    if (waiter) req.once('response', waiter);
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse, receivedMs: number, t: Target): Promise<void> {
    // The go command sends no body; drain anything so the connection stays usable.
    req.resume();
    const sink: StreamSink = {
      started: false,
      start: (status, headers) => {
        const h: Record<string, string> = {};
        for (const k of [...PASSED_HEADERS, 'content-length']) { const v = headers[k]; if (typeof v === 'string') h[k] = v; }
        res.writeHead(status, h);
        sink.started = true;
      },
      write: (c) => { res.write(c); },
    };
    const { ok: _ok, record, body, headers } = await this.upstream(t, receivedMs, 'go', req.method === 'HEAD' ? 'HEAD' : 'GET', req.method === 'HEAD' ? null : sink);
    record.receivedMs = receivedMs;
    if (sink.started) {
      record.childStatus = record.status;
      record.streamed = true;
      // A body cut short upstream is cut short for the go command too, as the network would.
      if (record.error) { res.destroy(); record.relayedMs = this.clock(); return; }
      await new Promise<void>((resolve) => {
        res.once('close', resolve);
        res.end(() => { record.relayedMs ??= this.clock(); resolve(); });
        if ((res.socket?.writableLength ?? 1) === 0) record.relayedMs = this.clock();
      });
      return;
    }
    let status: number;
    let out: Buffer;
    const h: Record<string, string> = {};
    if (record.error || record.status === null) {
      status = record.error?.code === 'ETIMEDOUT' ? 504 : 502;
      out = Buffer.from(`gotune recording proxy: upstream ${record.url}: ${record.error?.phase ?? 'request'}: ${record.error?.message ?? 'no response'}\n`);
      h['content-type'] = 'text/plain; charset=utf-8';
    } else {
      status = record.status;
      out = body ?? Buffer.alloc(0);
      for (const k of PASSED_HEADERS) { const v = headers[k]; if (typeof v === 'string') h[k] = v; }
    }
    record.childStatus = status;
    h['content-length'] = String(out.length);
    res.writeHead(status, h);
    await new Promise<void>((resolve) => {
      res.once('close', resolve);
      res.end(req.method === 'HEAD' ? undefined : out, () => { record.relayedMs ??= this.clock(); resolve(); });
      // Small answers reach the kernel inside end(); the callback comes an event-loop turn later,
      // which under load would count scheduling delay as relay time.
      if ((res.socket?.writableLength ?? 1) === 0) record.relayedMs = this.clock();
    });
  }

  private async upstream(t: Target, receivedMs: number, by: 'go' | 'probe', method: 'GET' | 'HEAD' = 'GET', sink: StreamSink | null = null): Promise<{ ok: boolean; record: ObservedRequest; body: Buffer | null; headers: Record<string, string | string[] | undefined> }> {
    // URL userinfo belongs to that entry only (net/http sends it as basic auth); otherwise, over
    // https only (as the go command), the netrc / GOAUTH credentials for that URL.
    const withUserinfo = new URL(t.url);
    const authHeaders = await credentialHeaders(this.settings, withUserinfo);
    const u = withoutUserinfo(withUserinfo);
    const cls = classifyProxyPath(t.base ? t.url.slice(t.base.url.length) : `sumdb/x${t.url.slice(t.proxyLabel!.length)}`);
    const maxBytes = this.opts.maxBytes?.[t.kind === 'sumdb' ? 'sumdb' : (cls.op as Op)] ?? (t.kind === 'sumdb' ? DEFAULT_MAX.sumdb : DEFAULT_MAX[cls.op as Op] ?? DEFAULT_MAX.zip);
    const reqOpts: TimedRequestOptions & { proxyFor: (x: URL) => string | null } = {
      method,
      keepBody: true,
      agent: u.protocol === 'https:' ? this.agents.https : this.agents.http,
      maxBytes,
      timeouts: { ...DEFAULT_TIMEOUTS, ...this.opts.timeouts },
      ...(this.opts.family ? { family: this.opts.family } : {}),
      // Tunnelled requests build their own TLS connection and need the bundle itself.
      ...(this.settings.ca && this.settings.httpProxyFor(u) ? { ca: this.settings.ca } : {}),
      ...(authHeaders ? { headers: authHeaders } : {}),
      proxyFor: this.settings.httpProxyFor,
    };
    const retry = (this.opts.retry4xxOverHttps ?? true) && u.protocol === 'https:';
    for (let attempt = 0; ; attempt++) {
      // Stream a 2xx answer of the first hop (redirected and tunnelled requests are relayed whole).
      const key = `${u.hostname}${u.pathname}${u.search}`;
      const waiter = (res: http.IncomingMessage): void => {
        const status = res.statusCode ?? 0;
        const declared = Number(res.headers['content-length']);
        if (!sink || status < 200 || status >= 300 || (Number.isFinite(declared) && declared > maxBytes)) return;
        sink.start(status, res.headers);
      };
      if (sink) { const q = this.responseWaiters.get(key) ?? []; q.push(waiter); this.responseWaiters.set(key, q); }
      const onChunk = sink ? (c: Buffer) => { if (sink.started) sink.write(c); } : undefined;
      const startMs = this.clock();
      const r = await timedFetch(u.toString(), onChunk ? { ...reqOpts, onChunk } : reqOpts);
      if (sink) {
        const q = this.responseWaiters.get(key);
        const i = q ? q.indexOf(waiter) : -1;
        if (q && i >= 0) { q.splice(i, 1); if (q.length === 0) this.responseWaiters.delete(key); }
      }
      const endMs = this.clock();
      const { body, headers, ...final } = r.final;
      const status = final.status;
      const ok = !final.error && status !== null && status >= 200 && status < 300;
      const notFound = status === 404 || status === 410;
      const fallBack = t.base?.fallBackOnError ?? false;
      const hasNext = t.base ? this.chain.indexOf(t.base) < this.chain.length - 1 : false;
      const why = final.error ? `${final.error.phase}: ${final.error.message}` : `${status}`;
      const retried = retry && attempt === 0 && !final.error && status !== null && status >= 400 && status < 500;
      const outcome: ObservedRequest['outcome'] = retried ? 'retried' : ok ? 'ok' : (notFound || fallBack) && hasNext ? 'fallthrough' : 'failed';
      const reason = retried ? `${status}: the go command asks an https URL again after a 4xx (with GOAUTH credentials)` : ok ? null
        : outcome === 'fallthrough' ? (notFound ? `${status}: not found, the go command tries the next entry` : `${why}; \`|\` after this entry: the go command tries the next entry`)
        : t.kind === 'sumdb' && t.base === null ? why
        : notFound ? `${status}: not found on the last entry` : `${why}; \`,\` after this entry: only 404/410 fall through`;
      const record: ObservedRequest = {
        ...final,
        url: redactUrls(t.url),
        op: cls.op, module: cls.module, version: cls.version,
        entry: t.entryIndex,
        proxy: redactUrls(t.base ? t.base.url : t.proxyLabel ?? ''),
        host: u.host,
        outcome, reason,
        redirects: r.hops.slice(0, -1).map(({ body: _b, headers: _h, ...hop }) => hop),
        startMs, endMs, receivedMs, relayedMs: null, childStatus: null, streamed: false,
        kind: t.kind, by,
      };
      this.records.push(record);
      if (retried && !sink?.started) {
        // The go command runs GOAUTH again with the URL and the failed response, then asks again.
        const again = await retryHeaders(this.settings, withUserinfo, status!, headers ?? {}, authHeaders);
        if (again) reqOpts.headers = again; else delete reqOpts.headers;
        continue;
      }
      return { ok, record, body: body ?? null, headers };
    }
  }
}

interface StreamSink {
  started: boolean;
  start(status: number, headers: http.IncomingHttpHeaders): void;
  write(chunk: Buffer): void;
}

interface SumdbRoute {
  base: string | null;
  status: number;
  error: string | null;
  entryIndex: number;
}

interface Target {
  kind: 'proxy' | 'sumdb';
  /** Index of the GOPROXY entry (-1: the checksum database itself). */
  entryIndex: number;
  /** The chain entry, or null for a checksum-database URL outside the chain. */
  base: ChainEntry | null;
  url: string;
  proxyLabel?: string;
}

export async function startRecordingProxy(settings: RecordProxySettings, opts: RecordProxyOptions = {}): Promise<RecordingProxy> {
  const p = new RecordingProxy(settings, opts);
  await p.start();
  return p;
}

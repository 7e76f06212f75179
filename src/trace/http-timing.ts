// One HTTP(S) request timed phase by phase, the way curl's -w timings are: DNS, TCP connect,
// TLS handshake, server wait (time to first byte) and transfer, plus curl's cumulative names
// (time_namelookup … time_total) so figures can be put side by side with `curl -w '%{json}'`.
// Node's socket events give a clean split (lookup, connect, secureConnect, first data chunk);
// undici merges DNS, TCP and TLS, which is why this uses node:http/node:https directly.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { redactUrls } from '../facts/redact.ts';

export type Phase = 'dns' | 'tcp' | 'tls' | 'proxy-connect' | 'request' | 'ttfb' | 'transfer';

export interface PhaseTimeouts {
  /** Each phase (DNS, TCP, TLS, first byte) must finish within this. */
  phaseMs: number;
  /** The body must keep flowing: no gap between chunks longer than this. */
  idleMs: number;
  /** Hard cap for the whole request including the body. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: PhaseTimeouts = { phaseMs: 10_000, idleMs: 10_000, totalMs: 120_000 };

export interface TimedRequestOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Extra CA certificates (PEM), as SSL_CERT_FILE would add. */
  ca?: string | Buffer | (string | Buffer)[];
  /**
   * A TLS context built once (e.g. from `ca`) and reused: parsing a whole CA bundle for every
   * connection costs tens of milliseconds, which would otherwise land in the DNS phase.
   */
  secureContext?: tls.SecureContext;
  /** Force an address family. */
  family?: 4 | 6;
  /** Bodies larger than this are cut off with an error (Go's limits are far below 1 GiB). */
  maxBytes?: number;
  timeouts?: Partial<PhaseTimeouts>;
  /** Keep-alive agent to reuse connections across requests (as the go command does). */
  agent?: http.Agent | https.Agent;
  /** HTTP(S) proxy URL for this request (CONNECT tunnel for https targets). */
  proxy?: string | null;
  /** Keep the body in memory (for .info/.mod/sumdb); zips are only counted unless asked. */
  keepBody?: boolean;
  /** Called with each body chunk (to hash a zip while it streams). */
  onChunk?: (chunk: Buffer) => void;
}

export interface TlsInfo {
  protocol: string | null;
  cipher: string | null;
  alpn: string | null;
  issuer: string | null;
  subject: string | null;
}

export interface TimedResponse {
  url: string;
  method: string;
  status: number | null;
  headers: Record<string, string | string[] | undefined>;
  bytes: number;
  body: Buffer | null;
  /** Durations of each phase in ms (0 when skipped, e.g. no DNS for an IP, no TLS for http). */
  dns: number;
  tcp: number;
  tls: number;
  proxyConnect: number;
  ttfb: number;
  transfer: number;
  /** curl's cumulative times in seconds, measured from the start of this request. */
  time_namelookup: number;
  time_connect: number;
  time_appconnect: number;
  time_pretransfer: number;
  time_starttransfer: number;
  time_total: number;
  reused: boolean;
  remoteAddress: string | null;
  remoteFamily: 'IPv4' | 'IPv6' | null;
  tlsInfo: TlsInfo | null;
  /** Set when the request failed: the phase it failed in and why. */
  error: { phase: Phase; message: string; code: string | null } | null;
}

const ms = (a: number, b: number) => Math.max(0, Math.round((b - a) * 1000) / 1000);
const sec = (x: number) => Math.round(x * 1000) / 1e6;

/** Performs one request (no redirect following; see `timedFetch`). Never throws: failures carry their phase. */
export function timedRequest(rawUrl: string, opts: TimedRequestOptions = {}): Promise<TimedResponse> {
  const t = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const url = new URL(rawUrl);
  const isHttps = url.protocol === 'https:';
  const method = opts.method ?? 'GET';
  const maxBytes = opts.maxBytes ?? 512 << 20;
  // The clock starts here and moves to the moment the request gets its socket: building the
  // request and its TLS socket is this process's own work (milliseconds on a slow machine), which
  // curl's timings do not contain either, and which would otherwise land in the connect phase.
  let start = performance.now();
  const marks: { lookup?: number; connect?: number; secure?: number; proxy?: number; written?: number; first?: number; end?: number } = {};
  let phase: Phase = 'dns';
  let remoteAddress: string | null = null;
  let remoteFamily: TimedResponse['remoteFamily'] = null;
  let tlsInfo: TlsInfo | null = null;
  let reused = false;
  let status: number | null = null;
  let headers: TimedResponse['headers'] = {};
  let bytes = 0;
  const chunks: Buffer[] = [];

  return new Promise((resolve) => {
    let settled = false;
    let phaseTimer: NodeJS.Timeout | undefined;
    let req: http.ClientRequest | undefined;
    const totalTimer = setTimeout(() => fail(phase, `no complete response within ${t.totalMs} ms`, 'ETIMEDOUT'), t.totalMs);

    const armPhase = (p: Phase, limit: number) => {
      phase = p;
      clearTimeout(phaseTimer);
      phaseTimer = setTimeout(() => fail(p, `${p} phase took longer than ${limit} ms`, 'ETIMEDOUT'), limit);
    };

    const finish = (error: TimedResponse['error']) => {
      if (settled) return;
      settled = true;
      clearTimeout(phaseTimer);
      clearTimeout(totalTimer);
      const end = marks.end ?? performance.now();
      const lookup = marks.lookup ?? (marks.connect !== undefined || reused ? start : undefined);
      const tNl = lookup !== undefined ? lookup - start : 0;
      const tConn = marks.connect !== undefined ? marks.connect - start : reused ? 0 : tNl;
      const tProxy = marks.proxy !== undefined ? marks.proxy - start : tConn;
      const tApp = isHttps ? (marks.secure !== undefined ? marks.secure - start : reused ? 0 : 0) : 0;
      const tPre = Math.max(tApp, tProxy, tConn);
      const tStart = marks.first !== undefined ? marks.first - start : 0;
      const tTotal = end - start;
      resolve({
        url: redactUrls(rawUrl),
        method,
        status,
        headers,
        bytes,
        body: opts.keepBody ? Buffer.concat(chunks) : null,
        dns: ms(0, tNl),
        tcp: marks.connect !== undefined ? ms(tNl, tConn) : 0,
        proxyConnect: marks.proxy !== undefined ? ms(tConn, tProxy) : 0,
        tls: isHttps && marks.secure !== undefined ? ms(Math.max(tConn, tProxy), tApp) : 0,
        ttfb: marks.first !== undefined ? ms(tPre, tStart) : 0,
        transfer: marks.first !== undefined ? ms(tStart, tTotal) : 0,
        time_namelookup: sec(tNl),
        time_connect: sec(tConn),
        time_appconnect: sec(tApp),
        time_pretransfer: sec(tPre),
        time_starttransfer: sec(tStart),
        time_total: sec(tTotal),
        reused,
        remoteAddress,
        remoteFamily,
        tlsInfo,
        error,
      });
    };

    const fail = (p: Phase, message: string, code: string | null) => {
      if (settled) return;
      req?.destroy();
      finish({ phase: p, message: redactUrls(message), code });
    };

    const watchSocket = (socket: net.Socket) => {
      if (!socket.connecting && !(socket as tls.TLSSocket).encrypted) {
        // Already connected: a kept-alive socket (or a tunnel we set up ourselves).
      }
      socket.once('lookup', (err, address, family) => {
        marks.lookup = performance.now();
        if (err) return;
        remoteAddress = address;
        remoteFamily = family === 6 || family === 'IPv6' ? 'IPv6' : 'IPv4';
        armPhase('tcp', t.phaseMs);
      });
      socket.once('connect', () => {
        marks.connect = performance.now();
        remoteAddress = socket.remoteAddress ?? remoteAddress;
        remoteFamily = socket.remoteFamily === 'IPv6' ? 'IPv6' : socket.remoteFamily === 'IPv4' ? 'IPv4' : remoteFamily;
        if (isHttps && !opts.proxy) armPhase('tls', t.phaseMs);
        else if (!isHttps) armPhase('ttfb', t.phaseMs);
      });
      socket.once('secureConnect', () => {
        marks.secure = performance.now();
        tlsInfo = describeTls(socket as tls.TLSSocket);
        armPhase('ttfb', t.phaseMs);
      });
    };

    const requestOptions: https.RequestOptions = {
      method,
      headers: { 'User-Agent': 'gotune', ...opts.headers },
      agent: opts.agent ?? false,
      ...(opts.family ? { family: opts.family } : {}),
      // Like Go on Linux, a configured bundle (SSL_CERT_FILE / SSL_CERT_DIR) replaces the system roots.
      ...(isHttps && opts.secureContext ? { secureContext: opts.secureContext } : isHttps && opts.ca ? { ca: opts.ca } : {}),
      ...(isHttps ? { ALPNProtocols: ['http/1.1'] } : {}),
      servername: net.isIP(url.hostname) ? undefined : url.hostname,
    };

    const send = (createConnection?: () => net.Socket) => {
      const mod = isHttps ? https : http;
      const o: https.RequestOptions = { ...requestOptions };
      if (createConnection) {
        (o as { createConnection?: unknown }).createConnection = createConnection;
        // Plain http through a proxy sends the absolute URI on the proxy connection.
        if (!isHttps) { o.path = url.href; o.headers = { ...o.headers, Host: url.host }; }
      }
      req = mod.request(url, o);
      req.on('socket', (socket) => {
        // Before any lookup or connect event: Node issues the lookup (or, for an address, the
        // connect) and only then emits 'socket', both on the next tick, so nothing is missed.
        if (!createConnection && marks.lookup === undefined && marks.connect === undefined) start = performance.now();
        // A socket that is already connected came from the agent's pool.
        if (!socket.connecting && marks.connect === undefined && !createConnection) {
          reused = true;
          remoteAddress = socket.remoteAddress ?? null;
          remoteFamily = socket.remoteFamily === 'IPv6' ? 'IPv6' : 'IPv4';
          if ((socket as tls.TLSSocket).encrypted) tlsInfo = describeTls(socket as tls.TLSSocket);
          armPhase('ttfb', t.phaseMs);
        } else if (!createConnection) {
          watchSocket(socket);
        }
        socket.once('data', () => { marks.first ??= performance.now(); });
      });
      req.on('finish', () => { marks.written = performance.now(); if (phase !== 'ttfb' && (reused || marks.connect !== undefined)) armPhase('ttfb', t.phaseMs); });
      req.on('response', (res) => {
        marks.first ??= performance.now();
        status = res.statusCode ?? null;
        headers = res.headers;
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          fail('transfer', `response declares ${declared} bytes, over the ${maxBytes}-byte limit`, 'E2BIG');
          return;
        }
        armPhase('transfer', t.idleMs);
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (bytes > maxBytes) { fail('transfer', `response body exceeds the ${maxBytes}-byte limit`, 'E2BIG'); return; }
          if (Number.isFinite(declared) && bytes > declared) { fail('transfer', `response body is longer than its declared ${declared} bytes`, 'EPROTO'); return; }
          if (opts.keepBody) chunks.push(c);
          opts.onChunk?.(c);
          armPhase('transfer', t.idleMs);
        });
        res.on('end', () => { marks.end = performance.now(); finish(null); });
        res.on('error', (e) => fail('transfer', e.message, (e as NodeJS.ErrnoException).code ?? null));
        res.on('aborted', () => fail('transfer', 'connection closed before the body was complete', 'ECONNRESET'));
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        const p: Phase = e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? 'dns'
          : e.code === 'ECONNREFUSED' || e.code === 'ETIMEDOUT' || e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' ? (phase === 'dns' ? 'tcp' : phase)
          : isTlsError(e) ? 'tls' : phase;
        fail(p, e.message, e.code ?? null);
      });
      req.end();
    };

    armPhase(net.isIP(url.hostname) ? 'tcp' : 'dns', t.phaseMs);
    if (opts.proxy) {
      connectViaProxy(opts.proxy, url, requestOptions, t, {
        onLookup: () => { marks.lookup = performance.now(); armPhase('tcp', t.phaseMs); },
        onConnect: (s) => { marks.connect = performance.now(); remoteAddress = s.remoteAddress ?? null; armPhase('proxy-connect', t.phaseMs); },
        onTunnel: () => { marks.proxy = performance.now(); armPhase(isHttps ? 'tls' : 'ttfb', t.phaseMs); },
        onSecure: (s) => { marks.secure = performance.now(); tlsInfo = describeTls(s); armPhase('ttfb', t.phaseMs); },
      }).then((socket) => {
        if (!socket) return;
        send(() => socket);
      }, (e: NodeJS.ErrnoException & { phase?: Phase }) => fail(e.phase ?? phase, e.message, e.code ?? null));
    } else {
      send();
    }
  });
}

function isTlsError(e: NodeJS.ErrnoException): boolean {
  return /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|HOSTNAME|ERR_TLS/i.test(e.code ?? '') || /certificate|handshake|ssl|tls/i.test(e.message);
}

function describeTls(s: tls.TLSSocket): TlsInfo {
  const cert = s.getPeerCertificate?.();
  const name = (o: Record<string, unknown> | undefined) => (o ? String(o['CN'] ?? o['O'] ?? '') || null : null);
  return {
    protocol: s.getProtocol?.() ?? null,
    cipher: s.getCipher?.()?.name ?? null,
    alpn: typeof s.alpnProtocol === 'string' ? s.alpnProtocol : null,
    issuer: cert && Object.keys(cert).length ? name(cert.issuer as unknown as Record<string, unknown>) : null,
    subject: cert && Object.keys(cert).length ? name(cert.subject as unknown as Record<string, unknown>) : null,
  };
}


interface TunnelHooks {
  onLookup(): void;
  onConnect(s: net.Socket): void;
  onTunnel(): void;
  onSecure(s: tls.TLSSocket): void;
}

/** Opens a connection to the target through an HTTP proxy (CONNECT), then TLS for https targets. */
function connectViaProxy(proxyUrl: string, target: URL, ro: https.RequestOptions, t: PhaseTimeouts, hooks: TunnelHooks): Promise<net.Socket | null> {
  const proxy = new URL(proxyUrl);
  const port = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
  return new Promise((resolve, reject) => {
    const raw = net.connect({ host: proxy.hostname, port, ...(ro.family ? { family: ro.family } : {}) });
    raw.once('lookup', () => hooks.onLookup());
    raw.once('error', (e: NodeJS.ErrnoException & { phase?: Phase }) => { e.phase = 'tcp'; reject(e); });
    raw.once('connect', () => {
      hooks.onConnect(raw);
      const isHttps = target.protocol === 'https:';
      const auth = proxy.username ? { 'Proxy-Authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` } : {};
      if (!isHttps) {
        // Plain http through a proxy is an absolute-URI request on the proxy connection itself.
        hooks.onTunnel();
        resolve(raw);
        return;
      }
      const hostPort = `${target.hostname}:${target.port || 443}`;
      raw.write(`CONNECT ${hostPort} HTTP/1.1\r\nHost: ${hostPort}\r\n${Object.entries(auth).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
      let buf = Buffer.alloc(0);
      const onData = (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length > 16384) { raw.destroy(); reject(Object.assign(new Error('proxy CONNECT response too large'), { phase: 'proxy-connect' as Phase })); return; }
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        raw.off('data', onData);
        const statusLine = buf.subarray(0, buf.indexOf('\r\n')).toString('latin1');
        const code = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
        if (code !== 200) { raw.destroy(); reject(Object.assign(new Error(`proxy refused CONNECT: ${statusLine}`), { phase: 'proxy-connect' as Phase, code: `HTTP_${code}` })); return; }
        hooks.onTunnel();
        const secure = tls.connect({ socket: raw, servername: net.isIP(target.hostname) ? undefined : target.hostname, ...((ro as { secureContext?: tls.SecureContext }).secureContext ? { secureContext: (ro as { secureContext?: tls.SecureContext }).secureContext } : { ca: ro.ca }), ALPNProtocols: ['http/1.1'] });
        secure.once('secureConnect', () => { hooks.onSecure(secure); resolve(secure); });
        secure.once('error', (e: NodeJS.ErrnoException & { phase?: Phase }) => { e.phase = 'tls'; reject(e); });
      };
      raw.on('data', onData);
    });
    setTimeout(() => { raw.destroy(); }, t.totalMs).unref();
  });
}

export interface RedirectHop extends TimedResponse {
  hop: number;
}

export interface TimedFetchResult {
  hops: RedirectHop[];
  final: RedirectHop;
}

/**
 * Follows redirects (at most `maxRedirects`), timing each hop separately. Credentials
 * (Authorization) are only sent to the host they were meant for, never to a redirect target.
 */
export async function timedFetch(rawUrl: string, opts: TimedRequestOptions & { maxRedirects?: number; proxyFor?: (u: URL) => string | null } = {}): Promise<TimedFetchResult> {
  const max = opts.maxRedirects ?? 10;
  const hops: RedirectHop[] = [];
  const originalHost = new URL(rawUrl).host;
  let url = rawUrl;
  const seen = new Set<string>();
  for (let hop = 0; ; hop++) {
    const u = new URL(url);
    const headers = { ...opts.headers };
    if (u.host !== originalHost) delete headers['Authorization'];
    const r = await timedRequest(url, { ...opts, headers, proxy: opts.proxyFor ? opts.proxyFor(u) : opts.proxy ?? null });
    const h: RedirectHop = { ...r, hop };
    hops.push(h);
    const loc = r.headers['location'];
    if (r.error || !r.status || r.status < 300 || r.status >= 400 || r.status === 304 || !loc) return { hops, final: h };
    const next = new URL(Array.isArray(loc) ? loc[0]! : loc, url).toString();
    if (seen.has(next) || hop + 1 > max) {
      h.error = { phase: 'request', message: seen.has(next) ? `redirect loop at ${redactUrls(next)}` : `stopped after ${max} redirects`, code: 'EREDIRECT' };
      return { hops, final: h };
    }
    seen.add(url);
    url = next;
  }
}

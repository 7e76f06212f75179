// Online only: can the endpoints the go command would contact be reached, and if not, where does
// it break — name resolution, TCP connect, the HTTP proxy, the TLS handshake, or the HTTP status?
// Raw sockets keep the phases apart (node:https folds them into one error).
import { lookup } from 'node:dns/promises';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { existsSync, readFileSync } from 'node:fs';
import type { NetworkProbeFacts, ProbePhase, ProbeResult } from './types.ts';
import { parseGoproxy, redactProxyText } from '../gomod/goproxy.ts';
import { parseGosumdb } from '../gomod/gosumdb.ts';
import { parseGoUrl, hostnameOf } from '../gomod/go-url.ts';
import { proxyConfigFromEnv, proxyForUrl, parseProxyValue } from '../gomod/no-proxy.ts';
import { REDACTED } from './redact.ts';

/** Where crypto/x509 looks for roots on Linux, in order (root_linux.go). */
const LINUX_CERT_FILES = [
  '/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', '/etc/ssl/cert.pem',
];

/** `go env` values are redacted ("https://[REDACTED]@host"); brackets would not parse as userinfo. */
function parsable(value: string): string {
  return value.split(`${REDACTED}@`).join('redacted:redacted@');
}

/** Host names of the GOPROXY entries and the checksum database (for netrc lookups). */
export function endpointHosts(values: Record<string, string>, os: string): string[] {
  const hosts = new Set<string>();
  const gp = parseGoproxy(parsable(values['GOPROXY'] ?? ''), { os });
  for (const e of gp.entries) if (e.host) hosts.add(e.host);
  const sdb = parseGosumdb(parsable(values['GOSUMDB'] || 'sum.golang.org'));
  if (sdb.directHost) hosts.add(sdb.directHost);
  return [...hosts];
}

export interface ProbeOptions {
  timeoutMs: number;
  /** HTTP(S)_PROXY value to go through, or null for a direct connection. */
  proxy: string | null;
  /** PEM roots to trust (what the go command would trust); undefined for Node's defaults. */
  ca?: string | undefined;
  /** Name resolution (tests replace it so that no resolver is asked). */
  lookup?: (host: string) => Promise<string>;
}

/** One GET with phase-by-phase errors. Never throws; bounded by timeoutMs. */
export function probeUrl(rawUrl: string, role: ProbeResult['role'], opts: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const shownUrl = redactProxyText(rawUrl);
  const parsed = parseGoUrl(rawUrl);
  const base = { role, url: shownUrl, via: opts.proxy ? redactProxyText(opts.proxy) : null };
  if (!parsed.ok || (parsed.url.scheme !== 'http' && parsed.url.scheme !== 'https')) {
    return Promise.resolve({ ...base, host: '', port: 0, phase: 'http', status: null, error: parsed.ok ? `unsupported scheme ${parsed.url.scheme}` : parsed.error, durationMs: 0 });
  }
  const u = parsed.url;
  const tlsWanted = u.scheme === 'https';
  const host = hostnameOf(u.host);
  const portStr = (() => { const c = u.host.lastIndexOf(':'); const b = u.host.lastIndexOf(']'); return c > b ? u.host.slice(c + 1) : ''; })();
  const port = portStr ? Number(portStr) : tlsWanted ? 443 : 80;
  const path = (u.path || '/') + (u.rawQuery ? `?${u.rawQuery}` : '');
  const proxy = opts.proxy ? parseProxyValue(opts.proxy) : null;
  const proxyUrl = proxy && proxy.ok ? proxy.proxy : null;

  return new Promise<ProbeResult>((resolve) => {
    let phase: ProbePhase = 'dns';
    let settled = false;
    const sockets: Socket[] = [];
    const finish = (ph: ProbePhase, status: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      resolve({ ...base, host, port, phase: ph, status, error: error ? redactProxyText(error) : null, durationMs: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => finish(phase, null, `timed out after ${opts.timeoutMs} ms`), opts.timeoutMs);
    timer.unref?.();

    const readStatus = (sock: Socket, onStatus: (status: number, rest: Buffer) => void) => {
      let buf = Buffer.alloc(0);
      const onData = (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n');
        if (end >= 0) {
          sock.off('data', onData);
          const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(buf.subarray(0, end).toString('latin1'));
          if (!m) { finish(phase, null, 'malformed HTTP response'); return; }
          onStatus(Number(m[1]), buf);
        } else if (buf.length > 8192) finish(phase, null, 'HTTP status line too long');
      };
      sock.on('data', onData);
      sock.on('end', () => finish(phase, null, 'connection closed before an HTTP response'));
    };

    const request = (sock: Socket, absolute: boolean) => {
      phase = 'http';
      const target = absolute ? rawUrl.replace(/\/\/[^/@]*@/, '//') : path;
      sock.write(`GET ${target} HTTP/1.1\r\nHost: ${u.host.replace(/^[^@]*@/, '')}\r\nUser-Agent: gotune-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
      readStatus(sock, (status) => {
        const failed = status >= 500 || status === 407;
        finish(failed ? 'http' : 'ok', status, failed ? `HTTP ${status}` : null);
      });
    };

    const startTls = (raw: Socket) => {
      phase = 'tls';
      const t = tlsConnect({ socket: raw, servername: isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], ...(opts.ca ? { ca: opts.ca } : {}) });
      sockets.push(t);
      t.on('error', (e) => finish(phase, null, e.message));
      t.on('secureConnect', () => request(t, false));
    };

    const connectTo = (h: string, p: number, onConnect: (s: Socket) => void) => {
      phase = 'dns';
      const resolveHost = isIP(h) ? Promise.resolve(h) : opts.lookup ? opts.lookup(h) : lookup(h).then((r) => r.address);
      resolveHost.then((addr) => {
        if (settled) return;
        phase = proxyUrl ? 'proxy' : 'tcp';
        const s = netConnect({ host: addr, port: p });
        sockets.push(s);
        s.on('error', (e) => finish(phase, null, e.message));
        s.on('connect', () => onConnect(s));
      }, (e: Error) => finish(proxyUrl ? 'proxy' : 'dns', null, e.message));
    };

    if (!proxyUrl) {
      connectTo(host, port, (s) => (tlsWanted ? startTls(s) : request(s, false)));
      return;
    }
    const proxyPort = Number(proxyUrl.port) || 8080;
    connectTo(proxyUrl.host, proxyPort, (s) => {
      if (!tlsWanted) { request(s, true); return; }
      phase = 'proxy';
      s.write(`CONNECT ${host}:${port} HTTP/1.1\r\nHost: ${host}:${port}\r\nUser-Agent: gotune-probe\r\n\r\n`);
      let buf = Buffer.alloc(0);
      const onData = (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) { if (buf.length > 16384) finish('proxy', null, 'proxy answer too long'); return; }
        s.off('data', onData);
        const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(buf.toString('latin1'));
        const status = m ? Number(m[1]) : null;
        if (status !== 200) { finish('proxy', status, `proxy refused CONNECT${status ? `: HTTP ${status}` : ''}`); return; }
        startTls(s);
      };
      s.on('data', onData);
    });
  });
}

function trustedRoots(env: Record<string, string | undefined>, os: string): string | undefined {
  if (os !== 'linux') return undefined;
  const candidates = env['SSL_CERT_FILE'] ? [env['SSL_CERT_FILE']] : LINUX_CERT_FILES;
  for (const f of candidates) {
    try { if (existsSync(f)) return readFileSync(f, 'utf8'); } catch { /* next */ }
  }
  return undefined;
}

export interface NetworkProbeOptions {
  values: Record<string, string>;
  env: Record<string, string | undefined>;
  os: string;
  timeoutMs?: number;
  lookup?: (host: string) => Promise<string>;
}

/** Probes each network GOPROXY entry (up to the first that ends the list) and the checksum database. */
export async function gatherNetworkProbe(opts: NetworkProbeOptions): Promise<NetworkProbeFacts> {
  const timeoutMs = opts.timeoutMs ?? 4000;
  const gp = parseGoproxy(parsable(opts.values['GOPROXY'] ?? ''), { os: opts.os });
  if (gp.error) return { results: [], skipped: `GOPROXY is unusable: ${gp.error}` };
  const proxyEnv = proxyConfigFromEnv(opts.env);
  const ca = trustedRoots(opts.env, opts.os);
  // The raw (unredacted) value is needed only for the host; credentials are never sent.
  const sdb = parseGosumdb(parsable(opts.values['GOSUMDB'] || 'sum.golang.org'));
  const dbName = sdb.kind === 'db' ? sdb.name : null;
  const proxies = gp.entries.filter((e) => e.kind === 'url' && (e.scheme === 'http' || e.scheme === 'https'));
  const probeOne = (url: string, role: ProbeResult['role']) => {
    const d = proxyForUrl(url, proxyEnv);
    return probeUrl(url, role, { timeoutMs, proxy: d.proxy ? (d.via ? opts.env[d.via] ?? null : null) : null, ca, ...(opts.lookup ? { lookup: opts.lookup } : {}) });
  };
  const results = await Promise.all(proxies.map((e) => {
    const baseUrl = e.url.replace(/\/+$/, '').replace(/\/\/\[REDACTED\]@/, '//');
    return probeOne(dbName ? `${baseUrl}/sumdb/${dbName}/supported` : `${baseUrl}/`, 'proxy');
  }));
  if (sdb.kind === 'db' && dbName) {
    // The go command uses the first proxy that answers 200 to /sumdb/<name>/supported, else the DB itself.
    const viaProxy = sdb.url ? null : results.find((r) => r.phase === 'ok' && r.status === 200);
    if (!viaProxy) {
      const base = sdb.url ? sdb.url.replace(/\/+$/, '') : `https://${dbName}`;
      results.push(await probeOne(`${base}/latest`, 'sumdb'));
    }
  }
  return { results, skipped: null };
}

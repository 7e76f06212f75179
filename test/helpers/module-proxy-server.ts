// A module proxy on loopback for tests: serves the GOPROXY protocol (list, latest, info, mod,
// zip) for modules the test defines, over HTTP or HTTPS (test CA), with per-endpoint behaviours
// (delays, 404/410/500, hangs, byte-at-a-time drips, redirects, oversized bodies) and a log of
// every request, so the real go command's requests can be compared with gotune's.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { escapePath, escapeVersion } from '../../src/gomod/module.ts';
import { compare } from '../../src/gomod/semver.ts';
import { buildModuleZip } from '../gomod-hash/zip-writer.ts';

export interface ServedVersion {
  mod: string;
  zip: Buffer;
  time?: string;
}

export interface Behavior {
  /** Matches the request path (string: exact suffix match; RegExp: test). */
  match: string | RegExp;
  status?: number;
  body?: string | Buffer;
  /** Delay before the response headers. */
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
  /** Send the body one byte per interval. */
  dripMs?: number;
  /** Redirect (302) to this URL prefix + the same path. */
  redirectTo?: string;
  /** Redirect (302) to exactly this URL. */
  location?: string;
  /** Declare a Content-Length other than the real one. */
  declaredLength?: number;
  /** Apply only this many times. */
  times?: number;
  /** Answer 401 (with WWW-Authenticate) unless the Authorization header is exactly this; else serve normally. */
  requireAuth?: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  at: number;
  authorization: string | null;
}

export interface ModuleProxyOptions {
  tls?: { key: string; cert: string };
  /** Module path → version → files. */
  modules?: Record<string, Record<string, ServedVersion>>;
  behaviors?: Behavior[];
  /** Serves /sumdb/<name>/... ; return null for 404. */
  sumdb?: (path: string) => { status: number; body: string | Buffer } | null;
  /** Path prefix under which the proxy lives (e.g. "/goproxy"). */
  prefix?: string;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
}

export interface ModuleProxy {
  url: string;
  port: number;
  log: LoggedRequest[];
  behaviors: Behavior[];
  close(): Promise<void>;
}

/** A go.mod and a small package, zipped as the go command expects. */
export function simpleModule(path: string, version: string, files: Record<string, string> = {}): ServedVersion {
  const mod = `module ${path}\n\ngo 1.21\n`;
  const all = new Map<string, string>([['go.mod', mod], ['lib.go', `package lib\n\nconst Version = ${JSON.stringify(version)}\n`], ...Object.entries(files)]);
  return { mod, zip: buildModuleZip(path, version, all), time: '2024-01-02T03:04:05Z' };
}

export async function startModuleProxy(opts: ModuleProxyOptions): Promise<ModuleProxy> {
  const log: LoggedRequest[] = [];
  const behaviors = [...(opts.behaviors ?? [])];
  const prefix = opts.prefix ?? '';
  const byEscaped = new Map<string, { path: string; versions: Record<string, ServedVersion> }>();
  for (const [p, versions] of Object.entries(opts.modules ?? {})) byEscaped.set(escapePath(p), { path: p, versions });
  const sockets = new Set<Socket>();

  const route = (path: string): { status: number; body: Buffer | string; type: string } => {
    if (path.startsWith('/sumdb/')) {
      const r = opts.sumdb?.(path);
      return r ? { ...r, type: 'text/plain; charset=utf-8' } : { status: 404, body: 'not found\n', type: 'text/plain' };
    }
    const m = /^\/(.+?)\/@(v\/(.+)|latest)$/.exec(path);
    if (!m) return { status: 404, body: 'not found\n', type: 'text/plain' };
    const mod = byEscaped.get(m[1]!);
    if (!mod) return { status: 404, body: `not found: ${m[1]}\n`, type: 'text/plain' };
    const versions = Object.keys(mod.versions).sort(compare);
    const info = (v: string) => JSON.stringify({ Version: v, Time: mod.versions[v]!.time ?? '2024-01-02T03:04:05Z' });
    if (m[2] === 'latest') return versions.length ? { status: 200, body: info(versions[versions.length - 1]!), type: 'application/json' } : { status: 404, body: 'no versions\n', type: 'text/plain' };
    const rest = m[3]!;
    if (rest === 'list') return { status: 200, body: versions.map((v) => v + '\n').join(''), type: 'text/plain; charset=utf-8' };
    const f = /^(.+)\.(info|mod|zip)$/.exec(rest);
    if (!f) return { status: 404, body: 'not found\n', type: 'text/plain' };
    const version = versions.find((v) => escapeVersion(v) === f[1]);
    if (!version) return { status: 404, body: `not found: ${mod.path}@${f[1]}: invalid version: unknown revision ${f[1]}\n`, type: 'text/plain' };
    const sv = mod.versions[version]!;
    if (f[2] === 'info') return { status: 200, body: info(version), type: 'application/json' };
    if (f[2] === 'mod') return { status: 200, body: sv.mod, type: 'text/plain; charset=utf-8' };
    return { status: 200, body: sv.zip, type: 'application/zip' };
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const full = decodeURI((req.url ?? '/').split('?')[0]!);
    const path = prefix && full.startsWith(prefix) ? full.slice(prefix.length) : full;
    const entry: LoggedRequest = { method: req.method ?? 'GET', path, status: 0, at: Date.now(), authorization: (req.headers['authorization'] as string | undefined) ?? null };
    log.push(entry);
    const b = behaviors.find((x) => (typeof x.match === 'string' ? path.endsWith(x.match) : x.match.test(path)) && (x.times === undefined || x.times > 0));
    if (b && b.times !== undefined) b.times--;
    const respond = () => {
      if (b?.hang) { entry.status = -1; return; }
      if (b?.requireAuth !== undefined) {
        if (req.headers['authorization'] !== b.requireAuth) {
          entry.status = 401;
          res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Basic realm="gotune test"' });
          res.end(req.method === 'HEAD' ? undefined : 'unauthorized\n');
          return;
        }
        const r = route(path);
        const body = Buffer.from(r.body);
        entry.status = r.status;
        res.writeHead(r.status, { 'Content-Type': r.type, 'Content-Length': String(body.length) });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      if (b?.redirectTo || b?.location) {
        entry.status = 302;
        res.writeHead(302, { Location: b.location || b.redirectTo!.replace(/\/$/, '') + full });
        res.end();
        return;
      }
      const r = b?.status ? { status: b.status, body: b.body ?? `status ${b.status}\n`, type: 'text/plain' } : route(path);
      const body = Buffer.isBuffer(b?.body) || typeof b?.body === 'string' ? Buffer.from(b!.body) : Buffer.from(r.body);
      entry.status = r.status;
      res.writeHead(r.status, { 'Content-Type': r.type, 'Content-Length': String(b?.declaredLength ?? body.length) });
      if (req.method === 'HEAD') { res.end(); return; }
      if (b?.dripMs) {
        let i = 0;
        const tick = () => {
          if (res.destroyed) return;
          if (i >= body.length) { res.end(); return; }
          res.write(body.subarray(i, i + 1));
          i++;
          setTimeout(tick, b.dripMs);
        };
        tick();
        return;
      }
      res.end(body);
    };
    if (b?.delayMs) setTimeout(respond, b.delayMs);
    else respond();
  };

  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : http.createServer(handler);
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('secureConnection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}${prefix}`,
    port,
    log,
    behaviors,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

// The effective download settings for a trace, as the go command would use them: its own
// `go env` values (so the env file and $GOROOT/go.env count), credentials per host, the
// HTTP proxy per URL and the CA bundle.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gatherGoEnv } from '../facts/go-env.ts';
import { proxyConfigFromEnv, proxyForUrl } from '../gomod/no-proxy.ts';
import { loadNetrc } from './netrc.ts';
import { basicAuth, GoAuth } from './goauth-runner.ts';
import type { TraceSettings } from './replay.ts';

export interface ResolvedSettings extends TraceSettings {
  goBinary: string | null;
  goauth: string;
  /** Where the CA bundle came from, if one replaces the system roots. */
  caSource: string | null;
  /** Problems running GOAUTH commands (filled while the trace runs; never holds credentials). */
  goauthErrors: string[];
  notes: string[];
}

export async function resolveTraceSettings(env: Record<string, string | undefined>, cwd: string, goBinary: string | null): Promise<ResolvedSettings> {
  const notes: string[] = [];
  const ge = await gatherGoEnv(goBinary, env, cwd, 10_000);
  // `go env` values are redacted for display; credentials must come from the raw sources.
  const raw = (k: string): string => (env[k] !== undefined && env[k] !== '' ? env[k]! : ge.values[k] ?? '');
  if (!ge.ok) notes.push(`go env failed (${ge.error ?? 'unknown error'}): using the process environment only`);
  const goproxy = rawGoproxy(env, ge.values['GOPROXY'] ?? '', notes);
  const goprivate = raw('GOPRIVATE');
  const goauth = raw('GOAUTH') || 'netrc';
  const byHost = new Map<string, string>();
  const netrc = () => loadNetrc(env, process.platform === 'win32' ? 'windows' : 'linux');
  for (const l of [...netrc()].reverse()) byHost.set(l.machine.toLowerCase(), basicAuth(l.login, l.password));
  // GOAUTH came with Go 1.24; before it the go command read .netrc and nothing else.
  const minor = /^go1\.(\d+)/.exec(ge.values['GOVERSION'] ?? '')?.[1];
  const hasGoauth = minor === undefined || Number(minor) >= 24;
  if (!hasGoauth && raw('GOAUTH')) notes.push(`GOAUTH is ignored by ${ge.values['GOVERSION']} (it came with Go 1.24): only .netrc is used`);
  // Go 1.24+ keys netrc credentials by machine name as a URL prefix (host:port must match);
  // older releases compared the machine with the host name alone: `credentials` below.
  const auth = hasGoauth ? new GoAuth({ goauth, env, netrc }) : undefined;
  if (hasGoauth && /(^|;)\s*git\s/.test(goauth)) notes.push('GOAUTH=git: gotune runs `git credential fill` as the go command does, but does not send its HEAD check nor tell git to approve or reject the credential');
  const pcfg = proxyConfigFromEnv(env);
  let ca: string[] | undefined;
  let caSource: string | null = null;
  if (env['SSL_CERT_FILE'] || env['SSL_CERT_DIR']) {
    ca = [];
    if (env['SSL_CERT_FILE']) { try { ca.push(readFileSync(env['SSL_CERT_FILE'], 'utf8')); caSource = env['SSL_CERT_FILE']; } catch (e) { notes.push(`SSL_CERT_FILE unreadable: ${(e as Error).message}`); } }
    for (const d of (env['SSL_CERT_DIR'] ?? '').split(':').filter(Boolean)) {
      try { for (const f of readdirSync(d)) { try { ca.push(readFileSync(join(d, f), 'utf8')); } catch { /* not a file */ } } caSource ??= d; } catch (e) { notes.push(`SSL_CERT_DIR ${d} unreadable: ${(e as Error).message}`); }
    }
  }
  return {
    goBinary,
    goproxy,
    gonoproxy: raw('GONOPROXY') || goprivate,
    gonosumdb: raw('GONOSUMDB') || goprivate,
    gosumdb: raw('GOSUMDB'),
    goauth,
    // netrc machines are host names; a URL's host may carry a port. (Used where `auth` is not.)
    credentials: (host) => byHost.get(host.toLowerCase()) ?? byHost.get(host.toLowerCase().replace(/:\d+$/, '')) ?? null,
    ...(auth ? { auth } : {}),
    goauthErrors: auth?.errors ?? [],
    goVersion: ge.values['GOVERSION'] || null,
    httpProxyFor: (url) => {
      const d = proxyForUrl(url.toString(), pcfg);
      if (!d.proxy) return null;
      const v = url.protocol === 'https:' ? pcfg.httpsProxy : pcfg.httpProxy;
      return /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`;
    },
    ...(ca ? { ca } : {}),
    caSource,
    notes,
  };
}

/** The GOPROXY value with its credentials: from the environment when set there, else from the env file via `go env`. */
function rawGoproxy(env: Record<string, string | undefined>, fromGoEnv: string, notes: string[]): string {
  if (env['GOPROXY']) return env['GOPROXY'];
  if (fromGoEnv.includes('[REDACTED]')) notes.push('GOPROXY credentials come from the go env -w file and are not replayed; set them in the environment or .netrc');
  return fromGoEnv.replace(/\/\/\[REDACTED\]@/g, '//');
}

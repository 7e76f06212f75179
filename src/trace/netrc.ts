// .netrc credentials, read the way the go command's auth package does (machine / login /
// password tokens; `default` ignored, as Go ignores it). Passwords stay in memory and only
// become an Authorization header for the very host they belong to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NetrcLine {
  machine: string;
  login: string;
  password: string;
}

export function parseNetrc(text: string): NetrcLine[] {
  const out: NetrcLine[] = [];
  const tokens = text.split(/\s+/).filter(Boolean);
  let cur: Partial<NetrcLine> | null = null;
  const flush = () => { if (cur?.machine && cur.login !== undefined && cur.password !== undefined) out.push(cur as NetrcLine); };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === 'machine') { flush(); cur = { machine: tokens[++i] ?? '' }; }
    else if (t === 'default') { flush(); cur = null; }
    else if (t === 'macdef') { flush(); cur = null; break; }
    else if (cur && t === 'login') cur.login = tokens[++i] ?? '';
    else if (cur && t === 'password') cur.password = tokens[++i] ?? '';
  }
  flush();
  return out;
}

export function netrcPath(env: Record<string, string | undefined>, os: string): string | null {
  if (env['NETRC']) return env['NETRC'];
  const home = os === 'windows' ? env['USERPROFILE'] : env['HOME'];
  return home ? join(home, os === 'windows' ? '_netrc' : '.netrc') : null;
}

export function loadNetrc(env: Record<string, string | undefined>, os: string): NetrcLine[] {
  const p = netrcPath(env, os);
  if (!p) return [];
  try { return parseNetrc(readFileSync(p, 'utf8').slice(0, 1 << 20)); } catch { return []; }
}

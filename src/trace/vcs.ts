// For modules the go command would fetch from version control (GOPROXY=direct, a chain ending
// in direct, GONOPROXY): find the repository as the go command does (static rules for the big
// code hosts, else the `go-import` meta tag at https://<path>?go-get=1) and time `git ls-remote`,
// the first thing the go command runs against it.
import { spawn } from 'node:child_process';
import { redactUrls } from '../facts/redact.ts';
import { timedFetch, type TimedRequestOptions } from './http-timing.ts';

export interface RepoRoot {
  prefix: string;
  vcs: string;
  url: string;
  /** How it was found: a static rule or the meta tag (with the lookup's time). */
  via: 'static' | 'go-get';
  lookupMs: number;
}

const STATIC: { re: RegExp; vcs: string }[] = [
  { re: /^(github\.com\/[\w.-]+\/[\w.-]+)/, vcs: 'git' },
  { re: /^(gitlab\.com\/[\w.-]+\/[\w.-]+)/, vcs: 'git' },
  { re: /^(bitbucket\.org\/[\w.-]+\/[\w.-]+)/, vcs: 'git' },
  { re: /^(git\.apache\.org\/[\w.-]+\.git)/, vcs: 'git' },
];

/** Parses go-import meta tags from an HTML page (the go command reads them until </head>). */
export function parseGoImport(html: string): { prefix: string; vcs: string; url: string }[] {
  const out: { prefix: string; vcs: string; url: string }[] = [];
  const head = html.split(/<\/head>/i)[0]!.slice(0, 1 << 20);
  for (const m of head.matchAll(/<meta\s+([^>]*)>/gi)) {
    const attrs = m[1]!;
    const name = /name\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1];
    if (name !== 'go-import') continue;
    const content = /content\s*=\s*("([^"]*)"|'([^']*)')/i.exec(attrs);
    const f = (content?.[2] ?? content?.[3] ?? '').trim().split(/\s+/);
    if (f.length === 3) out.push({ prefix: f[0]!, vcs: f[1]!, url: f[2]! });
  }
  return out;
}

export async function findRepo(modulePath: string, opts: TimedRequestOptions = {}): Promise<RepoRoot | { error: string }> {
  for (const s of STATIC) {
    const m = s.re.exec(modulePath);
    if (m) return { prefix: m[1]!, vcs: s.vcs, url: `https://${m[1]}`, via: 'static', lookupMs: 0 };
  }
  const r = await timedFetch(`https://${modulePath}?go-get=1`, { ...opts, keepBody: true, maxBytes: 1 << 20 });
  const f = r.final;
  if (f.error) return { error: `https://${modulePath}?go-get=1: ${f.error.phase}: ${f.error.message}` };
  if (f.status !== 200) return { error: `https://${modulePath}?go-get=1: ${f.status}` };
  const tags = parseGoImport(f.body?.toString('utf8') ?? '').filter((t) => modulePath === t.prefix || modulePath.startsWith(t.prefix + '/'));
  if (!tags.length) return { error: `no go-import meta tag for ${modulePath} at https://${modulePath}?go-get=1` };
  const t = tags.sort((a, b) => b.prefix.length - a.prefix.length)[0]!;
  return { ...t, via: 'go-get', lookupMs: f.time_total * 1000 };
}

export interface LsRemote { url: string; ms: number; ok: boolean; refs: number; error: string | null }

/** Times `git ls-remote` against the repository, bounded, never prompting for credentials. */
export function timeLsRemote(url: string, timeoutMs = 60_000): Promise<LsRemote> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const c = spawn('git', ['ls-remote', '-q', url], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '/bin/false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    c.stdout.on('data', (d) => { out += d; });
    c.stderr.on('data', (d) => { if (err.length < 4096) err += d; });
    const timer = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
    c.on('error', (e) => { clearTimeout(timer); resolve({ url: redactUrls(url), ms: performance.now() - t0, ok: false, refs: 0, error: e.message }); });
    c.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      resolve({ url: redactUrls(url), ms, ok: code === 0, refs: out.split('\n').filter(Boolean).length, error: code === 0 ? null : redactUrls(signal ? `killed after ${timeoutMs} ms` : err.trim().split('\n').pop() ?? `exit ${code}`) });
    });
  });
}

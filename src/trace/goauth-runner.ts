// GOAUTH as the go command (1.24+) carries it out, for `gotune trace`: cmd/go/internal/auth.
//
// - Credentials are only ever added to https requests.
// - Before the first https request, every GOAUTH command runs once without a URL: `netrc` loads
//   ~/.netrc, a user command runs with no argument, `git` waits for a URL (git cannot list
//   credentials). Commands run in reverse order, so the first one listed wins.
// - After a 4xx over https, the go command runs them again with the URL (a user command gets it as
//   its last argument and the response's status line and headers on standard input; `git` runs
//   `git credential fill` in its directory) and asks once more.
// - Credentials are kept per URL prefix (host and path, without https://) and a request gets the
//   longest prefix of its host and path.
//
// Two things gotune leaves out on purpose: after `git credential fill` the go command validates the
// credential with a HEAD request to the prefix and tells git to approve or reject it (gotune never
// changes a credential store); and git runs with GIT_TERMINAL_PROMPT=0, so a trace never waits at
// a password prompt. Credentials are never printed: errors keep only the command and its exit status.
import { spawn } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import type { NetrcLine } from './netrc.ts';
import { redactUrls } from '../facts/redact.ts';

export type AuthHeaders = Record<string, string>;

export interface AuthResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
}

export interface RunResult { status: number | null; stdout: string; stderr: string; error: string | null }
export type AuthCommandRunner = (argv: string[], opts: { stdin: string; cwd?: string; env: Record<string, string | undefined>; combine?: boolean }) => Promise<RunResult>;

export interface GoAuthOptions {
  /** The GOAUTH value (default `netrc`). */
  goauth: string;
  env: Record<string, string | undefined>;
  netrc: () => NetrcLine[];
  run?: AuthCommandRunner;
  timeoutMs?: number;
}

/** cmd/internal/quoted.Split: words separated by spaces; '...' or "..." groups a word; no escapes. */
export function splitQuoted(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const q = s[i];
    if (q === '"' || q === "'") {
      const end = s.indexOf(q, i + 1);
      if (end < 0) throw new Error('unterminated ' + q + ' string');
      out.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !/\s/.test(s[j]!) && s[j] !== '"' && s[j] !== "'") j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// eslint-disable-next-line no-control-regex
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;

/** parseUserAuth: blocks of URL lines, a blank line, header lines, a blank line. Keys are prefixes without https://. */
export function parseUserAuth(data: string): Map<string, AuthHeaders> {
  const out = new Map<string, AuthHeaders>();
  let rest = data;
  const cut = (): string | null => {
    const k = rest.indexOf('\n');
    if (k < 0) return null;
    const line = rest.slice(0, k);
    rest = rest.slice(k + 1);
    return line;
  };
  while (rest !== '') {
    const urls: string[] = [];
    for (;;) {
      const line = cut();
      if (line === null) throw new Error('invalid format: missing empty line after URLs');
      if (line === '') break;
      let u: URL;
      // The line itself is not repeated: a command that prints its token first must not have it shown.
      try { u = new URL(line); } catch { throw new Error(`could not parse a URL line (${line.length} characters)`); }
      urls.push(u.toString());
    }
    const header: AuthHeaders = {};
    for (;;) {
      const line = cut();
      if (line === null) throw new Error('invalid format: missing empty line after headers');
      if (line === '') break;
      const k = line.indexOf(': ');
      const name = k < 0 ? '' : line.slice(0, k);
      const value = k < 0 ? '' : line.slice(k + 2).trim();
      if (k < 0 || !TOKEN.test(name) || BAD_VALUE.test(value)) throw new Error('invalid format: invalid header line');
      header[name] = header[name] !== undefined ? `${header[name]}, ${value}` : value;
    }
    for (const p of urls) out.set(p.replace(/^https:\/\//, ''), { ...header });
  }
  return out;
}

/** parseGitAuth: `key=value` lines of `git credential fill`; the prefix from url= or protocol/host/path. */
export function parseGitAuth(out: string): { prefix: string; username: string; password: string } {
  let protocol = '';
  let host = '';
  let path = '';
  let fromUrl: string | null = null;
  let username = '';
  let password = '';
  for (const raw of out.split('\n')) {
    const line = raw.trim();
    const k = line.indexOf('=');
    if (k < 0) continue;
    const key = line.slice(0, k);
    const value = line.slice(k + 1);
    if (key === 'protocol') protocol = value;
    else if (key === 'host') host = value;
    else if (key === 'path') path = value;
    else if (key === 'username') username = value;
    else if (key === 'password') password = value;
    else if (key === 'url') { try { new URL(value); fromUrl = value; } catch { /* malformed: keep the other fields, as Go does */ } }
  }
  let prefix = fromUrl ?? '';
  if (!fromUrl && (protocol || host)) prefix = `${protocol ? `${protocol}:` : ''}${host ? `//${host}` : ''}${path ? (path.startsWith('/') ? path : `/${path}`) : ''}`;
  return { prefix, username, password };
}


/** Runs a command asynchronously (a test's module proxy may live in this very process), killed after `timeoutMs`. */
export function defaultAuthRunner(timeoutMs = 15_000): AuthCommandRunner {
  return (argv, opts) => new Promise((resolve) => {
    let child;
    try {
      child = spawn(argv[0]!, argv.slice(1), { cwd: opts.cwd, env: opts.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ status: null, stdout: '', stderr: '', error: (e as Error).message });
      return;
    }
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    // git's CombinedOutput: both streams in one, as the go command reads them.
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (opts.combine) stdout += d; else stderr += d; });
    child.on('error', (e) => { clearTimeout(timer); resolve({ status: null, stdout, stderr, error: e.message }); });
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr, error: timedOut ? `did not finish within ${timeoutMs} ms` : null }); });
    child.stdin.on('error', () => { /* the command did not read its input */ });
    child.stdin.end(opts.stdin);
  });
}

/** Where a trace gets credentials for an https URL: GoAuth, or a test's stand-in. */
export interface AuthSource {
  headersFor(url: string): Promise<AuthHeaders | null>;
  retry(url: string, res: AuthResponse): Promise<AuthHeaders | null>;
}

export interface CredentialSettings {
  credentials: (host: string) => string | null;
  auth?: AuthSource;
}

export function basicAuth(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

function userinfoHeaders(u: URL): AuthHeaders | null {
  return u.username || u.password ? { Authorization: basicAuth(decodeURIComponent(u.username), decodeURIComponent(u.password)) } : null;
}

/** `u` as it goes on the wire: userinfo travels as a header, never in the request line. */
export function withoutUserinfo(u: URL): URL {
  const clean = new URL(u);
  clean.username = '';
  clean.password = '';
  return clean;
}

/**
 * The credentials the go command sends with a first request for `u`: the URL's userinfo as basic
 * auth (net/http does that on any scheme); else none over plain http; over https those of GOAUTH
 * (`auth`), else the per-host ones (`credentials`).
 */
export async function credentialHeaders(s: CredentialSettings, u: URL): Promise<AuthHeaders | null> {
  const ui = userinfoHeaders(u);
  if (ui) return ui;
  if (u.protocol !== 'https:') return null;
  if (s.auth) return s.auth.headersFor(withoutUserinfo(u).toString());
  const c = s.credentials(u.hostname) ?? s.credentials(u.host);
  return c ? { Authorization: c } : null;
}

/**
 * The credentials for asking `u` again after a 4xx over https (Go 1.24+): GOAUTH runs again with
 * the URL and the failed response; userinfo, or no GOAUTH at all, leaves the first request's.
 */
export async function retryHeaders(s: CredentialSettings, u: URL, status: number, headers: IncomingHttpHeaders, first: AuthHeaders | null): Promise<AuthHeaders | null> {
  if (userinfoHeaders(u) || !s.auth) return first;
  return s.auth.retry(withoutUserinfo(u).toString(), { status, statusText: STATUS_CODES[status] ?? '', headers });
}

export class GoAuth implements AuthSource {
  private readonly cache = new Map<string, AuthHeaders>();
  private initial: Promise<void> | null = null;
  private readonly run: AuthCommandRunner;
  /** Commands in the order the go command runs them (reversed), trimmed. */
  private readonly commands: string[];
  readonly off: boolean;
  /** Problems met while running GOAUTH commands (no credential values). */
  readonly errors: string[] = [];

  constructor(private readonly opts: GoAuthOptions) {
    this.run = opts.run ?? defaultAuthRunner(opts.timeoutMs);
    const value = opts.goauth.trim() === '' ? 'netrc' : opts.goauth;
    this.commands = value.split(';').map((c) => c.trim()).reverse();
    this.off = this.commands.length === 1 && this.commands[0] === 'off';
  }

  /** Headers for a first request to `url` (https only). */
  async headersFor(url: string): Promise<AuthHeaders | null> {
    if (this.off || !url.startsWith('https:')) return null;
    this.initial ??= this.runAll(null, null);
    await this.initial;
    return this.load(url);
  }

  /** After a 4xx over https: the commands run again with the URL and the response; then the headers for `url`. */
  async retry(url: string, res: AuthResponse): Promise<AuthHeaders | null> {
    if (this.off || !url.startsWith('https:')) return null;
    this.initial ??= this.runAll(null, null);
    await this.initial;
    await this.runAll(url, res);
    return this.load(url);
  }

  private store(prefix: string, header: AuthHeaders | null): void {
    const p = prefix.replace(/^https:\/\//, '').replace(/\/$/, '');
    if (!header || Object.keys(header).length === 0) this.cache.delete(p);
    else this.cache.set(p, header);
  }

  /** loadCredential: the longest cached prefix of host + path. */
  private load(raw: string): AuthHeaders | null {
    let u: URL;
    try { u = new URL(raw); } catch { return null; }
    let prefix = (u.host + u.pathname).replace(/\/$/, '');
    for (;;) {
      const h = this.cache.get(prefix);
      if (h) return { ...h };
      const k = prefix.lastIndexOf('/');
      if (k < 0) return null;
      prefix = prefix.slice(0, k);
    }
  }

  private async runAll(url: string | null, res: AuthResponse | null): Promise<void> {
    for (const command of this.commands) {
      const words = command.split(/\s+/).filter(Boolean);
      if (words.length === 0) { this.errors.push('GOAUTH has an empty command'); continue; }
      if (words[0] === 'off') continue;
      if (words[0] === 'netrc') {
        const lines = this.opts.netrc();
        for (let i = lines.length - 1; i >= 0; i--) this.store(lines[i]!.machine, { Authorization: basicAuth(lines[i]!.login, lines[i]!.password) });
        continue;
      }
      if (words[0] === 'git') {
        if (words.length !== 2 || !isAbsolute(words[1]!)) { this.errors.push(`GOAUTH=${shown(command)}: git needs an absolute path to a git working directory`); continue; }
        if (url === null) continue; // git cannot list credentials: it waits for a URL
        await this.gitAuth(command, words[1]!, url);
        continue;
      }
      await this.userAuth(command, url, res);
    }
  }

  private async gitAuth(command: string, dir: string, url: string): Promise<void> {
    const r = await this.run(['git', 'credential', 'fill'], { stdin: `url=${url}\n`, cwd: dir, env: { ...this.opts.env, GIT_TERMINAL_PROMPT: '0' }, combine: true });
    if (r.error || r.status !== 0) {
      this.errors.push(`GOAUTH=${shown(command)}: 'git credential fill' failed (${r.error ?? `exit status ${String(r.status)}`})`);
      return;
    }
    const { prefix, username, password } = parseGitAuth(r.stdout);
    if (!prefix) { this.errors.push(`GOAUTH=${shown(command)}: 'git credential fill' gave no URL for the credential`); return; }
    if (!url.startsWith(prefix)) { this.errors.push(`GOAUTH=${shown(command)}: asked for a credential for ${redactUrls(url)}, git gave one for ${redactUrls(prefix)}`); return; }
    this.store(prefix, { Authorization: basicAuth(username, password) });
  }

  private async userAuth(command: string, url: string | null, res: AuthResponse | null): Promise<void> {
    let argv: string[];
    try { argv = splitQuoted(command); } catch (e) { this.errors.push(`GOAUTH=${shown(command)}: cannot parse the command: ${(e as Error).message}`); return; }
    if (argv.length === 0) return;
    if (url !== null) argv.push(url);
    let stdin = '';
    if (res) {
      stdin = `HTTP/1.1 ${res.status} ${res.statusText}\n`;
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) stdin += `${canonicalHeader(k)}: ${Array.isArray(v) ? v.join(', ') : v}\n`;
      stdin += '\n';
    }
    const r = await this.run(argv, { stdin, env: this.opts.env });
    if (r.error || r.status !== 0) {
      this.errors.push(`GOAUTH=${shown(command)}: could not run the command (${r.error ?? `exit status ${String(r.status)}`})`);
      return;
    }
    let creds: Map<string, AuthHeaders>;
    try { creds = parseUserAuth(r.stdout); } catch (e) { this.errors.push(`GOAUTH=${shown(command)}: cannot parse its output: ${(e as Error).message}`); return; }
    for (const [prefix, header] of creds) this.store(prefix, header);
  }
}

/** A command as shown in notes: its program and, for git, the directory; other arguments may hold tokens. */
function shown(command: string): string {
  const words = command.trim().split(/\s+/);
  if (words[0] === 'git') return command.trim();
  return words.length > 1 ? `${words[0]} …` : words[0] ?? '';
}

/** Go prints header names in canonical form (Content-Type, Www-Authenticate). */
function canonicalHeader(k: string): string {
  return k.split('-').map((w) => (w ? w[0]!.toUpperCase() + w.slice(1).toLowerCase() : w)).join('-');
}

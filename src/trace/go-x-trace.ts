// The go command's own `-x` trace lines, as printed by cmd/go/internal/web (HTTP gets) and
// modfetch/codehost (version-control commands):
//   # get https://proxy.golang.org/golang.org/x/mod/@v/list
//   # get https://proxy.golang.org/golang.org/x/mod/@v/list: 200 OK (0.157s)
//   # get https://example.com/?go-get=1: dial tcp: lookup example.com: no such host
//   mkdir -p /root/go/pkg/mod/cache/vcs # git https://example.com/repo
//   # lock /root/go/pkg/mod/cache/vcs/0123….lock
//   cd /root/go/pkg/mod/cache/vcs/0123…; git ls-remote -q origin
//   0.392s # cd /root/go/pkg/mod/cache/vcs/0123…; git ls-remote -q origin
// and, from cmd/go/internal/vcs (finding a repository's scheme), untimed, on two lines:
//   cd /root/go/pkg/mod
//   git ls-remote https://example.com/repo
// The go command prints URLs redacted; lines are redacted again before they are kept.
import { redactText } from '../facts/redact.ts';

export type XEvent =
  | { type: 'get-start'; url: string; atMs: number }
  | { type: 'get-done'; url: string; status: number; statusText: string; seconds: number; atMs: number }
  | { type: 'get-error'; url: string; message: string; atMs: number }
  | { type: 'vcs-start'; command: string; program: string; dir: string | null; atMs: number }
  | { type: 'vcs-done'; command: string; program: string; seconds: number; atMs: number }
  | { type: 'vcs-setup'; text: string; atMs: number };

const VCS = '(git|hg|svn|bzr|fossil)';
const GET_DONE = /^# get (\S+): (\d{3})(?: ([^()]*?))? \((\d+(?:\.\d+)?)s\)$/;
const GET_ERR = /^# get (\S+): (.+)$/;
const GET_START = /^# get (\S+)$/;
const VCS_DONE = new RegExp(`^(\\d+(?:\\.\\d+)?)s # ((?:cd .+?; )?${VCS}(?: .*)?)$`);
const VCS_START = new RegExp(`^(?:cd (.+?); )?${VCS}(?: .*)?$`);
const VCS_SETUP = /^(?:# lock \S.*|mkdir -p \S+ # \S+ \S+|cd \/\S*)$/;
const MAX_LINE = 64 << 10;

/** One -x line parsed, or null when the line is something else (the go command's normal output). Never throws. */
export function parseXLine(line: string, atMs: number): XEvent | null {
  if (line.length > MAX_LINE) return null;
  const l = line.replace(/\r$/, '');
  let m = GET_DONE.exec(l);
  if (m) return { type: 'get-done', url: redactText(m[1]!), status: Number(m[2]), statusText: m[3] ?? '', seconds: Number(m[4]), atMs };
  m = GET_START.exec(l);
  if (m) return { type: 'get-start', url: redactText(m[1]!), atMs };
  m = GET_ERR.exec(l);
  if (m) return { type: 'get-error', url: redactText(m[1]!), message: redactText(m[2]!), atMs };
  m = VCS_DONE.exec(l);
  if (m) return { type: 'vcs-done', seconds: Number(m[1]), command: redactText(m[2]!), program: m[3]!, atMs };
  m = VCS_START.exec(l);
  if (m) return { type: 'vcs-start', command: redactText(l), program: m[2]!, dir: m[1] ?? null, atMs };
  if (VCS_SETUP.test(l)) return { type: 'vcs-setup', text: redactText(l), atMs };
  return null;
}

export interface XGet {
  url: string;
  startMs: number | null;
  endMs: number;
  status: number | null;
  /** The go command's own measurement (request start to response headers), seconds. */
  seconds: number | null;
  error: string | null;
}

export interface XCommand {
  command: string;
  program: string;
  startMs: number;
  endMs: number;
  seconds: number;
  /** The go command printed no duration (cmd/go/internal/vcs): the end is the arrival of its next -x line. */
  estimated?: boolean;
}

/** Pairs start and end lines: gets by URL (first unmatched start), VCS commands by their text. */
export function pairXEvents(events: XEvent[]): { gets: XGet[]; commands: XCommand[] } {
  const gets: XGet[] = [];
  const commands: XCommand[] = [];
  const openGets = new Map<string, number[]>();
  for (const [i, e] of events.entries()) {
    if (e.type === 'get-start') {
      const q = openGets.get(e.url) ?? [];
      q.push(e.atMs);
      openGets.set(e.url, q);
    } else if (e.type === 'get-done' || e.type === 'get-error') {
      const start = openGets.get(e.url)?.shift() ?? null;
      gets.push({
        url: e.url,
        startMs: start,
        endMs: e.atMs,
        status: e.type === 'get-done' ? e.status : null,
        seconds: e.type === 'get-done' ? e.seconds : null,
        error: e.type === 'get-error' ? e.message : null,
      });
    } else if (e.type === 'vcs-start' && e.dir === null) {
      // The vcs package runs the command synchronously and prints nothing after it.
      const end = events[i + 1]?.atMs ?? e.atMs;
      commands.push({ command: e.command, program: e.program, startMs: e.atMs, endMs: end, seconds: Math.round(end - e.atMs) / 1000, estimated: true });
    } else if (e.type === 'vcs-done') {
      // The go command times the command itself; the line arrives when it ends.
      commands.push({ command: e.command, program: e.program, startMs: Math.max(0, e.atMs - e.seconds * 1000), endMs: e.atMs, seconds: e.seconds });
    }
  }
  return { gets, commands };
}

/** Subcommands whose -x output is only the module-fetching trace (build-like ones print every compile command). */
const X_SUBCOMMANDS: readonly string[][] = [['mod', 'download'], ['mod', 'tidy'], ['mod', 'graph'], ['get'], ['list']];
const BUILD_SUBCOMMANDS = ['build', 'install', 'run', 'test', 'vet'];

/**
 * Arguments of a go command with -x added after its subcommand, when the subcommand accepts it.
 * `buildToo` also adds it to build, install, run, test and vet (whose -x output is long).
 */
export function withXFlag(goArgs: string[], buildToo = false): { args: string[]; added: boolean; userAsked: boolean } {
  let i = 0;
  // `go -C dir <subcommand>`.
  while (goArgs[i] === '-C' || goArgs[i]?.startsWith('-C=')) i += goArgs[i] === '-C' ? 2 : 1;
  const rest = goArgs.slice(i);
  const sub = X_SUBCOMMANDS.find((s) => s.every((w, k) => rest[k] === w)) ?? (buildToo && BUILD_SUBCOMMANDS.includes(rest[0] ?? '') ? [rest[0]!] : null);
  const end = rest.indexOf('--');
  const flags = end >= 0 ? rest.slice(0, end) : rest;
  const userAsked = flags.includes('-x') || flags.includes('--x') || flags.some((f) => /^--?x=(true|1)$/.test(f));
  if (!sub || userAsked) return { args: goArgs, added: false, userAsked };
  const at = i + sub.length;
  return { args: [...goArgs.slice(0, at), '-x', ...goArgs.slice(at)], added: true, userAsked };
}

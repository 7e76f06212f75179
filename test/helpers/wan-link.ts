// An emulated WAN link for the agreement tests: a network namespace joined to this one by a veth
// pair, with `tc netem` delaying every packet by the same amount in each direction. A server
// started inside the namespace (startWanServer) is reached from here across the link. Needs root
// and iproute2; netem needs the kernel's sch_netem. Where netem is missing, the server can put a
// userspace relay in front of itself that delays every chunk of data the same way (the TCP
// handshake itself is then not delayed): callers decide which of the two a test needs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface WanLink {
  ns: string;
  /** This side's address on the veth pair. */
  hostAddr: string;
  /** The namespace side's address: servers listen here. */
  nsAddr: string;
  delayMs: number;
  /** netem delays packets in both directions. */
  netem: boolean;
  /** Why netem could not be set up (tc's own words), when it could not. */
  netemError: string | null;
  cleanup(): void;
}

const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].find((p) => existsSync(p)) ?? null;
const TC = ['/usr/sbin/tc', '/sbin/tc', '/usr/bin/tc'].find((p) => existsSync(p)) ?? null;
let counter = 0;

function run(argv: string[]): { ok: boolean; err: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || `exit status ${String(r.status)}`).trim() };
}

/** Namespaces left by earlier runs that were killed before their cleanup. */
function removeStale(): void {
  if (!IP || !existsSync('/run/netns')) return;
  for (const name of readdirSync('/run/netns')) {
    const m = /^gotune-wan-(\d+)-\d+$/.exec(name);
    if (!m || existsSync(`/proc/${m[1]}`)) continue;
    run([IP, 'netns', 'del', name]);
  }
}

/** Sets up the link, or says in one sentence why this machine cannot. */
export function makeWanLink(delayMs: number): { link: WanLink | null; why: string | null } {
  if (process.platform !== 'linux') return { link: null, why: 'network namespaces need Linux' };
  if (process.getuid?.() !== 0) return { link: null, why: 'creating a network namespace needs root' };
  if (!IP) return { link: null, why: 'iproute2 (the ip command) is not installed' };
  removeStale();
  const n = counter++;
  const ns = `gotune-wan-${process.pid}-${n}`;
  const tag = `${process.pid % 100000}${n}`;
  const a = `gtw${tag}a`.slice(-15);
  const b = `gtw${tag}b`.slice(-15);
  // A /30 picked from the pid, inside 10.250.0.0/16; collisions with this machine's own routes are
  // unlikely, and a clash fails the setup below with ip's message.
  const block = ((process.pid * 4 + n * 4) % 65536) & ~3;
  const base = `10.250.${block >> 8}.${block & 255}`.split('.').map(Number);
  const addr = (k: number) => `${base[0]}.${base[1]}.${base[2]}.${base[3]! + k}`;
  const hostAddr = addr(1);
  const nsAddr = addr(2);
  const cleanup = () => {
    run([IP, 'link', 'del', a]);
    run([IP, 'netns', 'del', ns]);
  };
  const steps = [
    [IP, 'netns', 'add', ns],
    [IP, 'link', 'add', a, 'type', 'veth', 'peer', 'name', b],
    [IP, 'link', 'set', b, 'netns', ns],
    [IP, 'addr', 'add', `${hostAddr}/30`, 'dev', a],
    [IP, 'link', 'set', a, 'up'],
    [IP, 'netns', 'exec', ns, IP, 'addr', 'add', `${nsAddr}/30`, 'dev', b],
    [IP, 'netns', 'exec', ns, IP, 'link', 'set', b, 'up'],
    [IP, 'netns', 'exec', ns, IP, 'link', 'set', 'lo', 'up'],
  ];
  for (const s of steps) {
    const r = run(s);
    if (!r.ok) {
      cleanup();
      return { link: null, why: `\`${s.slice(1).join(' ')}\` failed: ${r.err}` };
    }
  }
  let netemError: string | null = TC ? null : 'tc (iproute2) is not installed';
  if (TC) {
    for (const s of [[TC, 'qdisc', 'add', 'dev', a, 'root', 'netem', 'delay', `${delayMs}ms`], [IP, 'netns', 'exec', ns, TC, 'qdisc', 'add', 'dev', b, 'root', 'netem', 'delay', `${delayMs}ms`]]) {
      const r = run(s);
      if (!r.ok) { netemError = `\`tc ${s.slice(s.indexOf('qdisc')).join(' ')}\` failed: ${r.err}`; break; }
    }
  }
  return { link: { ns, hostAddr, nsAddr, delayMs, netem: netemError === null, netemError, cleanup }, why: null };
}

export interface WanServer {
  /** Base URL of the module proxy as seen from this side. */
  url: string;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./wan-server.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts test/helpers/wan-server.ts inside the namespace: an HTTPS module proxy on the namespace's
 * address, optionally behind a relay that delays every chunk by `relayDelayMs` each way.
 */
export async function startWanServer(link: WanLink, tlsLeaf: { key: string; cert: string }, relayDelayMs = 0, extra: { benchModules?: number } = {}): Promise<WanServer> {
  const args = JSON.stringify({ host: link.nsAddr, key: tlsLeaf.key, cert: tlsLeaf.cert, relayDelayMs, ...extra });
  const child: ChildProcess = spawn(IP!, ['netns', 'exec', link.ns, process.execPath, '--import', 'tsx', SERVER_SCRIPT, args], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const port = await new Promise<number>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the server in ${link.ns} did not start within 30 s: ${stderr}`)), 30_000);
    rl.once('line', (line) => { clearTimeout(timer); resolve((JSON.parse(line) as { port: number }).port); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the server in ${link.ns} exited (${String(code)}): ${stderr}`)); });
  });
  return {
    url: `https://${link.nsAddr}:${port}`,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.stdin!.end();
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}

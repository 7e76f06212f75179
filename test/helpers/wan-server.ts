// The server side of the WAN-link tests, run inside the link's network namespace by
// startWanServer: an HTTPS module proxy on the namespace's address and, when asked, a relay in
// front of it that delays every chunk of data by the same time in each direction. Prints
// {"port": N} once listening, and exits when its standard input closes.
import net from 'node:net';
import { startModuleProxy, simpleModule, type ServedVersion } from './module-proxy-server.ts';

const opts = JSON.parse(process.argv[2]!) as { host: string; key: string; cert: string; relayDelayMs: number; relayMbit?: number; benchModules?: number };

/** Text that deflate cannot shrink much (a 32-bit xorshift rendered as hex), so the zip stays large. */
function pseudoRandomText(n: number): string {
  let x = 0x9e3779b9;
  let out = '';
  while (out.length < n) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, n);
}

// Bodies the agreement tests fetch: small metadata, a zip of about 170 kB, a server that thinks for 100 ms.
const WAN_MODULE = { path: 'example.com/wan', version: 'v1.0.0' };
const modules: Record<string, Record<string, ServedVersion>> = { [WAN_MODULE.path]: { [WAN_MODULE.version]: simpleModule(WAN_MODULE.path, WAN_MODULE.version, { 'data.txt': pseudoRandomText(300_000) }) } };
// bench/trace's module set: example.com/m0 ... m(N-1), as it serves them on loopback.
for (let i = 0; i < (opts.benchModules ?? 0); i++) modules[`example.com/m${i}`] = { 'v1.0.0': simpleModule(`example.com/m${i}`, 'v1.0.0', { 'data.txt': 'x'.repeat(20000 + i * 1000) }) };
const behaviors = [{ match: '/slow-first-byte', delayMs: 100, status: 200, body: 'ok\n' }];

const relay = opts.relayDelayMs > 0;
const proxy = await startModuleProxy({ modules, behaviors, tls: { key: opts.key, cert: opts.cert }, host: relay ? '127.0.0.1' : opts.host });
let port = proxy.port;
let relayServer: net.Server | null = null;

if (relay) {
  const delay = opts.relayDelayMs;
  // A link of finite bandwidth: without it the whole body would arrive in one burst, and the
  // transfer phase would measure only how fast each client parses it.
  const bytesPerMs = (opts.relayMbit ?? 50) * 1e6 / 8 / 1000;
  const PIECE = 16 << 10;
  /** One direction of the link: every piece leaves `delay` ms after it came, no faster than the bandwidth allows, in order. */
  const forward = (from: net.Socket, to: net.Socket) => {
    const queue: { at: number; piece: Buffer | null }[] = [];
    let nextFree = 0;
    let timer: NodeJS.Timeout | null = null;
    const pump = () => {
      timer = null;
      const now = performance.now();
      while (queue.length && queue[0]!.at <= now) {
        const { piece } = queue.shift()!;
        if (to.destroyed) return;
        if (piece) to.write(piece); else to.end();
      }
      if (queue.length) timer = setTimeout(pump, Math.max(0, queue[0]!.at - now));
    };
    const push = (piece: Buffer | null) => {
      const at = Math.max(performance.now() + delay, nextFree);
      nextFree = at + (piece ? piece.length / bytesPerMs : 0);
      queue.push({ at: nextFree, piece });
      if (!timer) timer = setTimeout(pump, Math.max(0, queue[0]!.at - performance.now()));
    };
    from.on('data', (d: Buffer) => { for (let off = 0; off < d.length; off += PIECE) push(d.subarray(off, off + PIECE)); });
    from.on('end', () => push(null));
    // An abrupt close is passed on at once; an orderly one (end) after the data before it.
    from.on('error', () => to.destroy());
  };
  relayServer = net.createServer((client) => {
    client.setNoDelay(true);
    const upstream = net.connect(proxy.port, '127.0.0.1');
    upstream.setNoDelay(true);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => relayServer!.listen(0, opts.host, resolve));
  port = (relayServer.address() as net.AddressInfo).port;
}

process.stdout.write(JSON.stringify({ port }) + '\n');
process.stdin.resume();
process.stdin.on('end', () => {
  relayServer?.close();
  void proxy.close().then(() => process.exit(0));
});

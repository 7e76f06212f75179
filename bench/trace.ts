// bench/trace: gotune's replay of a module set against curl fetching exactly the same URLs from
// the same HTTPS module proxy, twice: on loopback with server-side delays, and across the emulated
// WAN link of test/helpers/wan-link.ts (a network namespace; netem, or a delaying relay where the
// kernel has no netem). Prints totals, their ratio (target: overhead <= 10 %), and per-phase agreement.
import { spawn } from 'node:child_process';
import { startModuleProxy, simpleModule, type ServedVersion } from '../test/helpers/module-proxy-server.ts';
import { makeTestCA } from '../test/helpers/test-ca.ts';
import { makeWanLink, startWanServer } from '../test/helpers/wan-link.ts';
import { Replayer } from '../src/trace/replay.ts';
import { median } from './lib.mjs';

const N = Number(process.env['BENCH_MODULES'] ?? 12);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const DELAY = Number(process.env['BENCH_DELAY_MS'] ?? 40);
const LINK_DELAY = Number(process.env['BENCH_LINK_DELAY_MS'] ?? 20);
const modules: Record<string, Record<string, ServedVersion>> = {};
for (let i = 0; i < N; i++) modules[`example.com/m${i}`] = { 'v1.0.0': simpleModule(`example.com/m${i}`, 'v1.0.0', { 'data.txt': 'x'.repeat(20000 + i * 1000) }) };
const paths = Object.keys(modules).flatMap((p) => ['info', 'mod', 'zip'].map((op) => `/${p}/@v/v1.0.0.${op}`));

interface Side { ms: number; ttfb: number[]; transfer: number[] }

function curlAll(base: string, caFile: string): Promise<Side> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const args = ['-s', '--cacert', caFile, '-w', '%{json}\\n'];
    for (const p of paths) args.push('-o', '/dev/null', base + p);
    const c = spawn('curl', args);
    let out = '';
    c.stdout.on('data', (d) => { out += d; });
    c.on('error', reject);
    c.on('close', () => {
      const ms = performance.now() - t0;
      const rows = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
      if (rows.some((r) => r['response_code'] !== 200)) reject(new Error(`curl: ${rows.map((r) => r['response_code']).join(' ')}`));
      resolve({ ms, ttfb: rows.map((r) => (r['time_starttransfer']! - r['time_pretransfer']!) * 1000), transfer: rows.map((r) => (r['time_total']! - r['time_starttransfer']!) * 1000) });
    });
  });
}

async function gotuneAll(base: string, caCert: string): Promise<Side> {
  const t0 = performance.now();
  const r = new Replayer({ goproxy: base, gonoproxy: '', gonosumdb: '', gosumdb: 'off', credentials: () => null, httpProxyFor: () => null, ca: caCert }, { serial: true });
  const mods = await r.traceAll(Object.keys(modules).map((path) => ({ path, query: 'v1.0.0' })));
  r.close();
  const ms = performance.now() - t0;
  const reqs = mods.flatMap((m) => m.requests);
  if (mods.some((m) => m.error)) throw new Error(mods.find((m) => m.error)!.error!);
  return { ms, ttfb: reqs.map((q) => q.ttfb), transfer: reqs.map((q) => q.transfer) };
}

async function measure(title: string, base: string, caCert: string, caFile: string): Promise<void> {
  await curlAll(base, caFile); await gotuneAll(base, caCert);
  const c: number[] = [], g: number[] = [];
  let lastC = await curlAll(base, caFile), lastG = await gotuneAll(base, caCert);
  for (let i = 0; i < RUNS; i++) {
    lastG = await gotuneAll(base, caCert); g.push(lastG.ms);
    lastC = await curlAll(base, caFile); c.push(lastC.ms);
  }
  const mc = median(c), mg = median(g);
  console.log(`\n${title}`);
  console.log(`  curl (one process, same URLs)   median ${mc.toFixed(1)} ms`);
  console.log(`  gotune replay (in process)      median ${mg.toFixed(1)} ms   (includes hashing each zip and parsing each go.mod)`);
  console.log(`  overhead                        ${(((mg / mc) - 1) * 100).toFixed(1)} %`);
  const diffs = (a: number[], b: number[]) => a.map((x, i) => Math.abs(x - b[i]!));
  const dt = diffs(lastG.ttfb, lastC.ttfb), dx = diffs(lastG.transfer, lastC.transfer);
  console.log(`  per-request |gotune - curl|: server wait median ${median(dt).toFixed(2)} ms (max ${Math.max(...dt).toFixed(2)}), transfer median ${median(dx).toFixed(2)} ms (max ${Math.max(...dx).toFixed(2)})`);
}

console.log(`bench/trace — ${N} modules (${paths.length} requests, serial, keep-alive), ${RUNS} alternating runs, ${new Date().toISOString()}`);

// 1. Loopback, every answer delayed by the server.
{
  const ca = makeTestCA();
  const proxy = await startModuleProxy({ tls: ca.leaf, modules, behaviors: [{ match: /.*/, delayMs: DELAY }] });
  await measure(`loopback, server delay ${DELAY} ms per request`, proxy.url, ca.caCert, ca.caFile);
  await proxy.close();
  ca.cleanup();
}

// 2. The emulated WAN link (root, iproute2): netem where the kernel has it, else the delaying relay.
{
  const { link, why } = makeWanLink(LINK_DELAY);
  if (!link) console.log(`\nemulated WAN link: not measured (${why})`);
  else {
    const ca = makeTestCA({ extraSans: [`IP:${link.nsAddr}`] });
    try {
      const server = await startWanServer(link, ca.leaf, link.netem ? 0 : LINK_DELAY, { benchModules: N });
      const how = link.netem ? `netem ${LINK_DELAY} ms each way` : `relay in the namespace, ${LINK_DELAY} ms each way at 50 Mbit/s (no netem: ${link.netemError})`;
      await measure(`emulated WAN link: network namespace + veth, ${how}`, server.url, ca.caCert, ca.caFile);
      await server.stop();
    } finally {
      ca.cleanup();
      link.cleanup();
    }
  }
}

// bench/trace: gotune's replay of a module set against curl fetching exactly the same URLs over
// the same local HTTPS proxy (server-side delays stand in for a WAN: this machine's kernel has
// no netem). Prints totals, their ratio (target: overhead <= 10 %), and per-phase agreement.
import { spawn } from 'node:child_process';
import { startModuleProxy, simpleModule, type ServedVersion } from '../test/helpers/module-proxy-server.ts';
import { makeTestCA } from '../test/helpers/test-ca.ts';
import { Replayer } from '../src/trace/replay.ts';
import { median } from './lib.mjs';

const N = Number(process.env['BENCH_MODULES'] ?? 12);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const DELAY = Number(process.env['BENCH_DELAY_MS'] ?? 40);
const ca = makeTestCA();
const modules: Record<string, Record<string, ServedVersion>> = {};
for (let i = 0; i < N; i++) modules[`example.com/m${i}`] = { 'v1.0.0': simpleModule(`example.com/m${i}`, 'v1.0.0', { 'data.txt': 'x'.repeat(20000 + i * 1000) }) };
const proxy = await startModuleProxy({ tls: ca.leaf, modules, behaviors: [{ match: /.*/, delayMs: DELAY }] });
// Modules served with a server-side delay need the default route: a behaviour with only a delay falls through to it.
const urls = Object.keys(modules).flatMap((p) => ['info', 'mod', 'zip'].map((op) => `${proxy.url}/${p}/@v/v1.0.0.${op}`));

function curlAll(): Promise<{ ms: number; ttfb: number[]; transfer: number[] }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const args = ['-s', '--cacert', ca.caFile, '-w', '%{json}\\n'];
    for (const u of urls) args.push('-o', '/dev/null', u);
    const c = spawn('curl', args);
    let out = '';
    c.stdout.on('data', (d) => { out += d; });
    c.on('error', reject);
    c.on('close', () => {
      const ms = performance.now() - t0;
      const rows = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
      resolve({ ms, ttfb: rows.map((r) => (r['time_starttransfer']! - r['time_pretransfer']!) * 1000), transfer: rows.map((r) => (r['time_total']! - r['time_starttransfer']!) * 1000) });
    });
  });
}

async function gotuneAll(): Promise<{ ms: number; ttfb: number[]; transfer: number[] }> {
  const t0 = performance.now();
  const r = new Replayer({ goproxy: proxy.url, gonoproxy: '', gonosumdb: '', gosumdb: 'off', credentials: () => null, httpProxyFor: () => null, ca: ca.caCert }, { serial: true });
  const mods = await r.traceAll(Object.keys(modules).map((path) => ({ path, query: 'v1.0.0' })));
  r.close();
  const ms = performance.now() - t0;
  const reqs = mods.flatMap((m) => m.requests);
  if (mods.some((m) => m.error)) throw new Error(mods.find((m) => m.error)!.error!);
  return { ms, ttfb: reqs.map((q) => q.ttfb), transfer: reqs.map((q) => q.transfer) };
}

await curlAll(); await gotuneAll();
const c: number[] = [], g: number[] = [];
let lastC = await curlAll(), lastG = await gotuneAll();
for (let i = 0; i < RUNS; i++) {
  lastG = await gotuneAll(); g.push(lastG.ms);
  lastC = await curlAll(); c.push(lastC.ms);
}
const mc = median(c), mg = median(g);
console.log(`bench/trace — ${N} modules (${urls.length} requests, serial, keep-alive), server delay ${DELAY} ms per request, ${RUNS} alternating runs`);
console.log(`  curl (one process, same URLs)   median ${mc.toFixed(1)} ms`);
console.log(`  gotune replay (in process)      median ${mg.toFixed(1)} ms   (includes hashing each zip and parsing each go.mod)`);
console.log(`  overhead                        ${(((mg / mc) - 1) * 100).toFixed(1)} %`);
const diffs = (a: number[], b: number[]) => a.map((x, i) => Math.abs(x - b[i]!));
const dt = diffs(lastG.ttfb, lastC.ttfb), dx = diffs(lastG.transfer, lastC.transfer);
console.log(`  per-request |gotune - curl|: server wait median ${median(dt).toFixed(2)} ms (max ${Math.max(...dt).toFixed(2)}), transfer median ${median(dx).toFixed(2)} ms (max ${Math.max(...dx).toFixed(2)})`);
await proxy.close();
ca.cleanup();

#!/usr/bin/env node
// bench/doctor: `gotune doctor --offline` against the full `go env -json` of the same toolchain,
// alternating runs in one session. Prints both medians and their ratio (target: ratio <= 1.0),
// plus Node's own start-up (`node -e 0`) as the floor any Node CLI pays.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { alternate, median, quantile, fmt } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/gotune.mjs');
if (!existsSync(cli)) { console.error('build first: npm run build'); process.exit(2); }
const runs = Number(process.env.BENCH_RUNS ?? 30);
const toolchains = [
  { label: 'go1.26 (/usr/local/go)', bin: '/usr/local/go/bin' },
  { label: 'go1.19 (/usr/lib/go-1.19)', bin: '/usr/lib/go-1.19/bin' },
].filter((t) => existsSync(join(t.bin, 'go')));

console.log(`bench/doctor — ${runs} alternating runs each, ${new Date().toISOString()}`);
for (const t of toolchains) {
  const env = { ...process.env, PATH: `${t.bin}:${process.env.PATH}` };
  const opts = { env, cwd: root };
  // NODE_EXTRA_CA_CERTS makes Node 20 load and parse the bundle at every start, before any script runs.
  const extraCa = !!process.env.NODE_EXTRA_CA_CERTS;
  const noCa = { ...opts, env: { ...env } };
  delete noCa.env.NODE_EXTRA_CA_CERTS;
  const [doctor, goenv, nodeFloor, doctorNoCa, nodeNoCa] = alternate([
    { name: 'gotune doctor', argv: [process.execPath, cli, 'doctor', '--offline'], opts, expectStatus: [0, 1] },
    { name: 'go env -json', argv: [join(t.bin, 'go'), 'env', '-json'], opts, expectStatus: [0] },
    { name: 'node -e 0', argv: [process.execPath, '-e', '0'], opts, expectStatus: [0] },
    ...(extraCa ? [
      { name: 'gotune doctor (no NODE_EXTRA_CA_CERTS)', argv: [process.execPath, cli, 'doctor', '--offline'], opts: noCa, expectStatus: [0, 1] },
      { name: 'node -e 0 (no NODE_EXTRA_CA_CERTS)', argv: [process.execPath, '-e', '0'], opts: noCa, expectStatus: [0] },
    ] : []),
  ], runs);
  const md = median(doctor), mg = median(goenv), mn = median(nodeFloor);
  console.log(`\n${t.label}`);
  console.log(`  gotune doctor --offline  median ${fmt(md)}  p90 ${fmt(quantile(doctor, 0.9))}`);
  console.log(`  go env -json (full)      median ${fmt(mg)}  p90 ${fmt(quantile(goenv, 0.9))}`);
  console.log(`  node -e 0 (floor)        median ${fmt(mn)}`);
  console.log(`  ratio doctor / go env    ${(md / mg).toFixed(2)}   (doctor minus node start-up: ${fmt(md - mn)}, ratio ${((md - mn) / mg).toFixed(2)})`);
  if (extraCa) {
    const mdn = median(doctorNoCa), mnn = median(nodeNoCa);
    console.log(`  without NODE_EXTRA_CA_CERTS (set here to ${process.env.NODE_EXTRA_CA_CERTS}): doctor ${fmt(mdn)}, node -e 0 ${fmt(mnn)}, ratio ${(mdn / mg).toFixed(2)}`);
  }
}

// Overhead of observing a go command through the recording proxy, and how much of its wall time
// the time budget explains: the same cold-cache `go mod download` of a fixture project against a
// local module proxy with per-endpoint delays (and a checksum database behind it), run without
// gotune and through `observe`, alternating.
//
//   node --import tsx bench/trace-observe.ts [--runs N] [--modules N] [--readme]
//
// The upstream proxy runs in its own process (this script with --serve), so the recording proxy
// does not share an event loop with the server it forwards to. --readme rewrites the
// "## trace-observe" section of bench/README.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startModuleProxy, simpleModule, type Behavior, type ServedVersion } from '../test/helpers/module-proxy-server.ts';
import { TestSumDB } from '../src/gomod/sumdb/testlog.ts';
import { hashGoMod } from '../src/gomod/dirhash.ts';
import { hashZipBytes } from '../src/trace/zip-hash.ts';
import { observe } from '../src/trace/observe.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def; };
const RUNS = opt('--runs', 10);
const MODULES = opt('--modules', 12);
const SUMDB = 'sum.bench.test';
const GO = process.env['GOTUNE_BENCH_GO'] ?? '/usr/local/go/bin/go';

function fixtureModules(): Record<string, Record<string, ServedVersion>> {
  const mods: Record<string, Record<string, ServedVersion>> = {};
  for (let i = 0; i < MODULES; i++) {
    const p = `bench.example/m${String(i).padStart(2, '0')}`;
    const files: Record<string, string> = {};
    // ~100 small files a module: extraction and hashing are real work for the go command.
    for (let f = 0; f < 100; f++) files[`pkg${f % 10}/f${f}.go`] = `package pkg${f % 10}\n\n// ${'x'.repeat(1500)}\nconst C${f} = ${f}\n`;
    mods[p] = { 'v1.0.0': simpleModule(p, 'v1.0.0', files) };
  }
  return mods;
}

const DELAYS: Behavior[] = [{ match: /\.info$/, delayMs: 40 }, { match: /\.mod$/, delayMs: 40 }, { match: /\.zip$/, delayMs: 80 }, { match: /^\/sumdb\//, delayMs: 40 }];

async function serve(): Promise<void> {
  const modules = fixtureModules();
  const db = new TestSumDB({ name: SUMDB });
  for (const [p, vs] of Object.entries(modules)) for (const [v, sv] of Object.entries(vs)) db.addModule(p, v, { zip: await hashZipBytes(sv.zip, p, v), mod: hashGoMod(sv.mod) });
  const server = await startModuleProxy({
    modules,
    behaviors: DELAYS,
    sumdb: (path) => { const rest = path.slice(`/sumdb/${SUMDB}`.length); if (rest === '/supported') return { status: 200, body: '' }; const r = db.handle(rest); return { status: r.status, body: r.body }; },
  });
  process.stdout.write(JSON.stringify({ url: server.url, key: db.verifierKey }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => { void server.close().then(() => process.exit(0)); });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve', '--modules', String(MODULES)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const { url, key } = await new Promise<{ url: string; key: string }>((resolve) => {
    let buf = '';
    server.stdout!.on('data', (d) => { buf += d; const nl = buf.indexOf('\n'); if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl))); });
  });
  const root = mkdtempSync(join(tmpdir(), 'gotune-bench-observe-'));
  const requires = Array.from({ length: MODULES }, (_, i) => `\tbench.example/m${String(i).padStart(2, '0')} v1.0.0\n`).join('');
  const project = (n: number) => {
    const dir = join(root, `p${n}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), `module bench.example/fixture\n\ngo 1.21\n\nrequire (\n${requires})\n`);
    const env: Record<string, string> = {
      PATH: `${join(GO, '..')}:/usr/bin:/bin`, HOME: dir, GOPATH: join(dir, 'gopath'), GOMODCACHE: join(dir, 'gopath', 'pkg', 'mod'), GOCACHE: join(dir, 'gocache'),
      GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw', GOPROXY: url, GOSUMDB: key, GONOSUMDB: '', GOPRIVATE: '', GONOPROXY: '',
    };
    return { dir, env };
  };
  const plainRun = async (n: number): Promise<number> => {
    const { dir, env } = project(n);
    const t = performance.now();
    const code = await new Promise<number | null>((resolve) => { const c = spawn(GO, ['mod', 'download'], { cwd: dir, env, stdio: 'ignore' }); c.on('close', resolve); });
    const ms = performance.now() - t;
    if (code !== 0) throw new Error(`go mod download failed (${code})`);
    return ms;
  };
  const observedRun = async (n: number) => {
    const { dir, env } = project(n);
    const t = performance.now();
    const r = await observe([GO, 'mod', 'download'], { env, cwd: dir, stdout: null, stderr: null });
    const total = performance.now() - t;
    if (r.exitCode !== 0) throw new Error(`observed go mod download failed (${r.exitCode})`);
    return { total, wall: r.wallMs, coverage: r.budget.coverage, measured: r.budget.measuredShare, relay: r.budget.parts.relay, requests: r.requests.length, network: r.budget.parts.network + r.budget.parts.sumdb };
  };
  const cleanup = (n: number) => { spawnSync('chmod', ['-R', 'u+w', join(root, `p${n}`)]); rmSync(join(root, `p${n}`), { recursive: true, force: true }); };

  // One warm-up pair (page cache, the go binary, the recording proxy's code).
  await plainRun(9000); cleanup(9000);
  await observedRun(9001); cleanup(9001);

  const plain: number[] = [];
  const observed: Awaited<ReturnType<typeof observedRun>>[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so drift in machine load hits both alike.
    const order = i % 2 === 0 ? ['plain', 'observed'] : ['observed', 'plain'];
    for (const which of order) {
      const n = i * 2 + (which === 'plain' ? 0 : 1);
      if (which === 'plain') plain.push(await plainRun(n)); else observed.push(await observedRun(n));
      cleanup(n);
    }
  }
  server.stdin!.end();
  rmSync(root, { recursive: true, force: true });

  const mp = median(plain);
  const mw = median(observed.map((o) => o.wall));
  const mt = median(observed.map((o) => o.total));
  // Runs i of each kind were adjacent in time: their ratio is less exposed to drifting machine load.
  const paired = median(plain.map((p, i) => observed[i]!.wall / p));
  const cov = median(observed.map((o) => o.coverage));
  const minCov = Math.min(...observed.map((o) => o.coverage));
  const measured = median(observed.map((o) => o.measured));
  const relay = median(observed.map((o) => o.relay));
  const net = median(observed.map((o) => o.network));
  const lines = [
    '## trace-observe',
    '',
    `Command: \`node --import tsx bench/trace-observe.ts --runs ${RUNS} --modules ${MODULES}${args.includes('--readme') ? ' --readme' : ''}\``,
    '',
    `Cold-cache \`go mod download\` of a fixture project requiring ${MODULES} modules (100 files each) from a local module proxy in another process, with delays of 40 ms (.info, .mod), 80 ms (.zip) and 40 ms (checksum database, reached through the proxy after its \`/sumdb/<name>/supported\` probe). ${RUNS} runs each, alternating, medians. Machine: ${cpus()[0]?.model.trim() ?? 'unknown'}, ${cpus().length} cores (shared; load average ${loadavg()[0]!.toFixed(1)} at the end), Node ${process.version}, ${spawnSync(GO, ['version']).stdout.toString().trim()}.`,
    '',
    '| what | median ms |',
    '|---|---:|',
    `| \`go mod download\` without gotune | ${mp.toFixed(0)} |`,
    `| the same command through the recording proxy (its wall time) | ${mw.toFixed(0)} |`,
    `| gotune end to end (go env, proxy start, command, report) | ${mt.toFixed(0)} |`,
    '',
    `The recording proxy makes the command take ${(mw / mp).toFixed(3)}× as long (ratio of medians; median of the ${RUNS} adjacent pairs' ratios: ${paired.toFixed(3)}×; target ≤ 1.05); end to end, with gotune's own start-up, ${(mt / mp).toFixed(3)}×. Spread without gotune: ${Math.min(...plain).toFixed(0)}–${Math.max(...plain).toFixed(0)} ms.`,
    `Budget coverage: the parts explain ${(cov * 100).toFixed(1)} % of the wall time (median; lowest ${(minCov * 100).toFixed(1)} %; target ≥ 95 %). Local work is what remains when nothing is in flight, so the figure checks the accounting (concurrency counted once, nothing counted twice) more than the measurement; recorded activity (network, checksum database, relay) alone covers ${(measured * 100).toFixed(1)} % of the wall time, of which network and checksum database ${net.toFixed(0)} ms and the proxy's relay ${relay.toFixed(1)} ms.`,
    '',
    `Per run (ms), without → with: ${plain.map((p, i) => `${p.toFixed(0)} → ${observed[i]!.wall.toFixed(0)}`).join(', ')}.`,
    '',
  ];
  const text = lines.join('\n');
  process.stdout.write(text);
  if (args.includes('--readme')) {
    const file = new URL('./README.md', import.meta.url).pathname;
    const readme = readFileSync(file, 'utf8');
    const start = readme.indexOf('## trace-observe');
    let next = start >= 0 ? readme.indexOf('\n## ', start + 1) : -1;
    if (next >= 0) next += 1;
    const updated = start < 0 ? readme.replace(/\n*$/, '\n\n') + text : readme.slice(0, start) + text + (next >= 0 ? '\n' + readme.slice(next) : '');
    writeFileSync(file, updated);
  }
}

if (args.includes('--serve')) await serve(); else await main();

#!/usr/bin/env node
// `gotune cache verify` against `go mod verify` on exactly the same module versions: the build
// list of test/fixtures/cache-project (its go.sum), over the same real cache, warm page cache,
// alternating runs. Both must agree (all verified); peak memory is the max RSS of the process.
//
//   node bench/cache-verify.mjs [--modcache DIR] [--runs N]
import { join } from 'node:path';
import { SOURCE, CLI, REPO, timed, median, load, arg } from './cache-lib.mjs';

const modcache = arg('--modcache', join(SOURCE, 'mod'));
const runs = Number(arg('--runs', '5'));
const project = join(REPO, 'test/fixtures/cache-project');
const env = { ...process.env, GOMODCACHE: modcache, GOPROXY: 'off', GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local', GOSUMDB: 'off' };
const gov = () => timed(['go', 'mod', 'verify'], { cwd: project, env });
const gtv = () => timed([process.execPath, CLI, 'cache', 'verify', '--json', '--roots', project, '--modcache', modcache], { cwd: project, env });
const list = timed(['go', 'list', '-m', '-f', '{{if not .Main}}{{.Path}}@{{.Version}}{{end}}', 'all'], { cwd: project, env }).stdout.split('\n').filter(Boolean);

gov(); gtv();
const t = { go: [], gt: [], goCpu: [], gtCpu: [], goRss: [], gtRss: [] };
let doc = null;
for (let i = 0; i < runs; i++) {
  const a = gov();
  if (a.status !== 0 || !/all modules verified/.test(a.stdout)) throw new Error(`go mod verify: ${a.stdout}${a.stderr}`);
  const b = gtv();
  doc = JSON.parse(b.stdout);
  if (b.status !== 0) throw new Error('gotune cache verify found problems');
  t.go.push(a.wall); t.goCpu.push(a.cpu); t.goRss.push(a.rssMB);
  t.gt.push(b.wall); t.gtCpu.push(b.cpu); t.gtRss.push(b.rssMB);
}
const m = (k) => median(t[k]);
const inCache = doc.modules.filter((x) => x.status === 'ok');
const listed = new Set(list);
const same = doc.modules.filter((x) => listed.has(`${x.path}@${x.version}`)).length;
console.log(`project: test/fixtures/cache-project, build list ${list.length} modules; gotune --roots checked ${doc.modules.length} versions named by go.sum (${same} of them in the build list), all ok: ${inCache.length === doc.modules.length}`);
console.log(`runs: ${runs} alternating, medians; load average ${load()}; gotune used ${doc.summary.workers} worker threads`);
console.log(`go mod verify         wall ${m('go').toFixed(2)} s  cpu ${m('goCpu').toFixed(2)} s  max RSS ${Math.max(...t.goRss).toFixed(0)} MB`);
console.log(`gotune cache verify   wall ${m('gt').toFixed(2)} s  cpu ${m('gtCpu').toFixed(2)} s  max RSS ${Math.max(...t.gtRss).toFixed(0)} MB  speed-up ${(m('go') / m('gt')).toFixed(2)}x`);

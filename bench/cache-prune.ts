// `gotune cache prune --apply` of 1,000 module versions (100 modules × 10 versions, 20 files
// each, downloaded by the real go command from a file:// proxy), against the file system's own
// cost of deleting the same files (`chmod -R u+w` + `rm -rf` of an identical copy).
//
//   node --import tsx bench/cache-prune.ts [--runs N]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publish, GO, type ModuleShape } from '../test/gomod-hash/goproxy-fixture.ts';
import { buildModuleZip } from '../test/gomod-hash/zip-writer.ts';
import { SOURCE, CLI, timed, median, load, arg } from './cache-lib.mjs';

const runs = Number(arg('--runs', '3'));
const base = join(SOURCE, 'prune-bench');
const proxy = join(base, 'proxy');
const filled = join(base, 'mod');
const env: Record<string, string> = {
  HOME: base, PATH: `${join(GO, '..')}:/usr/bin:/bin`, GOPATH: join(base, 'gopath'), GOMODCACHE: filled, GOCACHE: join(base, 'gocache'),
  GOPROXY: `file://${proxy}`, GOSUMDB: 'off', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOENV: 'off',
};

if (!existsSync(join(base, '.filled'))) {
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  const shapes: ModuleShape[] = [];
  for (let m = 0; m < 100; m++) {
    for (let v = 0; v < 10; v++) {
      const path = `bench.example/mod${m}`;
      const files = new Map<string, string>([['go.mod', `module ${path}\n\ngo 1.21\n`]]);
      for (let f = 0; f < 19; f++) files.set(`pkg${f % 4}/f${f}.go`, `package pkg${f % 4}\n\n// v${v}\nconst X${f} = ${m * 1000 + v}\n`.repeat(1 + (f % 7) * 10));
      shapes.push({ path, version: `v1.${v}.0`, goMod: `module ${path}\n\ngo 1.21\n`, files });
    }
  }
  publish(proxy, shapes, (s) => buildModuleZip(s.path, s.version, s.files));
  const args = shapes.map((s) => `${s.path}@${s.version}`);
  const r = spawnSync(GO, ['mod', 'download', ...args], { cwd: base, env, encoding: 'utf8', timeout: 1_800_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  writeFileSync(join(base, '.filled'), '');
}

const copy = (to: string) => {
  spawnSync('rm', ['-rf', to]);
  const r = spawnSync('cp', ['-a', filled, to]);
  if (r.status !== 0) throw new Error(String(r.stderr));
  spawnSync('sync');
};
const work = join(base, 'work');
const t = { gt: [] as number[], gtCpu: [] as number[], rm: [] as number[], rmCpu: [] as number[], dry: [] as number[] };
let removed = 0;
for (let i = 0; i < runs; i++) {
  copy(work);
  const d = timed([process.execPath, CLI, 'cache', 'prune', '--older-than', '0d', '--modcache', work, '--json']);
  t.dry.push(d.wall);
  const g = timed([process.execPath, CLI, 'cache', 'prune', '--older-than', '0d', '--apply', '--modcache', work, '--json']);
  if (g.status !== 0) throw new Error(g.stderr);
  removed = JSON.parse(g.stdout).outcome.removed.length;
  t.gt.push(g.wall); t.gtCpu.push(g.cpu);
  copy(work);
  const r = timed(['sh', '-c', `chmod -R u+w "${work}" && rm -rf "${work}"`]);
  t.rm.push(r.wall); t.rmCpu.push(r.cpu);
}
spawnSync('rm', ['-rf', work]);
const m = (k: keyof typeof t) => median(t[k]);
const files = spawnSync('sh', ['-c', `find "${filled}" -type f | wc -l`], { encoding: 'utf8' }).stdout.trim();
console.log(`cache: ${removed} module versions removed (${files} files in the cache); runs: ${runs}, medians; load average ${load()}`);
console.log(`gotune cache prune (dry run: scan + plan)   wall ${m('dry').toFixed(2)} s`);
console.log(`gotune cache prune --apply                  wall ${m('gt').toFixed(2)} s  cpu ${m('gtCpu').toFixed(2)} s (incl. the lock helper)  ${((m('gt') * 1000) / removed).toFixed(1)} ms per version`);
console.log(`chmod -R u+w && rm -rf of the same cache    wall ${m('rm').toFixed(2)} s  cpu ${m('rmCpu').toFixed(2)} s`);
console.log(`prune / rm -rf: ${(m('gt') / m('rm')).toFixed(2)}x`);

// Small, real module caches built offline: modules this file writes itself are served by a
// file:// GOPROXY and downloaded by the real go command into a throw-away GOMODCACHE, next to
// a project that requires and builds them.
import { mkdtempSync, mkdirSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { publish, goEnv, GO, hasGo, type ModuleShape } from '../gomod-hash/goproxy-fixture.ts';
import { buildModuleZip } from '../gomod-hash/zip-writer.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

export { hasGo, GO };

export const REPO_ROOT = realpathSync(new URL('../..', import.meta.url).pathname);
export const CLI = join(REPO_ROOT, 'dist', 'gotune.mjs');

function pkg(name: string, body = ''): string {
  return `package ${name}\n\n// Name identifies the package.\nfunc Name() string { return ${JSON.stringify(name)} }\n${body}`;
}

function shape(path: string, version: string, pkgName: string, extra: Record<string, string> = {}): ModuleShape {
  const goMod = `module ${path}\n\ngo 1.21\n`;
  const files = new Map<string, string | Buffer>([['go.mod', goMod], [`${pkgName}.go`, pkg(pkgName)], ['LICENSE', 'MIT\n'], ...Object.entries(extra)]);
  return { path, version, goMod, files };
}

/** The modules of the fixture: several versions, nested directories, an upper-case path. */
export function fixtureModules(extraModules = 0): ModuleShape[] {
  const mods = [
    shape('example.com/alpha', 'v1.0.0', 'alpha'),
    shape('example.com/alpha', 'v1.1.0', 'alpha', { 'internal/x/x.go': 'package x\n', 'README.md': '# alpha\n' }),
    shape('example.com/beta', 'v0.3.0', 'beta', { 'docs/guide.txt': 'guide\n'.repeat(200) }),
    shape('example.com/beta', 'v0.4.0', 'beta', { 'docs/guide.txt': 'guide v4\n'.repeat(200), 'sub/deep/a.txt': 'a\n' }),
    shape('example.com/Upper/gamma', 'v1.0.0-rc.1', 'gamma', { 'data/big.bin': Buffer.alloc(300_000, 0x61).toString() }),
    shape('example.com/delta', 'v1.2.3', 'delta', { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c/d.txt': 'cd\n' }),
  ];
  for (let i = 0; i < extraModules; i++) {
    const files: Record<string, string> = {};
    for (let j = 0; j < 40; j++) files[`files/f${j}.txt`] = `module ${i} file ${j}\n`.repeat(20 + j);
    mods.push(shape(`example.com/extra${i}`, 'v1.0.0', `extra${i}`, files));
  }
  return mods;
}

export interface CacheFixture {
  root: string;
  proxy: string;
  modcache: string;
  project: string;
  env: Record<string, string>;
  go(args: string[], opts?: { cwd?: string; env?: Record<string, string> }): SpawnSyncReturns<string>;
  gotune(args: string[], opts?: { timeoutMs?: number }): SpawnSyncReturns<string>;
  /** Downloads everything again (after a prune) and builds the project. */
  restore(): void;
  cleanup(): void;
}

/**
 * A project requiring the latest version of each fixture module, with the cache filled by
 * `go mod download` (everything the project needs, plus the older versions).
 */
export function makeCacheFixture(opts: { extraModules?: number } = {}): CacheFixture {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-cache-')));
  const proxy = join(root, 'proxy');
  const project = join(root, 'project');
  mkdirSync(project, { recursive: true });
  const mods = fixtureModules(opts.extraModules ?? 0);
  publish(proxy, mods, (m) => buildModuleZip(m.path, m.version, m.files));
  const env: Record<string, string> = { ...goEnv(root, proxy), GOFLAGS: '-mod=mod' };
  const latest = new Map<string, ModuleShape>();
  for (const m of mods) latest.set(m.path, m);
  const pkgOf = (p: string) => p.split('/').pop()!;
  writeFileSync(join(project, 'go.mod'), `module example.com/project\n\ngo 1.21\n\nrequire (\n${[...latest.values()].map((m) => `\t${m.path} ${m.version}\n`).join('')})\n`);
  writeFileSync(join(project, 'main.go'), `package main\n\nimport (\n\t"fmt"\n\n${[...latest.values()].map((m) => `\t${JSON.stringify(m.path)}\n`).join('')})\n\nfunc main() {\n${[...latest.values()].map((m) => `\tfmt.Println(${pkgOf(m.path)}.Name())\n`).join('')}}\n`);
  const go = (args: string[], o: { cwd?: string; env?: Record<string, string> } = {}) =>
    spawnSync(GO, args, { cwd: o.cwd ?? project, env: { ...env, ...o.env }, encoding: 'utf8', timeout: 300_000 });
  const must = (r: SpawnSyncReturns<string>, what: string) => {
    if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr}`);
  };
  must(go(['mod', 'tidy']), 'go mod tidy');
  const older = mods.filter((m) => latest.get(m.path) !== m).map((m) => `${m.path}@${m.version}`);
  const restore = () => {
    must(go(['mod', 'download']), 'go mod download');
    if (older.length) must(go(['mod', 'download', ...older]), 'go mod download (older versions)');
  };
  restore();
  return {
    root, proxy, modcache: env['GOMODCACHE']!, project, env, go,
    gotune(args, o = {}) {
      return spawnSync(process.execPath, [CLI, ...args], { cwd: project, env, encoding: 'utf8', timeout: o.timeoutMs ?? 120_000 });
    },
    restore,
    cleanup() {
      removeGoTree(root);
    },
  };
}

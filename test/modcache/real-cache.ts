// A real module cache filled once from the Go module proxy with the dependencies of
// test/fixtures/cache-project (about 150 module versions, 25,000 files), kept between runs in
// $GOTUNE_CACHE_SOURCE (default: <tmpdir>/gotune-cache-source). Tests work on copies of it and
// download from it through a file:// GOPROXY, so only the first fill needs the network.
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { GO, REPO_ROOT } from './cache-fixture.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

export const SOURCE = process.env['GOTUNE_CACHE_SOURCE'] ?? join(tmpdir(), 'gotune-cache-source');
export const FIXTURE_PROJECT = join(REPO_ROOT, 'test/fixtures/cache-project');

function baseEnv(home: string): Record<string, string> {
  return {
    HOME: home, PATH: `${join(GO, '..')}:/usr/bin:/bin`, LANG: 'C.UTF-8', GOTOOLCHAIN: 'local', GOENV: 'off', GOFLAGS: '',
    GOPATH: join(home, 'gopath'),
  };
}

/** Fills SOURCE/mod from proxy.golang.org (with the checksum database) when it is not there yet. */
export function ensureSourceCache(): string {
  const mod = join(SOURCE, 'mod');
  if (existsSync(join(mod, 'cache', 'download'))) return mod;
  mkdirSync(SOURCE, { recursive: true });
  const env = { ...baseEnv(SOURCE), GOMODCACHE: mod, GOCACHE: join(SOURCE, 'gocache'), GOPROXY: 'https://proxy.golang.org', GOSUMDB: 'sum.golang.org' };
  const r = spawnSync(GO, ['mod', 'download', 'all'], { cwd: FIXTURE_PROJECT, env, encoding: 'utf8', timeout: 1_800_000 });
  if (r.status !== 0) throw new Error(`filling the real cache from the module proxy failed (network needed once): ${r.stderr}`);
  return mod;
}

export interface RealCacheCopy {
  root: string;
  modcache: string;
  project: string;
  env: Record<string, string>;
  cleanup(): void;
}

/** A private copy of the real cache, and a copy of the fixture project that downloads from the source cache. */
export function copyRealCache(): RealCacheCopy {
  const source = ensureSourceCache();
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-realcache-')));
  const modcache = join(root, 'mod');
  const project = join(root, 'project');
  const r = spawnSync('cp', ['-a', source, modcache]);
  if (r.status !== 0) throw new Error(`copying the cache failed: ${r.stderr}`);
  cpSync(FIXTURE_PROJECT, project, { recursive: true });
  const env = {
    ...baseEnv(join(root, 'home')), GOMODCACHE: modcache,
    // The build cache is kept between runs: compiling the fixture's dependencies takes minutes.
    GOCACHE: join(SOURCE, 'gocache-tests'),
    GOPROXY: `file://${join(source, 'cache', 'download')}`, GOSUMDB: 'off',
  };
  return {
    root, modcache, project, env,
    cleanup() {
      removeGoTree(root);
    },
  };
}

// Throw-away environments for integration tests with the real go command: a temporary HOME,
// PATH, GOENV location, module and build caches. Nothing from the developer's environment leaks in.
import { mkdtempSync, mkdirSync, writeFileSync, realpathSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { gatherFacts, type GatherOptions } from '../../src/facts/gather.ts';
import type { FactsSnapshot } from '../../src/facts/types.ts';
import { removeGoTree } from './remove-tree.ts';

export const GO_MAIN_ROOT = process.env['GOTUNE_TEST_GOROOT'] ?? '/usr/local/go';
export const GO_OLD_ROOT = process.env['GOTUNE_TEST_GOROOT_OLD'] ?? '/usr/lib/go-1.19';
export const hasOldGo = existsSync(join(GO_OLD_ROOT, 'bin', 'go'));
export const REPO_ROOT = realpathSync(new URL('../..', import.meta.url).pathname);
export const CLI = join(REPO_ROOT, 'dist', 'gotune.mjs');

export interface Sandbox {
  root: string;
  home: string;
  project: string;
  bin: string;
  env: Record<string, string>;
  /** Writes a file (creating directories) relative to the sandbox root or absolute. */
  write(path: string, content: string | Buffer, mode?: number): string;
  go(args: string[], opts?: { cwd?: string; env?: Record<string, string | undefined> }): SpawnSyncReturns<string>;
  gather(extra?: GatherOptions): Promise<FactsSnapshot>;
  gotune(args: string[], opts?: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number }): SpawnSyncReturns<string>;
  cleanup(): void;
}

export interface SandboxOptions {
  goroot?: string;
  /** Extra PATH entries placed before the Go bin dir. */
  pathBefore?: string[];
  env?: Record<string, string>;
}

export function makeSandbox(opts: SandboxOptions = {}): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-test-')));
  const home = join(root, 'home');
  const project = join(root, 'project');
  const bin = join(root, 'bin');
  for (const d of [home, project, bin]) mkdirSync(d, { recursive: true });
  const goroot = opts.goroot ?? GO_MAIN_ROOT;
  const env: Record<string, string> = {
    HOME: home,
    PATH: [...(opts.pathBefore ?? []), bin, join(goroot, 'bin'), '/usr/bin', '/bin'].join(':'),
    SHELL: '/bin/bash',
    LANG: 'C.UTF-8',
    ...opts.env,
  };
  const sb: Sandbox = {
    root, home, project, bin, env,
    write(path, content, mode) {
      const p = path.startsWith('/') ? path : join(root, path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content, mode !== undefined ? { mode } : undefined);
      return p;
    },
    go(args, o = {}) {
      return spawnSync('go', args, { cwd: o.cwd ?? project, env: clean({ ...env, ...o.env }), encoding: 'utf8', timeout: 120_000 });
    },
    gather(extra = {}) {
      return gatherFacts({ env: { ...env }, projectDir: project, etcDir: join(root, 'etc'), ...extra });
    },
    gotune(args, o = {}) {
      return spawnSync(process.execPath, [CLI, ...args], { cwd: o.cwd ?? project, env: clean({ ...env, GOTUNE_ETC_DIR: join(root, 'etc'), ...o.env }), encoding: 'utf8', timeout: o.timeoutMs ?? 60_000 });
    },
    cleanup() {
      removeGoTree(root);
    },
  };
  return sb;
}

function clean(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

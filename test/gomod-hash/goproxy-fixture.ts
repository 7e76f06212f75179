// Builds a file:// GOPROXY tree from module shapes and runs the real go command against it.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const GOROOT = process.env['GOTUNE_TEST_GOROOT'] ?? '/usr/local/go';
export const GO = join(GOROOT, 'bin', 'go');
export const hasGo = existsSync(GO);

export interface ModuleShape {
  path: string;
  version: string;
  /** Undefined: the module has no go.mod; the proxy serves `module <path>\n`. */
  goMod?: string;
  files: Map<string, Buffer | string>;
  /** A ready-made zip instead of one built from `files`. */
  zip?: Buffer;
}

/** module.EscapePath / EscapeVersion for inputs already known to be valid. */
export function escapeCase(s: string): string {
  return s.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

export function publish(proxyDir: string, shapes: readonly ModuleShape[], buildZip: (m: ModuleShape) => Buffer): void {
  const versions = new Map<string, string[]>();
  for (const m of shapes) {
    const dir = join(proxyDir, escapeCase(m.path), '@v');
    mkdirSync(dir, { recursive: true });
    const v = escapeCase(m.version);
    writeFileSync(join(dir, `${v}.info`), JSON.stringify({ Version: m.version, Time: '2024-01-02T03:04:05Z' }));
    writeFileSync(join(dir, `${v}.mod`), m.goMod ?? `module ${m.path}\n`);
    writeFileSync(join(dir, `${v}.zip`), m.zip ?? buildZip(m));
    const list = versions.get(dir) ?? [];
    list.push(m.version);
    versions.set(dir, list);
  }
  for (const [dir, list] of versions) writeFileSync(join(dir, 'list'), list.map((v) => v + '\n').join(''));
}

export function goEnv(root: string, proxyDir: string): Record<string, string> {
  return {
    HOME: join(root, 'home'),
    PATH: `${join(GOROOT, 'bin')}:/usr/bin:/bin`,
    GOPATH: join(root, 'gopath'),
    GOMODCACHE: join(root, 'modcache'),
    GOCACHE: join(root, 'gocache'),
    GOENV: 'off',
    GOPROXY: `file://${proxyDir}`,
    GOSUMDB: 'off',
    GONOSUMDB: '*',
    GOFLAGS: '-mod=mod',
    GOTOOLCHAIN: 'local',
    GO111MODULE: 'on',
    LANG: 'C.UTF-8',
  };
}

export interface DownloadResult {
  Path: string;
  Version: string;
  Error?: string;
  Info?: string;
  GoMod?: string;
  Zip?: string;
  Dir?: string;
  Sum?: string;
  GoModSum?: string;
}

export function goModDownload(env: Record<string, string>, cwd: string, args: string[]): DownloadResult[] {
  const r = spawnSync(GO, ['mod', 'download', '-json', ...args], { cwd, env, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return parseJsonStream(r.stdout);
}

/** Splits go's stream of indented JSON objects. */
export function parseJsonStream(out: string): DownloadResult[] {
  const results: DownloadResult[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}') {
      if (--depth === 0) results.push(JSON.parse(out.slice(start, i + 1)) as DownloadResult);
    }
  }
  return results;
}

/** Deterministic bytes for large files (xorshift32). */
export function pseudoRandomBytes(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

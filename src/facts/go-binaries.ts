import { accessSync, constants, lstatSync, realpathSync, openSync, readSync, closeSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { GoBinary, GoBinaryKind, GorootFacts, PathEntry, PathFacts } from './types.ts';
import { readBuildInfo } from './tools.ts';
import { runBounded } from './go-env.ts';
import { redactText } from './redact.ts';

/** PATH entries beyond this are reported as truncated rather than examined (a PATH of 10,000 entries must not stall doctor). */
export const PATH_ENTRY_LIMIT = 4096;
const SYMLINK_LIMIT = 40;

export function splitPath(raw: string, sep: ':' | ';'): string[] {
  return raw === '' ? [] : raw.split(sep);
}

export function gatherPath(raw: string, sep: ':' | ';', cwd: string): PathFacts {
  const parts = splitPath(raw, sep);
  const entries: PathEntry[] = [];
  const limit = Math.min(parts.length, PATH_ENTRY_LIMIT);
  for (let i = 0; i < limit; i++) {
    const p = parts[i]!;
    const empty = p === '';
    const relative = !empty && !isAbsolute(p);
    let exists = false, isDir = false;
    try { const st = statSync(empty ? cwd : resolve(cwd, p)); exists = true; isDir = st.isDirectory(); } catch { /* missing */ }
    entries.push({ index: i, raw: p, empty, relative, exists, isDir });
  }
  return { raw, entries, examined: limit, truncated: parts.length > limit };
}

/** Follows a symlink chain by hand so that loops and dangling links are reported, not thrown. */
export function resolveSymlinks(path: string): { chain: string[]; realPath: string | null; error: string | null } {
  const chain: string[] = [];
  let cur = path;
  for (let i = 0; i < SYMLINK_LIMIT; i++) {
    let st;
    try { st = lstatSync(cur); } catch (e) { return { chain, realPath: null, error: `dangling symlink: ${cur} (${(e as NodeJS.ErrnoException).code})` }; }
    if (!st.isSymbolicLink()) {
      // Resolve symlinked parent directories too (e.g. /usr/local/go -> /opt/go1.26).
      try { return { chain, realPath: realpathSync(cur), error: null }; } catch { return { chain, realPath: cur, error: null }; }
    }
    const target = readlinkSync(cur);
    const next = isAbsolute(target) ? target : resolve(dirname(cur), target);
    chain.push(next);
    cur = next;
  }
  return { chain, realPath: null, error: `symlink loop at ${path} (more than ${SYMLINK_LIMIT} links)` };
}


/** Reads the first bytes of a file to tell an ELF/Mach-O binary from a PE (.exe) or a script. */
export function sniffKind(path: string): GoBinaryKind {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(4);
    const n = readSync(fd, b, 0, 4, 0);
    if (n >= 2 && b[0] === 0x4d && b[1] === 0x5a) return 'windows-exe';
    if (n >= 2 && b[0] === 0x23 && b[1] === 0x21) return 'script';
    if (n === 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46) return 'native';
    if (n === 4 && ((b[0] === 0xcf && b[1] === 0xfa) || (b[0] === 0xfe && b[1] === 0xed) || (b[0] === 0xca && b[1] === 0xfe))) return 'native';
    return 'unknown';
  } catch {
    return 'unknown';
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Reads `$GOROOT/VERSION` (first line, e.g. "go1.26.8"). Official, Homebrew and Debian/Ubuntu trees (/usr/lib/go-1.19) all ship one; source builds at a commit may not. */
export function readGoRootVersion(root: string): string | null {
  try {
    const text = readFileSync(join(root, 'VERSION'), 'utf8');
    const first = text.split('\n')[0]!.trim();
    return /^go\d/.test(first) || first.startsWith('devel') ? first : null;
  } catch {
    return null;
  }
}

/** A Go tree has bin/go and src/runtime (or pkg/tool); the root of a binary at ROOT/bin/go is ROOT. */
export function rootOfBinary(realPath: string): string | null {
  const binDir = dirname(realPath);
  if (!/[/\\]bin$/.test(binDir)) return null;
  const root = dirname(binDir);
  try {
    if (statSync(join(root, 'src', 'runtime')).isDirectory() || statSync(join(root, 'pkg', 'tool')).isDirectory()) return root;
  } catch { /* not a tree */ }
  return null;
}

export const MANAGER_MARKERS: { manager: string; re: RegExp }[] = [
  { manager: 'asdf', re: /[/\\]\.asdf[/\\]/ },
  { manager: 'mise', re: /[/\\](?:\.local[/\\]share[/\\]mise|\.mise|mise)[/\\](?:shims|installs)[/\\]/ },
  { manager: 'goenv', re: /[/\\]\.goenv[/\\]/ },
  { manager: 'gvm', re: /[/\\]\.gvm[/\\]/ },
  { manager: 'sdkman', re: /[/\\]\.sdkman[/\\]/ },
  { manager: 'g', re: /[/\\]\.g[/\\](?:go|versions)[/\\]/ },
  { manager: 'golang-dl', re: /[/\\]sdk[/\\]go1\.[^/\\]+[/\\]bin[/\\]/ },
  { manager: 'homebrew', re: /[/\\](?:Cellar|linuxbrew|homebrew)[/\\]/i },
  { manager: 'distro', re: /^\/usr\/lib\/go(?:-1\.\d+)?\/bin\/go$/ },
  { manager: 'snap', re: /^\/snap\// },
];

export function managerOf(paths: string[]): string | null {
  for (const p of paths) for (const m of MANAGER_MARKERS) if (m.re.test(p)) return m.manager;
  return null;
}

export interface GoBinaryOptions {
  /** Environment for `go version` (shims read HOME, ASDF_DIR, ...). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Budget for each `go version` run; a hanging wrapper must not hold up doctor. */
  versionTimeoutMs?: number;
}

/** At most this many binaries are asked `go version` (each is a process start). */
const MAX_VERSION_RUNS = 8;

/**
 * Every `go` on PATH, in PATH order. The version comes from the tree's VERSION file, else from the
 * build info embedded in the executable; only when neither exists (shims, wrapper scripts, gccgo)
 * is `go version` run, with a deadline.
 */
export async function gatherGoBinaries(path: PathFacts, os: string, opts: GoBinaryOptions = {}): Promise<GoBinary[]> {
  const out = scanGoBinaries(path, os);
  const pending = out.filter((b) => b.version === null && b.executable).slice(0, MAX_VERSION_RUNS);
  await Promise.all(pending.map(async (b) => {
    // GOTOOLCHAIN=local: the binary's own release is wanted, and a go.mod asking for a newer one
    // must not make a plain look-up download a toolchain.
    const env = { ...(opts.env ?? process.env), GOTOOLCHAIN: 'local' };
    const r = await runBounded(b.path, ['version'], { env, cwd: opts.cwd ?? process.cwd(), timeoutMs: opts.versionTimeoutMs ?? 1500 });
    const m = /\bgo version (\S+)/.exec(r.stdout);
    if (r.exitCode === 0 && m) {
      b.version = m[1]!;
      b.versionSource = 'go-version';
    } else {
      const why = r.timedOut ? `\`${b.path} version\` did not finish within ${opts.versionTimeoutMs ?? 1500} ms`
        : r.spawnError ? `cannot run ${b.path}: ${r.spawnError}`
        : `\`${b.path} version\` failed (exit ${r.exitCode ?? r.signal})${r.stderr.trim() ? `: ${redactText(r.stderr.trim().split('\n')[0]!.slice(0, 300))}` : ''}`;
      b.error = b.error ? `${b.error}; ${why}` : why;
    }
  }));
  return out;
}

/** The synchronous part: PATH lookup, symlinks, kind, tree and the versions that need no process. */
export function scanGoBinaries(path: PathFacts, os: string): GoBinary[] {
  const exeNames = os === 'windows' ? ['go.exe'] : ['go', 'go.exe'];
  const out: GoBinary[] = [];
  const seen = new Set<string>();
  for (const e of path.entries) {
    if (e.empty || e.relative || !e.isDir) continue;
    for (const name of exeNames) {
      const p = join(e.raw, name);
      if (seen.has(p)) continue;
      let st;
      try { st = lstatSync(p); } catch { continue; }
      // go.exe on a Linux PATH only matters inside WSL (interop runs it).
      if (name === 'go.exe' && os !== 'windows' && !/^\/mnt\/[a-z]\//i.test(p)) continue;
      seen.add(p);
      const { chain, realPath, error } = st.isSymbolicLink() ? resolveSymlinks(p) : { chain: [], realPath: safeRealpath(p), error: null };
      let executable = false;
      try { accessSync(p, constants.X_OK); executable = true; } catch { executable = false; }
      const target = realPath ?? p;
      let isFile = false;
      try { isFile = statSync(target).isFile(); } catch { isFile = false; }
      const kind = isFile ? sniffKind(target) : 'unknown';
      const root = realPath && kind !== 'script' ? rootOfBinary(realPath) : null;
      const builtWith = isFile && (kind === 'native' || kind === 'windows-exe') ? readBuildInfo(target).info?.goVersion ?? null : null;
      const treeVersion = root ? readGoRootVersion(root) : null;
      const version = treeVersion ?? builtWith;
      out.push({
        path: p,
        pathIndex: e.index,
        realPath,
        symlinkChain: chain,
        executable: executable && isFile,
        kind: kind === 'script' && /shims?[/\\]/.test(p) ? 'shim' : kind,
        version,
        root,
        versionSource: treeVersion ? 'VERSION-file' : builtWith ? 'build-info' : 'none',
        builtWith,
        manager: managerOf([p, ...chain, ...(realPath ? [realPath] : [])]),
        error: error ?? (isFile ? null : realPath ? `${target} is not a regular file` : null),
      });
    }
  }
  return out;
}

function safeRealpath(p: string): string | null {
  try { return realpathSync(p); } catch { return null; }
}

/** Inspects the GOROOT the go command uses: exists, looks like a Go tree, and which release it holds. */
export function inspectGoroot(path: string | null): GorootFacts {
  const empty: GorootFacts = { path, exists: false, isDir: false, hasToolDir: false, hasRuntime: false, hasGoBinary: false, version: null, moduleCacheToolchain: false, error: null };
  if (!path) return empty;
  const isDirAt = (p: string) => { try { return statSync(p).isDirectory(); } catch { return false; } };
  const isFileAt = (p: string) => { try { return statSync(p).isFile(); } catch { return false; } };
  let st;
  try { st = statSync(path); } catch (e) { return { ...empty, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message }; }
  return {
    path,
    exists: true,
    isDir: st.isDirectory(),
    hasToolDir: isDirAt(join(path, 'pkg', 'tool')),
    hasRuntime: isDirAt(join(path, 'src', 'runtime')),
    hasGoBinary: isFileAt(join(path, 'bin', 'go')) || isFileAt(join(path, 'bin', 'go.exe')),
    version: readGoRootVersion(path),
    moduleCacheToolchain: /[/\\]golang\.org[/\\]toolchain@v\d+\.\d+\.\d+-go/.test(path),
    error: null,
  };
}

/** The `go` a shell would run: the first executable one on PATH (no version probing). */
export function winningGoPath(env: Record<string, string | undefined>, cwd: string): string | null {
  const os = process.platform === 'win32' ? 'windows' : 'linux';
  const path = gatherPath(env['PATH'] ?? env['Path'] ?? '', os === 'windows' ? ';' : ':', cwd);
  return scanGoBinaries(path, os).find((b) => b.executable)?.path ?? null;
}

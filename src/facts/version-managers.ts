// Version managers and other Go installs: asdf, mise, goenv, gvm, SDKMAN, g, golang.org/dl (~/sdk),
// Homebrew and distro packages. For each: the Go trees it holds, whether it is wired into this
// environment (shim dir on PATH, or an init line in a shell startup file), and the version it
// selects for the project directory. Everything is read from disk; no manager is ever run.
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { GoTreeCandidate, VersionManagerFacts } from './types.ts';
import { readFdBounded } from './read-bounded.ts';
import { readGoRootVersion } from './go-binaries.ts';

export interface VersionManagerOptions {
  home: string | null;
  os: string;
  env: Record<string, string | undefined>;
  pathEntries: string[];
  projectDir: string;
  /** Prefix for system locations (/usr/lib, /opt/homebrew, ...); tests point it at a fixture tree. */
  systemRoot?: string;
}

const MAX_LISTING = 500;
const MAX_STARTUP_BYTES = 256 * 1024;
const MAX_CONFIG_BYTES = 64 * 1024;
const MAX_UP = 64;

/** Managers that put a shim or their own bin dir in front of PATH; the others are plain installs. */
export const SWITCHING_MANAGERS = new Set(['asdf', 'mise', 'goenv', 'gvm', 'sdkman', 'g']);

function isDir(p: string): boolean { try { return statSync(p).isDirectory(); } catch { return false; } }
function isFile(p: string): boolean { try { return statSync(p).isFile(); } catch { return false; } }
function isSymlink(p: string): boolean { try { return lstatSync(p).isSymbolicLink(); } catch { return false; } }
function real(p: string): string { try { return realpathSync(p); } catch { return p; } }
function list(dir: string): string[] { try { return readdirSync(dir).slice(0, MAX_LISTING).sort(); } catch { return []; } }

function readSmall(p: string, max: number): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(p, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) return null;
    return readFdBounded(fd, max, st.size).data.toString('utf8');
  } catch {
    return null;
  } finally {
    if (fd !== null) try { closeSync(fd); } catch { /* ignore */ }
  }
}

/** A Go tree: the directory itself, or the `go` / `libexec` directory inside it (asdf, Homebrew). */
export function goTreeIn(dir: string): string | null {
  for (const cand of [dir, join(dir, 'go'), join(dir, 'libexec')]) {
    if (isFile(join(cand, 'bin', 'go')) || isFile(join(cand, 'bin', 'go.exe'))) return cand;
  }
  return null;
}

function trimSlash(p: string): string { return p.length > 1 ? p.replace(/[/\\]+$/, '') : p; }

interface Ctx {
  opts: VersionManagerOptions;
  home: string | null;
  sys: (p: string) => string;
  path: string[];
  startup: { file: string; lines: string[] }[];
}

function startupFiles(home: string | null, env: Record<string, string | undefined>): { file: string; lines: string[] }[] {
  if (!home) return [];
  const zdot = env['ZDOTDIR'] || home;
  const names = [
    join(home, '.bashrc'), join(home, '.bash_profile'), join(home, '.bash_login'), join(home, '.profile'),
    join(zdot, '.zshrc'), join(zdot, '.zprofile'), join(zdot, '.zshenv'), join(zdot, '.zlogin'),
    join(home, '.config', 'fish', 'config.fish'),
    ...list(join(home, '.config', 'fish', 'conf.d')).filter((n) => n.endsWith('.fish')).slice(0, 50).map((n) => join(home, '.config', 'fish', 'conf.d', n)),
  ];
  const out: { file: string; lines: string[] }[] = [];
  for (const file of [...new Set(names)]) {
    const text = readSmall(file, MAX_STARTUP_BYTES);
    if (text !== null) out.push({ file, lines: text.split(/\r?\n/) });
  }
  return out;
}

/** Startup lines that wire a manager in (ignoring comments). */
function initEvidence(ctx: Ctx, re: RegExp): string[] {
  const out: string[] = [];
  for (const f of ctx.startup) {
    f.lines.forEach((line, i) => {
      const t = line.trim();
      if (t.startsWith('#') || !re.test(t)) return;
      out.push(`init line ${f.file}:${i + 1}: ${t.slice(0, 160)}`);
    });
  }
  return out;
}

function pathIndex(ctx: Ctx, dir: string): number {
  const d = trimSlash(dir);
  return ctx.path.findIndex((p) => p === d);
}

function pathUnder(ctx: Ctx, dir: string): number {
  const d = trimSlash(dir);
  return ctx.path.findIndex((p) => p === d || p.startsWith(d + '/') || p.startsWith(d + '\\'));
}

/** Nearest file named `name` at or above dir (as asdf, goenv and mise search). */
function findUp(dir: string, names: string[]): string | null {
  let cur = resolve(dir);
  for (let i = 0; i < MAX_UP; i++) {
    for (const n of names) { const p = join(cur, n); if (isFile(p)) return p; }
    const parent = dirname(cur);
    if (parent === cur) return null;
    cur = parent;
  }
  return null;
}

/** `golang 1.22.1` / `go 1.22.1` in a .tool-versions file; the first of several versions is the one used. */
function toolVersionsEntry(file: string, tools: string[]): string | null {
  const text = readSmall(file, MAX_CONFIG_BYTES);
  if (text === null) return null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const [tool, first] = line.split(/\s+/);
    if (tool && first && tools.includes(tool)) return first;
  }
  return null;
}

/** The go entry of a mise TOML file's [tools] table: `go = "1.22"`, `go = ["1.22", ...]`, `go = { version = "1.22" }`. */
export function miseTomlGoVersion(text: string): string | null {
  let inTools = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    const table = /^\[([^\]]+)\]$/.exec(line);
    if (table) { inTools = table[1]!.trim() === 'tools'; continue; }
    if (!inTools) continue;
    const m = /^(?:"?(?:go|golang|core:go)"?)\s*=\s*(.+)$/.exec(line);
    if (!m) continue;
    const v = m[1]!.trim();
    const str = /^["']([^"']+)["']/.exec(v) ?? /^\[\s*["']([^"']+)["']/.exec(v) ?? /version\s*=\s*["']([^"']+)["']/.exec(v);
    if (str) return str[1]!;
  }
  return null;
}

/** Whether a manager's version spec (exact, prefix like "1.22", "latest", "system") has an installed match. */
export function specInstalled(spec: string, installed: string[]): boolean {
  if (spec === 'system' || spec.startsWith('path:') || spec.startsWith('ref:')) return true;
  if (spec === 'latest') return installed.length > 0;
  const s = spec.replace(/^(?:prefix:|latest:)/, '').replace(/^go/, '');
  const names = installed.map((v) => v.replace(/^go/, ''));
  return names.some((v) => v === s || v.startsWith(s + '.') || v.startsWith(s + 'rc') || v.startsWith(s + 'beta'));
}

/** A selection is installed when its spec names one of the versions present on disk. */
function settleInstalled(selected: VersionManagerFacts['selected'], versions: { version: string; exists: boolean }[]): void {
  if (selected) selected.installed = specInstalled(selected.version, versions.filter((v) => v.exists).map((v) => v.version));
}

function versionsIn(dir: string, skip: (name: string) => boolean = () => false): { version: string; root: string; exists: boolean }[] {
  const out: { version: string; root: string; exists: boolean }[] = [];
  for (const name of list(dir)) {
    if (name.startsWith('.') || skip(name)) continue;
    const p = join(dir, name);
    // mise and asdf keep alias symlinks (latest, 1.22) next to the real installs.
    if (isSymlink(p) || !isDir(p)) continue;
    const tree = goTreeIn(p);
    out.push({ version: name, root: tree ?? p, exists: tree !== null });
  }
  return out;
}

function asdf(ctx: Ctx): VersionManagerFacts | null {
  const { env } = ctx.opts;
  const root = env['ASDF_DATA_DIR'] || (ctx.home ? join(ctx.home, '.asdf') : null);
  if (!root) return null;
  const installs = join(root, 'installs', 'golang');
  const shimDir = join(root, 'shims');
  const hasShim = isFile(join(shimDir, 'go'));
  if (!isDir(installs) && !hasShim && !isDir(join(root, 'plugins', 'golang'))) return null;
  const versions = versionsIn(installs);
  const evidence: string[] = [];
  const idx = pathIndex(ctx, shimDir);
  if (idx >= 0) evidence.push(`shim dir ${shimDir} is PATH entry ${idx}`);
  evidence.push(...initEvidence(ctx, /asdf\.(?:sh|fish|bash|zsh)\b|\.asdf\/shims|ASDF_DATA_DIR\}?\/shims|asdf\s+(?:exec|init)/));
  let selected: VersionManagerFacts['selected'] = null;
  const fromEnv = env['ASDF_GOLANG_VERSION'];
  if (fromEnv) selected = { version: fromEnv, file: null, installed: false };
  else {
    const fileName = env['ASDF_DEFAULT_TOOL_VERSIONS_FILENAME'] || '.tool-versions';
    const candidates = [findUp(ctx.opts.projectDir, [fileName]), ctx.home ? join(ctx.home, fileName) : null];
    for (const f of candidates) {
      if (!f) continue;
      const v = toolVersionsEntry(f, ['golang']);
      if (v) { selected = { version: v, file: f, installed: false }; break; }
    }
  }
  settleInstalled(selected, versions);
  return { name: 'asdf', root, versions, active: evidence.length > 0, shimDir: hasShim || isDir(shimDir) ? shimDir : null, selected, evidence };
}

function mise(ctx: Ctx): VersionManagerFacts | null {
  const { env } = ctx.opts;
  const dataHome = env['XDG_DATA_HOME'] || (ctx.home ? join(ctx.home, '.local', 'share') : null);
  const root = env['MISE_DATA_DIR'] || (dataHome ? join(dataHome, 'mise') : null);
  if (!root) return null;
  const installs = join(root, 'installs', 'go');
  const shimDir = join(root, 'shims');
  const hasShim = isFile(join(shimDir, 'go'));
  if (!isDir(installs) && !hasShim) return null;
  const versions = versionsIn(installs);
  const evidence: string[] = [];
  const idx = pathIndex(ctx, shimDir);
  if (idx >= 0) evidence.push(`shim dir ${shimDir} is PATH entry ${idx}`);
  const inst = pathUnder(ctx, installs);
  if (inst >= 0) evidence.push(`PATH entry ${inst} (${ctx.path[inst]}) is a mise install (mise activate)`);
  evidence.push(...initEvidence(ctx, /mise(?:\s+|\.exe\s+)activate|mise\s+hook-env|mise\/shims/));
  let selected: VersionManagerFacts['selected'] = null;
  const fromEnv = env['MISE_GO_VERSION'];
  if (fromEnv) selected = { version: fromEnv, file: null, installed: false };
  else {
    const configNames = ['mise.local.toml', 'mise.toml', '.mise.local.toml', '.mise.toml', join('.mise', 'config.toml'), join('.config', 'mise.toml'), join('.config', 'mise', 'config.toml'), '.tool-versions'];
    let cur = resolve(ctx.opts.projectDir);
    outer: for (let i = 0; i < MAX_UP; i++) {
      for (const n of configNames) {
        const f = join(cur, n);
        if (!isFile(f)) continue;
        const v = n === '.tool-versions' ? toolVersionsEntry(f, ['go', 'golang']) : miseTomlGoVersion(readSmall(f, MAX_CONFIG_BYTES) ?? '');
        if (v) { selected = { version: v, file: f, installed: false }; break outer; }
      }
      const parent = dirname(cur);
      if (parent === cur) break;
      cur = parent;
    }
    if (!selected) {
      const cfgHome = env['MISE_CONFIG_DIR'] || (env['XDG_CONFIG_HOME'] ? join(env['XDG_CONFIG_HOME'], 'mise') : ctx.home ? join(ctx.home, '.config', 'mise') : null);
      const global = cfgHome ? join(cfgHome, 'config.toml') : null;
      const v = global ? miseTomlGoVersion(readSmall(global, MAX_CONFIG_BYTES) ?? '') : null;
      if (v && global) selected = { version: v, file: global, installed: false };
    }
  }
  settleInstalled(selected, versions);
  return { name: 'mise', root, versions, active: evidence.length > 0, shimDir: hasShim || isDir(shimDir) ? shimDir : null, selected, evidence };
}

function goenv(ctx: Ctx): VersionManagerFacts | null {
  const { env } = ctx.opts;
  const root = env['GOENV_ROOT'] || (ctx.home ? join(ctx.home, '.goenv') : null);
  if (!root || !isDir(root)) return null;
  const versions = versionsIn(join(root, 'versions'));
  const shimDir = join(root, 'shims');
  const evidence: string[] = [];
  const idx = pathIndex(ctx, shimDir);
  if (idx >= 0) evidence.push(`shim dir ${shimDir} is PATH entry ${idx}`);
  evidence.push(...initEvidence(ctx, /goenv\s+init|\.goenv\/shims|GOENV_ROOT\}?\/shims/));
  let selected: VersionManagerFacts['selected'] = null;
  if (env['GOENV_VERSION']) selected = { version: env['GOENV_VERSION'], file: null, installed: false };
  else {
    const local = findUp(ctx.opts.projectDir, ['.go-version']);
    const global = join(root, 'version');
    for (const f of [local, global]) {
      if (!f) continue;
      const v = (readSmall(f, MAX_CONFIG_BYTES) ?? '').split(/\s+/).find((x) => x && !x.startsWith('#'));
      if (v) { selected = { version: v, file: f, installed: false }; break; }
    }
  }
  settleInstalled(selected, versions);
  return { name: 'goenv', root, versions, active: evidence.length > 0, shimDir: isDir(shimDir) ? shimDir : null, selected, evidence };
}

function gvm(ctx: Ctx): VersionManagerFacts | null {
  const { env } = ctx.opts;
  const root = env['GVM_ROOT'] || (ctx.home ? join(ctx.home, '.gvm') : null);
  if (!root || !isDir(join(root, 'gos'))) return null;
  const versions = versionsIn(join(root, 'gos'));
  const evidence: string[] = [];
  const idx = pathUnder(ctx, join(root, 'gos'));
  if (idx >= 0) evidence.push(`PATH entry ${idx} (${ctx.path[idx]}) is a gvm install`);
  evidence.push(...initEvidence(ctx, /\.gvm\/scripts\/gvm|GVM_ROOT\}?\/scripts\/gvm/));
  let selected: VersionManagerFacts['selected'] = null;
  const name = env['gvm_go_name'];
  if (name) selected = { version: name, file: null, installed: false };
  else {
    const def = join(root, 'environments', 'default');
    const m = /gos\/([^"'/\s]+)/.exec(readSmall(def, MAX_CONFIG_BYTES) ?? '');
    if (m) selected = { version: m[1]!, file: def, installed: false };
  }
  settleInstalled(selected, versions);
  return { name: 'gvm', root, versions, active: evidence.length > 0, shimDir: null, selected, evidence };
}

function sdkman(ctx: Ctx): VersionManagerFacts | null {
  const { env } = ctx.opts;
  const root = env['SDKMAN_DIR'] || (ctx.home ? join(ctx.home, '.sdkman') : null);
  const cand = root ? join(root, 'candidates', 'go') : null;
  if (!root || !cand || !isDir(cand)) return null;
  const versions = versionsIn(cand, (n) => n === 'current');
  const current = join(cand, 'current');
  const binDir = join(current, 'bin');
  const evidence: string[] = [];
  const idx = pathIndex(ctx, binDir);
  if (idx >= 0) evidence.push(`${binDir} is PATH entry ${idx}`);
  evidence.push(...initEvidence(ctx, /sdkman-init\.sh/));
  let selected: VersionManagerFacts['selected'] = null;
  const rc = findUp(ctx.opts.projectDir, ['.sdkmanrc']);
  const fromRc = rc ? /^\s*go\s*=\s*(\S+)/m.exec(readSmall(rc, MAX_CONFIG_BYTES) ?? '') : null;
  if (rc && fromRc) selected = { version: fromRc[1]!, file: rc, installed: false };
  else if (isSymlink(current)) {
    try { selected = { version: basename(readlinkSync(current)), file: current, installed: false }; } catch { /* unreadable link */ }
  }
  settleInstalled(selected, versions);
  return { name: 'sdkman', root, versions, active: evidence.length > 0, shimDir: binDir, selected, evidence };
}

/** voidint/g: versions under ~/.g/versions, the active one linked at ~/.g/go. */
function gManager(ctx: Ctx): VersionManagerFacts | null {
  const { env } = ctx.opts;
  const root = env['G_HOME'] || (ctx.home ? join(ctx.home, '.g') : null);
  if (!root || !isDir(join(root, 'versions'))) return null;
  const versions = versionsIn(join(root, 'versions'));
  const link = join(root, 'go');
  const binDir = join(link, 'bin');
  const evidence: string[] = [];
  const idx = pathIndex(ctx, binDir);
  if (idx >= 0) evidence.push(`${binDir} is PATH entry ${idx}`);
  evidence.push(...initEvidence(ctx, /\.g\/env\b|G_HOME/));
  let selected: VersionManagerFacts['selected'] = null;
  if (isSymlink(link)) {
    try {
      const target = readlinkSync(link);
      const m = /versions[/\\]([^/\\]+)/.exec(target);
      selected = { version: m ? m[1]! : basename(target), file: link, installed: isDir(link) };
    } catch { /* unreadable link */ }
  }
  return { name: 'g', root, versions, active: evidence.length > 0, shimDir: binDir, selected, evidence };
}

function golangDl(ctx: Ctx): VersionManagerFacts | null {
  if (!ctx.home) return null;
  const root = join(ctx.home, 'sdk');
  const versions = versionsIn(root, (n) => !/^go\d/.test(n));
  if (versions.length === 0) return null;
  return { name: 'golang-dl', root, versions, active: false, shimDir: null, selected: null, evidence: versions.map((v) => `${v.root} (run as \`${v.version}\` through the golang.org/dl wrapper)`) };
}

function homebrew(ctx: Ctx): VersionManagerFacts[] {
  const prefixes = [...new Set([ctx.opts.env['HOMEBREW_PREFIX'], ctx.sys('/opt/homebrew'), ctx.sys('/usr/local'), ctx.sys('/home/linuxbrew/.linuxbrew'), ctx.home ? join(ctx.home, '.linuxbrew') : undefined].filter((p): p is string => !!p))];
  const out: VersionManagerFacts[] = [];
  for (const prefix of prefixes) {
    const cellar = join(prefix, 'Cellar');
    const formulae = list(cellar).filter((n) => n === 'go' || /^go@1\.\d+$/.test(n));
    if (formulae.length === 0) continue;
    const versions = formulae.flatMap((f) => versionsIn(join(cellar, f)).map((v) => ({ ...v, version: f === 'go' ? v.version : `${v.version} (${f})` })));
    const binDir = join(prefix, 'bin');
    const linked = join(binDir, 'go');
    const evidence: string[] = [];
    const idx = pathIndex(ctx, binDir);
    if (idx >= 0 && isFile(linked)) evidence.push(`${linked} is on PATH (entry ${idx})`);
    let selected: VersionManagerFacts['selected'] = null;
    if (isSymlink(linked)) {
      try {
        const m = /Cellar[/\\](go(?:@[\d.]+)?)[/\\]([^/\\]+)/.exec(readlinkSync(linked));
        if (m) selected = { version: m[2]!, file: linked, installed: isFile(linked) };
      } catch { /* unreadable link */ }
    }
    out.push({ name: 'homebrew', root: prefix, versions, active: evidence.length > 0, shimDir: binDir, selected, evidence });
  }
  return out;
}

/** Debian/Ubuntu /usr/lib/go-1.X (with /usr/lib/go and /usr/bin/go as alternatives links), Fedora /usr/lib/golang, Arch /usr/lib/go. */
function distro(ctx: Ctx): VersionManagerFacts | null {
  const lib = ctx.sys('/usr/lib');
  const seen = new Set<string>();
  const versions: { version: string; root: string; exists: boolean }[] = [];
  // Real directories before the alternatives links (/usr/lib/go -> go-1.22) so trees keep their own names.
  const names = list(lib).filter((n) => /^go(?:-1\.\d+)?$|^golang$/.test(n));
  for (const name of [...names.filter((n) => !isSymlink(join(lib, n))), ...names.filter((n) => isSymlink(join(lib, n)))]) {
    const p = join(lib, name);
    const tree = goTreeIn(p);
    if (!tree) continue;
    const r = real(tree);
    if (seen.has(r)) continue;
    seen.add(r);
    versions.push({ version: readGoRootVersion(tree) ?? name, root: tree, exists: true });
  }
  if (versions.length === 0) return null;
  const evidence: string[] = [];
  const usrBinGo = ctx.sys('/usr/bin/go');
  let selected: VersionManagerFacts['selected'] = null;
  if (isFile(usrBinGo)) {
    const target = real(usrBinGo);
    const hit = versions.find((v) => target.startsWith(real(v.root) + '/'));
    if (hit) {
      selected = { version: hit.version, file: usrBinGo, installed: true };
      const idx = pathIndex(ctx, ctx.sys('/usr/bin'));
      if (idx >= 0) evidence.push(`${usrBinGo} -> ${target} is on PATH (entry ${idx})`);
    }
  }
  for (const v of versions) {
    const idx = pathIndex(ctx, join(v.root, 'bin'));
    if (idx >= 0) evidence.push(`${join(v.root, 'bin')} is PATH entry ${idx}`);
  }
  return { name: 'distro', root: lib, versions, active: evidence.length > 0, shimDir: null, selected, evidence };
}

function makeCtx(opts: VersionManagerOptions, readStartup = true): Ctx {
  const sysRoot = opts.systemRoot;
  return {
    opts,
    home: opts.home,
    sys: (p) => (sysRoot ? join(sysRoot, p) : p),
    path: opts.pathEntries.filter((p) => p && isAbsolute(p)).map(trimSlash),
    startup: readStartup ? startupFiles(opts.home, opts.env) : [],
  };
}

/** asdf, mise, goenv, gvm, SDKMAN, g, golang.org/dl, Homebrew, distro packages. Never throws. */
export function gatherVersionManagers(opts: VersionManagerOptions): VersionManagerFacts[] {
  const ctx = makeCtx(opts);
  const out: VersionManagerFacts[] = [];
  const tryAdd = (fn: () => VersionManagerFacts | VersionManagerFacts[] | null) => {
    try { const r = fn(); if (Array.isArray(r)) out.push(...r); else if (r) out.push(r); } catch { /* one odd layout must not hide the others */ }
  };
  tryAdd(() => asdf(ctx));
  tryAdd(() => mise(ctx));
  tryAdd(() => goenv(ctx));
  tryAdd(() => gvm(ctx));
  tryAdd(() => sdkman(ctx));
  tryAdd(() => gManager(ctx));
  tryAdd(() => golangDl(ctx));
  tryAdd(() => homebrew(ctx));
  if (opts.os !== 'windows') tryAdd(() => distro(ctx));
  return out;
}

/** Where downloaded toolchains live: GOMODCACHE, else the first GOPATH entry's pkg/mod, else ~/go/pkg/mod. */
function moduleCacheDirs(opts: VersionManagerOptions): string[] {
  const sep = opts.os === 'windows' ? ';' : ':';
  const gopath = (opts.env['GOPATH'] ?? '').split(sep).find((p) => p && isAbsolute(p));
  const dirs = [opts.env['GOMODCACHE'], gopath ? join(gopath, 'pkg', 'mod') : null, opts.home ? join(opts.home, 'go', 'pkg', 'mod') : null];
  return [...new Set(dirs.filter((d): d is string => !!d && isAbsolute(d)))];
}

/** Go trees that exist on this machine, on PATH or not (GT101 names them; GT107 looks for downloaded toolchains). */
export function gatherGoTrees(opts: VersionManagerOptions, managers: VersionManagerFacts[]): GoTreeCandidate[] {
  const ctx = makeCtx(opts, false);
  const out: GoTreeCandidate[] = [];
  const seen = new Set<string>();
  const add = (dir: string, origin: string) => {
    const tree = goTreeIn(dir);
    if (!tree) return;
    const r = real(tree);
    if (seen.has(r)) return;
    seen.add(r);
    out.push({ root: tree, version: readGoRootVersion(tree), origin });
  };
  if (opts.os === 'windows') {
    for (const d of ['C:\\Program Files\\Go', 'C:\\Go']) add(d, 'official');
  } else {
    add(ctx.sys('/usr/local/go'), 'official');
    add(ctx.sys('/opt/go'), 'manual');
  }
  if (opts.home) add(join(opts.home, '.local', 'go'), 'manual');
  for (const m of managers) for (const v of m.versions) if (v.exists) add(v.root, m.name);
  for (const mc of moduleCacheDirs(opts)) {
    const dir = join(mc, 'golang.org');
    for (const name of list(dir)) if (/^toolchain@v\d+\.\d+\.\d+-go/.test(name)) add(join(dir, name), 'module-cache');
  }
  return out;
}

// Where each Go directory lives: its mount (from /proc/self/mountinfo), filesystem type, free
// space and inodes, owner and mode, whether the OS wipes it, and for the module cache whether
// file locks work there. Linux only; elsewhere the facts say `available: false`.
import { accessSync, closeSync, constants, lstatSync, openSync, readdirSync, realpathSync, statSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LatencyFact, LocationFact, LocationRole, MountFacts } from './types.ts';
import { LOCAL_DISK_FS, measureSmallFiles } from './measure.ts';
import { readPathBounded } from './read-bounded.ts';

export interface MountOptions {
  os: string;
  /** Paths to describe, by role. */
  locations: { role: LocationRole; path: string }[];
  /** Try a real file lock in the module cache (GT210). */
  /** true: always take a real test lock in GOMODCACHE; 'uncertain': only where the filesystem type does not settle it. */
  testLocking: boolean | 'uncertain';
  mountinfoPath?: string;
  /** Budget for the lock attempt; one that hangs is reported as undecided (works: null) with the reason. */
  lockTimeoutMs?: number;
  /** Root for tmpfiles.d rules (tests point it at a fixture tree). */
  tmpfilesDirs?: string[];
  /** PATH used to find `flock` / `python3` (defaults to the process PATH). */
  toolPath?: string;
  /** `doctor --measure`: small-file latency of each Go directory's filesystem, and of the first local disk among `referenceDirs`. */
  measure?: { referenceDirs: string[]; files?: number; budgetMs?: number };
}

/** The directories whose filesystem speed matters to the go command. */
const MEASURED_ROLES: ReadonlySet<LocationRole> = new Set(['GOMODCACHE', 'GOCACHE', 'GOPATH', 'project']);

function measureLocations(locations: LocationFact[], mounts: readonly MountEntry[], m: NonNullable<MountOptions['measure']>): NonNullable<MountFacts['reference']> | null {
  const byMount = new Map<string, LatencyFact>();
  const opts = { ...(m.files !== undefined ? { files: m.files } : {}), ...(m.budgetMs !== undefined ? { budgetMs: m.budgetMs } : {}) };
  for (const l of locations) {
    if (!MEASURED_ROLES.has(l.role)) continue;
    if (!l.exists || !l.realPath) {
      l.latency = { dir: l.path, files: 0, perFileMs: null, createMs: null, statMs: null, readMs: null, removeMs: null, error: 'not measured: the directory does not exist yet' };
      continue;
    }
    const key = `${l.mountPoint ?? l.realPath}\0${l.fsType ?? ''}`;
    let f = byMount.get(key);
    if (!f) {
      f = measureSmallFiles(l.realPath, opts);
      byMount.set(key, f);
    }
    l.latency = f;
  }
  for (const cand of m.referenceDirs) {
    const r = resolveExisting(cand);
    if (!r.exists || !r.realPath) continue;
    const mount = findMount(mounts, r.realPath);
    if (!mount || !LOCAL_DISK_FS.has(mount.fsType)) continue;
    const f = byMount.get(`${mount.mountPoint}\0${mount.fsType}`) ?? measureSmallFiles(r.realPath, opts);
    if (f.perFileMs === null) continue;
    return { ...f, fsType: mount.fsType, mountPoint: mount.mountPoint };
  }
  return null;
}

export interface MountEntry {
  mountId: number;
  parentId: number;
  /** "major:minor" of the device. */
  device: string;
  /** Root of the mount within its filesystem (bind mounts show a subdirectory here). */
  root: string;
  mountPoint: string;
  options: string[];
  optionalFields: string[];
  fsType: string;
  source: string;
  superOptions: string[];
}

export interface MountinfoParse {
  mounts: MountEntry[];
  /** Lines that did not parse, with why; parsing never throws. */
  skipped: { line: number; reason: string }[];
  truncated: boolean;
}

/** A pathological mountinfo (or a junk file passed by mistake) is cut here rather than parsed whole. */
export const MOUNTINFO_MAX_BYTES = 16 << 20;
export const MOUNTINFO_MAX_LINES = 100_000;
const MOUNTINFO_MAX_LINE_LENGTH = 64 << 10;

/**
 * Undoes the kernel's escaping in mountinfo paths: it writes space, tab, newline and backslash
 * as three-digit octal (`\040`, `\011`, `\012`, `\134`). The escapes stand for bytes, so the
 * path is rebuilt as bytes and decoded as UTF-8 once.
 */
export function unescapeMountField(field: string): string {
  if (!field.includes('\\')) return field;
  const src = Buffer.from(field, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x5c && i + 3 < src.length && isOctal(src[i + 1]) && isOctal(src[i + 2]) && isOctal(src[i + 3])) {
      const v = (src[i + 1]! - 0x30) * 64 + (src[i + 2]! - 0x30) * 8 + (src[i + 3]! - 0x30);
      if (v <= 0xff) { out.push(v); i += 3; continue; }
    }
    out.push(b);
  }
  return Buffer.from(out).toString('utf8');
}

function isOctal(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x37;
}

function parseMountinfoLine(line: string): MountEntry | string {
  if (line.length > MOUNTINFO_MAX_LINE_LENGTH) return 'line too long';
  const f = line.split(' ');
  // Fields 1-6 are fixed; then optional fields up to a lone "-"; then fstype, source, super options.
  if (f.length < 10) return `expected at least 10 fields, found ${f.length}`;
  if (!/^\d+$/.test(f[0]!) || !/^\d+$/.test(f[1]!)) return 'mount and parent IDs are not numbers';
  if (!/^\d+:\d+$/.test(f[2]!)) return `device ${JSON.stringify(f[2]!.slice(0, 40))} is not major:minor`;
  const root = f[3]!;
  const mountPoint = f[4]!;
  // Roots are usually absolute, but nsfs reports "net:[4026531992]"-style roots: only empty is wrong.
  if (root === '') return 'empty root field';
  if (!mountPoint.startsWith('/')) return `mount point ${JSON.stringify(mountPoint.slice(0, 40))} is not absolute`;
  const sep = f.indexOf('-', 6);
  if (sep < 0) return 'no "-" separator after the optional fields';
  if (f.length < sep + 3) return 'missing filesystem type or source after "-"';
  const fsType = f[sep + 1]!;
  if (fsType === '') return 'empty filesystem type';
  return {
    mountId: Number(f[0]),
    parentId: Number(f[1]),
    device: f[2]!,
    root: unescapeMountField(root),
    mountPoint: unescapeMountField(mountPoint),
    options: f[5]!.split(',').filter(Boolean),
    optionalFields: f.slice(6, sep).filter(Boolean),
    fsType: unescapeMountField(fsType),
    source: unescapeMountField(f[sep + 2]!),
    superOptions: f.slice(sep + 3).join(' ').split(',').filter(Boolean).map(unescapeMountField),
  };
}

/** Parses /proc/<pid>/mountinfo (proc(5)); bad lines are skipped with a reason, never thrown. */
export function parseMountinfo(text: string): MountinfoParse {
  const mounts: MountEntry[] = [];
  const skipped: MountinfoParse['skipped'] = [];
  let truncated = false;
  let start = 0;
  let lineNo = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    lineNo++;
    start = end + 1;
    if (line === '') continue;
    if (lineNo > MOUNTINFO_MAX_LINES) { truncated = true; break; }
    const r = parseMountinfoLine(line);
    if (typeof r === 'string') skipped.push({ line: lineNo, reason: r });
    else mounts.push(r);
  }
  return { mounts, skipped, truncated };
}

function isUnder(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/');
  return path === dir || path.startsWith(dir + '/');
}

/**
 * The mount holding a resolved path: the longest mount point that is a prefix of it. Mounts
 * stacked on the same point are listed in mount order, so the last one is the visible one.
 */
export function findMount(mounts: readonly MountEntry[], realPath: string): MountEntry | null {
  let best: MountEntry | null = null;
  for (const m of mounts) {
    if (!isUnder(realPath, m.mountPoint)) continue;
    if (!best || m.mountPoint.length >= best.mountPoint.length) best = m;
  }
  return best;
}

/**
 * Resolves symlinks in a path that may not exist yet: realpath of the path, else of its nearest
 * existing ancestor (with the missing tail appended). A symlink loop is reported, not thrown.
 */
export function resolveExisting(path: string): { exists: boolean; realPath: string | null; ancestor: string | null; error: string | null } {
  const abs = resolve(path);
  try {
    return { exists: true, realPath: realpathSync(abs), ancestor: null, error: null };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    let error: string | null = null;
    if (code === 'ELOOP') error = `symlink loop at ${abs}`;
    else if (code !== 'ENOENT' && code !== 'ENOTDIR') error = `cannot resolve ${abs}: ${(e as Error).message}`;
    else {
      try { if (lstatSync(abs).isSymbolicLink()) error = `dangling symlink: ${abs}`; } catch { /* simply missing */ }
    }
    let cur = abs;
    const tail: string[] = [];
    for (;;) {
      const parent = dirname(cur);
      if (parent === cur) return { exists: false, realPath: null, ancestor: null, error: error ?? `no existing ancestor of ${abs}` };
      tail.unshift(cur.slice(parent.length).replace(/^\/+/, ''));
      cur = parent;
      try {
        const real = realpathSync(cur);
        return { exists: false, realPath: join(real, ...tail), ancestor: real, error };
      } catch (e2) {
        const c2 = (e2 as NodeJS.ErrnoException).code;
        if (c2 === 'ELOOP' && !error) error = `symlink loop at ${cur}`;
      }
    }
  }
}

/** Reads a file up to a bound; /proc files report size 0, so this reads until EOF. */
function readBounded(path: string, max: number): { text: string; truncated: boolean } {
  const r = readPathBounded(path, max);
  return { text: r.data.toString('utf8'), truncated: r.truncated };
}

const VOLATILE_FS = new Set(['tmpfs', 'ramfs']);

/**
 * Directories systemd-tmpfiles empties at boot: `D` and `R` lines (tmpfiles.d(5)). Later
 * directories override earlier ones by file name, as systemd does (/etc over /run over /usr/lib).
 */
export function bootWipedDirs(dirs: readonly string[]): Set<string> {
  const byName = new Map<string, string>();
  for (const d of [...dirs].reverse()) {
    let names: string[];
    try { names = readdirSync(d); } catch { continue; }
    for (const n of names) if (n.endsWith('.conf')) byName.set(n, join(d, n));
  }
  const wiped = new Set<string>();
  for (const file of byName.values()) {
    let text: string;
    try { text = readBounded(file, 1 << 20).text; } catch { continue; }
    for (const raw of text.split('\n')) {
      const m = /^\s*([DR])!?\s+(\S+)/.exec(raw);
      if (m) wiped.add(m[2]!.replace(/\/+$/, '') || '/');
    }
  }
  return wiped;
}

export const DEFAULT_TMPFILES_DIRS = ['/etc/tmpfiles.d', '/run/tmpfiles.d', '/usr/lib/tmpfiles.d'];

function findTool(name: string, pathVar: string): string | null {
  for (const dir of [...pathVar.split(':'), '/usr/bin', '/bin']) {
    if (!dir || !isAbsolute(dir)) continue;
    const p = join(dir, name);
    try { accessSync(p, constants.X_OK); if (statSync(p).isFile()) return p; } catch { /* next */ }
  }
  return null;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string; timedOut: boolean; spawnError: string | null }> {
  return new Promise((res) => {
    const child = execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (err, _stdout, stderr) => {
      if (!err) return res({ code: 0, stderr, timedOut: false, spawnError: null });
      const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
      if (typeof e.code === 'string') return res({ code: null, stderr, timedOut: false, spawnError: e.message });
      res({ code: typeof e.code === 'number' ? e.code : null, stderr, timedOut: !!e.killed, spawnError: null });
    });
    child.stdin?.end();
  });
}

const PY_LOCK = 'import fcntl,sys\nf=open(sys.argv[1],"r+")\nfcntl.flock(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\nfcntl.flock(f,fcntl.LOCK_UN)\n';

/**
 * Takes a real exclusive flock(2) on a temporary file in dir — the same call the go command uses
 * for the module cache on Linux (cmd/go/internal/lockedfile). Node has no flock, so the `flock`
 * tool (util-linux) or python3's fcntl does it; without either the result is "not tested".
 */
export async function testFileLocking(dir: string, opts: { timeoutMs: number; toolPath: string }): Promise<NonNullable<LocationFact['locking']>> {
  const flock = findTool('flock', opts.toolPath);
  const python = flock ? null : findTool('python3', opts.toolPath);
  if (!flock && !python) return { tested: false, works: null, error: 'not tested: neither `flock` (util-linux) nor python3 is available' };
  const file = join(dir, `.gotune-locktest-${process.pid}-${randomBytes(4).toString('hex')}`);
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    return { tested: false, works: null, error: `not tested: cannot create a file in ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  try {
    writeSync(fd, 'gotune lock test\n');
    closeSync(fd);
    const r = flock ? await run(flock, ['-n', '-x', file, 'true'], opts.timeoutMs) : await run(python!, ['-c', PY_LOCK, file], opts.timeoutMs);
    if (r.spawnError) return { tested: false, works: null, error: `not tested: ${r.spawnError}` };
    // A hang is what a dead NFS lock manager looks like, but also what a starved machine looks like: undecided.
    if (r.timedOut) return { tested: true, works: null, error: `the lock attempt did not finish within ${opts.timeoutMs} ms` };
    if (r.code === 0) return { tested: true, works: true, error: null };
    const msg = r.stderr.trim().split('\n').pop() ?? '';
    return { tested: true, works: false, error: msg || `lock failed (exit ${r.code})` };
  } finally {
    try { unlinkSync(file); } catch { /* already gone */ }
  }
}

function emptyLocation(role: LocationRole, path: string, error: string | null): LocationFact {
  return {
    role, path, exists: false, existingAncestor: null, realPath: null, mountPoint: null, fsType: null, mountSource: null, mountOptions: [],
    freeBytes: null, totalBytes: null, freeInodes: null, totalInodes: null, writable: null, ownerUid: null, mode: null,
    volatile: false, locking: null, error,
  };
}

function describe(role: LocationRole, path: string, mounts: readonly MountEntry[], wiped: ReadonlySet<string>, mountinfoError: string | null): LocationFact {
  if (!isAbsolute(path)) return emptyLocation(role, path, `not an absolute path: ${path}`);
  const loc = emptyLocation(role, path, null);
  const r = resolveExisting(path);
  loc.exists = r.exists;
  loc.existingAncestor = r.ancestor;
  loc.realPath = r.realPath;
  loc.error = r.error;
  const probe = r.exists ? r.realPath : r.ancestor;
  if (!probe || !r.realPath) return loc;
  const m = findMount(mounts, r.realPath);
  if (m) {
    loc.mountPoint = m.mountPoint;
    loc.fsType = m.fsType;
    loc.mountSource = m.source;
    loc.mountOptions = [...new Set([...m.options, ...m.superOptions])];
  } else if (mountinfoError && !loc.error) {
    loc.error = mountinfoError;
  }
  try {
    const s = statfsSync(probe);
    loc.freeBytes = s.bavail * s.bsize;
    loc.totalBytes = s.blocks * s.bsize;
    loc.freeInodes = s.ffree;
    loc.totalInodes = s.files;
  } catch (e) {
    loc.error ??= `statfs ${probe}: ${(e as Error).message}`;
  }
  try {
    const st = statSync(probe);
    loc.ownerUid = st.uid;
    loc.mode = st.mode;
  } catch { /* raced with removal */ }
  try { accessSync(probe, constants.W_OK); loc.writable = true; } catch { loc.writable = false; }
  loc.volatile = (loc.fsType !== null && VOLATILE_FS.has(loc.fsType)) || [...wiped].some((d) => d !== '/' && isUnder(r.realPath!, d));
  return loc;
}

/** Filesystem type, mount, space and permissions of each Go directory. */
export async function gatherMounts(opts: MountOptions): Promise<MountFacts> {
  if (opts.os !== 'linux') return { available: false, source: null, locations: [], error: `mount information is read on Linux only (this is ${opts.os})` };
  const source = opts.mountinfoPath ?? '/proc/self/mountinfo';
  let mounts: MountEntry[] = [];
  let error: string | null = null;
  let skippedLines = 0;
  try {
    const { text, truncated } = readBounded(source, MOUNTINFO_MAX_BYTES);
    const parsed = parseMountinfo(text);
    mounts = parsed.mounts;
    skippedLines = parsed.skipped.length;
    if (mounts.length === 0) error = `${source}: no mount line could be parsed${parsed.skipped[0] ? ` (line ${parsed.skipped[0].line}: ${parsed.skipped[0].reason})` : ''}`;
    else if (truncated || parsed.truncated) error = `${source}: too large, read only the first part`;
  } catch (e) {
    error = `cannot read ${source}: ${(e as Error).message}`;
  }
  const wiped = bootWipedDirs(opts.tmpfilesDirs ?? DEFAULT_TMPFILES_DIRS);
  const locations = opts.locations.map((l) => describe(l.role, l.path, mounts, wiped, error));
  if (opts.testLocking) {
    const cache = locations.find((l) => l.role === 'GOMODCACHE');
    if (cache) {
      if (!cache.exists || !cache.realPath) cache.locking = { tested: false, works: null, error: 'not tested: GOMODCACHE does not exist yet' };
      else if (opts.testLocking === 'uncertain' && cache.fsType && LOCAL_FLOCK_FS.has(cache.fsType)) {
        // Spawning the lock helper is most of doctor's filesystem cost; on local filesystems
        // flock(2) cannot fail, so the real test is kept for network, FUSE and unknown types.
        cache.locking = { tested: false, works: null, error: `not tested: ${cache.fsType} is a local filesystem, where file locks always work` };
      } else cache.locking = await testFileLocking(cache.realPath, { timeoutMs: opts.lockTimeoutMs ?? 1500, toolPath: opts.toolPath ?? process.env['PATH'] ?? '' });
    }
  }
  const reference = opts.measure ? measureLocations(locations, mounts, opts.measure) : undefined;
  return { available: mounts.length > 0, source, locations, error, skippedLines, ...(reference !== undefined ? { reference } : {}) };
}

/** Local filesystems whose flock(2) is the kernel's own and cannot fail for lack of a lock manager. */
export const LOCAL_FLOCK_FS: ReadonlySet<string> = new Set([...LOCAL_DISK_FS, 'tmpfs', 'ramfs']);

/** Exposed for tests that need to know whether the lock test can run here. */
export function lockToolAvailable(pathVar = process.env['PATH'] ?? ''): boolean {
  return findTool('flock', pathVar) !== null || findTool('python3', pathVar) !== null;
}

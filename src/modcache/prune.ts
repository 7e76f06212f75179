// `gotune cache prune` and `cache clean --partial`: removing whole module versions, and the
// leftovers of interrupted downloads, without ever leaving the cache in a state the go command
// would take for complete when it is not.
//
// The go command publishes a version in this order, holding <v>.lock (modfetch/fetch.go):
//   zip into <v>.zip<rand>.tmp → <v>.ziphash → rename to <v>.zip → <v>.partial → extract the tree →
//   remove <v>.partial → make directories read-only;  <v>.mod and <v>.info by temp file + rename.
// It takes a tree as complete when the directory exists, <v>.partial does not and <v>.ziphash
// does (DownloadDir), and a zip as complete when <v>.zip and <v>.ziphash both exist (DownloadZip).
// We remove in the reverse order, holding the same lock:
//   1. create <v>.partial           the tree stops counting as complete from here on
//   2. remove the tree              a kill here leaves a .partial tree: the go command re-extracts
//   3. remove <v>.partial
//   4. remove <v>.zip               a kill here leaves only .ziphash: the go command downloads again
//   5. remove <v>.ziphash, temp files, <v>.mod, <v>.info
//   6. rewrite `list` under its own lock, as the go command does when it writes a .mod
// <v>.lock itself is never removed: a process may be waiting on it, and removing it would let a
// third process lock a new file while the waiter locks the old one.

import { lstatSync, readdirSync, writeSync, readFileSync, openSync, closeSync, constants as fsConstants } from 'node:fs';
import { dirname, join } from 'node:path';
import { canonicalVersion, unescapeVersion } from '../gomod/module.ts';
import { compareForSort, isValid } from '../gomod/semver.ts';
import { versionPaths } from './layout.ts';
import { CacheLocker, type LockOutcome } from './lock.ts';
import { CacheRemover } from './remove.ts';
import { lastUse, versionDisk, type CacheScan, type Leftover, type VersionEntry } from './scan.ts';
import type { RootRefs } from './roots.ts';

export interface PrunePolicy {
  olderThanMs?: number;
  keepReferenced?: RootRefs;
  keepLatest?: number;
  maxSizeBytes?: number;
  toolchains?: boolean;
  now?: number;
}

export interface PruneCandidate {
  key: string;
  path: string;
  version: string;
  disk: number;
  lastUseMs: number;
  escapedPath: string;
  escapedVersion: string;
}

export interface PrunePlan {
  remove: PruneCandidate[];
  keptBy: Record<'toolchain' | 'recent' | 'referenced' | 'latest' | 'size' | 'unescapable', number>;
  bytes: number;
  cacheDisk: number;
}

/** Decides what goes: a version is removed only when every given policy agrees. */
export function planPrune(scan: CacheScan, policy: PrunePolicy): PrunePlan {
  const now = policy.now ?? Date.now();
  const keptBy = { toolchain: 0, recent: 0, referenced: 0, latest: 0, size: 0, unescapable: 0 };
  const present = scan.versions.filter((v) => v.files.zip || v.files.mod || v.files.info || v.files.ziphash || v.tree || v.files.partial || v.tmpFiles.length);
  let cacheDisk = 0;
  for (const v of present) cacheDisk += versionDisk(v);

  // --keep-latest: per module, the N highest versions (semver order) stay.
  const latest = new Set<string>();
  if (policy.keepLatest !== undefined) {
    const byPath = new Map<string, VersionEntry[]>();
    for (const v of present) {
      if (v.path === null || v.version === null) continue;
      const list = byPath.get(v.path) ?? [];
      list.push(v);
      byPath.set(v.path, list);
    }
    for (const list of byPath.values()) {
      list.sort((a, b) => compareForSort(b.version!, a.version!));
      for (const v of list.slice(0, policy.keepLatest)) latest.add(v.key);
    }
  }

  let cands: (PruneCandidate & { v: VersionEntry })[] = [];
  for (const v of present) {
    if (v.path === null || v.version === null) { keptBy.unescapable++; continue; }
    if (v.toolchain && !policy.toolchains) { keptBy.toolchain++; continue; }
    const lu = lastUse(v);
    if (policy.olderThanMs !== undefined && lu > now - policy.olderThanMs) { keptBy.recent++; continue; }
    if (policy.keepReferenced && policy.keepReferenced.referenced.has(v.key)) { keptBy.referenced++; continue; }
    if (latest.has(v.key)) { keptBy.latest++; continue; }
    cands.push({ v, key: v.key, path: v.path, version: v.version, disk: versionDisk(v), lastUseMs: lu, escapedPath: v.escapedPath, escapedVersion: v.escapedVersion });
  }
  // --max-size agrees to remove the least recently used of what the others allow, until the cache fits.
  if (policy.maxSizeBytes !== undefined) {
    cands.sort((a, b) => a.lastUseMs - b.lastUseMs || (a.key < b.key ? -1 : 1));
    let size = cacheDisk;
    const take: typeof cands = [];
    for (const c of cands) {
      if (size <= policy.maxSizeBytes) { keptBy.size++; continue; }
      take.push(c);
      size -= c.disk;
    }
    cands = take;
  }
  cands.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const remove = cands.map(({ v: _v, ...c }) => c);
  return { remove, keptBy, bytes: remove.reduce((s, c) => s + c.disk, 0), cacheDisk };
}

export interface ApplyOutcome {
  removed: { key: string; disk: number }[];
  skipped: { key: string; reason: string }[];
  errors: { key: string; message: string }[];
  durationMs: number;
}

export interface ApplyOptions {
  /** Seconds to wait for a version the go command is using; default 0 (skip it). */
  lockWaitSeconds?: number;
  onProgress?: (done: number, total: number) => void;
  /** Called with the lock held, before anything is removed (tests use it to race the go command). */
  onLocked?: (c: PruneCandidate) => Promise<void> | void;
}

/** Removes the planned versions, one at a time, each under the go command's lock. */
export async function applyPrune(root: string, plan: PrunePlan, opts: ApplyOptions = {}): Promise<ApplyOutcome> {
  const started = performance.now();
  const out: ApplyOutcome = { removed: [], skipped: [], errors: [], durationMs: 0 };
  const remover = new CacheRemover(root);
  const locker = await CacheLocker.start();
  const touchedLists = new Set<string>();
  try {
    let done = 0;
    for (const c of plan.remove) {
      try {
        const r = await removeVersion(root, c, locker, remover, opts);
        if (r === 'busy') out.skipped.push({ key: c.key, reason: 'in use: another process holds its lock' });
        else out.removed.push({ key: c.key, disk: c.disk });
        touchedLists.add(versionPaths(root, c.escapedPath, c.escapedVersion).atV);
      } catch (e) {
        out.errors.push({ key: c.key, message: e instanceof Error ? e.message : String(e) });
      }
      opts.onProgress?.(++done, plan.remove.length);
    }
    for (const atV of touchedLists) {
      try {
        await rewriteVersionList(atV, locker, remover);
      } catch (e) {
        out.errors.push({ key: atV, message: `list not rewritten: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
  } finally {
    await locker.close();
  }
  out.durationMs = performance.now() - started;
  return out;
}

async function removeVersion(root: string, c: PruneCandidate, locker: CacheLocker, remover: CacheRemover, opts: ApplyOptions): Promise<LockOutcome> {
  const p = versionPaths(root, c.escapedPath, c.escapedVersion);
  for (const f of [p.lock, p.partial, p.zip, p.ziphash, p.mod, p.info, p.tree]) remover.guard(f);
  const outcome = await locker.lock(p.lock, { waitSeconds: opts.lockWaitSeconds });
  if (outcome === 'busy') return outcome;
  try {
    await opts.onLocked?.(c);
    if (exists(p.tree)) {
      createPartial(p.partial);
      remover.removeTree(p.tree);
      remover.pruneEmptyParents(dirname(p.tree), root);
    }
    remover.removeFile(p.partial);
    remover.removeFile(p.zip);
    remover.removeFile(p.ziphash);
    for (const name of tmpFilesOf(p.atV, c.escapedVersion)) remover.removeFile(join(p.atV, name));
    remover.removeFile(p.mod);
    remover.removeFile(p.info);
  } finally {
    await locker.unlock();
  }
  return outcome;
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function createPartial(path: string): void {
  const fd = openSync(path, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_NOFOLLOW, 0o666);
  closeSync(fd);
}

function tmpFilesOf(atV: string, escapedVersion: string): string[] {
  let names: string[];
  try { names = readdirSync(atV); } catch { return []; }
  const re = new RegExp(`^${escapedVersion.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(zip|mod|info)\\d+\\.tmp$`);
  return names.filter((n) => re.test(n));
}

/**
 * modfetch rewriteVersionList: the canonical versions with a `.mod` file, semver-sorted, one a
 * line, written in place under a lock on the list file itself, and only when it changes.
 */
export async function rewriteVersionList(atV: string, locker: CacheLocker, remover: CacheRemover): Promise<void> {
  const list = join(atV, 'list');
  remover.guard(list);
  let names: string[];
  try { names = readdirSync(atV); } catch { return; }
  if (!names.includes('list')) return;
  if ((await locker.lock(list, { slot: 8, waitSeconds: 10 })) === 'busy') throw new Error('list is locked by another process');
  try {
    const versions: string[] = [];
    for (const n of readdirSync(atV)) {
      if (!n.endsWith('.mod')) continue;
      let v: string;
      try { v = unescapeVersion(n.slice(0, -4)); } catch { continue; }
      if (isValid(v) && canonicalVersion(v) === v) versions.push(v);
    }
    versions.sort(compareForSort);
    const text = versions.map((v) => v + '\n').join('');
    let old = '';
    try { old = readFileSync(list, 'utf8'); } catch { /* rewritten below */ }
    if (old !== text) {
      const fd = openSync(list, fsConstants.O_WRONLY | fsConstants.O_TRUNC | fsConstants.O_NOFOLLOW);
      try { writeSync(fd, text); } finally { closeSync(fd); }
    }
  } finally {
    await locker.unlock(8);
  }
}

export interface CleanOutcome {
  removed: { kind: Leftover['kind']; path: string }[];
  skipped: { path: string; reason: string }[];
  errors: { path: string; message: string }[];
}

/**
 * `cache clean --partial`: temp files, pre-1.16 temp trees, trees with `.partial` and stray
 * `.partial` markers — each under the version's lock, as the go command sweeps them.
 */
export async function cleanPartial(root: string, scan: CacheScan, opts: { apply: boolean; lockWaitSeconds?: number }): Promise<CleanOutcome> {
  const out: CleanOutcome = { removed: [], skipped: [], errors: [] };
  const byKey = new Map(scan.versions.map((v) => [v.key, v]));
  // A .partial tree and its marker go together: tree first, then the marker.
  const order = { 'tmp-file': 0, 'tmp-tree': 1, 'partial-tree': 2, 'partial-marker': 3 } as const;
  const items = [...scan.leftovers].sort((a, b) => order[a.kind] - order[b.kind]);
  if (!opts.apply) {
    out.removed.push(...items.map((l) => ({ kind: l.kind, path: l.path })));
    return out;
  }
  const remover = new CacheRemover(root);
  const locker = await CacheLocker.start();
  try {
    for (const l of items) {
      const v = byKey.get(l.key);
      if (!v) continue;
      const p = versionPaths(root, v.escapedPath, v.escapedVersion);
      try {
        remover.guard(l.path);
        if ((await locker.lock(p.lock, { waitSeconds: opts.lockWaitSeconds })) === 'busy') {
          out.skipped.push({ path: l.path, reason: 'in use: another process holds its lock' });
          continue;
        }
        try {
          if (l.kind === 'partial-tree') {
            // Re-check under the lock: the go command may have finished the extraction meanwhile.
            if (!exists(p.partial)) { out.skipped.push({ path: l.path, reason: 'extraction finished meanwhile' }); continue; }
            remover.removeTree(l.path);
          } else if (l.kind === 'tmp-tree') {
            remover.removeTree(l.path);
          } else {
            remover.removeFile(l.path);
          }
          out.removed.push({ kind: l.kind, path: l.path });
        } finally {
          await locker.unlock();
        }
      } catch (e) {
        out.errors.push({ path: l.path, message: e instanceof Error ? e.message : String(e) });
      }
    }
  } finally {
    await locker.close();
  }
  return out;
}

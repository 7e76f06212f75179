// Quick facts about the module cache and the build cache for GT501–GT504. Doctor must stay
// fast, so nothing here walks extracted trees: the download area (a few small files per
// version) is listed under a time budget, tree sizes are extrapolated from the zip indexes of a
// sample of versions, and the build cache size from a sample of its 256 shard directories.
// `gotune cache stats` measures exactly.

import { readFileSync, readdirSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { openModuleZip } from '../gomod/zip.ts';
import { scanCache, type VersionEntry } from '../modcache/scan.ts';
import { versionPaths } from '../modcache/layout.ts';

export interface ModcacheFacts {
  root: string | null;
  exists: boolean;
  /** The listing finished, or stopped at the time budget (figures then cover part of the cache). */
  complete: boolean;
  durationMs: number;
  versions: number;
  zipCount: number;
  zipBytes: number;
  treeCount: number;
  /** Extracted trees' disk use, extrapolated from `treeSample` zips. */
  treeBytesEstimate: number;
  treeSample: number;
  /** Everything under cache/download that is not a zip (metadata, checksum database). */
  otherBytes: number;
  toolchainVersions: number;
  toolchainBytesEstimate: number;
  totalBytesEstimate: number;
  leftovers: { count: number; samples: { kind: string; path: string }[] };
  incomplete: { treesWithoutZiphash: number; zipsWithoutZiphash: number; samples: { key: string; what: 'tree' | 'zip' }[] };
  error: string | null;
}

export interface GocacheFacts {
  root: string | null;
  exists: boolean;
  trimTxt: { path: string; exists: boolean; lastTrimMs: number | null; error: string | null } | null;
  /** Size extrapolated from `sampledDirs` of the 256 shard directories. */
  bytesEstimate: number;
  sampledDirs: number;
  /** Latest modification among sampled entries: the cache is in use when recent. */
  newestEntryMs: number | null;
  error: string | null;
}

const SAMPLES = 24;
const SAMPLE_LIMIT = 20;

export async function gatherModcache(root: string | null, budgetMs = 600): Promise<ModcacheFacts> {
  const started = performance.now();
  const f: ModcacheFacts = {
    root, exists: false, complete: false, durationMs: 0, versions: 0, zipCount: 0, zipBytes: 0, treeCount: 0, treeBytesEstimate: 0, treeSample: 0,
    otherBytes: 0, toolchainVersions: 0, toolchainBytesEstimate: 0, totalBytesEstimate: 0,
    leftovers: { count: 0, samples: [] }, incomplete: { treesWithoutZiphash: 0, zipsWithoutZiphash: 0, samples: [] }, error: null,
  };
  if (!root) return f;
  try {
    if (!lstatSync(root).isDirectory()) { f.error = 'not a directory'; return f; }
  } catch {
    return f;
  }
  f.exists = true;
  const scan = await scanCache(root, { skipTrees: true, deadline: started + budgetMs * 0.7 });
  f.complete = !scan.truncated;
  const t = scan.totals;
  f.otherBytes = t.metadata.disk + t.sumdb.disk + t.vcs.disk + t.other.disk + t.leftovers.disk;
  const withTree: VersionEntry[] = [];
  for (const v of scan.versions) {
    if (v.files.zip || v.files.mod || v.tree) f.versions++;
    if (v.files.zip) { f.zipCount++; if (!v.toolchain) f.zipBytes += v.files.zip.disk; }
    if (v.tree) { f.treeCount++; if (v.files.zip) withTree.push(v); }
    if (v.toolchain && (v.files.zip || v.tree)) f.toolchainVersions++;
    // golang.org/fips140 is unpacked from GOROOT and has no .ziphash by design (modfetch DownloadDir).
    if (!v.files.ziphash && !v.files.partial && (v.tree || v.files.zip) && v.path !== 'golang.org/fips140') {
      if (v.tree) f.incomplete.treesWithoutZiphash++;
      else f.incomplete.zipsWithoutZiphash++;
      if (f.incomplete.samples.length < SAMPLE_LIMIT) f.incomplete.samples.push({ key: v.key, what: v.tree ? 'tree' : 'zip' });
    }
  }
  f.leftovers.count = scan.leftovers.length;
  f.leftovers.samples = scan.leftovers.slice(0, SAMPLE_LIMIT).map((l) => ({ kind: l.kind, path: l.path }));

  // Tree size ≈ zip size × (tree size / zip size) measured on an evenly spread sample.
  const ratio = async (list: VersionEntry[]): Promise<{ ratio: number; n: number }> => {
    let zipSum = 0;
    let treeSum = 0;
    let n = 0;
    const step = Math.max(1, Math.floor(list.length / SAMPLES));
    for (let i = 0; i < list.length && n < SAMPLES; i += step) {
      if (performance.now() - started > budgetMs) break;
      const v = list[i]!;
      try {
        const zip = await openModuleZip(versionPaths(root, v.escapedPath, v.escapedVersion).zip, { moduleRules: false });
        try {
          for (const e of zip.entries) if (!e.isDirectory) treeSum += Math.ceil(e.uncompressedSize / scan.blockSize) * scan.blockSize;
        } finally {
          await zip.close();
        }
        zipSum += v.files.zip!.disk;
        n++;
      } catch { /* a damaged zip is verify's business */ }
    }
    return { ratio: zipSum > 0 ? treeSum / zipSum : 3, n };
  };
  const modules = withTree.filter((v) => !v.toolchain);
  const toolchains = withTree.filter((v) => v.toolchain);
  const rm = await ratio(modules);
  const rt = await ratio(toolchains);
  f.treeSample = rm.n + rt.n;
  f.treeBytesEstimate = Math.round(modules.reduce((s, v) => s + v.files.zip!.disk, 0) * rm.ratio);
  const toolchainZips = scan.versions.filter((v) => v.toolchain && v.files.zip).reduce((s, v) => s + v.files.zip!.disk, 0);
  f.toolchainBytesEstimate = Math.round(toolchainZips + toolchains.reduce((s, v) => s + v.files.zip!.disk, 0) * rt.ratio);
  f.totalBytesEstimate = f.zipBytes + f.treeBytesEstimate + f.otherBytes + f.toolchainBytesEstimate;
  f.error = scan.errors.length ? `${scan.errors.length} entries unreadable (first: ${scan.errors[0]!.path}: ${scan.errors[0]!.message})` : null;
  f.durationMs = Math.round(performance.now() - started);
  return f;
}

/** GOCACHE/trim.txt holds the Unix time of the last trim (cmd/go/internal/cache). */
export function gatherGocache(root: string | null, budgetMs = 300): GocacheFacts {
  const started = performance.now();
  const g: GocacheFacts = { root, exists: false, trimTxt: null, bytesEstimate: 0, sampledDirs: 0, newestEntryMs: null, error: null };
  if (!root || root === 'off') return g;
  try {
    if (!lstatSync(root).isDirectory()) return g;
  } catch {
    return g;
  }
  g.exists = true;
  const trim = join(root, 'trim.txt');
  try {
    const text = readFileSync(trim, 'utf8').trim();
    const secs = /^\d{1,12}$/.test(text) ? Number(text) : NaN;
    g.trimTxt = { path: trim, exists: true, lastTrimMs: Number.isFinite(secs) ? secs * 1000 : null, error: Number.isFinite(secs) ? null : 'not a Unix time' };
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    g.trimTxt = { path: trim, exists: false, lastTrimMs: null, error: missing ? null : (e as Error).message };
  }
  let bytes = 0;
  let newest = 0;
  for (let i = 0; i < 256; i += 16) {
    if (performance.now() - started > budgetMs) break;
    const dir = join(root, i.toString(16).padStart(2, '0'));
    let names: string[];
    try { names = readdirSync(dir); } catch { continue; }
    for (const n of names) {
      try {
        const st = lstatSync(join(dir, n));
        bytes += st.blocks * 512;
        newest = Math.max(newest, st.mtimeMs);
      } catch { /* removed meanwhile */ }
    }
    g.sampledDirs++;
  }
  g.bytesEstimate = g.sampledDirs ? Math.round((bytes * 256) / g.sampledDirs) : 0;
  g.newestEntryMs = newest || null;
  return g;
}

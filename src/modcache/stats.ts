// `gotune cache stats`: the scan summed by category and by module.

import { compare as semverCompare } from '../gomod/semver.ts';
import { CATEGORIES, lastUse, versionDisk, type CacheScan, type Category, type Tally, type ScanError } from './scan.ts';
import type { RootRefs } from './roots.ts';

export interface ModuleStats {
  path: string;
  versions: string[];
  disk: number;
  files: number;
  /** Latest use of any of its versions (ms since the epoch; 0 when unknown). */
  lastUseMs: number;
}

export interface StatsReport {
  schemaVersion: 1;
  root: string;
  /** Trees measured by walking every file, or from their zip's index where complete. */
  exact: boolean;
  total: Tally;
  categories: Record<Category, Tally>;
  versionCount: number;
  moduleCount: number;
  largest: ModuleStats[];
  mostVersions: ModuleStats[];
  modules: ModuleStats[];
  unreferenced: { roots: string[]; sumFiles: number; versions: { key: string; disk: number; lastUseMs: number }[]; disk: number } | null;
  leftovers: number;
  errors: ScanError[];
  truncated: boolean;
  durationMs: number;
}

export function buildStats(scan: CacheScan, opts: { top?: number; roots?: string[]; refs?: RootRefs } = {}): StatsReport {
  const top = opts.top ?? 10;
  const total: Tally = { files: 0, bytes: 0, disk: 0 };
  for (const c of CATEGORIES) {
    total.files += scan.totals[c].files;
    total.bytes += scan.totals[c].bytes;
    total.disk += scan.totals[c].disk;
  }
  const byModule = new Map<string, ModuleStats>();
  const unref: { key: string; disk: number; lastUseMs: number }[] = [];
  let versionCount = 0;
  for (const v of scan.versions) {
    const present = v.files.zip || v.files.mod || v.tree || v.files.info;
    if (!present) continue;
    versionCount++;
    const path = v.path ?? v.escapedPath;
    let m = byModule.get(path);
    if (!m) byModule.set(path, (m = { path, versions: [], disk: 0, files: 0, lastUseMs: 0 }));
    m.versions.push(v.version ?? v.escapedVersion);
    const disk = versionDisk(v);
    m.disk += disk;
    m.files += (v.tree?.files ?? 0) + Object.keys(v.files).length + v.tmpFiles.length;
    const lu = lastUse(v);
    m.lastUseMs = Math.max(m.lastUseMs, lu);
    if (opts.refs && !v.toolchain && !opts.refs.referenced.has(v.key)) unref.push({ key: v.key, disk, lastUseMs: lu });
  }
  const modules = [...byModule.values()];
  for (const m of modules) m.versions.sort((a, b) => semverCompare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const largest = [...modules].sort((a, b) => b.disk - a.disk).slice(0, top);
  const mostVersions = [...modules].sort((a, b) => b.versions.length - a.versions.length || b.disk - a.disk).slice(0, top);
  unref.sort((a, b) => b.disk - a.disk);
  return {
    schemaVersion: 1,
    root: scan.root,
    exact: scan.exact,
    total,
    categories: scan.totals,
    versionCount,
    moduleCount: modules.length,
    largest,
    mostVersions,
    modules,
    unreferenced: opts.refs
      ? { roots: opts.roots ?? [], sumFiles: opts.refs.sumFiles.length, versions: unref, disk: unref.reduce((s, u) => s + u.disk, 0) }
      : null,
    leftovers: scan.leftovers.length,
    errors: [...scan.errors, ...(opts.refs?.errors ?? [])],
    truncated: scan.truncated,
    durationMs: scan.durationMs,
  };
}

/** 1536 → "1.5 KiB"; binary units, as `du -h` prints them. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)?$/i;

/** Parses "20G", "512M", "1.5GiB", "1000" (bytes). Returns null when malformed. */
export function parseSize(s: string): number | null {
  const m = SIZE_RE.exec(s.trim());
  if (!m) return null;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const n = Number(m[1]) * mult;
  return Number.isFinite(n) ? Math.round(n) : null;
}

const AGE_RE = /^(\d+(?:\.\d+)?)\s*(d|h|w|m|y)$/i;

/** Parses "90d", "12h", "2w", "6m" (30 days), "1y" (365 days) into milliseconds. */
export function parseAge(s: string): number | null {
  const m = AGE_RE.exec(s.trim());
  if (!m) return null;
  const day = 86_400_000;
  const mult = { h: 3_600_000, d: day, w: 7 * day, m: 30 * day, y: 365 * day }[m[2]!.toLowerCase() as 'h' | 'd' | 'w' | 'm' | 'y'];
  return Number(m[1]) * mult;
}

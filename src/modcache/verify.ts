// `gotune cache verify`: every module version of the cache (or those the go.sum files under
// --roots name) checked by a pool of worker threads. Jobs are handed out one at a time as workers
// finish, so memory holds only the small per-version results, whatever the cache size.

import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { scanCache, type CacheScan, type ScanError, type VersionEntry } from './scan.ts';
import { versionPaths } from './layout.ts';
import type { RootRefs } from './roots.ts';
import { verifyVersion, type VerifyJob, type VerifyResult, type VerifyStatus } from './verify-job.ts';
import { startWorker } from './verify-worker.ts';

export interface VerifyReport {
  schemaVersion: 1;
  root: string;
  modules: { path: string; version: string; status: VerifyStatus; details: string[] }[];
  summary: Record<VerifyStatus, number> & { total: number; bytes: number; durationMs: number; workers: number };
  errors: ScanError[];
}

export interface VerifyOptions {
  refs?: RootRefs;
  /** Only the versions the go.sum files under --roots name. */
  onlyReferenced?: boolean;
  workers?: number;
  onProgress?: (p: { done: number; total: number; bytes: number }) => void;
  /** Run jobs on the main thread (tests, or when workers cannot start). */
  inline?: boolean;
}

export const BAD_STATUSES: readonly VerifyStatus[] = ['zip-mismatch', 'tree-mismatch', 'missing', 'error'];

export function jobFor(root: string, v: VersionEntry, refs?: RootRefs): VerifyJob | null {
  if (v.path === null || v.version === null) return null;
  const p = versionPaths(root, v.escapedPath, v.escapedVersion);
  return {
    key: v.key, path: v.path, version: v.version,
    zip: v.files.zip ? p.zip : null,
    ziphash: v.files.ziphash ? p.ziphash : null,
    mod: v.files.mod ? p.mod : null,
    tree: v.tree ? v.tree.dir : null,
    partial: !!v.files.partial,
    zipSums: [...(refs?.zipSums.get(v.key) ?? [])],
    modSums: [...(refs?.modSums.get(v.key) ?? [])],
  };
}

export async function verifyCache(root: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const started = performance.now();
  const scan: CacheScan = await scanCache(root, { skipTrees: true });
  const errors: ScanError[] = [...scan.errors, ...(opts.refs?.errors ?? [])];
  const results: VerifyResult[] = [];
  const jobs: VerifyJob[] = [];
  // Largest zips first keeps every worker busy to the end instead of waiting on one late big module.
  const bySize = [...scan.versions].sort((a, b) => (b.files.zip?.size ?? 0) - (a.files.zip?.size ?? 0));
  for (const v of bySize) {
    if (v.toolchain) continue;
    if (opts.onlyReferenced && opts.refs && !opts.refs.referenced.has(v.key)) continue;
    if (!v.files.zip && !v.files.ziphash && !v.tree && !v.files.mod && !v.files.partial) continue;
    const job = jobFor(root, v, opts.refs);
    if (job) jobs.push(job);
    else results.push({ key: v.key, path: v.escapedPath, version: v.escapedVersion, status: 'error', details: v.errors.length ? v.errors : ['names do not unescape'], bytes: 0, zip: 'absent', tree: 'absent' });
  }
  // Versions go.sum names that are not in the cache at all.
  if (opts.onlyReferenced && opts.refs) {
    const present = new Set(scan.versions.map((v) => v.key));
    for (const key of opts.refs.zipSums.keys()) {
      if (present.has(key)) continue;
      const at = key.lastIndexOf('@');
      results.push({ key, path: key.slice(0, at), version: key.slice(at + 1), status: 'missing', details: ['not in the module cache'], bytes: 0, zip: 'absent', tree: 'absent' });
    }
  }
  const n = Math.max(1, Math.min(opts.workers ?? availableParallelism(), jobs.length || 1, 16));
  let bytes = 0;
  const total = jobs.length + results.length;
  const onResult = (r: VerifyResult) => {
    results.push(r);
    bytes += r.bytes;
    opts.onProgress?.({ done: results.length, total, bytes });
  };
  if (opts.inline || jobs.length === 0) {
    const buf = Buffer.allocUnsafe(256 << 10);
    for (const j of jobs) onResult(await safeVerify(j, buf));
  } else {
    await runPool(jobs, n, onResult);
  }
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  const summary = { ok: 0, 'zip-mismatch': 0, 'tree-mismatch': 0, missing: 0, incomplete: 0, error: 0, total: results.length, bytes, durationMs: 0, workers: opts.inline ? 0 : n };
  for (const r of results) summary[r.status]++;
  summary.durationMs = performance.now() - started;
  return {
    schemaVersion: 1, root,
    modules: results.map((r) => ({ path: r.path, version: r.version, status: r.status, details: r.details })),
    summary, errors,
  };
}

async function safeVerify(job: VerifyJob, buf: Buffer): Promise<VerifyResult> {
  try {
    return await verifyVersion(job, buf);
  } catch (e) {
    return { key: job.key, path: job.path, version: job.version, status: 'error', details: [e instanceof Error ? e.message : String(e)], bytes: 0, zip: 'absent', tree: 'absent' };
  }
}

function runPool(jobs: VerifyJob[], n: number, onResult: (r: VerifyResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let live = 0;
    let failed = false;
    const workers: Worker[] = [];
    const finish = () => { for (const w of workers) void w.terminate(); resolve(); };
    const feed = (w: Worker, current: { job: VerifyJob | null }) => {
      if (next >= jobs.length) {
        current.job = null;
        live--;
        if (live === 0) finish();
        return;
      }
      current.job = jobs[next++]!;
      w.postMessage(current.job);
    };
    for (let i = 0; i < n; i++) {
      const w = startWorker();
      workers.push(w);
      live++;
      const current: { job: VerifyJob | null } = { job: null };
      w.on('message', (r: VerifyResult) => { onResult(r); feed(w, current); });
      w.on('error', (e) => {
        // A crashed worker fails its job, not the run.
        if (current.job) onResult({ key: current.job.key, path: current.job.path, version: current.job.version, status: 'error', details: [`worker failed: ${e.message}`], bytes: 0, zip: 'absent', tree: 'absent' });
        live--;
        if (live === 0 && !failed) {
          if (next < jobs.length) { failed = true; reject(new Error(`verify workers failed: ${e.message}`)); } else finish();
        }
      });
      w.once('online', () => feed(w, current));
    }
  });
}

// The worker side of `cache verify`. The worker is started from the very file that holds this
// module: the TypeScript source under tsx, or the single-file bundle dist/gotune.mjs. In the
// bundle the CLI entry runs in the worker too; WORKER_ARGV routes it to the hidden
// `cache __worker` command, which does nothing, while the code below serves the jobs.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { verifyVersion, type VerifyJob, type VerifyResult } from './verify-job.ts';

export const WORKER_TAG = 'gotune-modcache-verify';
export const WORKER_ARGV = ['cache', '__worker'];

/**
 * Starts one verify worker. From TypeScript sources (tests under tsx) the worker does not inherit
 * the tsx loader, so it is started from a two-line bootstrap that registers tsx first.
 */
export function startWorker(): Worker {
  const url = new URL(import.meta.url);
  // A small young generation keeps each worker's resident memory low; the work is streaming I/O and hashing.
  const options = { workerData: { tag: WORKER_TAG }, argv: WORKER_ARGV, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: 4 } };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}

if (!isMainThread && parentPort && (workerData as { tag?: string } | null)?.tag === WORKER_TAG) {
  const port = parentPort;
  const buf = Buffer.allocUnsafe(256 << 10);
  port.on('message', (job: VerifyJob) => {
    verifyVersion(job, buf).then(
      (r) => port.postMessage(r),
      (e: unknown) => port.postMessage({
        key: job.key, path: job.path, version: job.version, status: 'error',
        details: [e instanceof Error ? e.message : String(e)], bytes: 0, zip: 'absent', tree: 'absent',
      } satisfies VerifyResult),
    );
  });
}

import { defineCheck } from '../../engine/define.ts';

export default defineCheck({
  id: 'GT210',
  name: 'no-file-locking',
  family: 'paths',
  severity: 'error',
  summary: "file locks do not work in the module cache's filesystem (tested with a real lock)",
  fixable: false,
  run(facts, ctx) {
    for (const l of facts.mounts.locations) {
      if (l.role !== 'GOMODCACHE' || !l.locking?.tested) continue;
      if (l.locking.works === null && l.locking.error) {
        ctx.report({
          severity: 'warning',
          message: `A test lock in the module cache ${l.path}${l.fsType ? ` (${l.fsType})` : ''} neither succeeded nor failed: ${l.locking.error}. On a network filesystem this is what an unresponsive lock manager looks like, and the go command would hang the same way; on a busy machine it may just have been slow.`,
          found: l.locking.error,
          expected: 'flock(2) in GOMODCACHE answers at once',
          source: { kind: 'filesystem', file: l.path, description: `lock test on a temporary file in ${l.path}` },
          hint: 'Run `gotune doctor` again when the machine is idle; if it repeats, move the module cache to a local disk (`go env -w GOMODCACHE=/local/path/mod`).',
          data: { fsType: l.fsType, mountPoint: l.mountPoint, error: l.locking.error, undecided: true },
        });
        continue;
      }
      if (l.locking.works !== false) continue;
      ctx.report({
        message: `A file lock could not be taken in the module cache ${l.path}${l.fsType ? ` (${l.fsType}${l.mountPoint ? ` at ${l.mountPoint}` : ''})` : ''}: ${l.locking.error ?? 'the lock failed'}. The go command locks files there for every download and fails the same way, e.g. "go: ... Lock .../@v/v0.1.7.lock: no locks available".`,
        found: l.locking.error ?? 'lock failed',
        expected: 'flock(2) works in GOMODCACHE ("the module cache must reside in a filesystem that supports file locking")',
        source: { kind: 'filesystem', file: l.path, description: `lock test on a temporary file in ${l.path}` },
        hint: l.fsType && /^nfs/.test(l.fsType)
          ? 'Move the module cache to a local disk (`go env -w GOMODCACHE=/local/path/mod`), or make NFS locking work (a running lock daemon, or mount with local_lock=all when only one machine uses the cache).'
          : 'Move the module cache to a local disk: `go env -w GOMODCACHE=/local/path/mod`.',
        data: { fsType: l.fsType, mountPoint: l.mountPoint, error: l.locking.error },
      });
    }
  },
});

// Removes a throw-away tree the real go command worked in. Two things stand in the way of a plain
// rm -rf: the module cache is read-only by design, and the go command (1.23+) may leave a detached
// telemetry sidecar running in $HOME/.config/go/telemetry/local — a fresh HOME always gets one —
// that keeps writing there while the tree is removed (ENOTEMPTY). Processes working inside the
// tree are stopped first.
import { readdirSync, readlinkSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

function stopProcessesInside(root: string): void {
  let pids: string[];
  try { pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid); } catch { return; }
  for (const pid of pids) {
    let cwd: string;
    try { cwd = readlinkSync(`/proc/${pid}/cwd`); } catch { continue; }
    if (cwd === root || cwd.startsWith(`${root}/`)) {
      try { process.kill(Number(pid), 'SIGKILL'); } catch { /* already gone */ }
    }
  }
}

export function removeGoTree(root: string): void {
  stopProcessesInside(root);
  spawnSync('chmod', ['-R', 'u+w', root]);
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}

import { defineCheck } from '../../engine/define.ts';

const ROLES = new Set(['GOMODCACHE', 'GOCACHE']);

function modeString(mode: number): string {
  const bits = 'rwxrwxrwx';
  let s = '';
  for (let i = 0; i < 9; i++) s += mode & (1 << (8 - i)) ? bits[i] : '-';
  if (mode & 0o1000) s = s.slice(0, 8) + (mode & 0o001 ? 't' : 'T');
  return `${(mode & 0o170000) === 0o040000 ? 'd' : '-'}${s}`;
}

export default defineCheck({
  id: 'GT214',
  name: 'cache-permissions',
  family: 'paths',
  severity: 'error',
  summary: 'cache directories not writable by the user (e.g. left root-owned by sudo), or writable by others',
  fixable: false,
  run(facts, ctx) {
    const uid = facts.user.uid;
    for (const l of facts.mounts.locations) {
      if (!ROLES.has(l.role)) continue;
      const at = l.exists ? l.path : l.existingAncestor ?? l.path;
      const owner = l.ownerUid === null ? 'unknown owner' : l.ownerUid === 0 ? 'owned by root' : `owned by uid ${l.ownerUid}`;
      const mode = l.mode === null ? '' : `, ${modeString(l.mode)}`;
      if (l.writable === false) {
        const bySudo = l.ownerUid === 0 && uid !== null && uid !== 0;
        ctx.report({
          severity: 'error',
          message: l.exists
            ? `${l.role} ${l.path} is not writable by you (${owner}${mode})${bySudo ? ' — typically left behind by running `sudo go ...` once' : ''}: downloads and builds fail with "permission denied".`
            : `${l.role} ${l.path} does not exist yet and cannot be created: ${at} is not writable by you (${owner}${mode}).`,
          found: `${at}: ${owner}${mode}`,
          expected: `writable by ${uid === null ? 'you' : `uid ${uid}`}`,
          source: { kind: 'filesystem', file: at, description: `${l.role} ${at}` },
          hint: uid !== null && uid !== 0
            ? `Give it back to yourself: \`sudo chown -R ${uid} ${at}\` (the module cache's read-only files are normal; ownership is what matters), and do not run go with sudo.`
            : `Make ${at} writable for the user that runs go, or point ${l.role} elsewhere with \`go env -w ${l.role}=...\`.`,
          data: { role: l.role, path: at, ownerUid: l.ownerUid, mode: l.mode, problem: 'not-writable' },
        });
        continue;
      }
      if (l.exists && l.mode !== null && (l.mode & 0o002) && !(l.mode & 0o1000)) {
        ctx.report({
          severity: 'warning',
          message: `${l.role} ${l.path} is writable by every user (${owner}${mode}) without the sticky bit: anyone on this machine can replace cached ${l.role === 'GOCACHE' ? 'build outputs, which the go command links into your binaries' : 'module files'}.`,
          found: `${l.path}: ${modeString(l.mode)}`,
          expected: 'not writable by others',
          source: { kind: 'filesystem', file: l.path, description: `${l.role} ${l.path}` },
          hint: `Remove write access for others: \`chmod o-w ${l.path}\`${l.role === 'GOCACHE' ? ', and consider `go clean -cache` if other users had access' : ''}.`,
          data: { role: l.role, path: l.path, ownerUid: l.ownerUid, mode: l.mode, problem: 'world-writable' },
        });
      }
    }
  },
});

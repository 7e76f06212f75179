import { defineCheck } from '../../engine/define.ts';
import type { SourceRef } from '../../engine/types.ts';

const WINDOWS_DRIVE = /^\/mnt\/[a-zA-Z](?:\/|$)/;
const ROLES = ['GOPATH', 'GOMODCACHE', 'GOCACHE', 'project'] as const;

export default defineCheck({
  id: 'GT215',
  name: 'wsl-windows-paths',
  family: 'paths',
  severity: 'warning',
  summary: 'inside WSL: the go that runs is a Windows executable, or Go directories sit under /mnt/<drive>',
  fixable: false,
  run(facts, ctx) {
    const wsl = facts.platform.wsl;
    if (!wsl) return;
    const winner = facts.goBinaries.find((b) => b.executable) ?? null;
    const target = winner?.realPath ?? winner?.path ?? '';
    if (winner && (winner.kind === 'windows-exe' || /\.exe$/i.test(target))) {
      ctx.report({
        message: `The go that runs in WSL ${wsl.version} is a Windows executable: ${winner.path}${target !== winner.path ? ` → ${target}` : ''}. It builds Windows binaries, reads the Windows environment and caches (%LocalAppData%\\go-build), and reaches Linux files only through the slow \\\\wsl$ share.`,
        found: target,
        expected: 'a Linux go (e.g. /usr/local/go/bin/go) first on PATH',
        source: { kind: 'path', file: winner.path, description: `PATH entry ${winner.pathIndex}: ${winner.path}` },
        hint: 'Install Go inside the distribution (https://go.dev/dl, linux-amd64 or linux-arm64) and put its bin directory before the Windows entries on PATH; to keep Windows PATH entries out of WSL, set appendWindowsPath=false in /etc/wsl.conf.',
        data: { binary: winner.path, realPath: target },
      });
    }
    const hits: { role: string; path: string }[] = [];
    for (const role of ROLES) {
      const paths = role === 'project' ? [facts.project.dir] : (facts.settings[role]?.value ?? '').split(':').filter(Boolean);
      for (const p of paths) if (WINDOWS_DRIVE.test(p)) hits.push({ role, path: p });
    }
    if (hits.length === 0) return;
    const caches = hits.filter((h) => h.role !== 'project');
    ctx.report({
      message: `${hits.map((h) => `${h.role} (${h.path})`).join(', ')} ${hits.length > 1 ? 'are' : 'is'} on a Windows drive, which WSL ${wsl.version} reaches through ${wsl.version === 2 ? '9p' : 'drvfs'}: every file operation crosses into Windows, many times slower than the Linux filesystem${caches.length ? ', and file locks there can fail (go: RLock ...: Incorrect function., golang/go#37461)' : ''}.`,
      found: hits.map((h) => `${h.role}=${h.path}`).join(', '),
      expected: 'Go directories and projects inside the Linux filesystem (e.g. under ~)',
      source: hits.map((h): SourceRef => ({ kind: h.role === 'project' ? 'computed' : 'filesystem', file: h.path, description: `${h.role} ${h.path}` })),
      hint: caches.length
        ? 'Keep GOPATH, GOMODCACHE and GOCACHE at their Linux defaults (`go env -u GOPATH GOMODCACHE GOCACHE`), and clone projects under your Linux home; VS Code reaches them through the WSL extension.'
        : 'Clone the project under your Linux home (~/src/...) instead of /mnt/c; editors reach it through \\\\wsl$ or the VS Code WSL extension.',
      data: { hits },
    });
  },
});

import { readFileSync, statSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { PlatformFacts, UserFacts } from './types.ts';

const GOOS: Record<string, string> = { win32: 'windows', darwin: 'darwin', linux: 'linux', freebsd: 'freebsd', openbsd: 'openbsd', netbsd: 'netbsd', sunos: 'solaris', aix: 'aix' };
const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };

export function gatherPlatform(env: Record<string, string | undefined>): PlatformFacts {
  const os = GOOS[platform()] ?? platform();
  let wsl: PlatformFacts['wsl'] = null;
  if (os === 'linux') {
    let osrelease = '';
    try { osrelease = readFileSync('/proc/sys/kernel/osrelease', 'utf8'); } catch { /* not Linux proper */ }
    if (/microsoft/i.test(osrelease) || env['WSL_DISTRO_NAME']) {
      wsl = { version: /WSL2|microsoft-standard/i.test(osrelease) ? 2 : 1, distro: env['WSL_DISTRO_NAME'] ?? null };
    }
  }
  return { os, arch: GOARCH[arch()] ?? arch(), release: release(), wsl, listSeparator: os === 'windows' ? ';' : ':' };
}

/** os.UserConfigDir and os.UserCacheDir exactly as Go computes them (relative XDG values are errors there). */
export function goUserDirs(os: string, env: Record<string, string | undefined>): { configDir: string | null; cacheDir: string | null } {
  const home = env['HOME'] || null;
  if (os === 'windows') {
    return { configDir: env['AppData'] || env['APPDATA'] || null, cacheDir: env['LocalAppData'] || env['LOCALAPPDATA'] || null };
  }
  if (os === 'darwin' || os === 'ios') {
    return { configDir: home ? join(home, 'Library/Application Support') : null, cacheDir: home ? join(home, 'Library/Caches') : null };
  }
  if (os === 'plan9') {
    return { configDir: env['home'] ? join(env['home'], 'lib') : null, cacheDir: env['home'] ? join(env['home'], 'lib/cache') : null };
  }
  const xdg = (name: string, fallback: string) => {
    const v = env[name];
    if (v) return isAbsolute(v) ? v : null;
    return home ? join(home, fallback) : null;
  };
  return { configDir: xdg('XDG_CONFIG_HOME', '.config'), cacheDir: xdg('XDG_CACHE_HOME', '.cache') };
}

export function gatherUser(os: string, env: Record<string, string | undefined>): UserFacts {
  const home = (os === 'windows' ? env['USERPROFILE'] : env['HOME']) || null;
  let homeExists = false;
  if (home) { try { homeExists = statSync(home).isDirectory(); } catch { homeExists = false; } }
  const dirs = goUserDirs(os, env);
  return {
    home,
    homeExists,
    uid: typeof process.getuid === 'function' ? process.getuid() : null,
    configDir: dirs.configDir,
    cacheDir: dirs.cacheDir,
    shell: env['SHELL'] || null,
  };
}

/** Whether a process with this pid exists (EPERM: it does, as another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

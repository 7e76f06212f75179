// How far access times can be trusted as "last use" on the file system holding the cache. The
// go command records no use itself; what it leaves is the atime of the files it reads (.mod on
// every module graph load, .ziphash on every build that needs the module's source).

import { readFileSync, realpathSync } from 'node:fs';
import { parseMountinfo, findMount } from '../facts/mounts.ts';

export type AtimeMode = 'strictatime' | 'relatime' | 'noatime' | 'unknown';

export interface AtimeReliability {
  mode: AtimeMode;
  mountPoint: string | null;
  fsType: string | null;
  note: string;
}

export function atimeMode(options: readonly string[]): AtimeMode {
  if (options.includes('noatime')) return 'noatime';
  if (options.includes('strictatime')) return 'strictatime';
  if (options.includes('relatime')) return 'relatime';
  // Linux has mounted relatime by default since 2.6.30; mountinfo then still lists it.
  return 'unknown';
}

export function describeAtime(mode: AtimeMode): string {
  switch (mode) {
    case 'strictatime': return 'Last use = latest access time of a version\'s .mod, .ziphash and tree root (strictatime: exact).';
    case 'relatime': return 'Last use = latest access time of a version\'s .mod, .ziphash and tree root; relatime updates it at most once a day, so it is accurate to a day.';
    case 'noatime': return 'Warning: the cache\'s file system is mounted noatime, so access times never change: "last use" falls back to the download time, and --older-than removes versions by age, used or not.';
    default: return 'Last use = latest access time of a version\'s .mod, .ziphash and tree root; the mount options of the cache are unknown, so how current it is cannot be told.';
  }
}

export function atimeReliability(root: string, mountinfoPath = '/proc/self/mountinfo'): AtimeReliability {
  try {
    const mounts = parseMountinfo(readFileSync(mountinfoPath, 'utf8')).mounts;
    const m = findMount(mounts, realpathSync(root));
    const mode = m ? atimeMode(m.options) : 'unknown';
    return { mode, mountPoint: m?.mountPoint ?? null, fsType: m?.fsType ?? null, note: describeAtime(mode) };
  } catch {
    return { mode: 'unknown', mountPoint: null, fsType: null, note: describeAtime('unknown') };
  }
}

// Names and places in the module cache (GOMODCACHE), as cmd/go/internal/modfetch lays them out:
//   cache/download/<E(path)>/@v/<E(version)>.{info,mod,zip,ziphash,lock,partial}
//   <E(path)>@<E(version)>/            the extracted tree
// E() is the case-escaping of golang.org/x/mod/module. Everything here is pure string work.

import { join, relative, isAbsolute, sep } from 'node:path';
import { unescapePath, unescapeVersion } from '../gomod/module.ts';

/** The module the go command downloads toolchains as (GOTOOLCHAIN switching). */
export const TOOLCHAIN_MODULE = 'golang.org/toolchain';

export const VERSION_FILE_KINDS = ['info', 'mod', 'zip', 'ziphash', 'lock', 'partial'] as const;
export type VersionFileKind = (typeof VERSION_FILE_KINDS)[number];

export type AtVFileName =
  | { kind: VersionFileKind; escapedVersion: string }
  /** A temp file the go command writes before renaming: `<base><decimal>.tmp`. */
  | { kind: 'tmp'; escapedVersion: string; of: 'zip' | 'mod' | 'info' }
  | { kind: 'list' | 'list.lock' }
  | { kind: 'unknown' };

const TMP_RE = /^(.+)\.(zip|mod|info)\d+\.tmp$/;
const KIND_RE = /^(.+)\.(info|mod|zip|ziphash|lock|partial)$/;

/** Classifies one file name inside a `@v` directory. */
export function classifyAtVFile(name: string): AtVFileName {
  if (name === 'list') return { kind: 'list' };
  if (name === 'list.lock') return { kind: 'list.lock' };
  const t = TMP_RE.exec(name);
  if (t) return { kind: 'tmp', escapedVersion: t[1]!, of: t[2] as 'zip' | 'mod' | 'info' };
  const k = KIND_RE.exec(name);
  if (k) return { kind: k[2] as VersionFileKind, escapedVersion: k[1]! };
  return { kind: 'unknown' };
}

/** Go < 1.16 extracted into `<E(path)>@<E(version)>.tmp-<random>` and renamed. */
const TMP_TREE_RE = /^(.+)\.tmp-\d+$/;

export type TreeDirName =
  | { kind: 'tree'; escapedVersion: string }
  | { kind: 'tmp-tree'; escapedVersion: string };

/** Classifies the part after `@` of a directory name outside cache/. */
export function classifyTreeSuffix(afterAt: string): TreeDirName {
  const t = TMP_TREE_RE.exec(afterAt);
  if (t) return { kind: 'tmp-tree', escapedVersion: t[1]! };
  return { kind: 'tree', escapedVersion: afterAt };
}

export interface Unescaped {
  path: string | null;
  version: string | null;
  /** Why unescaping failed, when it did. */
  error: string | null;
}

export function unescapeModule(escapedPath: string, escapedVersion: string): Unescaped {
  let path: string | null = null;
  let version: string | null = null;
  const errors: string[] = [];
  try { path = unescapePath(escapedPath); } catch (e) { errors.push((e as Error).message); }
  try { version = unescapeVersion(escapedVersion); } catch (e) { errors.push((e as Error).message); }
  return { path, version, error: errors.length ? errors.join('; ') : null };
}

/** Absolute paths of one version's pieces; takes the escaped forms as found on disk. */
export function versionPaths(root: string, escapedPath: string, escapedVersion: string) {
  const atV = join(root, 'cache', 'download', ...escapedPath.split('/'), '@v');
  const base = join(atV, escapedVersion);
  return {
    atV,
    tree: join(root, ...escapedPath.split('/')) + '@' + escapedVersion,
    zip: `${base}.zip`,
    ziphash: `${base}.ziphash`,
    mod: `${base}.mod`,
    info: `${base}.info`,
    lock: `${base}.lock`,
    partial: `${base}.partial`,
    list: join(atV, 'list'),
  };
}

/** True when `p` is `root` itself or lies under it (both absolute, normalised). */
export function isInside(root: string, p: string): boolean {
  if (!isAbsolute(p) || !isAbsolute(root)) return false;
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** A valid `h1:` line as the go command accepts it in `.ziphash` (isValidSum). */
export function parseZiphash(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  const s = bytes.toString('utf8').trim();
  return s.length === 47 && s.startsWith('h1:') ? s : null;
}

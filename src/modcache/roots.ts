// The module versions that projects under some directories reference, read from their go.sum
// (and go.work.sum) files: what `stats --roots` calls referenced, what `verify --roots`
// compares against and what `prune --keep-referenced` keeps.

import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseGoSum, type GoSumFile } from '../gomod/gosum.ts';
import { errMessage, type ScanError } from './scan.ts';
import { isInside } from './layout.ts';

export interface RootRefs {
  sumFiles: GoSumFile[];
  /** `path@version` for every version any go.sum line names (zip or go.mod line). */
  referenced: Set<string>;
  /** `path@version` → h1 hashes for the zip, from every go.sum. */
  zipSums: Map<string, Set<string>>;
  /** `path@version` → h1 hashes for the go.mod file. */
  modSums: Map<string, Set<string>>;
  errors: ScanError[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'testdata', 'vendor']);
const SUM_FILES = new Set(['go.sum', 'go.work.sum']);

/** Walks the roots (without following symbolic links, skipping `exclude`) for go.sum files. */
export function readRoots(roots: readonly string[], exclude: readonly string[] = []): RootRefs {
  const out: RootRefs = { sumFiles: [], referenced: new Set(), zipSums: new Map(), modSums: new Map(), errors: [] };
  const excluded = exclude.map((e) => resolve(e));
  const walk = (dir: string, depth: number): void => {
    if (depth > 64 || excluded.some((e) => isInside(e, dir))) return;
    let ents;
    try {
      ents = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      out.errors.push({ path: dir, message: errMessage(e) });
      return;
    }
    for (const d of ents) {
      const p = join(dir, d.name);
      if (d.isDirectory()) {
        if (!SKIP_DIRS.has(d.name) && !d.name.startsWith('.')) walk(p, depth + 1);
      } else if (d.isFile() && SUM_FILES.has(d.name)) {
        readSum(p);
      }
    }
  };
  const readSum = (p: string): void => {
    try {
      const sum = parseGoSum(readFileSync(p, 'utf8'), p, { tolerant: true });
      out.sumFiles.push(sum);
      for (const l of sum.lines) {
        const key = `${l.path}@${l.version}`;
        out.referenced.add(key);
        if (!l.hash.startsWith('h1:')) continue;
        const m = l.goMod ? out.modSums : out.zipSums;
        let set = m.get(key);
        if (!set) m.set(key, (set = new Set()));
        set.add(l.hash);
      }
    } catch (e) {
      out.errors.push({ path: p, message: errMessage(e) });
    }
  };
  for (const r of roots) {
    const abs = resolve(r);
    let st;
    try {
      st = lstatSync(abs);
    } catch (e) {
      out.errors.push({ path: abs, message: errMessage(e) });
      continue;
    }
    if (st.isDirectory()) walk(abs, 0);
    else if (st.isFile() && SUM_FILES.has(abs.split('/').pop() ?? '')) readSum(abs);
    else out.errors.push({ path: abs, message: 'not a directory' });
  }
  return out;
}

import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectFacts, ProjectGoFile } from './types.ts';
import { readPathBounded } from './read-bounded.ts';

const MAX_GO_MOD = 16 << 20;

/** Finds the nearest go.mod / go.work at or above dir, as the go command does. */
export function findUp(dir: string, name: string): string | null {
  let cur = dir;
  for (let i = 0; i < 256; i++) {
    const p = join(cur, name);
    try { if (statSync(p).isFile()) return p; } catch { /* keep going */ }
    const parent = dirname(cur);
    if (parent === cur) return null;
    cur = parent;
  }
  return null;
}

function readBounded(path: string): string {
  return readPathBounded(path, MAX_GO_MOD).data.toString('utf8');
}

/**
 * A small reader for the module, go, toolchain, require, use and replace lines that doctor needs;
 * the full grammar (with positions and errors) lives in src/gomod.
 */
export function readGoLines(path: string, text: string): ProjectGoFile {
  const out: ProjectGoFile = { path, module: null, go: null, goLine: null, toolchain: null, toolchainLine: null, requires: [], replaces: [], error: null };
  const lines = text.split('\n');
  let block: string | null = null;
  const unquote = (s: string) => s.replace(/^["`]|["`]$/g, '');
  const handle = (verb: string, rest: string, lineNo: number, indirect: boolean) => {
    const args = rest.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g)?.map(unquote) ?? [];
    if (verb === 'module' && args[0]) out.module = args[0];
    else if (verb === 'go' && args[0]) { out.go = args[0]; out.goLine = lineNo; }
    else if (verb === 'toolchain' && args[0]) { out.toolchain = args[0]; out.toolchainLine = lineNo; }
    else if (verb === 'require' && args.length >= 2) out.requires.push({ path: args[0]!, version: args[1]!, indirect, line: lineNo });
    else if (verb === 'use' && args[0]) out.requires.push({ path: args[0], version: '', indirect: false, line: lineNo });
    else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow === 1 || arrow === 2) {
        out.replaces.push({ oldPath: args[0]!, oldVersion: arrow === 2 ? args[1]! : null, newPath: args[arrow + 1] ?? '', newVersion: args[arrow + 2] ?? null, line: lineNo });
      }
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const indirect = /\/\/\s*indirect\s*$/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (block) {
      if (line.startsWith(')')) block = null;
      else if (line) handle(block, line, i + 1, indirect);
      continue;
    }
    const open = /^([a-z]+)\s*\($/.exec(line);
    if (open) { block = open[1]!; continue; }
    const m = /^([a-z]+)\s+(.*)$/.exec(line);
    if (m) handle(m[1]!, m[2]!, i + 1, indirect);
  }
  return out;
}

export function gatherProject(dir: string, env: Record<string, string | undefined>): ProjectFacts {
  const read = (p: string | null): ProjectGoFile | null => {
    if (!p) return null;
    try { return readGoLines(p, readBounded(p)); } catch (e) {
      return { path: p, module: null, go: null, goLine: null, toolchain: null, toolchainLine: null, requires: [], replaces: [], error: (e as Error).message };
    }
  };
  const gowork = env['GOWORK'];
  const workPath = gowork === 'off' ? null : gowork ? gowork : findUp(dir, 'go.work');
  return { dir, goMod: read(findUp(dir, 'go.mod')), goWork: read(workPath), error: null };
}

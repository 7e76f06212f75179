// Check documentation pages (docs/checks/GTnnn.md). The CLI bundle carries them inline
// (esbuild `define`), so `gotune explain` works from the single file; in development they are
// read from the repository.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

declare const __GOTUNE_DOCS__: Record<string, string> | undefined;

export interface DocFrontMatter {
  id: string;
  name: string;
  family: string;
  severity: string;
  fixable: boolean;
  status?: string;
}

export interface DocPage {
  front: DocFrontMatter;
  body: string;
  raw: string;
}

export const REQUIRED_SECTIONS = ['Problem', 'Why it matters', 'Example', 'Fix', 'When to ignore', 'References'] as const;

let cache: Record<string, string> | null = null;

function docsDir(): string {
  return new URL('../../docs/checks/', import.meta.url).pathname;
}

export function allDocTexts(): Record<string, string> {
  if (cache) return cache;
  if (typeof __GOTUNE_DOCS__ !== 'undefined') return (cache = __GOTUNE_DOCS__);
  const out: Record<string, string> = {};
  const dir = docsDir();
  for (const name of readdirSync(dir)) {
    if (/^GT\d{3}\.md$/.test(name)) out[name.slice(0, 5)] = readFileSync(join(dir, name), 'utf8');
  }
  return (cache = out);
}

export class DocFormatError extends Error {}

/** Parses the `---` front matter (simple `key: value` lines) and the Markdown body. */
export function parseDocPage(raw: string, file = 'doc'): DocPage {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw.replace(/\r\n/g, '\n'));
  if (!m) throw new DocFormatError(`${file}:1: missing front matter (--- ... ---)`);
  const fm: Record<string, string> = {};
  m[1]!.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const kv = /^([a-z]+):\s*(.*)$/.exec(line);
    if (!kv) throw new DocFormatError(`${file}:${i + 2}: front matter line is not "key: value"`);
    fm[kv[1]!] = kv[2]!.trim();
  });
  for (const k of ['id', 'name', 'family', 'severity', 'fixable']) if (!(k in fm)) throw new DocFormatError(`${file}: front matter lacks ${k}`);
  return {
    front: { id: fm['id']!, name: fm['name']!, family: fm['family']!, severity: fm['severity']!, fixable: fm['fixable'] === 'true', ...(fm['status'] ? { status: fm['status'] } : {}) },
    body: m[2]!,
    raw,
  };
}

export function getDocPage(id: string): DocPage | null {
  const raw = allDocTexts()[id.toUpperCase()];
  return raw ? parseDocPage(raw, `docs/checks/${id.toUpperCase()}.md`) : null;
}

import { readFileSync } from 'node:fs';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { FACTS_SCHEMA_VERSION, type FactsSnapshot } from './types.ts';

export class FactsFileError extends Error {}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `${line}:${col}`;
}

const REQUIRED: (keyof FactsSnapshot)[] = ['platform', 'user', 'env', 'path', 'goBinaries', 'settings', 'envFile', 'gorootGoEnv', 'shellStartup', 'mounts', 'versionManagers', 'project'];

/** Loads a snapshot saved with --save-facts; errors name the file and the position. */
export function loadFacts(file: string): FactsSnapshot {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { throw new FactsFileError(`${file}: cannot read: ${(e as Error).message}`); }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // JSON.parse does not always say where; jsonc-parser's scanner does (strict options).
    const errs: ParseError[] = [];
    parseJsonc(text, errs, { allowTrailingComma: false, disallowComments: true });
    const first = errs[0];
    const where = first ? `:${lineCol(text, first.offset)}` : '';
    const what = first ? printParseErrorCode(first.error) : (e as Error).message.split('\n')[0];
    throw new FactsFileError(`${file}${where}: not valid JSON: ${what}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new FactsFileError(`${file}: expected a facts snapshot object`);
  const o = data as Record<string, unknown>;
  if (o['schemaVersion'] !== FACTS_SCHEMA_VERSION) throw new FactsFileError(`${file}: schemaVersion ${JSON.stringify(o['schemaVersion'])} is not supported (this gotune reads ${FACTS_SCHEMA_VERSION})`);
  for (const k of REQUIRED) if (!(k in o)) throw new FactsFileError(`${file}: snapshot lacks "${k}"`);
  // Fields added after a snapshot was saved get their empty defaults, so old snapshots stay judgeable.
  const f = o as unknown as FactsSnapshot;
  f.tools ??= [];
  f.goTrees ??= [];
  f.gatherErrors ??= [];
  f.timings ??= {};
  f.online ??= false;
  return f;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Threshold } from './types.ts';

export interface Suppression {
  id: string;
  reason: string;
  /** Where it was declared: "--suppress" or ".gotune.yaml:LINE". */
  origin: string;
}

export interface GotuneConfig {
  file: string | null;
  suppressions: Suppression[];
  failOn: Threshold | null;
}

export class ConfigError extends Error {
  constructor(message: string, readonly file: string, readonly line: number | null, readonly column: number | null) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${message}`);
  }
}

const THRESHOLDS = new Set(['error', 'warning', 'info', 'never']);
const ID_RE = /^GT\d{3}$/;

/** Parses `--suppress GT201=reason` (a reason is required so that silences stay explained). */
export function parseSuppressFlag(value: string): Suppression {
  const m = /^\s*(GT\d{3})\s*[=:]\s*(.*\S)\s*$/i.exec(value);
  if (!m) throw new Error(`--suppress wants ID=REASON (e.g. --suppress "GT201=shared GOPATH on build hosts"), got ${JSON.stringify(value)}`);
  return { id: m[1]!.toUpperCase(), reason: m[2]!, origin: '--suppress' };
}

// The YAML library is most of the CLI's code; it is loaded only when a config file exists
// (esbuild turns this dynamic import into a lazy initialiser inside the single bundle).
type YamlModule = typeof import('yaml');
let yaml: YamlModule | null = null;
export async function loadYaml(): Promise<YamlModule> {
  return (yaml ??= await import('yaml'));
}

export function parseConfigText(text: string, file: string): GotuneConfig {
  if (!yaml) throw new Error('loadYaml() must be awaited before parsing a config file');
  const { LineCounter, parseDocument } = yaml;
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const pos = (offset: number | undefined) => (offset === undefined ? { line: null, col: null } : { line: lc.linePos(offset).line, col: lc.linePos(offset).col });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const p = pos(e.pos[0]);
    throw new ConfigError(e.message.split('\n')[0]!, file, p.line, p.col);
  }
  const cfg: GotuneConfig = { file, suppressions: [], failOn: null };
  const root = doc.contents as unknown;
  if (root === null || root === undefined) return cfg;
  if (!isMap(root)) throw new ConfigError('expected a mapping at the top level', file, 1, 1);
  for (const item of root.items) {
    const key = String((item.key as { value?: unknown })?.value ?? '');
    const node = item.value as { range?: [number, number, number]; value?: unknown; items?: unknown[] } | null;
    const p = pos(node?.range?.[0] ?? (item.key as { range?: [number] })?.range?.[0]);
    if (key === 'failOn' || key === 'fail-on') {
      const v = String(node?.value ?? '');
      if (!THRESHOLDS.has(v)) throw new ConfigError(`failOn must be error, warning, info or never, not ${JSON.stringify(v)}`, file, p.line, p.col);
      cfg.failOn = v as Threshold;
    } else if (key === 'suppress' || key === 'ignore') {
      if (!node || !Array.isArray(node.items)) throw new ConfigError(`${key} must be a list of {id, reason}`, file, p.line, p.col);
      for (const entry of node.items) {
        const ep = pos((entry as { range?: [number] }).range?.[0]);
        if (!isMap(entry)) throw new ConfigError('each suppression is a mapping with id and reason', file, ep.line, ep.col);
        const obj: Record<string, string> = {};
        for (const kv of entry.items) obj[String((kv.key as { value?: unknown })?.value)] = String((kv.value as { value?: unknown })?.value ?? '');
        const id = (obj['id'] ?? '').toUpperCase();
        if (!ID_RE.test(id)) throw new ConfigError(`suppression id must be GTnnn, got ${JSON.stringify(obj['id'] ?? '')}`, file, ep.line, ep.col);
        if (!obj['reason']?.trim()) throw new ConfigError(`suppression of ${id} needs a reason`, file, ep.line, ep.col);
        cfg.suppressions.push({ id, reason: obj['reason'].trim(), origin: `${file}:${ep.line}` });
      }
    } else {
      throw new ConfigError(`unknown key ${JSON.stringify(key)} (known: failOn, suppress)`, file, p.line, p.col);
    }
  }
  return cfg;
}

function isMap(n: unknown): n is { items: { key: unknown; value: unknown }[] } {
  return yaml!.isMap(n);
}

/** Reads DIR/.gotune.yaml (or .gotune.yml) when present. */
export async function loadConfig(dir: string): Promise<GotuneConfig> {
  for (const name of ['.gotune.yaml', '.gotune.yml']) {
    const file = join(dir, name);
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new ConfigError(`cannot read: ${(e as Error).message}`, file, null, null);
    }
    await loadYaml();
    return parseConfigText(text, file);
  }
  return { file: null, suppressions: [], failOn: null };
}

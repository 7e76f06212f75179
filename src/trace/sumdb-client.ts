// The checksum-database client the go command runs for every download (golang.org/x/mod/sumdb's
// Client, as cmd/go/internal/modfetch dials it): which route reaches the database (a proxy that
// answers `<proxy>/sumdb/<name>/supported`, else https://<name>, or the URL GOSUMDB names), the
// lookup, the tiles its proof needs, and the verification of the signed tree head and the
// record's inclusion. Shared by `gotune trace` (which times each request) and `gotune cache
// verify --online`; the transport is the caller's, so each can record requests its own way.
import { escapePath, escapeVersion } from '../gomod/module.ts';
import { parseGosumdb } from '../gomod/gosumdb.ts';
import { verifyLookup, SumdbVerifyError } from '../gomod/sumdb/verify.ts';
import { tilePath, type Tile } from '../gomod/sumdb/tile.ts';
import type { Tree } from '../gomod/sumdb/tlog.ts';
import { redactUrls } from '../facts/redact.ts';
import type { ChainEntry } from './chain.ts';
import { bypassesProxy } from './chain.ts';

export type SumdbOp = 'sumdb-supported' | 'sumdb-lookup' | 'sumdb-tile';

export interface SumdbResponse {
  body: Buffer | null;
  status: number | null;
  /** Transport error, already redacted. */
  error: string | null;
  /** Lets the caller label the request (ok / fell through / failed) and why. */
  settle(outcome: 'ok' | 'fallthrough' | 'failed', reason?: string): void;
}

/** Performs one request; `entry` is the chain entry (or the database itself, index -1). */
export type SumdbFetch = (op: SumdbOp, url: string, entry: ChainEntry, entryIndex: number) => Promise<SumdbResponse>;

export interface SumdbSettings {
  gosumdb: string;
  gonosumdb: string;
  /** The GOPROXY chain (real URLs), asked in order for /sumdb/<name>/supported. */
  chain: ChainEntry[];
  /** Overrides the database URL (tests). */
  gosumdbUrl?: string;
}

export type SumdbLookup =
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'verified'; id: number; treeSize: number; lines: string[]; goModLines: string[] };

export class SumdbClient {
  private base: Promise<{ base: string } | { error: string }> | null = null;
  private readonly tiles = new Map<string, Buffer>();
  private latestTree: Tree | undefined;

  constructor(private readonly settings: SumdbSettings) {}

  /** Why the go command would not consult the database for this module, or null. */
  skipReason(path: string): string | null {
    const v = this.parsed();
    if (v.kind === 'off') return 'GOSUMDB=off';
    if (this.settings.gonosumdb && bypassesProxy(path, this.settings.gonosumdb)) return 'matches GONOSUMDB/GOPRIVATE';
    return null;
  }

  private parsed() {
    return this.settings.gosumdb === '' ? parseGosumdb('sum.golang.org') : parseGosumdb(this.settings.gosumdb);
  }

  /** Where the go command would reach the database: a GOSUMDB URL as given, else the first proxy that serves it, else directly. */
  private resolveBase(name: string, fetch: SumdbFetch): Promise<{ base: string } | { error: string }> {
    const explicit = this.settings.gosumdbUrl ?? gosumdbUrlOf(this.settings.gosumdb);
    if (explicit) return Promise.resolve({ base: explicit.replace(/\/+$/, '') });
    this.base ??= (async () => {
      const chain = this.settings.chain;
      for (let i = 0; i < chain.length; i++) {
        const e = chain[i]!;
        if (e.kind === 'noproxy') continue;
        if (e.kind !== 'url') break;
        const url = `${e.url}/sumdb/${name}/supported`;
        const r = await fetch('sumdb-supported', url, e, i);
        if (r.status !== null && r.status >= 200 && r.status < 300 && !r.error) { r.settle('ok'); return { base: `${e.url}/sumdb/${name}` }; }
        const is404 = r.status === 404 || r.status === 410;
        if (is404 || e.fallBackOnError) { r.settle('fallthrough', is404 ? 'proxy does not serve this checksum database' : 'error; `|` lets the go command try the next entry'); continue; }
        r.settle('failed');
        return { error: `checksum database probe ${redactUrls(url)}: ${r.error ?? r.status}` };
      }
      return { base: `https://${name}` };
    })();
    return this.base;
  }

  async lookup(path: string, version: string, fetch: SumdbFetch): Promise<SumdbLookup> {
    const skip = this.skipReason(path);
    if (skip) return { kind: 'skipped', reason: skip };
    const v = this.parsed();
    if (v.kind === 'invalid' || !v.name || !v.key) return { kind: 'failed', reason: v.error ?? 'invalid GOSUMDB: no verifier key' };
    const where = await this.resolveBase(v.name, fetch);
    if ('error' in where) return { kind: 'failed', reason: where.error };
    const dbEntry: ChainEntry = { kind: 'url', url: where.base, fallBackOnError: false };
    const url = `${where.base}/lookup/${escapePath(path)}@${escapeVersion(version)}`;
    const res = await fetch('sumdb-lookup', url, dbEntry, -1);
    if (!res.body || res.status !== 200) {
      res.settle('failed');
      return { kind: 'failed', reason: `verifying ${path}@${version}: ${redactUrls(url)}: ${res.error ?? res.status}` };
    }
    res.settle('ok');
    // Which tiles the proof needs is known only by asking the verifier: a first pass records the
    // tiles it reads (placeholders fail the hash check), then they are fetched together, in
    // parallel as the go command's tile reader does, and the record is verified for real.
    for (let round = 0; round < 4; round++) {
      const wanted: Tile[] = [];
      try {
        const out = verifyLookup(res.body, {
          verifiers: v.key, path, version, ...(this.latestTree ? { latest: this.latestTree } : {}),
          tiles: (t) => { const got = this.tiles.get(tilePath(t)); if (got) return got; wanted.push(t); return Buffer.alloc(t.w * 32); },
        });
        if (!wanted.length) {
          if (!this.latestTree || out.tree.n > this.latestTree.n) this.latestTree = out.tree;
          return { kind: 'verified', id: out.id, treeSize: out.tree.n, lines: out.lines, goModLines: out.goModLines };
        }
      } catch (e) {
        if (!wanted.length) return { kind: 'failed', reason: `checksum database proof failed: ${e instanceof SumdbVerifyError ? `${e.code}: ${e.message}` : (e as Error).message}` };
      }
      const fetched = await Promise.all(wanted.map(async (t) => {
        const p = tilePath(t);
        const r = await fetch('sumdb-tile', `${where.base}/${p}`, dbEntry, -1);
        if (r.body && r.status === 200) { r.settle('ok'); this.tiles.set(p, r.body); return true; }
        r.settle('failed');
        return false;
      }));
      if (fetched.includes(false)) return { kind: 'failed', reason: 'checksum database proof failed: a tile could not be fetched' };
    }
    return { kind: 'failed', reason: 'checksum database proof failed: the proof needed more tile rounds than the go command would fetch' };
  }
}

/** The URL part of `name+hash+key URL` (unredacted: it may be needed for requests). */
export function gosumdbUrlOf(value: string): string | null {
  const f = value.trim().split(/\s+/);
  return f.length >= 2 ? f[1]! : null;
}

/** Compares a module's go.sum hashes with a verified record, with the go command's wording. */
export function judgeAgainstRecord(r: SumdbLookup & { kind: 'verified' }, path: string, version: string, hashes: { mod: string | null; zip: string | null }): { ok: boolean; reason: string } {
  const modLine = `${path} ${version}/go.mod ${hashes.mod}`;
  if (hashes.mod !== null && !r.goModLines.includes(modLine)) return { ok: false, reason: `SECURITY ERROR: go.mod checksum mismatch: have ${hashes.mod}, checksum database ${r.goModLines[0]?.split(' ')[2] ?? 'has no go.mod line'}` };
  const zipLine = `${path} ${version} ${hashes.zip}`;
  if (hashes.zip !== null && !r.lines.includes(zipLine)) return { ok: false, reason: `SECURITY ERROR: zip checksum mismatch: have ${hashes.zip}, checksum database ${r.lines[0]?.split(' ')[2] ?? 'has no zip line'}` };
  return { ok: true, reason: `record ${r.id} in a signed tree of ${r.treeSize} records; ${hashes.zip !== null ? 'zip and ' : ''}go.mod hashes match` };
}

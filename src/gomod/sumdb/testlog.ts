// An in-memory checksum database for tests: records go.sum lines, signs tree heads with a test
// key and serves /latest, /lookup and /tile responses as the real server does, so a local test
// proxy can expose it under <proxy>/sumdb/<name>/.

import { formatRecord, formatTree, storedHashCount, storedHashIndex, storedHashes, treeHash, type Hash, type Tree } from './tlog.ts';
import { generateKey, parseSignerKey, parseVerifierKey, signNote, type Signer } from './note.ts';
import { parseTilePath, readTileData, tilePath, type Tile } from './tile.ts';

export interface TestSumDBOptions {
  /** Database name; also the key name. */
  name?: string;
  /** Use this signer key instead of a fresh one (its verifier key must be given too). */
  signerKey?: string;
  verifierKey?: string;
  /** Tile height of the served tiles; the go command reads height 8. */
  tileHeight?: number;
}

export interface SumDBResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/** The server's lookup key check (sumdb server.go). */
const LOOKUP_KEY = /^[^@]+@v[0-9]+\.[0-9]+\.[0-9]+(-[^@]*)?(\+incompatible)?$/;

export class TestSumDB {
  readonly name: string;
  readonly signerKey: string;
  readonly verifierKey: string;
  readonly tileHeight: number;
  private readonly signer: Signer;
  private readonly records: Buffer[] = [];
  private readonly hashes: Hash[] = [];
  private readonly byKey = new Map<string, number>();

  constructor(options: TestSumDBOptions = {}) {
    this.name = options.name ?? 'localhost.localdev/sumdb';
    if (options.signerKey) {
      if (!options.verifierKey) throw new Error('TestSumDB: a signerKey needs its verifierKey');
      this.signerKey = options.signerKey;
      this.verifierKey = options.verifierKey;
    } else {
      const k = generateKey(this.name);
      this.signerKey = k.signerKey;
      this.verifierKey = k.verifierKey;
    }
    this.signer = parseSignerKey(this.signerKey);
    const v = parseVerifierKey(this.verifierKey);
    if (v.name !== this.signer.name || v.keyHash !== this.signer.keyHash) throw new Error('TestSumDB: signer and verifier keys differ');
    this.tileHeight = options.tileHeight ?? 8;
  }

  get size(): number {
    return this.records.length;
  }

  /** Reads stored hashes (a tlog HashReader). */
  readonly readHashes = (indexes: readonly number[]): Hash[] =>
    indexes.map((i) => {
      const h = this.hashes[i];
      if (!h) throw new Error(`stored hash ${i} does not exist (log has ${this.hashes.length})`);
      return h;
    });

  /** Appends a raw record (go.sum lines, each ending in a newline); returns its id. */
  addRecord(text: string, key?: string): number {
    const id = this.records.length;
    const formatted = formatRecord(id, text); // validates the text
    const data = formatted.subarray(String(id).length + 1, formatted.length - 1);
    const added = storedHashes(id, data, this.readHashes);
    if (this.hashes.length !== storedHashIndex(0, id)) throw new Error('TestSumDB: stored hash count out of step');
    this.hashes.push(...added);
    this.records.push(Buffer.from(data));
    if (key !== undefined) this.byKey.set(key, id);
    return id;
  }

  /** Appends the go.sum lines of one module version; `path` and `version` are unescaped. */
  addModule(path: string, version: string, hashes: { zip?: string; mod: string }): number {
    let text = '';
    if (hashes.zip !== undefined) text += `${path} ${version} ${hashes.zip}\n`;
    text += `${path} ${version}/go.mod ${hashes.mod}\n`;
    return this.addRecord(text, `${path}@${version}`);
  }

  /** Record texts of ids [start, end). */
  readRecords(start: number, end: number): string[] {
    return this.records.slice(start, end).map((r) => r.toString('utf8'));
  }

  treeHead(size = this.size): Tree {
    this.checkSize(size);
    return { n: size, hash: treeHash(size, this.readHashes) };
  }

  /** The signed tree head note for the first `size` records. */
  signedTree(size = this.size): string {
    return signNote(formatTree(this.treeHead(size)), [this.signer]);
  }

  /** A /lookup body for a module version, with the tree head of `size` records. */
  lookupBody(path: string, version: string, size = this.size): Buffer | undefined {
    const id = this.byKey.get(`${path}@${version}`);
    if (id === undefined || id >= size) return undefined;
    return Buffer.concat([formatRecord(id, this.records[id]!), Buffer.from(this.signedTree(size))]);
  }

  /** Tile bytes by path (`tile/H/L/NNN[.p/W]`, `tile/H/data/...`), for the log at `size` records. */
  tile(path: string, size = this.size): Buffer | undefined {
    let t: Tile;
    try {
      t = parseTilePath(path);
    } catch {
      return undefined;
    }
    if (t.h !== this.tileHeight) return undefined;
    if (t.l === -1) {
      const start = t.n * 2 ** t.h;
      if (start + t.w > size) return undefined;
      return Buffer.concat(this.records.slice(start, start + t.w).map((r) => Buffer.concat([r, Buffer.from('\n')])));
    }
    // Hashes at level L*H exist for complete subtrees only.
    const span = 2 ** (t.h * t.l);
    if ((t.n * 2 ** t.h + t.w) * span > size) return undefined;
    return readTileData(t, this.readHashes);
  }

  /** Every tile path a client may read for the log at `size` records, with its bytes. */
  tiles(size = this.size): Map<string, Buffer> {
    this.checkSize(size);
    const out = new Map<string, Buffer>();
    const h = this.tileHeight;
    for (let level = 0; Math.floor(size / 2 ** (h * level)) > 0; level++) {
      const count = Math.floor(size / 2 ** (h * level));
      for (let n = 0; n * 2 ** h < count; n++) {
        const w = Math.min(2 ** h, count - n * 2 ** h);
        const t: Tile = { h, l: level, n, w };
        const path = tilePath(t);
        const b = this.tile(path, size);
        if (b) out.set(path, b);
      }
    }
    return out;
  }

  /**
   * Answers a request path relative to the database root: /latest, /lookup/E(path)@E(version),
   * /tile/... . `path` may be percent-encoded, as a proxy forwards it.
   */
  handle(urlPath: string): SumDBResponse {
    const text = (status: number, body: string): SumDBResponse => ({ status, contentType: 'text/plain; charset=UTF-8', body: Buffer.from(body) });
    let p: string;
    try {
      p = decodeURIComponent(urlPath);
    } catch {
      return text(400, 'bad request\n');
    }
    if (p === '/latest') return text(200, this.signedTree());
    if (p.startsWith('/lookup/')) {
      const key = p.slice('/lookup/'.length);
      if (!LOOKUP_KEY.test(key)) return text(400, 'invalid module@version syntax\n');
      const at = key.lastIndexOf('@');
      const path = unescapeCase(key.slice(0, at));
      const version = unescapeCase(key.slice(at + 1));
      if (path === undefined || version === undefined) return text(400, 'invalid escaping\n');
      const body = this.lookupBody(path, version);
      if (!body) return text(404, `not found: ${path}@${version}\n`);
      return { status: 200, contentType: 'text/plain; charset=UTF-8', body };
    }
    if (p.startsWith('/tile/')) {
      const b = this.tile(p.slice(1));
      if (!b) return text(404, 'not found\n');
      const isData = /^\/tile\/\d+\/data\//.test(p);
      return { status: 200, contentType: isData ? 'text/plain; charset=UTF-8' : 'application/octet-stream', body: b };
    }
    return text(404, 'not found\n');
  }

  /** Stored hash count, for tests that check storage layout. */
  get storedHashCount(): number {
    return storedHashCount(this.size);
  }

  private checkSize(size: number): void {
    if (!(Number.isInteger(size) && size >= 0 && size <= this.records.length)) throw new Error(`TestSumDB: no tree of size ${size}`);
  }
}

/** module.UnescapePath/UnescapeVersion's case rule: `!x` is `X`; a bare capital is an error. */
function unescapeCase(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '!') {
      const next = s[i + 1];
      if (next === undefined || next < 'a' || next > 'z') return undefined;
      out += next.toUpperCase();
      i++;
    } else if (c >= 'A' && c <= 'Z') {
      return undefined;
    } else {
      out += c;
    }
  }
  return out;
}

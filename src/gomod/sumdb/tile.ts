// Tiles of a transparent log (golang.org/x/mod/sumdb/tlog tile.go): paths, the tile holding a
// stored hash, hashes read out of tile data, and a HashReader that authenticates every tile
// against a trusted tree head before using it.

import { HASH_SIZE, nodeHash, splitStoredHashIndex, storedHashIndex, subTreeIndex, type Hash, type HashReader, type Tree } from './tlog.ts';

/** A tile: W consecutive hashes at level L (-1: record data) starting at N * 2^H. */
export interface Tile {
  h: number;
  l: number;
  n: number;
  w: number;
}

export class TileError extends Error {
  override readonly name = 'TileError';
}

const PATH_BASE = 1000;

export function tilePath(t: Tile): string {
  let n = t.n;
  let nStr = String(n % PATH_BASE).padStart(3, '0');
  while (n >= PATH_BASE) {
    n = Math.floor(n / PATH_BASE);
    nStr = `x${String(n % PATH_BASE).padStart(3, '0')}/${nStr}`;
  }
  const p = t.w !== 2 ** t.h ? `.p/${t.w}` : '';
  const l = t.l === -1 ? 'data' : String(t.l);
  return `tile/${t.h}/${l}/${nStr}${p}`;
}

const DECIMAL = /^[+-]?[0-9]+$/;
/** strconv.Atoi for the small values tile paths hold. */
function atoi(s: string): number | undefined {
  if (!DECIMAL.test(s) || s.length > 18) return undefined;
  return Number(s);
}

/** tlog.ParseTilePath: 1 <= H <= 30, and the path must be the canonical form of its tile. */
export function parseTilePath(path: string): Tile {
  const bad = (): TileError => new TileError(`malformed tile path ${JSON.stringify(path)}`);
  let f = path.split('/');
  if (f.length < 4 || f[0] !== 'tile') throw bad();
  const h = atoi(f[1]!);
  const isData = f[2] === 'data';
  const l = isData ? 0 : atoi(f[2]!);
  if (h === undefined || l === undefined || h < 1 || l < 0 || h > 30) throw bad();
  let w = 2 ** h;
  const dotP = f[f.length - 2]!;
  if (dotP.endsWith('.p')) {
    const ww = atoi(f[f.length - 1]!);
    if (ww === undefined || ww <= 0 || ww >= w) throw bad();
    w = ww;
    f[f.length - 2] = dotP.slice(0, -2);
    f = f.slice(0, -1);
  }
  let n = 0;
  for (const s of f.slice(3)) {
    const nn = atoi(s.startsWith('x') ? s.slice(1) : s);
    if (nn === undefined || nn < 0 || nn >= PATH_BASE) throw bad();
    n = n * PATH_BASE + nn;
    if (!Number.isSafeInteger(n)) throw bad();
  }
  const t: Tile = { h, l: isData ? -1 : l, n, w };
  if (tilePath(t) !== path) throw bad();
  return t;
}

/** The tile of height h holding stored hash `index`, and the byte range of its hash within the tile data. */
export function tileForIndex(h: number, index: number): { tile: Tile; start: number; end: number } {
  if (!(h > 0)) throw new TileError(`invalid tile height ${h}`);
  let [level, n] = splitStoredHashIndex(index);
  const l = Math.floor(level / h);
  level -= l * h;
  const tn = Math.floor((n * 2 ** level) / 2 ** h);
  n -= (tn * 2 ** h) / 2 ** level;
  const w = (n + 1) * 2 ** level;
  return { tile: { h, l, n: tn, w }, start: n * 2 ** level * HASH_SIZE, end: (n + 1) * 2 ** level * HASH_SIZE };
}

function tileHash(data: Buffer): Hash {
  if (data.length === 0) throw new TileError('bad math in tileHash');
  if (data.length === HASH_SIZE) return Buffer.from(data);
  const half = data.length / 2;
  return nodeHash(tileHash(data.subarray(0, half)), tileHash(data.subarray(half)));
}

/** The stored hash `index`, computed from the data of tile t. */
export function hashFromTile(t: Tile, data: Uint8Array, index: number): Hash {
  if (t.h < 1 || t.h > 30 || t.l < 0 || t.l >= 64 || t.w < 1 || t.w > 2 ** t.h) throw new TileError(`invalid tile ${tilePath(t)}`);
  if (data.length < t.w * HASH_SIZE) throw new TileError(`data len ${data.length} too short for tile ${tilePath(t)}`);
  const { tile: t1, start, end } = tileForIndex(t.h, index);
  if (t.l !== t1.l || t.n !== t1.n || t.w < t1.w) throw new TileError(`index ${index} is in ${tilePath(t1)} not ${tilePath(t)}`);
  return tileHash(Buffer.from(data.buffer, data.byteOffset, data.byteLength).subarray(start, end));
}

/** The tiles a server publishes when the tree grows from oldSize to newSize. */
export function newTiles(h: number, oldSize: number, newSize: number): Tile[] {
  if (!(h > 0)) throw new TileError(`invalid tile height ${h}`);
  const tiles: Tile[] = [];
  const span = 2 ** h;
  for (let level = 0; Math.floor(newSize / 2 ** (h * level)) > 0; level++) {
    const oldN = Math.floor(oldSize / 2 ** (h * level));
    const newN = Math.floor(newSize / 2 ** (h * level));
    if (oldN === newN) continue;
    for (let n = Math.floor(oldN / span); n < Math.floor(newN / span); n++) tiles.push({ h, l: level, n, w: span });
    const n = Math.floor(newN / span);
    const w = newN - n * span;
    if (w > 0) tiles.push({ h, l: level, n, w });
  }
  return tiles;
}

/** The bytes of tile t, read from stored hashes. */
export function readTileData(t: Tile, reader: HashReader): Buffer {
  const size = t.w === 0 ? 2 ** t.h : t.w;
  const start = t.n * 2 ** t.h;
  const indexes: number[] = [];
  for (let i = 0; i < size; i++) indexes.push(storedHashIndex(t.h * t.l, start + i));
  const hashes = reader(indexes);
  if (hashes.length !== indexes.length) throw new TileError(`ReadHashes(${indexes.length} indexes) = ${hashes.length} hashes`);
  return Buffer.concat(hashes);
}

function tileParent(t: Tile, k: number, n: number): Tile | undefined {
  const p: Tile = { h: t.h, l: t.l + k, n: Math.floor(t.n / 2 ** (k * t.h)), w: 2 ** t.h };
  const max = Math.floor(n / 2 ** (p.l * p.h));
  const base = p.n * 2 ** p.h;
  if (base + p.w >= max) {
    if (base >= max) return undefined;
    p.w = max - base;
  }
  return p;
}

function tileKey(t: Tile): string {
  return `${t.h}/${t.l}/${t.n}/${t.w}`;
}

/**
 * Supplies tile data. Returning the full tile for a partial one is allowed (servers may delete
 * partial tiles once they are complete); the reader truncates it.
 */
export type TileSource = (tile: Tile) => Uint8Array | undefined;

/** A TileSource over a map from tile path (`tile/H/L/NNN[.p/W]`) to bytes. */
export function tilesFromMap(tiles: ReadonlyMap<string, Uint8Array>): TileSource {
  return (t) => tiles.get(tilePath(t)) ?? tiles.get(tilePath({ ...t, w: 2 ** t.h }));
}

/**
 * tlog.TileHashReader: reads stored hashes out of tiles of height h, after checking that the
 * tiles hash to `tree.hash` and that each lower tile hashes to its entry in the tile above.
 */
export function tileHashReader(tree: Tree, h: number, source: TileSource): HashReader {
  return (indexes) => {
    const order = new Map<string, number>();
    const tiles: Tile[] = [];
    const add = (t: Tile): number => {
      const i = tiles.length;
      order.set(tileKey(t), i);
      tiles.push(t);
      return i;
    };
    const stx = subTreeIndex(0, tree.n, []);
    const stxOrder: number[] = [];
    for (const x of stx) {
      const t = tileParent(tileForIndex(h, x).tile, 0, tree.n);
      if (!t) throw new TileError('bad math in tileHashReader');
      stxOrder.push(order.get(tileKey(t)) ?? add(t));
    }
    const headTiles = tiles.length;
    const indexOrder: number[] = [];
    const firstStored = storedHashIndex(0, tree.n);
    for (const x of indexes) {
      if (!(x >= 0 && x < firstStored)) throw new TileError('indexes not in tree');
      const tile = tileForIndex(h, x).tile;
      let k = 0;
      for (; ; k++) {
        const p = tileParent(tile, k, tree.n);
        if (!p) throw new TileError(`bad math in tileHashReader: ${tree.n} ${x}`);
        const j = order.get(tileKey(p));
        if (j !== undefined) {
          if (k === 0) indexOrder.push(j);
          break;
        }
      }
      for (k--; k >= 0; k--) {
        const p = tileParent(tile, k, tree.n)!;
        if (p.w !== 2 ** p.h) throw new TileError(`bad math in tileHashReader: ${tree.n} ${x}`);
        const j = add(p);
        if (k === 0) indexOrder.push(j);
      }
    }
    const data = tiles.map((t) => {
      const d = source(t);
      if (!d) throw new TileError(`missing tile ${tilePath(t)}`);
      if (d.length < t.w * HASH_SIZE) throw new TileError(`tile ${tilePath(t)} has ${d.length} bytes, want ${t.w * HASH_SIZE}`);
      return Buffer.from(d.buffer, d.byteOffset, d.byteLength).subarray(0, t.w * HASH_SIZE);
    });
    const last = stx.length - 1;
    if (last >= 0) {
      let th = hashFromTile(tiles[stxOrder[last]!]!, data[stxOrder[last]!]!, stx[last]!);
      for (let i = last - 1; i >= 0; i--) th = nodeHash(hashFromTile(tiles[stxOrder[i]!]!, data[stxOrder[i]!]!, stx[i]!), th);
      if (!th.equals(tree.hash)) throw new TileError('downloaded inconsistent tile');
    }
    // Every tile added below the tree-head tiles is checked against its parent. Go starts this
    // loop at len(stx), which skips the first added tiles whenever several subtrees of the
    // head share one tile (common: they usually do); counting the distinct head tiles closes that gap.
    for (let i = headTiles; i < tiles.length; i++) {
      const t = tiles[i]!;
      const p = tileParent(t, 1, tree.n);
      const j = p && order.get(tileKey(p));
      if (!p || j === undefined) throw new TileError(`bad math in tileHashReader: lost parent of ${tilePath(t)}`);
      const want = hashFromTile(p, data[j]!, storedHashIndex(p.l * p.h, t.n));
      if (!want.equals(tileHash(data[i]!))) throw new TileError('downloaded inconsistent tile');
    }
    return indexes.map((x, i) => hashFromTile(tiles[indexOrder[i]!]!, data[indexOrder[i]!]!, x));
  };
}

/** The record texts held in a data tile (`tile/H/data/...`): each record's text followed by a newline. */
export function splitDataTile(data: Uint8Array): Buffer[] {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out: Buffer[] = [];
  let start = 0;
  for (;;) {
    const i = b.indexOf('\n\n', start);
    if (i < 0) break;
    out.push(b.subarray(start, i + 1));
    start = i + 2;
  }
  if (start !== b.length) throw new TileError('data tile does not end with a complete record');
  return out;
}


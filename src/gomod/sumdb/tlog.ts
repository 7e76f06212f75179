// Transparent log hashing (RFC 6962) as golang.org/x/mod/sumdb/tlog does it: record and node
// hashes, the stored-hash numbering, tree hashes, record and consistency proofs, tree heads and
// records.
//
// Indexes are JS numbers. Every operation that doubles or sums them stays below 2^53 for trees
// of up to 2^50 records (sum.golang.org has under 2^27), and parseTree refuses larger trees, so
// the arithmetic below uses multiplication and division rather than 32-bit shift operators.

import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;
/** A 32-byte SHA-256 value. */
export type Hash = Buffer;
/** Largest tree size accepted; see the note at the top of the file. */
export const MAX_TREE_SIZE = 2 ** 50;

export class TlogError extends Error {
  override readonly name = 'TlogError';
}

/** Returns the hashes at the given stored-hash indexes, in order. */
export type HashReader = (indexes: readonly number[]) => Hash[];

export interface Tree {
  n: number;
  hash: Hash;
}

export const EMPTY_HASH: Hash = createHash('sha256').digest();

export function recordHash(data: Uint8Array | string): Hash {
  return createHash('sha256').update(Buffer.from([0])).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

export function formatHash(h: Uint8Array): string {
  return Buffer.from(h).toString('base64');
}

const STRICT_B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Go's base64.StdEncoding.DecodeString: padding required, no stray characters. */
export function decodeBase64Strict(s: string): Buffer | undefined {
  if (!STRICT_B64.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}

export function parseHash(s: string): Hash {
  const h = decodeBase64Strict(s);
  if (!h || h.length !== HASH_SIZE) throw new TlogError('malformed hash');
  return h;
}

function pow2(l: number): number {
  return 2 ** l;
}

/** Largest power of two strictly less than n (n > 1), with its log. */
function maxpow2(n: number): [number, number] {
  let l = 0;
  while (pow2(l + 1) < n) l++;
  return [pow2(l), l];
}

function trailingZeros(n: number): number {
  if (n === 0) return 64;
  let z = 0;
  while (n % 2 === 0) {
    n /= 2;
    z++;
  }
  return z;
}

/** The position in storage of the hash of the level-`level` subtree number `n`. */
export function storedHashIndex(level: number, n: number): number {
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  let i = 0;
  for (; n > 0; n = Math.floor(n / 2)) i += n;
  return i + level;
}

/** The inverse of storedHashIndex. */
export function splitStoredHashIndex(index: number): [level: number, n: number] {
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  if (indexN > index) throw new TlogError('bad math');
  for (;;) {
    const x = indexN + 1 + trailingZeros(n + 1);
    if (x > index) break;
    n++;
    indexN = x;
  }
  const level = index - indexN;
  return [level, Math.floor(n / pow2(level))];
}

/** Number of stored hashes for a tree of n records. */
export function storedHashCount(n: number): number {
  if (n === 0) return 0;
  let count = storedHashIndex(0, n - 1) + 1;
  for (let i = n - 1; i % 2 === 1; i = Math.floor(i / 2)) count++;
  return count;
}

/** The hashes to append to storage when adding record n with data `data`. */
export function storedHashes(n: number, data: Uint8Array | string, reader: HashReader): Hash[] {
  return storedHashesForRecordHash(n, recordHash(data), reader);
}

export function storedHashesForRecordHash(n: number, h: Hash, reader: HashReader): Hash[] {
  const hashes = [h];
  const m = trailingZeros(n + 1);
  const indexes: number[] = new Array(m);
  for (let i = 0; i < m; i++) indexes[m - 1 - i] = storedHashIndex(i, Math.floor(n / pow2(i)) - 1);
  const old = reader(indexes);
  if (old.length !== indexes.length) throw new TlogError(`ReadHashes(${indexes.length} indexes) = ${old.length} hashes`);
  for (let i = 0; i < m; i++) {
    h = nodeHash(old[m - 1 - i]!, h);
    hashes.push(h);
  }
  return hashes;
}

function readExactly(reader: HashReader, indexes: number[]): Hash[] {
  const hashes = reader(indexes);
  if (hashes.length !== indexes.length) throw new TlogError(`ReadHashes(${indexes.length} indexes) = ${hashes.length} hashes`);
  return hashes;
}

/** The hash of the tree of the first n records. */
export function treeHash(n: number, reader: HashReader): Hash {
  if (n === 0) return EMPTY_HASH;
  const indexes = subTreeIndex(0, n, []);
  const hashes = readExactly(reader, indexes);
  const [hash, rest] = subTreeHash(0, n, hashes);
  if (rest.length !== 0) throw new TlogError('bad index math in TreeHash');
  return hash;
}

/** Stored-hash indexes of the maximal aligned complete subtrees covering [lo, hi). */
export function subTreeIndex(lo: number, hi: number, need: number[]): number[] {
  while (lo < hi) {
    const [k, level] = maxpow2(hi - lo + 1);
    if (lo % k !== 0) throw new TlogError('bad math in subTreeIndex');
    need.push(storedHashIndex(level, lo / k));
    lo += k;
  }
  return need;
}

function subTreeHash(lo: number, hi: number, hashes: Hash[]): [Hash, Hash[]] {
  let numTree = 0;
  while (lo < hi) {
    const [k] = maxpow2(hi - lo + 1);
    if (lo % k !== 0 || lo >= hi) throw new TlogError('bad math in subTreeHash');
    numTree++;
    lo += k;
  }
  if (hashes.length < numTree) throw new TlogError('bad index math in subTreeHash');
  let h = hashes[numTree - 1]!;
  for (let i = numTree - 2; i >= 0; i--) h = nodeHash(hashes[i]!, h);
  return [h, hashes.slice(numTree)];
}

/** Proof that record n is in the tree of size t. */
export function proveRecord(t: number, n: number, reader: HashReader): Hash[] {
  if (!(t >= 0 && n >= 0 && n < t)) throw new TlogError('invalid inputs in ProveRecord');
  const indexes = leafProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  const [p, rest] = leafProof(0, t, n, readExactly(reader, indexes));
  if (rest.length !== 0) throw new TlogError('bad index math in ProveRecord');
  return p;
}

function leafProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (lo + 1 === hi) return need;
  const [k] = maxpow2(hi - lo);
  if (n < lo + k) {
    leafProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    leafProofIndex(lo + k, hi, n, need);
  }
  return need;
}

function leafProof(lo: number, hi: number, n: number, hashes: Hash[]): [Hash[], Hash[]] {
  if (lo + 1 === hi) return [[], hashes];
  const [k] = maxpow2(hi - lo);
  let p: Hash[];
  let th: Hash;
  if (n < lo + k) {
    [p, hashes] = leafProof(lo, lo + k, n, hashes);
    [th, hashes] = subTreeHash(lo + k, hi, hashes);
  } else {
    [th, hashes] = subTreeHash(lo, lo + k, hashes);
    [p, hashes] = leafProof(lo + k, hi, n, hashes);
  }
  p.push(th);
  return [p, hashes];
}

/** Verifies that `h` is the hash of record n in the tree of size t with hash th. */
export function checkRecord(proof: readonly Hash[], t: number, th: Hash, n: number, h: Hash): void {
  if (!(t >= 0 && n >= 0 && n < t)) throw new TlogError('invalid inputs in CheckRecord');
  const th2 = runRecordProof(proof, 0, t, n, h);
  if (!th2.equals(th)) throw new TlogError('invalid transparency proof');
}

function runRecordProof(p: readonly Hash[], lo: number, hi: number, n: number, leaf: Hash): Hash {
  if (lo + 1 === hi) {
    if (p.length !== 0) throw new TlogError('invalid transparency proof');
    return leaf;
  }
  if (p.length === 0) throw new TlogError('invalid transparency proof');
  const [k] = maxpow2(hi - lo);
  const last = p[p.length - 1]!;
  const rest = p.slice(0, -1);
  if (n < lo + k) return nodeHash(runRecordProof(rest, lo, lo + k, n, leaf), last);
  return nodeHash(last, runRecordProof(rest, lo + k, hi, n, leaf));
}

/** Proof that the tree of size n is a prefix of the tree of size t. */
export function proveTree(t: number, n: number, reader: HashReader): Hash[] {
  if (!(t >= 1 && n >= 1 && n <= t)) throw new TlogError('invalid inputs in ProveTree');
  const indexes = treeProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  const [p, rest] = treeProof(0, t, n, readExactly(reader, indexes));
  if (rest.length !== 0) throw new TlogError('bad index math in ProveTree');
  return p;
}

function treeProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (n === hi) {
    if (lo === 0) return need;
    return subTreeIndex(lo, hi, need);
  }
  const [k] = maxpow2(hi - lo);
  if (n <= lo + k) {
    treeProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    treeProofIndex(lo + k, hi, n, need);
  }
  return need;
}

function treeProof(lo: number, hi: number, n: number, hashes: Hash[]): [Hash[], Hash[]] {
  if (n === hi) {
    if (lo === 0) return [[], hashes];
    const [th, rest] = subTreeHash(lo, hi, hashes);
    return [[th], rest];
  }
  const [k] = maxpow2(hi - lo);
  let p: Hash[];
  let th: Hash;
  if (n <= lo + k) {
    [p, hashes] = treeProof(lo, lo + k, n, hashes);
    [th, hashes] = subTreeHash(lo + k, hi, hashes);
  } else {
    [th, hashes] = subTreeHash(lo, lo + k, hashes);
    [p, hashes] = treeProof(lo + k, hi, n, hashes);
  }
  p.push(th);
  return [p, hashes];
}

/** Verifies that the tree (n, h) is a prefix of the tree (t, th). */
export function checkTree(proof: readonly Hash[], t: number, th: Hash, n: number, h: Hash): void {
  if (!(t >= 1 && n >= 1 && n <= t)) throw new TlogError('invalid inputs in CheckTree');
  const [h2, th2] = runTreeProof(proof, 0, t, n, h);
  if (!th2.equals(th) || !h2.equals(h)) throw new TlogError('invalid transparency proof');
}

function runTreeProof(p: readonly Hash[], lo: number, hi: number, n: number, old: Hash): [Hash, Hash] {
  if (n === hi) {
    if (lo === 0) {
      if (p.length !== 0) throw new TlogError('invalid transparency proof');
      return [old, old];
    }
    if (p.length !== 1) throw new TlogError('invalid transparency proof');
    return [p[0]!, p[0]!];
  }
  if (p.length === 0) throw new TlogError('invalid transparency proof');
  const [k] = maxpow2(hi - lo);
  const last = p[p.length - 1]!;
  const rest = p.slice(0, -1);
  if (n <= lo + k) {
    const [oh, th] = runTreeProof(rest, lo, lo + k, n, old);
    return [oh, nodeHash(th, last)];
  }
  const [oh, th] = runTreeProof(rest, lo + k, hi, n, old);
  return [nodeHash(last, oh), nodeHash(last, th)];
}

const TREE_PREFIX = 'go.sum database tree\n';

export function formatTree(tree: Tree): string {
  return `${TREE_PREFIX}${tree.n}\n${formatHash(tree.hash)}\n`;
}

/** tlog.ParseTree: the text of a signed tree head (without signatures). */
export function parseTree(text: string | Uint8Array): Tree {
  const s = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
  if (!s.startsWith(TREE_PREFIX) || s.length > 1e6 || countNewlines(s) < 3) throw new TlogError('malformed tree note');
  const lines = s.split('\n', 3);
  const nStr = lines[1]!;
  if (!/^(0|[1-9][0-9]*)$/.test(nStr)) throw new TlogError('malformed tree note');
  const n = Number(nStr);
  if (!Number.isSafeInteger(n) || n > MAX_TREE_SIZE) throw new TlogError(`tree size ${nStr} is too large`);
  const h = decodeBase64Strict(lines[2]!);
  if (!h || h.length !== HASH_SIZE) throw new TlogError('malformed tree note');
  return { n, hash: h };
}

function countNewlines(s: string): number {
  let c = 0;
  for (let i = s.indexOf('\n'); i >= 0 && c < 3; i = s.indexOf('\n', i + 1)) c++;
  return c;
}

/** Record text: non-empty UTF-8, no control characters but newline, no blank lines, ends in newline. */
export function isValidRecordText(text: Uint8Array): boolean {
  const s = decodeUtf8(text);
  if (s === undefined || s.length === 0) return false;
  let last = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && ch !== '\n') || (last === '\n' && ch === '\n')) return false;
    last = ch;
  }
  return last === '\n';
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function decodeUtf8(b: Uint8Array): string | undefined {
  try {
    return utf8Fatal.decode(b);
  } catch {
    return undefined;
  }
}

export function formatRecord(id: number, text: Uint8Array | string): Buffer {
  const t = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  if (!isValidRecordText(t)) throw new TlogError('malformed record data');
  return Buffer.concat([Buffer.from(`${id}\n`), t, Buffer.from('\n')]);
}

export interface ParsedRecord {
  id: number;
  text: Buffer;
  /** What follows the record: in a /lookup response, the signed tree note. */
  rest: Buffer;
}

/** tlog.ParseRecord. */
export function parseRecord(msg: Uint8Array): ParsedRecord {
  const b = Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
  const nl = b.indexOf(0x0a);
  if (nl < 0) throw new TlogError('malformed record data');
  const idStr = b.subarray(0, nl).toString('latin1');
  // strconv.ParseInt accepts a sign and leading zeros.
  if (!/^[+-]?[0-9]+$/.test(idStr)) throw new TlogError('malformed record data');
  const id = Number(idStr);
  if (!Number.isSafeInteger(id)) throw new TlogError('malformed record data');
  const after = b.subarray(nl + 1);
  const split = after.indexOf('\n\n');
  if (split < 0) throw new TlogError('malformed record data');
  const text = after.subarray(0, split + 1);
  if (!isValidRecordText(text)) throw new TlogError('malformed record data');
  return { id, text: Buffer.from(text), rest: Buffer.from(after.subarray(split + 2)) };
}

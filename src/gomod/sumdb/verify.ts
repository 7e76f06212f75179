// Offline verification of a checksum database /lookup response, as the go command's sumdb
// client does it (golang.org/x/mod/sumdb client.go): the record, the signed tree head that
// follows it, and the tiles that prove the record is in that tree.

import { openNote, VerifierList, type Note, type Verifier } from './note.ts';
import { parseRecord, parseTree, recordHash, storedHashIndex, treeHash, type Tree } from './tlog.ts';
import { tileHashReader, tilesFromMap, type TileSource } from './tile.ts';

/** The go command never changes the tile height of its checksum database client. */
export const DEFAULT_TILE_HEIGHT = 8;

export type SumdbVerifyErrorCode = 'record' | 'note' | 'tree' | 'not-in-tree' | 'record-hash' | 'inconsistent' | 'tiles';

export class SumdbVerifyError extends Error {
  override readonly name = 'SumdbVerifyError';
  readonly code: SumdbVerifyErrorCode;
  constructor(code: SumdbVerifyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface VerifyLookupOptions {
  /** Verifier key(s) of the database, e.g. SUM_GOLANG_ORG_KEY. */
  verifiers: string | Verifier | VerifierList | readonly (string | Verifier)[];
  /** Tiles by path (`tile/H/L/NNN[.p/W]`), or a function supplying them. */
  tiles: ReadonlyMap<string, Uint8Array> | TileSource;
  tileHeight?: number;
  /** Module path and version (unescaped) whose go.sum lines to pick out of the record. */
  path?: string;
  version?: string;
  /**
   * A tree head trusted earlier (the go command keeps it in $GOPATH/pkg/sumdb/<name>/latest).
   * Either tree must then be a prefix of the other, proved from the tiles.
   */
  latest?: Tree;
}

export interface VerifiedLookup {
  id: number;
  /** The record text: go.sum lines for one module version. */
  text: string;
  /** The signed tree head the response carried. */
  tree: Tree;
  note: Note;
  /** With path and version: the record's lines for the module zip and for its go.mod. */
  lines: string[];
  goModLines: string[];
}

function toVerifierList(v: VerifyLookupOptions['verifiers']): VerifierList {
  if (v instanceof VerifierList) return v;
  if (typeof v === 'string') return new VerifierList([v]);
  if (Array.isArray(v)) return new VerifierList(v as readonly (string | Verifier)[]);
  return new VerifierList([v as Verifier]);
}

/** Verifies a /lookup response body entirely from bytes already at hand. */
export function verifyLookup(body: Uint8Array, options: VerifyLookupOptions): VerifiedLookup {
  const h = options.tileHeight ?? DEFAULT_TILE_HEIGHT;
  const source = typeof options.tiles === 'function' ? options.tiles : tilesFromMap(options.tiles);
  let rec;
  try {
    rec = parseRecord(body);
  } catch (err) {
    throw new SumdbVerifyError('record', `malformed lookup response: ${(err as Error).message}`, { cause: err });
  }
  let note: Note;
  try {
    note = openNote(rec.rest, toVerifierList(options.verifiers));
  } catch (err) {
    throw new SumdbVerifyError('note', `tree head signature: ${(err as Error).message}`, { cause: err });
  }
  let tree: Tree;
  try {
    tree = parseTree(note.text);
  } catch (err) {
    throw new SumdbVerifyError('tree', (err as Error).message, { cause: err });
  }
  const latest = options.latest;
  if (latest) {
    try {
      // The smaller tree must be a prefix of the larger one, read through the larger one's tiles.
      const [small, large] = latest.n <= tree.n ? [latest, tree] : [tree, latest];
      const got = treeHash(small.n, tileHashReader(large, h, source));
      if (!got.equals(small.hash)) throw new Error(`tree of size ${small.n} is not a prefix of the tree of size ${large.n}`);
    } catch (err) {
      throw new SumdbVerifyError('inconsistent', `SECURITY ERROR: checksum database trees disagree: ${(err as Error).message}`, { cause: err });
    }
  }
  if (!(rec.id >= 0 && rec.id < tree.n)) {
    throw new SumdbVerifyError('not-in-tree', `record ${rec.id} is not in the signed tree of size ${tree.n}`);
  }
  let stored;
  try {
    [stored] = tileHashReader(tree, h, source)([storedHashIndex(0, rec.id)]);
  } catch (err) {
    throw new SumdbVerifyError('tiles', `cannot authenticate record ${rec.id}: ${(err as Error).message}`, { cause: err });
  }
  if (!stored || !stored.equals(recordHash(rec.text))) {
    throw new SumdbVerifyError('record-hash', `record ${rec.id} does not match the hash in the signed tree`);
  }
  const text = rec.text.toString('utf8');
  const all = text.split('\n');
  const lines = options.path !== undefined && options.version !== undefined ? all.filter((l) => l.startsWith(`${options.path} ${options.version} `)) : [];
  const goModLines = options.path !== undefined && options.version !== undefined ? all.filter((l) => l.startsWith(`${options.path} ${options.version}/go.mod `)) : [];
  return { id: rec.id, text, tree, note, lines, goModLines };
}

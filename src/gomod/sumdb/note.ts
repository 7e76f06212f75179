// Signed notes (golang.org/x/mod/sumdb/note): verifier and signer keys, Ed25519 through
// node:crypto, and Open/Sign with Go's exact parsing rules.

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { decodeBase64Strict } from './tlog.ts';

/** The checksum database key built into the go command. */
export const SUM_GOLANG_ORG_KEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

const ALG_ED25519 = 1;

export type NoteErrorCode =
  | 'malformed-verifier' // key text does not parse
  | 'verifier-hash' // the key hash does not recompute
  | 'verifier-alg' // algorithm byte is not Ed25519
  | 'malformed-signer'
  | 'signer-hash'
  | 'malformed-note'
  | 'invalid-signature' // a known key's signature does not verify
  | 'unverified' // no signature from a known key
  | 'ambiguous-key';

export class NoteError extends Error {
  override readonly name = 'NoteError';
  readonly code: NoteErrorCode;
  /** For 'unverified': the note with its unverified signatures, as Go's UnverifiedNoteError carries. */
  readonly note: Note | undefined;
  constructor(code: NoteErrorCode, message: string, note?: Note) {
    super(message);
    this.code = code;
    this.note = note;
  }
}

export interface Verifier {
  readonly name: string;
  readonly keyHash: number;
  verify(msg: Uint8Array, sig: Uint8Array): boolean;
}

export interface Signer {
  readonly name: string;
  readonly keyHash: number;
  sign(msg: Uint8Array): Buffer;
}

export interface Signature {
  name: string;
  hash: number;
  base64: string;
}

export interface Note {
  text: string;
  sigs: Signature[];
  unverifiedSigs: Signature[];
}

// unicode.IsSpace: the White_Space property (JS \s adds U+FEFF and lacks U+0085).
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Go's isValidName: non-empty, valid UTF-8, no white space, no '+'. */
export function isValidName(name: string): boolean {
  return name !== '' && !LONE_SURROGATE.test(name) && !GO_SPACE.test(name) && !name.includes('+');
}

/** First 4 bytes, big-endian, of SHA-256(name "\n" key), the key including its algorithm byte. */
export function keyHash(name: string, key: Uint8Array): number {
  const d = createHash('sha256').update(name, 'utf8').update('\n').update(key).digest();
  return d.readUInt32BE(0);
}

function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

const HEX8 = /^[0-9a-fA-F]{8}$/;

function ed25519PublicKey(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function rawPublicKey(k: KeyObject): Buffer {
  const jwk = k.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

/** note.NewVerifier: `name+hash+base64(0x01 || publicKey)`, with the hash recomputed. */
export function parseVerifierKey(vkey: string): Verifier {
  const [name, rest] = cut(vkey, '+');
  const [hash16, key64] = cut(rest, '+');
  const key = decodeBase64Strict(key64);
  if (!HEX8.test(hash16) || !key || !isValidName(name) || key.length === 0) {
    throw new NoteError('malformed-verifier', 'malformed verifier id');
  }
  const hash = parseInt(hash16, 16) >>> 0;
  if (hash !== keyHash(name, key)) throw new NoteError('verifier-hash', 'invalid verifier hash');
  if (key[0] !== ALG_ED25519) throw new NoteError('verifier-alg', 'unknown verifier algorithm');
  if (key.length !== 33) throw new NoteError('malformed-verifier', 'malformed verifier id');
  let pub: KeyObject;
  try {
    pub = ed25519PublicKey(key.subarray(1));
  } catch {
    throw new NoteError('malformed-verifier', 'malformed verifier id');
  }
  return {
    name,
    keyHash: hash,
    verify: (msg, sig) => sig.length === 64 && cryptoVerify(null, msg, pub, sig),
  };
}

/** note.NewSigner: `PRIVATE+KEY+name+hash+base64(0x01 || seed)`. */
export function parseSignerKey(skey: string): Signer {
  const [priv1, r1] = cut(skey, '+');
  const [priv2, r2] = cut(r1, '+');
  const [name, r3] = cut(r2, '+');
  const [hash16, key64] = cut(r3, '+');
  const key = decodeBase64Strict(key64);
  if (priv1 !== 'PRIVATE' || priv2 !== 'KEY' || !HEX8.test(hash16) || !key || !isValidName(name) || key.length === 0) {
    throw new NoteError('malformed-signer', 'malformed verifier id');
  }
  if (key[0] !== ALG_ED25519) throw new NoteError('verifier-alg', 'unknown verifier algorithm');
  if (key.length !== 33) throw new NoteError('malformed-signer', 'malformed verifier id');
  const priv = ed25519PrivateKey(key.subarray(1));
  const pub = Buffer.concat([Buffer.from([ALG_ED25519]), rawPublicKey(createPublicKey(priv))]);
  const hash = parseInt(hash16, 16) >>> 0;
  if (hash !== keyHash(name, pub)) throw new NoteError('signer-hash', 'invalid verifier hash');
  return { name, keyHash: hash, sign: (msg) => cryptoSign(null, msg, priv) };
}

/** note.GenerateKey: a new Ed25519 key pair as signer and verifier key strings. */
export function generateKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidName(name)) throw new NoteError('malformed-signer', `invalid key name ${JSON.stringify(name)}`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const pub = Buffer.concat([Buffer.from([ALG_ED25519]), rawPublicKey(publicKey)]);
  const h = keyHash(name, pub).toString(16).padStart(8, '0');
  return {
    signerKey: `PRIVATE+KEY+${name}+${h}+${Buffer.concat([Buffer.from([ALG_ED25519]), seed]).toString('base64')}`,
    verifierKey: `${name}+${h}+${pub.toString('base64')}`,
  };
}

/** note.NewEd25519VerifierKey. */
export function ed25519VerifierKey(name: string, publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new NoteError('malformed-verifier', `invalid public key size ${publicKey.length}, expected 32`);
  const pub = Buffer.concat([Buffer.from([ALG_ED25519]), publicKey]);
  return `${name}+${keyHash(name, pub).toString(16).padStart(8, '0')}+${pub.toString('base64')}`;
}

/** A set of known verifiers, looked up by name and key hash. */
export class VerifierList {
  private readonly byKey = new Map<string, Verifier[]>();
  constructor(verifiers: Iterable<Verifier | string>) {
    for (const v0 of verifiers) {
      const v = typeof v0 === 'string' ? parseVerifierKey(v0) : v0;
      const k = `${v.name}\u0000${v.keyHash}`;
      this.byKey.set(k, [...(this.byKey.get(k) ?? []), v]);
    }
  }
  /** undefined for an unknown key; throws for an ambiguous one. */
  get(name: string, hash: number): Verifier | undefined {
    const list = this.byKey.get(`${name}\u0000${hash}`);
    if (!list) return undefined;
    if (list.length > 1) throw new NoteError('ambiguous-key', `ambiguous key ${name}+${hash.toString(16).padStart(8, '0')}`);
    return list[0];
  }
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const SIG_PREFIX = '\u2014 ';

/** note.Open: verifies a signed note; at least one signature must come from a known key. */
export function openNote(msg: Uint8Array | string, known: VerifierList | Iterable<Verifier | string>): Note {
  const verifiers = known instanceof VerifierList ? known : new VerifierList(known);
  const bytes = typeof msg === 'string' ? Buffer.from(msg, 'utf8') : Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
  const malformed = (): NoteError => new NoteError('malformed-note', 'malformed note');
  let s: string;
  try {
    s = utf8Fatal.decode(bytes);
  } catch {
    throw malformed();
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) throw malformed();
  }
  const split = bytes.lastIndexOf('\n\n');
  if (split < 0) throw malformed();
  const textBytes = bytes.subarray(0, split + 1);
  let sigs = bytes.subarray(split + 2).toString('utf8');
  if (sigs.length === 0 || !sigs.endsWith('\n')) throw malformed();
  const note: Note = { text: textBytes.toString('utf8'), sigs: [], unverifiedSigs: [] };
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  let numSig = 0;
  while (sigs.length > 0) {
    const i = sigs.indexOf('\n');
    let line = sigs.slice(0, i);
    sigs = sigs.slice(i + 1);
    if (!line.startsWith(SIG_PREFIX)) throw malformed();
    line = line.slice(SIG_PREFIX.length);
    const [name, b64] = cut(line, ' ');
    const sig = decodeBase64Strict(b64);
    if (!sig || !isValidName(name) || b64 === '' || sig.length < 5) throw malformed();
    const hash = sig.readUInt32BE(0);
    const rawSig = sig.subarray(4);
    if (++numSig > 100) throw malformed();
    const v = verifiers.get(name, hash);
    if (!v) {
      if (seenUnverified.has(line)) continue;
      seenUnverified.add(line);
      note.unverifiedSigs.push({ name, hash, base64: b64 });
      continue;
    }
    const key = `${name}\u0000${hash}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!v.verify(textBytes, rawSig)) {
      throw new NoteError('invalid-signature', `invalid signature for key ${name}+${hash.toString(16).padStart(8, '0')}`);
    }
    note.sigs.push({ name, hash, base64: b64 });
  }
  if (note.sigs.length === 0) throw new NoteError('unverified', 'note has no verifiable signatures', note);
  return note;
}

/** note.Sign: the text (ending in a newline), a blank line, then one signature line per signer. */
export function signNote(text: string, signers: readonly Signer[]): string {
  if (!text.endsWith('\n')) throw new NoteError('malformed-note', 'malformed note');
  const msg = Buffer.from(text, 'utf8');
  let out = text + '\n';
  for (const s of signers) {
    if (!isValidName(s.name)) throw new NoteError('malformed-signer', 'invalid signer');
    const hbuf = Buffer.alloc(4);
    hbuf.writeUInt32BE(s.keyHash >>> 0);
    out += `${SIG_PREFIX}${s.name} ${Buffer.concat([hbuf, s.sign(msg)]).toString('base64')}\n`;
  }
  return out;
}

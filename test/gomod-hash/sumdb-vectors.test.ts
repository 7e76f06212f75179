import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkRecord, checkTree, formatHash, formatRecord, formatTree, parseHash, parseRecord, parseTree, proveRecord, proveTree,
  recordHash, splitStoredHashIndex, storedHashCount, storedHashIndex, storedHashes, treeHash, type Hash,
} from '../../src/gomod/sumdb/tlog.ts';
import { hashFromTile, newTiles, parseTilePath, tileForIndex, tileHashReader, tilePath, tilesFromMap, splitDataTile } from '../../src/gomod/sumdb/tile.ts';
import { keyHash, NoteError, openNote, parseSignerKey, parseVerifierKey, signNote, SUM_GOLANG_ORG_KEY, generateKey, ed25519VerifierKey } from '../../src/gomod/sumdb/note.ts';
import { verifyLookup, SumdbVerifyError } from '../../src/gomod/sumdb/verify.ts';
import { TestSumDB } from '../../src/gomod/sumdb/testlog.ts';

function flip(b: Uint8Array): Buffer {
  const c = Buffer.from(b);
  c[0] = c[0]! ^ 1;
  return c;
}

/** A log of records "leaf i", as tlog_test.go builds it. */
function leafLog(n: number): { hashes: Hash[]; reader: (ix: readonly number[]) => Hash[] } {
  const hashes: Hash[] = [];
  const reader = (ix: readonly number[]): Hash[] => ix.map((i) => hashes[i]!);
  for (let i = 0; i < n; i++) hashes.push(...storedHashes(i, `leaf ${i}`, reader));
  return { hashes, reader };
}

test('TreeHash of the "leaf i" logs (spec 7.4)', () => {
  const want = [
    '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', 'G7l9zCFjXUfiZj79/QoXRobZjdcBNS3SzQbotD/T0wU=', '/F9riP+FVPdbsvnm85wxsZNtRLaSdu33sSBalVuXYeM=',
    '1Pksj7uJcg6ztVZ3x9fvrd/rENEaGoSguo8aIzN/qpU=', 'T2MQhKFXxU9U/Psj/164ZQxLoWDClbsTqYMrEJ1SZ34=', 'NBUVmC1lDiNSDb1U1/zwr6G3DMOhakEdRk3JwayWwwE=',
    'g2PDghzkHrtGIiEWpCzIPbp1OYSyPPyiaqrQpoZzNuo=', 'WmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=', 'xcLIIO00L92ozolra5z1uMAKIcxLIHFMxuXTwFw1JAs=',
  ];
  const { reader, hashes } = leafLog(8);
  for (let n = 0; n <= 8; n++) assert.equal(formatHash(treeHash(n, reader)), want[n], `N=${n}`);
  assert.equal(hashes.length, storedHashCount(8));
});

test('record and tree proofs (spec 7.4 vectors) and their failure on any corruption', () => {
  const { reader } = leafLog(8);
  const p = proveRecord(7, 2, reader);
  assert.deepEqual(p.map(formatHash), ['WL0UluFoSqySAcLmh+565PUclqiw2B7zWDYouT0800U=', '/F9riP+FVPdbsvnm85wxsZNtRLaSdu33sSBalVuXYeM=', 'AVcbVXvHBnJlDUZ8e62DN+CafzVKcgUfI7Q6eCwPSOY=']);
  const tp = proveTree(7, 3, reader);
  assert.equal(formatHash(tp[0]!), 'qze6NNHf4pAV3nF6bVdkqPsCnDp6D1tkuTtUNRiFv3w=');
  assert.deepEqual(tp.slice(1).map(formatHash), p.map(formatHash));
  for (let t = 1; t <= 8; t++) {
    const th = treeHash(t, reader);
    for (let n = 0; n < t; n++) {
      const proof = proveRecord(t, n, reader);
      checkRecord(proof, t, th, n, recordHash(`leaf ${n}`));
      assert.throws(() => checkRecord(proof, t, th, n, recordHash(`leaf ${n + 1}`)));
      for (let k = 0; k < proof.length; k++) {
        const bad = proof.map((h, i) => (i === k ? flip(h) : h));
        assert.throws(() => checkRecord(bad, t, th, n, recordHash(`leaf ${n}`)));
      }
      const tproof = proveTree(t, n + 1, reader);
      checkTree(tproof, t, th, n + 1, treeHash(n + 1, reader));
      assert.throws(() => checkTree(tproof, t, th, n + 1, recordHash('x')));
    }
  }
});

test('stored hash indexes (spec 7.4 table) and their inverse', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => storedHashIndex(0, n)), [0, 1, 3, 4, 7, 8, 10, 11, 15]);
  assert.deepEqual([0, 1, 2, 3].map((n) => storedHashIndex(1, n)), [2, 5, 9, 12]);
  assert.deepEqual([0, 1].map((n) => storedHashIndex(2, n)), [6, 13]);
  assert.equal(storedHashIndex(3, 0), 14);
  for (let level = 0; level < 10; level++) {
    for (const n of [0, 1, 2, 3, 1000, 123456789]) assert.deepEqual(splitStoredHashIndex(storedHashIndex(level, n)), [level, n]);
  }
});

test('tile paths (spec 7.5)', () => {
  const cases: [[number, number, number, number], string][] = [
    [[4, 0, 1, 16], 'tile/4/0/001'], [[4, 0, 1, 5], 'tile/4/0/001.p/5'], [[3, 5, 123456078, 8], 'tile/3/5/x123/x456/078'],
    [[3, 5, 123456078, 2], 'tile/3/5/x123/x456/078.p/2'], [[1, -1, 3057500, 2], 'tile/1/data/x003/x057/500'], [[3, 4, 1234067, 1], 'tile/3/4/x001/x234/067.p/1'],
  ];
  for (const [[h, l, n, w], path] of cases) {
    assert.equal(tilePath({ h, l, n, w }), path);
    assert.deepEqual(parseTilePath(path), { h, l, n, w });
  }
  for (const bad of ['tile/3/5/123/456/078', 'tile/3/-1/x123/x456/078', 'tile/0/0/000', 'tile/31/0/000', 'tile/3/0/000.p/8', 'tile/3/0/000.p/0', 'tile/3/0/0001', 'tiles/3/0/000', 'tile/3/0']) {
    assert.throws(() => parseTilePath(bad), /malformed tile path/, bad);
  }
});

test('NewTiles counts (spec 7.5)', () => {
  const cases: [number, number, number][] = [[1, 1, 0], [100, 101, 1], [1023, 1025, 3], [1024, 1030, 1], [1030, 10000, 10], [49516517, 49516586, 3]];
  for (const [o, n, count] of cases) assert.equal(newTiles(10, o, n).length, count, `${o} -> ${n}`);
});

test('tile hashes read through tiles of several heights equal the stored hashes', () => {
  const { reader, hashes } = leafLog(100);
  for (const h of [1, 2, 3, 5, 8]) {
    const tree = { n: 100, hash: treeHash(100, reader) };
    const tiles = new Map<string, Buffer>();
    for (const t of newTiles(h, 0, 100)) tiles.set(tilePath(t), Buffer.concat(storedIndexesOf(t).map((i) => hashes[i]!)));
    const r = tileHashReader(tree, h, tilesFromMap(tiles));
    for (let i = 0; i < storedHashIndex(0, 100); i += 7) {
      const { tile } = tileForIndex(h, i);
      assert.ok(tile.l >= 0);
      assert.ok(r([i])[0]!.equals(hashes[i]!), `h=${h} i=${i}`);
    }
    assert.ok(treeHash(100, r).equals(tree.hash));
    // A tampered tile is detected. For h=5 this is tile/5/0/000, which sits below a head tile
    // shared by several head subtrees: Go's loop bound (len(stx)) would leave it unchecked.
    const [firstPath, firstData] = [...tiles][0]!;
    const bad = new Map(tiles).set(firstPath, flip(firstData));
    assert.throws(() => tileHashReader(tree, h, tilesFromMap(bad))([0]), /inconsistent tile/);
  }
  function storedIndexesOf(t: { h: number; l: number; n: number; w: number }): number[] {
    return Array.from({ length: t.w }, (_, i) => storedHashIndex(t.h * t.l, t.n * 2 ** t.h + i));
  }
  assert.ok(hashFromTile({ h: 2, l: 0, n: 0, w: 4 }, Buffer.concat([hashes[0]!, hashes[1]!, hashes[3]!, hashes[4]!]), 2).equals(hashes[2]!));
});

test('tree notes and records (spec 7.3 goldens)', () => {
  assert.equal(formatTree({ n: 123456789012, hash: recordHash('hello world') }), 'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n');
  assert.deepEqual(parseTree('go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\nextra line\n'), { n: 123456789012, hash: recordHash('hello world') });
  for (const bad of ['go.sum database tree\n0123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n', 'go.sum database tree\n-1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n', 'go.sum database tree\n1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0\n', 'go.sum database tree\n1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=', 'go.sum database\n1\nx\n']) {
    assert.throws(() => parseTree(bad), bad);
  }
  assert.equal(formatRecord(123456789012, 'hello, world\n').toString(), '123456789012\nhello, world\n\n');
  const r = parseRecord(Buffer.from('123456789012\nhello, world\n\nrest'));
  assert.equal(r.id, 123456789012);
  assert.equal(r.text.toString(), 'hello, world\n');
  assert.equal(r.rest.toString(), 'rest');
  for (const bad of ['hello, world\n', '', 'x\nhello\n\n', '1\nno blank line\n', '1\n\n', '1\na\x01b\n\n']) assert.throws(() => formatRecord(1, bad.replace(/^\d+\n/, '')) && parseRecord(Buffer.from(bad)), JSON.stringify(bad));
  assert.equal(parseHash('TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=').length, 32);
});

const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

test('verifier keys: sum.golang.org and PeterNeumann (spec 7.2)', () => {
  const v = parseVerifierKey(SUM_GOLANG_ORG_KEY);
  assert.equal(v.name, 'sum.golang.org');
  assert.equal(v.keyHash, 0x033de0ae);
  assert.equal(keyHash('sum.golang.org', Buffer.from('01ce3372d75ad1ee5ecdaf8727293d4b111d87eb37531d7c86d4d3003f0eb809fc', 'hex')), 0x033de0ae);
  assert.equal(ed25519VerifierKey('sum.golang.org', Buffer.from('ce3372d75ad1ee5ecdaf8727293d4b111d87eb37531d7c86d4d3003f0eb809fc', 'hex')), SUM_GOLANG_ORG_KEY);
  assert.equal(parseVerifierKey(PETER_VKEY).keyHash, 0xc74f20a3);
  // A key whose hash does not recompute is refused.
  assert.throws(() => parseVerifierKey('sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8'), (e: unknown) => e instanceof NoteError && e.code === 'verifier-hash');
  for (const bad of ['', 'name', 'name+c74f20a3', 'name+c74f20a+AQ==', 'na me+c74f20a3+ARpc', 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T', 'PeterNeumann+c74f20a3+!!!!']) {
    assert.throws(() => parseVerifierKey(bad), NoteError, bad);
  }
});

test('signing reproduces the PeterNeumann signature and Open verifies it (spec 7.2)', () => {
  const s = parseSignerKey(PETER_SKEY);
  assert.equal(signNote(PETER_TEXT, [s]), PETER_TEXT + '\n' + PETER_SIG);
  const n = openNote(PETER_TEXT + '\n' + PETER_SIG, [PETER_VKEY]);
  assert.equal(n.text, PETER_TEXT);
  assert.equal(n.sigs.length, 1);
  assert.equal(n.sigs[0]!.hash, 0xc74f20a3);
  // Unknown keys only: UnverifiedNoteError with the signature listed.
  const other = generateKey('other.example');
  assert.throws(() => openNote(PETER_TEXT + '\n' + PETER_SIG, [other.verifierKey]), (e: unknown) => e instanceof NoteError && e.code === 'unverified' && e.note?.unverifiedSigs.length === 1);
  // A changed text fails with InvalidSignatureError.
  assert.throws(() => openNote(PETER_TEXT.replace('problem', 'Problem') + '\n' + PETER_SIG, [PETER_VKEY]), (e: unknown) => e instanceof NoteError && e.code === 'invalid-signature');
  // Extra signatures from unknown keys are kept as unverified; duplicates are dropped.
  const os = parseSignerKey(other.signerKey);
  const two = signNote(PETER_TEXT, [s, os]);
  const dup = two + two.slice(two.indexOf('\n\n') + 2);
  const n2 = openNote(dup, [PETER_VKEY]);
  assert.equal(n2.sigs.length, 1);
  assert.equal(n2.unverifiedSigs.length, 1);
  for (const bad of ['', PETER_TEXT, PETER_TEXT + '\n', PETER_TEXT + '\n' + PETER_SIG.trimEnd(), PETER_TEXT + '\n' + PETER_SIG.replace('\u2014', '-'), PETER_TEXT.replace('\n', '\r\n') + '\n' + PETER_SIG, PETER_TEXT + '\n\u2014 PeterNeumann AAAA\n']) {
    assert.throws(() => openNote(bad, [PETER_VKEY]), NoteError, JSON.stringify(bad));
  }
});

// The test database of golang.org/x/mod/sumdb client_test.go, rebuilt here (spec 7.8).
const TEST_VKEY = 'localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6';
const TEST_SKEY = 'PRIVATE+KEY+localhost.localdev/sumdb+00000c67+AXu6+oaVaOYuQOFrf1V59JK1owcFlJcHwwXHDfDGxSPk';
function specLog(): TestSumDB {
  const db = new TestSumDB({ signerKey: TEST_SKEY, verifierKey: TEST_VKEY, tileHeight: 2 });
  db.addRecord('rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\nrsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=\nrsc.io/quote v1.5.2 h2:xyzzy\n', 'rsc.io/quote@v1.5.2');
  db.addModule('golang.org/x/text', 'v0.0.0-20170915032832-14c0d48ead0c', { zip: 'h1:qgOY6WgZOaTkIIMiVjBQcw93ERBE4m30iBm00nkL0i8=', mod: 'h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=' });
  db.addModule('rsc.io/sampler', 'v1.3.0', { zip: 'h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=', mod: 'h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=' });
  db.addRecord('rsc.io/Quote v1.5.2 h1:uppercase!=\n', 'rsc.io/Quote@v1.5.2');
  return db;
}

test('end-to-end test log: stored hashes, signed heads, lookup body and tiles (spec 7.8)', () => {
  const db = specLog();
  const stored = db.readHashes([0, 1, 2, 3, 4, 5, 6]).map(formatHash);
  assert.deepEqual(stored, [
    'WjvL/HG+LcMcRc63kFcpeP289Y+SW6L8uHapnVU30FU=', 'OVycKzbYUm+7AUZXER7fMrIWBUp702IqutYyhFQ1Hng=', 'wsqcgX5rABDmI7Y6Jhe+ltsmLPNQB4CCfpqFJVwMGNk=',
    'o8m5rrlnnRXbhEBP9X8zkP2dzqefc98mKqSMf7t1ig8=', 'zLPWUzQWCOqW03+cAo/qkz9hEzSO1SF31un1iRU1obg=', 'hyNEqD1wy2O+e+CUhJG6qPbYao8TGdpesLBP5EQFUY4=',
    '/7Aw5jVSMM9sFjQhaMg+iiDYPMk6decH7QLOGrL9Lx0=',
  ]);
  const heads: [number, string, string][] = [
    [1, 'WjvL/HG+LcMcRc63kFcpeP289Y+SW6L8uHapnVU30FU=', 'AAAMZ4/2LYVLoVNSpKpkRrjBaatdyCja0E0AZztDH9ACQIp6CM+mU/o90ZbjmGxrTHrRlt134xZRCd5Wy1AhZOZvtAM='],
    [2, 'wsqcgX5rABDmI7Y6Jhe+ltsmLPNQB4CCfpqFJVwMGNk=', 'AAAMZwAsVadrQu9laAPSKggIeeFWNSMftJ0WO6DXKXD63mb3k5BlPZSA3q46nSuWrnQK8adNVPqLkX5WXsTOj+RtxAA='],
    [3, 'BqP+0lgg2eJ2ftkPcKT+ltQjkVMh3THoMw60om6MwKo=', 'AAAMZ7LFXswF2N3CLFvkbLG1n2Hx5SHNE+44EVr3kW/2wMlprpbogoxXRsDsaIMQ4kEmV+g6ObO1hQwtuEupEvEHTwo='],
    [4, '/7Aw5jVSMM9sFjQhaMg+iiDYPMk6decH7QLOGrL9Lx0=', 'AAAMZ4p0U2imiESToQIuhbLPz+DLot/i59pjBQtpE0iN3VifjzXBA1i4ceNI6z64AV0lEbtUQiP1e3DmYerREy4hMgs='],
  ];
  for (const [n, hash, sig] of heads) {
    assert.equal(db.signedTree(n), `go.sum database tree\n${n}\n${hash}\n\n\u2014 localhost.localdev/sumdb ${sig}\n`);
  }
  const body = db.lookupBody('rsc.io/sampler', 'v1.3.0', 3)!;
  assert.equal(body.toString(), [
    '2', 'rsc.io/sampler v1.3.0 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=', 'rsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=', '',
    'go.sum database tree', '3', 'BqP+0lgg2eJ2ftkPcKT+ltQjkVMh3THoMw60om6MwKo=', '', '\u2014 localhost.localdev/sumdb AAAMZ7LFXswF2N3CLFvkbLG1n2Hx5SHNE+44EVr3kW/2wMlprpbogoxXRsDsaIMQ4kEmV+g6ObO1hQwtuEupEvEHTwo=', '',
  ].join('\n'));
  const t4 = db.tiles(4);
  assert.equal(t4.get('tile/2/0/000')!.toString('hex').slice(0, 8), '5a3bcbfc');
  assert.deepEqual([0, 1, 2, 3].map((i) => t4.get('tile/2/0/000')!.subarray(i * 32, i * 32 + 4).toString('hex')), ['5a3bcbfc', '395c9c2b', 'a3c9b9ae', 'ccb3d653']);
  assert.equal(t4.get('tile/2/1/000.p/1')!.toString('hex').slice(0, 8), 'ffb030e6');
  assert.equal(db.tile('tile/2/data/000')!.toString(), db.readRecords(0, 4).map((r) => r + '\n').join(''));
  assert.equal(splitDataTile(db.tile('tile/2/data/000')!).length, 4);
  // The HTTP face: escaped lookup keys, 400 on a bad key, 404 when missing.
  assert.equal(db.handle('/lookup/rsc.io/!quote@v1.5.2').status, 200);
  assert.match(db.handle('/lookup/rsc.io/%21quote@v1.5.2').body.toString(), /rsc\.io\/Quote v1\.5\.2 h1:uppercase!=/);
  assert.equal(db.handle('/lookup/rsc.io/quote@master').status, 400);
  assert.equal(db.handle('/lookup/rsc.io/nothere@v1.0.0').status, 404);
  assert.equal(db.handle('/tile/2/0/000').contentType, 'application/octet-stream');
  assert.equal(db.handle('/latest').body.toString(), db.signedTree());
});

test('verifyLookup checks the record, signature and tiles end to end', () => {
  const db = specLog();
  const tiles = db.tiles(3);
  const body = db.lookupBody('rsc.io/sampler', 'v1.3.0', 3)!;
  const opts = { verifiers: TEST_VKEY, tiles, tileHeight: 2, path: 'rsc.io/sampler', version: 'v1.3.0' };
  const v = verifyLookup(body, opts);
  assert.equal(v.id, 2);
  assert.equal(v.tree.n, 3);
  assert.deepEqual(v.lines, ['rsc.io/sampler v1.3.0 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=']);
  assert.deepEqual(v.goModLines, ['rsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=']);
  // Consistent with an older and with a newer trusted head, given tiles for the larger tree.
  const all = new Map([...db.tiles(3), ...db.tiles(4)]);
  verifyLookup(body, { ...opts, tiles: all, latest: db.treeHead(1) });
  verifyLookup(body, { ...opts, tiles: all, latest: db.treeHead(4) });
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof SumdbVerifyError, String(e));
      return e.code;
    }
    return 'ok';
  };
  // A forked log: same size, other hash.
  const fork = new TestSumDB({ signerKey: TEST_SKEY, verifierKey: TEST_VKEY, tileHeight: 2 });
  for (let i = 0; i < 4; i++) fork.addRecord(`example.com/fork${i} v1.0.0 h1:x=\n`);
  assert.equal(code(() => verifyLookup(body, { ...opts, tiles: all, latest: fork.treeHead(4) })), 'inconsistent');
  // A tampered record line.
  assert.equal(code(() => verifyLookup(Buffer.from(body.toString().replace('h1:7uVk', 'h1:8uVk')), opts)), 'record-hash');
  // A record id outside the tree.
  assert.equal(code(() => verifyLookup(Buffer.from(body.toString().replace(/^2\n/, '3\n')), opts)), 'not-in-tree');
  // Another key, a broken signature.
  assert.equal(code(() => verifyLookup(body, { ...opts, verifiers: generateKey('localhost.localdev/sumdb').verifierKey })), 'note');
  assert.equal(code(() => verifyLookup(Buffer.from(body.toString().replace('BqP+0lgg', 'BqP+0lgh')), opts)), 'note');
  // Missing and tampered tiles.
  assert.equal(code(() => verifyLookup(body, { ...opts, tiles: new Map() })), 'tiles');
  const bad = new Map(tiles);
  const [p0, d0] = [...bad][0]!;
  bad.set(p0, flip(d0));
  assert.equal(code(() => verifyLookup(body, { ...opts, tiles: bad })), 'tiles');
  assert.equal(code(() => verifyLookup(Buffer.from('garbage'), opts)), 'record');
});

test('a larger test log with the default tile height verifies every record', () => {
  const db = new TestSumDB();
  for (let i = 0; i < 700; i++) db.addModule(`example.com/m${i}`, 'v1.0.0', { zip: `h1:${String(i).padStart(43, 'A')}=`, mod: 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=' });
  const tiles = db.tiles();
  assert.ok(tiles.has('tile/8/0/000') && tiles.has('tile/8/0/002.p/188') && tiles.has('tile/8/1/000.p/2'));
  for (const i of [0, 1, 255, 256, 511, 512, 699]) {
    const v = verifyLookup(db.lookupBody(`example.com/m${i}`, 'v1.0.0')!, { verifiers: db.verifierKey, tiles, path: `example.com/m${i}`, version: 'v1.0.0' });
    assert.equal(v.id, i);
    assert.equal(v.lines.length, 1);
  }
  // Servers may drop partial tiles once complete; a full tile truncated serves instead.
  const small = db.tiles(300);
  const body = db.lookupBody('example.com/m3', 'v1.0.0', 300)!;
  const swapped = new Map(small);
  swapped.delete('tile/8/0/001.p/44');
  swapped.set('tile/8/0/001', tiles.get('tile/8/0/001')!);
  assert.equal(verifyLookup(body, { verifiers: db.verifierKey, tiles: swapped }).id, 3);
});

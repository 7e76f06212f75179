// Pseudo-versions: building, recognising and taking apart (spec §2.3, x/mod/module pseudo tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isPseudoVersion, isZeroPseudoVersion, pseudoVersion, pseudoVersionBase, pseudoVersionRev, pseudoVersionTime, zeroPseudoVersion,
} from '../../src/gomod/pseudo.ts';
import { InvalidVersionError } from '../../src/gomod/module.ts';
import { compare } from '../../src/gomod/semver.ts';

const T = new Date(Date.UTC(2006, 0, 2, 15, 4, 5));

// [major, older tag, expected pseudo-version]
const pseudoTests: Array<[string, string, string]> = [
  ['', '', 'v0.0.0-20060102150405-hash'],
  ['v0', '', 'v0.0.0-20060102150405-hash'],
  ['v1', '', 'v1.0.0-20060102150405-hash'],
  ['v2', '', 'v2.0.0-20060102150405-hash'],
  ['unused', 'v0.0.0', 'v0.0.1-0.20060102150405-hash'],
  ['unused', 'v1.2.3', 'v1.2.4-0.20060102150405-hash'],
  ['unused', 'v1.2.99999999999999999', 'v1.2.100000000000000000-0.20060102150405-hash'],
  ['unused', 'v1.2.3-pre', 'v1.2.3-pre.0.20060102150405-hash'],
  ['unused', 'v1.3.0-pre', 'v1.3.0-pre.0.20060102150405-hash'],
  ['unused', 'v0.0.0--', 'v0.0.0--.0.20060102150405-hash'],
  ['unused', 'v1.0.0+metadata', 'v1.0.1-0.20060102150405-hash+metadata'],
  ['unused', 'v2.0.0+incompatible', 'v2.0.1-0.20060102150405-hash+incompatible'],
  ['unused', 'v2.3.0-pre+incompatible', 'v2.3.0-pre.0.20060102150405-hash+incompatible'],
];

test('pseudoVersion builds every form', () => {
  for (const [major, older, want] of pseudoTests) {
    assert.equal(pseudoVersion(major, older, T, 'hash'), want, `${major} ${older}`);
  }
  assert.equal(zeroPseudoVersion('v0'), 'v0.0.0-00010101000000-000000000000');
  assert.equal(zeroPseudoVersion('v2'), 'v2.0.0-00010101000000-000000000000');
  assert.equal(isZeroPseudoVersion('v0.0.0-00010101000000-000000000000'), true);
  assert.equal(isZeroPseudoVersion('v0.0.0-20060102150405-hash'), false);
});

test('isPseudoVersion', () => {
  for (const [, , v] of pseudoTests) assert.equal(isPseudoVersion(v), true, v);
  for (const v of ['v1.0.0', 'v1.0.0-pre', 'v1.2.3-0.2006010215040-hash', 'v1.2.3-20060102150405-hash', 'v0.0.0-20060102150405-', 'v0.0.0-20060102150405-ha_sh', 'master']) {
    assert.equal(isPseudoVersion(v), false, v);
  }
});

test('pseudoVersionTime, pseudoVersionRev', () => {
  for (const [, , v] of pseudoTests) {
    assert.equal(pseudoVersionTime(v).getTime(), T.getTime(), v);
    assert.equal(pseudoVersionRev(v), 'hash', v);
  }
  assert.equal(pseudoVersionTime('v0.0.0-00010101000000-000000000000').toISOString(), '0001-01-01T00:00:00.000Z');
  assert.throws(() => pseudoVersionTime('v1.2.3'), { message: 'pseudo-version "v1.2.3" invalid: syntax error' });
  assert.throws(() => pseudoVersionTime('v0.0.0-20061302150405-hash'), { message: 'pseudo-version "v0.0.0-20061302150405-hash" invalid: malformed time "20061302150405"' });
  assert.throws(() => pseudoVersionTime('v0.0.0-20060230150405-hash'), InvalidVersionError);
  assert.equal(pseudoVersionTime('v0.0.0-20040229000000-hash').toISOString(), '2004-02-29T00:00:00.000Z');
  assert.equal(pseudoVersionRev('v1.2.4-0.20191109021931-daa7c04131f5'), 'daa7c04131f5');
});

test('pseudoVersionBase', () => {
  for (const [, older, v] of pseudoTests) {
    let want = older;
    if (!/^v\d+\.\d+\.\d+/.test(older)) want = '';
    assert.equal(pseudoVersionBase(v), want, v);
  }
  const invalid = [
    ['v0.0.0-0.20060102150405-hash', 'pseudo-version "v0.0.0-0.20060102150405-hash" invalid: version before v0.0.0 would have negative patch number'],
    ['v1.0.0-0.20060102150405-hash', 'pseudo-version "v1.0.0-0.20060102150405-hash" invalid: version before v1.0.0 would have negative patch number'],
    ['v0.0.0-20060102150405-hash+incompatible', 'pseudo-version "v0.0.0-20060102150405-hash+incompatible" invalid: lacks base version, but has build metadata "+incompatible"'],
  ];
  for (const [v, msg] of invalid) assert.throws(() => pseudoVersionBase(v!), { message: msg });
  assert.throws(() => pseudoVersionBase('v1.2.3'), InvalidVersionError);
});

test('pseudo-versions order between their base and the next release', () => {
  const p = pseudoVersion('', 'v1.2.3', T, 'abcdef123456');
  assert.equal(compare('v1.2.3', p), -1);
  assert.equal(compare(p, 'v1.2.4-rc1'), -1);
  assert.equal(compare(p, 'v1.2.4-1'), -1);
  assert.equal(compare(p, pseudoVersion('', 'v1.2.3', new Date(T.getTime() + 1000), 'abcdef123456')), -1);
  assert.equal(compare(pseudoVersion('', '', T, 'abcdef123456'), 'v0.0.0'), -1);
});

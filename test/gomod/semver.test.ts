// Semantic versions: validity, canonical form, parts, ordering (spec §2.1, §2.2 and the
// x/mod/semver test table).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, canonical, compare, isIncompatible, isValid, major, majorMinor, max, prerelease, sort } from '../../src/gomod/semver.ts';

// In ascending order; entries with equal canonical forms compare equal.
const tests: Array<[string, string]> = [
  ['bad', ''],
  ['v1-alpha.beta.gamma', ''],
  ['v1-pre', ''],
  ['v1+meta', ''],
  ['v1-pre+meta', ''],
  ['v1.2-pre', ''],
  ['v1.2+meta', ''],
  ['v1.2-pre+meta', ''],
  ['v1.0.0-alpha', 'v1.0.0-alpha'],
  ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'],
  ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'],
  ['v1.0.0-beta', 'v1.0.0-beta'],
  ['v1.0.0-beta.2', 'v1.0.0-beta.2'],
  ['v1.0.0-beta.11', 'v1.0.0-beta.11'],
  ['v1.0.0-rc.1', 'v1.0.0-rc.1'],
  ['v1', 'v1.0.0'],
  ['v1.0', 'v1.0.0'],
  ['v1.0.0', 'v1.0.0'],
  ['v1.2', 'v1.2.0'],
  ['v1.2.0', 'v1.2.0'],
  ['v1.2.3-456', 'v1.2.3-456'],
  ['v1.2.3-456.789', 'v1.2.3-456.789'],
  ['v1.2.3-456-789', 'v1.2.3-456-789'],
  ['v1.2.3-456a', 'v1.2.3-456a'],
  ['v1.2.3-pre', 'v1.2.3-pre'],
  ['v1.2.3-pre+meta', 'v1.2.3-pre'],
  ['v1.2.3-pre.1', 'v1.2.3-pre.1'],
  ['v1.2.3-zzz', 'v1.2.3-zzz'],
  ['v1.2.3', 'v1.2.3'],
  ['v1.2.3+meta', 'v1.2.3'],
  ['v1.2.3+meta-pre', 'v1.2.3'],
  ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
];

test('isValid and canonical', () => {
  for (const [v, c] of tests) {
    assert.equal(isValid(v), c !== '', v);
    assert.equal(canonical(v), c, v);
  }
  for (const bad of ['', 'v', '1.2.3', 'v01.2.3', 'v1.02.3', 'v1.2.03', 'v1.2.3-', 'v1.2.3-01', 'v1.2.3-a..b', 'v1.2.3+', 'v1.2.3+a..b', 'v1.2.3-ä', 'V1.2.3', 'v1.2.3.4']) {
    assert.equal(isValid(bad), false, bad);
  }
  assert.equal(isValid('v1.2.3+001'), true); // build identifiers may have leading zeros
  assert.equal(isValid('v1.2.3-0'), true);
});

test('major, majorMinor, prerelease, build', () => {
  for (const [v, c] of tests) {
    assert.equal(major(v), c === '' ? '' : c.slice(0, c.indexOf('.')), v);
    let mm = '';
    if (c !== '') {
      mm = v.split('+')[0]!.split('-')[0]!;
      const dots = mm.split('.').length - 1;
      if (dots === 0) mm += '.0';
      else if (dots === 2) mm = mm.slice(0, mm.lastIndexOf('.'));
    }
    assert.equal(majorMinor(v), mm, v);
    assert.equal(prerelease(v), c !== '' && c.includes('-') ? c.slice(c.indexOf('-')) : '', v);
    assert.equal(build(v), c !== '' && v.includes('+') ? v.slice(v.indexOf('+')) : '', v);
  }
  assert.equal(isIncompatible('v2.0.0+incompatible'), true);
  assert.equal(isIncompatible('v2.0.0+incompatible.1'), false);
});

test('compare follows the table order', () => {
  tests.forEach(([vi, ci], i) => {
    tests.forEach(([vj, cj], j) => {
      const want = ci === cj ? 0 : i < j ? -1 : 1;
      assert.equal(compare(vi, vj), want, `compare(${vi}, ${vj})`);
    });
  });
  assert.equal(compare('v1', 'v1'), 0);
  assert.equal(compare('v2', 'v1'), 1);
  assert.equal(compare('v1', 'v2'), -1);
  assert.equal(compare('v1.19', 'v1.2'), 1);
  assert.equal(compare('v1.2', 'v1.19'), -1);
  assert.equal(compare('v1.0.0+metadata-dash', 'v1.0.0+metadata-dash1'), 0);
  // Patch numbers beyond 2^53 still compare exactly.
  assert.equal(compare('v1.2.99999999999999999', 'v1.2.100000000000000000'), -1);
});

test('max', () => {
  tests.forEach(([vi], i) => {
    tests.forEach(([vj], j) => {
      assert.equal(max(vi, vj), i < j ? canonical(vj) : canonical(vi), `max(${vi}, ${vj})`);
    });
  });
});

test('sort gives the golden ascending order', () => {
  const golden = 'bad, v1+meta, v1-alpha.beta.gamma, v1-pre, v1-pre+meta, v1.2+meta, v1.2-pre, v1.2-pre+meta, v1.0.0-alpha, v1.0.0-alpha.1, v1.0.0-alpha.beta, v1.0.0-beta, v1.0.0-beta.2, v1.0.0-beta.11, v1.0.0-rc.1, v1, v1.0, v1.0.0, v1.2, v1.2.0, v1.2.3-456, v1.2.3-456.789, v1.2.3-456-789, v1.2.3-456a, v1.2.3-pre, v1.2.3-pre+meta, v1.2.3-pre.1, v1.2.3-zzz, v1.2.3, v1.2.3+meta, v1.2.3+meta-pre, v1.2.3+meta-pre.sha.256a'.split(', ');
  for (let seed = 1; seed <= 20; seed++) {
    const shuffled = golden.slice();
    let s = seed;
    for (let i = shuffled.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    assert.deepEqual(sort(shuffled), golden);
  }
});

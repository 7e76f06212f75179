// The catalogue is the product spec: every check has a unique ID and name, a doc page whose front
// matter agrees with its metadata and which has every section, and a table-driven test file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from '../src/checks/index.ts';
import { parseDocPage, REQUIRED_SECTIONS } from '../src/docs/pages.ts';
import { REPO_ROOT } from './helpers/sandbox.ts';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `GT${from + i}`);
/** The IDs the shipped families must contain (see docs/checks/README.md). */
const EXPECTED = [...range(101, 111), ...range(201, 215), ...range(301, 317), ...range(401, 406), ...range(501, 504)];

test('check IDs and names are unique', () => {
  const ids = allChecks.map((c) => c.id);
  const names = allChecks.map((c) => c.name);
  assert.deepEqual(ids.filter((x, i) => ids.indexOf(x) !== i), [], 'duplicate IDs');
  assert.deepEqual(names.filter((x, i) => names.indexOf(x) !== i), [], 'duplicate names');
});

test('every catalogue check of the shipped families is registered', () => {
  const ids = new Set(allChecks.map((c) => c.id));
  assert.deepEqual(EXPECTED.filter((id) => !ids.has(id)), []);
});

for (const check of allChecks) {
  test(`${check.id} has a doc page that agrees with its metadata`, () => {
    const file = join(REPO_ROOT, check.docs);
    assert.ok(existsSync(file), `missing ${check.docs}`);
    const page = parseDocPage(readFileSync(file, 'utf8'), check.docs);
    assert.equal(page.front.id, check.id);
    assert.equal(page.front.name, check.name);
    assert.equal(page.front.family, check.family);
    assert.equal(page.front.severity, check.severity);
    assert.equal(page.front.fixable, check.fixable);
    assert.match(page.body, new RegExp(`^# ${check.id} ${check.name}$`, 'm'));
    for (const s of REQUIRED_SECTIONS) assert.match(page.body, new RegExp(`^## ${s}$`, 'm'), `${check.docs} lacks "## ${s}"`);
  });

  test(`${check.id} has table-driven tests`, () => {
    const file = join(REPO_ROOT, 'test/checks', check.family, `${check.id}-${check.name}.test.ts`);
    assert.ok(existsSync(file), `missing ${file}`);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /checkCases\(/);
    assert.match(text, /fires:/);
    assert.match(text, /quiet:/);
  });
}

test('every doc page belongs to a registered check (or is marked retired)', () => {
  const ids = new Set(allChecks.map((c) => c.id));
  for (const name of readdirSync(join(REPO_ROOT, 'docs/checks'))) {
    if (!/^GT\d{3}\.md$/.test(name)) continue;
    const page = parseDocPage(readFileSync(join(REPO_ROOT, 'docs/checks', name), 'utf8'), name);
    assert.ok(ids.has(page.front.id) || page.front.status === 'retired', `${name} has no check`);
  }
});

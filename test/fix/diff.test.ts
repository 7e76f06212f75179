import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { unifiedDiff } from '../../src/fix/diff.ts';

const b = (s: string) => Buffer.from(s);
const labels = { oldLabel: 'a/.bashrc', newLabel: 'b/.bashrc' };

test('a one-line change with context', () => {
  const before = 'l1\nl2\nl3\nexport GOROOT=/opt/go\nl5\nl6\nl7\nl8\n';
  const after = 'l1\nl2\nl3\n# export GOROOT=/opt/go\nl5\nl6\nl7\nl8\n';
  assert.equal(unifiedDiff(b(before), b(after), labels), [
    '--- a/.bashrc', '+++ b/.bashrc', '@@ -1,7 +1,7 @@', ' l1', ' l2', ' l3', '-export GOROOT=/opt/go', '+# export GOROOT=/opt/go', ' l5', ' l6', ' l7', '',
  ].join('\n'));
});

test('equal files give no diff; a new file diffs against /dev/null', () => {
  assert.equal(unifiedDiff(b('x\n'), b('x\n'), labels), '');
  assert.equal(unifiedDiff(b(''), b('a\nb\n'), { oldLabel: '/dev/null', newLabel: 'b/x' }), '--- /dev/null\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n');
});

test('a missing final newline is marked as diff -u does', () => {
  assert.equal(unifiedDiff(b('a\nb'), b('a\nb\nc'), labels), '--- a/.bashrc\n+++ b/.bashrc\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n');
});

test('distant changes make separate hunks', () => {
  const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
  const changed = [...lines];
  changed[2] = 'changed 3';
  changed[25] = 'changed 26';
  const d = unifiedDiff(b(lines.join('\n') + '\n'), b(changed.join('\n') + '\n'), labels);
  assert.deepEqual(d.split('\n').filter((l) => l.startsWith('@@')), ['@@ -1,6 +1,6 @@', '@@ -23,7 +23,7 @@']);
});

/** Applies a unified diff to the old lines (a minimal `patch`), to check the diff is exact. */
function patch(before: string, diff: string): string {
  if (diff === '') return before;
  const old = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const oldNoEol = before !== '' && !before.endsWith('\n');
  const out: string[] = [];
  let pos = 0;
  let newNoEol = false;
  const lines = diff.replace(/\n$/, '').split('\n').slice(2);
  let last: string | null = null;
  for (const line of lines) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(line);
    if (h) {
      const start = Number(h[1]) - (h[2] === '0' ? 0 : 1);
      while (pos < start) out.push(old[pos++]!);
      last = null;
      continue;
    }
    if (line === '\\ No newline at end of file') { if (last === '+' || last === ' ') newNoEol = true; continue; }
    const kind = line[0];
    const text = line.slice(1);
    if (kind === ' ' || kind === '-') { assert.equal(old[pos], text, 'context/removed line must match'); pos++; }
    if (kind === ' ' || kind === '+') out.push(text);
    last = kind ?? null;
  }
  const tailStart = pos;
  while (pos < old.length) out.push(old[pos++]!);
  if (tailStart < old.length) newNoEol = oldNoEol;
  if (out.length === 0) return '';
  return out.join('\n') + (newNoEol ? '' : '\n');
}

test('property: patching the old text with the diff gives the new text', () => {
  const text = fc.array(fc.constantFrom('a', 'b', 'c', 'export GOROOT=/x', ''), { maxLength: 25 }).chain((lines) => fc.boolean().map((eol) => {
    const s = lines.join('\n');
    return s === '' ? '' : eol ? s + '\n' : s;
  }));
  fc.assert(fc.property(text, text, (before, after) => {
    const d = unifiedDiff(b(before), b(after), labels);
    assert.equal(patch(before, d), after, d);
  }), { numRuns: 1000 });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseConfigText, parseSuppressFlag, ConfigError, loadYaml } from '../../src/engine/config.ts';

await loadYaml();

test('reads failOn and suppressions with their origin line', () => {
  const cfg = parseConfigText('failOn: warning\nsuppress:\n  - id: gt201\n    reason: shared GOPATH\n', '.gotune.yaml');
  assert.equal(cfg.failOn, 'warning');
  assert.deepEqual(cfg.suppressions, [{ id: 'GT201', reason: 'shared GOPATH', origin: '.gotune.yaml:3' }]);
});

test('errors name the file, line and column', () => {
  const cases: [string, RegExp][] = [
    ['failOn: sometimes\n', /^\.gotune\.yaml:1:9: failOn must be/],
    ['suppress:\n  - id: GT201\n', /^\.gotune\.yaml:2:5: suppression of GT201 needs a reason/],
    ['suppress:\n  - id: nope\n    reason: x\n', /^\.gotune\.yaml:2:5: suppression id must be GTnnn/],
    ['colour: red\n', /^\.gotune\.yaml:1:9: unknown key "colour"/],
    ['suppress: [\n', /^\.gotune\.yaml:\d+:\d+: /],
    ['- a\n- b\n', /^\.gotune\.yaml:1:1: expected a mapping/],
  ];
  for (const [text, re] of cases) assert.throws(() => parseConfigText(text, '.gotune.yaml'), (e: unknown) => e instanceof ConfigError && re.test(e.message), text);
});

test('--suppress needs a reason', () => {
  assert.deepEqual(parseSuppressFlag('GT104=we pin GOROOT'), { id: 'GT104', reason: 'we pin GOROOT', origin: '--suppress' });
  assert.throws(() => parseSuppressFlag('GT104'), /ID=REASON/);
  assert.throws(() => parseSuppressFlag('GT104='), /ID=REASON/);
});

test('hostile config text only ever gives a ConfigError', () => {
  fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
    try { parseConfigText(text, 'c.yaml'); } catch (e) { if (!(e instanceof ConfigError)) throw e; }
  }), { numRuns: 1500 });
});

// The published entry points (package.json "exports") load from the built files and work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/sandbox.ts';

test('gotune/gomod exports the formats library from dist/gomod.mjs', async () => {
  const m = await import(join(REPO_ROOT, 'dist/gomod.mjs'));
  for (const name of ['parseGoMod', 'parseGoSum', 'parseGoWork', 'escapePath', 'compare', 'hashZip', 'hashDir', 'hashGoMod', 'openModuleZip', 'verifyLookup', 'parseGoproxy', 'matchPrefixPatterns', 'parseGoflags', 'parseGosumdb']) {
    assert.equal(typeof m[name], 'function', name);
  }
  assert.equal(m.escapePath('github.com/BurntSushi/toml'), 'github.com/!burnt!sushi/toml');
  assert.equal(m.matchPrefixPatterns('corp.example, other.example', 'other.example/x'), false);
  assert.equal(m.hashGoMod('module example.com/m\n'), m.hashGoMod(Buffer.from('module example.com/m\n')));
});

test('gotune exports the doctor pipeline from dist/lib.mjs', async () => {
  const m = await import(join(REPO_ROOT, 'dist/lib.mjs'));
  assert.ok(m.allChecks.length >= 53);
  assert.equal(typeof m.gatherFacts, 'function');
  assert.equal(typeof m.gomod.parseGoMod, 'function');
});

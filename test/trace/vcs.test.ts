import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { parseGoImport, findRepo, timeLsRemote } from '../../src/trace/vcs.ts';

test('go-import meta tags are read from the head only', () => {
  const html = `<html><head><meta name="go-import" content="corp.example/lib git https://git.corp.example/lib.git">
  <meta name='go-import' content='corp.example/other mod https://proxy.corp.example'></head>
  <body><meta name="go-import" content="corp.example/late git https://evil.example/late"></body></html>`;
  assert.deepEqual(parseGoImport(html), [
    { prefix: 'corp.example/lib', vcs: 'git', url: 'https://git.corp.example/lib.git' },
    { prefix: 'corp.example/other', vcs: 'mod', url: 'https://proxy.corp.example' },
  ]);
  fc.assert(fc.property(fc.string({ maxLength: 500 }), (s) => { parseGoImport(s); }), { numRuns: 1000 });
});

test('the big code hosts need no lookup', async () => {
  const r = await findRepo('github.com/spf13/cobra/doc');
  assert.deepEqual(r, { prefix: 'github.com/spf13/cobra', vcs: 'git', url: 'https://github.com/spf13/cobra', via: 'static', lookupMs: 0 });
});

test('git ls-remote is timed against a repository, and failures are reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gotune-vcs-'));
  try {
    const repo = join(dir, 'repo');
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'x']);
    execFileSync('git', ['-C', repo, 'tag', 'v1.0.0']);
    const ok = await timeLsRemote(`file://${repo}`);
    assert.equal(ok.ok, true, ok.error ?? '');
    assert.ok(ok.refs >= 2);
    const bad = await timeLsRemote(`file://${join(dir, 'missing')}`);
    assert.equal(bad.ok, false);
    assert.ok(bad.error);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

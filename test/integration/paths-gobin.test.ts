// GT207 with the real go: `go install` puts a binary in GOPATH/bin (or GOBIN), the shell cannot
// find it by name, gotune reports it; with the directory on PATH it is found and gotune is quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runChecks } from '../../src/engine/runner.ts';
import { pathsChecks } from '../../src/checks/paths/index.ts';
import type { Finding, FileChange } from '../../src/engine/types.ts';

/** Generous budgets: on a loaded machine a slow `go env` must not turn into missing facts. */
const GATHER = { goEnvTimeoutMs: 60_000, gathererTimeoutMs: 30_000 };
/** A build cache shared by the sandboxes (through the default XDG_CACHE_HOME/go-build), so builds stay warm. */
const SHARED_XDG_CACHE = join(tmpdir(), 'gotune-test-xdg-cache');

async function gt207(sb: Sandbox): Promise<Finding[]> {
  return (await runChecks(pathsChecks, await sb.gather({ ...GATHER, testLocking: false }), { only: ['GT207'] })).flatMap((r) => r.findings);
}

function sh(sb: Sandbox, script: string) {
  return spawnSync('/bin/sh', ['-c', script], { cwd: sb.project, env: sb.env, encoding: 'utf8' });
}

/** Applies a FileChange the way the fix engine does: check the hash, splice the edits. */
function applyChange(change: FileChange): void {
  const original = existsSync(change.file) ? readFileSync(change.file) : Buffer.alloc(0);
  assert.equal(createHash('sha256').update(original).digest('hex'), change.originalSha256);
  let out = original.toString('utf8');
  for (const e of [...change.edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  writeFileSync(change.file, out);
}

test('GT207: GOPATH/bin not on PATH — the installed tool is not found; on PATH it is', async () => {
  const sb = makeSandbox({ env: { XDG_CACHE_HOME: SHARED_XDG_CACHE } });
  try {
    sb.write('project/go.mod', 'module example.com/hello\n\ngo 1.21\n');
    sb.write('project/main.go', 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from go install") }\n');
    const r = sb.go(['install', '.']);
    assert.equal(r.status, 0, r.stderr);
    const gobin = join(sb.home, 'go', 'bin');
    assert.ok(existsSync(join(gobin, 'hello')), 'go install wrote GOPATH/bin/hello');
    const missing = sh(sb, 'hello');
    assert.equal(missing.status, 127);
    assert.match(missing.stderr, /hello: not found/);

    const [f, ...rest] = await gt207(sb);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.match(f!.message, new RegExp(`puts binaries in ${gobin} \\(GOPATH/bin, as GOBIN is not set\\), but that directory is not on PATH`));

    // The fix: ~/.bashrc does not exist in the sandbox, so it is created with the marked block.
    const change = f!.fix!.files![0]!;
    assert.equal(change.file, join(sb.home, '.bashrc'));
    assert.equal(change.create, true);
    applyChange(change);
    assert.match(readFileSync(change.file, 'utf8'), /^# >>> gotune: GOBIN on PATH >>>\n[\s\S]*\n# <<< gotune <<<\n$/);
    const viaBash = spawnSync('bash', ['-c', `. ${change.file}; . ${change.file}; echo "$PATH"; hello`], { env: sb.env, encoding: 'utf8' });
    const [pathAfter, out] = viaBash.stdout.trim().split('\n');
    assert.equal(out, 'hello from go install');
    assert.equal(pathAfter!.split(':').filter((d) => d === gobin).length, 1, 'sourcing twice adds the directory once');

    // Idempotent: gathered again (this shell's PATH still lacks it), the block is recognised and not proposed twice.
    const [again] = await gt207(sb);
    assert.equal(again!.fix, null);
    assert.match(again!.message, /\.bashrc:\d+ adds it to PATH, but this environment's PATH does not have it/);

    // The same with an existing file that has content: the block is appended after it.
    writeFileSync(change.file, 'alias ll="ls -l"');
    const [append] = await gt207(sb);
    const edit = append!.fix!.files![0]!;
    assert.equal(edit.create, undefined);
    applyChange(edit);
    const appended = readFileSync(change.file, 'utf8');
    assert.ok(appended.startsWith('alias ll="ls -l"\n# >>> gotune: GOBIN on PATH >>>'), appended);
    assert.equal(spawnSync('bash', ['-c', `. ${change.file}; hello`], { env: sb.env, encoding: 'utf8' }).stdout.trim(), 'hello from go install');

    sb.env['PATH'] = `${sb.env['PATH']}:${gobin}`;
    assert.equal(sh(sb, 'hello').stdout.trim(), 'hello from go install');
    assert.deepEqual(await gt207(sb), []);
  } finally { sb.cleanup(); }
});

test('GT207: GOBIN set elsewhere — go install writes there, gotune names GOBIN', async () => {
  const sb = makeSandbox({ env: { XDG_CACHE_HOME: SHARED_XDG_CACHE } });
  try {
    sb.write('project/go.mod', 'module example.com/hello\n\ngo 1.21\n');
    sb.write('project/main.go', 'package main\n\nfunc main() {}\n');
    sb.env['GOBIN'] = join(sb.root, 'tools');
    assert.equal(sb.go(['install', '.']).status, 0);
    assert.ok(existsSync(join(sb.root, 'tools', 'hello')));
    const [f] = await gt207(sb);
    assert.match(f!.message, /\(GOBIN\)/);
    assert.equal(f!.data?.['dir'], join(sb.root, 'tools'));
  } finally { sb.cleanup(); }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFixCommand, type FixCommandOptions, type FixIo } from '../../src/cli/fix.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { defineCheck } from '../../src/engine/define.ts';
import { runChecks } from '../../src/engine/runner.ts';
import type { CheckDefinition } from '../../src/engine/types.ts';
import type { Asker } from '../../src/fix/prompt.ts';
import { makeFacts } from '../helpers/facts.ts';
import { commentOut, scratch, type Scratch } from './fix-helpers.ts';

// Checks built like real ones, except that they read the test's files directly: a safe fix, a
// suggestion and a choice, each present only while the file still needs it.
function testChecks(s: Scratch): CheckDefinition[] {
  const rc = s.path('.bashrc');
  const profile = s.path('.profile');
  return [
    defineCheck({ id: 'GT103', name: 'goroot-set', family: 'toolchain', severity: 'warning', summary: 'GOROOT set', fixable: true, run(_f, ctx) {
      if (/^export GOROOT/m.test(readFileSync(rc, 'utf8'))) ctx.report({ message: 'GOROOT is set in ~/.bashrc', source: { kind: 'env', description: 'process environment' }, fix: { description: 'Comment out the GOROOT line.', safe: true, files: [commentOut(rc, 'export GOROOT')] } });
    } }),
    defineCheck({ id: 'GT201', name: 'gopath-explicit', family: 'paths', severity: 'info', summary: 'GOPATH set', fixable: true, run(_f, ctx) {
      if (/^export GOPATH/m.test(readFileSync(profile, 'utf8'))) ctx.report({ message: 'GOPATH is set in ~/.profile', fix: { description: 'Remove GOPATH (moves the module cache).', safe: false, files: [commentOut(profile, 'export GOPATH')] } });
    } }),
    defineCheck({ id: 'GT401', name: 'env-shadows-file', family: 'sources', severity: 'warning', summary: 'env vs file', fixable: true, run(_f, ctx) {
      const text = readFileSync(profile, 'utf8');
      if (/^export GOFLAGS/m.test(text)) ctx.report({ message: 'GOFLAGS differs', fix: { description: 'Make them agree.', safe: true, choices: [
        { label: 'the environment wins', fix: { description: 'keep env', safe: true, files: [commentOut(profile, 'export GOFLAGS', '#env-wins ')] } },
        { label: 'the file wins', fix: { description: 'keep file', safe: true, files: [commentOut(profile, 'export GOFLAGS', '#file-wins ')] } },
      ] } });
    } }),
  ];
}

interface Harness {
  s: Scratch;
  out: string[];
  run(opts: FixCommandOptions, io?: Partial<FixIo>): Promise<number>;
}

const RC = 'alias ll="ls -l"\nexport GOROOT=/opt/go\n';
const PROFILE = 'export GOPATH=/data/go\nexport GOFLAGS=-mod=mod\n';

function harness(t: { after(fn: () => void): void }): Harness {
  const s = scratch();
  t.after(() => s.cleanup());
  writeFileSync(s.path('.bashrc'), RC);
  writeFileSync(s.path('.profile'), PROFILE);
  const checks = testChecks(s);
  const out: string[] = [];
  return {
    s, out,
    run(opts, io = {}) {
      out.length = 0;
      const base: FixIo = {
        env: { HOME: s.dir, XDG_STATE_HOME: s.path('state'), PATH: '/usr/bin:/bin' },
        cwd: s.dir,
        stdout: (x) => { out.push(x); },
        stderr: (x) => { out.push(x); },
        stdinIsTTY: false,
        stdoutIsTTY: false,
        diagnose: async (_dir, only) => ({ facts: makeFacts({ user: { home: s.dir } }), results: await runChecks(checks, makeFacts(), only ? { only } : {}) }),
      };
      return runFixCommand(undefined, opts, { ...base, ...io });
    },
  };
}

function scripted(answers: string[]): () => Asker {
  return () => ({ ask: async () => answers.shift() ?? null, close() {} });
}

test('dry run: a diff per file and the fixes grouped per finding; nothing written', async (t) => {
  const h = harness(t);
  const code = await h.run({});
  assert.equal(code, 0);
  const text = h.out.join('');
  assert.match(text, /\[1\] GT103 goroot-set warning: GOROOT is set in ~\/.bashrc\n  safe fix: Comment out the GOROOT line.\n  edit ~\/.bashrc\n    --- ~\/.bashrc\n    \+\+\+ ~\/.bashrc\n    @@ -1,2 \+1,2 @@\n     alias ll="ls -l"\n    -export GOROOT=\/opt\/go\n    \+# export GOROOT=\/opt\/go/);
  assert.match(text, /\[2\] GT201 .*\n  suggestion \(not applied by --yes alone\)/);
  assert.match(text, /\[3\] GT401 .*\n  choose one .*\n  1\) the environment wins\n.*\n/);
  assert.match(text, /3 fixes \(1 safe, 2 needing a decision\)\. Nothing was changed\./);
  assert.doesNotMatch(text, /\x1b\[/, 'no colour without a terminal');
  assert.equal(readFileSync(h.s.path('.bashrc'), 'utf8'), RC);
  assert.equal(readFileSync(h.s.path('.profile'), 'utf8'), PROFILE);
  assert.ok(!existsSync(h.s.path('state')), 'a preview records nothing');
});

test('dry run --json', async (t) => {
  const h = harness(t);
  await h.run({ json: true });
  const j = JSON.parse(h.out.join('')) as { mode: string; fixes: { id: string; kind: string; fix: { files?: { diff: string }[]; choices?: unknown[] } }[] };
  assert.equal(j.mode, 'preview');
  assert.deepEqual(j.fixes.map((f) => [f.id, f.kind]), [['GT103', 'safe'], ['GT201', 'suggestion'], ['GT401', 'choice']]);
  assert.match(j.fixes[0]!.fix.files![0]!.diff, /\+# export GOROOT/);
  assert.equal(j.fixes[2]!.fix.choices!.length, 2);
});

test('colour only on a terminal, and never with NO_COLOR', async (t) => {
  const h = harness(t);
  await h.run({}, { stdoutIsTTY: true });
  assert.match(h.out.join(''), /\x1b\[/);
  await h.run({}, { stdoutIsTTY: true, env: { HOME: h.s.dir, NO_COLOR: '1' } });
  assert.doesNotMatch(h.out.join(''), /\x1b\[/);
});

test('--apply without a terminal needs --yes (exit 2, clear message)', async (t) => {
  const h = harness(t);
  await assert.rejects(h.run({ apply: true }), (e: Error) => e instanceof UsageError && /--apply needs --yes here \(there is no terminal to ask on\)/.test(e.message));
  await assert.rejects(h.run({ apply: true }, { stdinIsTTY: true, stdoutIsTTY: true, env: { HOME: h.s.dir, CI: 'true' }, asker: scripted(['y']) }), (e: Error) => e instanceof UsageError && /CI is set/.test(e.message));
  assert.equal(readFileSync(h.s.path('.bashrc'), 'utf8'), RC);
});

test('--apply --yes: safe fixes and the safe first alternative of a choice; suggestions listed as not applied; re-check; undo; history', async (t) => {
  const h = harness(t);
  const code = await h.run({ apply: true, yes: true });
  const text = h.out.join('');
  assert.equal(code, 0, text);
  assert.match(text, /applied {3}GT103 Comment out the GOROOT line\./);
  assert.match(text, /applied {3}GT401 keep env/);
  assert.match(text, /Not applied:\n  GT201 GOPATH is set in ~\/.profile — a suggestion: run on a terminal to confirm it, or add --accept-suggestions\n\n/);
  assert.match(text, /Checked again:\n  gone {6}GT103 GOROOT is set in ~\/.bashrc/);
  assert.equal(readFileSync(h.s.path('.bashrc'), 'utf8'), 'alias ll="ls -l"\n# export GOROOT=/opt/go\n');
  assert.equal(readFileSync(h.s.path('.profile'), 'utf8'), 'export GOPATH=/data/go\n#env-wins export GOFLAGS=-mod=mod\n');
  const runId = /Recorded as run (\S+) \(applied\)/.exec(text)?.[1];
  assert.ok(runId, text);

  // Idempotent: nothing left for --yes to do.
  assert.equal(await h.run({ apply: true, yes: true }), 0);
  assert.match(h.out.join(''), /Nothing was changed|Not applied/);
  assert.doesNotMatch(h.out.join(''), /GT103/);

  assert.equal(await h.run({ history: true }), 0);
  assert.match(h.out.join(''), new RegExp(`${runId}  applied {4}  \\S+  GT103, GT401  \\(2 files, 0 commands\\)`));

  assert.equal(await h.run({ undo: true }), 0);
  assert.match(h.out.join(''), /restored  .*\.bashrc\n\nRun \S+ undone\./);
  assert.equal(readFileSync(h.s.path('.bashrc'), 'utf8'), RC);

  await h.run({ history: true });
  assert.match(h.out.join(''), /undone/);
  await assert.rejects(h.run({ undo: true }), (e: Error) => e instanceof UsageError && /nothing to undo/.test(e.message));
});

test('--apply --yes --accept-suggestions also applies suggestions and the first alternative', async (t) => {
  const h = harness(t);
  assert.equal(await h.run({ apply: true, yes: true, acceptSuggestions: true }), 0);
  assert.equal(readFileSync(h.s.path('.profile'), 'utf8'), '# export GOPATH=/data/go\n#env-wins export GOFLAGS=-mod=mod\n');
});

test('on a terminal: asks per fix; y / n / a number for a choice', async (t) => {
  const h = harness(t);
  const code = await h.run({ apply: true }, { stdinIsTTY: true, stdoutIsTTY: true, env: { HOME: h.s.dir, XDG_STATE_HOME: h.s.path('state'), NO_COLOR: '1' }, asker: scripted(['y', 'n', '2']) });
  assert.equal(code, 0);
  const text = h.out.join('');
  assert.match(text, /Not applied:\n  GT201 GOPATH is set in ~\/.profile — declined/);
  assert.equal(readFileSync(h.s.path('.bashrc'), 'utf8'), 'alias ll="ls -l"\n# export GOROOT=/opt/go\n');
  assert.equal(readFileSync(h.s.path('.profile'), 'utf8'), 'export GOPATH=/data/go\n#file-wins export GOFLAGS=-mod=mod\n');
});

test('--only limits the run to the named checks', async (t) => {
  const h = harness(t);
  await h.run({ only: ['gt201'] });
  const text = h.out.join('');
  assert.match(text, /GT201/);
  assert.doesNotMatch(text, /GT103|GT401/);
});

test('a file edited between preview and apply is reported and exit status is 1', async (t) => {
  const h = harness(t);
  const io: Partial<FixIo> = {
    diagnose: async () => {
      const results = await runChecks(testChecks(h.s), makeFacts(), { only: ['GT103'] });
      writeFileSync(h.s.path('.bashrc'), RC + 'export EDITOR=vi\n');
      return { facts: makeFacts(), results };
    },
  };
  const code = await h.run({ apply: true, yes: true }, io);
  assert.equal(code, 1);
  assert.match(h.out.join(''), /skipped {3}GT103 .*\n {10}.*\.bashrc changed since it was analysed/);
});

test('contradictory flags are usage errors', async (t) => {
  const h = harness(t);
  await assert.rejects(h.run({ apply: true, undo: true }), UsageError);
  await assert.rejects(h.run({ yes: true }), UsageError);
  await assert.rejects(h.run({ apply: true, acceptSuggestions: true }), UsageError);
  await assert.rejects(h.run({ undo: 'nope' }), (e: Error) => e instanceof UsageError && /no recorded run nope/.test(e.message));
});

test('the state directory falls back to ~/.local/state/gotune', async (t) => {
  const h = harness(t);
  await h.run({ apply: true, yes: true }, { env: { HOME: h.s.dir } });
  assert.ok(existsSync(join(h.s.dir, '.local/state/gotune/runs')));
});

test('secrets in context lines and commands never reach the output', async (t) => {
  const s = scratch();
  t.after(() => s.cleanup());
  const rc = s.path('.bashrc');
  writeFileSync(rc, 'export GITHUB_TOKEN=ghp_verysecret\nexport GOROOT=/opt/go\n');
  const check = defineCheck({ id: 'GT301', name: 'goproxy-broken', family: 'network', severity: 'warning', summary: 's', fixable: true, run(_f, ctx) {
    ctx.report({ message: 'proxy', fix: { description: 'reset', safe: true, files: [commentOut(rc, 'export GOROOT')], commands: [{ argv: ['go', 'env', '-w', 'GOPROXY=https://user:hunter2@proxy.example.com'], description: 'set GOPROXY' }] } });
  } });
  const out: string[] = [];
  const io: FixIo = {
    env: { HOME: s.dir, XDG_STATE_HOME: s.path('state') }, cwd: s.dir, stdout: (x) => { out.push(x); }, stderr: (x) => { out.push(x); },
    stdinIsTTY: false, stdoutIsTTY: false,
    diagnose: async () => ({ facts: makeFacts(), results: await runChecks([check], makeFacts()) }),
  };
  await runFixCommand(undefined, {}, io);
  await runFixCommand(undefined, { json: true }, io);
  const text = out.join('');
  assert.doesNotMatch(text, /ghp_verysecret|hunter2/);
  assert.match(text, /GITHUB_TOKEN=\[REDACTED\]/);
});

test('--history --json lists runs newest first without recorded values', async (t) => {
  const h = harness(t);
  await h.run({ apply: true, yes: true });
  await h.run({ history: true, json: true });
  const j = JSON.parse(h.out.join('')) as { runs: { id: string; status: string; fixes: { findingId: string; state: string }[]; files: { path: string; state: string }[] }[] };
  assert.equal(j.runs.length, 1);
  assert.equal(j.runs[0]!.status, 'applied');
  assert.deepEqual(j.runs[0]!.fixes.map((f) => [f.findingId, f.state]), [['GT103', 'applied'], ['GT401', 'applied']]);
  assert.deepEqual(j.runs[0]!.files.map((f) => f.state), ['written', 'written']);
});

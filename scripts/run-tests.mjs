#!/usr/bin/env node
// Runs the test files listed in test/lists/<suite>/*.txt through node:test with tsx.
// Lists are explicit so that a forgotten or renamed file fails the run instead of silently
// shrinking it; every *.test.ts file must appear in exactly one list, and an empty run fails.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
let suite = 'default';
const extra = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--suite') suite = args[++i];
  else extra.push(args[i]);
}

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

function readLists(s) {
  const dir = join(root, 'test/lists', s);
  if (!existsSync(dir)) return [];
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.txt')) continue;
    for (const raw of readFileSync(join(dir, name), 'utf8').split('\n')) {
      const line = raw.trim();
      if (line && !line.startsWith('#')) files.push(line);
    }
  }
  return files;
}

const suites = readdirSync(join(root, 'test/lists')).filter((d) => statSync(join(root, 'test/lists', d)).isDirectory());
const listed = new Map();
for (const s of suites) for (const f of readLists(s)) {
  if (listed.has(f)) { console.error(`test list error: ${f} is listed twice (${listed.get(f)}, ${s})`); process.exit(2); }
  listed.set(f, s);
}
const problems = [];
for (const f of listFiles(join(root, 'test'))) if (!listed.has(f)) problems.push(`not listed in any test/lists/*/ file: ${f}`);
for (const f of listed.keys()) if (!existsSync(join(root, f))) problems.push(`listed but missing: ${f}`);
if (problems.length) { console.error(problems.join('\n')); process.exit(2); }

const files = [...listed].filter(([, s]) => s === suite).map(([f]) => f);
if (files.length === 0) { console.error(`no test files listed for suite "${suite}"`); process.exit(2); }

// Integration tests run the bundled CLI, so build it first (esbuild takes well under a second).
const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (b.status !== 0) { console.error('build failed'); process.exit(2); }

// The long suite's kill loops and WAN-link timings need the machine to themselves: one file at a time.
const concurrency = process.env.GOTUNE_TEST_CONCURRENCY ?? (suite === 'long' ? '1' : '2');
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...extra, ...files], {
  cwd: root, stdio: 'inherit', env: { ...process.env, GOTUNE_TEST_SUITE: suite },
});
process.exit(r.status ?? 2);

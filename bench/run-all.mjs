#!/usr/bin/env node
// Runs every benchmark script under bench/ (not tests: they print figures, they do not fail on a slow machine).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const scripts = readdirSync(dir).filter((f) => /\.(mjs|ts)$/.test(f) && !/(^|-)lib\.mjs$/.test(f) && f !== 'run-all.mjs' && !f.startsWith('_'));
for (const s of scripts) {
  if (only.length && !only.some((o) => s.startsWith(o))) continue;
  const args = s.endsWith('.ts') ? ['--import', 'tsx', join(dir, s)] : [join(dir, s)];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}

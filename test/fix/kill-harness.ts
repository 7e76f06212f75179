// The kill loop: run the fix engine in a child process, kill -9 it at a random moment, and check
// that every file holds exactly its old or its new content and that undo still restores all of it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { FixRequest } from '../../src/fix/apply.ts';
import { applyEdits, sha256 } from '../../src/fix/edits.ts';
import { undoRun, UndoError } from '../../src/fix/undo.ts';
import { buildSync } from 'esbuild';
import { scratch } from './fix-helpers.ts';

const CHILD = new URL('./fixtures/kill-child.ts', import.meta.url).pathname;
const GO = process.env['GOTUNE_TEST_GOROOT'] ? join(process.env['GOTUNE_TEST_GOROOT'], 'bin/go') : '/usr/local/go/bin/go';

interface Scenario {
  files: { path: string; old: Buffer; new: Buffer }[];
  envFile: string | null;
  envOld: Buffer | null;
  requests: FixRequest[];
  env: Record<string, string>;
}

function dotfile(i: number, bytes: number): Buffer {
  const lines: string[] = [];
  let n = 0;
  for (let k = 0; n < bytes; k++) {
    const line = k === 7 ? 'export GOROOT=/opt/go-wrong' : `# file ${i} line ${k}: ${'x'.repeat(k % 60)}`;
    lines.push(line);
    n += line.length + 1;
  }
  const eol = i % 3 === 0 ? '\r\n' : '\n';
  return Buffer.from(lines.join(eol) + (i % 4 === 0 ? '' : eol));
}

function buildScenario(dir: string, fileCount: number, fileBytes: number): Scenario {
  const files: Scenario['files'] = [];
  const requests: FixRequest[] = [];
  for (let i = 0; i < fileCount; i++) {
    const path = join(dir, `dotfile-${i}`);
    const old = dotfile(i, fileBytes);
    writeFileSync(path, old);
    const at = old.indexOf('export GOROOT');
    const edits = [
      { file: path, offset: at, length: 0, newText: '# disabled by gotune fix\n# ' },
      { file: path, offset: old.length, length: 0, newText: '\n# >>> gotune >>>\nexport PATH="$PATH:$HOME/go/bin"\n# <<< gotune <<<\n' },
    ];
    files.push({ path, old, new: applyEdits(old, edits) });
    requests.push({ findingId: 'GT103', message: `GOROOT set in dotfile-${i}`, fix: { description: 'comment out GOROOT', safe: true, files: [{ file: path, originalSha256: sha256(old), edits }] } });
  }
  const env: Record<string, string> = { HOME: dir, PATH: '/usr/bin:/bin' };
  let envFile: string | null = null;
  let envOld: Buffer | null = null;
  if (existsSync(GO)) {
    envFile = join(dir, 'go-env');
    envOld = Buffer.from('GOFLAGS=-mod=mod\nGOROOT=/opt/go-wrong\nGOPRIVATE=example.com\n');
    writeFileSync(envFile, envOld);
    env['GOENV'] = envFile;
    requests.push({ findingId: 'GT406', message: 'GOROOT in the env file', fix: { description: 'go env -u GOROOT', safe: true, commands: [{ argv: ['go', 'env', '-u', 'GOROOT'], env: { GOROOT: join(GO, '..', '..') }, description: 'remove GOROOT' }] } });
  }
  return { files, envFile, envOld, requests, env };
}

interface ChildRun {
  /** Milliseconds from "ready" to exit (when not killed). */
  duration: number;
  killed: boolean;
  output: string;
}

/** The child bundled to plain JavaScript once, so each of the many child processes starts quickly. */
function bundleChild(outDir: string): string {
  const outfile = join(outDir, 'kill-child.mjs');
  buildSync({ entryPoints: [CHILD], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'error' });
  return outfile;
}

/**
 * Runs the child; kills it (SIGKILL) `killAfterMs` after it reports ready — or, with `watchDir`,
 * after the first file in that directory is replaced — unless it exits first.
 */
function runChild(script: string, specPath: string, killAfterMs: number | null, watchDir?: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const armKill = () => {
      if (killAfterMs === null || timer) return;
      timer = setTimeout(() => {
        if (child.exitCode === null) { killed = true; child.kill('SIGKILL'); }
      }, killAfterMs);
    };
    const watcher = watchDir ? watch(watchDir, (_event, name) => { if (name && /^dotfile-\d+$/.test(String(name))) armKill(); }) : null;
    // Its own process group, so we can wait for an orphaned `go env -w` to finish after the kill.
    const child = spawn(process.execPath, [script, specPath], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let readyAt = 0;
    let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (!readyAt && output.includes('ready\n')) {
        readyAt = performance.now();
        if (!watchDir) armKill();
      }
    });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    child.on('error', reject);
    child.on('exit', () => {
      watcher?.close();
      clearTimeout(timer);
      const pgid = child.pid!;
      const waitGroup = () => {
        try { process.kill(-pgid, 0); } catch { resolve({ duration: performance.now() - readyAt, killed, output }); return; }
        setTimeout(waitGroup, 5);
      };
      waitGroup();
    });
  });
}

type FileState = 'old' | 'new';

function checkFiles(sc: Scenario): FileState[] {
  return sc.files.map((f) => {
    const now = readFileSync(f.path);
    if (now.equals(f.old)) return 'old';
    if (now.equals(f.new)) return 'new';
    assert.fail(`${f.path} is neither its old nor its new content (${now.length} bytes; old ${f.old.length}, new ${f.new.length})`);
  });
}

function checkEnvFile(sc: Scenario): void {
  if (!sc.envFile || !sc.envOld) return;
  const now = readFileSync(sc.envFile, 'utf8');
  const lines = now.split('\n').filter(Boolean).sort();
  const oldLines = sc.envOld.toString().split('\n').filter(Boolean).sort();
  const newLines = oldLines.filter((l) => !l.startsWith('GOROOT='));
  assert.ok(JSON.stringify(lines) === JSON.stringify(oldLines) || JSON.stringify(lines) === JSON.stringify(newLines), `env file is neither old nor new: ${JSON.stringify(now)}`);
}

function leftoverTemps(sc: Scenario): string[] {
  const dir = join(sc.files[0]!.path, '..');
  return readdirSync(dir).filter((n) => n.includes('.gotune-') && n.endsWith('.tmp'));
}

export async function killLoop(t: TestContext, iterations: number, opts: { files?: number; fileBytes?: number } = {}): Promise<void> {
  const s = scratch('gotune-kill-');
  t.after(() => s.cleanup());
  const sc = buildScenario(s.dir, opts.files ?? 30, opts.fileBytes ?? 192 * 1024);
  const applySpec = join(s.dir, 'apply.json');
  const undoSpec = join(s.dir, 'undo.json');
  const common = { stateDir: s.state, env: sc.env, goBinary: existsSync(GO) ? GO : null };
  writeFileSync(applySpec, JSON.stringify({ mode: 'apply', requests: sc.requests, ...common }));
  writeFileSync(undoSpec, JSON.stringify({ mode: 'undo', requests: [], ...common }));
  const script = bundleChild(s.dir);

  // Calibrate: how long a whole apply and undo take here, so kills land anywhere inside them.
  const full = await runChild(script, applySpec, null);
  assert.match(full.output, /done applied/, full.output);
  assert.deepEqual(checkFiles(sc), sc.files.map(() => 'new'));
  const fullUndo = await runChild(script, undoSpec, null);
  assert.match(fullUndo.output, /done undone/, fullUndo.output);
  assert.deepEqual(checkFiles(sc), sc.files.map(() => 'old'));
  t.diagnostic(`calibration: apply ${full.duration.toFixed(0)} ms, undo ${fullUndo.duration.toFixed(0)} ms for ${sc.files.length} files`);

  const tally = { applyKilledBefore: 0, applyKilledMidway: 0, applyKilledAfter: 0, applyFinished: 0, undoKilled: 0, undoFinished: 0 };
  for (let i = 0; i < iterations; i++) {
    // Half the kills at any moment of the run; half while files are being replaced (after the
    // first one is), the window that matters most and that timing alone hits rarely.
    const a = i % 2
      ? await runChild(script, applySpec, Math.random() * full.duration * 0.4, s.dir)
      : await runChild(script, applySpec, Math.random() * full.duration);
    const states = checkFiles(sc);
    checkEnvFile(sc);
    if (!a.killed) tally.applyFinished++;
    else if (states.every((x) => x === 'old')) tally.applyKilledBefore++;
    else if (states.every((x) => x === 'new')) tally.applyKilledAfter++;
    else tally.applyKilledMidway++;

    // Undo may be killed too; running it again must finish the job.
    const u = await runChild(script, undoSpec, Math.random() * fullUndo.duration);
    if (u.killed) tally.undoKilled++; else tally.undoFinished++;
    checkFiles(sc);
    checkEnvFile(sc);
    try {
      const r = undoRun({ stateDir: s.state, env: sc.env, goBinary: common.goBinary });
      assert.equal(r.status, 'undone', JSON.stringify(r));
    } catch (e) {
      // The killed undo (or an apply killed before its manifest) may have left nothing to undo.
      if (!(e instanceof UndoError && /nothing to undo/.test(e.message))) throw e;
    }
    assert.deepEqual(checkFiles(sc), sc.files.map(() => 'old'), `iteration ${i}: undo restores every file`);
    if (sc.envFile && sc.envOld) assert.deepEqual(readFileSync(sc.envFile), sc.envOld, `iteration ${i}: the env file is byte-identical`);
    assert.deepEqual(leftoverTemps(sc), [], `iteration ${i}: no temporary files left next to the dotfiles`);
  }
  t.diagnostic(`kill loop: ${iterations} iterations; apply killed before any change ${tally.applyKilledBefore}, midway (some files old, some new) ${tally.applyKilledMidway}, after all files ${tally.applyKilledAfter}, finished ${tally.applyFinished}; undo killed ${tally.undoKilled}, finished ${tally.undoFinished}`);
}

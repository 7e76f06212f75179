// Shell startup files read by real shells: what bash (and zsh/fish when installed) really export,
// and whether gotune attributes the live value to the right file and line (GT403).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, GO_MAIN_ROOT, REPO_ROOT, type Sandbox } from '../helpers/sandbox.ts';
import { runChecks } from '../../src/engine/runner.ts';
import type { FileChange } from '../../src/engine/types.ts';
import GT403 from '../../src/checks/sources/GT403-shell-startup-exports.ts';

const hasGo = existsSync(join(GO_MAIN_ROOT, 'bin', 'go'));
const which = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
const BASH = which('bash');
const ZSH = which('zsh');
const FISH = which('fish');

/** Runs a command in a real shell with the sandbox environment (interactive or login). */
function shell(sb: Sandbox, sh: string, flags: string[], script: string, extraEnv: Record<string, string> = {}): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(sh, [...flags, script], { cwd: REPO_ROOT, env: { ...sb.env, ...extraEnv }, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** gotune's gatherers run inside the shell, so the environment is exactly what the shell exported. */
function gatherInside(sb: Sandbox, sh: string, flags: string[]): { settings: Record<string, { value: string | null; source: string; shellSources: { file: string; line: number }[] }> } {
  const script = join(sb.root, 'gather.mts');
  writeFileSync(script, `import { gatherFacts } from ${JSON.stringify(join(REPO_ROOT, 'src/facts/gather.ts'))};\nconst f = await gatherFacts({ projectDir: ${JSON.stringify(sb.project)}, etcDir: ${JSON.stringify(join(sb.root, 'etc'))}, testLocking: false });\nprocess.stdout.write('@@' + JSON.stringify({ settings: f.settings }) + '@@');\n`);
  const r = shell(sb, sh, flags, `exec ${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(script)}`);
  const m = /@@(.*)@@/s.exec(r.stdout);
  assert.ok(m, `no output from gather inside ${sh}: ${r.stderr}`);
  return JSON.parse(m[1]!);
}

test('bash -ic: ~/.bashrc exports GOPATH and GOFLAGS; gotune names the file and line', { skip: (!BASH || !hasGo) && 'bash or go missing' }, async () => {
  const sb = makeSandbox();
  try {
    const rc = sb.write('home/.bashrc', `# go settings\nexport GOPATH="$HOME/gopath"\nGOFLAGS=-mod=mod; export GOFLAGS\nexport PATH=$PATH:$GOPATH/bin\n`);
    mkdirSync(join(sb.home, 'gopath', 'bin'), { recursive: true });
    const r = shell(sb, BASH, ['--norc', '-c'], 'true');
    assert.equal(r.status, 0);
    const live = shell(sb, BASH, ['-ic'], 'printf "%s|%s|%s" "$GOPATH" "$GOFLAGS" "$(go env GOPATH)"');
    assert.equal(live.stdout.split('\n').pop(), `${sb.home}/gopath|-mod=mod|${sb.home}/gopath`);

    const inside = gatherInside(sb, BASH, ['-ic']);
    assert.equal(inside.settings['GOPATH']!.source, 'env');
    assert.deepEqual(inside.settings['GOPATH']!.shellSources, [{ file: rc, line: 2 }]);
    assert.deepEqual(inside.settings['GOFLAGS']!.shellSources, [{ file: rc, line: 3 }]);

    sb.env['GOPATH'] = `${sb.home}/gopath`;
    sb.env['GOFLAGS'] = '-mod=mod';
    const facts = await sb.gather();
    const [res] = await runChecks([GT403], facts, {});
    const gopath = res!.findings.find((f) => /^GOPATH is set by shell startup files/.test(f.message));
    assert.ok(gopath);
    assert.equal(gopath.severity, 'info');
    assert.match(gopath.message, new RegExp(`${rc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: GOPATH=\\$HOME/gopath \\(= ${sb.home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/gopath\\)`));
    assert.deepEqual(gopath.source.map((s) => [s.file, s.line]), [[rc, 2]]);
    const pathAdd = facts.shellStartup.pathAdditions.find((p) => p.file === rc)!;
    assert.deepEqual([pathAdd.line, pathAdd.dirs, pathAdd.exists], [4, ['$GOPATH/bin'], [true]]);
  } finally {
    sb.cleanup();
  }
});

test('bash -lc: ~/.bash_profile exports a GOROOT that no longer exists — go fails, gotune says where and fixes it', { skip: (!BASH || !hasGo) && 'bash or go missing' }, async () => {
  const sb = makeSandbox();
  try {
    const missing = join(sb.root, 'opt', 'go1.20');
    const profile = sb.write('home/.bash_profile', `export GOPATH=$HOME/go\nexport GOROOT=${missing}\n`);
    // A login shell reads the machine's /etc/profile, which may reset PATH: call go by its path.
    const GO = join(GO_MAIN_ROOT, 'bin', 'go');
    const r = shell(sb, BASH, ['-lc'], `${GO} env GOROOT; echo "rc=$?"`);
    assert.match(r.stderr, new RegExp(`go: cannot find GOROOT directory: ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(r.stdout, /rc=2/);

    sb.env['GOROOT'] = missing;
    const facts = await sb.gather();
    const [res] = await runChecks([GT403], facts, {});
    const err = res!.findings.find((f) => f.severity === 'error')!;
    assert.ok(err, JSON.stringify(res!.findings.map((f) => f.message)));
    assert.match(err.message, new RegExp(`${profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2 sets GOROOT`));
    assert.equal(err.fix!.safe, true);
    const change: FileChange = err.fix!.files![0]!;
    const data = readFileSync(change.file);
    let out = data;
    for (const e of [...change.edits].sort((a, b) => b.offset - a.offset)) out = Buffer.concat([out.subarray(0, e.offset), Buffer.from(e.newText), out.subarray(e.offset + e.length)]);
    writeFileSync(change.file, out);
    delete sb.env['GOROOT'];
    const after = shell(sb, BASH, ['-lc'], `${GO} env GOROOT`);
    assert.equal(after.stdout.trim(), GO_MAIN_ROOT, 'after the fix the login shell finds the go tree again');
    assert.match(readFileSync(profile, 'utf8'), /^export GOPATH=\$HOME\/go\n# disabled by gotune fix \d{4}-\d{2}-\d{2}: GOROOT .* does not exist\n# export GOROOT=/);
  } finally {
    sb.cleanup();
  }
});

test('bad startup files: a directory, a dangling link, binary, 5 MB, and a dotfile-store symlink', { skip: !BASH && 'bash missing' }, async () => {
  const sb = makeSandbox();
  try {
    mkdirSync(join(sb.home, '.bash_login'));
    symlinkSync(join(sb.root, 'chezmoi', 'missing_profile'), join(sb.home, '.profile'));
    writeFileSync(join(sb.home, '.zshrc'), Buffer.concat([Buffer.from('export GOPATH=/bin-junk\n'), Buffer.from([0, 0xff, 0x00])]));
    writeFileSync(join(sb.home, '.zprofile'), `export GOPATH=/too-big\n${'#'.repeat(99)}\n`.repeat(52_000));
    const store = sb.write('stow/bash/.bashrc', 'export GOFLAGS=-mod=vendor\n');
    symlinkSync(store, join(sb.home, '.bashrc'));
    // bash itself copes with all of this.
    assert.equal(shell(sb, BASH, ['-ic'], 'printf %s "$GOFLAGS"').stdout.split('\n').pop(), '-mod=vendor');

    const started = Date.now();
    const facts = await sb.gather();
    assert.ok(Date.now() - started < 60_000, 'does not hang');
    const by = (name: string) => facts.shellStartup.files.find((f) => f.path === join(sb.home, name))!;
    assert.match(by('.bash_login').error!, /is a directory/);
    assert.match(by('.profile').error!, /dangling symbolic link to .*chezmoi\/missing_profile/);
    assert.equal(by('.zshrc').binary, true);
    assert.equal(by('.zprofile').binary, true);
    assert.match(by('.zprofile').error!, /too large \(\d+ bytes/);
    assert.equal(by('.bashrc').linkTarget, store);
    assert.deepEqual(facts.shellStartup.assignments.map((a) => `${a.file}:${a.line} ${a.variable}=${a.value}`), [`${join(sb.home, '.bashrc')}:1 GOFLAGS=-mod=vendor`]);
    const [res] = await runChecks([GT403], facts, {});
    const unread = res!.findings.find((f) => /shell startup files were not read/.test(f.message))!;
    assert.ok(unread);
    assert.match(unread.message, /\.profile \(→ .*chezmoi\/missing_profile\): dangling symbolic link/);
    const listing = res!.findings.find((f) => /^GOFLAGS is set by shell startup files/.test(f.message))!;
    assert.ok(listing.message.includes(`(${join(sb.home, '.bashrc')} → ${store})`), listing.message);
  } finally {
    sb.cleanup();
  }
});

test('a GOPROXY with credentials in ~/.bashrc keeps no token in the facts', { skip: !BASH && 'bash missing' }, async () => {
  const sb = makeSandbox();
  try {
    sb.write('home/.bashrc', 'export GOPROXY=https://user:s3cr3tTok@corp.example/proxy,direct\n');
    const facts = await sb.gather();
    assert.ok(!JSON.stringify(facts).includes('s3cr3tTok'));
    assert.equal(facts.shellStartup.assignments[0]!.value, 'https://[REDACTED]@corp.example/proxy,direct');
  } finally {
    sb.cleanup();
  }
});

test('zsh: ~/.zshenv exports GOPATH', { skip: !ZSH && 'zsh is not installed on this machine (command -v zsh found nothing)' }, async () => {
  const sb = makeSandbox();
  try {
    const f = sb.write('home/.zshenv', 'export GOPATH=$HOME/zgo\n');
    assert.equal(shell(sb, ZSH, ['-c'], 'printf %s "$GOPATH"').stdout, `${sb.home}/zgo`);
    const inside = gatherInside(sb, ZSH, ['-c']);
    assert.deepEqual(inside.settings['GOPATH']!.shellSources, [{ file: f, line: 1 }]);
  } finally {
    sb.cleanup();
  }
});

test('fish: config.fish sets GOPATH with set -gx', { skip: !FISH && 'fish is not installed on this machine (command -v fish found nothing)' }, async () => {
  const sb = makeSandbox();
  try {
    const f = sb.write('home/.config/fish/config.fish', 'set -gx GOPATH $HOME/fgo\n');
    assert.equal(shell(sb, FISH, ['-c'], 'printf %s "$GOPATH"').stdout, `${sb.home}/fgo`);
    const inside = gatherInside(sb, FISH, ['-c']);
    assert.deepEqual(inside.settings['GOPATH']!.shellSources, [{ file: f, line: 1 }]);
  } finally {
    sb.cleanup();
  }
});

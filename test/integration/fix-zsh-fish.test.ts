// `gotune fix` end to end in zsh and fish, as test/integration/fix-cli.test.ts does for bash: a
// throw-away HOME whose startup files (in each shell's own syntax) export a GOROOT that does not
// exist and a relative GOPATH, with a tool in GOPATH/bin that is not on PATH. gotune runs inside
// the user's shell, started as a terminal starts it, so it sees the environment a user would;
// afterwards a fresh shell has the corrected environment, doctor is quiet, and --undo restores
// every byte. zsh and fish come from Debian's packages (.ci/run installs them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, GO_MAIN_ROOT, makeSandbox } from '../helpers/sandbox.ts';
import { applyUntilQuiet } from '../fix/fix-helpers.ts';

const GO = join(GO_MAIN_ROOT, 'bin', 'go');
const NEEDED = ['GT103', 'GT202', 'GT207', 'GT403'];

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

interface ShellCase {
  name: 'zsh' | 'fish';
  /** Arguments that start the shell the way a terminal window does, then run a command. */
  args: (script: string) => string[];
  /** Startup files to write (relative to HOME) and the one whose block puts GOBIN on PATH. */
  files: (goBin: string) => Record<string, string>;
  /** Quoting of one word in this shell's syntax. */
  quote: (s: string) => string;
}

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const CASES: ShellCase[] = [
  {
    name: 'zsh',
    // A terminal starts zsh as an interactive login shell on macOS, an interactive one on Linux;
    // -i makes it read ~/.zshrc, where GT207 puts its block.
    args: (script) => ['-l', '-i', '-c', script],
    files: (goBin) => ({
      '.zshenv': `# ~/.zshenv\nexport PATH="${goBin}:$PATH"\nexport GOROOT=/opt/go-wrong\n`,
      '.zshrc': '# ~/.zshrc\nalias ll="ls -l"\nexport GOPATH=go',
    }),
    quote: sq,
  },
  {
    name: 'fish',
    args: (script) => ['-l', '-c', script],
    files: (goBin) => ({
      '.config/fish/config.fish': `# config.fish\r\nset -gx PATH ${goBin} $PATH\r\nset -gx GOROOT /opt/go-wrong\r\nset -gx GOPATH go\r\n`,
    }),
    quote: (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  },
];

for (const c of CASES) {
  const shellPath = which(c.name);
  const skip = !shellPath ? `${c.name} is not installed (Debian's package ${c.name}; .ci/run installs it)` : !existsSync(GO) ? `no go at ${GO}` : false;

  test(`${c.name}: gotune fix --apply --yes until nothing is left; a fresh ${c.name} has the right environment; doctor is quiet; --undo restores every byte`, { skip }, (t) => {
    const sb = makeSandbox({ env: { SHELL: shellPath ?? c.name } });
    t.after(() => sb.cleanup());
    const written = Object.entries(c.files(join(GO_MAIN_ROOT, 'bin'))).map(([rel, text]) => sb.write(join(sb.home, rel), text));
    sb.write(join(sb.home, 'go/bin/hello-tool'), '#!/bin/sh\necho hello\n', 0o755);
    const originals = new Map(written.map((f) => [f, readFileSync(f)]));
    const env = { ...sb.env, GOTUNE_ETC_DIR: join(sb.root, 'etc') };
    const run = (script: string) => spawnSync(shellPath!, c.args(script), { env, encoding: 'utf8', timeout: 120_000, cwd: sb.project });
    const gotune = `${c.quote(process.execPath)} ${c.quote(CLI)}`;
    const fix = (args: string) => run(`${gotune} fix ${args} ${c.quote(sb.project)}`);

    const broken = run('go env GOROOT');
    assert.match(broken.stderr, /cannot find GOROOT directory: \/opt\/go-wrong/, `${c.name} sees the broken GOROOT first`);

    const preview = fix('');
    assert.equal(preview.status, 0, preview.stdout + preview.stderr);
    assert.match(preview.stdout, /GT103|GT403/);
    for (const [f, bytes] of originals) assert.deepEqual(readFileSync(f), bytes, 'a preview writes nothing');

    const runs = applyUntilQuiet(t, fix);

    const fresh = run('go env GOROOT GOPATH; command -v hello-tool');
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.equal(fresh.stdout, `${GO_MAIN_ROOT}\n${sb.home}/go\n${sb.home}/go/bin/hello-tool\n`);
    for (const f of written) {
      const text = readFileSync(f, 'utf8');
      if (text.includes('GOROOT')) assert.match(text, /# disabled by gotune fix[^\n]*\r?\n# (export GOROOT=|set -gx GOROOT )\/opt\/go-wrong/, `${f} keeps the old line, commented out`);
    }
    if (c.name === 'fish') {
      const cfg = readFileSync(written[0]!, 'utf8');
      assert.ok(!/[^\r]\n/.test(cfg), 'config.fish keeps its CRLF line endings');
      assert.match(cfg, /if not contains -- "\$HOME\/go\/bin" \$PATH/, 'the PATH block is in fish syntax');
    }

    const doctor = run(`${gotune} doctor --json --only ${NEEDED.join(',')} ${c.quote(sb.project)}`);
    const report = JSON.parse(doctor.stdout) as { findings: { id: string; severity: string }[]; checks: { id: string; status: string }[] };
    assert.deepEqual(report.checks.map((x) => x.id).filter((id) => NEEDED.includes(id)).sort(), NEEDED, 'the fixed checks ran');
    assert.deepEqual(report.findings.filter((f) => f.severity !== 'info'), [], doctor.stdout);

    for (const id of [...runs].reverse()) {
      const u = fix(`--undo ${id}`);
      assert.equal(u.status, 0, u.stdout + u.stderr);
    }
    for (const [f, bytes] of originals) assert.deepEqual(readFileSync(f), bytes, `${f} is byte-identical after undo`);
    assert.match(run('go env GOROOT').stderr, /cannot find GOROOT directory: \/opt\/go-wrong/, 'and the shell is as broken as before');
  });
}

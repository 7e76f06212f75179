// The startup-file reader, on fixture homes and /etc trees: what it extracts, with positions, and
// how it treats files it must not parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { gatherShellStartup, parseStartupText } from '../../src/facts/shell-startup.ts';
import type { ShellStartupFacts } from '../../src/facts/types.ts';

function fixture(files: Record<string, string | Buffer>): { root: string; home: string; etc: string; done: () => void } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-shell-')));
  const home = join(root, 'home');
  const etc = join(root, 'etc');
  mkdirSync(home, { recursive: true });
  mkdirSync(etc, { recursive: true });
  for (const [p, content] of Object.entries(files)) {
    const full = join(root, p);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return { root, home, etc, done: () => rmSync(root, { recursive: true, force: true }) };
}

function gather(fx: { home: string; etc: string }, env: Record<string, string> = {}): ShellStartupFacts {
  return gatherShellStartup({ home: fx.home, os: 'linux', etcDir: fx.etc, env });
}

const parse = (text: string, shell: 'bash' | 'zsh' | 'fish' | 'environment' = 'bash', file = '/h/.bashrc') => parseStartupText(Buffer.from(text), file, shell, '/h');

test('bash forms: export, assign-then-export, declare -x, typeset -x, quotes, $HOME, ~, ${HOME}', () => {
  const r = parse([
    'export GOPATH=$HOME/go',
    'GOROOT="/usr/local/go"; export GOROOT',
    "declare -x GOFLAGS='-mod=mod -tags=a b'",
    'typeset -x GOBIN=~/bin',
    'export GOMODCACHE="${HOME}/.cache/gomod"',
    'GOTMPDIR=/tmp/gotmp',
  ].join('\n'));
  const got = r.assignments.map((a) => [a.line, a.column, a.variable, a.value, a.expanded, a.exported]);
  assert.deepEqual(got, [
    [1, 8, 'GOPATH', '$HOME/go', '/h/go', true],
    [2, 1, 'GOROOT', '/usr/local/go', '/usr/local/go', true],
    [3, 12, 'GOFLAGS', '-mod=mod -tags=a b', '-mod=mod -tags=a b', true],
    [4, 12, 'GOBIN', '~/bin', '/h/bin', true],
    [5, 8, 'GOMODCACHE', '${HOME}/.cache/gomod', '/h/.cache/gomod', true],
    [6, 1, 'GOTMPDIR', '/tmp/gotmp', '/tmp/gotmp', false],
  ]);
});

test('earlier assignments in the same file expand; commands and operators do not', () => {
  const r = parse('GODIR=/opt/go\nexport GOROOT=$GODIR/1.26\nexport GOCACHE="$(go env GOCACHE)"\nexport GOPATH=${XDG_DATA_HOME:-$HOME/.local/share}/go\nexport GOBIN=$UNKNOWN/bin');
  assert.deepEqual(r.assignments.map((a) => [a.variable, a.expanded]), [['GOROOT', '/opt/go/1.26'], ['GOCACHE', null], ['GOPATH', null], ['GOBIN', null]]);
});

test('PATH additions of Go directories, with the dirs', () => {
  const r = parse('export PATH=$PATH:/usr/local/go/bin\nGOPATH=$HOME/go\nexport PATH="$GOPATH/bin:$PATH"\nPATH+=:/opt/go/bin\nexport PATH=$PATH:/usr/games\npath+=(/home/u/sdk/go1.22.0/bin)', 'zsh');
  assert.deepEqual(r.pathAdditions.map((p) => [p.line, p.dirs, p.expanded]), [
    [1, ['/usr/local/go/bin'], ['/usr/local/go/bin']],
    [3, ['$GOPATH/bin'], ['/h/go/bin']],
    [4, ['/opt/go/bin'], ['/opt/go/bin']],
    [6, ['/home/u/sdk/go1.22.0/bin'], ['/home/u/sdk/go1.22.0/bin']],
  ]);
});

test('go env -w calls and command-prefix assignments', () => {
  const r = parse('go env -w GOPRIVATE=corp.example GOPROXY=https://u:tok@corp.example\nGOFLAGS=-mod=mod go build ./...\ngo env GOPATH');
  assert.equal(r.goEnvWrites.length, 1);
  assert.deepEqual(r.goEnvWrites[0]!.args, ['env', '-w', 'GOPRIVATE=corp.example', 'GOPROXY=https://[REDACTED]@corp.example']);
  assert.ok(!JSON.stringify(r).includes('tok'));
  assert.deepEqual(r.assignments, [], 'GOFLAGS=... go build sets GOFLAGS for that command only');
});

test('secrets never survive: value, expanded value and line text', () => {
  const r = parse('export GOPROXY=https://user:tok@corp/proxy,direct\nexport GOAUTH_TOKEN=abc');
  const s = JSON.stringify(r);
  assert.ok(!s.includes('tok@') && !s.includes(':tok'), s);
  assert.equal(r.assignments[0]!.value, 'https://[REDACTED]@corp/proxy,direct');
  assert.match(r.assignments[0]!.text, /\[REDACTED\]/);
});

test('conditionals, && chains and comments', () => {
  const r = parse('# export GOPATH=/nope\nif [ -d /opt/go ]; then export GOROOT=/opt/go; fi\n[ -d ~/go ] && export GOPATH=~/go\nexport GOFLAGS=-mod=mod # trailing comment');
  assert.deepEqual(r.assignments.map((a) => [a.line, a.variable, a.expanded]), [[2, 'GOROOT', '/opt/go'], [3, 'GOPATH', '/h/go'], [4, 'GOFLAGS', '-mod=mod']]);
  assert.ok(r.assignments.every((a) => a.offset !== undefined), 'lines that only guard the assignment stay editable');
});

test('lines that do other things, or continue with a backslash, are not offered for editing', () => {
  const r = parse('export GOPATH=/g; export PATH=$PATH:$GOPATH/bin\nexport GOROOT=\\\n/opt/go\nexport GOBIN=/b; echo hi\nexport GOFLAGS=-mod=mod\n');
  const by = Object.fromEntries(r.assignments.map((a) => [a.variable, a]));
  assert.equal(by['GOPATH']!.offset, undefined);
  assert.equal(by['GOROOT']!.offset, undefined);
  assert.equal(by['GOROOT']!.expanded, '/opt/go');
  assert.equal(by['GOBIN']!.offset, undefined);
  assert.equal(by['GOFLAGS']!.line, 5);
  const text = 'export GOPATH=/g; export PATH=$PATH:$GOPATH/bin\nexport GOROOT=\\\n/opt/go\nexport GOBIN=/b; echo hi\n';
  assert.equal(by['GOFLAGS']!.offset, Buffer.byteLength(text));
});

test('fish: set -gx, set -Ux, fish_add_path, set PATH, {$HOME}, or-chains', () => {
  const r = parse('set -gx GOPATH $HOME/go\nset -Ux GOPROXY direct\nfish_add_path -g /usr/local/go/bin\nset -gx PATH $PATH ~/go/bin\nset -q GOBIN; or set -gx GOBIN {$HOME}/gobin\nset -l GOFLAGS x\nset -e GOROOT', 'fish', '/h/.config/fish/config.fish');
  assert.deepEqual(r.assignments.map((a) => [a.variable, a.expanded, a.exported, !!a.universal]), [['GOPATH', '/h/go', true, false], ['GOPROXY', 'direct', true, true], ['GOBIN', '/h/gobin', true, false]]);
  assert.deepEqual(r.pathAdditions.map((p) => p.expanded), [['/usr/local/go/bin'], ['/h/go/bin']]);
});

test('fish_variables: SETUVAR --export with \\xHH escapes and \\x1e lists', () => {
  const r = parseStartupText(Buffer.from('# This file contains fish universal variable definitions.\nSETUVAR --export GOFLAGS:\\x2dmod\\x3dvendor\nSETUVAR GOPRIVATE:corp\\x2eexample\nSETUVAR fish_user_paths:/usr/local/go/bin\\x1e/h/go/bin\n'), '/h/.config/fish/fish_variables', 'fish', '/h');
  assert.deepEqual(r.assignments.map((a) => [a.variable, a.value, a.exported, a.universal]), [['GOFLAGS', '-mod=vendor', true, true], ['GOPRIVATE', 'corp.example', false, true]]);
  assert.deepEqual(r.pathAdditions[0]!.dirs, ['/usr/local/go/bin', '/h/go/bin']);
});

test('/etc/environment: KEY=value, quotes removed, no expansion', () => {
  const r = parse('PATH="/usr/local/sbin:/usr/bin:/usr/local/go/bin"\nGOPATH=/srv/go\nGOBIN="$HOME/bin"\n', 'environment', '/etc/environment');
  assert.deepEqual(r.assignments.map((a) => [a.variable, a.value, a.expanded, a.exported]), [['GOPATH', '/srv/go', '/srv/go', true], ['GOBIN', '$HOME/bin', '$HOME/bin', true]]);
  assert.deepEqual(r.pathAdditions[0]!.dirs, ['/usr/local/go/bin']);
});

test('version-manager init lines are kept for other checks', () => {
  const r = parse('eval "$(mise activate bash)"\n. "$HOME/.asdf/asdf.sh"\neval "$(goenv init -)"\nexport GOENV=/x/goenv');
  assert.deepEqual(r.initLines.map((l) => l.line), [1, 2, 3]);
});

test('gather: files of every shell, /etc fixture, existence of directories, sha256', () => {
  const fx = fixture({
    'home/.bashrc': 'export GOPATH=$HOME/go\nexport GOROOT=/nonexistent/go\n. ~/.bash_go\n',
    'home/.bash_go': 'export GOFLAGS=-mod=mod\nsource ~/.deeper\n',
    'home/.deeper': 'export GOPROXY=direct\n',
    'home/.profile': 'export PATH=$PATH:/nonexistent/go/bin\n',
    'home/zdot/.zshrc': 'export GOTOOLCHAIN=local\n',
    'home/.config/fish/conf.d/go.fish': 'set -gx GOBIN $HOME/bin\n',
    'etc/profile.d/golang.sh': 'export PATH=$PATH:/usr/local/go/bin\n',
    'etc/environment': 'GO111MODULE=on\n',
  });
  try {
    mkdirSync(join(fx.home, 'go'));
    const f = gather(fx, { ZDOTDIR: join(fx.home, 'zdot') });
    const vars = f.assignments.map((a) => `${a.file.slice(fx.root.length)}:${a.line} ${a.variable}`);
    assert.deepEqual(vars.sort(), [
      '/etc/environment:1 GO111MODULE', '/home/.bash_go:1 GOFLAGS', '/home/.bashrc:1 GOPATH', '/home/.bashrc:2 GOROOT',
      '/home/.config/fish/conf.d/go.fish:1 GOBIN', '/home/zdot/.zshrc:1 GOTOOLCHAIN',
    ], 'sourced one level deep only: .deeper is not read');
    const byVar = Object.fromEntries(f.assignments.map((a) => [a.variable, a]));
    assert.equal(byVar['GOPATH']!.expandedExists, true);
    assert.equal(byVar['GOROOT']!.expandedExists, false);
    const goFile = f.files.find((x) => x.path.endsWith('.bash_go'))!;
    assert.equal(goFile.sourcedFrom, join(fx.home, '.bashrc'));
    const bashrc = f.files.find((x) => x.path.endsWith('/.bashrc'))!;
    assert.equal(bashrc.sha256, createHash('sha256').update('export GOPATH=$HOME/go\nexport GOROOT=/nonexistent/go\n. ~/.bash_go\n').digest('hex'));
    const profile = f.pathAdditions.find((p) => p.file.endsWith('.profile'))!;
    assert.deepEqual(profile.exists, [false]);
  } finally {
    fx.done();
  }
});

test('gather: directory, dangling link, binary, 5 MB, and a dotfile-store symlink', () => {
  const fx = fixture({
    'home/.zshrc': Buffer.concat([Buffer.from('export GOPATH=/x\n'), Buffer.from([0, 1, 2])]),
    'home/.profile': `export GOPATH=/big\n${'# filler line\n'.repeat(400_000)}`,
    'dotfiles/bash/.bashrc': 'export GOROOT=/usr/local/go\n',
  });
  try {
    mkdirSync(join(fx.home, '.bash_profile'));
    symlinkSync(join(fx.root, 'gone', '.bash_login'), join(fx.home, '.bash_login'));
    symlinkSync(join(fx.root, 'dotfiles', 'bash', '.bashrc'), join(fx.home, '.bashrc'));
    const started = Date.now();
    const f = gather(fx);
    assert.ok(Date.now() - started < 30_000, 'does not hang');
    const by = (suffix: string) => f.files.find((x) => x.path.endsWith(suffix))!;
    assert.match(by('.bash_profile').error!, /is a directory/);
    assert.match(by('.bash_login').error!, /dangling symbolic link to .*gone\/\.bash_login/);
    assert.equal(by('.zshrc').binary, true);
    assert.equal(by('.profile').binary, true);
    assert.match(by('.profile').error!, /too large/);
    assert.equal(by('/.bashrc').linkTarget, join(fx.root, 'dotfiles', 'bash', '.bashrc'));
    assert.deepEqual(f.assignments.map((a) => `${a.variable}=${a.value}`), ['GOROOT=/usr/local/go'], 'binary and oversized files are not parsed');
  } finally {
    fx.done();
  }
});

test('no home: system files only, never throws', () => {
  const fx = fixture({ 'etc/profile': 'export GOROOT=/usr/lib/go\n' });
  try {
    const f = gatherShellStartup({ home: null, os: 'linux', etcDir: fx.etc, env: {} });
    assert.deepEqual(f.assignments.map((a) => a.variable), ['GOROOT']);
  } finally {
    fx.done();
  }
});

test('a secret-named variable does not leak through expansion into a Go setting', () => {
  const r = parse('API_TOKEN=abc123secret\nexport GOFLAGS="-ldflags=-X=main.key=$API_TOKEN"\nset -gx GOFLAGS x');
  assert.ok(!JSON.stringify(r).includes('abc123secret'), JSON.stringify(r));
  assert.equal(r.assignments[0]!.expanded, '-ldflags=-X=main.key=[REDACTED]');
});

test('a FIFO in place of a startup file is reported, never opened (opening would block)', () => {
  const fx = fixture({});
  try {
    const made = spawnSync('mkfifo', [join(fx.home, '.bashrc')]);
    if (made.status !== 0) return;
    const started = Date.now();
    const f = gather(fx);
    assert.ok(Date.now() - started < 30_000);
    assert.match(f.files.find((x) => x.path.endsWith('.bashrc'))!.error!, /not a regular file/);
  } finally {
    fx.done();
  }
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/sources/GT403-shell-startup-exports.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, HOME } from '../../helpers/facts.ts';
import type { FactsSnapshot, ShellAssignment, ShellStartupFile } from '../../../src/facts/types.ts';

function file(path: string, shell: ShellStartupFile['shell'] = 'bash'): ShellStartupFile {
  return { path, shell, exists: true, readable: true, binary: false, login: false, error: null, sha256: 'c'.repeat(64) };
}
function assign(path: string, line: number, variable: string, value: string, extra: Partial<ShellAssignment> = {}): ShellAssignment {
  return { file: path, line, column: 8, shell: 'bash', variable, value, expanded: value, exported: true, text: `export ${variable}=${value}`, expandedExists: null, offset: line * 10, length: 10, ...extra };
}
function withShell(files: ShellStartupFile[], assignments: ShellAssignment[], env: Record<string, string> = {}): FactsSnapshot {
  const f = makeFacts();
  f.shellStartup = { ...f.shellStartup, files, assignments };
  Object.assign(f.env, env);
  return f;
}
const BASHRC = `${HOME}/.bashrc`;
const PROFILE = `${HOME}/.profile`;

checkCases(check, {
  fires: [
    { name: 'one export matching the environment: info listing file:line', count: 1, severity: 'info',
      facts: withShell([file(BASHRC)], [assign(BASHRC, 4, 'GOPATH', '$HOME/go', { expanded: `${HOME}/go` })], { GOPATH: `${HOME}/go` }),
      message: /GOPATH is set by shell startup files:\n\/home\/gopher\/\.bashrc:4: GOPATH=\$HOME\/go \(= \/home\/gopher\/go\)/ },
    { name: 'files disagree', count: 1, severity: 'warning', message: /the files disagree/,
      facts: withShell([file(BASHRC), file(PROFILE, 'sh')], [assign(PROFILE, 2, 'GOPATH', '/a'), assign(BASHRC, 9, 'GOPATH', '/b')], { GOPATH: '/b' }) },
    { name: 'disagrees with the live environment', count: 1, severity: 'warning', message: /the live environment has GOPROXY=direct/,
      facts: withShell([file(BASHRC)], [assign(BASHRC, 3, 'GOPROXY', 'https://proxy.golang.org')], { GOPROXY: 'direct' }) },
    { name: 'assigned without export', count: 1, message: /without exporting it/,
      facts: withShell([file(BASHRC)], [assign(BASHRC, 3, 'GOFLAGS', '-mod=mod', { exported: false })]) },
    { name: 'GOROOT points at a missing directory: error with a comment-out fix', count: 2, severity: 'error',
      facts: withShell([file(BASHRC)], [assign(BASHRC, 5, 'GOROOT', '/opt/go1.20', { expandedExists: false })]),
      message: /go: cannot find GOROOT directory: \/opt\/go1\.20/,
      assert: (fs) => {
        const e = fs.find((f) => f.severity === 'error')!;
        assert.equal(e.fix?.files?.[0]?.edits[0]?.offset, 50);
        assert.match(e.fix!.files![0]!.edits[0]!.newText, /^# disabled by gotune fix 2026-11-26: GOROOT \/opt\/go1\.20 does not exist\n# $/);
      } },
    { name: 'GOROOT missing but the line does other things: no automatic fix', count: 2,
      facts: withShell([file(BASHRC)], [assign(BASHRC, 5, 'GOROOT', '/opt/go', { expandedExists: false, offset: undefined, length: undefined })]),
      assert: (fs) => assert.equal(fs.find((f) => f.severity === 'error')!.fix, null) },
    { name: 'GOPATH on a missing mount is a warning (created on demand, but the parent is missing too)', count: 2,
      facts: withShell([file(BASHRC)], [assign(BASHRC, 5, 'GOPATH', '/mnt/data/go', { expandedExists: false, expandedParentExists: false })]),
      assert: (fs) => assert.ok(fs.some((f) => f.severity === 'warning' && /does not exist/.test(f.message))) },
    { name: 'PATH entry for a removed Go', count: 1, severity: 'error', message: /adds \$GOROOT\/bin \(= \/opt\/go\/bin\) to PATH, which does not exist/,
      facts: () => { const f = makeFacts(); f.shellStartup.pathAdditions = [{ file: BASHRC, line: 8, dirs: ['$GOROOT/bin'], expanded: ['/opt/go/bin'], exists: [false], text: 'export PATH=$PATH:$GOROOT/bin' }]; return f; } },
    { name: 'go env -w in a startup file', count: 1, message: /runs `go env -w GOPRIVATE=corp.example` every time the shell starts/,
      facts: () => { const f = makeFacts(); f.shellStartup.goEnvWrites = [{ file: BASHRC, line: 12, args: ['env', '-w', 'GOPRIVATE=corp.example'], text: 'go env -w GOPRIVATE=corp.example' }]; return f; } },
    { name: 'macOS zsh and Homebrew', count: 1, severity: 'info', message: /\/Users\/gopher\/\.zprofile:2: GOROOT=\/opt\/homebrew\/opt\/go\/libexec/,
      facts: () => { const p = '/Users/gopher/.zprofile'; const f = withShell([file(p, 'zsh')], [assign(p, 2, 'GOROOT', '/opt/homebrew/opt/go/libexec', { shell: 'zsh' })], { GOROOT: '/opt/homebrew/opt/go/libexec' }); f.platform.os = 'darwin'; return f; } },
    { name: 'fish universal variable', count: 1, message: /fish universal variable/,
      facts: () => { const p = `${HOME}/.config/fish/fish_variables`; return withShell([file(p, 'fish')], [assign(p, 3, 'GOFLAGS', '-mod=vendor', { shell: 'fish', universal: true })], { GOFLAGS: '-mod=vendor' }); } },
    { name: 'WSL: /etc/environment with a Windows Go path', count: 2,
      facts: () => { const f = withShell([file('/etc/environment', 'environment')], [assign('/etc/environment', 1, 'GOROOT', '/mnt/c/Program Files/Go', { shell: 'environment', expandedExists: false })]); f.platform.wsl = { version: 2, distro: 'Ubuntu' }; return f; },
      assert: (fs) => assert.equal(fs.find((f) => f.severity === 'error')!.fix, null, '/etc/environment lines are not edited') },
  ],
  quiet: [
    { name: 'PATH entry for GOPATH/bin that go install has not created yet',
      facts: () => { const f = makeFacts(); f.shellStartup.pathAdditions = [{ file: BASHRC, line: 27, dirs: ['/home/gopher/go/bin'], expanded: ['/home/gopher/go/bin'], exists: [false], text: 'export PATH="$PATH:/home/gopher/go/bin"' }]; return f; } },
    { name: 'no startup files set Go variables', facts: makeFacts() },
  ],
});

// Not in the quiet list above because the info listing always fires for an assignment.
checkCases(check, {
  fires: [
    { name: 'unread startup files: dangling chezmoi link, directory, binary', count: 1, severity: 'info',
      message: [/3 shell startup files were not read/, /\.bashrc \(→ \/home\/gopher\/\.local\/share\/chezmoi\/dot_bashrc\): dangling symbolic link/],
      facts: () => { const f = makeFacts(); f.shellStartup.files = [
        { ...file(BASHRC), readable: false, linkTarget: `${HOME}/.local/share/chezmoi/dot_bashrc`, error: `dangling symbolic link to ${HOME}/.local/share/chezmoi/dot_bashrc (ENOENT)` },
        { ...file(PROFILE, 'sh'), readable: false, error: 'is a directory' },
        { ...file(`${HOME}/.zshrc`, 'zsh'), binary: true, error: 'contains NUL bytes (binary), not parsed' },
      ]; return f; } },
    { name: 'stow link target shown in the listing', count: 1, message: /\.bashrc → \/home\/gopher\/dotfiles\/bash\/\.bashrc/,
      facts: () => withShell([{ ...file(BASHRC), linkTarget: `${HOME}/dotfiles/bash/.bashrc` }], [assign(BASHRC, 1, 'GOFLAGS', '-mod=mod')], { GOFLAGS: '-mod=mod' }) },
    { name: 'fresh machine: $HOME/go not created yet gives only the listing', count: 1, severity: 'info',
      facts: withShell([file(BASHRC)], [assign(BASHRC, 2, 'GOPATH', `${HOME}/go`, { expandedExists: false, expandedParentExists: true })], { GOPATH: `${HOME}/go` }) },
  ],
  quiet: [
    { name: 'readable startup files without Go settings', facts: () => { const f = makeFacts(); f.shellStartup.files = [file(BASHRC), file(PROFILE, 'sh')]; return f; } },
  ],
});

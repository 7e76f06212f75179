import { defineCheck } from '../../engine/define.ts';
import type { FixSpec } from '../../engine/types.ts';
import type { FactsSnapshot, ShellKind } from '../../facts/types.ts';
import { EMPTY_SHA256 } from '../../fix/edits.ts';
import { listEntries, settingSources } from './setting-edits.ts';
import { isAbsoluteOn, joinOn, normalizePathOn, samePath } from '../shared-paths.ts';

export const BLOCK_START = '# >>> gotune: GOBIN on PATH >>>';
export const BLOCK_END = '# <<< gotune <<<';

/** Where `go install` puts binaries: GOBIN, else the first GOPATH entry's bin directory. */
export function installDir(facts: FactsSnapshot): { dir: string; from: 'GOBIN' | 'GOPATH' } | null {
  const os = facts.platform.os;
  const gobin = facts.settings['GOBIN']?.value;
  if (gobin) return isAbsoluteOn(os, gobin) ? { dir: gobin, from: 'GOBIN' } : null;
  const first = listEntries(facts, facts.settings['GOPATH']?.value ?? null)[0];
  return first && isAbsoluteOn(os, first) ? { dir: joinOn(os, first, 'bin'), from: 'GOPATH' } : null;
}

function shellOf(facts: FactsSnapshot): ShellKind {
  const base = (facts.user.shell ?? '').split('/').pop() ?? '';
  if (base === 'bash' || base === 'zsh' || base === 'fish') return base;
  return 'sh';
}

/**
 * The startup file an interactive shell of this kind reads. bash on Linux: ~/.bashrc (terminal
 * windows start non-login shells). bash on macOS: Terminal starts login shells, which read the
 * first of ~/.bash_profile, ~/.bash_login, ~/.profile.
 */
export function startupFileFor(facts: FactsSnapshot, shell: ShellKind): string | null {
  const home = facts.user.home;
  if (!home) return null;
  const exists = (p: string) => facts.shellStartup.files.some((f) => f.path === p && f.exists);
  switch (shell) {
    case 'zsh': return `${home}/.zshrc`;
    case 'fish': return `${facts.env['XDG_CONFIG_HOME'] || `${home}/.config`}/fish/config.fish`;
    case 'bash':
      if (facts.platform.os !== 'darwin') return `${home}/.bashrc`;
      return [`${home}/.bash_profile`, `${home}/.bash_login`, `${home}/.profile`].find(exists) ?? `${home}/.bash_profile`;
    default: return `${home}/.profile`;
  }
}

function shellWord(dir: string, home: string | null): string {
  const esc = (s: string) => s.replace(/(["\\$`])/g, '\\$1');
  return home && dir.startsWith(home + '/') ? `"$HOME/${esc(dir.slice(home.length + 1))}"` : `"${esc(dir)}"`;
}

export function pathBlock(shell: ShellKind, dir: string, home: string | null): string {
  const w = shellWord(dir, home);
  if (shell === 'fish') {
    return `${BLOCK_START}\nif not contains -- ${w} $PATH\n    set -gx PATH $PATH ${w}\nend\n${BLOCK_END}\n`;
  }
  return `${BLOCK_START}\ncase ":$PATH:" in\n    *:${w}:*) ;;\n    *) export PATH="$PATH":${w} ;;\nesac\n${BLOCK_END}\n`;
}

function appendFix(facts: FactsSnapshot, dir: string): FixSpec | null {
  const shell = shellOf(facts);
  const file = startupFileFor(facts, shell);
  if (!file) return null;
  const f = facts.shellStartup.files.find((x) => x.path === file);
  const block = pathBlock(shell, dir, facts.user.home);
  const description = `Append a marked block to ${file} that adds ${dir} to PATH (${shell}); open a new shell afterwards.`;
  if (!f || !f.exists) {
    // The startup gatherer lists the files that exist; when it ran cleanly, an unlisted file is a
    // missing one. Should it exist after all, the empty-file hash makes the fix engine skip the change.
    if (!f && facts.gatherErrors.some((e) => e.gatherer === 'shell-startup')) return null;
    return { description: `Create ${file} with a marked block that adds ${dir} to PATH (${shell}); open a new shell afterwards.`, safe: true, files: [{ file, originalSha256: EMPTY_SHA256, create: true, edits: [{ file, offset: 0, length: 0, newText: block }] }] };
  }
  if (!f.readable || f.binary || !f.sha256 || f.size === undefined || f.size === null) return null;
  return { description, safe: true, files: [{ file, originalSha256: f.sha256, edits: [{ file, offset: f.size, length: 0, newText: `\n${block}` }] }] };
}

export default defineCheck({
  id: 'GT207',
  name: 'gobin-not-on-path',
  family: 'paths',
  severity: 'warning',
  summary: 'the directory `go install` puts binaries in is not on PATH',
  fixable: true,
  run(facts, ctx) {
    const target = installDir(facts);
    if (!target) return;
    const os = facts.platform.os;
    const onPath = facts.path.entries.some((e) => !e.empty && !e.relative && samePath(os, e.raw, target.dir));
    if (onPath) return;
    const setting = facts.settings[target.from];
    const source = setting ? settingSources(facts, setting) : [];
    const norm = normalizePathOn(os, target.dir);
    const added = facts.shellStartup.pathAdditions.find((p) => (p.expanded ?? p.dirs).some((d) => d !== null && normalizePathOn(os, d) === norm));
    const what = `\`go install\` puts binaries in ${target.dir} (${target.from === 'GOBIN' ? 'GOBIN' : 'GOPATH/bin, as GOBIN is not set'})`;
    if (added) {
      // The line is already there (perhaps gotune's own block): appending another would change nothing.
      ctx.report({
        message: `${what}, and ${added.file}:${added.line} adds it to PATH, but this environment's PATH does not have it: the shell was started before that line was added, or this kind of shell does not read ${added.file}.`,
        found: `PATH without ${target.dir}`,
        expected: `PATH containing ${target.dir}`,
        source: [{ kind: 'shell-startup', file: added.file, line: added.line, description: `${added.file}:${added.line}` }, { kind: 'path', description: 'PATH of this environment' }, ...source],
        hint: `Open a new terminal (or run \`source ${added.file}\`); if it is still missing, the line is in a file your shell does not read (login vs interactive shells).`,
        data: { dir: target.dir, from: target.from, addedAt: `${added.file}:${added.line}` },
      });
      return;
    }
    const fix = os === 'windows' ? null : appendFix(facts, target.dir);
    ctx.report({
      message: `${what}, but that directory is not on PATH: tools you install (gopls, dlv, staticcheck, ...) are not found by name, or an older copy elsewhere on PATH runs instead.`,
      found: `PATH without ${target.dir}`,
      expected: `PATH containing ${target.dir}`,
      source: [{ kind: 'path', description: 'PATH of this environment' }, ...source],
      hint: os === 'windows'
        ? `Add ${target.dir} to your user Path (Settings → System → About → Advanced system settings → Environment Variables), then open a new terminal.`
        : fix?.description ?? `Add ${target.dir} to PATH in your shell startup file (export PATH="$PATH:${target.dir}"), then open a new shell.`,
      ...(fix ? { fix } : {}),
      data: { dir: target.dir, from: target.from },
    });
  },
});

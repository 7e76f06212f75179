// Where a Go setting of the paths family was set, and the fixes that remove or replace it there:
// `go env -u` / `go env -w` for the `go env -w` file, text edits for shell startup files. Only
// data is built here; the fix engine applies it.
import type { FactsSnapshot, SettingFact, ShellAssignment, ShellKind } from '../../facts/types.ts';
import type { CommandAction, FileChange, FixSpec, SourceRef } from '../../engine/types.ts';
import { commentOutLines, envFileName, envFileRef, envRefs, goEnvCommand, gorootGoEnvRef, shellAssignmentsOf } from '../sources/where.ts';
import { joinOn } from '../shared-paths.ts';

/** The entries of a list variable as filepath.SplitList gives them, empty ones dropped as the go command does. */
export function listEntries(facts: FactsSnapshot, value: string | null): string[] {
  if (!value) return [];
  return value.split(facts.platform.listSeparator).filter((e) => e !== '');
}

/** The value the user configured (before the go command's own processing), from its winning source. */
export function configuredValue(s: SettingFact | undefined): string | null {
  if (!s) return null;
  if (s.source === 'env') return s.envValue;
  if (s.source === 'env-file') return s.envFileValue;
  if (s.source === 'goroot-go.env') return s.gorootEnvValue;
  return null;
}

export function isExplicit(s: SettingFact | undefined): boolean {
  return !!s && (s.source === 'env' || s.source === 'env-file');
}

/** The built-in GOPATH: $HOME/go (%USERPROFILE%\go on Windows); null without a home directory. */
export function defaultGopath(facts: FactsSnapshot): string | null {
  return facts.user.home ? joinOn(facts.platform.os, facts.user.home, 'go') : null;
}

/** Where a setting's value comes from, most specific first. */
export function settingSources(facts: FactsSnapshot, s: SettingFact): SourceRef[] {
  switch (s.source) {
    case 'env':
      return envRefs(facts, s);
    case 'env-file':
      return [envFileRef(facts, s.envFileLine)];
    case 'goroot-go.env':
      return [gorootGoEnvRef(facts)];
    case 'toolchain-switch':
      return [{ kind: 'toolchain-switch', description: 'set by a toolchain switch' }];
    default:
      return [{ kind: 'default', description: `the go command's built-in default` }];
  }
}

/** Short "where" for messages: "~/.bashrc:3", "the go env -w file", "the process environment". */
export function whereSet(facts: FactsSnapshot, s: SettingFact): string {
  if (s.source === 'env-file') return `the go env -w file (${envFileName(facts)}${s.envFileLine ? `:${s.envFileLine}` : ''})`;
  if (s.source === 'env') {
    const shell = s.shellSources[0];
    return shell ? `the environment, from ${shell.file}:${shell.line}` : 'the process environment';
  }
  if (s.source === 'goroot-go.env') return '$GOROOT/go.env';
  return 'the built-in default';
}

/** A shell assignment line in the syntax of the file it goes into (sh, bash, zsh or fish). */
export function assignmentLine(shell: ShellKind, name: string, value: string): string {
  if (shell === 'fish') return `set -gx ${name} '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `export ${name}='${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Comments out the assignment lines (sources/where.ts) and, for a replacement, puts the corrected
 * line above each commented one, in the same insertion, so only the line's offset is needed.
 */
function replaceLines(facts: FactsSnapshot, lines: readonly ShellAssignment[], reason: string, replacement: (a: ShellAssignment) => string): FileChange[] | null {
  const changes = commentOutLines(facts, lines, reason);
  if (!changes) return null;
  return changes.map((c) => ({
    ...c,
    edits: c.edits.map((e) => {
      const a = lines.find((l) => l.file === c.file && l.offset === e.offset)!;
      return { ...e, newText: `${replacement(a)}\n${e.newText}` };
    }),
  }));
}

/** `go env` with the GOENV the diagnosed environment uses, plus a valid value when the current one stops the go command. */
function goEnv(facts: FactsSnapshot, args: string[], description: string, overrideEnv?: Record<string, string>): CommandAction {
  const cmd = goEnvCommand(args, description, facts);
  return overrideEnv ? { ...cmd, env: { ...cmd.env, ...overrideEnv } } : cmd;
}

/**
 * Removes an explicit setting where it was made: `go env -u` for the env file, commented-out lines
 * for shell startup files. `overrideEnv` is set when the current value makes the go command refuse
 * to start (a relative GOPATH): the command then runs with a valid value in its environment.
 */
export function removeSettingFix(facts: FactsSnapshot, s: SettingFact, opts: { reason: string; safe: boolean; overrideEnv?: Record<string, string> }): FixSpec {
  const commands: CommandAction[] = [];
  let files: FileChange[] = [];
  const steps: string[] = [];
  let manualOnly = false;
  if (s.envFileValue !== null) {
    // Also when the environment wins: removing only the environment value would let the file's take over.
    commands.push(goEnv(facts, ['-u', s.name], `remove ${s.name} from ${envFileName(facts)}`, opts.overrideEnv));
  }
  if (s.source === 'env') {
    const lines = shellAssignmentsOf(facts, s);
    const changes = lines.length ? commentOutLines(facts, lines, opts.reason) : null;
    if (changes) files = changes;
    else {
      manualOnly = true;
      if (lines.length) steps.push(`Remove the ${s.name} assignment at ${lines.map((a) => `${a.file}:${a.line}`).join(', ')}.`);
      else steps.push(`Remove ${s.name} where your environment sets it (a shell startup file, CI configuration, container ENV, IDE or systemd unit settings).`);
    }
    steps.push('Then open a new shell (or `unset ' + s.name + '` in this one).');
  }
  const where = [files.length ? `comment out the ${s.name} line in ${files.map((f) => f.file).join(', ')}` : '', commands.length ? `run \`go env -u ${s.name}\`` : ''].filter(Boolean).join(' and ');
  return {
    description: where ? `Remove the explicit ${s.name}: ${where}.` : `Remove the explicit ${s.name}.`,
    safe: opts.safe && !manualOnly && (files.length > 0 || commands.length > 0),
    ...(files.length ? { files } : {}),
    ...(commands.length ? { commands } : {}),
    ...(steps.length ? { manual: steps.join(' ') } : {}),
  };
}

/** Replaces an explicit setting's value where it was made (env file: `go env -w`; shell: a corrected line). */
export function replaceSettingFix(facts: FactsSnapshot, s: SettingFact, newValue: string, opts: { reason: string; safe: boolean; overrideEnv?: Record<string, string> }): FixSpec {
  const commands: CommandAction[] = [];
  let files: FileChange[] = [];
  const steps: string[] = [];
  if (s.envFileValue !== null && s.source === 'env-file') {
    commands.push(goEnv(facts, ['-w', `${s.name}=${newValue}`], `set ${s.name}=${newValue} in ${envFileName(facts)}`, opts.overrideEnv));
  }
  if (s.source === 'env') {
    const lines = shellAssignmentsOf(facts, s);
    const fileShell = (a: ShellAssignment) => facts.shellStartup.files.find((f) => f.path === a.file)?.shell ?? a.shell;
    const changes = lines.length ? replaceLines(facts, lines, opts.reason, (a) => assignmentLine(fileShell(a), s.name, newValue)) : null;
    if (changes) files = changes;
    else steps.push(`Set ${s.name}=${newValue} where your environment sets it${lines.length ? ` (${lines.map((a) => `${a.file}:${a.line}`).join(', ')})` : ' (a shell startup file, CI configuration, container ENV, IDE settings)'}, then open a new shell.`);
  }
  return {
    description: `Set ${s.name} to ${newValue}${files.length ? ` in ${files.map((f) => f.file).join(', ')}` : commands.length ? ' with `go env -w`' : ''}.`,
    safe: opts.safe && steps.length === 0 && (files.length > 0 || commands.length > 0),
    ...(files.length ? { files } : {}),
    ...(commands.length ? { commands } : {}),
    ...(steps.length ? { manual: steps.join(' ') } : {}),
  };
}

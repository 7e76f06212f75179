// Shared by the sources checks: how to name where a value came from, and the fix data that
// edits the places settings live in. Only data is built here; the fix engine applies it.
import type { FactsSnapshot, SettingFact, ShellAssignment } from '../../facts/types.ts';
import type { CommandAction, FileChange, FileEdit, SourceRef } from '../../engine/types.ts';
import { REDACTED } from '../../facts/redact.ts';

/** YYYY-MM-DD of the snapshot, used in the marker comments fixes leave behind. */
export function fixDate(facts: FactsSnapshot): string {
  return /^\d{4}-\d{2}-\d{2}/.test(facts.gatheredAt) ? facts.gatheredAt.slice(0, 10) : 'unknown-date';
}

export function envFileName(facts: FactsSnapshot): string {
  return facts.envFile.path ?? 'the go env -w file';
}

export function envFileRef(facts: FactsSnapshot, line: number | null | undefined): SourceRef {
  const file = envFileName(facts);
  return { kind: 'env-file', file, ...(line ? { line } : {}), description: `${file}${line ? `:${line}` : ''} (written by go env -w)` };
}

export function gorootGoEnvRef(facts: FactsSnapshot): SourceRef {
  return { kind: 'goroot-go.env', ...(facts.gorootGoEnv.path ? { file: facts.gorootGoEnv.path } : {}), description: facts.gorootGoEnv.path ?? '$GOROOT/go.env' };
}

export function shellRef(a: { file: string; line: number; column?: number }): SourceRef {
  return { kind: 'shell-startup', file: a.file, line: a.line, ...(a.column ? { column: a.column } : {}), description: `${a.file}:${a.line}` };
}

/** The process environment, preceded by the startup-file lines that put this value there. */
export function envRefs(facts: FactsSnapshot, s: SettingFact): SourceRef[] {
  const refs = s.shellSources.map((r) => shellRef(r));
  refs.push({ kind: 'env', description: `process environment (${s.name}=${s.envValue ?? ''})` });
  return refs;
}

export function isRedacted(v: string | null | undefined): boolean {
  return !!v && v.includes(REDACTED);
}

/** Shell startup assignments that produced the live environment value of a setting. */
export function shellAssignmentsOf(facts: FactsSnapshot, s: SettingFact): ShellAssignment[] {
  return s.shellSources
    .map((ref) => facts.shellStartup.assignments.find((a) => a.file === ref.file && a.line === ref.line && a.variable === s.name))
    .filter((a): a is ShellAssignment => !!a);
}

/**
 * Text edits that comment out whole startup-file lines under a dated marker, one FileChange per
 * file. Null when a line cannot be edited unambiguously (the gatherer leaves `offset` unset for
 * lines that do other things too or continue over several physical lines) or the file's hash is
 * unknown.
 */
export function commentOutLines(facts: FactsSnapshot, lines: readonly ShellAssignment[], reason: string): FileChange[] | null {
  const byFile = new Map<string, FileChange>();
  const marker = `# disabled by gotune fix ${fixDate(facts)}: ${reason.replace(/[\r\n]+/g, ' ')}`;
  for (const a of lines) {
    const f = facts.shellStartup.files.find((x) => x.path === a.file);
    if (!f || !f.readable || f.binary || !f.sha256 || a.offset === undefined || a.universal || a.shell === 'environment') return null;
    const edit: FileEdit = { file: a.file, offset: a.offset, length: 0, newText: `${marker}\n# ` };
    const change = byFile.get(a.file) ?? { file: a.file, originalSha256: f.sha256, edits: [] };
    if (!change.edits.some((e) => e.offset === a.offset)) change.edits.push(edit);
    byFile.set(a.file, change);
  }
  return byFile.size ? [...byFile.values()] : null;
}

export function goEnvCommand(args: string[], description: string, facts: FactsSnapshot): CommandAction {
  // A GOENV from the environment decides which file `go env -w` writes; keep it for the command.
  const goenv = facts.envFile.located === 'GOENV' && facts.envFile.path ? { GOENV: facts.envFile.path } : undefined;
  return goenv ? { argv: ['go', 'env', ...args], env: goenv, description } : { argv: ['go', 'env', ...args], description };
}

/** "go1.26.8" → [1, 26, 8]; null when not a release version. */
export function parseGoVersion(v: string | null | undefined): [number, number, number] | null {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

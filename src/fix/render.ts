// Text output of `gotune fix`: previews grouped per finding, the outcome of a run, undo, history.
import { createColors } from 'picocolors';
import type { Finding } from '../engine/types.ts';
import { redactText } from '../facts/redact.ts';
import type { ApplyResult } from './apply.ts';
import type { RunEntry } from './manifest.ts';
import { displayStatus } from './manifest.ts';
import type { FixableFinding } from './plan.ts';
import { previewFix, shellWords, type FixPreview } from './preview.ts';
import type { UndoResult } from './undo.ts';

export type Colors = ReturnType<typeof createColors>;

export function colorsFor(enabled: boolean): Colors {
  return createColors(enabled);
}

const KIND_LABEL = { safe: 'safe fix', suggestion: 'suggestion (not applied by --yes alone)', choice: 'choose one (not applied by --yes alone)' } as const;

function renderDiff(diff: string, c: Colors): string[] {
  return diff.trimEnd().split('\n').map((line) => {
    if (line.startsWith('+++') || line.startsWith('---')) return c.bold(line);
    if (line.startsWith('@@')) return c.cyan(line);
    if (line.startsWith('+')) return c.green(line);
    if (line.startsWith('-')) return c.red(line);
    return line;
  });
}

function renderFixBody(p: FixPreview, c: Colors, indent: string, home: string | null): string[] {
  const out: string[] = [];
  for (const f of p.files) {
    const shown = home && f.file.startsWith(home + '/') ? `~${f.file.slice(home.length)}` : f.file;
    const head = `${indent}${f.create ? 'create' : 'edit'} ${shown}${f.target ? ` (symlink; edits ${f.target})` : ''}`;
    out.push(head);
    if (f.problem) out.push(`${indent}  ${c.yellow(`cannot apply: ${f.problem}`)}`);
    else if (f.diff === '') out.push(`${indent}  (already applied: no change)`);
    else out.push(...renderDiff(redactText(f.diff), c).map((l) => `${indent}  ${l}`));
  }
  for (const cmd of p.commands) {
    out.push(`${indent}run ${c.bold(`$ ${redactText(shellWords(cmd.argv, cmd.env))}`)}`);
    out.push(`${indent}  ${cmd.description}${cmd.reversible ? '' : c.dim(' (undo cannot reverse this command)')}`);
  }
  if (p.manual) out.push(`${indent}by hand: ${p.manual}`);
  return out;
}

/** A finding's message cut to one line, for lists where the full text was shown before. */
export function shortMessage(message: string, max = 140): string {
  const first = message.split('\n')[0]!.trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

export function renderFinding(f: Finding, c: Colors): string {
  const sev = f.severity === 'error' ? c.red(f.severity) : f.severity === 'warning' ? c.yellow(f.severity) : c.blue(f.severity);
  return `${c.bold(f.id)} ${f.name} ${sev}: ${f.message}`;
}

/** One finding and what its fix would do. */
export function renderFixable(item: FixableFinding, c: Colors, home: string | null, number?: number): string {
  const out: string[] = [];
  out.push(`${number !== undefined ? `[${number}] ` : ''}${renderFinding(item.finding, c)}`);
  out.push(`  ${c.dim(KIND_LABEL[item.kind])}: ${item.fix.description}`);
  if (item.kind === 'choice') {
    item.fix.choices!.forEach((choice, i) => {
      out.push(`  ${c.bold(`${i + 1})`)} ${choice.label}${choice.fix.safe ? '' : c.dim(' (suggestion)')}`);
      out.push(...renderFixBody(previewFix(choice.fix, home), c, '     ', home));
    });
  } else {
    out.push(...renderFixBody(previewFix(item.fix, home), c, '  ', home));
  }
  return out.join('\n');
}

export function renderPreview(items: readonly FixableFinding[], c: Colors, home: string | null): string {
  if (items.length === 0) return 'Nothing to fix: no finding carries a fix gotune can apply.\n';
  const blocks = items.map((it, i) => renderFixable(it, c, home, i + 1));
  const safe = items.filter((i) => i.kind === 'safe').length;
  const footer = [
    '',
    `${items.length} fix${items.length === 1 ? '' : 'es'} (${safe} safe, ${items.length - safe} needing a decision). Nothing was changed.`,
    'Apply with: gotune fix --apply (asks for each fix), or gotune fix --apply --yes (safe fixes only).',
  ];
  return blocks.join('\n\n') + '\n' + footer.join('\n') + '\n';
}

const STATE_COLOR = { applied: 'green', unchanged: 'dim', skipped: 'yellow', failed: 'red' } as const;

export function renderApplyResult(r: ApplyResult, c: Colors): string {
  const out: string[] = [];
  for (const o of r.outcomes) {
    const state = c[STATE_COLOR[o.state]](o.state.padEnd(9));
    out.push(`${state} ${c.bold(o.findingId)} ${o.description}`);
    for (const reason of o.reasons) out.push(`          ${redactText(reason)}`);
  }
  if (r.runId) {
    out.push('');
    out.push(`Recorded as run ${c.bold(r.runId)} (${r.status}); undo it with: gotune fix --undo ${r.runId}`);
  } else if (r.outcomes.length) {
    out.push('', 'Nothing was changed.');
  }
  return out.join('\n') + '\n';
}

export function renderUndoResult(r: UndoResult, c: Colors): string {
  const out: string[] = [];
  for (const f of r.restored) out.push(`${c.green('restored')}  ${f}`);
  for (const f of r.removed) out.push(`${c.green('removed')}   ${f} (gotune had created it)`);
  for (const f of r.unchanged) out.push(`${c.dim('unchanged')} ${f} (already had its original content)`);
  for (const m of r.messages) out.push(`${c.green('restored')}  ${m}`);
  for (const m of r.conflicts) out.push(`${c.red('not done')}  ${m}`);
  for (const m of r.notReversible) out.push(`${c.yellow('by hand')}   ${m}`);
  out.push('', r.status === 'undone' ? `Run ${r.runId} undone.` : `Run ${r.runId} only partly undone; see above. Run gotune fix --undo ${r.runId} again after resolving it.`);
  return out.join('\n') + '\n';
}

export function renderHistory(runs: readonly RunEntry[], c: Colors): string {
  if (runs.length === 0) return 'No gotune fix runs recorded.\n';
  const out: string[] = [];
  for (const r of [...runs].reverse()) {
    if (!r.manifest) { out.push(`${r.id}  ${c.dim('incomplete')}  ${r.error ?? ''}`); continue; }
    const m = r.manifest;
    const status = displayStatus(m);
    const ids = [...new Set(m.fixes.filter((f) => f.state === 'applied' || f.state === 'failed').map((f) => f.findingId))];
    const color = status === 'applied' ? c.green : status === 'undone' ? c.dim : status === 'partial' || status === 'interrupted' ? c.yellow : c.red;
    out.push(`${c.bold(r.id)}  ${color(status.padEnd(11))}  ${m.createdAt}  ${ids.join(', ') || '-'}  (${m.files.length} file${m.files.length === 1 ? '' : 's'}, ${m.commands.length} command${m.commands.length === 1 ? '' : 's'})`);
  }
  return out.join('\n') + '\n';
}

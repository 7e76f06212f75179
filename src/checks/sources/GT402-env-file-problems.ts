import { defineCheck } from '../../engine/define.ts';
import type { FileEdit, FixSpec } from '../../engine/types.ts';
import type { EnvFileIgnoredLine } from '../../facts/types.ts';
import { envFileName, envFileRef, fixDate, goEnvCommand, isRedacted } from './where.ts';

const REASONS: Record<EnvFileIgnoredLine['reason'], string> = {
  'no-equals': 'no "=" on the line',
  'not-uppercase-start': 'does not start with a letter A-Z (lowercase key, leading space, junk)',
  duplicate: 'an earlier copy of a key set again further down (the last one wins)',
  'invalid-utf8': 'invalid UTF-8',
  'empty-key': 'empty key',
  comment: 'comment',
  'refused-key': 'a variable the go command never reads from this file (only from the OS environment or not at all)',
  'invalid-key': 'the key is not a variable name, so nothing ever reads it',
};

/** Files this large cost every go command a noticeable read: it loads the whole file each run. */
const LARGE_FILE = 1 << 20;

export default defineCheck({
  id: 'GT402',
  name: 'env-file-problems',
  family: 'sources',
  severity: 'warning',
  summary: 'lines in the `go env -w` file that the go command ignores (no `=`, lowercase key, duplicates, refused keys, junk), CRLF values, an unreadable, binary or oversized file',
  fixable: true,
  run(facts, ctx) {
    const ef = facts.envFile;
    if (!ef.path) return;
    const file = envFileName(facts);
    if (ef.error) {
      ctx.report({
        message: `The go env -w file ${file} cannot be read (${ef.error}). The go command skips an env file it cannot read without a word, so none of its settings apply, and \`go env -w\`/\`go env -u\` fail with "go: reading go env config: ...".`,
        found: ef.error,
        expected: 'a readable regular file, or no file at all',
        source: envFileRef(facts, null),
        hint: `Move ${file} aside (it may be a directory or a link into a dotfile store that is not there) and re-create the settings you need with \`go env -w KEY=VALUE\`.`,
        data: { path: ef.path, error: ef.error },
      });
      return;
    }
    if (!ef.exists || !ef.readable) return;

    const broken = ef.binary || ef.truncated || (ef.size ?? 0) > LARGE_FILE;
    if (broken) {
      const what = [ef.binary ? 'contains NUL bytes (binary junk)' : '', (ef.size ?? 0) > LARGE_FILE ? `is ${ef.size} bytes long (the go command reads all of it on every run)` : '', ef.truncated ? 'was too large for gotune to read whole' : ''].filter(Boolean).join(', ');
      ctx.report({
        message: `The go env -w file ${file} ${what}. The go command reads it line by line and keeps only lines that start with A-Z and contain "=", so junk mostly goes unnoticed — but a junk line that happens to look like KEY=VALUE becomes a setting.`,
        found: what,
        expected: 'a small text file of KEY=VALUE lines written by go env -w',
        source: envFileRef(facts, null),
        hint: `Move ${file} aside and re-create the settings you need with \`go env -w\`: ${ef.entries.length ? ef.entries.slice(0, 8).map((e) => `${e.key}=${e.value}`).join(', ') : '(no setting in effect)'}.`,
        fix: { description: `Move ${file} aside and re-create the settings you need with go env -w.`, safe: false, manual: `mv ${JSON.stringify(file)} ${JSON.stringify(`${file}.broken`)}, then go env -w each setting you want to keep.` },
        data: { size: ef.size, binary: ef.binary, truncated: ef.truncated, entries: ef.entries.map((e) => e.key) },
      });
    }

    const ignored = ef.ignored.filter((l) => l.reason !== 'comment');
    const total = Math.max(ef.ignoredTotal ?? ignored.length, ignored.length);
    if (ignored.length) {
      const shown = ignored.slice(0, 10).map((l) => `line ${l.line}: ${JSON.stringify(l.text)} (${REASONS[l.reason]})`);
      ctx.report({
        message: `${total} line${total === 1 ? '' : 's'} of the go env -w file ${file} ${total === 1 ? 'is' : 'are'} ignored by the go command:\n${shown.join('\n')}${total > shown.length ? `\n… and ${total - shown.length} more` : ''}`,
        found: shown.join('; '),
        expected: 'only KEY=VALUE lines for variables the go command reads, each key once',
        source: ignored.slice(0, 10).map((l) => envFileRef(facts, l.line)),
        hint: ignoredHint(ignored),
        // A binary or oversized file gets one manual fix (above): move it aside.
        ...(broken ? {} : { fix: ignoredFix(facts, ignored, total) }),
        data: { lines: ignored.map((l) => ({ line: l.line, reason: l.reason, key: l.key ?? null })), total },
      });
    }

    const crlf = ef.entries.filter((e) => e.carriageReturn);
    if (crlf.length) {
      const cmds = crlf.filter((e) => !isRedacted(e.value)).map((e) => `${e.key}=${e.value.replace(/\r$/, '')}`);
      ctx.report({
        message: `${crlf.length} value${crlf.length === 1 ? '' : 's'} in the go env -w file ${file} end${crlf.length === 1 ? 's' : ''} in a carriage return (the file has Windows CRLF line endings). The go command splits lines on "\\n" only and keeps the "\\r" as part of the value: ${crlf.map((e) => `${e.key}=${JSON.stringify(e.value)}`).join(', ')}.`,
        found: crlf.map((e) => `${e.key} (line ${e.line})`).join(', '),
        expected: 'values without a trailing carriage return',
        source: crlf.map((e) => envFileRef(facts, e.line)),
        hint: `Write the values again with go env -w, which writes "\\n" line endings: go env -w ${cmds.join(' ') || 'KEY=VALUE'}.`,
        ...(cmds.length === crlf.length ? { fix: { description: `Rewrite ${crlf.map((e) => e.key).join(', ')} without the carriage return: go env -w ${cmds.join(' ')}.`, safe: true, commands: [goEnvCommand(['-w', ...cmds], `rewrite ${crlf.map((e) => e.key).join(', ')} without "\\r"`, facts)] } } : {}),
        data: { keys: crlf.map((e) => e.key) },
      });
    }

    const badUtf8 = ef.entries.filter((e) => e.invalidUtf8);
    if (badUtf8.length) {
      ctx.report({
        message: `${badUtf8.map((e) => e.key).join(', ')} in the go env -w file ${file} ${badUtf8.length === 1 ? 'has a value' : 'have values'} that ${badUtf8.length === 1 ? 'is' : 'are'} not valid UTF-8; the go command uses the raw bytes, and go env -w itself would refuse them ("invalid UTF-8 in KEY=... value").`,
        found: badUtf8.map((e) => `${e.key} (line ${e.line})`).join(', '),
        expected: 'UTF-8 values',
        source: badUtf8.map((e) => envFileRef(facts, e.line)),
        hint: `Set ${badUtf8.map((e) => e.key).join(', ')} again with go env -w, or remove ${badUtf8.length === 1 ? 'it' : 'them'} with go env -u.`,
        data: { keys: badUtf8.map((e) => e.key) },
      });
    }
  },
});

function ignoredHint(ignored: EnvFileIgnoredLine[]): string {
  const tips: string[] = [];
  if (ignored.some((l) => l.reason === 'duplicate')) tips.push('for a duplicated key only the last line counts; any `go env -w` or `go env -u` removes the earlier copies');
  if (ignored.some((l) => l.reason === 'not-uppercase-start' || l.reason === 'invalid-key')) tips.push('a setting you meant to make must be written as `go env -w NAME=value` with the exact upper-case name');
  if (ignored.some((l) => l.reason === 'refused-key')) tips.push('GOENV, GODEBUG and the read-only variables (GOVERSION, GOHOSTOS, GOTELEMETRY …) can only come from the OS environment or not at all');
  if (ignored.some((l) => l.reason === 'no-equals')) tips.push('lines without "=" do nothing');
  const text = tips.join('; ');
  return `Edit the file only through go env -w / go env -u. ${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * Duplicates alone: let the go command rewrite the file (`go env -w KEY=<winning value>` drops the
 * earlier copies). Anything else the go command keeps verbatim, and `go env -u` refuses lowercase
 * and refused keys, so those lines are commented out — a line the go command already ignores
 * changes nothing when commented, which is why that edit is safe.
 */
function ignoredFix(facts: Parameters<typeof fixDate>[0], ignored: EnvFileIgnoredLine[], total: number): FixSpec | undefined {
  const ef = facts.envFile;
  const file = envFileName(facts);
  if (ignored.every((l) => l.reason === 'duplicate')) {
    const keys = [...new Set(ignored.map((l) => l.key).filter((k): k is string => !!k))];
    const winners = keys.map((k) => ef.entries.find((e) => e.key === k));
    if (winners.every((w) => w && !isRedacted(w.value))) {
      const args = winners.map((w) => `${w!.key}=${w!.value}`);
      return { description: `Let the go command rewrite ${file}: \`go env -w ${args.join(' ')}\` keeps the values in effect and drops the earlier copies.`, safe: true, commands: [goEnvCommand(['-w', ...args], `rewrite ${keys.join(', ')} once each`, facts)] };
    }
  }
  if (total > ignored.length || !ef.sha256 || ignored.some((l) => l.offset === undefined)) {
    return { description: `Move ${file} aside and re-create the settings you need with go env -w.`, safe: false, manual: `Too many ignored lines to edit one by one: move ${file} aside and re-create the settings with go env -w.` };
  }
  const marker = `# disabled by gotune fix ${fixDate(facts)}: ignored by the go command`;
  const edits: FileEdit[] = [...new Map(ignored.map((l) => [l.offset!, l])).values()]
    .sort((a, b) => a.offset! - b.offset!)
    .map((l) => ({ file: ef.path!, offset: l.offset!, length: 0, newText: `${marker} (${l.reason})\n# ` }));
  return {
    description: `Comment out the ${ignored.length} ignored line${ignored.length === 1 ? '' : 's'} of ${file} under a dated marker; the go command already ignores them, so nothing changes except that the file says so.`,
    safe: true,
    files: [{ file: ef.path!, originalSha256: ef.sha256, edits }],
  };
}

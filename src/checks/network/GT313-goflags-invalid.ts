import { defineCheck } from '../../engine/define.ts';
import { parseGoflags } from '../../gomod/goflags.ts';
import { replaceSettingFix } from '../paths/setting-edits.ts';
import { effective, goMinor, goVersionOf, sourcesOf, whereOf, redactingContext } from './network-settings.ts';

export default defineCheck({
  id: 'GT313',
  name: 'goflags-invalid',
  family: 'network',
  severity: 'error',
  summary: 'GOFLAGS that the go command rejects (`-mod mod`, unknown flags, bad values) — `go env` hides these errors',
  fixable: true,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const value = effective(facts, 'GOFLAGS');
    if (!value.trim()) return;
    const minor = goMinor(facts);
    const windows = facts.platform.os === 'windows';
    // go1.19 split GOFLAGS on white space; later releases honour quotes (cmd/internal/quoted).
    const r = parseGoflags(value, { quotes: minor === null || minor >= 20, windows, goVersion: goVersionOf(facts) });
    if (!r.problems.length) return;
    const s = facts.settings['GOFLAGS'];
    const fix = r.corrected !== null && s && (s.source === 'env' || s.source === 'env-file')
      ? replaceSettingFix(facts, s, r.corrected, { reason: 'GOFLAGS had a flag value as a separate word', safe: true })
      : undefined;
    for (const p of r.problems) {
      const fatal = p.fatalForAll;
      ctx.report({
        severity: p.kind === 'ambiguous-bool' ? 'warning' : 'error',
        message: p.kind === 'ambiguous-bool'
          ? `GOFLAGS (set in ${whereOf(facts, 'GOFLAGS')}) has ${p.token}, which is a boolean for some commands and takes a value for others (${p.commands}); those fail with "${p.message}".`
          : `GOFLAGS (set in ${whereOf(facts, 'GOFLAGS')}) makes ${fatal ? 'every go command except `go env` and `go bug`' : `go ${p.commands.split(',')[0]} (and the other commands that take -${p.flag}: ${p.commands})`} fail with:\n${p.message}`,
        found: `GOFLAGS=${value}`,
        expected: p.correction ? `GOFLAGS=${r.corrected}` : 'space-separated -flag or -flag=value words, each a flag the go command knows, with a valid value',
        source: sourcesOf(facts, 'GOFLAGS'),
        hint: p.correction
          ? `Write the value with "=": ${p.correction} (GOFLAGS words are separate flags; "-mod mod" passes "mod" as a word of its own).`
          : p.kind === 'unknown-flag' ? `Remove -${p.flag} from GOFLAGS, or pass it on the command line of the one command that takes it.`
            : p.kind === 'too-new' ? `${p.commands}; upgrade Go or remove the flag.`
              : p.kind === 'split' ? 'Close the quote, or quote the whole word: GOFLAGS=\'"-ldflags=-s -w"\'.'
                : `Fix the value of -${p.flag ?? ''} in GOFLAGS. Note that \`go env\` does not report this: run \`go list\` or \`go build\` to see it.`,
        ...(fix && p.correction ? { fix } : {}),
        data: { kind: p.kind, token: p.token, goMessage: p.message },
      });
    }
  },
});

import { defineCheck } from '../../engine/define.ts';
import type { FixSpec } from '../../engine/types.ts';
import { DEFAULT_GOPROXY, formatGoproxy } from '../../gomod/goproxy.ts';
import { effective, goproxyOf, setSettingFix, sourcesOf, whereOf, redactingContext } from './network-settings.ts';
import { REDACTED } from '../../facts/redact.ts';

export default defineCheck({
  id: 'GT303',
  name: 'goproxy-invalid',
  family: 'network',
  severity: 'error',
  summary: 'GOPROXY entries the go command rejects (bad scheme, unparsable URL, no entries) or silently ignores (empty entries, entries after direct/off)',
  fixable: true,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const value = effective(facts, 'GOPROXY');
    const gp = goproxyOf(facts);
    const source = sourcesOf(facts, 'GOPROXY');
    const where = whereOf(facts, 'GOPROXY');
    const toDefault = (reason: string): FixSpec => setSettingFix(facts, 'GOPROXY', DEFAULT_GOPROXY, reason);
    if (gp.error) {
      const fix = toDefault('GOPROXY was rejected by the go command');
      ctx.report({
        severity: 'error',
        message: `GOPROXY "${gp.value}" (set in ${where}) is rejected: every command that downloads modules fails with "go: ${gp.error}".`,
        found: `GOPROXY=${gp.value}`,
        expected: 'a comma- or |-separated list of http(s):// or file:// URLs, "direct" or "off"',
        source,
        hint: `Correct the entry${gp.errorEntry ? ` "${gp.errorEntry}"` : ''} or go back to the default (${DEFAULT_GOPROXY}). Only http, https and file URLs are accepted; a bare host name gets https:// in front.`,
        ...(fix ? { fix } : {}),
        data: { error: gp.error, entry: gp.errorEntry },
      });
      return;
    }
    if (gp.ignored.length === 0 && gp.emptyEntries === 0) return;
    const kept = gp.entries.filter((e) => e.kind !== 'noproxy');
    const rewritten = formatGoproxy(kept);
    const canRewrite = rewritten !== '' && !rewritten.includes(REDACTED) && !value.includes(REDACTED);
    const fix = canRewrite ? setSettingFix(facts, 'GOPROXY', rewritten, 'GOPROXY had entries the go command ignores') : undefined;
    if (gp.ignored.length) {
      const ender = gp.ignored[0]!.after;
      ctx.report({
        severity: 'warning',
        message: `GOPROXY "${gp.value}" (set in ${where}) lists ${gp.ignored.map((i) => `"${i.raw}"`).join(', ')} after "${ender}"; the go command stops at "${ender}" and never uses ${gp.ignored.length === 1 ? 'it' : 'them'}.`,
        found: `GOPROXY=${gp.value}`,
        expected: `"${ender}" as the last entry (e.g. ${rewritten || DEFAULT_GOPROXY})`,
        source,
        hint: ender === 'direct'
          ? `Put the proxies before "direct": "direct" ends the list. To fall back to another proxy on errors, use "|" between proxies and keep "direct" last.`
          : `"off" ends the list and always fails; remove what follows it, or remove "off" if the proxies were meant to be used.`,
        ...(fix ? { fix } : {}),
        data: { ignored: gp.ignored.map((i) => i.raw), after: ender },
      });
    }
    if (gp.emptyEntries) {
      ctx.report({
        severity: 'info',
        message: `GOPROXY "${gp.value}" (set in ${where}) has ${gp.emptyEntries} empty entr${gp.emptyEntries === 1 ? 'y' : 'ies'} (doubled or trailing separators); the go command skips ${gp.emptyEntries === 1 ? 'it' : 'them'}.`,
        found: `GOPROXY=${gp.value}`,
        expected: rewritten || DEFAULT_GOPROXY,
        source,
        hint: 'Harmless today, but it often means an entry was lost while editing: check the list is what you meant.',
        ...(fix && !gp.ignored.length ? { fix } : {}),
        data: { emptyEntries: gp.emptyEntries },
      });
    }
  },
});

import { defineCheck } from '../../engine/define.ts';
import type { FixSpec } from '../../engine/types.ts';
import type { FactsSnapshot } from '../../facts/types.ts';
import { configuredValue, defaultGopath, isExplicit, listEntries, removeSettingFix, settingSources, whereSet } from './setting-edits.ts';
import { isAbsoluteOn, joinOn, samePath } from '../shared-paths.ts';

const GOPATH_REF = /\$\{?GOPATH\b/;

/** Startup-file lines that use $GOPATH (PATH="$PATH:$GOPATH/bin"): removing the variable would break them. */
function linesUsingGopath(facts: FactsSnapshot): string[] {
  const uses: string[] = [];
  for (const a of facts.shellStartup.assignments) if (a.variable !== 'GOPATH' && GOPATH_REF.test(a.value)) uses.push(`${a.file}:${a.line}`);
  for (const p of facts.shellStartup.pathAdditions) if (p.dirs.some((d) => GOPATH_REF.test(d))) uses.push(`${p.file}:${p.line}`);
  return uses;
}

export default defineCheck({
  id: 'GT201',
  name: 'gopath-explicit',
  family: 'paths',
  severity: 'warning',
  summary: 'GOPATH is set explicitly (info when equal to the default; warning elsewhere, because the module cache moves with it)',
  fixable: true,
  run(facts, ctx) {
    const s = facts.settings['GOPATH'];
    if (!s || !isExplicit(s)) return;
    const value = configuredValue(s);
    if (!value) return;
    const os = facts.platform.os;
    // Relative or ~ entries are GT202/GT203's findings, with their own fixes.
    if (listEntries(facts, value).some((e) => !isAbsoluteOn(os, e))) return;
    const def = defaultGopath(facts);
    const source = settingSources(facts, s);
    const modcache = facts.settings['GOMODCACHE'];
    const cache = modcache?.value || joinOn(os, listEntries(facts, value)[0] ?? value, 'pkg', 'mod');

    if (def && samePath(os, value, def)) {
      const users = linesUsingGopath(facts);
      ctx.report({
        severity: 'info',
        message: `GOPATH is set explicitly in ${whereSet(facts, s)} to ${value}, which is already its default; the setting does nothing for the go command.`,
        found: `GOPATH=${value}`,
        expected: `GOPATH unset (the go command uses ${def})`,
        source,
        hint: users.length
          ? `The setting can go, but ${users.join(', ')} use $GOPATH; replace those uses with "$(go env GOPATH)" or $HOME/go first.`
          : `Remove it: the default is the same, and one less setting means one less place to get out of step.`,
        fix: removeSettingFix(facts, s, { reason: 'GOPATH equals the default $HOME/go', safe: users.length === 0 }),
        data: { gopath: value, default: def },
      });
      return;
    }

    const cachePinned = isExplicit(modcache);
    const keepCache: FixSpec = {
      description: `Pin the module cache where it is now: \`go env -w GOMODCACHE=${cache}\`, so that changing or removing GOPATH later does not leave you with an empty cache.`,
      safe: false,
      commands: [{ argv: ['go', 'env', '-w', `GOMODCACHE=${cache}`], description: `set GOMODCACHE=${cache}` }],
    };
    const backToDefault = removeSettingFix(facts, s, { reason: 'GOPATH moved the module cache away from the default', safe: false });
    ctx.report({
      severity: cachePinned ? 'info' : 'warning',
      message: cachePinned
        ? `GOPATH is set explicitly in ${whereSet(facts, s)} to ${value} instead of the default ${def ?? '$HOME/go'}; GOMODCACHE is set explicitly too (${cache}), so the module cache does not move with it.`
        : `GOPATH is set explicitly in ${whereSet(facts, s)} to ${value} instead of the default ${def ?? '$HOME/go'}, and the module cache moves with it: GOMODCACHE is ${cache}. A new GOPATH starts with an empty cache, so every module is downloaded again — a "slow GOPATH" is really a cold cache.`,
      found: `GOPATH=${value}`,
      expected: `GOPATH unset (default ${def ?? '$HOME/go'}), or GOMODCACHE set explicitly so the cache stays put`,
      source,
      hint: cachePinned
        ? 'Nothing to do unless you meant GOPATH to move the cache; `go install` binaries go to its bin directory unless GOBIN is set.'
        : `To keep this GOPATH without depending on it for the cache, run \`go env -w GOMODCACHE=${cache}\`; to go back to the default, remove GOPATH (the cache then returns to ${def ? joinOn(os, def, 'pkg', 'mod') : '$HOME/go/pkg/mod'}).`,
      ...(cachePinned ? {} : {
        fix: { description: keepCache.description, safe: false, commands: keepCache.commands, choices: [{ label: `Keep GOPATH, pin GOMODCACHE=${cache}`, fix: keepCache }, { label: 'Remove GOPATH (back to the default)', fix: backToDefault }] },
      }),
      data: { gopath: value, default: def, gomodcache: cache, gomodcacheExplicit: cachePinned },
    });
  },
});

import { defineCheck } from '../../engine/define.ts';
import { configuredValue, defaultGopath, listEntries, removeSettingFix, replaceSettingFix, settingSources, whereSet } from './setting-edits.ts';
import { isAbsoluteOn, joinOn } from '../shared-paths.ts';

export default defineCheck({
  id: 'GT202',
  name: 'gopath-relative',
  family: 'paths',
  severity: 'error',
  summary: 'a GOPATH entry is relative',
  fixable: true,
  run(facts, ctx) {
    const s = facts.settings['GOPATH'];
    const value = configuredValue(s);
    if (!s || !value) return;
    const os = facts.platform.os;
    // A leading ~ is reported by GT203 with the go command's own message for it.
    const bad = listEntries(facts, value).filter((e) => !e.startsWith('~') && !isAbsoluteOn(os, e));
    if (bad.length === 0) return;
    const home = facts.user.home;
    const sep = facts.platform.listSeparator;
    const fixed = home ? listEntries(facts, value).map((e) => (bad.includes(e) ? joinOn(os, home, e) : e)).join(sep) : null;
    const override = { GOPATH: fixed ?? defaultGopath(facts) ?? '/nonexistent' };
    const absolute = fixed ? replaceSettingFix(facts, s, fixed, { reason: 'GOPATH entry was relative', safe: false, overrideEnv: override }) : null;
    const unset = removeSettingFix(facts, s, { reason: 'GOPATH entry was relative', safe: false, overrideEnv: override });
    ctx.report({
      message: `GOPATH entry ${bad.map((b) => JSON.stringify(b)).join(', ')} from ${whereSet(facts, s)} is relative, so every go command stops at once with: go: GOPATH entry is relative; must be absolute path: ${JSON.stringify(bad[0])}.`,
      found: `GOPATH=${value}`,
      expected: 'absolute GOPATH entries',
      source: settingSources(facts, s),
      hint: fixed
        ? `Use an absolute path, e.g. GOPATH=${fixed} (relative to your home directory), or remove GOPATH to use the default.`
        : 'Use an absolute path, or remove GOPATH to use the default $HOME/go.',
      fix: {
        // The first choice doubles as the default action; neither is applied without the user choosing.
        ...(absolute ?? unset),
        description: absolute ? `${absolute.description} (assuming the entry was meant relative to your home directory), or remove GOPATH.` : unset.description,
        safe: false,
        choices: [
          ...(absolute && fixed ? [{ label: `GOPATH=${fixed}`, fix: absolute }] : []),
          { label: 'Remove GOPATH (default $HOME/go)', fix: unset },
        ],
      },
      data: { entries: bad },
    });
  },
});

import { defineCheck } from '../../engine/define.ts';
import { configuredValue, listEntries, replaceSettingFix, settingSources, whereSet } from './setting-edits.ts';
import { joinOn } from '../shared-paths.ts';

export default defineCheck({
  id: 'GT203',
  name: 'gopath-tilde',
  family: 'paths',
  severity: 'error',
  summary: 'a GOPATH entry starts with `~`',
  fixable: true,
  run(facts, ctx) {
    const s = facts.settings['GOPATH'];
    const value = configuredValue(s);
    if (!s || !value) return;
    const entries = listEntries(facts, value);
    const bad = entries.filter((e) => e.startsWith('~'));
    if (bad.length === 0) return;
    const home = facts.user.home;
    const os = facts.platform.os;
    // Only "~" and "~/..." mean the current user's home; "~bob/go" names another user's.
    const expandable = home && bad.every((e) => e === '~' || e.startsWith('~/') || e.startsWith('~\\'));
    const fixed = expandable ? entries.map((e) => (e.startsWith('~') ? joinOn(os, home, e.slice(1)) : e)).join(facts.platform.listSeparator) : null;
    ctx.report({
      message: `GOPATH entry ${bad.map((b) => JSON.stringify(b)).join(', ')} from ${whereSet(facts, s)} starts with "~", which only a shell expands, and not inside quotes; every go command stops with: go: GOPATH entry cannot start with shell metacharacter '~': ${JSON.stringify(bad[0])}`,
      found: `GOPATH=${value}`,
      expected: fixed ? `GOPATH=${fixed}` : 'absolute GOPATH entries',
      source: settingSources(facts, s),
      hint: fixed
        ? `Write the home directory out (GOPATH=${fixed}), or use $HOME unquoted or inside double quotes in shell files: export GOPATH="$HOME/go".`
        : 'Write the path out in full; "~user" cannot be expanded by the go command either.',
      ...(fixed ? { fix: replaceSettingFix(facts, s, fixed, { reason: 'GOPATH started with ~', safe: true, overrideEnv: { GOPATH: fixed } }) } : {}),
      data: { entries: bad },
    });
  },
});

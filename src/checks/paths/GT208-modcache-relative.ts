import { defineCheck } from '../../engine/define.ts';
import { configuredValue, removeSettingFix, replaceSettingFix, settingSources, whereSet } from './setting-edits.ts';
import { isAbsoluteOn, joinOn } from '../shared-paths.ts';

export default defineCheck({
  id: 'GT208',
  name: 'modcache-relative',
  family: 'paths',
  severity: 'error',
  summary: 'GOMODCACHE is relative',
  fixable: true,
  run(facts, ctx) {
    const s = facts.settings['GOMODCACHE'];
    const value = configuredValue(s) ?? s?.value ?? null;
    if (!s || !value) return;
    const os = facts.platform.os;
    if (isAbsoluteOn(os, value)) return;
    const home = facts.user.home;
    const absolute = home ? joinOn(os, home, value.replace(/^~[\\/]?/, '')) : null;
    const unset = removeSettingFix(facts, s, { reason: 'GOMODCACHE was relative', safe: false });
    const set = absolute ? replaceSettingFix(facts, s, absolute, { reason: 'GOMODCACHE was relative', safe: false }) : null;
    ctx.report({
      message: `GOMODCACHE ${JSON.stringify(value)} from ${whereSet(facts, s)} is not an absolute path. \`go env\` still prints it, but every command that needs a module fails with: go: GOMODCACHE entry is relative; must be absolute path: ${JSON.stringify(value)}.`,
      found: `GOMODCACHE=${value}`,
      expected: 'GOMODCACHE unset (GOPATH/pkg/mod) or an absolute path',
      source: settingSources(facts, s),
      hint: `Remove GOMODCACHE to use the default${absolute ? `, or set it to an absolute path such as ${absolute}` : ''}.`,
      fix: {
        ...unset,
        safe: false,
        choices: [{ label: 'Remove GOMODCACHE (default GOPATH/pkg/mod)', fix: unset }, ...(set && absolute ? [{ label: `GOMODCACHE=${absolute}`, fix: set }] : [])],
      },
      data: { value },
    });
  },
});

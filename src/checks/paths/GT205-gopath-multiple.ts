import { defineCheck } from '../../engine/define.ts';
import { listEntries, settingSources } from './setting-edits.ts';
import { joinOn } from '../shared-paths.ts';

export default defineCheck({
  id: 'GT205',
  name: 'gopath-multiple',
  family: 'paths',
  severity: 'info',
  summary: 'GOPATH has several entries (only the first holds the module cache and the default GOBIN)',
  fixable: false,
  run(facts, ctx) {
    const s = facts.settings['GOPATH'];
    const entries = listEntries(facts, s?.value ?? null);
    if (!s || entries.length < 2) return;
    const os = facts.platform.os;
    const first = entries[0]!;
    const gobin = facts.settings['GOBIN']?.value;
    ctx.report({
      message: `GOPATH has ${entries.length} entries (${entries.join(facts.platform.listSeparator)}). In module mode only the first one is used: the module cache is ${facts.settings['GOMODCACHE']?.value || joinOn(os, first, 'pkg', 'mod')} and \`go install\` writes to ${gobin || joinOn(os, first, 'bin')}; the others only matter to GOPATH-mode builds.`,
      found: `GOPATH=${s.value}`,
      expected: 'a single GOPATH entry (or none: the default $HOME/go)',
      source: settingSources(facts, s),
      hint: `If you no longer build in GOPATH mode, keep just ${first}; tools installed in ${entries.slice(1).map((e) => joinOn(os, e, 'bin')).join(', ')} are not updated by \`go install\`.`,
      data: { entries },
    });
  },
});

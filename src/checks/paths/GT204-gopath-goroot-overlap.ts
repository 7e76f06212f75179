import { defineCheck } from '../../engine/define.ts';
import { configuredValue, listEntries, settingSources } from './setting-edits.ts';
import { isAbsoluteOn, isInside, joinOn, samePath } from '../shared-paths.ts';

export default defineCheck({
  id: 'GT204',
  name: 'gopath-goroot-overlap',
  family: 'paths',
  severity: 'warning',
  summary: 'GOPATH equals GOROOT, or one lies inside the other',
  fixable: false,
  run(facts, ctx) {
    const os = facts.platform.os;
    const gp = facts.settings['GOPATH'];
    const gopath = gp?.value ?? configuredValue(gp);
    const goroot = facts.settings['GOROOT']?.value || facts.goEnv?.values['GOROOT'] || null;
    if (!gp || !gopath || !goroot) return;
    // Symlinked spellings of the same tree count too (/usr/local/go -> /usr/local/go1.26).
    const real = (role: 'GOPATH' | 'GOROOT', p: string) => facts.mounts.locations.find((l) => l.role === role && samePath(os, l.path, p))?.realPath ?? null;
    const rootReal = real('GOROOT', goroot);
    for (const entry of listEntries(facts, gopath)) {
      if (!isAbsoluteOn(os, entry)) continue;
      const entryReal = real('GOPATH', entry);
      const pairs: [string, string][] = [[entry, goroot]];
      if (entryReal && rootReal) pairs.push([entryReal, rootReal]);
      const equal = pairs.some(([a, b]) => samePath(os, a, b));
      const inRoot = !equal && pairs.some(([a, b]) => isInside(os, a, b));
      const rootIn = !equal && !inRoot && pairs.some(([a, b]) => isInside(os, b, a));
      if (!equal && !inRoot && !rootIn) continue;
      const via = pairs.length > 1 && !samePath(os, entry, goroot) && !isInside(os, entry, goroot) && !isInside(os, goroot, entry) ? ` (after resolving symlinks: ${entryReal} and ${rootReal})` : '';
      const message = equal
        ? `GOPATH entry ${entry} is GOROOT${via}. The go command warns on every run — "warning: both GOPATH and GOROOT are the same directory (${entry}); see https://go.dev/wiki/InstallTroubleshooting" (Go 1.21+), "warning: GOPATH set to GOROOT (${entry}) has no effect" (older) — and the module cache and \`go install\` binaries land inside the Go installation (${joinOn(os, entry, 'pkg', 'mod')}, ${joinOn(os, entry, 'bin')}), where the next Go upgrade deletes them.`
        : inRoot
          ? `GOPATH entry ${entry} lies inside GOROOT ${goroot}${via}: the module cache (${joinOn(os, entry, 'pkg', 'mod')}) and installed binaries live inside the Go installation, and replacing Go for an upgrade deletes them.`
          : `GOROOT ${goroot} lies inside GOPATH entry ${entry}${via}: the Go installation sits in the workspace, so GOPATH-mode tools see the standard library twice and \`go clean -modcache\` or workspace clean-ups can reach into it.`;
      ctx.report({
        message,
        found: `GOPATH=${gopath}, GOROOT=${goroot}`,
        expected: 'GOPATH and GOROOT in separate trees (the default GOPATH is $HOME/go)',
        source: [...settingSources(facts, gp), ...(facts.settings['GOROOT'] ? settingSources(facts, facts.settings['GOROOT']) : [])],
        hint: 'Remove GOPATH (`go env -u GOPATH` or the export in your shell startup file) to use $HOME/go, or point it at a directory outside the Go installation.',
        data: { gopath: entry, goroot, relation: equal ? 'equal' : inRoot ? 'gopath-inside-goroot' : 'goroot-inside-gopath' },
      });
    }
  },
});

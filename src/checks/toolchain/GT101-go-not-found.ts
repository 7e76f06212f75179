import { defineCheck } from '../../engine/define.ts';
import type { SourceRef } from '../../engine/types.ts';
import { compareVersions, versionOfGoVersion } from './gover.ts';

const ORIGIN: Record<string, string> = {
  official: 'official installer',
  manual: 'unpacked by hand',
  distro: 'distribution package',
  'golang-dl': 'golang.org/dl download',
  'module-cache': 'toolchain downloaded by the go command into the module cache',
  homebrew: 'Homebrew',
};

export default defineCheck({
  id: 'GT101',
  name: 'go-not-found',
  family: 'toolchain',
  severity: 'error',
  summary: 'no `go` on PATH; names Go trees found elsewhere that could be put on PATH',
  fixable: false,
  run(facts, ctx) {
    if (facts.goBinaries.some((b) => b.executable)) return;
    const sep = facts.platform.listSeparator;
    const bin = (root: string) => (facts.platform.os === 'windows' ? `${root}\\bin` : `${root}/bin`);
    // Newest first, downloaded toolchains last: they belong to the module cache and vanish with `go clean -modcache`.
    const trees = [...facts.goTrees].sort((a, b) => {
      const mc = Number(a.origin === 'module-cache') - Number(b.origin === 'module-cache');
      if (mc) return mc;
      return compareVersions(versionOfGoVersion(b.version) ?? '', versionOfGoVersion(a.version) ?? '');
    });
    const unusable = facts.goBinaries.filter((b) => !b.executable);
    const found = trees.map((t) => `${t.root} (${t.version ?? 'version unknown'}; ${ORIGIN[t.origin] ?? t.origin})`);
    const pathNote = facts.path.truncated ? ` PATH has more than ${facts.path.examined} entries; only the first ${facts.path.examined} were searched.` : '';
    const notExec = unusable.length ? ` ${unusable.map((b) => `${b.path} is on PATH but cannot run${b.error ? ` (${b.error})` : ' (not executable)'}`).join('; ')}.` : '';
    const best = trees[0];
    const source: SourceRef[] = [{ kind: 'path', description: `PATH (${facts.path.entries.length} entries searched)` }];
    for (const t of trees) source.push({ kind: t.origin === 'module-cache' ? 'filesystem' : 'version-manager', file: t.root, description: `${t.root} (${ORIGIN[t.origin] ?? t.origin})` });
    ctx.report({
      message: `No \`go\` executable on PATH.${notExec}${found.length ? ` Go installations found elsewhere: ${found.join(', ')}.` : ' No Go installation was found in the usual places either.'}${pathNote}`,
      found: unusable.length ? unusable.map((b) => b.path).join(', ') : 'no go on PATH',
      expected: 'a `go` executable in a PATH directory',
      source,
      hint: best
        ? `Put ${bin(best.root)} on PATH, e.g. \`export PATH="${bin(best.root)}${sep}$PATH"\` in your shell startup file (editors started from the desktop read the login environment, not ~/.bashrc).`
        : 'Install Go from https://go.dev/dl/ (or your package manager) and put its bin directory on PATH.',
      data: { trees: trees.map((t) => ({ root: t.root, version: t.version, origin: t.origin })) },
    });
  },
});

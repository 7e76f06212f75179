import { defineCheck } from '../../engine/define.ts';
import type { FixSpec } from '../../engine/types.ts';
import type { FactsSnapshot } from '../../facts/types.ts';
import { compareVersions, isValidVersion, langOf, parseVersion, versionOfGoVersion } from './gover.ts';
import { localGoVersion, reportedGoVersion } from './running-go.ts';

/** Tools that type-check or parse the module's code: built with an older Go, they cannot read newer language versions. */
const SOURCE_TOOLS = new Set(['gopls', 'staticcheck', 'golangci-lint', 'govulncheck', 'goimports', 'gofumpt', 'dlv', 'revive', 'errcheck', 'gotests', 'impl', 'gomodifytags', 'stringer', 'mockgen', 'golines', 'wire', 'swag']);

/** Release lines behind the toolchain before a tool counts as far older. */
export const DRIFT_LINES = 2;

function minorOf(v: string): number {
  return Number(parseVersion(v).minor || '0');
}

function projectGoLine(facts: FactsSnapshot): { go: string; file: string; line: number | null } | null {
  const f = facts.project.goWork && !facts.project.goWork.error ? facts.project.goWork : facts.project.goMod;
  if (!f?.go || !isValidVersion(f.go)) return null;
  return { go: f.go, file: f.path, line: f.goLine };
}

export default defineCheck({
  id: 'GT110',
  name: 'tool-drift',
  family: 'toolchain',
  severity: 'warning',
  summary: 'gopls, dlv, staticcheck, golangci-lint ... built with a Go release far older than the toolchain or the module\'s `go` line (read from the binary\'s build info)',
  fixable: true,
  run(facts, ctx) {
    const toolchain = reportedGoVersion(facts) ?? localGoVersion(facts);
    const proj = projectGoLine(facts);
    for (const t of facts.tools) {
      const tv = versionOfGoVersion(t.goVersion);
      if (!tv) continue;
      const reasons: string[] = [];
      if (proj && SOURCE_TOOLS.has(t.name) && compareVersions(langOf(tv), langOf(proj.go)) < 0) {
        reasons.push(`older than this module's \`go ${proj.go}\` line (${proj.file}${proj.line ? `:${proj.line}` : ''}): a tool built with Go ${langOf(tv)} cannot type-check Go ${langOf(proj.go)} code and reports errors such as \`requires go >= ${proj.go}\` or \`invalid Go version\``);
      }
      if (toolchain && parseVersion(tv).major === parseVersion(toolchain).major && minorOf(toolchain) - minorOf(tv) >= DRIFT_LINES) {
        reasons.push(`${minorOf(toolchain) - minorOf(tv)} release lines behind the toolchain (go${toolchain})`);
      }
      if (reasons.length === 0) continue;
      const pkg = t.packagePath ?? null;
      const ver = t.moduleVersion && t.moduleVersion !== '(devel)' ? t.moduleVersion : null;
      const same = pkg && ver ? `go install ${pkg}@${ver}` : null;
      const latest = pkg ? `go install ${pkg}@latest` : null;
      const fix: FixSpec | undefined = latest
        ? {
            description: same ? `Rebuild ${t.name} ${ver} with the current toolchain: \`${same}\`` : `Reinstall ${t.name}: \`${latest}\``,
            safe: false,
            commands: [{ argv: ['go', 'install', same ? `${pkg}@${ver}` : `${pkg}@latest`], description: same ?? latest }],
            ...(same ? { choices: [
              { label: `rebuild the same version (${ver})`, fix: { description: same, safe: false, commands: [{ argv: ['go', 'install', `${pkg}@${ver}`], description: same }] } },
              { label: 'install the latest version', fix: { description: latest, safe: false, commands: [{ argv: ['go', 'install', `${pkg}@latest`], description: latest }] } },
            ] } : {}),
          }
        : undefined;
      ctx.report({
        message: `${t.name} (${t.path}) was built with ${t.goVersion}, ${reasons.join('; and ')}.`,
        found: `${t.name}${ver ? ` ${ver}` : ''} built with ${t.goVersion}`,
        expected: `built with go${proj && (!toolchain || compareVersions(proj.go, toolchain) > 0) ? langOf(proj.go) : toolchain ? langOf(toolchain) : ''} or newer`,
        source: { kind: 'filesystem', file: t.path, description: `build info embedded in ${t.path} (what \`go version -m ${t.path}\` prints)` },
        hint: latest ? `Reinstall it with the current toolchain: \`${same ?? latest}\`${same ? ` (or \`${latest}\`)` : ''}.` : `Reinstall ${t.name} with the current Go toolchain.`,
        ...(fix ? { fix } : {}),
        data: { tool: t.name, builtWith: t.goVersion, toolchain: toolchain ? `go${toolchain}` : null, moduleGo: proj?.go ?? null, package: pkg, version: ver },
      });
    }
  },
});

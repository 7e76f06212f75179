import { defineCheck } from '../../engine/define.ts';
import type { FactsSnapshot, VersionManagerFacts } from '../../facts/types.ts';
import type { SourceRef } from '../../engine/types.ts';
import { isInsideAsSpelled, winningGo } from './running-go.ts';

/** Managers that decide which go runs by a shim or PATH entry; the others only hold installs. */
const SWITCHING = new Set(['asdf', 'mise', 'goenv', 'gvm', 'sdkman', 'g']);

const LABEL: Record<string, string> = {
  asdf: 'asdf', mise: 'mise', goenv: 'goenv', gvm: 'gvm', sdkman: 'SDKMAN', g: 'g', 'golang-dl': 'golang.org/dl (~/sdk)', homebrew: 'Homebrew', distro: 'distribution packages',
};

const INSTALL_CMD: Record<string, (v: string) => string> = {
  asdf: (v) => `asdf install golang ${v}`,
  mise: (v) => `mise install go@${v}`,
  goenv: (v) => `goenv install ${v}`,
  gvm: (v) => `gvm install ${v}`,
  sdkman: (v) => `sdk install go ${v}`,
  g: (v) => `g install ${v.replace(/^go/, '')}`,
};

function label(m: VersionManagerFacts): string { return LABEL[m.name] ?? m.name; }

function owns(facts: FactsSnapshot, m: VersionManagerFacts, goPath: string, realPath: string | null): boolean {
  const os = facts.platform.os;
  const dirs = [m.root, m.shimDir].filter((d): d is string => !!d);
  return [goPath, realPath].some((p) => !!p && dirs.some((d) => isInsideAsSpelled(p, d, os)));
}

function initFromStartup(facts: FactsSnapshot, m: VersionManagerFacts): string[] {
  const re: Record<string, RegExp> = { asdf: /asdf/, mise: /mise\s+activate|mise\/shims/, goenv: /goenv/, gvm: /\.gvm\//, sdkman: /sdkman-init/, g: /\.g\/env/ };
  const r = re[m.name];
  if (!r) return [];
  return (facts.shellStartup.initLines ?? []).filter((l) => r.test(l.text)).map((l) => `init line ${l.file}:${l.line}: ${l.text.trim()}`);
}

export default defineCheck({
  id: 'GT109',
  name: 'version-managers',
  family: 'toolchain',
  severity: 'info',
  summary: 'Go version managers and package installs detected: info listing; warning when two are active, when a shim is not the `go` that wins, or a shim points at a missing version',
  fixable: false,
  run(facts, ctx) {
    const managers = facts.versionManagers;
    if (managers.length === 0) return;
    const w = winningGo(facts);
    const evidenceOf = (m: VersionManagerFacts) => [...new Set([...m.evidence, ...initFromStartup(facts, m)])];
    const isActive = (m: VersionManagerFacts) => m.active || initFromStartup(facts, m).length > 0;
    const src = (m: VersionManagerFacts): SourceRef[] => [
      { kind: 'version-manager', file: m.root, description: `${label(m)} at ${m.root}` },
      ...(m.selected?.file ? [{ kind: 'project-file' as const, file: m.selected.file, description: `${m.selected.file} selects ${m.selected.version}` }] : []),
    ];

    for (const m of managers) {
      const versions = m.versions.length ? m.versions.map((v) => `${v.version}${v.exists ? '' : ' (incomplete: no bin/go)'}`).join(', ') : 'no Go versions installed';
      const state = SWITCHING.has(m.name) ? (isActive(m) ? 'active' : 'installed but not wired into PATH or a startup file') : isActive(m) ? 'on PATH' : 'not on PATH';
      const sel = m.selected ? `; selects ${m.selected.version}${m.selected.file ? ` (${m.selected.file})` : ' (environment)'}` : '';
      ctx.report({
        severity: 'info',
        message: `${label(m)} (${m.root}): ${versions}; ${state}${sel}.`,
        found: versions,
        source: src(m),
        hint: SWITCHING.has(m.name) ? `Use one way of choosing the Go version; \`type -a go\` shows which go each shell finds.` : 'Nothing to do; listed so you know which Go trees exist.',
        data: { manager: m.name, active: isActive(m), versions: m.versions, selected: m.selected, evidence: evidenceOf(m) },
      });
    }

    const active = managers.filter((m) => SWITCHING.has(m.name) && isActive(m));
    if (active.length >= 2) {
      ctx.report({
        severity: 'warning',
        message: `${active.length} version managers are active at once: ${active.map((m) => `${label(m)} (${evidenceOf(m)[0] ?? 'active'})`).join('; ')}. Which go runs then depends on PATH order and on which shell read which startup file.`,
        found: active.map(label).join(', '),
        expected: 'one version manager',
        source: active.flatMap(src),
        hint: `Keep one and remove the other's shim directory from PATH and its init line from your startup files.`,
        data: { managers: active.map((m) => m.name) },
      });
    }

    for (const m of active) {
      if (w && !owns(facts, m, w.path, w.realPath)) {
        ctx.report({
          severity: 'warning',
          message: `${label(m)} is set up (${evidenceOf(m)[0] ?? 'active'}), but \`go\` on PATH is ${w.path}${w.version ? ` (${w.version})` : ''}, not ${label(m)}'s${m.selected ? `, so the ${m.selected.version} it selects${m.selected.file ? ` in ${m.selected.file}` : ''} is ignored` : ''}.`,
          found: w.path,
          expected: m.shimDir ? `${m.shimDir}/go first on PATH` : `a go from ${m.root}`,
          source: [{ kind: 'path', file: w.path, description: `go on PATH: ${w.path} (PATH entry ${w.pathIndex})` }, ...src(m)],
          hint: m.shimDir ? `Put ${m.shimDir} before ${w.path.replace(/[/\\]go(?:\.exe)?$/, '')} on PATH (the manager's init line should come last in your startup file), or stop using ${label(m)}.` : `Load ${label(m)} after other PATH changes, or stop using it.`,
          data: { manager: m.name, winner: w.path },
        });
      }
      if (m.selected && !m.selected.installed) {
        const shimErr = w && owns(facts, m, w.path, w.realPath) && w.error ? ` Its shim fails: ${w.error}` : '';
        const cmd = INSTALL_CMD[m.name]?.(m.selected.version);
        ctx.report({
          severity: 'warning',
          message: `${label(m)} selects Go ${m.selected.version}${m.selected.file ? ` (from ${m.selected.file})` : ' (from the environment)'}, which is not installed; \`go\` through its shim fails.${shimErr}`,
          found: `${m.selected.version} selected; installed: ${m.versions.map((v) => v.version).join(', ') || 'none'}`,
          expected: `${m.selected.version} installed`,
          source: src(m),
          hint: cmd ? `Run \`${cmd}\`, or change the selected version.` : 'Install the selected version or change the selection.',
          data: { manager: m.name, selected: m.selected.version },
        });
      }
    }
  },
});

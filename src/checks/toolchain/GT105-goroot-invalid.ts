import { defineCheck } from '../../engine/define.ts';
import { settingSources, winningGo } from './running-go.ts';

export default defineCheck({
  id: 'GT105',
  name: 'goroot-invalid',
  family: 'toolchain',
  severity: 'error',
  summary: 'GOROOT does not exist or is not a Go tree',
  fixable: false,
  run(facts, ctx) {
    const g = facts.goroot;
    if (!g?.path) return;
    const setting = facts.settings['GOROOT'];
    const source = settingSources(facts, setting);
    const explicit = setting && setting.source !== 'default';
    const where = explicit ? `set in ${source[0]?.description}` : 'as the go command found it';
    const w = winningGo(facts);
    const own = w?.root && w.root !== g.path ? w.root : null;
    const hint = explicit
      ? `Unset GOROOT (see GT103) so the go command finds its own tree${own ? ` (${own})` : ''}, or point it at a complete Go installation.`
      : 'Reinstall Go: the tree the go binary belongs to is damaged or incomplete.';
    if (!g.exists || !g.isDir) {
      const msg = `go: cannot find GOROOT directory: ${g.path}`;
      ctx.report({
        message: `GOROOT ${g.path} (${where}) ${g.exists ? 'is not a directory' : 'does not exist'}; every go command fails with \`${msg}\`.`,
        found: g.exists ? `${g.path} (not a directory)` : `${g.path} (missing${g.error ? `: ${g.error}` : ''})`,
        expected: 'GOROOT names an existing Go installation, or is unset',
        source,
        hint,
        data: { goroot: g.path, exists: g.exists },
      });
      return;
    }
    const missing = [!g.hasToolDir && 'pkg/tool', !g.hasRuntime && 'src/runtime', !g.hasGoBinary && 'bin/go'].filter((x): x is string => !!x);
    // cmd/go itself only looks for pkg/tool; without src/runtime nothing builds.
    if (!g.hasToolDir || !g.hasRuntime) {
      ctx.report({
        message: `GOROOT ${g.path} (${where}) is not a Go tree: it has no ${missing.join(', ')}. \`go env\` still answers, but builds fail: the standard library and the compiler are looked up there (\`package fmt is not in std (${g.path}/src/fmt)\`).`,
        found: `${g.path} without ${missing.join(', ')}`,
        expected: 'a Go installation (bin/go, pkg/tool, src/runtime)',
        source,
        hint,
        data: { goroot: g.path, missing },
      });
    }
  },
});

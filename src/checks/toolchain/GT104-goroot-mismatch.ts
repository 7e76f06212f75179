import { defineCheck } from '../../engine/define.ts';
import { versionOfGoVersion } from './gover.ts';
import { isInsideAsSpelled, samePathAsSpelled, settingSources, winningGo } from './running-go.ts';

export default defineCheck({
  id: 'GT104',
  name: 'goroot-mismatch',
  family: 'toolchain',
  severity: 'error',
  summary: 'the running `go` and the GOROOT it uses are different versions, or the binary lives outside that GOROOT',
  fixable: false,
  run(facts, ctx) {
    const g = facts.goroot;
    const w = winningGo(facts);
    if (!g?.path || !g.exists || !g.isDir || !w) return; // a missing GOROOT is GT105
    // After a toolchain switch GOROOT is the downloaded toolchain and the binary on PATH is only the launcher.
    if (g.moduleCacheToolchain) return;
    const os = facts.platform.os;
    const binVersion = facts.goEnv?.values['GOVERSION'] || w.builtWith || w.version;
    const bin = versionOfGoVersion(binVersion);
    const tree = versionOfGoVersion(g.version);
    const source = settingSources(facts, facts.settings['GOROOT']);
    const where = facts.settings['GOROOT']?.source === 'default' ? 'found by the go command' : `set in ${source[0]?.description ?? 'the environment'}`;
    if (bin && tree && bin !== tree) {
      const compileMsg = `compile: version "${g.version?.split(/\s/)[0]}" does not match go tool version "${binVersion?.split(/\s/)[0]}"`;
      ctx.report({
        message: `The go command ${w.path} is ${binVersion?.split(/\s/)[0]}, but the GOROOT it uses (${g.path}, ${where}) holds ${g.version?.split(/\s/)[0]}. Every build fails with \`${compileMsg}\`.`,
        found: `go binary ${binVersion?.split(/\s/)[0]}, GOROOT ${g.path} = ${g.version?.split(/\s/)[0]}`,
        expected: 'the go binary and its GOROOT are the same release',
        source: [{ kind: 'path', file: w.path, description: `go on PATH: ${w.path}` }, ...source],
        hint: facts.settings['GOROOT']?.source === 'default'
          ? `Reinstall Go so that ${w.path} sits in its own tree, or put ${g.path}/bin first on PATH.`
          : `Unset GOROOT (see GT103: \`go env -u GOROOT\` or remove the export) so the go command uses its own tree${w.root ? ` (${w.root})` : ''}, or put ${g.path}/bin first on PATH if you meant ${g.version?.split(/\s/)[0]}.`,
        data: { binaryVersion: binVersion, gorootVersion: g.version, goroot: g.path, binary: w.path },
      });
      return;
    }
    const real = w.realPath ?? w.path;
    const insideTree = isInsideAsSpelled(real, g.path, os) || isInsideAsSpelled(w.path, g.path, os) || samePathAsSpelled(w.root, g.path, os);
    if (!insideTree && w.kind !== 'shim' && w.kind !== 'script') {
      ctx.report({
        severity: 'warning',
        message: `The go command ${w.path}${real !== w.path ? ` (-> ${real})` : ''} lives outside the GOROOT it uses (${g.path}, ${where}).${bin && tree ? ` Both are ${binVersion?.split(/\s/)[0]} today, so builds work until one of them is upgraded without the other.` : ' Their versions could not both be read.'}`,
        found: `${real} outside ${g.path}`,
        expected: `the go binary at ${g.path}/bin/go`,
        source: [{ kind: 'path', file: w.path, description: `go on PATH: ${w.path}` }, ...source],
        hint: `Put ${g.path}/bin on PATH instead of a copied or separately installed go binary, and do not set GOROOT by hand.`,
        data: { binaryVersion: binVersion ?? null, gorootVersion: g.version, goroot: g.path, binary: w.path },
      });
    }
  },
});

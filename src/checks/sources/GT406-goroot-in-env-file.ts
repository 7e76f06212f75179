import { defineCheck } from '../../engine/define.ts';
import { envFileName, envFileRef, goEnvCommand } from './where.ts';
import { samePathAsSpelled } from '../toolchain/running-go.ts';

export default defineCheck({
  id: 'GT406',
  name: 'goroot-in-env-file',
  family: 'sources',
  severity: 'warning',
  summary: 'GOROOT set with `go env -w`',
  fixable: true,
  run(facts, ctx) {
    const e = facts.envFile.entries.find((x) => x.key === 'GOROOT');
    if (!e || e.value === '') return;
    const file = envFileName(facts);
    const winner = facts.goBinaries.find((b) => b.executable) ?? null;
    const own = winner?.root ?? null;
    const os = facts.platform.os;
    // The same comparison as GT103's, so the two agree on whether the file names the binary's own tree.
    const same = samePathAsSpelled(own, e.value, os);
    const envGoroot = facts.settings['GOROOT']?.envValue ?? null;
    const split = envGoroot !== null && !samePathAsSpelled(envGoroot, e.value, os);
    const parts = [
      `GOROOT is set in the go env -w file (${file}:${e.line}) to ${e.value}. The go command accepts \`go env -w GOROOT=...\`, and from then on every go binary that reads this file uses that tree instead of its own`,
      same ? ` — today that is the tree of the go on PATH (${own}), so nothing is wrong yet, but installing another Go, a version manager or a toolchain switch will pair a new go binary with this old tree ("compile: version ... does not match go tool version ...").`
        : own ? `, while the go on PATH (${winner?.path}) belongs to ${own}: the binary and the tree can be different Go versions ("compile: version ... does not match go tool version ...").` : '.',
      split ? ` The environment's GOROOT=${envGoroot} wins for the tree, yet the go command still reads $GOROOT/go.env from the file's GOROOT (${e.value}), so GOPROXY, GOSUMDB and GOTOOLCHAIN defaults come from another tree.` : '',
    ];
    ctx.report({
      severity: same && !split ? 'info' : 'warning',
      message: parts.join(''),
      found: `GOROOT=${e.value} in ${file}:${e.line}`,
      expected: 'no GOROOT in the go env -w file (each go binary finds its own tree)',
      source: envFileRef(facts, e.line),
      hint: 'Run `go env -u GOROOT`. To use a particular Go, put its bin directory first on PATH instead.',
      fix: {
        description: `Remove GOROOT from ${file}: \`go env -u GOROOT\`${same ? ' (the go on PATH finds the same tree by itself, so nothing changes now)' : `; the go on PATH then uses its own tree${own ? ` (${own})` : ''}`}.`,
        safe: same && !split,
        commands: [goEnvCommand(['-u', 'GOROOT'], `remove GOROOT from ${file}`, facts)],
      },
      data: { value: e.value, binaryRoot: own, envGoroot },
    });
  },
});

import { defineCheck } from '../../engine/define.ts';
import type { GoBinary } from '../../facts/types.ts';
import { describeBinary, samePathAsSpelled } from './running-go.ts';

export default defineCheck({
  id: 'GT102',
  name: 'go-shadowed',
  family: 'toolchain',
  severity: 'warning',
  summary: 'several `go` executables on PATH with different versions or roots; names each and which one wins',
  fixable: false,
  run(facts, ctx) {
    const os = facts.platform.os;
    // One entry per real file: /usr/bin/go -> /usr/lib/go-1.19/bin/go and that file itself are one go.
    const distinct: GoBinary[] = [];
    for (const b of facts.goBinaries) {
      if (!b.executable) continue;
      const key = b.realPath ?? b.path;
      if (distinct.some((d) => samePathAsSpelled(d.realPath ?? d.path, key, os))) continue;
      distinct.push(b);
    }
    if (distinct.length < 2) return;
    const [winner, ...rest] = distinct as [GoBinary, ...GoBinary[]];
    const differs = (b: GoBinary) => b.version !== winner.version || !samePathAsSpelled(b.root, winner.root, os) || b.root === null;
    const shadowed = rest.filter(differs);
    if (shadowed.length === 0) return;
    const versionsDiffer = shadowed.some((b) => b.version !== winner.version || b.version === null);
    const list = [winner, ...shadowed].map((b, i) => `${i === 0 ? 'wins' : 'shadowed'}: ${describeBinary(b)} [PATH entry ${b.pathIndex}]`);
    ctx.report({
      severity: versionsDiffer ? 'warning' : 'info',
      message: `${shadowed.length + 1} different \`go\` executables are on PATH; ${winner.path} (${winner.version ?? 'version unknown'}) wins, ${shadowed.map((b) => `${b.path} (${b.version ?? 'version unknown'})`).join(', ')} ${shadowed.length === 1 ? 'is' : 'are'} never run by \`go\`.`,
      found: list.join('\n'),
      expected: 'one go on PATH, or several that are the same toolchain',
      source: [winner, ...shadowed].map((b) => ({ kind: 'path' as const, file: b.path, description: `PATH entry ${b.pathIndex}: ${facts.path.entries[b.pathIndex]?.raw ?? b.path}` })),
      hint: `Remove the PATH entries of the go you do not use, or put the one you want first. Tools started with another PATH (editors, cron, CI, sudo) may pick a different one; check with \`type -a go\` and \`go version\`.`,
      data: { winner: winner.path, shadowed: shadowed.map((b) => b.path) },
    });
  },
});

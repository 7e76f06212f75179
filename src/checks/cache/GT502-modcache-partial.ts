import { defineCheck } from '../../engine/define.ts';

export default defineCheck({
  id: 'GT502',
  name: 'modcache-partial',
  family: 'cache',
  severity: 'warning',
  summary: 'interrupted downloads or extractions left behind in the module cache',
  fixable: false,
  run(facts, ctx) {
    const m = facts.modcache;
    if (!m || !m.exists || !m.root || m.leftovers.count === 0) return;
    const n = m.leftovers.count;
    const shown = m.leftovers.samples.slice(0, 5).map((s) => `${s.kind}: ${s.path}`).join('\n');
    ctx.report({
      message: `${n} leftover${n === 1 ? '' : 's'} of interrupted module downloads or extractions in ${m.root}\n${shown}${n > 5 ? `\n… ${n - 5} more` : ''}`,
      found: `${n} .partial markers, half-extracted trees or temp files`,
      expected: 'none: the go command removes them when it finishes, so they mark a download that was killed',
      source: { kind: 'filesystem', file: m.root, description: `GOMODCACHE ${m.root}` },
      hint: 'Run `gotune cache clean --partial`: it removes only these leftovers, each under the go command\'s own lock. The go command itself redoes an interrupted version the next time it needs it.',
      data: { count: n, samples: m.leftovers.samples },
    });
  },
});

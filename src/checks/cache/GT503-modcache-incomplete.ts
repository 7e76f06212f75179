import { defineCheck } from '../../engine/define.ts';

export default defineCheck({
  id: 'GT503',
  name: 'modcache-incomplete',
  family: 'cache',
  severity: 'warning',
  summary: 'extracted modules or zips in the module cache without their .ziphash',
  fixable: false,
  run(facts, ctx) {
    const m = facts.modcache;
    if (!m || !m.exists || !m.root) return;
    const { treesWithoutZiphash: trees, zipsWithoutZiphash: zips, samples } = m.incomplete;
    if (trees + zips === 0) return;
    const parts = [trees ? `${trees} extracted module${trees === 1 ? '' : 's'}` : '', zips ? `${zips} zip${zips === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
    ctx.report({
      message: `${parts} in the module cache ${trees + zips === 1 ? 'has' : 'have'} no .ziphash: ${samples.slice(0, 5).map((s) => s.key).join(', ')}${samples.length > 5 ? ', …' : ''}`,
      found: `${trees} trees and ${zips} zips without cache/download/…/@v/<version>.ziphash`,
      expected: 'every zip and extracted tree next to its .ziphash, which the go command writes before it renames the zip into place',
      source: { kind: 'filesystem', file: m.root, description: `GOMODCACHE ${m.root}` },
      hint: 'Something deleted the .ziphash files (a cleanup script, a partial cache restore in CI). The go command treats such a tree as unfinished and rehashes the zip next time; check the rest with `gotune cache verify`, and if it reports mismatches, `gotune cache prune` those versions or `go clean -modcache`.',
      data: { treesWithoutZiphash: trees, zipsWithoutZiphash: zips, samples },
    });
  },
});

import { defineCheck } from '../../engine/define.ts';
import { formatBytes } from '../../modcache/stats.ts';

const GiB = 1024 ** 3;

/** Above this the cache is worth a look; caches on laptops and CI runners reach tens of GB. */
export const MODCACHE_WARN_BYTES = 10 * GiB;
/** Downloaded toolchains are 200–300 MB each once extracted; a handful is worth mentioning. */
export const TOOLCHAIN_INFO_BYTES = 1 * GiB;

export default defineCheck({
  id: 'GT501',
  name: 'modcache-size',
  family: 'cache',
  severity: 'warning',
  summary: 'the module cache is large (and how much of it is downloaded Go toolchains)',
  fixable: false,
  run(facts, ctx) {
    const m = facts.modcache;
    if (!m || !m.exists || !m.root) return;
    const total = m.totalBytesEstimate;
    const partial = m.complete ? '' : ' (at least: the quick scan stopped at its time budget)';
    const share = m.toolchainVersions ? `; ${m.toolchainVersions} downloaded Go toolchain${m.toolchainVersions === 1 ? '' : 's'} hold ${formatBytes(m.toolchainBytesEstimate)}` : '';
    const source = { kind: 'filesystem' as const, file: m.root, description: `GOMODCACHE ${m.root}` };
    const data = { totalBytesEstimate: total, toolchainBytesEstimate: m.toolchainBytesEstimate, versions: m.versions, complete: m.complete };
    if (total > MODCACHE_WARN_BYTES) {
      ctx.report({
        message: `the module cache holds about ${formatBytes(total)}${partial} in ${m.versions} module versions${share}`,
        found: `about ${formatBytes(total)} (zips ${formatBytes(m.zipBytes)}, extracted trees about ${formatBytes(m.treeBytesEstimate)})`,
        expected: `under ${formatBytes(MODCACHE_WARN_BYTES)}; the go command never removes anything from it by itself`,
        source,
        hint: 'See what is in it with `gotune cache stats --roots ~/src`, then remove what no project uses: `gotune cache prune --older-than 90d --keep-referenced ~/src` (a dry run; add --apply). `go clean -modcache` removes everything.',
        data,
      });
    } else if (m.toolchainBytesEstimate > TOOLCHAIN_INFO_BYTES) {
      ctx.report({
        severity: 'info',
        message: `${m.toolchainVersions} downloaded Go toolchains hold about ${formatBytes(m.toolchainBytesEstimate)} of the module cache's ${formatBytes(total)}`,
        found: `${m.toolchainVersions} golang.org/toolchain versions`,
        expected: 'only the toolchains your projects still ask for (go.mod `toolchain` and `go` lines, GOTOOLCHAIN)',
        source,
        hint: 'Remove old toolchains with `gotune cache prune --toolchains --older-than 60d` (a dry run; add --apply).',
        data,
      });
    }
  },
});

import { defineCheck } from '../../engine/define.ts';
import { parseGoflags } from '../../gomod/goflags.ts';
import { effective, goMinor, sourcesOf, whereOf, redactingContext } from './network-settings.ts';

export default defineCheck({
  id: 'GT314',
  name: 'goflags-risky',
  family: 'network',
  severity: 'warning',
  summary: 'GOFLAGS with -mod=mod (builds may resolve and download modules and rewrite go.mod) or -modcacherw (info)',
  fixable: false,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const value = effective(facts, 'GOFLAGS');
    if (!value.trim()) return;
    const minor = goMinor(facts);
    const r = parseGoflags(value, { quotes: minor === null || minor >= 20 });
    if (r.problems.some((p) => p.fatalForAll)) return; // GT313
    const source = sourcesOf(facts, 'GOFLAGS');
    const where = whereOf(facts, 'GOFLAGS');
    for (const t of r.tokens) {
      if (t.name === 'mod' && t.value === 'mod') {
        ctx.report({
          message: `GOFLAGS contains -mod=mod (set in ${where}): every build, test and list may resolve missing requirements over the network and rewrite go.mod and go.sum, instead of failing on an inconsistent go.mod.`,
          found: `GOFLAGS=${value}`,
          expected: 'GOFLAGS without -mod=mod (the default, -mod=readonly, reports problems instead of fixing them silently)',
          source,
          hint: 'Remove -mod=mod from GOFLAGS and run `go mod tidy` (or `go get`) explicitly when dependencies change; in CI, the default readonly mode catches an untidy go.mod.',
        });
      } else if (t.name === 'modcacherw' && (t.value === null || t.value === 'true' || t.value === '1')) {
        ctx.report({
          severity: 'info',
          message: `GOFLAGS contains -modcacherw (set in ${where}): new module cache directories are left writable, so an editor or tool can change dependency sources in place without the go command noticing.`,
          found: `GOFLAGS=${value}`,
          expected: 'read-only module cache (the default)',
          source,
          hint: 'Fine when it is there so that CI caches or `rm -rf` can clean the cache; otherwise remove it. `go clean -modcache` removes a read-only cache as well.',
        });
      }
    }
  },
});

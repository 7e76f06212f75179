import { defineCheck } from '../../engine/define.ts';
import { parseGoflags } from '../../gomod/goflags.ts';
import { effective, goproxyOf, sourcesOf, whereOf, redactingContext } from './network-settings.ts';

export default defineCheck({
  id: 'GT302',
  name: 'goproxy-off',
  family: 'network',
  severity: 'warning',
  summary: 'GOPROXY=off: the go command may not download any module',
  fixable: false,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const gp = goproxyOf(facts);
    if (gp.error) return;
    const first = gp.entries.find((e) => e.kind !== 'noproxy');
    if (!first || first.kind !== 'off') return;
    const value = effective(facts, 'GOPROXY');
    const flags = parseGoflags(effective(facts, 'GOFLAGS'));
    const vendored = flags.tokens.some((t) => t.name === 'mod' && t.value === 'vendor');
    const hasNoProxy = gp.entries.some((e) => e.kind === 'noproxy');
    ctx.report({
      severity: vendored ? 'info' : 'warning',
      message: `GOPROXY is "${value}" (set in ${whereOf(facts, 'GOPROXY')}): any module missing from the module cache fails with "module lookup disabled by GOPROXY=off"${hasNoProxy ? ' (modules matching GONOPROXY/GOPRIVATE are still fetched directly)' : ''}.`,
      found: `GOPROXY=${value}`,
      expected: 'GOPROXY=https://proxy.golang.org,direct, or a company proxy',
      source: sourcesOf(facts, 'GOPROXY'),
      hint: vendored
        ? 'GOFLAGS has -mod=vendor, so builds use the vendor directory; this is a deliberate offline setup. Set GOPROXY back when you need to add or upgrade dependencies.'
        : 'If this is meant to keep builds offline, vendor the dependencies (`go mod vendor`) or pre-fill the module cache; otherwise set GOPROXY back: `go env -u GOPROXY` (or `go env -w GOPROXY=https://proxy.golang.org,direct`).',
      data: { goproxy: value, vendored },
    });
  },
});

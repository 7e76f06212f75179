import { defineCheck } from '../../engine/define.ts';
import { DEFAULT_GOPROXY, formatGoproxy } from '../../gomod/goproxy.ts';
import { DEAD_PROXIES, goproxyOf, setSettingFix, sourcesOf, whereOf, redactingContext } from './network-settings.ts';
import { REDACTED } from '../../facts/redact.ts';

export default defineCheck({
  id: 'GT306',
  name: 'dead-proxy',
  family: 'network',
  severity: 'warning',
  summary: 'GOPROXY names a public proxy that no longer exists (e.g. gocenter.io)',
  fixable: true,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const gp = goproxyOf(facts);
    if (gp.error) return;
    const dead = gp.entries.filter((e) => e.kind === 'url' && DEAD_PROXIES.some((d) => e.host === d.host || e.host?.endsWith(`.${d.host}`)));
    if (!dead.length) return;
    const kept = gp.entries.filter((e) => e.kind !== 'noproxy' && !dead.includes(e));
    const rewritten = kept.length ? formatGoproxy(kept) : DEFAULT_GOPROXY;
    const fix = !rewritten.includes(REDACTED) ? setSettingFix(facts, 'GOPROXY', rewritten === 'direct' ? DEFAULT_GOPROXY : rewritten, 'GOPROXY named a proxy that was shut down') : undefined;
    for (const e of dead) {
      const note = DEAD_PROXIES.find((d) => e.host === d.host || e.host?.endsWith(`.${d.host}`))!.note;
      ctx.report({
        message: `GOPROXY (set in ${whereOf(facts, 'GOPROXY')}) uses ${e.url}, which no longer exists: ${note}. Every download waits for it to fail${e.fallBackOnError ? ' before falling through' : ', and with "," after it the failure stops the download'}.`,
        found: `GOPROXY=${gp.value}`,
        expected: rewritten === 'direct' ? DEFAULT_GOPROXY : rewritten,
        source: sourcesOf(facts, 'GOPROXY'),
        hint: `Remove it from GOPROXY (\`go env -w GOPROXY=${rewritten === 'direct' ? DEFAULT_GOPROXY : rewritten}\`), and check CI configuration and Dockerfiles for the same value.`,
        ...(fix ? { fix } : {}),
        data: { host: e.host },
      });
    }
  },
});

import { defineCheck } from '../../engine/define.ts';
import { DEFAULT_GOPROXY } from '../../gomod/goproxy.ts';
import { effective, effectiveNoProxy, goproxyOf, setSettingFix, sourcesOf, whereOf, redactingContext } from './network-settings.ts';

export default defineCheck({
  id: 'GT301',
  name: 'goproxy-direct',
  family: 'network',
  severity: 'warning',
  summary: 'GOPROXY=direct: every module comes from version control (slow, needs VCS tools, no shared cache)',
  fixable: true,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const gp = goproxyOf(facts);
    if (gp.error) return; // GT303
    const first = gp.entries.find((e) => e.kind !== 'noproxy');
    if (!first || first.kind !== 'direct') return;
    const value = effective(facts, 'GOPROXY');
    const s = facts.settings['GOPROXY'];
    // With GOPRIVATE/GONOPROXY=* nothing would go through a proxy anyway: direct is consistent.
    const everythingPrivate = effectiveNoProxy(facts).split(',').some((p) => /^\*+\/?$/.test(p));
    const fix = setSettingFix(facts, 'GOPROXY', DEFAULT_GOPROXY, 'GOPROXY=direct fetches every module from version control');
    const fromDistro = s?.source === 'goroot-go.env';
    ctx.report({
      severity: everythingPrivate ? 'info' : 'warning',
      message: `GOPROXY is "${value}" (set in ${whereOf(facts, 'GOPROXY')}): the go command clones every module from its version control repository instead of downloading a zip from a module proxy.`,
      found: `GOPROXY=${value}`,
      expected: `GOPROXY=${DEFAULT_GOPROXY} (private modules excluded with GOPRIVATE)`,
      source: sourcesOf(facts, 'GOPROXY'),
      hint: everythingPrivate
        ? 'GOPRIVATE/GONOPROXY already cover every module, so this is consistent; if public modules are meant to come from a proxy, narrow GOPRIVATE to your own hosts and set GOPROXY back to the default.'
        : `${fromDistro ? 'Your Go distribution sets this in $GOROOT/go.env; `go env -w` overrides it for your user. ' : ''}Use the default proxy and keep private modules direct with GOPRIVATE: \`go env -w GOPROXY=${DEFAULT_GOPROXY}\` and \`go env -w GOPRIVATE=your.host/*\`. Direct fetches need git (or hg, svn...) for every dependency, are much slower, and skip the proxy's cache.`,
      fix,
      data: { goproxy: value },
    });
  },
});

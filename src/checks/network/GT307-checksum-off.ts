import { defineCheck } from '../../engine/define.ts';
import { parseGoflags } from '../../gomod/goflags.ts';
import { parseGosumdb } from '../../gomod/gosumdb.ts';
import { splitPatterns, tryPathMatch } from '../../gomod/patterns.ts';
import { PUBLIC_CODE_HOSTS, effective, ownValue, sourcesOf, unredacted, whereOf, redactingContext } from './network-settings.ts';

/** Public hosts a GONOSUMDB glob covers (a glob's first element matched against the host). */
function publicHostsCovered(glob: string): string[] {
  const first = glob.split('/')[0] ?? '';
  if (first === '') return [];
  return PUBLIC_CODE_HOSTS.filter((h) => tryPathMatch(first, h).matched && !glob.includes('/'));
}

export default defineCheck({
  id: 'GT307',
  name: 'checksum-off',
  family: 'network',
  severity: 'warning',
  summary: 'checksum verification is off or bypassed: GOSUMDB=off, GONOSUMDB (or GOPRIVATE) covering public hosts or "*", GOFLAGS=-insecure, the pre-release GONOSUMCHECK/GONOVERIFY',
  fixable: false,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const sumdb = effective(facts, 'GOSUMDB');
    const parsed = parseGosumdb(unredacted(sumdb));
    if (parsed.kind === 'off') {
      ctx.report({
        message: `GOSUMDB=off (set in ${whereOf(facts, 'GOSUMDB')}): modules that are not yet in go.sum are accepted without checking them against the checksum database ("verifying module: checksum database disabled by GOSUMDB=off").`,
        found: 'GOSUMDB=off',
        expected: 'GOSUMDB=sum.golang.org, with private modules excluded by GOPRIVATE or GONOSUMDB',
        source: sourcesOf(facts, 'GOSUMDB'),
        hint: 'Turn it back on (`go env -u GOSUMDB`) and exclude only your private module paths with GOPRIVATE. Toolchain downloads (GOTOOLCHAIN) also fail while it is off.',
      });
    } else if (parsed.error) {
      ctx.report({
        severity: 'error',
        message: `GOSUMDB "${sumdb}" (set in ${whereOf(facts, 'GOSUMDB')}) is rejected by the go command: "${parsed.error}"; every download that needs a checksum fails.`,
        found: `GOSUMDB=${sumdb}`,
        expected: 'sum.golang.org, off, name+hash+key, optionally followed by a URL',
        source: sourcesOf(facts, 'GOSUMDB'),
        hint: 'A custom database needs its full verifier key (name+hash+key), not just its name; only sum.golang.org (and its alias sum.golang.google.cn) is known by name.',
      });
    }
    const own = ownValue(facts, 'GONOSUMDB');
    const fromPrivate = own === '';
    const list = own || effective(facts, 'GOPRIVATE');
    const varName = fromPrivate ? 'GOPRIVATE' : 'GONOSUMDB';
    for (const glob of splitPatterns(list)) {
      const all = /^\*+$/.test(glob);
      const covered = all ? ['every module'] : publicHostsCovered(glob);
      if (!covered.length) continue;
      ctx.report({
        message: `${varName}${fromPrivate ? ' (which GONOSUMDB defaults to)' : ''} contains "${glob}" (set in ${whereOf(facts, varName)}): ${all ? 'no module at all' : `no module under ${covered.slice(0, 3).join(', ')}${covered.length > 3 ? ', ...' : ''}`} is checked against the checksum database${fromPrivate ? ' or fetched through the proxy' : ''}.`,
        found: `${varName}=${list}`,
        expected: 'patterns naming only your private hosts or organisations, e.g. github.com/your-org/*',
        source: sourcesOf(facts, varName),
        hint: `Narrow the pattern to your own paths (github.com/your-org/*, *.corp.example.com).`,
        data: { pattern: glob, variable: varName },
      });
    }
    const flags = parseGoflags(effective(facts, 'GOFLAGS'));
    if (flags.tokens.some((t) => t.name === 'insecure')) {
      ctx.report({
        message: `GOFLAGS contains -insecure (set in ${whereOf(facts, 'GOFLAGS')}); \`go get\` now stops with "go: -insecure flag is no longer supported; use GOINSECURE instead".`,
        found: `GOFLAGS=${effective(facts, 'GOFLAGS')}`,
        expected: 'GOFLAGS without -insecure; GOINSECURE for the hosts that really need plain HTTP',
        source: sourcesOf(facts, 'GOFLAGS'),
        hint: 'Remove -insecure from GOFLAGS; list the hosts in GOINSECURE only if they cannot serve HTTPS.',
      });
    }
    for (const legacy of ['GONOSUMCHECK', 'GONOVERIFY']) {
      const v = facts.env[legacy];
      if (v === undefined || v === '') continue;
      ctx.report({
        severity: 'info',
        message: `${legacy}=${v} is set in the environment; no released go command reads it (it was renamed GONOSUMDB before Go 1.13).`,
        found: `${legacy}=${v}`,
        expected: 'GONOSUMDB or GOPRIVATE',
        source: { kind: 'env', description: `process environment (${legacy})` },
        hint: `Remove ${legacy}; if you meant to skip checksums for private modules, use GOPRIVATE.`,
      });
    }
  },
});

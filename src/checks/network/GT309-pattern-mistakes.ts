import { defineCheck } from '../../engine/define.ts';
import { lintPatterns } from '../../gomod/patterns.ts';
import { effective, ownValue, setSettingFix, sourcesOf, whereOf, redactingContext } from './network-settings.ts';

const VARS = ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE'] as const;

export default defineCheck({
  id: 'GT309',
  name: 'pattern-mistakes',
  family: 'network',
  severity: 'warning',
  summary: 'GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE patterns that can never match (spaces after commas, a URL scheme, a trailing /..., a leading dot, ";" separators)',
  fixable: true,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    for (const name of VARS) {
      const value = name === 'GONOPROXY' || name === 'GONOSUMDB' ? ownValue(facts, name) : effective(facts, name);
      if (!value) continue;
      const lint = lintPatterns(value);
      // "*" is a choice, judged by GT307 (checksums) and GT310 (GOINSECURE).
      const issues = lint.issues.filter((i) => i.kind !== 'star-only');
      if (!issues.length) continue;
      const never = issues.filter((i) => i.neverMatches);
      const fix = lint.corrected !== null ? setSettingFix(facts, name, lint.corrected, `${name} had patterns that never match`) : undefined;
      ctx.report({
        severity: never.length ? 'warning' : 'info',
        message: `${name} (set in ${whereOf(facts, name)}) has ${issues.length === 1 ? 'a pattern' : `${issues.length} patterns`} that ${never.length ? 'can never match a module path' : 'do not mean what they seem to'}:\n${issues.map((i) => `- ${i.message}`).join('\n')}`,
        found: `${name}=${value}`,
        expected: lint.corrected !== null ? `${name}=${lint.corrected}` : `${name} with plain module path globs (host, host/org/*, *.corp.example.com)`,
        source: sourcesOf(facts, name),
        hint: `Patterns are comma-separated module path globs (path.Match, matched against path prefixes), with no spaces, schemes, ports or versions${lint.corrected !== null ? `: \`go env -w ${name}=${lint.corrected}\`` : ''}.`,
        ...(fix ? { fix } : {}),
        data: { variable: name, issues: issues.map((i) => ({ kind: i.kind, pattern: i.pattern, suggestion: i.suggestion ?? null })), corrected: lint.corrected },
      });
    }
  },
});

import { defineCheck } from '../../engine/define.ts';
import { configuredValue, removeSettingFix, settingSources, whereSet } from './setting-edits.ts';
import { isAbsoluteOn } from '../shared-paths.ts';

export default defineCheck({
  id: 'GT212',
  name: 'gocache-invalid',
  family: 'paths',
  severity: 'error',
  summary: 'GOCACHE=off or relative',
  fixable: true,
  run(facts, ctx) {
    const s = facts.settings['GOCACHE'];
    if (!s) return;
    const os = facts.platform.os;
    // `go env GOCACHE` prints "off" for a relative value too, so the configured value decides which it is.
    const configured = configuredValue(s);
    const value = configured ?? s.value;
    if (!value) return;
    if (value === 'off') {
      if (configured === null) {
        ctx.report({
          message: 'The go command has no build cache: `go env GOCACHE` prints "off" because it cannot find a cache directory (neither $XDG_CACHE_HOME nor $HOME is set), and every build fails with: build cache is required, but could not be located.',
          found: 'GOCACHE=off (no user cache directory)',
          expected: 'an absolute GOCACHE',
          source: settingSources(facts, s),
          hint: 'Set HOME (or XDG_CACHE_HOME), or set GOCACHE to an absolute path, e.g. `export GOCACHE=/var/cache/go-build` in service units and containers.',
        });
        return;
      }
      ctx.report({
        message: `GOCACHE=off from ${whereSet(facts, s)}: since Go 1.12 every build fails with "build cache is disabled by GOCACHE=off, but required as of Go 1.12".`,
        found: 'GOCACHE=off',
        expected: 'GOCACHE unset (the default cache directory) or an absolute path',
        source: settingSources(facts, s),
        hint: 'Remove GOCACHE. To avoid reusing cached test results use `go test -count=1`; to rebuild everything use `go build -a` or `go clean -cache`.',
        fix: removeSettingFix(facts, s, { reason: 'GOCACHE=off stops every build since Go 1.12', safe: true }),
      });
      return;
    }
    if (isAbsoluteOn(os, value)) return;
    ctx.report({
      message: `GOCACHE ${JSON.stringify(value)} from ${whereSet(facts, s)} is not an absolute path: \`go env GOCACHE\` prints "off" and every build fails with "build cache is required, but could not be located: GOCACHE is not an absolute path".`,
      found: `GOCACHE=${value}`,
      expected: 'GOCACHE unset or an absolute path',
      source: settingSources(facts, s),
      hint: 'Remove GOCACHE to use the default, or write the path out in full.',
      fix: removeSettingFix(facts, s, { reason: 'GOCACHE was not an absolute path', safe: false }),
    });
  },
});

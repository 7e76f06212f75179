import { defineCheck } from '../../engine/define.ts';
import { removeSettingFix } from '../paths/setting-edits.ts';
import { effective, sourcesOf, whereOf, redactingContext } from './network-settings.ts';

export default defineCheck({
  id: 'GT315',
  name: 'go111module',
  family: 'network',
  severity: 'warning',
  summary: 'GO111MODULE is off or auto inside a module, or has a value the go command rejects',
  fixable: true,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const value = effective(facts, 'GO111MODULE');
    if (value === '' || value === 'on') return;
    const s = facts.settings['GO111MODULE'];
    const inModule = !!facts.project.goMod || !!facts.project.goWork;
    const fix = s && (s.source === 'env' || s.source === 'env-file') ? removeSettingFix(facts, s, { reason: `GO111MODULE=${value}`, safe: false }) : undefined;
    const base = { found: `GO111MODULE=${value}`, expected: 'GO111MODULE unset (modules on, the default since Go 1.16)', source: sourcesOf(facts, 'GO111MODULE'), ...(fix ? { fix } : {}) };
    if (value !== 'off' && value !== 'auto') {
      ctx.report({
        ...base,
        severity: 'error',
        message: `GO111MODULE="${value}" (set in ${whereOf(facts, 'GO111MODULE')}) is not a value the go command accepts: every command fails with "go: unknown environment setting GO111MODULE=${value}".`,
        hint: 'Unset it (`go env -u GO111MODULE`, or remove it from your shell startup files); the only values are on, off and auto.',
      });
      return;
    }
    if (value === 'off') {
      ctx.report({
        ...base,
        severity: inModule ? 'error' : 'warning',
        message: `GO111MODULE=off (set in ${whereOf(facts, 'GO111MODULE')}) switches the go command to GOPATH mode${inModule ? `, although ${facts.project.goMod?.path ?? facts.project.goWork?.path} is a module: go.mod is ignored, and module commands fail with "go: modules disabled by GO111MODULE=off; see 'go help modules'"` : '; module commands fail with "go: modules disabled by GO111MODULE=off; see \'go help modules\'"'}.`,
        hint: 'Unset it: GOPATH mode is a relic, removed from most tools; `go env -u GO111MODULE` (and remove any export from your shell files).',
      });
      return;
    }
    ctx.report({
      ...base,
      severity: 'info',
      message: `GO111MODULE=auto (set in ${whereOf(facts, 'GO111MODULE')}): modules are used only where a go.mod exists${inModule ? ' (as here)' : ''}; outside one, commands fall back to GOPATH mode.`,
      hint: 'Unset it; "on" (the default) gives the same result inside modules and clear errors outside them.',
    });
  },
});

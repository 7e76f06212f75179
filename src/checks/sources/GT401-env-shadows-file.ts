import { defineCheck } from '../../engine/define.ts';
import type { FixSpec } from '../../engine/types.ts';
import { commentOutLines, envFileName, envFileRef, envRefs, goEnvCommand, isRedacted, shellAssignmentsOf } from './where.ts';

/** The go command's own words, printed only when the file is written (cmd/go/internal/envcmd runEnvW). */
export const SHADOW_WARNING = 'warning: go env -w %s=... does not override conflicting OS environment variable';

export default defineCheck({
  id: 'GT401',
  name: 'env-shadows-file',
  family: 'sources',
  severity: 'warning',
  summary: 'a variable is set both in the process environment and in the `go env -w` file with different values (the file\'s value is silently ignored)',
  fixable: true,
  run(facts, ctx) {
    const file = envFileName(facts);
    for (const s of Object.values(facts.settings)) {
      // An empty environment value does not count as set (GT404), so only non-empty ones shadow.
      if (s.envValue === null || s.envFileValue === null || s.envValue === s.envFileValue) continue;
      const name = s.name;
      const shellLines = shellAssignmentsOf(facts, s);
      const from = shellLines.length ? ` (exported by ${shellLines.map((a) => `${a.file}:${a.line}`).join(', ')})` : '';
      const agree: FixSpec = isRedacted(s.envValue)
        ? { description: `Make the file agree with the environment: run \`go env -w ${name}=<the value in your environment>\` (gotune does not keep the value: it holds a credential).`, safe: false, manual: `go env -w ${name}="$${name}"` }
        : { description: `Make the file agree with the environment: \`go env -w ${name}=${s.envValue}\`. Nothing changes now; the file then holds the value that is in effect.`, safe: true, commands: [goEnvCommand(['-w', `${name}=${s.envValue}`], `set ${name}=${s.envValue} in ${file}`, facts)] };
      const unsetFile: FixSpec = { description: `Remove the file's entry: \`go env -u ${name}\`. Nothing changes now; the environment keeps deciding.`, safe: false, commands: [goEnvCommand(['-u', name], `remove ${name} from ${file}`, facts)] };
      const choices: { label: string; fix: FixSpec }[] = [
        { label: `Keep the environment's value and write it to the file (go env -w ${name}=...)`, fix: agree },
        { label: `Keep the environment's value and remove the file's entry (go env -u ${name})`, fix: unsetFile },
      ];
      const changes = shellLines.length ? commentOutLines(facts, shellLines, `${name} shadowed ${file}`) : null;
      if (changes) {
        choices.push({ label: `Keep the file's value (${s.envFileValue}) and comment out the export in ${changes.map((c) => c.file).join(', ')}`, fix: {
          description: `Comment out the ${name} export in ${changes.map((c) => c.file).join(', ')} so the go env -w file's ${name}=${s.envFileValue} takes effect in new shells (open a new shell, or \`unset ${name}\` in this one).`,
          safe: false, files: changes,
        } });
      }
      ctx.report({
        message: `${name} is set both in the process environment${from} and in the go env -w file (${file}${s.envFileLine ? `:${s.envFileLine}` : ''}) with different values; the environment wins, so the file's value is silently ignored. The go command says so only when the file is written: "${SHADOW_WARNING.replace('%s', name)}".`,
        found: `environment ${name}=${s.envValue}; ${file}: ${name}=${s.envFileValue}`,
        expected: `one value for ${name}, set in one place`,
        source: [...envRefs(facts, s), envFileRef(facts, s.envFileLine)],
        hint: `Decide which value you want. To keep the one in effect now (${s.envValue}), run \`go env -w ${name}=...\` with it or \`go env -u ${name}\`; to use the file's (${s.envFileValue}), remove ${name} from your environment${shellLines.length ? ` (${shellLines.map((a) => `${a.file}:${a.line}`).join(', ')})` : ''}.`,
        fix: { ...agree, choices },
        data: { variable: name, envValue: s.envValue, envFileValue: s.envFileValue, envFileLine: s.envFileLine },
      });
    }
  },
});

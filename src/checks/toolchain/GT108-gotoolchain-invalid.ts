import { defineCheck } from '../../engine/define.ts';
import type { CommandAction, FixSpec } from '../../engine/types.ts';
import { compareVersions, parseGotoolchain, runTimeRefusal } from './gover.ts';
import { localGoVersion, settingSources } from './running-go.ts';

export default defineCheck({
  id: 'GT108',
  name: 'gotoolchain-invalid',
  family: 'toolchain',
  severity: 'error',
  summary: 'GOTOOLCHAIN has a value the go command rejects',
  fixable: true,
  run(facts, ctx) {
    const setting = facts.settings['GOTOOLCHAIN'];
    const value = setting?.envValue ?? (setting?.source === 'env-file' ? setting.envFileValue : null) ?? setting?.value ?? null;
    if (!value) return;
    const local = localGoVersion(facts);
    // Go 1.20 and older never read GOTOOLCHAIN.
    if (local && compareVersions(local, '1.21') < 0) return;
    const parsed = parseGotoolchain(value);
    let refusal: string | null = null;
    if (!parsed.ok) refusal = parsed.message;
    else if (parsed.min) refusal = runTimeRefusal(parsed.min, local ? `go${local}` : null, facts.goEnv?.values['GOHOSTOS'] || facts.platform.os, facts.goEnv?.values['GOHOSTARCH'] || facts.platform.arch);
    if (!refusal) return;
    const sources = settingSources(facts, setting);
    const fromFile = setting?.source === 'env-file';
    // With the bad value in the file every go command fails, `go env -u` included; a valid value
    // in the environment lets this one run.
    const unsetFromFile: CommandAction = { argv: ['go', 'env', '-u', 'GOTOOLCHAIN'], env: { GOTOOLCHAIN: 'local' }, description: 'GOTOOLCHAIN=local go env -u GOTOOLCHAIN' };
    const fix: FixSpec | undefined = fromFile
      ? {
          description: 'Remove GOTOOLCHAIN from the go env -w file',
          safe: false,
          commands: [unsetFromFile],
          choices: [
            { label: 'remove it (back to the default from $GOROOT/go.env)', fix: { description: unsetFromFile.description, safe: false, commands: [unsetFromFile] } },
            { label: 'set it to auto', fix: { description: 'go env -w GOTOOLCHAIN=auto', safe: false, commands: [{ argv: ['go', 'env', '-w', 'GOTOOLCHAIN=auto'], description: 'go env -w GOTOOLCHAIN=auto' }] } },
            { label: 'set it to local', fix: { description: 'go env -w GOTOOLCHAIN=local', safe: false, commands: [{ argv: ['go', 'env', '-w', 'GOTOOLCHAIN=local'], description: 'go env -w GOTOOLCHAIN=local' }] } },
          ],
        }
      : undefined;
    const runTime = parsed.ok;
    ctx.report({
      message: `GOTOOLCHAIN=${value} is rejected by the go command: \`${refusal}\`${runTime ? ' (as soon as it has to run that toolchain)' : '; every go command that reads go.mod fails (only `go env GOTOOLCHAIN` and `go env -w GOTOOLCHAIN=...` still work)'}.`,
      found: `GOTOOLCHAIN=${value}`,
      expected: 'local, auto, path, a release like go1.22.3, or <release>+auto / <release>+path',
      source: sources,
      hint: fromFile
        ? 'Run `GOTOOLCHAIN=local go env -u GOTOOLCHAIN` (a plain `go env -u` fails while the bad value is in effect), or `go env -w GOTOOLCHAIN=auto`.'
        : setting?.source === 'env'
          ? `Fix or remove the export of GOTOOLCHAIN${setting.shellSources.length ? ` at ${setting.shellSources.map((s) => `${s.file}:${s.line}`).join(', ')}` : ''}; valid values are local, auto, path, go1.X.Y, go1.X.Y+auto, go1.X.Y+path.`
          : 'Restore the GOTOOLCHAIN line of $GOROOT/go.env (GOTOOLCHAIN=auto) or reinstall Go.',
      ...(fix ? { fix } : {}),
      data: { value, reason: parsed.ok ? 'runtime' : parsed.reason },
    });
  },
});

import { defineCheck } from '../../engine/define.ts';
import { GO_VARIABLES } from '../../facts/shell-startup.ts';
import { envFileName, envFileRef, gorootGoEnvRef } from './where.ts';

/** What the go command does when each of these is empty after go.env is hidden (confirmed with go1.26.8). */
const EMPTY_EFFECT: Record<string, string> = {
  GOPROXY: 'every module download fails with "GOPROXY list is not the empty string, but contains no entries"',
  GOSUMDB: 'the checksum database has no name (`go env GOSUMDB` prints nothing)',
  GOTOOLCHAIN: 'toolchain switching is off, as with GOTOOLCHAIN=local: a go.mod asking for a newer Go fails with "go: go.mod requires go >= ..."',
};

export default defineCheck({
  id: 'GT404',
  name: 'empty-value',
  family: 'sources',
  severity: 'warning',
  summary: 'a Go variable is set to the empty string (treated as unset; does not override the `go env -w` file)',
  fixable: false,
  run(facts, ctx) {
    const file = envFileName(facts);
    const names = new Set<string>([...Object.keys(facts.settings), ...Object.keys(facts.env).filter((k) => GO_VARIABLES.has(k))]);
    for (const name of [...names].sort()) {
      const s = facts.settings[name];
      const emptyInEnv = s ? s.envEmpty : facts.env[name] === '';
      if (!emptyInEnv) continue;
      const fileValue = s?.envFileValue ?? null;
      const gorootValue = s?.gorootEnvValue ?? null;
      const wins = fileValue ? { where: `the go env -w file (${file}${s?.envFileLine ? `:${s.envFileLine}` : ''})`, value: fileValue } : gorootValue && fileValue === null ? { where: `$GOROOT/go.env (${facts.gorootGoEnv.path ?? '$GOROOT/go.env'})`, value: gorootValue } : null;
      ctx.report({
        severity: wins ? 'warning' : 'info',
        message: wins
          ? `${name} is set to the empty string in the environment. The go command treats an empty variable as unset, so it does not override anything: ${wins.where} still sets ${name}=${wins.value}, and that is what the go command uses.`
          : `${name} is set to the empty string in the environment; the go command treats that as unset and uses its default${s?.value ? ` (${s.value})` : ''}.`,
        found: `${name}= (empty) in the environment`,
        expected: wins ? `${name} unset where you meant it unset: \`go env -u ${name}\`${fileValue ? '' : ' cannot change go.env; set a non-empty value instead'}` : `${name} unset, or set to a value`,
        source: [{ kind: 'env', description: `process environment (${name}=)` }, ...(fileValue ? [envFileRef(facts, s?.envFileLine)] : wins ? [gorootGoEnvRef(facts)] : [])],
        hint: wins
          ? fileValue
            ? `To really clear ${name}, remove it from the file: \`go env -u ${name}\`. To override it for one command, give a non-empty value (for GOFLAGS, e.g. GOFLAGS=-mod=readonly).`
            : `An empty value cannot switch off go.env's ${name}; set the value you want (for GOPROXY: GOPROXY=direct or GOPROXY=off).`
          : `Remove the empty assignment (\`unset ${name}\`) so the environment says what it means.`,
        data: { variable: name, effective: wins?.value ?? s?.value ?? null },
      });
    }

    // `go env -w NAME=` writes "NAME=" into the file, and a user-file key hides go.env's key even when empty.
    for (const e of facts.envFile.entries) {
      if (e.value !== '' || !(e.key in EMPTY_EFFECT)) continue;
      const goenvValue = facts.gorootGoEnv.entries.find((g) => g.key === e.key)?.value;
      if (!goenvValue) continue;
      const s = facts.settings[e.key];
      if (s?.envValue) continue; // the environment decides; GT401 reports the shadowing
      ctx.report({
        severity: 'warning',
        message: `The go env -w file (${file}:${e.line}) sets ${e.key} to the empty string. A key in that file hides the same key in $GOROOT/go.env even when empty, so ${e.key} is empty instead of ${goenvValue}: ${EMPTY_EFFECT[e.key]}.`,
        found: `${e.key}= in ${file}:${e.line}`,
        expected: `no ${e.key} line (go.env's ${e.key}=${goenvValue} applies) or a real value`,
        source: envFileRef(facts, e.line),
        hint: `Run \`go env -u ${e.key}\` to go back to ${goenvValue}, or set the value you mean with \`go env -w ${e.key}=...\`.`,
        data: { variable: e.key, gorootValue: goenvValue },
      });
    }
  },
});

import { defineCheck } from '../../engine/define.ts';
import type { FactsSnapshot } from '../../facts/types.ts';
import type { FixSpec, Severity } from '../../engine/types.ts';
import { samePathAsSpelled, settingSources, winningGo } from './running-go.ts';

export const MARKER_REASON = 'GOROOT is found by the go command itself';

/** A line that does nothing but set GOROOT (and may carry a comment): commenting it out removes only that. */
const LONE_ASSIGNMENT = [
  /^\s*(?:export\s+)?GOROOT=(?:"[^"`$]*"|'[^']*'|[^\s;&|`$]*)\s*(?:#.*)?$/,
  /^\s*export\s+GOROOT="?\$HOME[^"\s;&|`]*"?\s*(?:#.*)?$/,
  /^\s*set\s+(?:-[a-zA-Z]+\s+)*GOROOT\s+(?:"[^"$]*"|'[^']*'|[^\s;&|$]*)\s*(?:#.*)?$/,
];

function ownRoots(facts: FactsSnapshot): string[] {
  const w = winningGo(facts);
  if (!w) return [];
  const roots = [w.root];
  // The root as reached through PATH, before symlinks: /usr/local/go when it links to /opt/go1.26.
  const m = /^(.*)[/\\]bin[/\\]go(?:\.exe)?$/.exec(w.path);
  if (m?.[1]) roots.push(m[1]);
  return roots.filter((r): r is string => !!r);
}

/** Another startup line reads $GOROOT (typically `PATH=$PATH:$GOROOT/bin`): removing the assignment would break it. */
function readersOfGoroot(facts: FactsSnapshot): string[] {
  const re = /\$\{?GOROOT\b/;
  const out: string[] = [];
  for (const p of facts.shellStartup.pathAdditions) if (re.test(p.text)) out.push(`${p.file}:${p.line}`);
  for (const a of facts.shellStartup.assignments) if (a.variable !== 'GOROOT' && re.test(a.text)) out.push(`${a.file}:${a.line}`);
  return [...new Set(out)];
}

export default defineCheck({
  id: 'GT103',
  name: 'goroot-set',
  family: 'toolchain',
  severity: 'warning',
  summary: 'GOROOT set explicitly (environment, `go env -w` file, or a shell startup file); the go binary finds its own root',
  fixable: true,
  run(facts, ctx) {
    const os = facts.platform.os;
    const roots = ownRoots(facts);
    const own = roots[0] ?? null;
    const judge = (value: string | null): { severity: Severity; same: boolean } => {
      const same = value !== null && roots.some((r) => samePathAsSpelled(r, value, os));
      return { severity: same ? 'info' : 'warning', same };
    };
    const consequence = (value: string, same: boolean) => same
      ? `it equals the root of the go that runs (${own}), so it changes nothing today, but it will point at the wrong tree as soon as another go comes first on PATH or a toolchain switch happens.`
      : own
        ? `the go that runs (${winningGo(facts)?.path}) has its own root ${own}; with GOROOT=${value} it uses that other tree's compiler and standard library (see GT104, GT105).`
        : `the go command would find its root by itself.`;
    const date = facts.gatheredAt.slice(0, 10);
    const setting = facts.settings['GOROOT'];

    // Shell startup files: one finding per assignment, with a text edit that comments it out.
    const assignments = facts.shellStartup.assignments.filter((a) => a.variable === 'GOROOT');
    const readers = readersOfGoroot(facts);
    for (const a of assignments) {
      const value = a.expanded ?? a.value;
      const { severity, same } = judge(value);
      const file = facts.shellStartup.files.find((f) => f.path === a.file);
      let fix: FixSpec;
      const manualSteps = `Delete or comment out line ${a.line} of ${a.file} (\`${a.text.trim()}\`), then open a new shell.`;
      if (a.universal) {
        fix = { description: 'Erase the fish universal variable', safe: false, manual: 'Run `set -Ue GOROOT` in fish.' };
      } else if (readers.length) {
        fix = { description: `Remove the GOROOT assignment after replacing $GOROOT in ${readers.join(', ')} with the literal path`, safe: false, manual: `${readers.join(', ')} read $GOROOT (usually to put $GOROOT/bin on PATH). Write the directory out there (${value}/bin), then: ${manualSteps}` };
      } else if (a.offset !== undefined && file?.sha256 && LONE_ASSIGNMENT.some((re) => re.test(a.text))) {
        fix = {
          description: `Comment out ${a.file}:${a.line}`,
          safe: same,
          files: [{ file: a.file, originalSha256: file.sha256, edits: [{ file: a.file, offset: a.offset, length: 0, newText: `# disabled by gotune fix ${date}: ${MARKER_REASON}\n# ` }] }],
        };
      } else {
        fix = { description: `Remove the GOROOT assignment at ${a.file}:${a.line}`, safe: false, manual: manualSteps };
      }
      ctx.report({
        severity,
        message: `${a.file}:${a.line} sets GOROOT=${value}; ${consequence(value, same)}`,
        found: `GOROOT=${value}`,
        expected: 'GOROOT unset (the go command derives it from its own location)',
        source: { kind: 'shell-startup', file: a.file, line: a.line, column: a.column, description: `${a.file}:${a.line}:${a.column} (${a.text.trim()})` },
        hint: fix.files ? `Run \`gotune fix\` to comment out the line (it is kept with a marker comment), or delete it yourself; open a new shell afterwards.` : fix.manual ?? fix.description,
        fix,
        data: { value, ownRoot: own, origin: 'shell-startup' },
      });
    }

    // The go env -w file.
    const fileEntry = facts.envFile.entries.find((e) => e.key === 'GOROOT' && e.value !== '');
    if (fileEntry) {
      const { severity, same } = judge(fileEntry.value);
      const brokenOrOther = !same && own;
      ctx.report({
        severity,
        message: `GOROOT=${fileEntry.value} is set in the go env -w file (${facts.envFile.path}:${fileEntry.line}); ${consequence(fileEntry.value, same)}${setting?.source === 'env' ? ' (The process environment currently overrides it.)' : ''}`,
        found: `GOROOT=${fileEntry.value}`,
        expected: 'no GOROOT line in the go env -w file',
        source: settingSources(facts, { ...(setting ?? { name: 'GOROOT', value: fileEntry.value, envValue: null, envEmpty: false, envFileValue: fileEntry.value, gorootEnvValue: null, shellSources: [] }), source: 'env-file', envFileLine: fileEntry.line }),
        hint: '`go env -u GOROOT` removes it.',
        fix: {
          description: 'Remove GOROOT from the go env -w file with `go env -u GOROOT`',
          safe: same,
          commands: [{
            argv: ['go', 'env', '-u', 'GOROOT'],
            // A GOROOT that does not exist makes every go command fail, `go env -u` included; the
            // environment value wins over the file for this one run.
            ...(brokenOrOther ? { env: { GOROOT: own } } : {}),
            description: 'go env -u GOROOT',
          }],
        },
        data: { value: fileEntry.value, ownRoot: own, origin: 'env-file' },
      });
    }

    // The process environment, when no startup file accounts for it (set by an IDE, a service unit, a parent shell...).
    const envValue = setting?.envValue ?? null;
    if (envValue && !assignments.some((a) => (a.expanded ?? a.value) === envValue)) {
      const { severity, same } = judge(envValue);
      ctx.report({
        severity,
        message: `GOROOT=${envValue} is set in the process environment, and no shell startup file gotune reads sets it; ${consequence(envValue, same)}`,
        found: `GOROOT=${envValue}`,
        expected: 'GOROOT unset',
        source: { kind: 'env', description: `process environment (GOROOT=${envValue})` },
        hint: 'Find what exports it (`grep -rn GOROOT ~/.* /etc/profile /etc/profile.d /etc/environment`, your IDE or service settings) and remove it; `unset GOROOT` fixes the current shell.',
        data: { value: envValue, ownRoot: own, origin: 'env' },
      });
    }
  },
});


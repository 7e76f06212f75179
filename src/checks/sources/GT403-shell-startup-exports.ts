import { defineCheck } from '../../engine/define.ts';
import type { Severity } from '../../engine/types.ts';
import type { FactsSnapshot, ShellAssignment } from '../../facts/types.ts';
import { commentOutLines, shellRef } from './where.ts';

/** Directories the go command creates itself on first use: a missing one is only a warning. */
const CREATED_ON_DEMAND = new Set(['GOPATH', 'GOMODCACHE', 'GOCACHE', 'GOBIN', 'GOTMPDIR']);

function where(a: { file: string; line: number }): string {
  return `${a.file}:${a.line}`;
}

function shown(a: ShellAssignment): string {
  return a.expanded !== null && a.expanded !== a.value ? `${a.value} (= ${a.expanded})` : a.value;
}

export default defineCheck({
  id: 'GT403',
  name: 'shell-startup-exports',
  family: 'sources',
  severity: 'info',
  summary: 'shell startup files (bash, zsh, fish, /etc/profile.d, /etc/environment) set Go variables: info listing file:line; warning when they disagree with each other or the live environment; error when they point at missing directories',
  fixable: true,
  run(facts, ctx) {
    const byVar = new Map<string, ShellAssignment[]>();
    for (const a of facts.shellStartup.assignments) byVar.set(a.variable, [...(byVar.get(a.variable) ?? []), a]);
    for (const [name, list] of [...byVar].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) reportVariable(facts, ctx, name, list);

    for (const a of facts.shellStartup.assignments) {
      if (a.expandedExists !== false || a.expanded === null) continue;
      const missingGoroot = a.variable === 'GOROOT';
      // A directory the go command creates on first use, under an existing parent, is a fresh
      // machine rather than a mistake ($HOME/go before the first download).
      if (!missingGoroot && CREATED_ON_DEMAND.has(a.variable) && a.expandedParentExists !== false) continue;
      const changes = missingGoroot ? commentOutLines(facts, [a], `GOROOT ${a.expanded} does not exist`) : null;
      ctx.report({
        severity: CREATED_ON_DEMAND.has(a.variable) ? 'warning' : 'error',
        message: missingGoroot
          ? `${where(a)} sets GOROOT to ${a.expanded}, which does not exist; every go command started from that shell stops with "go: cannot find GOROOT directory: ${a.expanded}".`
          : `${where(a)} sets ${a.variable} to ${a.expanded}, which does not exist, and neither does its parent directory (an unmounted disk, a removed or mistyped path)${CREATED_ON_DEMAND.has(a.variable) ? '; the go command will try to create the whole path on first use, which fails on a read-only or missing mount' : ''}.`,
        found: `${a.variable}=${shown(a)}`,
        expected: missingGoroot ? 'GOROOT unset (the go binary finds its own tree) or an existing Go tree' : `an existing directory for ${a.variable}`,
        source: shellRef(a),
        hint: missingGoroot
          ? `Remove the GOROOT line at ${where(a)}: the go command finds its own tree. If you installed Go elsewhere, put that tree's bin directory on PATH instead.`
          : `Correct or remove the ${a.variable} line at ${where(a)}.`,
        ...(changes ? { fix: { description: `Comment out the GOROOT line at ${where(a)} (the go binary then finds its own tree); open a new shell afterwards.`, safe: true, files: changes } } : {}),
        data: { variable: a.variable, value: a.value, expanded: a.expanded, file: a.file, line: a.line },
      });
    }

    // Where `go install` writes (GOBIN, else GOPATH[0]/bin) is created by the go command on first
    // use: a PATH entry for it that does not exist yet is the normal state of a fresh machine.
    const installDirs = new Set<string>();
    const gobin = facts.settings['GOBIN']?.value;
    if (gobin) installDirs.add(gobin.replace(/\/+$/, ''));
    for (const gp of (facts.settings['GOPATH']?.value ?? '').split(facts.platform.listSeparator)) if (gp) installDirs.add(`${gp.replace(/\/+$/, '')}/bin`);
    for (const p of facts.shellStartup.pathAdditions) {
      const missing = p.dirs.filter((d, i) => p.exists?.[i] === false && !installDirs.has((p.expanded?.[i] ?? d).replace(/\/+$/, '')));
      if (!missing.length) continue;
      ctx.report({
        severity: 'error',
        message: `${where(p)} adds ${missing.map((d, i) => { const e = p.expanded?.[p.dirs.indexOf(d)]; return e && e !== d ? `${d} (= ${e})` : d; }).join(', ')} to PATH, which does not exist; a Go installed there was moved or removed, and the shell falls through to whichever go comes next on PATH.`,
        found: `PATH entry ${missing.join(', ')}`,
        expected: 'PATH entries for Go that exist',
        source: { ...shellRef(p), description: `${where(p)}: ${p.text}` },
        hint: `Point the PATH line at ${where(p)} at the Go you use (for /usr/local/go: /usr/local/go/bin), or remove it.`,
        data: { file: p.file, line: p.line, missing },
      });
    }

    const unread = facts.shellStartup.files.filter((f) => f.error !== null);
    if (unread.length) {
      const lines = unread.map((f) => `${f.path}${f.linkTarget ? ` (→ ${f.linkTarget})` : ''}: ${f.error}`);
      ctx.report({
        severity: 'info',
        message: `${unread.length} shell startup file${unread.length === 1 ? ' was' : 's were'} not read, so Go settings made there are not known to gotune:\n${lines.join('\n')}`,
        found: lines.join('; '),
        expected: 'readable text startup files',
        source: unread.map((f) => ({ kind: 'shell-startup' as const, file: f.path, description: f.path })),
        hint: 'A dangling link usually means a dotfile manager (stow, chezmoi, home-manager) whose store moved; a directory, binary or huge file in place of a startup file is worth a look. Check with `go env` in a new shell what your settings really are.',
        data: { files: unread.map((f) => ({ path: f.path, error: f.error, linkTarget: f.linkTarget ?? null, binary: f.binary })) },
      });
    }

    for (const w of facts.shellStartup.goEnvWrites) {
      ctx.report({
        severity: 'info',
        message: `${where(w)} runs \`go ${w.args.join(' ')}\` every time the shell starts, rewriting the go env -w file (${facts.envFile.path ?? 'the go env -w file'}) each time.`,
        found: w.text,
        expected: 'go env -w run once by hand (the file keeps the setting)',
        source: { ...shellRef(w), description: `${where(w)}: ${w.text}` },
        hint: `Remove the line at ${where(w)}: the setting is already stored in the go env -w file, and a startup file is the wrong place to write it.`,
        data: { file: w.file, line: w.line, args: w.args },
      });
    }
  },
});

function reportVariable(facts: FactsSnapshot, ctx: Parameters<Parameters<typeof defineCheck>[0]['run']>[1], name: string, list: ShellAssignment[]): void {
  const live = facts.env[name];
  const statics = list.filter((a) => a.expanded !== null);
  const distinct = [...new Set(statics.map((a) => a.expanded!))];
  const problems: string[] = [];
  let severity: Severity = 'info';
  if (distinct.length > 1) {
    severity = 'warning';
    problems.push(`the files disagree: ${distinct.map((v) => `${v} (${statics.filter((a) => a.expanded === v).map(where).join(', ')})`).join(' vs ')}`);
  }
  if (live !== undefined && live !== '' && statics.length && !list.some((a) => a.expanded === live || a.value === live)) {
    severity = 'warning';
    problems.push(`the live environment has ${name}=${live}, which none of them sets (something else — a parent process, an IDE, a file gotune does not read — set it)`);
  }
  const notExported = list.filter((a) => !a.exported);
  if (notExported.length && (live === undefined || live === '')) {
    problems.push(`${notExported.map(where).join(', ')} assign${notExported.length === 1 ? 's' : ''} ${name} without exporting it, so the go command never sees it`);
  }
  const linkOf = (file: string) => facts.shellStartup.files.find((f) => f.path === file)?.linkTarget ?? null;
  const listing = list.map((a) => `${where(a)}: ${name}=${shown(a)}${a.universal ? ' (fish universal variable)' : ''}${linkOf(a.file) ? ` (${a.file} → ${linkOf(a.file)})` : ''}`);
  ctx.report({
    severity,
    message: `${name} is set by shell startup files${problems.length ? `; ${problems.join('; ')}` : ''}:\n${listing.join('\n')}`,
    found: listing.join('; '),
    expected: problems.length ? `${name} set in one place, to the value in effect` : `${name} set deliberately (listed for reference)`,
    source: list.map((a) => shellRef(a)),
    hint: problems.length
      ? `Keep one ${name} line (in the file your shell reads: ${facts.user.shell ?? 'your login shell'}) and remove the others; open a new shell and check with \`go env ${name}\`.`
      : `Nothing to do if this is what you want; \`go env ${name}\` shows the value in effect.`,
    data: { variable: name, live: live ?? null, assignments: list.map((a) => ({ file: a.file, line: a.line, value: a.value, expanded: a.expanded })) },
  });
}

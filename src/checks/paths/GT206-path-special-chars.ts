import { defineCheck } from '../../engine/define.ts';
import type { Severity } from '../../engine/types.ts';
import { listEntries, settingSources } from './setting-edits.ts';

const ROLES = ['GOROOT', 'GOPATH', 'GOMODCACHE', 'GOCACHE', 'GOBIN'] as const;

/** Characters a shell, make or a cgo flag line gives a meaning of their own. */
const UNIX_META = /[$`"'\\;&|<>*?[\]{}()!#]/;
const WINDOWS_META = /[$`"';&|<>*?[\]{}!#%^]/;

function problems(os: string, p: string): { what: string[]; severity: Severity } {
  const what: string[] = [];
  let severity: Severity = 'info';
  if (/[\x00-\x1f\x7f]/.test(p)) { what.push('control characters'); severity = 'warning'; }
  const meta = (os === 'windows' ? WINDOWS_META : UNIX_META).exec(p);
  if (meta) { what.push(`the shell metacharacter ${JSON.stringify(meta[0])}`); severity = 'warning'; }
  if (/ /.test(p)) what.push('spaces');
  if (/[^\x00-\x7f]/.test(p)) what.push('non-ASCII characters');
  return { what, severity };
}

export default defineCheck({
  id: 'GT206',
  name: 'path-special-chars',
  family: 'paths',
  severity: 'warning',
  summary: 'spaces, non-ASCII or shell metacharacters in GOROOT, GOPATH, GOMODCACHE, GOCACHE or GOBIN',
  fixable: false,
  run(facts, ctx) {
    const os = facts.platform.os;
    for (const name of ROLES) {
      const s = facts.settings[name];
      if (!s?.value || s.value === 'off') continue;
      const paths = name === 'GOPATH' ? listEntries(facts, s.value) : [s.value];
      for (const p of paths) {
        const r = problems(os, p);
        // The Windows installer's own default; Go handles it, and moving it helps nobody.
        if (os === 'windows' && name === 'GOROOT' && /^[A-Za-z]:\\Program Files( \(x86\))?\\Go\\?$/i.test(p) && r.severity === 'info' && r.what.every((w) => w === 'spaces')) continue;
        if (r.what.length === 0) continue;
        ctx.report({
          severity: r.severity,
          message: `${name} ${JSON.stringify(p)} contains ${r.what.join(' and ')}. The go command copes, but build scripts, Makefiles, cgo flag lines (CGO_CFLAGS, #cgo -I) and tools that pass the path through a shell unquoted break on it${r.severity === 'warning' ? ', or run part of it as a command' : ''}.`,
          found: `${name}=${p}`,
          expected: 'a path of ASCII letters, digits, ".", "_", "-" and separators',
          source: settingSources(facts, s),
          hint: name === 'GOROOT'
            ? 'Install Go in a plain path (e.g. /usr/local/go, C:\\Go) if a build tool trips over this one.'
            : `If a tool trips over it, move it to a plain path with \`go env -w ${name}=<plain path>\`${name === 'GOMODCACHE' || name === 'GOCACHE' ? ' (a new cache starts empty; copy the old one or let it fill again)' : ''}.`,
          data: { setting: name, path: p, problems: r.what },
        });
      }
    }
  },
});

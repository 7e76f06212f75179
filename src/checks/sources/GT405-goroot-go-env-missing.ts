import { defineCheck } from '../../engine/define.ts';
import type { SourceRef } from '../../engine/types.ts';
import { parseGoVersion } from './where.ts';

/** What each key of the shipped go.env does when it is missing (confirmed with go1.26.8). */
const EFFECT: Record<string, string> = {
  GOPROXY: '`go env GOPROXY` prints nothing and every module download fails with "GOPROXY list is not the empty string, but contains no entries"',
  GOSUMDB: '`go env GOSUMDB` prints nothing: no checksum database is named',
  GOTOOLCHAIN: '`go env GOTOOLCHAIN` prints nothing and the go command behaves as with GOTOOLCHAIN=local: a go.mod that asks for a newer Go fails with "go: go.mod requires go >= ..." instead of switching',
};
const UPSTREAM: Record<string, string> = { GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org', GOTOOLCHAIN: 'auto' };

export default defineCheck({
  id: 'GT405',
  name: 'goroot-go-env-missing',
  family: 'sources',
  severity: 'warning',
  summary: '`$GOROOT/go.env` is missing or lacks GOPROXY/GOSUMDB/GOTOOLCHAIN (GOTOOLCHAIN acts as local; GOPROXY/GOSUMDB are empty)',
  fixable: false,
  run(facts, ctx) {
    const g = facts.gorootGoEnv;
    if (!g.path) return;
    const winner = facts.goBinaries.find((b) => b.executable);
    const version = facts.goEnv?.values['GOVERSION'] || winner?.version || null;
    const v = parseGoVersion(version);
    // go.env arrived with Go 1.21; older trees never had it. Without a version gotune cannot tell.
    if (!v || v[0] < 1 || (v[0] === 1 && v[1] < 21)) return;
    const present = new Set(g.entries.map((e) => e.key));
    const missing = Object.keys(EFFECT).filter((k) => !present.has(k));
    if (g.exists && !g.error && !missing.length) return;
    // A key set in the environment or the go env -w file does not need go.env.
    const uncovered = missing.filter((k) => {
      const s = facts.settings[k];
      return !s || (s.envValue === null && s.envFileValue === null);
    });
    const whole = !g.exists || !!g.error;
    const src: SourceRef = { kind: 'goroot-go.env', file: g.path, description: g.path };
    ctx.report({
      severity: uncovered.length ? 'warning' : 'info',
      message: `${whole ? `${g.path} ${g.error ? `cannot be read (${g.error})` : 'is missing'}` : `${g.path} lacks ${missing.join(', ')}`} (${version}; Go 1.21 and later ship that file with the defaults). ${uncovered.length ? `Without it: ${uncovered.map((k) => `${k}: ${EFFECT[k]}`).join('; ')}.` : `Your environment or go env -w file sets ${missing.join(', ')}, so nothing breaks now — but every setting it relies on is now yours to keep.`}`,
      found: whole ? `no ${g.path}` : `${g.path} without ${missing.join(', ')}`,
      expected: `${g.path} with ${Object.entries(UPSTREAM).map(([k, val]) => `${k}=${val}`).join(', ')}`,
      source: src,
      hint: `Reinstall Go from https://go.dev/dl (a packager removed the file), or restore it with the upstream lines: ${Object.entries(UPSTREAM).map(([k, val]) => `${k}=${val}`).join(' / ')}. As a per-user workaround: go env -w ${uncovered.map((k) => `${k}=${UPSTREAM[k]}`).join(' ') || 'GOPROXY=https://proxy.golang.org,direct GOSUMDB=sum.golang.org'}.`,
      data: { path: g.path, version, missing, uncovered },
    });
  },
});

import { defineCheck } from '../../engine/define.ts';
import type { FactsSnapshot, LocationFact } from '../../facts/types.ts';
import { MEMORY_FILESYSTEMS } from './filesystems.ts';
import { settingSources } from './setting-edits.ts';

const ROLES = ['GOCACHE', 'GOMODCACHE'] as const;

/** macOS empties /tmp at reboot and /var/folders/…/T of files unused for three days; no mount data is gathered there. */
const DARWIN_VOLATILE = /^(?:\/private)?\/tmp(?:\/|$)|^(?:\/private)?\/var\/folders\/[^/]+\/[^/]+\/T(?:\/|$)/;

function why(facts: FactsSnapshot, path: string, loc: LocationFact | undefined): string | null {
  if (loc?.fsType && MEMORY_FILESYSTEMS.has(loc.fsType)) return `on ${loc.fsType}${loc.mountPoint ? ` (${loc.mountPoint})` : ''}, held in memory and empty after every reboot`;
  if (loc?.volatile) return 'under a directory this system empties at boot (systemd-tmpfiles)';
  if (!loc && facts.platform.os === 'darwin' && DARWIN_VOLATILE.test(path)) return 'in a temporary directory macOS empties (at reboot, or after three days unused)';
  return null;
}

function hintFor(facts: FactsSnapshot, role: (typeof ROLES)[number], source: string): string {
  if (source !== 'default') return `Remove the setting to use the default (\`go env -u ${role}\`, or its export in your shell startup file), or point it at persistent storage.`;
  const gopath = facts.settings['GOPATH'];
  if (role === 'GOMODCACHE' && gopath && (gopath.source === 'env' || gopath.source === 'env-file')) {
    return `GOMODCACHE follows GOPATH, which is set to ${gopath.value ?? '?'}: move GOPATH to persistent storage, or pin the cache with \`go env -w GOMODCACHE=<persistent path>\`.`;
  }
  const origin = role === 'GOCACHE' ? (facts.env['XDG_CACHE_HOME'] ? `XDG_CACHE_HOME (${facts.env['XDG_CACHE_HOME']})` : `HOME (${facts.user.home ?? '?'})`) : `HOME (${facts.user.home ?? '?'})`;
  return `The default location itself is volatile here, because ${origin} points into a temporary directory; set ${role} to a persistent path with \`go env -w ${role}=...\`.`;
}

export default defineCheck({
  id: 'GT211',
  name: 'volatile-cache',
  family: 'paths',
  severity: 'warning',
  summary: 'GOCACHE or GOMODCACHE on tmpfs or under a directory wiped at boot',
  fixable: false,
  run(facts, ctx) {
    // On a CI runner the machine is thrown away anyway; the cache is restored by the CI's cache step or not at all.
    const ci = !!facts.env['CI'] && facts.env['CI'] !== 'false';
    for (const role of ROLES) {
      const s = facts.settings[role];
      const path = s?.value;
      if (!s || !path || path === 'off') continue;
      const loc = facts.mounts.locations.find((l) => l.role === role);
      const reason = why(facts, path, loc);
      if (!reason) continue;
      const what = role === 'GOCACHE' ? 'every package is compiled again after it is wiped' : 'every module is downloaded again after it is wiped';
      ctx.report({
        severity: ci ? 'info' : 'warning',
        message: `${role} ${path} is ${reason}: ${what}.`,
        found: `${role}=${path}${loc?.fsType ? ` (${loc.fsType})` : ''}`,
        expected: `${role} on persistent storage (default: ${role === 'GOCACHE' ? 'the user cache directory, e.g. ~/.cache/go-build' : 'GOPATH/pkg/mod, e.g. ~/go/pkg/mod'})`,
        source: [...settingSources(facts, s), ...(loc ? [{ kind: 'filesystem' as const, file: path, description: `${loc.mountPoint ?? path}${loc.fsType ? ` (${loc.fsType})` : ''}` }] : [])],
        hint: hintFor(facts, role, s.source),
        data: { role, path, fsType: loc?.fsType ?? null, ci },
      });
    }
  },
});

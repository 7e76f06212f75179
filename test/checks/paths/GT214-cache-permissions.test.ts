import check from '../../../src/checks/paths/GT214-cache-permissions.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, location, HOME } from '../../helpers/facts.ts';
import type { LocationFact } from '../../../src/facts/types.ts';

const cache = (role: 'GOMODCACHE' | 'GOCACHE', extra: Partial<LocationFact>) => () => {
  const f = makeFacts();
  f.mounts.locations = [location(role, role === 'GOCACHE' ? `${HOME}/.cache/go-build` : `${HOME}/go/pkg/mod`, extra)];
  return f;
};

checkCases(check, {
  fires: [
    { name: 'root-owned after sudo', count: 1, severity: 'error', message: [/not writable by you \(owned by root, drwxr-xr-x\)/, /sudo go/],
      facts: cache('GOMODCACHE', { writable: false, ownerUid: 0, mode: 0o40755 }),
      assert: ([f]) => { if (!/sudo chown -R 1000/.test(f!.hint!)) throw new Error(f!.hint!); } },
    { name: 'missing cache under a read-only parent', count: 1, message: /cannot be created/,
      facts: cache('GOCACHE', { exists: false, existingAncestor: `${HOME}/.cache`, writable: false, ownerUid: 0 }) },
    { name: 'world-writable without sticky bit', count: 1, severity: 'warning', message: /writable by every user .*drwxrwxrwx/,
      facts: cache('GOCACHE', { mode: 0o40777 }) },
  ],
  quiet: [
    { name: 'own, 0755', facts: makeFacts() },
    { name: 'world-writable with sticky bit (a shared /tmp-like dir)', facts: cache('GOCACHE', { mode: 0o41777 }) },
    { name: 'unknown writability (no mount data)', facts: cache('GOMODCACHE', { writable: null, mode: null, ownerUid: null }) },
  ],
});

// `gotune doctor --measure` with the real go: the Go directories' filesystems are timed with small
// files, a local disk is timed for comparison, the header shows both, GT209 judges them, and
// nothing is left in the directories afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox } from '../helpers/sandbox.ts';

test('doctor --measure: latency per location and of a local disk, in JSON and in the header; no leftovers', (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  const mod = join(sb.home, 'go/pkg/mod');
  const cache = join(sb.home, '.cache/go-build');
  for (const d of [mod, cache]) mkdirSync(d, { recursive: true });

  const r = sb.gotune(['doctor', '--measure', '--json', '--only', 'GT209']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const doc = JSON.parse(r.stdout) as {
    facts: { mounts: { reference: { perFileMs: number; fsType: string } | null; locations: { role: string; path: string; latency?: { perFileMs: number | null; files: number; error: string | null } }[] } };
    checks: { id: string; status: string }[];
  };
  const byRole = (role: string) => doc.facts.mounts.locations.find((l) => l.role === role)!;
  for (const role of ['GOMODCACHE', 'GOCACHE', 'project']) {
    const l = byRole(role);
    assert.equal(l.latency?.error, null, `${role}: ${JSON.stringify(l.latency)}`);
    assert.ok(l.latency!.perFileMs! > 0 && l.latency!.files > 0, role);
  }
  assert.ok(doc.facts.mounts.reference === null || doc.facts.mounts.reference.perFileMs > 0);
  assert.equal(doc.checks.find((c) => c.id === 'GT209')?.status, 'ok', 'the local disk of this machine is not slow');
  for (const d of [mod, cache, sb.project]) assert.deepEqual(readdirSync(d).filter((n) => n.startsWith('.gotune-measure-')), [], `nothing left in ${d}`);

  const text = sb.gotune(['doctor', '--measure', '--only', 'GT209']);
  assert.match(text.stdout, /GOMODCACHE\s+~\/go\/pkg\/mod \[\w+, \d+\.\d\d ms per small file\]/);
  assert.match(text.stdout, /local disk\s+(\S+ \[\w+, \d+\.\d\d ms per small file\]\s+← measured for comparison|none found to compare with)/);

  const plain = sb.gotune(['doctor', '--json', '--only', 'GT209']);
  const p = JSON.parse(plain.stdout) as { facts: { mounts: { reference?: unknown; locations: { latency?: unknown }[] } } };
  assert.equal(p.facts.mounts.reference, undefined, 'without --measure nothing is measured');
  assert.ok(p.facts.mounts.locations.every((l) => l.latency === undefined));
});

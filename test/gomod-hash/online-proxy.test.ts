// Online: downloads the fixture project's 53 public modules through the real GOPROXY into a
// temporary module cache (checked by the go command against go.sum and sum.golang.org), then
// requires every zip, extracted tree and go.mod in that cache to hash to its go.sum line.
// Set GOTUNE_ONLINE_MODCACHE to reuse a cache directory between runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashDir, hashGoMod, hashZip } from '../../src/gomod/dirhash.ts';
import { GO, GOROOT, hasGo, escapeCase } from './goproxy-fixture.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'online-project');

test('every module in a real module cache hashes to its go.sum line', { skip: hasGo ? false : `no go at ${GO}`, timeout: 900_000 }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-online-')));
  const modcache = process.env['GOTUNE_ONLINE_MODCACHE'] ?? join(root, 'modcache');
  try {
    const project = join(root, 'project');
    mkdirSync(project);
    copyFileSync(join(FIXTURE, 'go.mod'), join(project, 'go.mod'));
    copyFileSync(join(FIXTURE, 'go.sum'), join(project, 'go.sum'));
    const env = {
      HOME: join(root, 'home'), PATH: `${join(GOROOT, 'bin')}:/usr/bin:/bin`, GOPATH: join(root, 'gopath'), GOMODCACHE: modcache,
      GOCACHE: join(root, 'gocache'), GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOPROXY: process.env['GOPROXY'] ?? 'https://proxy.golang.org',
      GOSUMDB: 'sum.golang.org', GONOSUMDB: '', GOPRIVATE: '', GOENV: 'off', LANG: 'C.UTF-8',
    };
    // Explicit module@version arguments make go record the zip sums too, not only go.mod sums.
    const required = [...readFileSync(join(FIXTURE, 'go.mod'), 'utf8').matchAll(/^\t(\S+) (\S+)$/gm)].map((m) => `${m[1]}@${m[2]}`);
    assert.ok(required.length >= 40, `only ${required.length} requirements`);
    const dl = spawnSync(GO, ['mod', 'download', ...required], { cwd: project, env, encoding: 'utf8', timeout: 800_000 });
    assert.equal(dl.status, 0, dl.stderr);

    const sums = new Map<string, string>();
    for (const line of readFileSync(join(project, 'go.sum'), 'utf8').split('\n')) {
      const f = line.split(/\s+/).filter(Boolean);
      if (f.length === 3 && f[2]!.startsWith('h1:')) sums.set(`${f[0]} ${f[1]}`, f[2]!);
    }
    const counts = { zips: 0, dirs: 0, mods: 0, modsWithoutLine: 0 };
    const mismatches: string[] = [];
    const download = join(modcache, 'cache', 'download');
    for (const [key, want] of sums) {
      const [path, versionField] = key.split(' ') as [string, string];
      const isMod = versionField.endsWith('/go.mod');
      const version = isMod ? versionField.slice(0, -'/go.mod'.length) : versionField;
      const base = join(download, escapeCase(path), '@v', escapeCase(version));
      if (isMod) {
        if (!existsSync(`${base}.mod`)) continue; // the graph did not need it downloaded
        counts.mods++;
        const got = hashGoMod(readFileSync(`${base}.mod`));
        if (got !== want) mismatches.push(`${key}: go.mod ${got} != ${want}`);
        continue;
      }
      if (!existsSync(`${base}.zip`)) {
        // go.sum may also hold zip sums of modules that only an earlier build needed.
        assert.ok(!required.includes(`${path}@${version}`), `${key}: zip missing from the cache`);
        continue;
      }
      counts.zips++;
      const z = await hashZip(`${base}.zip`, { expectedPrefix: `${path}@${version}/` });
      if (z !== want) mismatches.push(`${key}: zip ${z} != ${want}`);
      const ziphash = readFileSync(`${base}.ziphash`, 'utf8');
      if (ziphash !== want) mismatches.push(`${key}: .ziphash ${ziphash} != ${want}`);
      const dir = join(modcache, `${escapeCase(path)}@${escapeCase(version)}`);
      counts.dirs++;
      const d = await hashDir(dir, `${path}@${version}`);
      if (d !== want) mismatches.push(`${key}: dir ${d} != ${want}`);
    }
    // Every .mod in the cache is covered by a go.sum line.
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.mod') ? [join(d, e.name)] : []));
    for (const f of walk(download)) {
      if (f.includes(`${join(download, 'sumdb')}`)) continue;
      const rel = f.slice(download.length + 1);
      const at = rel.indexOf('/@v/');
      const path = rel.slice(0, at).replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
      const version = rel.slice(at + 4, -4).replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
      if (!sums.has(`${path} ${version}/go.mod`)) counts.modsWithoutLine++;
    }
    const total = counts.zips + counts.dirs + counts.mods;
    console.log(`gomod-hash online: ${total - mismatches.length}/${total} agree (${counts.zips} zips, ${counts.dirs} extracted trees, ${counts.mods} go.mod files; ${counts.modsWithoutLine} cached .mod files without a go.sum line)`);
    assert.deepEqual(mismatches, []);
    assert.ok(counts.zips >= 40, `only ${counts.zips} module zips`);
  } finally {
    removeGoTree(root);
  }
});

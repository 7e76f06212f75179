// The crash test over a real module cache (the fixture project's ~150 real module versions):
// at least 20 SIGKILLs of `prune --apply` at random moments. Long suite: `npm run test:long`.
import { test, after } from 'node:test';
import { hasGo, GO, CLI } from '../modcache/cache-fixture.ts';
import { copyRealCache, type RealCacheCopy } from '../modcache/real-cache.ts';
import { crashLoop } from '../modcache/crash-loop.ts';

let rc: RealCacheCopy | undefined;
after(() => rc?.cleanup());

test('prune --apply over a real cache, killed 20 times, never leaves corruption', { skip: !hasGo && 'no go command' }, async () => {
  rc = copyRealCache();
  const r = await crashLoop({
    cli: CLI, modcache: rc.modcache, project: rc.project, env: rc.env, go: GO, kills: Number(process.env['GOTUNE_CRASH_KILLS'] ?? 20),
    verifyAfterRepair: false, log: (l) => console.log(l),
  });
  console.log(JSON.stringify(r));
});

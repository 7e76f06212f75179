// The crash test on a small offline cache (the long run over a real cache is
// cache-crash-long.test.ts, in the long suite).
import { test, after } from 'node:test';
import { makeCacheFixture, hasGo, GO, CLI, type CacheFixture } from '../modcache/cache-fixture.ts';
import { crashLoop } from '../modcache/crash-loop.ts';

let fx: CacheFixture | undefined;
after(() => fx?.cleanup());

test('prune --apply killed at random moments never leaves corruption', { skip: !hasGo && 'no go command' }, async () => {
  fx = makeCacheFixture({ extraModules: 6 });
  const r = await crashLoop({ cli: CLI, modcache: fx.modcache, project: fx.project, env: fx.env, go: GO, kills: 3 });
  if (process.env['GOTUNE_TEST_VERBOSE']) console.log(JSON.stringify(r));
});

import { defineCheck } from '../../engine/define.ts';
import { formatBytes } from '../../modcache/stats.ts';

const GiB = 1024 ** 3;
const DAY_MS = 86_400_000;

/** The go command trims at most once a day (entries unused for 5 days); a week without is suspicious. */
export const TRIM_STALE_MS = 7 * DAY_MS;
export const GOCACHE_LARGE_BYTES = 2 * GiB;

export default defineCheck({
  id: 'GT504',
  name: 'gocache-not-trimming',
  family: 'cache',
  severity: 'warning',
  summary: 'the build cache has not trimmed itself for a long time while it is large',
  fixable: false,
  run(facts, ctx) {
    const g = facts.gocache;
    if (!g || !g.exists || !g.root || !g.trimTxt) return;
    if (g.bytesEstimate < GOCACHE_LARGE_BYTES) return;
    const now = Date.parse(facts.gatheredAt);
    const last = g.trimTxt.lastTrimMs;
    // Trimming only happens when the go command builds; an idle cache is not a problem.
    const inUse = g.newestEntryMs !== null && now - g.newestEntryMs < TRIM_STALE_MS;
    if (!inUse) return;
    let why: string | null = null;
    if (!g.trimTxt.exists) why = 'it has no trim.txt';
    else if (last === null) why = `its trim.txt does not hold a Unix time (${g.trimTxt.error ?? 'unreadable'})`;
    else if (last > now + DAY_MS) why = `its trim.txt says the last trim happens in the future (${new Date(last).toISOString()}), which blocks trimming until then`;
    else if (now - last > TRIM_STALE_MS) why = `its last trim was ${Math.floor((now - last) / DAY_MS)} days ago (${new Date(last).toISOString().slice(0, 10)})`;
    if (!why) return;
    ctx.report({
      message: `the build cache ${g.root} (about ${formatBytes(g.bytesEstimate)}) is in use but does not trim itself: ${why}`,
      found: g.trimTxt.exists ? `trim.txt: ${last === null ? 'invalid' : new Date(last).toISOString()}` : 'no trim.txt',
      expected: 'trim.txt at most a few days old: the go command deletes entries unused for 5 days, at most once a day',
      source: { kind: 'filesystem', file: g.trimTxt.path, description: `GOCACHE ${g.root}` },
      hint: 'A CI cache restore that brings back an old or future trim.txt, or restores the cache read-only, stops trimming. Exclude trim.txt from the saved cache (or delete it after the restore) so the go command trims again; `go clean -cache` empties the cache at once.',
      data: { bytesEstimate: g.bytesEstimate, lastTrimMs: last },
    });
  },
});

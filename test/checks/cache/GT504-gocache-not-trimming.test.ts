import check from '../../../src/checks/cache/GT504-gocache-not-trimming.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, HOME } from '../../helpers/facts.ts';
import { gocache, GiB, DAY, NOW } from './facts.ts';

const trim = (lastTrimMs: number | null, extra: { exists?: boolean; error?: string | null } = {}) =>
  ({ path: `${HOME}/.cache/go-build/trim.txt`, exists: extra.exists ?? true, lastTrimMs, error: extra.error ?? null });

checkCases(check, {
  fires: [
    { name: 'last trim 40 days ago, cache in use', count: 1, severity: 'warning', message: /last trim was 40 days ago/,
      facts: makeFacts({ gocache: gocache({ trimTxt: trim(NOW - 40 * DAY) }) }) },
    { name: 'trim.txt in the future (restored from another clock)', count: 1, message: /in the future/,
      facts: makeFacts({ gocache: gocache({ trimTxt: trim(NOW + 400 * DAY) }) }) },
    { name: 'no trim.txt at all', count: 1, message: /has no trim\.txt/,
      facts: makeFacts({ gocache: gocache({ trimTxt: trim(null, { exists: false }) }) }) },
    { name: 'garbage in trim.txt', count: 1, message: /does not hold a Unix time/,
      facts: makeFacts({ gocache: gocache({ trimTxt: trim(null, { error: 'not a Unix time' }) }) }) },
  ],
  quiet: [
    { name: 'trimmed yesterday', facts: makeFacts({ gocache: gocache() }) },
    { name: 'old stamp but small cache', facts: makeFacts({ gocache: gocache({ trimTxt: trim(NOW - 40 * DAY), bytesEstimate: 0.5 * GiB }) }) },
    { name: 'old stamp but nobody builds (idle cache)', facts: makeFacts({ gocache: gocache({ trimTxt: trim(NOW - 40 * DAY), newestEntryMs: NOW - 60 * DAY }) }) },
    { name: 'GOCACHE=off', facts: makeFacts({ gocache: gocache({ root: 'off', exists: false, trimTxt: null }) }) },
    { name: 'older snapshot without gocache facts', facts: makeFacts() },
  ],
});

import check from '../../../src/checks/cache/GT502-modcache-partial.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, HOME } from '../../helpers/facts.ts';
import { modcache } from './facts.ts';

const marker = { kind: 'partial-marker', path: `${HOME}/go/pkg/mod/cache/download/golang.org/x/tools/@v/v0.21.0.partial` };
const tmp = { kind: 'tmp-file', path: `${HOME}/go/pkg/mod/cache/download/golang.org/x/net/@v/v0.30.0.zip123456.tmp` };

checkCases(check, {
  fires: [
    { name: 'one .partial marker', count: 1, severity: 'warning', message: [/1 leftover of interrupted/, /v0\.21\.0\.partial/],
      facts: makeFacts({ modcache: modcache({ leftovers: { count: 1, samples: [marker] } }) }),
      assert: (f) => { if (!/gotune cache clean --partial/.test(f[0]!.hint ?? '')) throw new Error('hint names the command'); } },
    { name: 'many leftovers are summarised', count: 1, message: /12 leftovers[\s\S]*… 7 more/,
      facts: makeFacts({ modcache: modcache({ leftovers: { count: 12, samples: Array.from({ length: 12 }, (_, i) => (i % 2 ? marker : tmp)) } }) }) },
  ],
  quiet: [
    { name: 'clean cache', facts: makeFacts({ modcache: modcache() }) },
    { name: 'no module cache', facts: makeFacts({ modcache: modcache({ exists: false }) }) },
    { name: 'older snapshot without modcache facts', facts: makeFacts() },
  ],
});

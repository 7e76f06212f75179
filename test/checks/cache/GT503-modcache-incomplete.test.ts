import check from '../../../src/checks/cache/GT503-modcache-incomplete.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts } from '../../helpers/facts.ts';
import { modcache } from './facts.ts';

checkCases(check, {
  fires: [
    { name: 'a tree without .ziphash', count: 1, severity: 'warning', message: /1 extracted module in the module cache has no \.ziphash: github\.com\/google\/uuid@v1\.6\.0/,
      facts: makeFacts({ modcache: modcache({ incomplete: { treesWithoutZiphash: 1, zipsWithoutZiphash: 0, samples: [{ key: 'github.com/google/uuid@v1.6.0', what: 'tree' }] } }) }) },
    { name: 'trees and zips', count: 1, message: /2 extracted modules and 1 zip in the module cache have no \.ziphash/,
      facts: makeFacts({ modcache: modcache({ incomplete: { treesWithoutZiphash: 2, zipsWithoutZiphash: 1, samples: [
        { key: 'a.example/x@v1.0.0', what: 'tree' }, { key: 'a.example/y@v1.0.0', what: 'tree' }, { key: 'a.example/z@v1.0.0', what: 'zip' }] } }) }) },
  ],
  quiet: [
    { name: 'every piece has its .ziphash', facts: makeFacts({ modcache: modcache() }) },
    { name: 'no module cache', facts: makeFacts({ modcache: modcache({ exists: false }) }) },
    { name: 'older snapshot without modcache facts', facts: makeFacts() },
  ],
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/network/GT313-goflags-invalid.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

const go = (v: string) => ({ goEnv: { values: { GOVERSION: v } } });

checkCases(check, {
  fires: [
    { name: '-mod mod: fixable to -mod=mod', count: 1, severity: 'error', message: /go: parsing \$GOFLAGS: non-flag "mod"/,
      facts: withSetting(makeFacts(), 'GOFLAGS', '-mod mod', 'env-file'),
      assert: (f) => { assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOFLAGS=-mod=mod']); assert.equal(f[0]!.fix?.safe, true); } },
    { name: 'unknown flag', count: 1, message: /go: parsing \$GOFLAGS: unknown flag -bogus/, facts: withSetting(makeFacts(), 'GOFLAGS', '-bogus', 'env'),
      assert: (f) => assert.equal(f[0]!.fix, null) },
    { name: 'bad value', count: 1, message: /go: invalid value "x" for flag -p \(from \$GOFLAGS\): parse error/, facts: withSetting(makeFacts(), 'GOFLAGS', '-p=x', 'env') },
    { name: 'bad boolean', count: 1, message: /invalid boolean value "maybe" for flag -race/, facts: withSetting(makeFacts(), 'GOFLAGS', '-race=maybe', 'env') },
    { name: 'value flag without a value', count: 1, message: /flag needs an argument: -mod/, facts: withSetting(makeFacts(), 'GOFLAGS', '-mod', 'env') },
    { name: 'Windows spells it %GOFLAGS%', count: 1, message: /\(from %GOFLAGS%\)/,
      facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOFLAGS', '-p=x', 'env') },
    { name: 'quoted value on go1.19 splits', count: 1, message: /non-flag/,
      facts: withSetting(makeFacts(go('go1.19.8')), 'GOFLAGS', '"-ldflags=-s -w"', 'env') },
    { name: 'flag newer than the toolchain', count: 1, message: /unknown flag -pgo/, facts: withSetting(makeFacts(go('go1.19.8')), 'GOFLAGS', '-pgo=off', 'env') },
  ],
  quiet: [
    { name: 'empty', facts: makeFacts() },
    { name: 'good flags', facts: withSetting(makeFacts(), 'GOFLAGS', '-mod=mod -trimpath -tags=netgo,osusergo "-ldflags=-s -w"', 'env') },
    { name: 'pgo on a recent go', facts: withSetting(makeFacts(), 'GOFLAGS', '-pgo=off', 'env') },
  ],
});

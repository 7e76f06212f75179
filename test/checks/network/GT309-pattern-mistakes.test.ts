import assert from 'node:assert/strict';
import check from '../../../src/checks/network/GT309-pattern-mistakes.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'space after the comma', count: 1, severity: 'warning', message: /starts with white space/,
      facts: withSetting(makeFacts(), 'GOPRIVATE', 'git.acme.io, code.acme.io', 'env-file'),
      assert: (f) => assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOPRIVATE=git.acme.io,code.acme.io']) },
    { name: 'scheme and trailing /... in two variables', count: 2,
      facts: withSetting(withSetting(makeFacts(), 'GONOPROXY', 'https://git.acme.io', 'env'), 'GONOSUMDB', 'git.acme.io/...', 'env') },
    { name: 'leading dot (NO_PROXY habit)', count: 1, message: /\*\.acme\.io/, facts: withSetting(makeFacts(), 'GOINSECURE', '.acme.io', 'env') },
    { name: 'semicolons (Windows list habit)', count: 1, message: /contains ';'/,
      facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOPRIVATE', 'git.acme.io;code.acme.io', 'env-file') },
    { name: 'go env echoes GOPRIVATE into unset GONOPROXY/GONOSUMDB: reported once', count: 1, message: /^GOPRIVATE/,
      facts: (() => { const f = withSetting(makeFacts(), 'GOPRIVATE', 'a.acme.io, b.acme.io', 'env'); f.goEnv!.values['GONOPROXY'] = 'a.acme.io, b.acme.io'; f.goEnv!.values['GONOSUMDB'] = 'a.acme.io, b.acme.io'; return f; })() },
    { name: '** is only *: info', count: 1, severity: 'info', facts: withSetting(makeFacts(), 'GOPRIVATE', 'github.com/acme/**', 'env') },
  ],
  quiet: [
    { name: 'default', facts: makeFacts() },
    { name: 'good patterns', facts: withSetting(makeFacts(), 'GOPRIVATE', '*.acme.io,github.com/acme/*', 'env') },
    { name: '* alone is judged by GT307', facts: withSetting(makeFacts(), 'GOPRIVATE', '*', 'env') },
  ],
});

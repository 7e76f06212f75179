import assert from 'node:assert/strict';
import check from '../../../src/checks/paths/GT212-gocache-invalid.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'GOCACHE=off from the env file: go env -u, safe', count: 1, severity: 'error',
      message: /build cache is disabled by GOCACHE=off, but required as of Go 1\.12/,
      facts: withSetting(makeFacts(), 'GOCACHE', 'off', 'env-file'),
      assert: ([f]) => { assert.deepEqual(f!.fix?.commands?.[0]?.argv, ['go', 'env', '-u', 'GOCACHE']); assert.equal(f!.fix?.safe, true); } },
    { name: 'relative GOCACHE (go env prints "off")', count: 1, message: /GOCACHE is not an absolute path/,
      facts: () => { const f = withSetting(makeFacts(), 'GOCACHE', 'rel/c', 'env'); f.settings['GOCACHE']!.value = 'off'; return f; },
      assert: ([f]) => assert.equal(f!.fix?.safe, false) },
    { name: 'no HOME: go env prints off by itself', count: 1, message: /cannot find a cache directory/,
      facts: () => { const f = makeFacts({ user: { home: null } }); f.settings['GOCACHE']!.value = 'off'; return f; } },
    { name: 'Windows relative', count: 1, facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOCACHE', 'cache', 'env') },
  ],
  quiet: [
    { name: 'default', facts: makeFacts() },
    { name: 'absolute', facts: withSetting(makeFacts(), 'GOCACHE', '/var/cache/go-build', 'env') },
  ],
});

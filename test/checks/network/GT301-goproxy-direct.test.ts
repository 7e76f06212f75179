import assert from 'node:assert/strict';
import check from '../../../src/checks/network/GT301-goproxy-direct.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'GOPROXY=direct in the environment', count: 1, severity: 'warning', message: /clones every module/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'direct', 'env'),
      assert: (f) => { assert.equal(f[0]!.fix?.safe, false); assert.match(f[0]!.expected ?? '', /proxy\.golang\.org/); } },
    { name: 'GOPROXY=direct in the go env -w file: go env -w back to the default', count: 1,
      facts: withSetting(makeFacts(), 'GOPROXY', 'direct', 'env-file'),
      assert: (f) => assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOPROXY=https://proxy.golang.org,direct']) },
    { name: 'distribution go.env ships direct: go env -w overrides it', count: 1, message: /\$GOROOT\/go\.env/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'direct', 'goroot-go.env'),
      assert: (f) => { assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOPROXY=https://proxy.golang.org,direct']); assert.match(f[0]!.hint ?? '', /Your Go distribution/); } },
    { name: 'direct first, proxy after it (ignored anyway)', count: 1, facts: withSetting(makeFacts(), 'GOPROXY', 'direct,https://proxy.golang.org', 'env') },
    { name: 'GOPRIVATE=* makes it consistent: info', count: 1, severity: 'info',
      facts: withSetting(withSetting(makeFacts(), 'GOPROXY', 'direct', 'env'), 'GOPRIVATE', '*', 'env') },
    { name: 'Windows %AppData% env file', count: 1,
      facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' }, envFile: { path: 'C:\\Users\\gopher\\AppData\\Roaming\\go\\env' } }), 'GOPROXY', 'direct', 'env-file') },
  ],
  quiet: [
    { name: 'default GOPROXY', facts: makeFacts() },
    { name: 'proxy then direct', facts: withSetting(makeFacts(), 'GOPROXY', 'https://goproxy.corp.example,direct', 'env') },
    { name: 'off (GT302)', facts: withSetting(makeFacts(), 'GOPROXY', 'off', 'env') },
    { name: 'invalid (GT303)', facts: withSetting(makeFacts(), 'GOPROXY', 'ftp://x,direct', 'env') },
  ],
});

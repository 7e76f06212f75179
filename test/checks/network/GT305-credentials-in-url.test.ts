import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../../src/engine/runner.ts';
import { networkChecks } from '../../../src/checks/network/index.ts';
import check from '../../../src/checks/network/GT305-credentials-in-url.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'redacted userinfo in GOPROXY (as facts carry it)', count: 1, severity: 'warning', message: /credentials in the URL https:\/\/\[REDACTED\]@proxy\.corp/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'https://[REDACTED]@proxy.corp,direct', 'env'),
      assert: (f) => assert.match(f[0]!.hint ?? '', /machine proxy\.corp/) },
    { name: 'a raw password never appears in the finding', count: 1,
      facts: withSetting(makeFacts(), 'GOPROXY', 'https://bob:s3cr3t-Pa55@proxy.corp', 'env-file'),
      assert: (f) => assert.ok(!JSON.stringify(f).includes('s3cr3t-Pa55')) },
    { name: 'user name only', count: 1, facts: withSetting(makeFacts(), 'GOPROXY', 'https://deploy@proxy.corp', 'env') },
    { name: 'GOSUMDB URL with credentials', count: 1, message: /GOSUMDB/,
      facts: withSetting(makeFacts(), 'GOSUMDB', 'sum.golang.org https://[REDACTED]@sumdb.corp', 'env') },
  ],
  quiet: [
    { name: 'default', facts: makeFacts() },
    { name: 'proxy without userinfo', facts: withSetting(makeFacts(), 'GOPROXY', 'https://proxy.corp,direct', 'env') },
  ],
});

test('no network check repeats a password the facts failed to redact (bare user:pw@host entries)', async () => {
  const secret = 'BareS3cret-0a9b';
  let f = withSetting(makeFacts({ env: { HTTPS_PROXY: `carol:${secret}@squid.corp:3128` } }), 'GOPROXY', `dave:${secret}@goproxy.corp.invalid|https://gocenter.io,direct,https://x.example`, 'env');
  f = withSetting(f, 'GOSUMDB', `sum.golang.org https://eve:${secret}@sumdb.corp.invalid`, 'env');
  const results = await runChecks(networkChecks, f, { online: true });
  const text = JSON.stringify(results);
  assert.ok(!text.includes(secret), text.slice(text.indexOf(secret) - 200, text.indexOf(secret) + 50));
  assert.ok(results.some((r) => r.findings.some((x) => x.id === 'GT305')));
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/network/GT311-http-proxy.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'routing through HTTPS_PROXY, corp proxy exempted', count: 1, severity: 'info', message: [/proxy\.golang\.org: via http:\/\/squid\.corp:3128 \(HTTPS_PROXY\)/, /goproxy\.corp\.example: direct \(NO_PROXY entry "\.corp\.example"\)/],
      facts: withSetting(makeFacts({ env: { HTTPS_PROXY: 'http://squid.corp:3128', NO_PROXY: 'localhost,.corp.example' } }), 'GOPROXY', 'https://goproxy.corp.example,https://proxy.golang.org,direct', 'env') },
    { name: 'only http_proxy set: https requests go direct', count: 1, severity: 'warning', message: /HTTPS_PROXY is not/,
      facts: makeFacts({ env: { http_proxy: 'http://squid.corp:3128' } }) },
    { name: 'upper and lower case disagree', count: 2, message: /uses HTTPS_PROXY/,
      facts: makeFacts({ env: { HTTPS_PROXY: 'http://a.corp:3128', https_proxy: 'http://b.corp:3128' } }) },
    { name: 'NO_PROXY entry with a scheme never matches', count: 2, message: /contains a URL scheme/,
      facts: makeFacts({ env: { HTTPS_PROXY: 'http://squid.corp:3128', NO_PROXY: 'https://goproxy.corp.example' } }) },
    { name: 'proxy credentials stay redacted', count: 1,
      facts: makeFacts({ env: { HTTPS_PROXY: 'http://[REDACTED]@squid.corp:3128' } }),
      assert: (f) => assert.match(f[0]!.message, /via http:\/\/\[REDACTED\]@squid\.corp:3128/) },
  ],
  quiet: [
    { name: 'no proxy variables', facts: makeFacts() },
  ],
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/network/GT303-goproxy-invalid.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'ftp scheme', count: 1, severity: 'error', message: /go: invalid proxy URL scheme \(must be https, http, file\): ftp:\/\/x/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'ftp://x,direct', 'env-file'),
      assert: (f) => { assert.equal(f[0]!.fix?.safe, false); assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOPROXY=https://proxy.golang.org,direct']); } },
    { name: 'only separators', count: 1, severity: 'error', message: /GOPROXY list is not the empty string, but contains no entries/, facts: withSetting(makeFacts(), 'GOPROXY', ', |', 'env') },
    { name: 'space in host', count: 1, message: /invalid character " " in host name/, facts: withSetting(makeFacts(), 'GOPROXY', 'https://proxy corp', 'env') },
    { name: 'file URL with a host', count: 1, message: /non-path elements/, facts: withSetting(makeFacts(), 'GOPROXY', 'file://server/share', 'env') },
    { name: 'entries after direct are ignored; rewrite offered', count: 1, severity: 'warning', message: /never uses it/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'https://a.example,direct,https://b.example', 'env-file'),
      assert: (f) => assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOPROXY=https://a.example,direct']) },
    { name: 'entries after off', count: 1, message: /after "off"/, facts: withSetting(makeFacts(), 'GOPROXY', 'off,https://proxy.golang.org', 'env') },
    { name: 'empty entries: info', count: 1, severity: 'info', message: /1 empty entry/, facts: withSetting(makeFacts(), 'GOPROXY', 'https://proxy.golang.org,,direct', 'env') },
    { name: 'redacted userinfo does not count as a syntax error, and no rewrite leaks it', count: 1, message: /after "direct"/,
      facts: withSetting(makeFacts(), 'GOPROXY', 'direct,https://[REDACTED]@proxy.corp', 'env'),
      assert: (f) => assert.equal(f[0]!.fix, null) },
    { name: 'Windows: a drive path is read as a scheme', count: 1, message: /invalid proxy URL scheme/,
      facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOPROXY', 'C:\\goproxy', 'env') },
  ],
  quiet: [
    { name: 'default', facts: makeFacts() },
    { name: 'bare host gets https', facts: withSetting(makeFacts(), 'GOPROXY', 'goproxy.corp.example|proxy.golang.org,direct', 'env') },
    { name: 'file proxy', facts: withSetting(makeFacts(), 'GOPROXY', 'file:///srv/goproxy,direct', 'env') },
    { name: 'redacted credentials alone', facts: withSetting(makeFacts(), 'GOPROXY', 'https://[REDACTED]@proxy.corp,direct', 'env') },
  ],
});

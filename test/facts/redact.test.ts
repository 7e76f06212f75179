import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { redactValue, redactText, redactUrls, REDACTED } from '../../src/facts/redact.ts';

test('userinfo is removed from URLs, bare proxy entries and proxy variables', () => {
  assert.equal(redactUrls('https://u:p@h.example/x and http://tok@h2'), `https://${REDACTED}@h.example/x and http://${REDACTED}@h2`);
  assert.equal(redactValue('GOPROXY', 'u:p@corp.example, https://a:b@x.example|direct'), `${REDACTED}@corp.example, https://${REDACTED}@x.example|direct`);
  assert.equal(redactValue('HTTPS_PROXY', 'user:pw@proxy:3128'), `${REDACTED}@proxy:3128`);
  assert.equal(redactValue('https_proxy', 'http://proxy:3128'), 'http://proxy:3128');
  assert.equal(redactValue('GITHUB_TOKEN', 'ghp_x'), REDACTED);
  assert.equal(redactValue('GOAUTH', 'netrc'), 'netrc');
  assert.equal(redactText('machine h login u password hunter2'), `machine h login u password ${REDACTED}`);
  assert.equal(redactText('export NPM_TOKEN=abc123 x'), `export NPM_TOKEN=${REDACTED} x`);
});

test('a password planted in a proxy value never survives redaction', () => {
  const secret = fc.stringMatching(/^[A-Za-z0-9]{6,20}$/);
  fc.assert(fc.property(secret, fc.constantFrom('GOPROXY', 'HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY'), fc.constantFrom('', 'https://', 'http://'), fc.constantFrom(',direct', '|https://b.example', ''), (pw, name, scheme, tail) => {
    const v = `${scheme}user:${pw}@proxy.example${tail}`;
    assert.ok(!redactValue(name, v).includes(pw));
  }), { numRuns: 500 });
});

test('bare proxy entries: userinfo ends at the last @ before the path, as url.Parse reads it', () => {
  assert.equal(redactValue('GOPROXY', 'u:p@ss@corp.example/goproxy'), `${REDACTED}@corp.example/goproxy`);
  assert.equal(redactValue('GOPROXY', 'corp.example/mod@v1'), 'corp.example/mod@v1');
});

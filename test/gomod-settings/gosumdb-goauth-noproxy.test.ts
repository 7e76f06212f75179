// GOSUMDB (dbDial + note.NewVerifier), GOAUTH (auth.runGoAuth) and NO_PROXY (x/net httpproxy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseGosumdb, checkVerifierKey } from '../../src/gomod/gosumdb.ts';
import { parseGoauth } from '../../src/gomod/goauth.ts';
import { parseNoProxy, useProxy, proxyForUrl, proxyConfigFromEnv, parseProxyValue } from '../../src/gomod/no-proxy.ts';

const SUM_KEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

test('GOSUMDB values', () => {
  assert.equal(parseGosumdb('off').kind, 'off');
  const d = parseGosumdb('sum.golang.org');
  assert.deepEqual([d.kind, d.name, d.key, d.known, d.directHost], ['db', 'sum.golang.org', SUM_KEY, true, 'sum.golang.org']);
  const cn = parseGosumdb('sum.golang.google.cn');
  assert.deepEqual([cn.name, cn.alias, cn.url, cn.directHost], ['sum.golang.org', 'sum.golang.google.cn', 'https://sum.golang.google.cn', 'sum.golang.google.cn']);
  assert.equal(parseGosumdb(SUM_KEY).known, true);
  assert.equal(parseGosumdb(`${SUM_KEY} https://sumdb.corp.example/`).url, 'https://sumdb.corp.example/');
  assert.equal(parseGosumdb('sum.example.com').error, 'invalid GOSUMDB: malformed verifier id');
  assert.equal(parseGosumdb('a b c').error, 'invalid GOSUMDB: too many fields');
  assert.equal(parseGosumdb('   ').error, 'missing GOSUMDB');
  assert.equal(parseGosumdb('sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8').error, 'invalid GOSUMDB: invalid verifier hash');
  assert.equal(parseGosumdb('sum.golang.org https://u:topsecretpw@x b').error, 'invalid GOSUMDB: too many fields');
  assert.ok(!JSON.stringify(parseGosumdb('sum.golang.org https://u:topsecretpw@x')).includes('topsecretpw'));
});

test('note verifier vectors', () => {
  assert.equal(checkVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), 'ok');
  assert.equal(checkVerifierKey('localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6'), 'ok');
  assert.equal(checkVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T'), 'malformed verifier id');
  assert.equal(checkVerifierKey('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), 'malformed verifier id');
  // A custom database with its own key and URL.
  const r = parseGosumdb('localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6 http://127.0.0.1:9/');
  assert.deepEqual([r.kind, r.name, r.known, r.directHost], ['db', 'localhost.localdev/sumdb', false, '127.0.0.1']);
});

test('GOAUTH values and the go command messages', () => {
  assert.deepEqual(parseGoauth('netrc').problems, []);
  assert.deepEqual(parseGoauth('').commands.map((c) => c.kind), ['netrc']);
  assert.deepEqual(parseGoauth('netrc;git /src/repo;/usr/local/bin/creds --json').commands.map((c) => c.kind), ['netrc', 'git', 'command']);
  assert.deepEqual(parseGoauth('off;netrc').problems.map((p) => p.message), ['go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)']);
  assert.deepEqual(parseGoauth('netrc;').problems.map((p) => p.message), ['go: GOAUTH encountered an empty command (GOAUTH=netrc;)']);
  assert.deepEqual(parseGoauth('git').problems.map((p) => p.message), ['go: GOAUTH=git dir method requires an absolute path to the git working directory']);
  assert.deepEqual(parseGoauth('git src/repo').problems.map((p) => p.message), ['go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute']);
  assert.deepEqual(parseGoauth('git C:\\src', { windows: true }).problems, []);
  assert.deepEqual(parseGoauth('git /nope', { dirInfo: () => 'missing' }).problems.length, 1);
});

test('NO_PROXY matching like httpproxy', () => {
  const rules = parseNoProxy('corp.example, .internal.example,*.svc.example,10.0.0.0/8,192.168.1.1,example.org:8443,[::1]:,:8080');
  const u = (h: string, p = '443') => useProxy(h, p, rules).use;
  assert.equal(u('corp.example'), false);
  assert.equal(u('proxy.corp.example'), false);
  assert.equal(u('internal.example'), true);
  assert.equal(u('a.internal.example'), false);
  assert.equal(u('a.svc.example'), false);
  assert.equal(u('svc.example'), true);
  assert.equal(u('10.1.2.3'), false);
  assert.equal(u('192.168.1.1'), false);
  assert.equal(u('192.168.1.2'), true);
  assert.equal(u('example.org'), true);
  assert.equal(u('example.org', '8443'), false);
  assert.equal(u('localhost'), false);
  assert.equal(u('127.0.0.5'), false);
  assert.equal(u('proxy.golang.org'), true);
  assert.equal(useProxy('proxy.golang.org', '443', parseNoProxy('*')).use, false);
  assert.equal(rules.find((r) => r.raw === ':8080')?.ignored, 'empty host before the port');
  assert.equal(useProxy('::1', '80', rules).use, false);
});

test('proxy selection precedence (upper case first) and request scheme', () => {
  const cfg = proxyConfigFromEnv({ https_proxy: 'http://lower:8080', HTTPS_PROXY: 'http://upper:8080', http_proxy: 'squid:3128', no_proxy: 'corp.example' });
  assert.equal(cfg.httpsProxyVar, 'HTTPS_PROXY');
  assert.equal(proxyForUrl('https://proxy.golang.org/x', cfg).proxy, 'http://upper:8080');
  assert.equal(proxyForUrl('http://plain.example/x', cfg).proxy, 'http://squid:3128');
  assert.equal(proxyForUrl('https://goproxy.corp.example/x', cfg).exemptedBy, 'corp.example');
  assert.equal(proxyForUrl('file:///srv/x', cfg).proxy, null);
  const secret = proxyForUrl('https://a.example', proxyConfigFromEnv({ HTTPS_PROXY: 'bob:pa55word-xyz@proxy:8080' }));
  assert.ok(!JSON.stringify(secret).includes('pa55word-xyz'));
  assert.equal(secret.proxy, 'http://[REDACTED]@proxy:8080');
  assert.equal(parseProxyValue('%zz').ok, false);
  // Like httpproxy, a value that fails to parse is retried with http:// in front.
  assert.equal(parseProxyValue('http://[::1').ok, true);
});

test('property: settings parsers never throw and never hang', () => {
  fc.assert(fc.property(fc.string({ maxLength: 120 }), (v) => {
    parseGosumdb(v); parseGoauth(v); parseNoProxy(v); useProxy('a.example', '443', parseNoProxy(v));
    proxyForUrl(`https://${v}`, proxyConfigFromEnv({ HTTPS_PROXY: v, NO_PROXY: v }));
  }), { numRuns: 2000 });
  const ch = fc.constantFrom('a', '.', '*', ',', ' ', '/', ':', '[', ']', '1', '0', '+', '=', ';', 'f', 'o');
  fc.assert(fc.property(fc.array(ch, { maxLength: 30 }).map((a) => a.join('')), (v) => {
    parseGosumdb(v); parseGoauth(v); useProxy('10.0.0.1', '80', parseNoProxy(v));
  }), { numRuns: 2000 });
});

// GOPROXY parsing: entries, fallthrough flags and errors, as proxyList() decides (each error text
// below was printed by the real go1.26.8; test/integration/network-goproxy.test.ts re-checks them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseGoproxy, formatGoproxy, EMPTY_LIST_ERROR } from '../../src/gomod/goproxy.ts';
import { parseGoUrl } from '../../src/gomod/go-url.ts';

const ok: [string, string[], string[]][] = [
  ['direct', ['direct'], []],
  ['off', ['off'], []],
  ['https://proxy.golang.org,direct', ['https://proxy.golang.org', 'direct'], []],
  ['https://a,,https://b', ['https://a', 'https://b'], []],
  ['https://a,direct,https://b', ['https://a', 'direct'], ['https://b']],
  ['off,https://a', ['off'], ['https://a']],
  [' https://a | https://b', ['https://a|', 'https://b'], []],
  ['proxy.corp.example', ['https://proxy.corp.example'], []],
  ['localhost:3000', ['https://localhost:3000'], []],
  ['file:///srv/goproxy', ['file:///srv/goproxy'], []],
  ['file://', ['file://'], []],
  ['HTTPS://Proxy.Example', ['HTTPS://Proxy.Example'], []],
  ['https://a|https://b,direct', ['https://a|', 'https://b', 'direct'], []],
  ['direct,ftp://x', ['direct'], ['ftp://x']],
];
for (const [value, entries, ignored] of ok) {
  test(`GOPROXY=${JSON.stringify(value)}`, () => {
    const r = parseGoproxy(value);
    assert.equal(r.error, null);
    assert.deepEqual(r.entries.map((e) => `${e.url}${e.fallBackOnError ? '|' : ''}`), entries);
    assert.deepEqual(r.ignored.map((i) => i.raw), ignored);
  });
}

const bad: [string, string][] = [
  ['ftp://x', 'invalid proxy URL scheme (must be https, http, file): ftp://x'],
  ['ftp://x,direct', 'invalid proxy URL scheme (must be https, http, file): ftp://x'],
  [',', EMPTY_LIST_ERROR], [' ', EMPTY_LIST_ERROR], [' , | ', EMPTY_LIST_ERROR],
  ['https://a b', 'parse "https://a b": invalid character " " in host name'],
  ['file://host/p', 'invalid file:// proxy URL with non-path elements: file://host/p'],
  ['file:/tmp/x', 'invalid file:// proxy URL with non-path elements: file:/tmp/x'],
  ['http://[::1', `parse "http://[::1": missing ']' in host`],
  ['https://a:bad', 'parse "https://a:bad": invalid port ":bad" after host'],
  ['https://a:b:1', 'parse "https://a:b:1": invalid port ":b:1" after host'],
  ['foo', 'invalid proxy URL missing scheme: foo'],
  ['/abs/path', 'invalid proxy URL missing scheme: /abs/path'],
  [':x', 'parse "https://:x": invalid port ":x" after host'],
  ['https://%zz', 'parse "https://%zz": invalid URL escape "%zz"'],
  ['C:\\proxy', 'parse "https://C:\\\\proxy": invalid port ":\\\\proxy" after host'],
];
for (const [value, error] of bad) {
  test(`GOPROXY=${JSON.stringify(value)} is rejected like the go command does`, () => {
    assert.equal(parseGoproxy(value).error, error);
  });
}

test('empty GOPROXY is not an error (the go command then uses its default)', () => {
  assert.equal(parseGoproxy('').error, null);
  assert.deepEqual(parseGoproxy('').entries, []);
});

test('GONOPROXY adds the implicit noproxy entry unless GOPROXY is direct', () => {
  assert.deepEqual(parseGoproxy('https://a', { gonoproxy: 'corp.com' }).entries.map((e) => e.kind), ['noproxy', 'url']);
  assert.deepEqual(parseGoproxy('direct', { gonoproxy: 'corp.com' }).entries.map((e) => e.kind), ['direct']);
  assert.equal(parseGoproxy(',', { gonoproxy: 'corp.com' }).error, EMPTY_LIST_ERROR);
});

test('Windows absolute paths are not given https://', () => {
  // url.Parse reads "C:" as a scheme, so the go command on Windows rejects the scheme.
  assert.equal(parseGoproxy('C:\\proxy', { os: 'windows' }).error, 'invalid proxy URL scheme (must be https, http, file): C:\\proxy');
  assert.equal(parseGoproxy('\\\\server\\share', { os: 'windows' }).error, 'invalid proxy URL missing scheme: \\\\server\\share');
});

test('userinfo is redacted everywhere in the result', () => {
  for (const v of ['https://alice:hunter2secret@proxy.corp', 'alice:hunter2secret@proxy.corp', 'ftp://alice:hunter2secret@x', 'https://alice:hunter2secret@a b', 'https://x,direct,https://alice:hunter2secret@y']) {
    const r = parseGoproxy(v);
    assert.ok(!JSON.stringify(r).includes('hunter2secret'), JSON.stringify(r));
  }
  const r = parseGoproxy('https://alice:hunter2secret@proxy.corp');
  assert.equal(r.entries[0]!.hasPassword, true);
  assert.equal(r.entries[0]!.host, 'proxy.corp');
});

test('formatGoproxy writes the separators back', () => {
  const r = parseGoproxy('https://a | https://b ,direct, https://c');
  assert.equal(formatGoproxy(r.entries), 'https://a|https://b,direct');
});

test('property: parseGoproxy never throws and never hangs', () => {
  const ch = fc.constantFrom('h', 't', 'p', 's', ':', '/', '.', ',', '|', ' ', '@', '[', ']', '%', 'd', 'i', 'r', 'e', 'c', 'o', 'f', '\t', '\u0000', 'é', '#', '?');
  fc.assert(fc.property(fc.array(ch, { maxLength: 40 }).map((a) => a.join('')), fc.constantFrom('linux', 'windows'), (v, os) => {
    const r = parseGoproxy(v, { os });
    assert.ok(r.error === null || typeof r.error === 'string');
    if (r.error === null && v.trim() !== '') assert.ok(r.entries.length > 0 || v === '');
  }), { numRuns: 3000 });
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (v) => { parseGoproxy(v); }), { numRuns: 1000 });
});

test('parseGoUrl: Go url.Parse errors and fields', () => {
  assert.deepEqual(parseGoUrl('https://u:p@h.example:8443/a?q#f'), { ok: true, url: { scheme: 'https', opaque: '', userinfo: 'u:p', host: 'h.example:8443', path: '/a', rawQuery: 'q', forceQuery: false, fragment: 'f', hasFragment: true, omitHost: false } });
  assert.deepEqual(parseGoUrl('http://a\u0001b'), { ok: false, error: 'parse "http://a\\x01b": net/url: invalid control character in URL' });
  assert.deepEqual(parseGoUrl('1http://x'), { ok: false, error: 'parse "1http://x": first path segment in URL cannot contain colon' });
  assert.deepEqual(parseGoUrl('a:b/c:d'), { ok: true, url: { scheme: 'a', opaque: 'b/c:d', userinfo: null, host: '', path: '', rawQuery: '', forceQuery: false, fragment: '', hasFragment: false, omitHost: false } });
  assert.deepEqual(parseGoUrl('x/y:z'), { ok: true, url: { scheme: '', opaque: '', userinfo: null, host: '', path: 'x/y:z', rawQuery: '', forceQuery: false, fragment: '', hasFragment: false, omitHost: false } });
  assert.deepEqual(parseGoUrl('./a:b'), { ok: true, url: { scheme: '', opaque: '', userinfo: null, host: '', path: './a:b', rawQuery: '', forceQuery: false, fragment: '', hasFragment: false, omitHost: false } });
  assert.equal((parseGoUrl('http://h/%zz') as { error: string }).error, 'parse "http://h/%zz": invalid URL escape "%zz"');
  assert.equal((parseGoUrl('http://a[b]') as { error: string }).error, 'parse "http://a[b]": invalid IP-literal');
  assert.equal((parseGoUrl('http://u s@h') as { error: string }).error, 'parse "http://u s@h": net/url: invalid userinfo');
});

test('property: parseGoUrl never throws', () => {
  fc.assert(fc.property(fc.string({ maxLength: 80 }), (v) => { const r = parseGoUrl(v); assert.ok(r.ok || r.error.startsWith('parse ')); }), { numRuns: 3000 });
});

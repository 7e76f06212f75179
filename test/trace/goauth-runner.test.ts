import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GoAuth, parseGitAuth, parseUserAuth, splitQuoted, type AuthCommandRunner, type RunResult } from '../../src/trace/goauth-runner.ts';

test('splitQuoted: words, quoted words with spaces, no escapes; an open quote is an error', () => {
  assert.deepEqual(splitQuoted('  /bin/auth  --flag "a b" \'c d\' e'), ['/bin/auth', '--flag', 'a b', 'c d', 'e']);
  assert.deepEqual(splitQuoted(''), []);
  assert.throws(() => splitQuoted('cmd "open'), /unterminated " string/);
  fc.assert(fc.property(fc.array(fc.stringMatching(/^[^\s'"]+$/), { maxLength: 6 }), fc.array(fc.stringMatching(/^[^'"]*$/), { maxLength: 3 }), (plain, quoted) => {
    const line = [...plain, ...quoted.map((q) => `'${q}'`)].join(' ');
    assert.deepEqual(splitQuoted(line), [...plain, ...quoted]);
  }));
});

test('parseUserAuth: blocks of URLs and headers; every URL gets the headers; errors like the go command', () => {
  const m = parseUserAuth('https://a.example\nhttps://b.example/path\n\nAuthorization: Bearer x\nX-Extra: 1\n\nhttps://c.example\n\nAuthorization: Basic y\n\n');
  assert.deepEqual([...m.keys()], ['a.example/', 'b.example/path', 'c.example/']);
  assert.deepEqual(m.get('b.example/path'), { Authorization: 'Bearer x', 'X-Extra': '1' });
  assert.equal(parseUserAuth('').size, 0);
  assert.throws(() => parseUserAuth('https://a.example\n'), /missing empty line after URLs/);
  assert.throws(() => parseUserAuth('https://a.example\n\nAuthorization: x\n'), /missing empty line after headers/);
  assert.throws(() => parseUserAuth('https://a.example\n\nno colon here\n\n'), /invalid header line/);
  assert.throws(() => parseUserAuth('not a url\n\nA: b\n\n'), /could not parse a URL line/);
  assert.throws(() => parseUserAuth('ghp_secret_token\n\nA: b\n\n'), (e: Error) => !e.message.includes('ghp_secret_token'), 'an unparsable line is not repeated');
});

test('property: parseUserAuth never throws anything but an Error, and round-trips what it is given', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
    try { parseUserAuth(s); } catch (e) { assert.ok(e instanceof Error); }
  }));
  const host = fc.stringMatching(/^[a-z][a-z0-9]{0,8}\.example$/);
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/);
  const value = fc.stringMatching(/^[!-~]{1,20}$/);
  fc.assert(fc.property(fc.array(fc.record({ hosts: fc.uniqueArray(host, { minLength: 1, maxLength: 3 }), headers: fc.dictionary(name, value, { minKeys: 1, maxKeys: 3 }) }), { maxLength: 4 }), (blocks) => {
    const text = blocks.map((b) => `${b.hosts.map((h) => `https://${h}`).join('\n')}\n\n${Object.entries(b.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n`).join('');
    const m = parseUserAuth(text);
    const expected = new Map<string, Record<string, string>>();
    for (const b of blocks) for (const h of b.hosts) expected.set(`${h}/`, { ...b.headers });
    assert.deepEqual(new Map([...m].map(([k, v]) => [k, v])), expected);
  }));
});

test('parseGitAuth: url= wins, else protocol/host/path; malformed url keeps the fields', () => {
  assert.deepEqual(parseGitAuth('protocol=https\nhost=git.example:8443\nusername=u\npassword=p\n'), { prefix: 'https://git.example:8443', username: 'u', password: 'p' });
  assert.deepEqual(parseGitAuth('protocol=https\nhost=h\npath=org/repo\nusername=u\npassword=p\n').prefix, 'https://h/org/repo');
  assert.equal(parseGitAuth('url=https://h/x\nprotocol=https\nhost=other\n').prefix, 'https://h/x');
  assert.equal(parseGitAuth('url=::bad::\nprotocol=https\nhost=h\n').prefix, 'https://h');
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => { parseGitAuth(s); }));
});

/** A runner standing in for commands: records the calls, answers from a table. */
function fakeRunner(answer: (argv: string[], stdin: string) => Partial<RunResult>) {
  const calls: { argv: string[]; stdin: string; cwd?: string }[] = [];
  const run: AuthCommandRunner = async (argv, opts) => {
    calls.push({ argv, stdin: opts.stdin, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    return { status: 0, stdout: '', stderr: '', error: null, ...answer(argv, opts.stdin) };
  };
  return { run, calls };
}

test('GoAuth: https only; the first command listed wins; the longest prefix of host and path applies', async () => {
  const { run, calls } = fakeRunner((argv) => ({ stdout: argv[0] === 'first' ? 'https://h.example/org\n\nAuthorization: first\n\n' : 'https://h.example\n\nAuthorization: second\n\nhttps://h.example/org\n\nAuthorization: second-org\n\n' }));
  const a = new GoAuth({ goauth: 'first; second', env: {}, netrc: () => [], run });
  assert.equal(await a.headersFor('http://h.example/org/x'), null, 'never over plain http');
  assert.deepEqual(await a.headersFor('https://h.example/org/x/@v/list'), { Authorization: 'first' });
  assert.deepEqual(await a.headersFor('https://h.example/other'), { Authorization: 'second' });
  assert.equal(await a.headersFor('https://h.example:8443/org'), null, 'host:port is part of the prefix');
  assert.deepEqual(calls.map((c) => c.argv), [['second'], ['first']], 'run once, last listed first');
});

test('GoAuth: a 4xx runs the commands again with the URL and the response; git only then, in its directory', async () => {
  const { run, calls } = fakeRunner((argv) => (argv[0] === 'git' ? { stdout: 'protocol=https\nhost=h.example\nusername=u\npassword=p\n' } : {}));
  const a = new GoAuth({ goauth: 'git /srv/repo;/bin/tok --x', env: { HOME: '/h' }, netrc: () => [], run });
  assert.equal(await a.headersFor('https://h.example/m/@v/list'), null);
  assert.deepEqual(calls.map((c) => c.argv), [['/bin/tok', '--x']], 'git waits for a URL');
  const h = await a.retry('https://h.example/m/@v/list', { status: 401, statusText: 'Unauthorized', headers: { 'www-authenticate': 'Basic realm="x"', 'content-type': 'text/plain' } });
  assert.deepEqual(h, { Authorization: `Basic ${Buffer.from('u:p').toString('base64')}` });
  const [tok, git] = calls.slice(1);
  assert.deepEqual(tok!.argv, ['/bin/tok', '--x', 'https://h.example/m/@v/list']);
  assert.equal(tok!.stdin, 'HTTP/1.1 401 Unauthorized\nWww-Authenticate: Basic realm="x"\nContent-Type: text/plain\n\n');
  assert.deepEqual(git!.argv, ['git', 'credential', 'fill']);
  assert.equal(git!.stdin, 'url=https://h.example/m/@v/list\n');
  assert.equal(git!.cwd, '/srv/repo');
});

test('GoAuth: failures are noted without credentials; off sends nothing; netrc keeps the first entry of a machine', async () => {
  const { run } = fakeRunner((argv) => (argv[0] === '/bin/broken' ? { status: 3, stderr: 'password=hunter2' } : { stdout: 'protocol=https\nhost=evil.example\nusername=u\npassword=hunter2\n' }));
  const a = new GoAuth({ goauth: '/bin/broken --token=hunter2;git /r', env: {}, netrc: () => [], run });
  await a.retry('https://h.example/x', { status: 403, statusText: 'Forbidden', headers: {} });
  assert.equal(a.errors.length, 3);
  assert.match(a.errors.join('\n'), /exit status 3/);
  assert.match(a.errors.join('\n'), /git gave one for https:\/\/evil\.example/);
  assert.ok(!a.errors.join('\n').includes('hunter2'));
  const off = new GoAuth({ goauth: 'off', env: {}, netrc: () => [{ machine: 'h.example', login: 'a', password: 'b' }], run });
  assert.equal(await off.headersFor('https://h.example/x'), null);
  const nr = new GoAuth({ goauth: '', env: {}, netrc: () => [{ machine: 'h.example', login: 'first', password: '1' }, { machine: 'h.example', login: 'second', password: '2' }], run });
  assert.deepEqual(await nr.headersFor('https://h.example/x'), { Authorization: `Basic ${Buffer.from('first:1').toString('base64')}` });
});

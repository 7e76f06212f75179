// Secrets planted in GOPROXY (process environment and the go env -w file), HTTPS_PROXY, GOSUMDB
// and ~/.netrc never appear in the facts snapshot or in any finding of any check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSandbox } from '../helpers/sandbox.ts';
import { runChecks } from '../../src/engine/runner.ts';
import { allChecks } from '../../src/checks/index.ts';

const SECRETS = ['S3cretEnvPw-4f1a', 'S3cretFilePw-9b2c', 'S3cretProxyPw-7d3e', 'S3cretNetrcPw-2a8f', 'S3cretSumdbPw-5c6d'];

test('planted passwords are redacted in facts and findings', async () => {
  const sb = makeSandbox({ env: {
    GOTOOLCHAIN: 'local', GOFLAGS: '',
    GOPROXY: `https://alice:${SECRETS[0]}@goproxy.corp.invalid,direct`,
    HTTPS_PROXY: `http://carol:${SECRETS[2]}@127.0.0.1:1`,
  } });
  try {
    sb.write(`${sb.home}/.config/go/env`, `GOPROXY=https://bob:${SECRETS[1]}@file.corp.invalid|https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org https://eve:${SECRETS[4]}@sumdb.corp.invalid\n`);
    sb.write(`${sb.home}/.netrc`, `machine goproxy.corp.invalid login alice password ${SECRETS[3]}\n`, 0o644);
    // The real go sees the environment value (and would send it).
    const real = sb.go(['env', 'GOPROXY'], { cwd: sb.root });
    assert.ok(real.stdout.includes(SECRETS[0]!));

    const facts = await sb.gather({ testLocking: false });
    const json = JSON.stringify(facts);
    for (const s of SECRETS) assert.ok(!json.includes(s), `facts leak ${s}`);
    // The facts still know the structure: credentials present, netrc readable by others, host with an entry.
    assert.ok(json.includes('[REDACTED]'));
    assert.equal(facts.credentials?.netrc.mode, 0o644);
    assert.deepEqual(facts.credentials?.netrc.hostsWithEntries, ['goproxy.corp.invalid']);

    const results = await runChecks(allChecks, facts, { online: false });
    const findings = JSON.stringify(results);
    for (const s of SECRETS) assert.ok(!findings.includes(s), `findings leak ${s}`);
    const ids = new Set(results.flatMap((r) => r.findings.map((f) => f.id)));
    for (const id of ['GT305', 'GT311', 'GT316']) assert.ok(ids.has(id), `${id} fired`);

    // Same with the secret only in the go env -w file.
    delete sb.env['GOPROXY'];
    const fromFile = await sb.gather({ testLocking: false });
    assert.ok(!JSON.stringify(fromFile).includes(SECRETS[1]!));
    const r2 = await runChecks(allChecks, fromFile, { online: false });
    assert.ok(!JSON.stringify(r2).includes(SECRETS[1]!));
    assert.ok(r2.some((r) => r.findings.some((f) => f.id === 'GT305')));
  } finally { sb.cleanup(); }
});

// The go command also accepts a bare "user:password@host" entry (it adds https:// itself).
test('a bare user:password@host GOPROXY entry is redacted in facts', async () => {
  const secret = 'S3cretBarePw-6e0f';
  const sb = makeSandbox({ env: { GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: `dave:${secret}@goproxy.corp.invalid,direct` } });
  try {
    const facts = await sb.gather({ testLocking: false });
    const results = await runChecks(allChecks, facts, { online: false });
    // The network checks' own output is redacted by the GOPROXY parser in any case.
    const gt305 = results.flatMap((r) => r.findings).filter((f) => f.id === 'GT305');
    assert.ok(gt305.length === 1 && !JSON.stringify(gt305).includes(secret));
    assert.ok(!JSON.stringify(facts).includes(secret), 'facts must not keep the bare-host password');
  } finally { sb.cleanup(); }
});

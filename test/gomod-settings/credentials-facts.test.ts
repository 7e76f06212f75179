// The netrc / certificate gatherer keeps metadata and host names, never logins or passwords.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { gatherCredentials, locateNetrc, netrcMachines } from '../../src/facts/credentials.ts';

test('netrc location follows auth.netrcPath', () => {
  assert.deepEqual(locateNetrc({ NETRC: '/etc/netrc' }, '/home/g', 'linux'), { path: '/etc/netrc', located: 'NETRC' });
  assert.deepEqual(locateNetrc({}, '/home/g', 'linux'), { path: '/home/g/.netrc', located: 'home' });
  assert.deepEqual(locateNetrc({}, null, 'linux'), { path: null, located: 'none' });
});

test('netrc parsing counts complete entries like auth.parseNetrc', () => {
  const text = 'machine a.example login u password p\nmachine b.example\n  login u2\n  password p2\nmacdef init\nmachine hidden login x password y\n\nmachine c.example login only\ndefault login d password e\nmachine after.default login u password p\n';
  // "default" ends the file only where the go command's pairwise scan sees it as a token of its own.
  assert.deepEqual(netrcMachines(text), { machines: ['a.example', 'b.example', 'after.default'], hasDefault: false });
  assert.deepEqual(netrcMachines('machine a login u password p\ndefault\nmachine z login a password b\n'), { machines: ['a'], hasDefault: true });
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => { netrcMachines(s); }));
});

test('gatherCredentials: modes, hosts, certificate paths; no secret kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gotune-cred-'));
  try {
    writeFileSync(join(dir, '.netrc'), 'machine proxy.corp login u password TopSecret-xyz\nmachine other.host login v password w\n', { mode: 0o640 });
    writeFileSync(join(dir, 'bundle.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(join(dir, 'empty.pem'), '');
    mkdirSync(join(dir, 'certs'));
    const c = gatherCredentials({ env: { SSL_CERT_FILE: join(dir, 'bundle.pem'), SSL_CERT_DIR: `${join(dir, 'certs')}:${join(dir, 'missing')}` }, home: dir, os: 'linux', hosts: ['proxy.corp', 'sum.golang.org'] });
    assert.equal(c.netrc.mode, 0o640);
    assert.equal(c.netrc.entryCount, 2);
    assert.deepEqual(c.netrc.hostsWithEntries, ['proxy.corp']);
    assert.equal(c.sslCertFile?.entries, 1);
    assert.deepEqual(c.sslCertDirs.map((d) => [d.exists, d.isDir]), [[true, true], [false, false]]);
    assert.ok(!JSON.stringify(c).includes('TopSecret-xyz'));
    const empty = gatherCredentials({ env: { SSL_CERT_FILE: join(dir, 'empty.pem') }, home: join(dir, 'nohome'), os: 'linux', hosts: [] });
    assert.equal(empty.sslCertFile?.entries, 0);
    assert.equal(empty.netrc.exists, false);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/toolchain/GT106-go-unsupported.ts';
import { RELEASES } from '../../../src/checks/toolchain/release-data.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { goBinary, makeFacts } from '../../helpers/facts.ts';

const running = (version: string, extra: Parameters<typeof makeFacts>[0] = {}) => makeFacts({
  goBinaries: [goBinary('/usr/local/go/bin/go', { version })],
  goEnv: { values: { GOVERSION: version } },
  ...extra,
});

checkCases(check, {
  fires: [
    {
      name: 'go1.19.8 is out of support', count: 1, severity: 'warning',
      message: [/go1\.19\.8 .* Go 1\.19 line, which is no longer supported \(since 2023-08-04\)/, /Supported lines as of 2026-11-26: 1\.27 and 1\.26/],
      facts: running('go1.19.8'),
      assert: ([f]) => { assert.equal(f!.expected, 'a supported release: go1.27.4 or go1.26.11'); assert.match(f!.hint!, /go get go@1\.27\.4/); },
    },
    { name: 'go1.25.14 (latest patch, but the line ended)', count: 1, severity: 'warning', message: /Go 1\.25 line/, facts: running('go1.25.14') },
    { name: 'go1.26.8: a newer patch exists', count: 1, severity: 'info', message: /go1\.26\.11 is available \(published 2026-11-02\)/, facts: running('go1.26.8') },
    { name: 'a release candidate of a supported line', count: 1, severity: 'info', message: /a pre-release of Go 1\.27/, facts: running('go1.27rc2') },
    { name: 'GOVERSION with an experiment suffix', count: 1, severity: 'info', facts: running('go1.27.1 X:boringcrypto') },
    { name: 'a year after the table: says it may be stale', count: 1, message: /newer releases may exist/, facts: running('go1.26.8', { gatheredAt: '2027-12-01T00:00:00.000Z' }) },
    { name: 'version from the build info when go env failed', count: 1, message: /go1\.20\.14/,
      facts: makeFacts({ goBinaries: [goBinary('/opt/go/bin/go', { version: null, builtWith: 'go1.20.14', versionSource: 'build-info' })], goEnv: { binary: '/opt/go/bin/go', ok: false, values: {} } }) },
    { name: 'Windows go.exe', count: 1, message: /go1\.24\.13/, facts: makeFacts({ platform: { os: 'windows', listSeparator: ';' }, goBinaries: [goBinary('C:\\Program Files\\Go\\bin\\go.exe', { version: 'go1.24.13', kind: 'windows-exe' })], goEnv: { binary: 'C:\\Program Files\\Go\\bin\\go.exe', values: { GOVERSION: 'go1.24.13' } } }) },
  ],
  quiet: [
    { name: 'latest patch of the newest line', facts: running('go1.27.4') },
    { name: 'latest patch of the older supported line', facts: running('go1.26.11') },
    { name: 'newer than the table knows', facts: running('go1.28.0') },
    { name: 'a devel build', facts: running('devel go1.28-abcdef Tue Nov 24 2026') },
    { name: 'no go at all', facts: makeFacts({ goBinaries: [], goEnv: { binary: null, ok: false, values: { GOVERSION: '' } } }) },
  ],
});

import { test } from 'node:test';
test('release table: dated, sourced, supported lines have a latest patch', () => {
  assert.match(RELEASES.asOf, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(RELEASES.source, /proxy\.golang\.org\/golang\.org\/toolchain\/@v\/list/);
  assert.deepEqual(RELEASES.supported, ['1.27', '1.26']);
  for (const l of RELEASES.supported) assert.ok(RELEASES.lines.find((x) => x.line === l)?.latest.startsWith(`go${l}.`));
});

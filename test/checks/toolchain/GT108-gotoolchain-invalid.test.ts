import assert from 'node:assert/strict';
import { test } from 'node:test';
import check from '../../../src/checks/toolchain/GT108-gotoolchain-invalid.ts';
import { parseGotoolchain } from '../../../src/checks/toolchain/gover.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { goBinary, makeFacts, withSetting } from '../../helpers/facts.ts';

const tc = (value: string, source: 'env' | 'env-file' = 'env') => withSetting(makeFacts(), 'GOTOOLCHAIN', value, source);

checkCases(check, {
  fires: [
    { name: 'banana', count: 1, severity: 'error', message: /`go: invalid GOTOOLCHAIN "banana"`; every go command that reads go\.mod fails/, facts: () => tc('banana'),
      assert: ([f]) => assert.equal(f!.fix, null, 'no automatic fix for the process environment') },
    { name: 'a bad suffix', count: 1, message: /go: invalid GOTOOLCHAIN "local\+x": only version suffixes are \+auto and \+path/, facts: () => tc('local+x') },
    { name: 'an empty minimum', count: 1, message: /go: invalid GOTOOLCHAIN "\+auto": invalid minimum toolchain ""/, facts: () => tc('+auto') },
    { name: 'no patch number', count: 1, message: /go1\.22 is a language version but not a toolchain version \(go1\.22\.x\)/, facts: () => tc('go1.22') },
    { name: 'not go1', count: 1, message: /go: invalid GOTOOLCHAIN "go2\.0"/, facts: () => tc('go2.0+auto') },
    { name: 'a leading zero', count: 1, facts: () => tc('go1.022.1') },
    {
      name: 'in the go env -w file: fixed with GOTOOLCHAIN=local go env -u', count: 1, facts: () => tc('banana', 'env-file'),
      assert: ([f]) => {
        assert.deepEqual(f!.fix!.commands, [{ argv: ['go', 'env', '-u', 'GOTOOLCHAIN'], env: { GOTOOLCHAIN: 'local' }, description: 'GOTOOLCHAIN=local go env -u GOTOOLCHAIN' }]);
        assert.equal(f!.fix!.choices!.length, 3);
        assert.deepEqual((f!.source as { kind: string }[]).map((s) => s.kind), ['env-file']);
      },
    },
    { name: 'Windows env file', count: 1, facts: () => withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' }, envFile: { path: 'C:\\Users\\gopher\\AppData\\Roaming\\go\\env' } }), 'GOTOOLCHAIN', 'go1.27', 'env-file'),
      message: /language version/ },
  ],
  quiet: [
    ...['auto', 'local', 'path', 'go1.26.8', 'go1.27.0+auto', 'go1.27.4+path', 'local+auto', 'local+path', 'go1.21.3-bigcorp', 'go1.21rc2', 'go1.20'].map((v) => ({ name: v, facts: () => tc(v) })),
    { name: 'go1.26 equals the local release line is still valid as go1.26.8', facts: () => tc('go1.26.8+auto') },
    { name: 'Go 1.19 never reads GOTOOLCHAIN', facts: () => { const f = tc('banana'); f.goBinaries = [goBinary('/usr/lib/go-1.19/bin/go', { version: 'go1.19.8' })]; f.goEnv!.binary = '/usr/lib/go-1.19/bin/go'; f.goEnv!.values['GOVERSION'] = 'go1.19.8'; return f; } },
    { name: 'unset', facts: makeFacts() },
  ],
});

test('parseGotoolchain modes', () => {
  assert.deepEqual(parseGotoolchain('go1.25.0'), { ok: true, value: 'go1.25.0', mode: 'local', min: 'go1.25.0', minVersion: '1.25.0' });
  assert.deepEqual(parseGotoolchain('go1.25.0+path'), { ok: true, value: 'go1.25.0+path', mode: 'path', min: 'go1.25.0', minVersion: '1.25.0' });
  assert.deepEqual(parseGotoolchain('local+auto'), { ok: true, value: 'local+auto', mode: 'auto', min: null, minVersion: null });
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/sources/GT406-goroot-in-env-file.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, setting } from '../../helpers/facts.ts';
import type { FactsSnapshot } from '../../../src/facts/types.ts';

function gorootInFile(value: string): FactsSnapshot {
  const f = makeFacts();
  f.envFile = { ...f.envFile, exists: true, readable: true, entries: [{ key: 'GOROOT', value, line: 1 }] };
  f.settings['GOROOT'] = setting('GOROOT', value, 'env-file');
  return f;
}

checkCases(check, {
  fires: [
    { name: 'equal to the binary\'s own tree: info, safe fix', count: 1, severity: 'info', message: /GOROOT is set in the go env -w file .*:1\) to \/usr\/local\/go/,
      facts: gorootInFile('/usr/local/go'),
      assert: ([f]) => { assert.deepEqual(f!.fix?.commands?.[0]?.argv, ['go', 'env', '-u', 'GOROOT']); assert.equal(f!.fix?.safe, true); } },
    { name: 'another tree: warning, fix needs confirmation', count: 1, severity: 'warning', message: /belongs to \/usr\/local\/go/,
      facts: gorootInFile('/opt/go1.22'),
      assert: ([f]) => assert.equal(f!.fix?.safe, false) },
    { name: 'environment GOROOT differs: go.env still comes from the file\'s tree', count: 1, severity: 'warning', message: /still reads \$GOROOT\/go\.env from the file's GOROOT/,
      facts: () => { const f = gorootInFile('/tmp/farm'); f.settings['GOROOT'] = setting('GOROOT', '/usr/local/go', 'env', { envFileValue: '/tmp/farm', envFileLine: 1 }); return f; } },
    { name: 'Windows', count: 1, severity: 'warning',
      facts: () => { const f = gorootInFile('C:\\Go'); f.platform.os = 'windows'; f.goBinaries[0]!.root = 'C:\\Program Files\\Go'; f.goBinaries[0]!.path = 'C:\\Program Files\\Go\\bin\\go.exe'; return f; } },
    { name: 'trailing slash is the same tree', count: 1, severity: 'info', facts: gorootInFile('/usr/local/go/') },
  ],
  quiet: [
    { name: 'no GOROOT in the file', facts: makeFacts() },
    { name: 'GOROOT from the environment only (GT103)', facts: () => { const f = makeFacts(); f.settings['GOROOT'] = setting('GOROOT', '/usr/local/go', 'env'); return f; } },
    { name: 'empty GOROOT= line', facts: gorootInFile('') },
  ],
});

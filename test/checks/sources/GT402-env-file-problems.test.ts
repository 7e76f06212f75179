import assert from 'node:assert/strict';
import check from '../../../src/checks/sources/GT402-env-file-problems.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, HOME } from '../../helpers/facts.ts';
import { parseEnvFile } from '../../../src/facts/env-file.ts';
import type { FactsSnapshot } from '../../../src/facts/types.ts';

const PATH = `${HOME}/.config/go/env`;

function withFile(text: string, extra: Partial<FactsSnapshot['envFile']> = {}): FactsSnapshot {
  const f = makeFacts();
  const p = parseEnvFile(text);
  f.envFile = { ...f.envFile, exists: true, readable: true, size: Buffer.byteLength(text), ...p, sha256: 'b'.repeat(64), ...extra };
  return f;
}

checkCases(check, {
  fires: [
    { name: 'lowercase key, no "=", refused key, invalid key', count: 1, severity: 'warning',
      facts: withFile('goflags=-mod=mod\nGOFLAGS -mod=vendor\nGODEBUG=http2client=0\nGO PRIVATE=x\nGOPROXY=direct\n'),
      message: [/4 lines of the go env -w file .* are ignored/, /line 1: "goflags=-mod=mod"/, /line 3: "GODEBUG=http2client=0"/, /line 4: "GO PRIVATE=x"/],
      assert: ([f]) => {
        const fc = f!.fix?.files?.[0];
        assert.ok(fc, 'comment-out edit');
        assert.equal(f!.fix?.safe, true);
        assert.deepEqual(fc.edits.map((e) => e.offset), [0, 17, 37, 59]);
        assert.ok(fc.edits.every((e) => e.length === 0 && /^# disabled by gotune fix 2026-11-26: ignored by the go command \(.+\)\n# $/.test(e.newText)));
      } },
    { name: 'duplicates only: the go command rewrites the file', count: 1,
      facts: withFile('GOSUMDB=a\nGOPROXY=direct\nGOSUMDB=b\n'),
      message: /line 1: "GOSUMDB=a" \(an earlier copy/,
      assert: ([f]) => { assert.deepEqual(f!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOSUMDB=b']); assert.equal(f!.fix?.safe, true); } },
    { name: 'CRLF values', count: 1, message: /carriage return/,
      facts: withFile('GOPROXY=https://proxy.example\r\nGOSUMDB=off\r\n'),
      assert: ([f]) => assert.deepEqual(f!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOPROXY=https://proxy.example', 'GOSUMDB=off']) },
    { name: 'unreadable (a directory)', count: 1, severity: 'warning', message: /cannot be read \(.* is a directory\)/,
      facts: makeFacts({ envFile: { exists: true, readable: false, error: `${PATH} is a directory` } }) },
    { name: 'binary junk: the junk line is listed, the fix is manual', count: 2, message: [/contains NUL bytes/, /line 2: "\\\\x00\\\\x01junk" \(no "="/],
      facts: withFile('GOPROXY=direct\n\u0000\u0001junk\n', { binary: true }),
      assert: (fs) => { assert.ok(fs.every((f) => !f.fix?.files)); assert.ok(fs.some((f) => f.fix?.manual)); } },
    { name: 'too many ignored lines to edit one by one', count: 1, message: /^150 lines/,
      facts: () => withFile('x\n'.repeat(150)),
      assert: ([f]) => { assert.ok(f!.fix?.manual); assert.equal(f!.fix?.files, undefined); } },
    { name: '5 MB file: size reported', count: 1, message: /is 5000000 bytes long/,
      facts: () => withFile('GOPROXY=direct\n', { size: 5_000_000 }) },
    { name: 'Windows env file path', count: 1, message: /C:\\Users\\gopher\\AppData\\Roaming\\go\\env/,
      facts: () => { const f = withFile('goproxy=direct\n'); f.envFile.path = 'C:\\Users\\gopher\\AppData\\Roaming\\go\\env'; f.platform.os = 'windows'; return f; } },
  ],
  quiet: [
    { name: 'no env file', facts: makeFacts() },
    { name: 'clean file written by go env -w', facts: withFile('GOFLAGS=-mod=mod\nGOPROXY=direct\n') },
    { name: 'comments and blank lines are fine', facts: withFile('# my settings\n\nGOPROXY=direct\n') },
    { name: 'GOENV=off', facts: makeFacts({ envFile: { path: null, located: 'disabled' } }) },
    { name: 'GOWORK line is honoured by the go command', facts: withFile('GOWORK=off\n') },
  ],
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/sources/GT401-env-shadows-file.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, setting, HOME } from '../../helpers/facts.ts';
import type { FactsSnapshot } from '../../../src/facts/types.ts';

function shadowed(name: string, envValue: string, fileValue: string, patch: Parameters<typeof makeFacts>[0] = {}): FactsSnapshot {
  const f = makeFacts(patch);
  f.settings[name] = setting(name, envValue, 'env', { envFileValue: fileValue, envFileLine: 3 });
  f.env[name] = envValue;
  f.envFile = { ...f.envFile, exists: true, readable: true, entries: [{ key: name, value: fileValue, line: 3 }] };
  return f;
}

checkCases(check, {
  fires: [
    { name: 'GOPROXY in env and file differ', count: 1, severity: 'warning',
      message: [/GOPROXY is set both in the process environment/, /warning: go env -w GOPROXY=\.\.\. does not override conflicting OS environment variable/],
      facts: shadowed('GOPROXY', 'https://env.example', 'https://file.example'),
      assert: ([f]) => {
        assert.equal(f!.fix?.safe, true);
        assert.deepEqual(f!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOPROXY=https://env.example']);
        assert.equal(f!.fix?.choices?.length, 2);
        assert.deepEqual(f!.fix?.choices?.[1]?.fix.commands?.[0]?.argv, ['go', 'env', '-u', 'GOPROXY']);
        assert.ok(f!.source.some((s) => s.kind === 'env-file' && s.line === 3));
      } },
    { name: 'exported from ~/.bashrc: third choice comments the export out', count: 1,
      facts: () => {
        const f = shadowed('GOFLAGS', '-mod=vendor', '-mod=mod');
        f.settings['GOFLAGS']!.shellSources = [{ file: `${HOME}/.bashrc`, line: 7 }];
        f.shellStartup.files = [{ path: `${HOME}/.bashrc`, shell: 'bash', exists: true, readable: true, binary: false, login: false, error: null, sha256: 'a'.repeat(64) }];
        f.shellStartup.assignments = [{ file: `${HOME}/.bashrc`, line: 7, column: 8, shell: 'bash', variable: 'GOFLAGS', value: '-mod=vendor', expanded: '-mod=vendor', exported: true, text: 'export GOFLAGS=-mod=vendor', offset: 120, length: 27 }];
        return f;
      },
      message: /exported by \/home\/gopher\/\.bashrc:7/,
      assert: ([f]) => {
        const third = f!.fix?.choices?.[2]?.fix;
        assert.ok(third?.files?.[0]);
        assert.equal(third.files[0].edits[0]!.offset, 120);
        assert.match(third.files[0].edits[0]!.newText, /^# disabled by gotune fix 2026-11-26: /);
        assert.equal(third.safe, false);
      } },
    { name: 'env value holds a credential: no command carries it', count: 1,
      facts: shadowed('GOPROXY', 'https://[REDACTED]@corp.example/p', 'https://proxy.golang.org'),
      assert: ([f]) => {
        assert.equal(f!.fix?.commands, undefined);
        assert.equal(f!.fix?.safe, false);
        assert.ok(!JSON.stringify(f).includes('tok'));
      } },
    { name: 'file entry empty, env set (go -w would warn: osVal != val)', count: 1, facts: shadowed('GOSUMDB', 'off', '') },
    { name: 'macOS env file path', count: 1, message: /Library\/Application Support\/go\/env:3/,
      facts: () => { const f = shadowed('GOPRIVATE', 'corp.example', 'other.example'); f.platform.os = 'darwin'; f.envFile.path = '/Users/gopher/Library/Application Support/go/env'; return f; } },
    { name: 'Windows %AppData% env file', count: 1, message: /C:\\Users\\gopher\\AppData\\Roaming\\go\\env/,
      facts: () => { const f = shadowed('GOPATH', 'D:\\go', 'C:\\Users\\gopher\\go'); f.platform = { os: 'windows', arch: 'amd64', release: '10', wsl: null, listSeparator: ';' }; f.envFile.path = 'C:\\Users\\gopher\\AppData\\Roaming\\go\\env'; return f; } },
    { name: 'GOENV from the environment is kept for the command', count: 1,
      facts: () => { const f = shadowed('GOPROXY', 'direct', 'off'); f.envFile.located = 'GOENV'; f.envFile.path = '/srv/go.env'; return f; },
      assert: ([f]) => assert.deepEqual(f!.fix?.commands?.[0]?.env, { GOENV: '/srv/go.env' }) },
  ],
  quiet: [
    { name: 'healthy machine', facts: makeFacts() },
    { name: 'same value in env and file', facts: shadowed('GOPROXY', 'direct', 'direct') },
    { name: 'empty env value does not shadow (GT404)', facts: () => { const f = makeFacts(); f.settings['GOFLAGS'] = setting('GOFLAGS', '-mod=mod', 'env-file', { envEmpty: true }); f.env['GOFLAGS'] = ''; return f; } },
    { name: 'only the file sets it', facts: () => { const f = makeFacts(); f.settings['GOPROXY'] = setting('GOPROXY', 'direct', 'env-file'); return f; } },
  ],
});

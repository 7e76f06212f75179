import assert from 'node:assert/strict';
import check from '../../../src/checks/sources/GT404-empty-value.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, setting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'GOFLAGS= in env, -mod=mod in the file', count: 1, severity: 'warning',
      message: /GOFLAGS is set to the empty string in the environment.*go env -w file \(\/home\/gopher\/\.config\/go\/env:1\) still sets GOFLAGS=-mod=mod/,
      facts: () => { const f = makeFacts(); f.env['GOFLAGS'] = ''; f.settings['GOFLAGS'] = setting('GOFLAGS', '-mod=mod', 'env-file', { envEmpty: true }); return f; },
      assert: ([f]) => assert.match(f!.hint!, /go env -u GOFLAGS/) },
    { name: 'GOPROXY= in env does not switch off go.env', count: 1, severity: 'warning', message: /\$GOROOT\/go\.env .* still sets GOPROXY=https:\/\/proxy\.golang\.org,direct/,
      facts: () => { const f = makeFacts(); f.env['GOPROXY'] = ''; f.settings['GOPROXY'] = setting('GOPROXY', 'https://proxy.golang.org,direct', 'goroot-go.env', { envEmpty: true }); return f; } },
    { name: 'empty with nothing behind it: info', count: 1, severity: 'info',
      facts: () => { const f = makeFacts(); f.env['GOBIN'] = ''; f.settings['GOBIN'] = setting('GOBIN', '', 'default', { envEmpty: true }); return f; } },
    { name: 'untracked Go variable empty (CGO_CFLAGS)', count: 1, severity: 'info', facts: () => { const f = makeFacts(); f.env['CGO_CFLAGS'] = ''; return f; } },
    { name: 'go env -w GOPROXY= hides go.env', count: 1, severity: 'warning', message: /GOPROXY list is not the empty string, but contains no entries/,
      facts: () => { const f = makeFacts(); f.envFile = { ...f.envFile, exists: true, readable: true, entries: [{ key: 'GOPROXY', value: '', line: 2 }] }; f.settings['GOPROXY'] = setting('GOPROXY', '', 'default', { envFileValue: '', envFileLine: 2 }); return f; } },
    { name: 'Windows: empty GOFLAGS with %AppData% file', count: 1, message: /AppData\\Roaming\\go\\env/,
      facts: () => { const f = makeFacts(); f.platform.os = 'windows'; f.envFile.path = 'C:\\Users\\gopher\\AppData\\Roaming\\go\\env'; f.env['GOFLAGS'] = ''; f.settings['GOFLAGS'] = setting('GOFLAGS', '-mod=mod', 'env-file', { envEmpty: true }); return f; } },
  ],
  quiet: [
    { name: 'healthy machine', facts: makeFacts() },
    { name: 'non-empty env value', facts: () => { const f = makeFacts(); f.env['GOFLAGS'] = '-mod=mod'; f.settings['GOFLAGS'] = setting('GOFLAGS', '-mod=mod', 'env'); return f; } },
    { name: 'empty GOFLAGS= line in the file (no go.env key behind it)', facts: () => { const f = makeFacts(); f.envFile.entries = [{ key: 'GOFLAGS', value: '', line: 1 }]; return f; } },
    { name: 'non-Go variable empty', facts: () => { const f = makeFacts(); f.env['GOOGLE_APPLICATION_CREDENTIALS'] = ''; return f; } },
  ],
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/toolchain/GT110-tool-drift.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { HOME, makeFacts } from '../../helpers/facts.ts';
import type { ToolBinaryFacts } from '../../../src/facts/types.ts';

const tool = (name: string, goVersion: string | null, extra: Partial<ToolBinaryFacts> = {}): ToolBinaryFacts => ({
  name, path: `${HOME}/go/bin/${name}`, goVersion, modulePath: null, moduleVersion: null, error: null, ...extra,
});
const gopls = tool('gopls', 'go1.21.5', { modulePath: 'golang.org/x/tools/gopls', moduleVersion: 'v0.14.2', packagePath: 'golang.org/x/tools/gopls' });

checkCases(check, {
  fires: [
    {
      name: 'gopls built with go1.21.5 under go1.26.8 and a go 1.26 module', count: 1, severity: 'warning',
      message: [/gopls \(\/home\/gopher\/go\/bin\/gopls\) was built with go1\.21\.5/, /older than this module's `go 1\.26` line/, /5 release lines behind the toolchain \(go1\.26\.8\)/],
      facts: makeFacts({ tools: [gopls] }),
      assert: ([f]) => {
        assert.deepEqual(f!.fix!.commands, [{ argv: ['go', 'install', 'golang.org/x/tools/gopls@v0.14.2'], description: 'go install golang.org/x/tools/gopls@v0.14.2' }]);
        assert.equal(f!.fix!.safe, false);
        assert.equal(f!.fix!.choices!.length, 2);
      },
    },
    {
      name: 'staticcheck one line behind the toolchain but older than the module go line', count: 1, message: /older than this module's `go 1\.27\.0` line/,
      facts: makeFacts({ goEnv: { values: { GOVERSION: 'go1.27.4' } }, goBinaries: [{ path: '/usr/local/go/bin/go', pathIndex: 6, realPath: '/usr/local/go/bin/go', symlinkChain: [], executable: true, kind: 'native', version: 'go1.27.4', root: '/usr/local/go', versionSource: 'VERSION-file', manager: null, error: null }],
        project: { goMod: { go: '1.27.0' } }, tools: [tool('staticcheck', 'go1.26.8', { packagePath: 'honnef.co/go/tools/cmd/staticcheck', moduleVersion: 'v0.6.1' })] }),
    },
    {
      name: 'an unknown Go binary far behind: only the toolchain distance counts', count: 1, message: /3 release lines behind/,
      facts: makeFacts({ tools: [tool('mytool', 'go1.23.4', { packagePath: 'example.com/mytool', moduleVersion: '(devel)' })] }),
      assert: ([f]) => assert.deepEqual(f!.fix!.commands![0]!.argv, ['go', 'install', 'example.com/mytool@latest']),
    },
    {
      name: 'Windows .exe tools', count: 1, message: /dlv/,
      facts: makeFacts({ platform: { os: 'windows', listSeparator: ';' }, tools: [tool('dlv', 'go1.22.0', { path: 'C:\\Users\\gopher\\go\\bin\\dlv.exe' })] }),
      assert: ([f]) => assert.equal(f!.fix, null, 'no package path, no command'),
    },
  ],
  quiet: [
    { name: 'no tools', facts: makeFacts() },
    { name: 'tools built with the current line', facts: makeFacts({ tools: [tool('gopls', 'go1.26.8'), tool('dlv', 'go1.26.2')] }) },
    { name: 'unknown binary one line behind', facts: makeFacts({ tools: [tool('mytool', 'go1.25.3')] }) },
    { name: 'devel build and unreadable build info', facts: makeFacts({ tools: [tool('gopls', 'devel go1.27-abc'), tool('golangci-lint', null, { error: 'not a Go executable (no build info)' })] }) },
  ],
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/toolchain/GT107-toolchain-switch.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { HOME, goBinary, makeFacts, withSetting } from '../../helpers/facts.ts';
import type { FactsSnapshot } from '../../../src/facts/types.ts';

const MOD = `${HOME}/src/app/go.mod`;

function project(go: string | null, toolchain: string | null = null, gotoolchain = 'auto', source: 'env' | 'goroot-go.env' | 'env-file' = 'goroot-go.env'): FactsSnapshot {
  const f = makeFacts({ project: { goMod: { go, goLine: go ? 3 : null, toolchain, toolchainLine: toolchain ? 5 : null } } });
  return withSetting(f, 'GOTOOLCHAIN', gotoolchain, source);
}

checkCases(check, {
  fires: [
    {
      name: 'go 1.99 under GOTOOLCHAIN=local: the go command refuses', count: 1, severity: 'error',
      message: /`go: go\.mod requires go >= 1\.99 \(running go 1\.26\.8; GOTOOLCHAIN=local\)`/,
      facts: () => project('1.99', null, 'local', 'env'),
      assert: ([f]) => {
        const src = f!.source as { kind: string; file?: string; line?: number }[];
        assert.deepEqual(src[0], { kind: 'project-file', file: MOD, line: 3, column: 1, description: 'go.mod:3 (go 1.99)' });
        assert.ok(src.some((s) => s.kind === 'env'), 'names where GOTOOLCHAIN came from');
      },
    },
    {
      name: 'GOTOOLCHAIN empty ($GOROOT/go.env without it): no explanation in the message', count: 1, severity: 'error',
      message: /`go: go\.mod requires go >= 1\.27\.0 \(running go 1\.26\.8\)`/,
      facts: () => { const f = project('1.27.0'); f.settings['GOTOOLCHAIN']!.value = ''; return f; },
    },
    {
      name: 'go 1.27.0 under auto: a download into the module cache', count: 1, severity: 'warning',
      message: /the first go command downloads golang\.org\/toolchain@v0\.0\.1-go1\.27\.0\.linux-amd64 \(tens of MB\) into \/home\/gopher\/go\/pkg\/mod/,
      facts: () => project('1.27.0'),
    },
    {
      name: 'language version go 1.27 switches to go1.27.0', count: 1, message: /runs go1\.27\.0 instead/, facts: () => project('1.27'),
    },
    {
      name: 'toolchain line already downloaded: info', count: 1, severity: 'info', message: /already downloaded/,
      facts: () => { const f = project('1.26', 'go1.27.4'); f.goTrees = [{ root: `${HOME}/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.4.linux-amd64`, version: 'go1.27.4', origin: 'module-cache' }]; return f; },
    },
    {
      name: 'GOPROXY=off: toolchain not available', count: 1, severity: 'error', message: /`go: download go1\.27\.0 for linux\/amd64: toolchain not available`/,
      facts: () => withSetting(project('1.27.0'), 'GOPROXY', 'off', 'env'),
    },
    {
      name: 'GOSUMDB=off makes the download fail', count: 1, severity: 'error', message: /checksum database disabled by GOSUMDB=off/,
      facts: () => withSetting(project('1.27.0'), 'GOSUMDB', 'off', 'env'),
    },
    {
      name: 'GOTOOLCHAIN=path with no go1.27.0 on PATH', count: 1, severity: 'error', message: /go: cannot find "go1\.27\.0" in PATH/,
      facts: () => project('1.27.0', null, 'path', 'env'),
    },
    {
      name: 'GOTOOLCHAIN=path with the golang.org/dl wrapper installed: info', count: 1, severity: 'info',
      facts: () => { const f = project('1.27.0', null, 'path', 'env'); f.tools = [{ name: 'go1.27.0', path: `${HOME}/go/bin/go1.27.0`, goVersion: 'go1.26.8', modulePath: 'golang.org/dl', moduleVersion: 'v0.0.0-20261101', error: null }]; return f; },
    },
    {
      name: 'GOTOOLCHAIN=go1.22 (a language version)', count: 1, severity: 'error', message: /go1\.22 is a language version but not a toolchain version \(go1\.22\.x\)/,
      facts: () => project('1.22', null, 'go1.22', 'env'),
    },
    {
      name: '`toolchain default` under auto with a too-new go line', count: 1, severity: 'error',
      message: [/`go: go\.mod requires go >= 1\.99 \(running go 1\.26\.8; go\.mod sets toolchain default\)`/, /`toolchain default` in go\.mod forbids switching/],
      facts: () => project('1.99', 'default'),
    },
    {
      name: 'GOTOOLCHAIN=go1.25.0 pins an older release', count: 1, severity: 'warning', message: /GOTOOLCHAIN=go1\.25\.0 names another release than the local go1\.26\.8, so every go command runs go1\.25\.0 instead/,
      facts: () => project('1.24.0', null, 'go1.25.0', 'env'),
    },
    {
      name: 'GOTOOLCHAIN=go1.25.0 pinned under a go 1.26 module', count: 1, severity: 'error', message: /`go: go\.mod requires go >= 1\.26 \(running go 1\.25\.0; GOTOOLCHAIN=go1\.25\.0\)`/,
      facts: () => project('1.26', null, 'go1.25.0', 'env'),
    },
    {
      name: 'a version newer than the release table: the download may fail', count: 1, message: /toolchain not available/,
      facts: () => project('1.99'),
    },
    {
      name: 'invalid toolchain line', count: 1, severity: 'error', message: /go: invalid toolchain "banana" in go\.mod/,
      facts: () => project('1.22', 'banana'),
    },
    {
      name: 'go.work wins over go.mod', count: 1, message: /go\.work:3 \(go 1\.27\.2\)/,
      facts: () => { const f = project('1.22'); f.project.goWork = { path: `${HOME}/src/app/go.work`, module: null, go: '1.27.2', goLine: 3, toolchain: null, toolchainLine: null, requires: [], replaces: [], error: null }; return f; },
    },
    {
      name: 'go1.19 cannot read a toolchain line', count: 1, severity: 'error', message: [/unknown directive: toolchain/, /invalid go version '1\.22\.1': must match format 1\.23/],
      facts: () => { const f = project('1.22.1', 'go1.22.5'); f.goBinaries = [goBinary('/usr/lib/go-1.19/bin/go', { version: 'go1.19.8' })]; f.goEnv!.binary = '/usr/lib/go-1.19/bin/go'; return f; },
    },
    {
      name: 'Windows: download named for windows-amd64', count: 1, message: /go1\.27\.0\.windows-amd64/,
      facts: () => { const f = project('1.27.0'); f.platform.os = 'windows'; f.goEnv!.values['GOHOSTOS'] = 'windows'; return f; },
    },
  ],
  quiet: [
    { name: 'healthy: go 1.26 with go1.26.8', facts: () => project('1.26') },
    { name: 'an older go line', facts: () => project('1.21.0', null, 'local', 'env') },
    { name: 'toolchain default keeps the local toolchain', facts: () => project('1.26', 'default') },
    { name: 'toolchain line equal to the local release', facts: () => project('1.26.0', 'go1.26.8') },
    { name: 'no go.mod', facts: () => { const f = project(null); f.project.goMod = null; return f; } },
    { name: 'invalid GOTOOLCHAIN is GT108', facts: () => project('1.27.0', null, 'banana', 'env') },
    { name: 'GOWORK=off ignores go.work', facts: () => { const f = project('1.26'); f.env['GOWORK'] = 'off'; f.project.goWork = { path: `${HOME}/src/go.work`, module: null, go: '1.99', goLine: 1, toolchain: null, toolchainLine: null, requires: [], replaces: [], error: null }; return f; } },
  ],
});

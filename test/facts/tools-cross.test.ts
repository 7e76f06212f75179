// Build info from real Go executables of every container format and word size: cross-compiled
// with the real go (ELF 32/64, big-endian ELF, PE32, PE32+, Mach-O), compared with `go version -m`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readBuildInfo } from '../../src/facts/tools.ts';
import { GO_MAIN_ROOT, GO_OLD_ROOT, hasOldGo } from '../helpers/sandbox.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

const dir = mkdtempSync(join(tmpdir(), 'gotune-cross-'));
test.after(() => { removeGoTree(dir); });
writeFileSync(join(dir, 'go.mod'), 'module example.com/crosstool\n\ngo 1.19\n');
writeFileSync(join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');

const TARGETS: [root: string, goos: string, goarch: string][] = [
  [GO_MAIN_ROOT, 'linux', 'amd64'], [GO_MAIN_ROOT, 'linux', '386'], [GO_MAIN_ROOT, 'linux', 's390x'],
  [GO_MAIN_ROOT, 'windows', 'amd64'], [GO_MAIN_ROOT, 'windows', '386'], [GO_MAIN_ROOT, 'darwin', 'arm64'], [GO_MAIN_ROOT, 'darwin', 'amd64'],
  ...(hasOldGo ? [[GO_OLD_ROOT, 'windows', 'amd64'], [GO_OLD_ROOT, 'darwin', 'amd64']] as [string, string, string][] : []),
];

for (const [root, goos, goarch] of TARGETS) {
  test(`${root.split('/').pop()} ${goos}/${goarch}: same as go version -m, found through the headers`, () => {
    const out = join(dir, `tool-${root.split('/').pop()}-${goos}-${goarch}`);
    const env = { ...process.env, HOME: dir, GOCACHE: join(dir, 'cache'), GOPATH: join(dir, 'gopath'), GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local' };
    const b = spawnSync(join(root, 'bin', 'go'), ['build', '-o', out, '.'], { cwd: dir, env, encoding: 'utf8', timeout: 600_000 });
    assert.equal(b.status, 0, b.stderr);
    const m = spawnSync(join(GO_MAIN_ROOT, 'bin', 'go'), ['version', '-m', out], { encoding: 'utf8' });
    const expected = /: (\S+)/.exec(m.stdout.split('\n')[0]!)![1];
    const info = readBuildInfo(out).info!;
    assert.equal(info.goVersion, expected);
    assert.equal(info.path, 'example.com/crosstool');
    assert.equal(info.mainModule, 'example.com/crosstool');
    assert.equal(info.via, 'headers');
  });
}

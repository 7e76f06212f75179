// Version managers (a fake asdf layout: the real managers are not installable here) and tool
// binaries built for real with an older Go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { GO_MAIN_ROOT, GO_OLD_ROOT, hasOldGo, makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { toolchainChecks } from '../../src/checks/toolchain/index.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { FactsSnapshot } from '../../src/facts/types.ts';
import { findingsOf } from '../helpers/check-findings.ts';

const findings = (facts: FactsSnapshot, id: string): Promise<Finding[]> => findingsOf(toolchainChecks, facts, id);

/** ~/.asdf as asdf-golang lays it out: installs/golang/<v>/go is the tree; shims/go execs the selected one. */
function fakeAsdf(sb: Sandbox): string {
  const install = join(sb.home, '.asdf', 'installs', 'golang', '1.19.8');
  mkdirSync(install, { recursive: true });
  symlinkSync(GO_OLD_ROOT, join(install, 'go'));
  const shims = join(sb.home, '.asdf', 'shims');
  sb.write(join(shims, 'go'), `#!/bin/sh\nexec "${join(install, 'go', 'bin', 'go')}" "$@"\n`, 0o755);
  sb.write(join(sb.home, '.bashrc'), '. "$HOME/.asdf/asdf.sh"\n');
  return shims;
}

test('GT109: an asdf shim that wins, one that loses to /usr/local/go, and a selected version that is missing', { skip: !hasOldGo }, async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  const shims = fakeAsdf(sb);
  sb.write(join(sb.project, '.tool-versions'), 'golang 1.19.8\n');
  sb.env['PATH'] = [shims, sb.bin, join(GO_MAIN_ROOT, 'bin'), '/usr/bin', '/bin'].join(':');
  assert.match(sb.go(['version']).stdout, /go1\.19\.8/, 'the shim runs the asdf install');
  let facts = await sb.gather();
  const asdf = facts.versionManagers.find((m) => m.name === 'asdf')!;
  assert.deepEqual([asdf.active, asdf.shimDir, asdf.selected], [true, shims, { version: '1.19.8', file: join(sb.project, '.tool-versions'), installed: true }]);
  assert.deepEqual(facts.goBinaries[0]!.kind, 'shim');
  assert.equal(facts.goBinaries[0]!.version, 'go1.19.8', 'learned by running the shim with a deadline');
  let found = await findings(facts, 'GT109');
  assert.deepEqual(found.filter((f) => f.severity === 'warning'), []);
  assert.ok(found.some((f) => /^asdf \(.*\): 1\.19\.8; active; selects 1\.19\.8/.test(f.message)));

  sb.env['PATH'] = [sb.bin, join(GO_MAIN_ROOT, 'bin'), shims, '/usr/bin', '/bin'].join(':');
  assert.doesNotMatch(sb.go(['version']).stdout, /go1\.19\.8/);
  facts = await sb.gather();
  found = await findings(facts, 'GT109');
  const lost = found.find((f) => f.severity === 'warning')!;
  assert.match(lost.message, new RegExp(`asdf is set up .* but \`go\` on PATH is ${GO_MAIN_ROOT}/bin/go`));

  sb.write(join(sb.project, '.tool-versions'), 'golang 1.27.4\n');
  facts = await sb.gather();
  found = await findings(facts, 'GT109');
  assert.ok(found.some((f) => /asdf selects Go 1\.27\.4 \(from .*\.tool-versions\), which is not installed/.test(f.message)));
});

test('GT110: a tool built with go1.19 in GOPATH/bin; the version read equals `go version -m`', { skip: !hasOldGo }, async (t) => {
  const sb = makeSandbox();
  t.after(() => sb.cleanup());
  const src = join(sb.root, 'toolsrc');
  sb.write(join(src, 'go.mod'), 'module example.com/gopls\n\ngo 1.19\n');
  sb.write(join(src, 'main.go'), 'package main\n\nfunc main() {}\n');
  const gobin = join(sb.home, 'go', 'bin');
  const old = join(GO_OLD_ROOT, 'bin', 'go');
  const build = spawnSync(old, ['build', '-o', join(gobin, 'gopls'), '.'], { cwd: src, env: { ...sb.env, GOFLAGS: '-buildvcs=false' }, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  sb.write(join(sb.project, 'go.mod'), 'module example.com/app\n\ngo 1.26\n');

  const m = sb.go(['version', '-m', join(gobin, 'gopls')]);
  const realVersion = /: (go\S+)/.exec(m.stdout)![1]!;
  assert.equal(realVersion, 'go1.19.8');
  const mainMod = /^\tmod\t(\S+)\t(\S+)/m.exec(m.stdout);

  const facts = await sb.gather();
  const tool = facts.tools.find((x) => x.name === 'gopls')!;
  assert.equal(tool.goVersion, realVersion);
  assert.equal(tool.packagePath, 'example.com/gopls');
  assert.deepEqual([tool.modulePath, tool.moduleVersion], [mainMod?.[1] ?? null, mainMod?.[2] ?? null]);
  const [f] = await findings(facts, 'GT110');
  assert.match(f!.message, /gopls .* was built with go1\.19\.8, older than this module's `go 1\.26` line/);
  assert.match(f!.message, /release lines behind the toolchain/);
  assert.deepEqual(f!.fix!.commands![0]!.argv, ['go', 'install', 'example.com/gopls@latest']);
});

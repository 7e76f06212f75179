// $GOROOT/go.env against the real go command: a tree without it (a symlink farm of the real
// tree), an old tree that never had it, and GOROOT in the go env -w file choosing which go.env
// is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, GO_MAIN_ROOT, GO_OLD_ROOT, hasOldGo, type Sandbox } from '../helpers/sandbox.ts';
import { runChecks } from '../../src/engine/runner.ts';
import GT405 from '../../src/checks/sources/GT405-goroot-go-env-missing.ts';
import GT406 from '../../src/checks/sources/GT406-goroot-in-env-file.ts';

const hasGo = existsSync(join(GO_MAIN_ROOT, 'bin', 'go'));

/** A copy of GOROOT made of symlinks, without go.env — what a packager that deletes it ships. */
function farmWithoutGoEnv(sb: Sandbox): string {
  const farm = join(sb.root, 'farm');
  mkdirSync(farm);
  for (const name of readdirSync(GO_MAIN_ROOT)) if (name !== 'go.env') symlinkSync(join(GO_MAIN_ROOT, name), join(farm, name));
  return farm;
}

test('GT405: a GOROOT without go.env — empty GOPROXY/GOSUMDB/GOTOOLCHAIN, and what that breaks', { skip: !hasGo && 'no Go at /usr/local/go' }, async () => {
  const sb = makeSandbox();
  try {
    const farm = farmWithoutGoEnv(sb);
    sb.env['GOROOT'] = farm;
    sb.env['PATH'] = [sb.bin, join(farm, 'bin'), '/usr/bin', '/bin'].join(':');
    const v = JSON.parse(sb.go(['env', '-json', 'GOROOT', 'GOPROXY', 'GOSUMDB', 'GOTOOLCHAIN']).stdout) as Record<string, string>;
    assert.deepEqual(v, { GOROOT: farm, GOPROXY: '', GOSUMDB: '', GOTOOLCHAIN: '' });

    // GOTOOLCHAIN acts as local: no switch, and the error lacks the "; GOTOOLCHAIN=local" the real local mode prints.
    sb.write('project/go.mod', 'module example.com/m\n\ngo 1.99\n');
    const list = sb.go(['list']);
    assert.notEqual(list.status, 0);
    assert.match(list.stderr, /^go: go\.mod requires go >= 1\.99 \(running go \d+\.\d+\.\d+\)$/m);
    // GOPROXY is empty: a module download fails before any network use.
    sb.write('project/go.mod', 'module example.com/m\n\ngo 1.21\n');
    const dl = sb.go(['mod', 'download', 'golang.org/x/text@v0.3.0'], { env: { GOFLAGS: '-mod=mod', GOMODCACHE: join(sb.root, 'modcache') } });
    assert.notEqual(dl.status, 0);
    assert.match(dl.stderr, /GOPROXY list is not the empty string, but contains no entries/);

    const facts = await sb.gather();
    assert.equal(facts.gorootGoEnv.path, join(farm, 'go.env'));
    assert.equal(facts.gorootGoEnv.exists, false);
    const [r] = await runChecks([GT405], facts, {});
    assert.equal(r!.findings.length, 1);
    const f = r!.findings[0]!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, new RegExp(`${farm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/go\\.env is missing`));
    assert.match(f.message, /GOPROXY list is not the empty string, but contains no entries/);
  } finally {
    sb.cleanup();
  }
});

test('GT405: quiet for the real tree and for Go 1.19, which never had go.env', { skip: !hasGo && 'no Go' }, async () => {
  const sb = makeSandbox();
  try {
    const [r] = await runChecks([GT405], await sb.gather(), {});
    assert.deepEqual(r!.findings, []);
  } finally {
    sb.cleanup();
  }
  if (!hasOldGo) return;
  const old = makeSandbox({ goroot: GO_OLD_ROOT });
  try {
    assert.equal(existsSync(join(GO_OLD_ROOT, 'go.env')), false);
    assert.match(old.go(['version']).stdout, /go1\.19/);
    const facts = await old.gather();
    assert.equal(facts.gorootGoEnv.exists, false);
    const [r] = await runChecks([GT405], facts, {});
    assert.deepEqual(r!.findings, []);
  } finally {
    old.cleanup();
  }
});

test('GT406: the file\'s GOROOT decides which go.env is read, even when the environment sets GOROOT', { skip: !hasGo && 'no Go' }, async () => {
  const sb = makeSandbox();
  try {
    const farm = farmWithoutGoEnv(sb);
    assert.equal(sb.go(['env', '-w', `GOROOT=${farm}`]).status, 0);
    sb.env['GOROOT'] = GO_MAIN_ROOT;
    const v = JSON.parse(sb.go(['env', '-json', 'GOROOT', 'GOPROXY', 'GOTOOLCHAIN']).stdout) as Record<string, string>;
    assert.deepEqual(v, { GOROOT: GO_MAIN_ROOT, GOPROXY: '', GOTOOLCHAIN: '' });
    const [r] = await runChecks([GT406], await sb.gather(), {});
    assert.equal(r!.findings.length, 1);
    assert.equal(r!.findings[0]!.severity, 'warning');
    assert.match(r!.findings[0]!.message, /still reads \$GOROOT\/go\.env from the file's GOROOT/);
    // The fix restores go.env's defaults.
    assert.equal(sb.go(['env', '-u', 'GOROOT']).status, 0);
    assert.equal(sb.go(['env', 'GOPROXY']).stdout.trim(), 'https://proxy.golang.org,direct');
  } finally {
    sb.cleanup();
  }
});

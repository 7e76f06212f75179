// GOFLAGS and GO111MODULE with the real go command: the messages `go build` / `go list` print
// are the ones src/gomod/goflags.ts computes and GT313 / GT315 quote; `go env` hides them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { makeSandbox, type Sandbox, GO_OLD_ROOT, hasOldGo, CLI } from '../helpers/sandbox.ts';
import { parseGoflags } from '../../src/gomod/goflags.ts';
import { runChecks } from '../../src/engine/runner.ts';
import { networkChecks } from '../../src/checks/network/index.ts';
import type { Finding } from '../../src/engine/types.ts';

let sb: Sandbox;
before(() => {
  sb = makeSandbox({ env: { GOTOOLCHAIN: 'local', GOSUMDB: 'off', GOPROXY: 'off' } });
  sb.write('project/go.mod', 'module example.com/app\n\ngo 1.19\n');
  sb.write('project/main.go', 'package main\n\nfunc main() {}\n');
});
after(() => sb?.cleanup());

async function findingsWith(env: Record<string, string>, id: string): Promise<Finding[]> {
  const saved = { ...sb.env };
  Object.assign(sb.env, env);
  try {
    const facts = await sb.gather({ testLocking: false });
    const results = await runChecks(networkChecks.filter((c) => c.id === id), facts, {});
    return results.flatMap((r) => r.findings);
  } finally {
    for (const k of Object.keys(sb.env)) delete sb.env[k];
    Object.assign(sb.env, saved);
  }
}

const firstGoLine = (stderr: string) => stderr.split('\n').find((l) => l.trim() !== '') ?? '';

for (const value of ['-mod mod', '-bogus', '-p=x', '-race=maybe', '-mod', '-buildvcs=maybe', '"unterminated']) {
  test(`GOFLAGS=${JSON.stringify(value)}: go build fails with the message GT313 quotes`, async () => {
    const expected = parseGoflags(value).problems[0]!.message;
    const build = sb.go(['build', '-o', '/dev/null', '.'], { env: { GOFLAGS: value } });
    assert.notEqual(build.status, 0);
    assert.equal(firstGoLine(build.stderr), expected);
    const list = sb.go(['list', '.'], { env: { GOFLAGS: value } });
    assert.notEqual(list.status, 0);
    assert.equal(firstGoLine(list.stderr), expected);
    // go env hides it.
    const env = sb.go(['env', 'GOFLAGS'], { env: { GOFLAGS: value } });
    assert.equal(env.status, 0, env.stderr);
    assert.equal(env.stdout.trim(), value);
    const f = await findingsWith({ GOFLAGS: value }, 'GT313');
    assert.equal(f.length, 1);
    assert.ok(f[0]!.message.includes(expected), f[0]!.message);
    assert.equal(f[0]!.severity, 'error');
  });
}

test('GOFLAGS=-mod mod in the go env -w file: GT313 offers go env -w GOFLAGS=-mod=mod, which the real go accepts', async () => {
  // go env -w validates nothing about GOFLAGS word splitting, so write the file the way a user would.
  const envFile = `${sb.home}/.config/go/env`;
  sb.write(envFile, 'GOFLAGS=-mod mod\n');
  try {
    const build = sb.go(['build', '-o', '/dev/null', '.']);
    assert.equal(firstGoLine(build.stderr), 'go: parsing $GOFLAGS: non-flag "mod"');
    const f = await findingsWith({}, 'GT313');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOFLAGS=-mod=mod']);
    const fixed = sb.go(['env', '-w', 'GOFLAGS=-mod=mod']);
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.equal(sb.go(['build', '-o', '/dev/null', '.']).status, 0);
    assert.equal((await findingsWith({}, 'GT313')).length, 0);
  } finally {
    sb.write(envFile, '');
  }
});

test('the CLI reports GT313 with the go command\'s message (gotune doctor --json --only GT313)', { skip: !existsSync(CLI) }, () => {
  const r = sb.gotune(['doctor', '--json', '--only', 'GT313'], { env: { GOFLAGS: '-mod mod' } });
  assert.ok(r.stdout.includes('go: parsing $GOFLAGS: non-flag \\"mod\\"'), r.stdout.slice(0, 2000) + r.stderr);
  assert.ok(r.stdout.includes('"GT313"'));
});

test('a quoted GOFLAGS value: accepted by go1.26, split by go1.19', { skip: !hasOldGo }, () => {
  const value = '"-ldflags=-s -w"';
  assert.equal(sb.go(['build', '-o', '/dev/null', '.'], { env: { GOFLAGS: value } }).status, 0);
  assert.deepEqual(parseGoflags(value).problems, []);
  const old = sb.go(['build', '-o', '/dev/null', '.'], { env: { GOFLAGS: value, PATH: `${GO_OLD_ROOT}/bin:/usr/bin:/bin` } });
  assert.equal(firstGoLine(old.stderr), parseGoflags(value, { quotes: false }).problems[0]!.message);
});

test('GO111MODULE=off in a module and GO111MODULE=bogus: the real messages and GT315', async () => {
  const off = sb.go(['mod', 'tidy'], { env: { GO111MODULE: 'off' } });
  assert.match(off.stderr, /go: modules disabled by GO111MODULE=off; see 'go help modules'/);
  const fOff = await findingsWith({ GO111MODULE: 'off' }, 'GT315');
  assert.equal(fOff.length, 1);
  assert.equal(fOff[0]!.severity, 'error');
  assert.match(fOff[0]!.message, /go: modules disabled by GO111MODULE=off; see 'go help modules'/);

  const bogus = sb.go(['build', '-o', '/dev/null', '.'], { env: { GO111MODULE: 'bogus' } });
  assert.equal(firstGoLine(bogus.stderr), 'go: unknown environment setting GO111MODULE=bogus');
  const fBogus = await findingsWith({ GO111MODULE: 'bogus' }, 'GT315');
  assert.equal(fBogus.length, 1);
  assert.match(fBogus[0]!.message, /go: unknown environment setting GO111MODULE=bogus/);
});

// resolveSettings must name the source the go command really used (cmd/go/internal/cfg).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSettings } from '../../src/facts/settings.ts';
import { parseEnvFile } from '../../src/facts/env-file.ts';
import type { EnvFileFacts, GorootGoEnvFacts, ShellAssignment } from '../../src/facts/types.ts';

function envFile(text: string): EnvFileFacts {
  return { path: '/h/.config/go/env', located: 'user-config-dir', exists: true, readable: true, size: text.length, binary: false, truncated: false, error: null, ...parseEnvFile(text) };
}
const GOROOT_ENV: GorootGoEnvFacts = { path: '/usr/local/go/go.env', exists: true, error: null, entries: parseEnvFile('GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n').entries };

test('a non-empty environment value wins over the file', () => {
  const s = resolveSettings({ GOPROXY: 'https://env' }, { GOPROXY: 'https://env' }, envFile('GOPROXY=https://file\n'), GOROOT_ENV, []);
  assert.equal(s['GOPROXY']!.source, 'env');
  assert.equal(s['GOPROXY']!.envFileValue, 'https://file');
});

test('an empty environment value counts as unset: the file decides', () => {
  const s = resolveSettings({ GOFLAGS: '-mod=mod' }, { GOFLAGS: '' }, envFile('GOFLAGS=-mod=mod\n'), GOROOT_ENV, []);
  assert.equal(s['GOFLAGS']!.source, 'env-file');
  assert.equal(s['GOFLAGS']!.envEmpty, true);
  assert.equal(s['GOFLAGS']!.envValue, null);
});

test('an empty key in the user file hides go.env (go env -w GOPROXY= leaves GOPROXY empty)', () => {
  const s = resolveSettings({ GOPROXY: '' }, {}, envFile('GOPROXY=\n'), GOROOT_ENV, []);
  assert.equal(s['GOPROXY']!.source, 'default');
  assert.equal(s['GOPROXY']!.value, '');
  assert.equal(s['GOPROXY']!.envFileValue, '');
  assert.equal(s['GOPROXY']!.envFileLine, 1);
});

test('go.env supplies GOPROXY/GOSUMDB/GOTOOLCHAIN when nothing else does, never GOROOT', () => {
  const g: GorootGoEnvFacts = { ...GOROOT_ENV, entries: [...GOROOT_ENV.entries, { key: 'GOROOT', value: '/elsewhere', line: 9 }] };
  const s = resolveSettings({}, {}, envFile(''), g, []);
  assert.equal(s['GOTOOLCHAIN']!.source, 'goroot-go.env');
  assert.equal(s['GOTOOLCHAIN']!.value, 'auto');
  assert.equal(s['GOROOT']!.source, 'default');
  assert.equal(s['GOROOT']!.gorootEnvValue, null);
});

test('keys the go command never reads from the file are not a source (GODEBUG, GOENV, GOTELEMETRY)', () => {
  const s = resolveSettings({}, {}, envFile('GODEBUG=x=1\nGOENV=/e\nGOTELEMETRY=off\nGOWORK=off\n'), GOROOT_ENV, []);
  assert.equal(s['GODEBUG']!.source, 'default');
  assert.equal(s['GOENV']!.source, 'default');
  assert.equal(s['GOTELEMETRY']!.source, 'default');
  assert.equal(s['GOWORK']!.source, 'env-file', 'GOWORK in the file is honoured');
});

test('shell startup lines that produced the live value are attached', () => {
  const a: ShellAssignment = { file: '/h/.bashrc', line: 3, column: 8, shell: 'bash', variable: 'GOPATH', value: '$HOME/go', expanded: '/h/go', exported: true, text: 'export GOPATH=$HOME/go' };
  const other: ShellAssignment = { ...a, file: '/h/.profile', line: 1, expanded: '/other' };
  const s = resolveSettings({ GOPATH: '/h/go' }, { GOPATH: '/h/go' }, envFile(''), GOROOT_ENV, [a, other]);
  assert.deepEqual(s['GOPATH']!.shellSources, [{ file: '/h/.bashrc', line: 3 }]);
});

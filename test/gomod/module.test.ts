// Module, import and file path rules, major-version suffixes and case escaping, against the
// vectors of x/mod/module's tests and the interop spec (§1.5, §1.6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalVersion, check, checkFilePath, checkImportPath, checkPath, checkPathMajor, compareModuleVersions,
  escapePath, escapeVersion, InvalidPathError, InvalidVersionError, matchPathMajor, ModuleError, pathMajorPrefix,
  sortModuleVersions, splitPathVersion, unescapePath, unescapeVersion, versionError,
} from '../../src/gomod/module.ts';

// [path, module ok, import ok, file ok]
const checkPathTests: Array<[string, boolean, boolean, boolean]> = [
  ['x.y/z', true, true, true],
  ['x.y', true, true, true],
  ['', false, false, false],
  ['x.y/\ud800z', false, false, false], // a lone surrogate stands for invalid UTF-8
  ['/x.y/z', false, false, false],
  ['x./z', false, false, false],
  ['.x/z', false, true, true],
  ['-x/z', false, false, true],
  ['x..y/z', true, true, true],
  ['x.y/z/../../w', false, false, false],
  ['x.y//z', false, false, false],
  ['x.y/z//w', false, false, false],
  ['x.y/z/', false, false, false],
  ['x.y/z/v0', false, true, true],
  ['x.y/z/v1', false, true, true],
  ['x.y/z/v2', true, true, true],
  ['x.y/z/v2.0', false, true, true],
  ['X.y/z', false, true, true],
  ['!x.y/z', false, false, true],
  ['_x.y/z', false, true, true],
  ['x.y!/z', false, false, true],
  ['x.y"/z', false, false, false],
  ['x.y#/z', false, false, true],
  ['x.y$/z', false, false, true],
  ['x.y%/z', false, false, true],
  ['x.y&/z', false, false, true],
  ["x.y'/z", false, false, false],
  ['x.y(/z', false, false, true],
  ['x.y)/z', false, false, true],
  ['x.y*/z', false, false, false],
  ['x.y+/z', false, true, true],
  ['x.y,/z', false, false, true],
  ['x.y-/z', true, true, true],
  ['x.y./zt', false, false, false],
  ['x.y:/z', false, false, false],
  ['x.y;/z', false, false, false],
  ['x.y</z', false, false, false],
  ['x.y=/z', false, false, true],
  ['x.y>/z', false, false, false],
  ['x.y?/z', false, false, false],
  ['x.y@/z', false, false, true],
  ['x.y[/z', false, false, true],
  ['x.y\\/z', false, false, false],
  ['x.y]/z', false, false, true],
  ['x.y^/z', false, false, true],
  ['x.y_/z', false, true, true],
  ['x.y`/z', false, false, false],
  ['x.y{/z', false, false, true],
  ['x.y}/z', false, false, true],
  ['x.y~/z', false, true, true],
  ['x.y/z!', false, false, true],
  ['x.y/z"', false, false, false],
  ['x.y/z#', false, false, true],
  ['x.y/z$', false, false, true],
  ['x.y/z%', false, false, true],
  ['x.y/z&', false, false, true],
  ["x.y/z'", false, false, false],
  ['x.y/z(', false, false, true],
  ['x.y/z)', false, false, true],
  ['x.y/z*', false, false, false],
  ['x.y/z++', false, true, true],
  ['x.y/z,', false, false, true],
  ['x.y/z-', true, true, true],
  ['x.y/z.t', true, true, true],
  ['x.y/z/t', true, true, true],
  ['x.y/z:', false, false, false],
  ['x.y/z;', false, false, false],
  ['x.y/z<', false, false, false],
  ['x.y/z=', false, false, true],
  ['x.y/z>', false, false, false],
  ['x.y/z?', false, false, false],
  ['x.y/z@', false, false, true],
  ['x.y/z[', false, false, true],
  ['x.y/z\\', false, false, false],
  ['x.y/z]', false, false, true],
  ['x.y/z^', false, false, true],
  ['x.y/z_', true, true, true],
  ['x.y/z`', false, false, false],
  ['x.y/z{', false, false, true],
  ['x.y/z}', false, false, true],
  ['x.y/z~', true, true, true],
  ['x.y/z~0', false, false, true],
  ['x.y/z~09', false, false, true],
  ['x.y/z09~09z', true, true, true],
  ['x.y/z09~09z~09', false, false, true],
  ['x.y/x.foo', true, true, true],
  ['x.y/aux.foo', false, false, false],
  ['x.y/prn', false, false, false],
  ['x.y/prn2', true, true, true],
  ['x.y/com', true, true, true],
  ['x.y/com1', false, false, false],
  ['x.y/com1.txt', false, false, false],
  ['x.y/calm1', true, true, true],
  ['github.com/!123/logrus', false, false, true],
  ['github.com/user/unicode/испытание', false, false, true],
  ['../x', false, false, false],
  ['./y', false, false, false],
  ['x:y', false, false, false],
  ['\\temp\\foo', false, false, false],
  ['.gitignore', false, true, true],
  ['.github/ISSUE_TEMPLATE', false, true, true],
  ['x☺y', false, false, false],
];

test('checkPath / checkImportPath / checkFilePath vectors', () => {
  for (const [path, mod, imp, file] of checkPathTests) {
    assert.equal(checkPath(path) === undefined, mod, `checkPath(${JSON.stringify(path)})`);
    assert.equal(checkImportPath(path) === undefined, imp, `checkImportPath(${JSON.stringify(path)})`);
    assert.equal(checkFilePath(path) === undefined, file, `checkFilePath(${JSON.stringify(path)})`);
  }
});

test('path error texts match x/mod/module', () => {
  const cases: Array<[() => Error | undefined, string]> = [
    [() => checkPath(''), 'malformed module path "": empty string'],
    [() => checkPath('x.y/z/'), 'malformed module path "x.y/z/": trailing slash'],
    [() => checkPath('x.y//z'), 'malformed module path "x.y//z": double slash'],
    [() => checkPath('-x/z'), 'malformed module path "-x/z": leading dash'],
    [() => checkPath('/x.y/z'), 'malformed module path "/x.y/z": empty path element'],
    [() => checkPath('x./z'), 'malformed module path "x./z": trailing dot in path element'],
    [() => checkPath('.x/z'), 'malformed module path ".x/z": leading dot in path element'],
    [() => checkPath('x.y/..'), 'malformed module path "x.y/..": invalid path element ".."'],
    [() => checkPath('x.y/z*'), `malformed module path "x.y/z*": invalid char '*'`],
    [() => checkPath('x.y/испытание'), `malformed module path "x.y/испытание": invalid char 'и'`],
    [() => checkPath('example/m'), 'malformed module path "example/m": missing dot in first path element'],
    [() => checkPath('X.y/z'), `malformed module path "X.y/z": invalid char 'X' in first path element`],
    [() => checkPath('x.y/z/v1'), 'malformed module path "x.y/z/v1": invalid version'],
    [() => checkPath('x.y/aux.foo'), 'malformed module path "x.y/aux.foo": "aux" disallowed as path element component on Windows'],
    [() => checkPath('x.y/z~09'), 'malformed module path "x.y/z~09": trailing tilde and digits in path element'],
    [() => checkImportPath('x.y/z:'), `malformed import path "x.y/z:": invalid char ':'`],
    [() => checkFilePath('a/\u0001'), `malformed file path "a/\\x01": invalid char '\\x01'`],
    [() => checkPath('x.y/\ud800'), 'malformed module path "x.y/\\ufffd": invalid UTF-8'],
  ];
  for (const [f, want] of cases) {
    const err = f();
    assert.ok(err instanceof InvalidPathError, want);
    assert.equal(err.message, want);
  }
});

test('check(path, version) vectors', () => {
  const cases: Array<[string, string, boolean]> = [
    ['rsc.io/quote', '0.1.0', false],
    ['rsc io/quote', 'v1.0.0', false],
    ['github.com/go-yaml/yaml', 'v0.8.0', true],
    ['github.com/go-yaml/yaml', 'v1.0.0', true],
    ['github.com/go-yaml/yaml', 'v2.0.0', false],
    ['github.com/go-yaml/yaml', 'v2.1.5', false],
    ['github.com/go-yaml/yaml', 'v3.0.0', false],
    ['github.com/go-yaml/yaml/v2', 'v1.0.0', false],
    ['github.com/go-yaml/yaml/v2', 'v2.0.0', true],
    ['github.com/go-yaml/yaml/v2', 'v2.1.5', true],
    ['github.com/go-yaml/yaml/v2', 'v3.0.0', false],
    ['gopkg.in/yaml.v0', 'v0.8.0', true],
    ['gopkg.in/yaml.v0', 'v1.0.0', false],
    ['gopkg.in/yaml.v1', 'v0.8.0', false],
    ['gopkg.in/yaml.v1', 'v1.0.0', true],
    ['gopkg.in/yaml.v1', 'v2.0.0', false],
    ['gopkg.in/check.v1', 'v0.0.0', false],
    ['gopkg.in/check.v1', 'v0.0.0-20160102150405-abcdef123456', true],
    ['gopkg.in/yaml.v2', 'v1.0.0', false],
    ['gopkg.in/yaml.v2', 'v2.0.0', true],
    ['gopkg.in/yaml.v2', 'v2.1.5', true],
    ['gopkg.in/yaml.v2', 'v3.0.0', false],
    ['rsc.io/quote', 'v17.0.0', false],
    ['rsc.io/quote', 'v17.0.0+incompatible', true],
  ];
  for (const [path, version, ok] of cases) {
    assert.equal(check(path, version) === undefined, ok, `check(${path}, ${version})`);
  }
  assert.equal(check('rsc.io/quote', '0.1.0')?.message, 'rsc.io/quote@0.1.0: invalid version: not a semantic version');
  assert.equal(check('github.com/go-yaml/yaml', 'v2.0.0')?.message, 'github.com/go-yaml/yaml@v2.0.0: invalid version: should be v0 or v1, not v2');
  assert.equal(check('gopkg.in/yaml.v1', 'v0.8.0')?.message, 'gopkg.in/yaml.v1@v0.8.0: invalid version: should be v1, not v0');
  assert.ok(check('rsc.io/quote', '0.1.0') instanceof ModuleError);
});

test('splitPathVersion', () => {
  const good: Array<[string, string]> = [
    ['x.y/z', ''], ['x.y/z', '/v2'], ['x.y/z', '/v3'], ['x.y/v', ''],
    ['gopkg.in/yaml', '.v0'], ['gopkg.in/yaml', '.v1'], ['gopkg.in/yaml', '.v2'], ['gopkg.in/yaml', '.v3'],
    ['gopkg.in/yaml', '.v2-unstable'],
  ];
  for (const [prefix, pathMajor] of good) {
    assert.deepEqual(splitPathVersion(prefix + pathMajor), { prefix, pathMajor, ok: true });
  }
  for (const bad of ['x.y/z/v1', 'x.y/z/v0', 'x.y/z/v2.0', 'x.y/z/v02', 'gopkg.in/yaml', 'gopkg.in/yaml.v', 'gopkg.in/yaml.v01']) {
    assert.equal(splitPathVersion(bad).ok, false, bad);
  }
  // The prefix and suffix always add back up to the input.
  for (const [path] of checkPathTests) {
    const s = splitPathVersion(path);
    assert.equal(s.prefix + s.pathMajor, path);
  }
});

test('matchPathMajor and checkPathMajor', () => {
  const cases: Array<[string, string, boolean]> = [
    ['v0.0.0', '', true],
    ['v0.0.0', '/v2', false],
    ['v0.0.0', '.v0', true],
    ['v0.0.0-20190510104115-cbcb75029529', '.v1', true],
    ['v1.0.0', '/v2', false],
    ['v1.0.0', '.v1', true],
    ['v1.0.0', '.v1-unstable', true],
    ['v2.0.0+incompatible', '', true],
    ['v2.0.0', '', false],
    ['v2.0.0', '/v2', true],
    ['v2.0.0', '.v2', true],
  ];
  for (const [v, pm, want] of cases) assert.equal(matchPathMajor(v, pm), want, `${v} ${pm}`);
  const err = checkPathMajor('v1.0.0', '/v2');
  assert.ok(err instanceof InvalidVersionError);
  assert.equal(err.message, 'version "v1.0.0" invalid: should be v2, not v1');
  assert.equal(pathMajorPrefix('/v2'), 'v2');
  assert.equal(pathMajorPrefix('.v1-unstable'), 'v1');
  assert.equal(pathMajorPrefix(''), '');
});

test('canonicalVersion keeps +incompatible', () => {
  assert.equal(canonicalVersion('v2.0.0+incompatible'), 'v2.0.0+incompatible');
  assert.equal(canonicalVersion('v2+incompatible'), '');
  assert.equal(canonicalVersion('v1.2.3+meta'), 'v1.2.3');
  assert.equal(canonicalVersion('v1.2'), 'v1.2.0');
  assert.equal(canonicalVersion('bad'), '');
});

test('escapePath / unescapePath vectors', () => {
  const cases: Array<[string, string]> = [
    ['github.com/GoogleCloudPlatform/omega', 'github.com/!google!cloud!platform/omega'],
    ['ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789', 'ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789'],
    ['github.com/Azure/azure-sdk-for-go', 'github.com/!azure/azure-sdk-for-go'],
    ['github.com/Sirupsen/logrus', 'github.com/!sirupsen/logrus'],
  ];
  for (const [path, esc] of cases) {
    assert.equal(escapePath(path), esc);
    assert.equal(unescapePath(esc), path);
  }
  for (const [path, ok] of checkPathTests) {
    if (!ok) {
      assert.throws(() => escapePath(path), InvalidPathError, path);
      assert.throws(() => unescapePath(path), Error, path);
    }
  }
  const badUnescape = [
    'github.com/GoogleCloudPlatform/omega',
    'github.com/!google!cloud!platform!/omega',
    'github.com/!0google!cloud!platform/omega',
    'github.com/!_google!cloud!platform/omega',
    'github.com/!!google!cloud!platform/omega',
    'github.com/!google!cloud!platform/omega!',
    '',
  ];
  for (const bad of badUnescape) assert.throws(() => unescapePath(bad), Error, bad);
  assert.throws(() => unescapePath('github.com/GoogleCloudPlatform/omega'), { message: 'invalid escaped module path "github.com/GoogleCloudPlatform/omega"' });
  assert.throws(() => unescapePath('x.y/z/v1'), { message: 'invalid escaped module path "x.y/z/v1": malformed module path "x.y/z/v1": invalid version' });
});

test('escapeVersion / unescapeVersion', () => {
  assert.equal(escapeVersion('v1.0.0-RC1'), 'v1.0.0-!r!c1');
  assert.equal(escapeVersion('master'), 'master');
  assert.equal(unescapeVersion('v1.0.0-!r!c1'), 'v1.0.0-RC1');
  assert.throws(() => escapeVersion('v1.0.0!'), { message: 'version "v1.0.0!" invalid: disallowed version string' });
  assert.throws(() => escapeVersion('v1/0'), InvalidVersionError);
  assert.throws(() => escapeVersion(''), InvalidVersionError);
  assert.throws(() => escapeVersion('vé'), Error);
  assert.throws(() => unescapeVersion('V1'), { message: 'invalid escaped version "V1"' });
  assert.throws(() => unescapeVersion('!v1/x'), { message: `invalid escaped version "V1/x": invalid char '/'` });
  assert.throws(() => unescapeVersion('v1!'), Error);
});

test('module versions sort like module.Sort (go.sum order)', () => {
  const list = [
    { path: 'b.c/d', version: 'v1.0.0' },
    { path: 'a.b/c', version: 'v1.10.0/go.mod' },
    { path: 'a.b/c', version: 'v1.2.0' },
    { path: 'a.b/c', version: 'v1.2.0/go.mod' },
    { path: 'a.b/c', version: 'v1.10.0' },
  ];
  assert.deepEqual(sortModuleVersions(list).map((m) => `${m.path} ${m.version}`), [
    'a.b/c v1.2.0', 'a.b/c v1.2.0/go.mod', 'a.b/c v1.10.0', 'a.b/c v1.10.0/go.mod', 'b.c/d v1.0.0',
  ]);
  assert.equal(compareModuleVersions({ path: 'a', version: 'v1' }, { path: 'a', version: 'v1' }), 0);
});

test('versionError wraps once', () => {
  const inner = new InvalidVersionError('v2.0.0', 'should be v0 or v1, not v2');
  const e = versionError({ path: 'x.y/z', version: 'v2.0.0' }, inner);
  assert.equal(e.message, 'x.y/z@v2.0.0: invalid version: should be v0 or v1, not v2');
  assert.equal(versionError({ path: 'x.y/z', version: 'v2.0.0' }, e), e);
  assert.equal(new ModuleError('x.y/z', '', new Error('boom')).message, 'module x.y/z: boom');
  assert.equal(new ModuleError('x.y/z', 'v1.0.0', new Error('boom')).message, 'x.y/z@v1.0.0: boom');
});

// Go toolchain versions as the go command compares them (internal/gover, cmd/go/internal/gover),
// and GOTOOLCHAIN as cmd/go/internal/toolchain.Select interprets it. Go versions are not semver:
// "1.21" (a language version) < "1.21rc1" < "1.21.0", and before 1.21 "1.20" means "1.20.0".

export interface GoVersion {
  major: string;
  minor: string;
  patch: string;
  kind: string;
  pre: string;
}

const ZERO: GoVersion = { major: '', minor: '', patch: '', kind: '', pre: '' };

function cutInt(x: string): { n: string; rest: string } | null {
  let i = 0;
  while (i < x.length && x[i]! >= '0' && x[i]! <= '9') i++;
  if (i === 0 || (x[0] === '0' && i !== 1)) return null;
  return { n: x.slice(0, i), rest: x.slice(i) };
}

function cmpInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

function parsePre(x: string): { kind: string; pre: string } | null {
  const m = /^([a-z]+)(\d*)$/.exec(x);
  if (!m) return null;
  if (m[2] && m[2].length > 1 && m[2][0] === '0') return null;
  return { kind: m[1]!, pre: m[2]! };
}

/** Parses "1.21.3", "1.21", "1.21rc1" (no "go" prefix); the zero version when malformed. */
export function parseVersion(x: string): GoVersion {
  const major = cutInt(x);
  if (!major) return ZERO;
  if (major.rest === '') return { ...ZERO, major: major.n, minor: '0', patch: '0' };
  if (major.rest[0] !== '.') return ZERO;
  const minor = cutInt(major.rest.slice(1));
  if (!minor) return ZERO;
  const v: GoVersion = { ...ZERO, major: major.n, minor: minor.n };
  if (minor.rest === '') {
    if (cmpInt(v.minor, '21') < 0) v.patch = '0';
    return v;
  }
  if (minor.rest[0] === '.') {
    const patch = cutInt(minor.rest.slice(1));
    if (!patch) return ZERO;
    v.patch = patch.n;
    if (patch.rest !== '') {
      const p = parsePre(patch.rest);
      if (!p) return ZERO;
      v.kind = p.kind; v.pre = p.pre;
    }
    return v;
  }
  const p = parsePre(minor.rest);
  if (!p) return ZERO;
  v.kind = p.kind; v.pre = p.pre;
  return v;
}

export function isValidVersion(x: string): boolean {
  return parseVersion(x).major !== '';
}

/** -1, 0, +1 as toolchain versions; malformed versions compare less than well-formed ones. */
export function compareVersions(x: string, y: string): number {
  const a = parseVersion(x), b = parseVersion(y);
  let c = cmpInt(a.major, b.major) || cmpInt(a.minor, b.minor) || cmpInt(a.patch, b.patch);
  if (c) return c;
  if (a.kind !== b.kind) {
    c = a.kind < b.kind ? -1 : 1;
    if (a.patch !== '') { if (a.kind === '') c = 1; else if (b.kind === '') c = -1; }
    return c;
  }
  return cmpInt(a.pre, b.pre);
}

/** A language version such as "1.22" (no patch, no prerelease). */
export function isLang(x: string): boolean {
  const v = parseVersion(x);
  return v.major !== '' && v.patch === '' && v.kind === '' && v.pre === '';
}

/** "1.22.3" → "1.22". */
export function langOf(x: string): string {
  const v = parseVersion(x);
  if (v.minor === '' || (v.major === '1' && v.minor === '0')) return v.major;
  return `${v.major}.${v.minor}`;
}

/** The Go version of a toolchain name: "go1.21.3" → "1.21.3", "go1.21.3-bigcorp" → "1.21.3", else "". */
export function fromToolchain(name: string): string {
  if (!name.startsWith('go')) return '';
  let v = name.slice(2);
  const i = v.search(/[ \t-]/);
  if (i >= 0) v = v.slice(0, i);
  return isValidVersion(v) ? v : '';
}

/**
 * The version in a GOVERSION-like string: "go1.26.8", "go1.26.8 X:boringcrypto", "devel go1.27-abc"
 * (devel builds yield null: they have no release line to judge).
 */
export function versionOfGoVersion(s: string | null | undefined): string | null {
  if (!s) return null;
  const first = s.trim().split(/\s+/)[0] ?? '';
  if (first === 'devel' || first.startsWith('devel')) return null;
  const v = fromToolchain(first);
  return v || null;
}

export type ToolchainMode = 'local' | 'auto' | 'path';

export type GotoolchainParse =
  | { ok: true; value: string; mode: ToolchainMode; min: string | null; minVersion: string | null }
  | { ok: false; value: string; message: string; reason: string };

/**
 * GOTOOLCHAIN as toolchain.Select reads it. `min` is the minimum toolchain name (null for local).
 * Mode "local" with a min means "always run that toolchain" (GOTOOLCHAIN=go1.25.0 without a suffix).
 */
export function parseGotoolchain(value: string): GotoolchainParse {
  if (value === 'auto') return { ok: true, value, mode: 'auto', min: null, minVersion: null };
  if (value === 'path') return { ok: true, value, mode: 'path', min: null, minVersion: null };
  const plus = value.indexOf('+');
  const min = plus >= 0 ? value.slice(0, plus) : value;
  const suffix = plus >= 0 ? value.slice(plus + 1) : '';
  let minVersion: string | null = null;
  if (min !== 'local') {
    const v = fromToolchain(min);
    if (!v) {
      return plus >= 0
        ? { ok: false, value, reason: 'invalid-minimum', message: `go: invalid GOTOOLCHAIN ${JSON.stringify(value)}: invalid minimum toolchain ${JSON.stringify(min)}` }
        : { ok: false, value, reason: 'invalid', message: `go: invalid GOTOOLCHAIN ${JSON.stringify(value)}` };
    }
    minVersion = v;
  }
  if (plus >= 0 && suffix !== 'auto' && suffix !== 'path') {
    return { ok: false, value, reason: 'bad-suffix', message: `go: invalid GOTOOLCHAIN ${JSON.stringify(value)}: only version suffixes are +auto and +path` };
  }
  const mode: ToolchainMode = plus >= 0 ? (suffix as 'auto' | 'path') : 'local';
  return { ok: true, value, mode, min: min === 'local' ? null : min, minVersion };
}

/** Extra refusals that Select only reaches when it must run a toolchain other than the local one. */
export function runTimeRefusal(toolchain: string, localToolchain: string | null, goos = 'linux', goarch = 'amd64'): string | null {
  if (toolchain === 'local' || toolchain === localToolchain) return null;
  if (!toolchain.startsWith('go1') && !toolchain.includes('-go1')) return `go: invalid GOTOOLCHAIN ${JSON.stringify(toolchain)}`;
  // The name becomes part of the module version v0.0.1-<name>.<os>-<arch>, which must be semver.
  if (!/^[0-9A-Za-z.-]+$/.test(toolchain)) {
    return `go: download ${toolchain}: non-semver module version ${JSON.stringify(`v0.0.1-${toolchain}.${goos}-${goarch}`)}`;
  }
  const v = fromToolchain(toolchain);
  if (v && isLang(v) && compareVersions(v, '1.21') >= 0) {
    return `go: invalid toolchain: ${toolchain} is a language version but not a toolchain version (${toolchain}.x)`;
  }
  return null;
}

export interface SwitchDecision {
  /** Toolchain the go command will run ("local" = the binary itself). */
  target: string;
  /** Why: the go or toolchain line of the file, or GOTOOLCHAIN itself. */
  reason: 'none' | 'gotoolchain' | 'go-line' | 'toolchain-line';
  mode: ToolchainMode;
  /** Under local mode: the go line is newer than the toolchain that runs → hard failure. */
  tooNew: { need: string; running: string } | null;
  invalidToolchainLine: boolean;
}

/**
 * What toolchain.Select decides for a go.mod / go.work with `goLine` and `toolchainLine`, running
 * a local go of version `local` ("1.26.8") under GOTOOLCHAIN `gotoolchain`.
 */
export function decideSwitch(gotoolchain: GotoolchainParse & { ok: true }, local: string, goLine: string | null, toolchainLine: string | null): SwitchDecision {
  let target = gotoolchain.min ?? 'local';
  let minVers = gotoolchain.minVersion ?? local;
  let reason: SwitchDecision['reason'] = gotoolchain.min ? 'gotoolchain' : 'none';
  let invalidToolchainLine = false;
  if (gotoolchain.mode === 'auto' || gotoolchain.mode === 'path') {
    if (toolchainLine && toolchainLine !== 'default') {
      const tv = fromToolchain(toolchainLine);
      if (!tv || (!toolchainLine.startsWith('go') && !toolchainLine.includes('-go'))) invalidToolchainLine = true;
      else if (compareVersions(tv, minVers) > 0) { target = toolchainLine; minVers = tv; reason = 'toolchain-line'; }
    }
    if (!invalidToolchainLine && toolchainLine !== 'default' && goLine && compareVersions(goLine, minVers) > 0) {
      target = 'go' + goLine + (isLang(goLine) && compareVersions(goLine, '1.21') >= 0 ? '.0' : '');
      minVers = goLine;
      reason = 'go-line';
    }
  }
  if (target === 'go' + local) target = 'local';
  const running = target === 'local' ? local : fromToolchain(target);
  const tooNew = goLine && running && compareVersions(goLine, running) > 0 ? { need: goLine, running } : null;
  return { target, reason, mode: gotoolchain.mode, tooNew, invalidToolchainLine };
}

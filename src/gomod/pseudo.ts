/**
 * Pseudo-versions (golang.org/x/mod/module pseudo.go): versions such as
 * `v1.2.4-0.20060102150405-abcdef123456` that name an untagged commit by time and revision,
 * built on the closest earlier tag. Parsing follows the same regular expression and the same
 * split rules as the go command, so bases and times agree with what it records in go.mod.
 */
import { InvalidVersionError } from './module.ts';
import { build as buildSuffix, canonical, isValid, major as majorOf, prerelease } from './semver.ts';

const PSEUDO_VERSION_RE = /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** The layout of the timestamp part, in Go's reference-time notation. */
export const PSEUDO_VERSION_TIMESTAMP_FORMAT = '20060102150405';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Formats a UTC instant as `yyyymmddhhmmss`. */
export function formatPseudoVersionTimestamp(t: Date): string {
  return pad(t.getUTCFullYear(), 4) + pad(t.getUTCMonth() + 1, 2) + pad(t.getUTCDate(), 2)
    + pad(t.getUTCHours(), 2) + pad(t.getUTCMinutes(), 2) + pad(t.getUTCSeconds(), 2);
}

function incDecimal(decimal: string): string {
  const digits = [...decimal];
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === '9'; i--) digits[i] = '0';
  if (i >= 0) digits[i] = String.fromCharCode((digits[i] as string).charCodeAt(0) + 1);
  else {
    digits[0] = '1';
    digits.push('0');
  }
  return digits.join('');
}

function decDecimal(decimal: string): string {
  let digits = [...decimal];
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === '0'; i--) digits[i] = '9';
  if (i < 0) return '';
  if (i === 0 && digits[i] === '1' && digits.length > 1) digits = digits.slice(1);
  else digits[i] = String.fromCharCode((digits[i] as string).charCodeAt(0) - 1);
  return digits.join('');
}

/**
 * module.PseudoVersion: the pseudo-version for revision rev at time t, given the major
 * version (`""` means v0) and the closest earlier tag `older` (`""` if none).
 */
export function pseudoVersion(majorVersion: string, older: string, t: Date, rev: string): string {
  if (majorVersion === '') majorVersion = 'v0';
  const segment = `${formatPseudoVersionTimestamp(t)}-${rev}`;
  const build = buildSuffix(older);
  const base = canonical(older);
  if (base === '') return `${majorVersion}.0.0-${segment}`;
  if (prerelease(base) !== '') return `${base}.0.${segment}${build}`;
  const i = base.lastIndexOf('.') + 1;
  return `${base.slice(0, i)}${incDecimal(base.slice(i))}-0.${segment}${build}`;
}

/** Go's zero time, 0001-01-01T00:00:00Z. */
export const GO_ZERO_TIME: Date = (() => {
  const d = new Date(0);
  d.setUTCFullYear(1, 0, 1);
  return d;
})();

/** module.ZeroPseudoVersion: `vX.0.0-00010101000000-000000000000`. */
export function zeroPseudoVersion(majorVersion: string): string {
  return pseudoVersion(majorVersion, '', GO_ZERO_TIME, '000000000000');
}

/** module.IsPseudoVersion. */
export function isPseudoVersion(v: string): boolean {
  return (v.split('-').length - 1) >= 2 && isValid(v) && PSEUDO_VERSION_RE.test(v);
}

/** module.IsZeroPseudoVersion. */
export function isZeroPseudoVersion(v: string): boolean {
  return v === zeroPseudoVersion(majorOf(v));
}

interface PseudoParts {
  base: string;
  timestamp: string;
  rev: string;
  build: string;
}

function parsePseudoVersion(v: string): PseudoParts {
  if (!isPseudoVersion(v)) throw new InvalidVersionError(v, 'syntax error', true);
  const build = buildSuffix(v);
  let rest = v.slice(0, v.length - build.length);
  const j = rest.lastIndexOf('-');
  const rev = rest.slice(j + 1);
  rest = rest.slice(0, j);
  const i = rest.lastIndexOf('-');
  const dot = rest.lastIndexOf('.');
  if (dot > i) return { base: rest.slice(0, dot), timestamp: rest.slice(dot + 1), rev, build };
  return { base: rest.slice(0, i), timestamp: rest.slice(i + 1), rev, build };
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses `yyyymmddhhmmss` with time.Parse's range checks; undefined if out of range. */
export function parsePseudoVersionTimestamp(ts: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const d = new Date(0);
  // setUTCFullYear keeps years 0–99 literal, where Date.UTC would map them to 19xx.
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d;
}

/** module.PseudoVersionTime. Throws InvalidVersionError for a malformed pseudo-version. */
export function pseudoVersionTime(v: string): Date {
  const { timestamp } = parsePseudoVersion(v);
  const t = parsePseudoVersionTimestamp(timestamp);
  if (!t) throw new InvalidVersionError(v, `malformed time "${timestamp}"`, true);
  return t;
}

/** module.PseudoVersionRev: the revision identifier (usually a 12-hex-digit commit prefix). */
export function pseudoVersionRev(v: string): string {
  return parsePseudoVersion(v).rev;
}

/**
 * module.PseudoVersionBase: the tag the pseudo-version was built on, with its build suffix;
 * `""` when it was built on no tag. Throws InvalidVersionError when the base is impossible.
 */
export function pseudoVersionBase(v: string): string {
  const { base, build } = parsePseudoVersion(v);
  const pre = prerelease(base);
  if (pre === '') {
    if (build !== '') throw new InvalidVersionError(v, `lacks base version, but has build metadata "${build}"`, true);
    return '';
  }
  if (pre === '-0') {
    const b = base.slice(0, base.length - pre.length);
    const i = b.lastIndexOf('.');
    const patch = decDecimal(b.slice(i + 1));
    if (patch === '') throw new InvalidVersionError(v, `version before ${b} would have negative patch number`, true);
    return b.slice(0, i + 1) + patch + build;
  }
  return base.slice(0, -'.0'.length) + build;
}

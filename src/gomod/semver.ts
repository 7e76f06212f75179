/**
 * Semantic versions as Go modules use them (golang.org/x/mod/semver): a leading `v`,
 * `vMAJOR` and `vMAJOR.MINOR` shorthands, prerelease and build suffixes, and the ordering the
 * go command applies. Every function accepts any string; invalid input gives `""` (or sorts
 * lowest), never an exception, because versions arrive from untrusted files and proxies.
 */

import { compareGoStrings } from './gostring.ts';

interface Parsed {
  major: string;
  minor: string;
  patch: string;
  short: string;
  prerelease: string;
  build: string;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isIdentChar(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-';
}

function isBadNum(v: string): boolean {
  return v.length > 1 && v[0] === '0' && /^[0-9]+$/.test(v);
}

function isNum(v: string): boolean {
  return /^[0-9]*$/.test(v);
}

/** Returns [number, rest] or undefined when `v` does not start with a number without leading zero. */
function parseNumber(v: string): [string, string] | undefined {
  if (!isDigit(v[0])) return undefined;
  let i = 1;
  while (isDigit(v[i])) i++;
  if (v[0] === '0' && i !== 1) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function parseIdentifiers(v: string, stopAtPlus: boolean, checkNumbers: boolean): [string, string] | undefined {
  let i = 1;
  let start = 1;
  while (i < v.length && !(stopAtPlus && v[i] === '+')) {
    const c = v[i] as string;
    if (!isIdentChar(c) && c !== '.') return undefined;
    if (c === '.') {
      if (start === i || (checkNumbers && isBadNum(v.slice(start, i)))) return undefined;
      start = i + 1;
    }
    i++;
  }
  if (start === i || (checkNumbers && isBadNum(v.slice(start, i)))) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function parse(v: string): Parsed | undefined {
  if (v === '' || v[0] !== 'v') return undefined;
  const p: Parsed = { major: '', minor: '', patch: '', short: '', prerelease: '', build: '' };
  let r = parseNumber(v.slice(1));
  if (!r) return undefined;
  [p.major, v] = r;
  if (v === '') {
    p.minor = '0';
    p.patch = '0';
    p.short = '.0.0';
    return p;
  }
  if (v[0] !== '.') return undefined;
  r = parseNumber(v.slice(1));
  if (!r) return undefined;
  [p.minor, v] = r;
  if (v === '') {
    p.patch = '0';
    p.short = '.0';
    return p;
  }
  if (v[0] !== '.') return undefined;
  r = parseNumber(v.slice(1));
  if (!r) return undefined;
  [p.patch, v] = r;
  if (v[0] === '-') {
    const pre = parseIdentifiers(v, true, true);
    if (!pre) return undefined;
    [p.prerelease, v] = pre;
  }
  if (v[0] === '+') {
    const build = parseIdentifiers(v, false, false);
    if (!build) return undefined;
    [p.build, v] = build;
  }
  return v === '' ? p : undefined;
}

/** Reports whether v is a valid semantic version string. */
export function isValid(v: string): boolean {
  return parse(v) !== undefined;
}

/** The canonical form: shorthands filled in, build suffix removed; `""` if invalid. */
export function canonical(v: string): string {
  const p = parse(v);
  if (!p) return '';
  if (p.build !== '') return v.slice(0, v.length - p.build.length);
  if (p.short !== '') return v + p.short;
  return v;
}

/** `vMAJOR`, or `""` if invalid. */
export function major(v: string): string {
  const p = parse(v);
  return p ? v.slice(0, 1 + p.major.length) : '';
}

/** `vMAJOR.MINOR`, or `""` if invalid. */
export function majorMinor(v: string): string {
  const p = parse(v);
  if (!p) return '';
  const i = 1 + p.major.length;
  const j = i + 1 + p.minor.length;
  if (j <= v.length && v[i] === '.' && v.slice(i + 1, j) === p.minor) return v.slice(0, j);
  return v.slice(0, i) + '.' + p.minor;
}

/** The prerelease suffix including its `-`, or `""`. */
export function prerelease(v: string): string {
  return parse(v)?.prerelease ?? '';
}

/** The build suffix including its `+`, or `""`. */
export function build(v: string): string {
  return parse(v)?.build ?? '';
}

function compareInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

function comparePrerelease(x: string, y: string): number {
  if (x === y) return 0;
  if (x === '') return 1;
  if (y === '') return -1;
  const xs = x.slice(1).split('.');
  const ys = y.slice(1).split('.');
  for (let k = 0; k < xs.length && k < ys.length; k++) {
    const dx = xs[k] as string;
    const dy = ys[k] as string;
    if (dx === dy) continue;
    const ix = isNum(dx);
    const iy = isNum(dy);
    if (ix !== iy) return ix ? -1 : 1;
    if (ix && dx.length !== dy.length) return dx.length < dy.length ? -1 : 1;
    return dx < dy ? -1 : 1;
  }
  return xs.length < ys.length ? -1 : 1;
}

/**
 * -1, 0 or +1 as v is less than, equal to or greater than w. Invalid versions are equal to
 * each other and below every valid one; build suffixes are ignored.
 */
export function compare(v: string, w: string): -1 | 0 | 1 {
  const pv = parse(v);
  const pw = parse(w);
  if (!pv && !pw) return 0;
  if (!pv) return -1;
  if (!pw) return 1;
  const c = compareInt(pv.major, pw.major) || compareInt(pv.minor, pw.minor)
    || compareInt(pv.patch, pw.patch) || comparePrerelease(pv.prerelease, pw.prerelease);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/** The larger of two versions in canonical form; an invalid version loses to a valid one. */
export function max(v: string, w: string): string {
  const cv = canonical(v);
  const cw = canonical(w);
  return compare(cv, cw) > 0 ? cv : cw;
}

/** Compare, with ties between equal versions broken by plain string order (semver.Sort). */
export function compareForSort(a: string, b: string): number {
  const c = compare(a, b);
  if (c !== 0) return c;
  return compareGoStrings(a, b);
}

/** Sorts the list in place in ascending order and returns it. */
export function sort(list: string[]): string[] {
  return list.sort(compareForSort);
}

/** Reports whether the version's build suffix is exactly `+incompatible`. */
export function isIncompatible(v: string): boolean {
  return build(v) === '+incompatible';
}

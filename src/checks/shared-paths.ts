// Paths of the platform the snapshot was taken on, handled lexically: a check may judge a Windows
// snapshot on Linux, so node:path (which follows the judging machine) cannot be used.

/** filepath.IsAbs of the snapshot's platform (not of the machine judging it). */
export function isAbsoluteOn(os: string, p: string): boolean {
  if (os === 'windows') return /^[A-Za-z]:[\\/]/.test(p) || /^[\\/]{2}[^\\/]/.test(p);
  return p.startsWith('/');
}

/** Lexical normalisation for comparing two paths of the snapshot's platform. */
export function normalizePathOn(os: string, p: string): string {
  if (os === 'windows') {
    let q = p.replace(/\//g, '\\').replace(/\\+$/, '');
    if (/^[A-Za-z]:$/.test(q)) q += '\\';
    return q.toLowerCase();
  }
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return (p.startsWith('/') ? '/' : '') + parts.join('/');
}

export function samePath(os: string, a: string, b: string): boolean {
  return normalizePathOn(os, a) === normalizePathOn(os, b);
}

/** a is b or lies inside b. */
export function isInside(os: string, a: string, b: string): boolean {
  const na = normalizePathOn(os, a);
  const nb = normalizePathOn(os, b);
  const sep = os === 'windows' ? '\\' : '/';
  return na === nb || na.startsWith(nb.endsWith(sep) ? nb : nb + sep);
}

export function joinOn(os: string, ...parts: string[]): string {
  const sep = os === 'windows' ? '\\' : '/';
  const joined = parts.map((p, i) => (i === 0 ? p.replace(/[\\/]+$/, '') : p.replace(/^[\\/]+|[\\/]+$/g, ''))).filter((p, i) => i === 0 || p !== '').join(sep);
  // filepath.Join cleans the result ("./rel" and "a/../b" collapse); done here for POSIX paths.
  return os !== 'windows' && joined.startsWith('/') ? normalizePathOn(os, joined) : joined;
}

// Credential and certificate files the go command reads: the netrc file (GOAUTH=netrc, the
// default) and SSL_CERT_FILE / SSL_CERT_DIR. Only metadata and host names are kept: never a
// login or a password.
import { constants, accessSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CertPathFact, CredentialFacts, NetrcFacts } from './types.ts';
import { readPathBounded } from './read-bounded.ts';

const MAX_NETRC = 1 << 20;
/** Certificates are counted in the first 16 MiB of a bundle (system bundles are about 200 kB). */
const MAX_CA_BUNDLE = 16 << 20;
const PEM_BEGIN = Buffer.from('-----BEGIN CERTIFICATE-----');

/** auth.netrcPath: $NETRC, else ~/_netrc (Windows, when it exists), else ~/.netrc. */
export function locateNetrc(env: Record<string, string | undefined>, home: string | null, os: string): { path: string | null; located: NetrcFacts['located'] } {
  const fromEnv = env['NETRC'];
  if (fromEnv) return { path: fromEnv, located: 'NETRC' };
  if (!home) return { path: null, located: 'none' };
  if (os === 'windows') {
    const legacy = join(home, '_netrc');
    try { statSync(legacy); return { path: legacy, located: 'home-_netrc' }; } catch { /* fall back to .netrc */ }
  }
  return { path: join(home, '.netrc'), located: 'home' };
}

/** The machine names of the complete entries (machine + login + password), like auth.parseNetrc. */
export function netrcMachines(data: string): { machines: string[]; hasDefault: boolean } {
  const machines: string[] = [];
  let hasDefault = false;
  let machine = '', login = false, password = false;
  let inMacro = false;
  for (const line of data.split('\n')) {
    if (inMacro) { if (line === '') inMacro = false; continue; }
    const f = line.split(/\s+/).filter(Boolean);
    let i = 0;
    for (; i < f.length - 1; i += 2) {
      switch (f[i]) {
        case 'machine': machine = f[i + 1]!; login = false; password = false; break;
        case 'login': login = true; break;
        case 'password': password = true; break;
        case 'macdef': inMacro = true; break;
      }
      if (machine && login && password) { machines.push(machine.toLowerCase()); machine = ''; login = false; password = false; }
    }
    if (i < f.length && f[i] === 'default') { hasDefault = true; break; }
  }
  return { machines, hasDefault };
}

function readBounded(path: string): string {
  return readPathBounded(path, MAX_NETRC).data.toString('utf8');
}

export function gatherNetrc(opts: { env: Record<string, string | undefined>; home: string | null; os: string; hosts: string[] }): NetrcFacts {
  const { path, located } = locateNetrc(opts.env, opts.home, opts.os);
  const out: NetrcFacts = { path, located, exists: false, isFile: false, readable: false, mode: null, ownerUid: null, entryCount: 0, hasDefault: false, hostsWithEntries: [], error: null };
  if (!path) return out;
  let st;
  try { st = statSync(path); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') out.error = code ?? 'stat failed';
    return out;
  }
  out.exists = true;
  out.isFile = st.isFile();
  out.mode = st.mode & 0o7777;
  out.ownerUid = st.uid;
  if (!out.isFile) return out;
  try {
    const { machines, hasDefault } = netrcMachines(readBounded(path));
    out.readable = true;
    out.entryCount = machines.length;
    out.hasDefault = hasDefault;
    const wanted = new Set(opts.hosts.map((h) => h.toLowerCase()));
    out.hostsWithEntries = [...new Set(machines.filter((m) => wanted.has(m)))];
  } catch (e) {
    out.error = (e as NodeJS.ErrnoException).code ?? 'read failed';
  }
  return out;
}

function certPath(path: string, want: 'file' | 'dir'): CertPathFact {
  const out: CertPathFact = { path, exists: false, isFile: false, isDir: false, readable: false, entries: null, error: null };
  try {
    const st = statSync(path);
    out.exists = true;
    out.isFile = st.isFile();
    out.isDir = st.isDirectory();
    accessSync(path, want === 'dir' ? constants.R_OK | constants.X_OK : constants.R_OK);
    out.readable = true;
    if (out.isFile && want === 'file') {
      const { data } = readPathBounded(path, MAX_CA_BUNDLE);
      let count = 0;
      for (let i = data.indexOf(PEM_BEGIN); i >= 0; i = data.indexOf(PEM_BEGIN, i + PEM_BEGIN.length)) count++;
      out.entries = count;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') out.error = code ?? 'failed';
  }
  return out;
}

/** SSL_CERT_FILE is one file; SSL_CERT_DIR is a list of directories (crypto/x509 on Unix splits it on ':'). */
export function gatherCertPaths(env: Record<string, string | undefined>, os: string): Pick<CredentialFacts, 'sslCertFile' | 'sslCertDirs'> {
  const file = env['SSL_CERT_FILE'];
  const dir = env['SSL_CERT_DIR'];
  return {
    sslCertFile: file ? certPath(file, 'file') : null,
    sslCertDirs: dir ? dir.split(os === 'windows' ? ';' : ':').filter(Boolean).map((d) => certPath(d, 'dir')) : [],
  };
}

export function gatherCredentials(opts: { env: Record<string, string | undefined>; home: string | null; os: string; hosts: string[] }): CredentialFacts {
  return { netrc: gatherNetrc(opts), ...gatherCertPaths(opts.env, opts.os) };
}

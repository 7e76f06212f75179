import check from '../../../src/checks/network/GT312-ca-bundle.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts } from '../../helpers/facts.ts';
import type { CertPathFact } from '../../../src/facts/types.ts';

const cert = (path: string, extra: Partial<CertPathFact> = {}): CertPathFact => ({ path, exists: true, isFile: true, isDir: false, readable: true, entries: 140, error: null, ...extra });
const netrc = { path: '/home/gopher/.netrc', located: 'home' as const, exists: false, isFile: false, readable: false, mode: null, ownerUid: null, entryCount: 0, hasDefault: false, hostsWithEntries: [], error: null };

checkCases(check, {
  fires: [
    { name: 'missing SSL_CERT_FILE', count: 1, severity: 'warning', message: /does not exist.*x509: certificate signed by unknown authority/s,
      facts: makeFacts({ credentials: { netrc, sslCertFile: cert('/etc/ssl/corp.pem', { exists: false, isFile: false, readable: false, entries: null }), sslCertDirs: [] } }) },
    { name: 'unreadable file', count: 1, message: /is not readable/,
      facts: makeFacts({ credentials: { netrc, sslCertFile: cert('/etc/ssl/corp.pem', { readable: false, entries: null, error: 'EACCES' }), sslCertDirs: [] } }) },
    { name: 'file without certificates', count: 1, message: /no PEM certificate/,
      facts: makeFacts({ credentials: { netrc, sslCertFile: cert('/tmp/empty.pem', { entries: 0 }), sslCertDirs: [] } }) },
    { name: 'missing directory in SSL_CERT_DIR', count: 1, message: /SSL_CERT_DIR entry \/opt\/certs does not exist/,
      facts: makeFacts({ credentials: { netrc, sslCertFile: null, sslCertDirs: [cert('/etc/ssl/certs', { isFile: false, isDir: true, entries: null }), cert('/opt/certs', { exists: false, isFile: false, readable: false, entries: null })] } }) },
    { name: 'macOS ignores the variables: info', count: 1, severity: 'info', message: /macOS/,
      facts: makeFacts({ platform: { os: 'darwin' }, credentials: { netrc, sslCertFile: cert('/opt/homebrew/etc/ca-certificates/cert.pem'), sslCertDirs: [] } }) },
  ],
  quiet: [
    { name: 'unset', facts: makeFacts() },
    { name: 'good bundle', facts: makeFacts({ credentials: { netrc, sslCertFile: cert('/etc/ssl/certs/ca-certificates.crt'), sslCertDirs: [] } }) },
    { name: 'no credentials facts (old snapshot)', facts: makeFacts({ credentials: undefined }) },
  ],
});

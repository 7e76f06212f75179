import { defineCheck } from '../../engine/define.ts';
import { redactingContext } from './network-settings.ts';
import type { SourceRef } from '../../engine/types.ts';

export default defineCheck({
  id: 'GT312',
  name: 'ca-bundle',
  family: 'network',
  severity: 'warning',
  summary: 'SSL_CERT_FILE / SSL_CERT_DIR are set but missing, unreadable or empty',
  fixable: false,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const c = facts.credentials;
    if (!c) return;
    const os = facts.platform.os;
    const src = (name: string): SourceRef => ({ kind: 'env', description: `process environment (${name})` });
    if ((os === 'darwin' || os === 'windows') && (c.sslCertFile || c.sslCertDirs.length)) {
      ctx.report({
        severity: 'info',
        message: `SSL_CERT_FILE/SSL_CERT_DIR are set, but on ${os === 'darwin' ? 'macOS' : 'Windows'} the go command verifies certificates with the system's own verifier and does not read them.`,
        found: [c.sslCertFile ? `SSL_CERT_FILE=${c.sslCertFile.path}` : '', c.sslCertDirs.length ? `SSL_CERT_DIR=${c.sslCertDirs.map((d) => d.path).join(':')}` : ''].filter(Boolean).join(', '),
        expected: 'company CAs installed in the system keychain / certificate store',
        source: [c.sslCertFile ? src('SSL_CERT_FILE') : null, c.sslCertDirs.length ? src('SSL_CERT_DIR') : null].filter((x): x is SourceRef => !!x),
        hint: os === 'darwin' ? 'Add the CA to the System keychain (Keychain Access, or `security add-trusted-cert`).' : 'Import the CA into the Trusted Root Certification Authorities store.',
      });
      return;
    }
    const f = c.sslCertFile;
    if (f) {
      const problem = !f.exists ? 'does not exist' : !f.isFile ? 'is not a regular file' : !f.readable ? 'is not readable' : f.entries === 0 ? 'contains no PEM certificate' : null;
      if (problem) {
        ctx.report({
          message: `SSL_CERT_FILE=${f.path} ${problem}. The go command then loads no roots from the usual bundle files; unless SSL_CERT_DIR (or the default certificate directories) supply them, downloads fail with "x509: certificate signed by unknown authority".`,
          found: `SSL_CERT_FILE=${f.path}${f.error ? ` (${f.error})` : ''}`,
          expected: 'a readable PEM bundle (e.g. /etc/ssl/certs/ca-certificates.crt)',
          source: src('SSL_CERT_FILE'),
          hint: 'Point SSL_CERT_FILE at an existing PEM bundle that includes your company CA, or unset it to use the system bundle.',
          data: { path: f.path, exists: f.exists, readable: f.readable, certificates: f.entries },
        });
      }
    }
    for (const d of c.sslCertDirs) {
      const problem = !d.exists ? 'does not exist' : !d.isDir ? 'is not a directory' : !d.readable ? 'is not readable' : null;
      if (!problem) continue;
      ctx.report({
        message: `SSL_CERT_DIR entry ${d.path} ${problem}; certificates expected there are not trusted.`,
        found: `SSL_CERT_DIR contains ${d.path}${d.error ? ` (${d.error})` : ''}`,
        expected: 'existing, readable directories of PEM certificates',
        source: src('SSL_CERT_DIR'),
        hint: 'Fix or remove the entry (SSL_CERT_DIR is a colon-separated list); setting it replaces the default directories.',
        data: { path: d.path },
      });
    }
  },
});

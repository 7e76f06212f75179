import { defineCheck } from '../../engine/define.ts';
import { splitPatterns } from '../../gomod/patterns.ts';
import { effective, sourcesOf, whereOf, redactingContext } from './network-settings.ts';

const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|[^/]*\.(localhost|local|test|internal))(:\d+)?(\/|$)/;

export default defineCheck({
  id: 'GT310',
  name: 'goinsecure',
  family: 'network',
  severity: 'warning',
  summary: 'GOINSECURE is set: matching modules are fetched directly over plain HTTP or without certificate checks',
  fixable: false,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const value = effective(facts, 'GOINSECURE');
    const globs = splitPatterns(value);
    if (!globs.length) return;
    const allLocal = globs.every((g) => LOCAL.test(g));
    const everything = globs.some((g) => /^\*+$/.test(g));
    ctx.report({
      severity: allLocal ? 'info' : 'warning',
      message: `GOINSECURE is "${value}" (set in ${whereOf(facts, 'GOINSECURE')}): direct fetches of ${everything ? 'every module' : `modules matching ${globs.join(', ')}`} may use plain HTTP and skip TLS certificate checks, so anyone on the network path can serve different code. (Checksum verification still applies to modules not in GONOSUMDB/GOPRIVATE.)`,
      found: `GOINSECURE=${value}`,
      expected: 'GOINSECURE unset; private servers with valid certificates (or their CA in SSL_CERT_FILE)',
      source: sourcesOf(facts, 'GOINSECURE'),
      hint: allLocal
        ? 'Only local hosts are listed, which is common for test servers; remove it when no longer needed.'
        : 'Give the server a certificate your system trusts (or add the company CA to SSL_CERT_FILE / the system store), then `go env -u GOINSECURE`.',
      data: { patterns: globs },
    });
  },
});

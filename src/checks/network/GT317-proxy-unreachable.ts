import { defineCheck } from '../../engine/define.ts';
import { redactingContext } from './network-settings.ts';
import type { ProbePhase } from '../../facts/types.ts';

const PHASE_TEXT: Record<ProbePhase, string> = {
  dns: 'name resolution (DNS)',
  tcp: 'TCP connect',
  proxy: 'the HTTP proxy',
  tls: 'the TLS handshake',
  http: 'the HTTP answer',
  ok: 'nothing',
};

const PHASE_HINT: Record<ProbePhase, string> = {
  dns: 'Check the host name and your DNS (VPN split DNS, /etc/resolv.conf); inside containers, the container\'s resolver.',
  tcp: 'A firewall or missing route blocks the connection: allow egress to this host on its port, or set HTTPS_PROXY if your network requires a proxy.',
  proxy: 'The HTTP proxy refused or could not be reached: check HTTPS_PROXY/HTTP_PROXY (and proxy credentials), or add the host to NO_PROXY if it is internal.',
  tls: 'TLS failed: with a corporate TLS-inspecting proxy, add its CA to the system store or SSL_CERT_FILE ("x509: certificate signed by unknown authority").',
  http: 'The server answered with an error: check the proxy URL path, credentials (.netrc / GOAUTH), and the service status.',
  ok: '',
};

export default defineCheck({
  id: 'GT317',
  name: 'proxy-unreachable',
  family: 'network',
  severity: 'error',
  summary: 'online only: a GOPROXY entry, or the checksum database on the path the go command would use, cannot be reached; the finding names the failing phase (DNS, TCP, proxy, TLS, HTTP status)',
  fixable: false,
  online: true,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const probe = facts.networkProbe;
    if (!probe) return;
    for (const r of probe.results) {
      if (r.phase === 'ok') continue;
      const what = r.role === 'sumdb' ? 'the checksum database' : 'the GOPROXY entry';
      ctx.report({
        message: `${what} ${r.url} cannot be reached: ${PHASE_TEXT[r.phase]} failed${r.status ? ` (HTTP ${r.status})` : ''}${r.error ? `: ${r.error}` : ''}${r.via ? ` (through ${r.via})` : ''}.`,
        found: `${r.phase}: ${r.error ?? (r.status ? `HTTP ${r.status}` : 'failed')}`,
        expected: `${r.url} answers over HTTPS`,
        source: { kind: 'computed', description: `probe of ${r.host}:${r.port}${r.via ? ` via ${r.via}` : ''}` },
        hint: PHASE_HINT[r.phase],
        data: { phase: r.phase, status: r.status, host: r.host, port: r.port, role: r.role, durationMs: r.durationMs },
      });
    }
  },
});

import check from '../../../src/checks/network/GT317-proxy-unreachable.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts } from '../../helpers/facts.ts';
import type { ProbeResult } from '../../../src/facts/types.ts';

const r = (extra: Partial<ProbeResult>): ProbeResult => ({ role: 'proxy', url: 'https://proxy.golang.org/sumdb/sum.golang.org/supported', host: 'proxy.golang.org', port: 443, via: null, phase: 'ok', status: 404, error: null, durationMs: 80, ...extra });
const probed = (results: ProbeResult[]) => makeFacts({ online: true, networkProbe: { results, skipped: null } });

checkCases(check, {
  fires: [
    { name: 'DNS failure', count: 1, severity: 'error', message: /name resolution \(DNS\) failed: getaddrinfo ENOTFOUND/, facts: probed([r({ phase: 'dns', status: null, error: 'getaddrinfo ENOTFOUND proxy.golang.org' })]) },
    { name: 'TCP refused', count: 1, message: /TCP connect failed/, facts: probed([r({ phase: 'tcp', status: null, error: 'connect ECONNREFUSED 10.0.0.1:443' })]) },
    { name: 'TLS interception', count: 1, message: /TLS handshake failed/, facts: probed([r({ phase: 'tls', status: null, error: 'self-signed certificate in certificate chain' })]) },
    { name: 'HTTP 503 from the checksum database', count: 1, message: /checksum database .*HTTP 503/, facts: probed([r({}), r({ role: 'sumdb', url: 'https://sum.golang.org/latest', host: 'sum.golang.org', phase: 'http', status: 503, error: 'HTTP 503' })]) },
    { name: 'proxy refused CONNECT', count: 1, message: /HTTP proxy failed \(HTTP 407\)/, facts: probed([r({ phase: 'proxy', status: 407, via: 'http://squid.corp:3128', error: 'proxy refused CONNECT: HTTP 407' })]) },
  ],
  quiet: [
    { name: 'offline (no probe)', facts: makeFacts() },
    { name: 'everything answers', facts: probed([r({}), r({ role: 'sumdb', url: 'https://sum.golang.org/latest', status: 200 })]) },
  ],
});

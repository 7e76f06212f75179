// A throw-away certificate authority for loopback TLS tests, made with the openssl command:
// a CA, a leaf for 127.0.0.1/localhost, a leaf for another name (wrong host) and an expired leaf.
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export interface TestCA {
  dir: string;
  caCert: string;
  caFile: string;
  leaf: { key: string; cert: string };
  wrongHost: { key: string; cert: string };
  expired: { key: string; cert: string };
  cleanup(): void;
}

function ssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** `extraSans` adds subjectAltName entries (e.g. `IP:10.200.0.2`) to the good leaf. */
export function makeTestCA(opts: { extraSans?: string[] } = {}): TestCA {
  const dir = mkdtempSync(join(tmpdir(), 'gotune-ca-'));
  ssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=gotune test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const leaf = (name: string, san: string, days: string, extraArgs: string[] = []) => {
    ssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    ssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-extfile', `${name}.ext`, ...extraArgs, ...(days ? ['-days', days] : [])]);
    return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.pem`), 'utf8') };
  };
  const good = leaf('localhost', ['IP:127.0.0.1', 'DNS:localhost', 'IP:::1', ...(opts.extraSans ?? [])].join(','), '2');
  const wrong = leaf('wrong', 'DNS:wrong.example', '2');
  // An expired certificate: OpenSSL 3.0 takes a negative validity, giving a notAfter of yesterday.
  const expired = leaf('expired', 'IP:127.0.0.1,DNS:localhost', '-1');
  return {
    dir,
    caCert: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    caFile: join(dir, 'ca.pem'),
    leaf: good,
    wrongHost: wrong,
    expired,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

import assert from 'node:assert/strict';
import check from '../../../src/checks/network/GT316-credentials-files.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';
import type { NetrcFacts } from '../../../src/facts/types.ts';

const netrc = (extra: Partial<NetrcFacts>): NetrcFacts => ({ path: '/home/gopher/.netrc', located: 'home', exists: true, isFile: true, readable: true, mode: 0o600, ownerUid: 1000, entryCount: 2, hasDefault: false, hostsWithEntries: [], error: null, ...extra });
const withNetrc = (n: NetrcFacts) => makeFacts({ credentials: { netrc: n, sslCertFile: null, sslCertDirs: [] } });

checkCases(check, {
  fires: [
    { name: 'world-readable netrc: error with a safe chmod fix', count: 1, severity: 'error', message: /mode 644.*readable by every user/,
      facts: withNetrc(netrc({ mode: 0o644 })),
      assert: (f) => { assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['chmod', '600', '/home/gopher/.netrc']); assert.equal(f[0]!.fix?.safe, true); } },
    { name: 'WSL: NETRC on a Windows drive shows as 0777 through drvfs', count: 1, severity: 'error',
      facts: makeFacts({ platform: { wsl: { version: 2, distro: 'Ubuntu' } }, credentials: { netrc: netrc({ path: '/mnt/c/Users/gopher/_netrc', located: 'NETRC', mode: 0o777 }), sslCertFile: null, sslCertDirs: [] } }) },
    { name: 'group-readable: warning', count: 1, severity: 'warning', facts: withNetrc(netrc({ mode: 0o640 })) },
    { name: 'owned by root', count: 1, message: /owned by uid 0/, facts: withNetrc(netrc({ ownerUid: 0 })) },
    { name: 'NETRC points nowhere', count: 1, severity: 'info', facts: withNetrc(netrc({ located: 'NETRC', path: '/secrets/netrc', exists: false, isFile: false, mode: null, ownerUid: null })) },
    { name: 'GOAUTH=off combined', count: 1, severity: 'error', message: /GOAUTH=off cannot be combined/, facts: withSetting(makeFacts(), 'GOAUTH', 'off;netrc', 'env') },
    { name: 'GOAUTH git with a relative dir', count: 1, message: /dir is not absolute/, facts: withSetting(makeFacts(), 'GOAUTH', 'git src/repo', 'env-file') },
  ],
  quiet: [
    { name: 'no netrc', facts: makeFacts() },
    { name: 'netrc 600', facts: withNetrc(netrc({})) },
    { name: 'Windows _netrc (no POSIX modes)', facts: makeFacts({ platform: { os: 'windows', listSeparator: ';' }, credentials: { netrc: netrc({ path: 'C:\\Users\\gopher\\_netrc', located: 'home-_netrc', mode: 0o666 }), sslCertFile: null, sslCertDirs: [] } }) },
    { name: 'GOAUTH on go1.23 is not read', facts: withSetting(makeFacts({ goEnv: { values: { GOVERSION: 'go1.23.4' } } }), 'GOAUTH', 'off;netrc', 'env') },
    { name: 'GOAUTH with a command', facts: withSetting(makeFacts(), 'GOAUTH', 'netrc;/usr/local/bin/corp-creds --go', 'env') },
  ],
});

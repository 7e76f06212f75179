import check from '../../../src/checks/sources/GT405-goroot-go-env-missing.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, setting } from '../../helpers/facts.ts';
import type { FactsSnapshot } from '../../../src/facts/types.ts';

function missing(version = 'go1.26.8', root = '/usr/local/go'): FactsSnapshot {
  const f = makeFacts({ gorootGoEnv: { path: `${root}/go.env`, exists: false, entries: [], error: null } });
  f.goEnv!.values['GOVERSION'] = version;
  return f;
}

checkCases(check, {
  fires: [
    { name: 'go.env deleted by a packager', count: 1, severity: 'warning',
      message: [/\/usr\/local\/go\/go\.env is missing/, /GOPROXY list is not the empty string, but contains no entries/, /GOTOOLCHAIN=local/] , facts: missing() },
    { name: 'go.env without GOTOOLCHAIN line', count: 1, message: /lacks GOTOOLCHAIN/,
      facts: () => { const f = makeFacts(); f.gorootGoEnv.entries = f.gorootGoEnv.entries.filter((e) => e.key !== 'GOTOOLCHAIN'); return f; } },
    { name: 'missing but GOPROXY/GOSUMDB/GOTOOLCHAIN set in the env file: info', count: 1, severity: 'info',
      facts: () => { const f = missing(); for (const k of ['GOPROXY', 'GOSUMDB', 'GOTOOLCHAIN']) f.settings[k] = setting(k, 'x', 'env-file'); return f; } },
    { name: 'unreadable go.env', count: 1, message: /cannot be read/,
      facts: () => { const f = missing(); f.gorootGoEnv.exists = true; f.gorootGoEnv.error = 'EACCES'; return f; } },
    { name: 'Homebrew tree on macOS', count: 1, message: /\/opt\/homebrew\/Cellar\/go\/1\.26\.8\/libexec\/go\.env is missing/,
      facts: () => { const f = missing('go1.26.8', '/opt/homebrew/Cellar/go/1.26.8/libexec'); f.platform.os = 'darwin'; return f; } },
  ],
  quiet: [
    { name: 'healthy go.env', facts: makeFacts() },
    { name: 'Go 1.19 never had go.env', facts: () => { const f = missing('go1.19.8', '/usr/lib/go-1.19'); return f; } },
    { name: 'Go 1.20 never had go.env', facts: () => missing('go1.20.14') },
    { name: 'unknown version', facts: () => { const f = missing(''); f.goBinaries = []; return f; } },
    { name: 'no GOROOT known', facts: makeFacts({ gorootGoEnv: { path: null, exists: false, entries: [], error: null } }) },
  ],
});

import check from '../../../src/checks/paths/GT205-gopath-multiple.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'two entries: the first holds the cache and bin', count: 1, severity: 'info', message: [/2 entries/, /module cache is \/a\/pkg\/mod/, /writes to \/a\/bin/],
      facts: () => { const f = withSetting(makeFacts(), 'GOPATH', '/a:/b', 'env'); f.settings['GOMODCACHE']!.value = ''; return f; } },
    { name: 'Windows ; separator', count: 1, message: /C:\\a\\bin/,
      facts: () => { const f = withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOPATH', 'C:\\a;D:\\b', 'env'); f.settings['GOMODCACHE']!.value = ''; return f; } },
  ],
  quiet: [
    { name: 'one entry', facts: makeFacts() },
    { name: 'empty entries are ignored as the go command does', facts: withSetting(makeFacts(), 'GOPATH', '/a::', 'env') },
  ],
});

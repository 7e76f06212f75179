import check from '../../../src/checks/paths/GT206-path-special-chars.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'space in GOPATH: info', count: 1, severity: 'info', message: /GOPATH "\/home\/go pher\/go" contains spaces/,
      facts: withSetting(makeFacts(), 'GOPATH', '/home/go pher/go', 'env') },
    { name: 'shell metacharacter in GOMODCACHE: warning', count: 1, severity: 'warning', message: /metacharacter "\$"/,
      facts: withSetting(makeFacts(), 'GOMODCACHE', '/data/$cache/mod', 'env') },
    { name: 'non-ASCII in GOCACHE', count: 1, severity: 'info', message: /non-ASCII/, facts: withSetting(makeFacts(), 'GOCACHE', '/home/josé/.cache/go-build', 'env') },
    { name: 'macOS: space in a GOBIN under Application Support', count: 1, severity: 'info',
      facts: withSetting(makeFacts({ platform: { os: 'darwin' } }), 'GOBIN', '/Users/gopher/Library/Application Support/gobin', 'env-file') },
    { name: 'Windows user name with a space in GOPATH', count: 1, severity: 'info',
      facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOPATH', 'C:\\Users\\John Smith\\go', 'default') },
  ],
  quiet: [
    { name: 'plain paths', facts: makeFacts() },
    { name: 'Windows installer GOROOT C:\\Program Files\\Go', facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOROOT', 'C:\\Program Files\\Go', 'default') },
    { name: 'Windows backslashes are separators, not metacharacters', facts: withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOPATH', 'C:\\Users\\gopher\\go', 'default') },
    { name: 'GOCACHE=off is GT212', facts: withSetting(makeFacts(), 'GOCACHE', 'off', 'env') },
  ],
});

import assert from 'node:assert/strict';
import check from '../../../src/checks/toolchain/GT105-goroot-invalid.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting } from '../../helpers/facts.ts';
import type { GorootFacts } from '../../../src/facts/types.ts';

function tree(path: string, extra: Partial<GorootFacts> = {}): GorootFacts {
  return { path, exists: true, isDir: true, hasToolDir: true, hasRuntime: true, hasGoBinary: true, version: 'go1.26.8', moduleCacheToolchain: false, error: null, ...extra };
}
const missing = (path: string) => tree(path, { exists: false, isDir: false, hasToolDir: false, hasRuntime: false, hasGoBinary: false, version: null, error: 'ENOENT' });

checkCases(check, {
  fires: [
    {
      name: 'GOROOT in the environment points at a missing dir', count: 1, severity: 'error',
      message: [/GOROOT \/opt\/go-gone \(set in process environment/, /go: cannot find GOROOT directory: \/opt\/go-gone/],
      facts: () => { const f = withSetting(makeFacts({ goEnv: { ok: false, values: {} } }), 'GOROOT', '/opt/go-gone', 'env'); f.goroot = missing('/opt/go-gone'); return f; },
      assert: ([f]) => assert.match(f!.hint!, /Unset GOROOT \(see GT103\) so the go command finds its own tree \(\/usr\/local\/go\)/),
    },
    {
      name: 'GOROOT from the go env -w file is missing', count: 1, message: /set in \/home\/gopher\/\.config\/go\/env:1/,
      facts: () => { const f = withSetting(makeFacts(), 'GOROOT', '/opt/go-gone', 'env-file'); f.goroot = missing('/opt/go-gone'); return f; },
    },
    {
      name: 'GOROOT is an empty directory', count: 1, message: /is not a Go tree: it has no pkg\/tool, src\/runtime, bin\/go/,
      facts: () => { const f = withSetting(makeFacts(), 'GOROOT', '/tmp/empty', 'env'); f.goroot = tree('/tmp/empty', { hasToolDir: false, hasRuntime: false, hasGoBinary: false, version: null }); return f; },
    },
    {
      name: 'GOROOT is a file', count: 1, message: /is not a directory/,
      facts: () => { const f = withSetting(makeFacts(), 'GOROOT', '/usr/local/go/bin/go', 'env'); f.goroot = tree('/usr/local/go/bin/go', { isDir: false }); return f; },
    },
    {
      name: 'the tree the go command found by itself is damaged', count: 1, message: /as the go command found it/,
      facts: makeFacts({ goroot: tree('/usr/local/go', { hasRuntime: false }) }),
      assert: ([f]) => assert.match(f!.hint!, /Reinstall Go/),
    },
    {
      name: 'Windows: missing C:\\Go', count: 1, message: /cannot find GOROOT directory: C:\\Go/,
      facts: () => { const f = withSetting(makeFacts({ platform: { os: 'windows', listSeparator: ';' } }), 'GOROOT', 'C:\\Go', 'env'); f.goroot = missing('C:\\Go'); return f; },
    },
  ],
  quiet: [
    { name: 'healthy', facts: makeFacts() },
    { name: 'no GOROOT known at all (no go)', facts: makeFacts({ goroot: null }) },
    { name: 'snapshot without goroot facts', facts: makeFacts({ goroot: undefined }) },
    { name: 'a toolchain in the module cache', facts: makeFacts({ goroot: tree('/home/gopher/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.4.linux-amd64', { moduleCacheToolchain: true }) }) },
  ],
});

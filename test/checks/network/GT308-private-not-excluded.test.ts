import assert from 'node:assert/strict';
import check from '../../../src/checks/network/GT308-private-not-excluded.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts, withSetting, HOME } from '../../helpers/facts.ts';
import type { FactsSnapshot, ProjectGoFile } from '../../../src/facts/types.ts';

function project(mod: Partial<ProjectGoFile>): FactsSnapshot {
  const f = makeFacts();
  f.project.goMod = { path: `${HOME}/src/app/go.mod`, module: 'example.com/app', go: '1.26', goLine: 3, toolchain: null, toolchainLine: null, requires: [], replaces: [], error: null, ...mod };
  return f;
}
const req = (path: string, line = 6) => ({ path, version: 'v1.2.3', indirect: false, line });

checkCases(check, {
  fires: [
    { name: 'requirement on a company host', count: 1, severity: 'warning', message: /git\.acmecorp\.net\/team\/lib \(required in/,
      facts: project({ module: 'git.acmecorp.net/team/app', requires: [req('github.com/spf13/cobra'), req('git.acmecorp.net/team/lib', 7)] }),
      assert: (f) => {
        assert.equal(f[0]!.expected, 'GOPRIVATE=git.acmecorp.net');
        assert.deepEqual(f[0]!.fix?.commands?.[0]?.argv, ['go', 'env', '-w', 'GOPRIVATE=git.acmecorp.net']);
        assert.equal(f[0]!.fix?.safe, false);
      } },
    { name: 'replace target on a private host; existing GOPRIVATE kept', count: 1,
      facts: withSetting(project({ replaces: [{ oldPath: 'github.com/x/y', oldVersion: null, newPath: 'go.internal.acme.io/forks/y', newVersion: 'v1.0.0', line: 9 }] }), 'GOPRIVATE', 'git.acme.io', 'env-file'),
      assert: (f) => assert.equal(f[0]!.expected, 'GOPRIVATE=git.acme.io,go.internal.acme.io') },
    { name: 'main module alone on a private host: info', count: 1, severity: 'info', message: /main module looks private/,
      facts: project({ module: 'code.acme.io/platform/api', requires: [req('golang.org/x/mod')] }) },
    { name: 'GONOPROXY set alone does not cover the checksum database', count: 1, message: /checksum database/,
      facts: withSetting(project({ requires: [req('git.acme.io/lib')] }), 'GONOPROXY', 'git.acme.io', 'env') },
    { name: 'GOPRIVATE with a space does not cover the second host', count: 1,
      facts: withSetting(project({ requires: [req('git.acme.io/lib'), req('code.acme.io/x')] }), 'GOPRIVATE', 'git.acme.io, code.acme.io', 'env') },
  ],
  quiet: [
    { name: 'default project (example.com module, no requirements)', facts: makeFacts() },
    { name: 'only public requirements', facts: project({ module: 'github.com/acme/app', requires: [req('github.com/spf13/cobra'), req('golang.org/x/mod'), req('gopkg.in/yaml.v3'), req('k8s.io/api')] }) },
    { name: 'covered by GOPRIVATE', facts: withSetting(project({ module: 'git.acme.io/app', requires: [req('git.acme.io/lib')] }), 'GOPRIVATE', '*.acme.io,git.acme.io', 'env') },
    { name: 'local replace', facts: project({ replaces: [{ oldPath: 'git.acme.io/lib', oldVersion: null, newPath: '../lib', newVersion: null, line: 8 }] }) },
    { name: 'nothing shared: GOPROXY=direct and GOSUMDB=off', facts: withSetting(withSetting(project({ requires: [req('git.acme.io/lib')] }), 'GOPROXY', 'direct', 'env'), 'GOSUMDB', 'off', 'env') },
    { name: 'no go.mod', facts: makeFacts({ project: { goMod: null } }) },
  ],
});

import { defineCheck } from '../../engine/define.ts';
import { compareVersions, langOf, parseVersion } from './gover.ts';
import { RELEASES, lineOf, newestLine } from './release-data.ts';
import { localGoVersion, winningGo } from './running-go.ts';

const STALE_DAYS = 180;

export default defineCheck({
  id: 'GT106',
  name: 'go-unsupported',
  family: 'toolchain',
  severity: 'warning',
  summary: 'the Go release line is out of support (warning), or a newer patch of the same line exists (info)',
  fixable: false,
  run(facts, ctx) {
    const data = RELEASES;
    const v = localGoVersion(facts);
    if (!v) return;
    const w = winningGo(facts);
    const lang = langOf(v);
    // A release newer than the shipped table cannot be judged by it.
    if (compareVersions(lang, newestLine(data)) > 0) return;
    const ageDays = (Date.parse(facts.gatheredAt) - Date.parse(data.asOf)) / 86_400_000;
    const stale = ageDays > STALE_DAYS ? ` (gotune's release table is from ${data.asOf}; newer releases may exist)` : '';
    const supported = data.supported.join(' and ');
    const newestSupported = data.supported.map((l) => data.lines.find((x) => x.line === l)?.latest).filter((x): x is string => !!x);
    const source = { kind: 'computed' as const, description: `${w?.path ?? 'go'} (go${v}) against gotune's release table of ${data.asOf}` };
    const line = lineOf(data, v);
    if (!data.supported.includes(lang)) {
      ctx.report({
        message: `go${v} (${w?.path ?? 'the go on PATH'}) belongs to the Go ${lang} line, which is no longer supported${line?.endOfSupport ? ` (since ${line.endOfSupport})` : ''}: it gets no security or bug fixes. Supported lines as of ${data.asOf}: ${supported}${stale}.`,
        found: `go${v}`,
        expected: `a supported release: ${newestSupported.join(' or ')}`,
        source,
        hint: `Install ${newestSupported[0] ?? 'a current release'} from https://go.dev/dl/ (or your version manager). A module can also ask for it: \`go get go@${newestSupported[0]?.replace(/^go/, '') ?? 'latest'}\` records it in go.mod and GOTOOLCHAIN=auto downloads it.`,
        data: { version: `go${v}`, line: lang, supported: data.supported, asOf: data.asOf },
      });
      return;
    }
    if (!line) return;
    const latest = line.latest.replace(/^go/, '');
    if (compareVersions(latest, v) > 0) {
      const pre = parseVersion(v).kind !== '';
      ctx.report({
        severity: 'info',
        message: `go${v} is ${pre ? 'a pre-release of' : 'not the newest patch of'} Go ${lang}: ${line.latest} is available${line.latestPublished ? ` (published ${line.latestPublished})` : ''}${stale}. Patch releases carry security and bug fixes only.`,
        found: `go${v}`,
        expected: line.latest,
        source,
        hint: `Upgrade to ${line.latest} (https://go.dev/dl/, your package or version manager, or \`go install golang.org/dl/${line.latest}@latest && ${line.latest} download\`).`,
        data: { version: `go${v}`, latest: line.latest, asOf: data.asOf },
      });
    }
  },
});

import { relative } from 'node:path';
import { defineCheck } from '../../engine/define.ts';
import type { FactsSnapshot, ProjectGoFile } from '../../facts/types.ts';
import type { SourceRef } from '../../engine/types.ts';
import { compareVersions, decideSwitch, fromToolchain, isValidVersion, parseGotoolchain, runTimeRefusal, versionOfGoVersion } from './gover.ts';
import { localGoVersion, settingSources } from './running-go.ts';
import { RELEASES, newestLine } from './release-data.ts';

/** The file toolchain.Select reads: go.work when in workspace mode, else go.mod. */
function governingFile(facts: FactsSnapshot): ProjectGoFile | null {
  const w = facts.project.goWork;
  if (w && !w.error && facts.env['GOWORK'] !== 'off') return w;
  const m = facts.project.goMod;
  return m && !m.error ? m : null;
}

/** base.ShortPath: relative to the working directory when that is shorter. */
function shortPath(file: string, dir: string): string {
  const rel = relative(dir, file);
  return rel && rel.length < file.length ? rel : file;
}

export default defineCheck({
  id: 'GT107',
  name: 'toolchain-switch',
  family: 'toolchain',
  severity: 'warning',
  summary: 'go.mod / go.work `go` and `toolchain` lines with GOTOOLCHAIN mean a switch (download into the module cache) or a hard failure under GOTOOLCHAIN=local',
  fixable: false,
  run(facts, ctx) {
    const file = governingFile(facts);
    const local = localGoVersion(facts);
    if (!file || !local) return;
    const goLine = file.go && isValidVersion(file.go) ? file.go : null;
    const tcLine = file.toolchain;
    const short = shortPath(file.path, facts.project.dir);
    const fileRefs: SourceRef[] = [];
    if (file.goLine) fileRefs.push({ kind: 'project-file', file: file.path, line: file.goLine, column: 1, description: `${short}:${file.goLine} (go ${file.go})` });
    if (file.toolchainLine) fileRefs.push({ kind: 'project-file', file: file.path, line: file.toolchainLine, column: 1, description: `${short}:${file.toolchainLine} (toolchain ${tcLine})` });
    const setting = facts.settings['GOTOOLCHAIN'];
    const raw = setting?.value ?? facts.goEnv?.values['GOTOOLCHAIN'] ?? '';
    const tcSources = settingSources(facts, setting);

    // Before Go 1.21 there is no GOTOOLCHAIN, and the newer go.mod syntax is an error.
    if (compareVersions(local, '1.21') < 0) {
      const problems: string[] = [];
      if (tcLine) problems.push(`${file.path}:${file.toolchainLine}: unknown directive: toolchain`);
      if (file.go && /^\d+\.\d+\.\d+/.test(file.go)) problems.push(`${file.path}:${file.goLine}: invalid go version '${file.go}': must match format 1.23`);
      if (problems.length) {
        ctx.report({
          severity: 'error',
          message: `go${local} predates toolchain management (Go 1.21) and cannot read ${short}: \`go: errors parsing go.mod:\` ${problems.map((p) => `\`${p}\``).join(', ')}.`,
          found: `go${local}; ${[file.go && `go ${file.go}`, tcLine && `toolchain ${tcLine}`].filter(Boolean).join(', ')}`,
          expected: 'Go 1.21 or newer for a go.mod with a three-part go line or a toolchain line',
          source: fileRefs,
          hint: 'Install Go 1.21 or newer (it then downloads whatever release the module asks for by itself).',
          data: { local, go: file.go, toolchain: tcLine },
        });
      } else if (goLine && compareVersions(goLine, local) > 0) {
        ctx.report({
          message: `${short} says go ${goLine} but go${local} runs; releases before Go 1.21 treat the go line as advisory, so builds proceed and fail only where newer language features or APIs are used (\`note: module requires Go ${goLine}\`).`,
          found: `go${local}`, expected: `go ${goLine} or newer`, source: fileRefs,
          hint: `Install Go ${goLine} or newer.`,
          data: { local, go: goLine },
        });
      }
      return;
    }

    const parsed = raw === '' ? null : parseGotoolchain(raw);
    if (parsed && !parsed.ok) return; // GT108
    const explain = raw && raw !== 'auto' ? `; GOTOOLCHAIN=${raw}` : '';
    const pinnedByFile = (parsed?.ok ? parsed.mode : 'local') !== 'local' && tcLine === 'default';
    // gover.TooNewError: the GOTOOLCHAIN part unless auto, then what the consulted file set.
    const tooNewMessage = (need: string, running: string) => `go: ${short} requires go >= ${need} (running go ${running}${explain}${pinnedByFile ? `; ${short} sets toolchain default` : ''})`;
    // An empty GOTOOLCHAIN ($GOROOT/go.env lost its line) makes Select return early: no switching at all.
    const d = decideSwitch(parsed ?? { ok: true, value: '', mode: 'local', min: null, minVersion: null }, local, goLine, tcLine);

    if (d.invalidToolchainLine) {
      ctx.report({
        severity: 'error',
        message: `Every go command in this module fails: \`go: invalid toolchain ${JSON.stringify(tcLine)} in ${short}\`.`,
        found: `toolchain ${tcLine}`, expected: 'toolchain goX.Y.Z (or "default")', source: fileRefs,
        hint: `Fix the toolchain line, e.g. \`go mod edit -toolchain=go${local}\` or \`go mod edit -toolchain=none\`.`,
        data: { toolchain: tcLine },
      });
      return;
    }

    if (d.target === 'local') {
      if (d.tooNew) {
        const msg = tooNewMessage(d.tooNew.need, d.tooNew.running);
        const blocker = pinnedByFile ? `\`toolchain default\` in ${short} forbids switching to a newer toolchain` : `GOTOOLCHAIN=${raw || '(empty)'} forbids switching to a newer toolchain`;
        ctx.report({
          severity: 'error',
          message: `Every go command in this module fails: \`${msg}\`. ${blocker}.`,
          found: `go ${d.tooNew.need} required, go${d.tooNew.running} runs, ${pinnedByFile ? 'toolchain default' : `GOTOOLCHAIN=${raw || '(empty)'}`}`,
          expected: `go ${d.tooNew.need} or newer${pinnedByFile ? ', or no `toolchain default` line' : ', or GOTOOLCHAIN=auto'}`,
          source: [...fileRefs, ...tcSources.map((s) => ({ ...s, description: `GOTOOLCHAIN: ${s.description}` }))],
          hint: pinnedByFile
            ? `Install Go ${d.tooNew.need} or newer, or remove the \`toolchain default\` line (\`go mod edit -toolchain=none\`) so the go command may fetch it.`
            : `Install Go ${d.tooNew.need} or newer, or let the go command fetch it: GOTOOLCHAIN=auto (\`go env -w GOTOOLCHAIN=auto\`)${raw === '' ? ' — here GOTOOLCHAIN is empty because $GOROOT/go.env lacks its GOTOOLCHAIN line' : ''}.`,
          data: { required: d.tooNew.need, running: d.tooNew.running, gotoolchain: raw },
        });
      }
      return;
    }

    // A switch: the go command re-executes another toolchain on every invocation in this module.
    const target = d.target;
    const targetVersion = fromToolchain(target);
    const why = d.reason === 'gotoolchain' ? `GOTOOLCHAIN=${raw}` : d.reason === 'toolchain-line' ? `${short}:${file.toolchainLine} (toolchain ${tcLine})` : `${short}:${file.goLine} (go ${file.go})`;
    const sources = d.reason === 'gotoolchain' ? tcSources : [...fileRefs, ...tcSources.map((s) => ({ ...s, description: `GOTOOLCHAIN: ${s.description}` }))];
    const refusal = runTimeRefusal(target, `go${local}`, facts.goEnv?.values['GOHOSTOS'] || facts.platform.os, facts.goEnv?.values['GOHOSTARCH'] || facts.platform.arch);
    if (refusal) {
      ctx.report({
        severity: 'error',
        message: `${why} makes the go command switch to ${target}, which fails: \`${refusal}\`.`,
        found: target, expected: 'a toolchain name like go1.22.0', source: sources,
        hint: d.reason === 'gotoolchain' ? 'Set GOTOOLCHAIN to a release such as go1.22.0 (with the patch number), or to auto.' : 'Name a full release in go.mod: `go mod edit -toolchain=go1.22.0`.',
        data: { target },
      });
      return;
    }
    const os = facts.goEnv?.values['GOHOSTOS'] || facts.platform.os;
    const arch = facts.goEnv?.values['GOHOSTARCH'] || facts.platform.arch;
    const moduleVersion = `golang.org/toolchain@v0.0.1-${target}.${os}-${arch}`;
    const cached = facts.goTrees.find((t) => t.origin === 'module-cache' && versionOfGoVersion(t.version) === targetVersion);
    const onPath = facts.tools.find((t) => t.name === target);
    const running = facts.goroot?.moduleCacheToolchain && versionOfGoVersion(facts.goEnv?.values['GOVERSION']) === targetVersion;
    const gomodcache = facts.goEnv?.values['GOMODCACHE'] || facts.settings['GOMODCACHE']?.value || 'the module cache';
    const base = d.reason === 'gotoolchain'
      ? `${why} names another release than the local go${local}, so every go command runs ${target} instead`
      : `${why} is newer than the local go${local}, so every go command in this module runs ${target} instead`;
    if (d.tooNew) {
      // GOTOOLCHAIN=go1.X.Y without +auto pins that release, and it refuses a newer go line itself.
      const msg = tooNewMessage(d.tooNew.need, d.tooNew.running);
      ctx.report({
        severity: 'error',
        message: `${base}, and that release refuses this module: \`${msg}\`.`,
        found: `GOTOOLCHAIN=${raw}; go ${d.tooNew.need} required`,
        expected: `a toolchain >= go${d.tooNew.need}, or GOTOOLCHAIN=${raw}+auto`,
        source: [...fileRefs, ...tcSources],
        hint: `Use GOTOOLCHAIN=${raw}+auto (a minimum, not a pin) or auto.`,
        data: { target, required: d.tooNew.need },
      });
      return;
    }

    if (d.mode === 'path') {
      if (onPath) {
        ctx.report({ severity: 'info', message: `${base}, found on PATH at ${onPath.path} (GOTOOLCHAIN=${raw} never downloads).`, found: target, expected: `go${local}`, source: sources, hint: 'Nothing to do; install the same release locally if you want to avoid the re-exec.', data: { target, via: 'path' } });
      } else {
        ctx.report({
          severity: 'error',
          message: `${base}, but GOTOOLCHAIN=${raw} only looks on PATH and there is no ${target} there: \`go: cannot find "${target}" in PATH\`.`,
          found: `no ${target} on PATH`, expected: `${target} on PATH`, source: sources,
          hint: `Install it: \`go install golang.org/dl/${target}@latest && ${target} download\`, or allow downloads with GOTOOLCHAIN=auto.`,
          data: { target, via: 'path' },
        });
      }
      return;
    }
    if (cached || running || onPath) {
      ctx.report({
        severity: 'info',
        message: `${base}${onPath ? ` (${onPath.path} on PATH)` : ` (already downloaded: ${cached?.root ?? facts.goroot?.path})`}. After the switch GOROOT points into the module cache, and \`go clean -modcache\` deletes that toolchain.`,
        found: `switch to ${target}`, expected: `go${local} runs directly`, source: sources,
        hint: `Install ${target} (or newer) as your main Go to avoid the extra process start, or keep it: the switch is how Go 1.21+ is designed to work.`,
        data: { target, via: onPath ? 'path' : 'module-cache' },
      });
      return;
    }
    const proxy = facts.settings['GOPROXY']?.value ?? facts.goEnv?.values['GOPROXY'] ?? '';
    const sumdb = facts.settings['GOSUMDB']?.value ?? facts.goEnv?.values['GOSUMDB'] ?? '';
    const tooNewForData = compareVersions(targetVersion.split('.').slice(0, 2).join('.'), newestLine(RELEASES)) > 0;
    if (proxy === 'off' || sumdb === 'off') {
      // With GOPROXY=off the lookup fails before any checksum is verified.
      const failure = proxy === 'off'
        ? `go: download ${target} for ${os}/${arch}: toolchain not available`
        : `go: download ${target}: ${moduleVersion}: verifying module: checksum database disabled by GOSUMDB=off`;
      ctx.report({
        severity: 'error',
        message: `${base}; it must be downloaded (${moduleVersion}), and that fails here: \`${failure}\`.`,
        found: `GOPROXY=${proxy || '(empty)'}, GOSUMDB=${sumdb || '(empty)'}`, expected: 'a proxy and the checksum database reachable for toolchain downloads',
        source: [...sources, ...settingSources(facts, facts.settings[proxy === 'off' ? 'GOPROXY' : 'GOSUMDB'])],
        hint: `Install ${target} yourself and put it on PATH, or allow the download (toolchain downloads always need the checksum database; GOPRIVATE/GONOSUMDB do not apply).`,
        data: { target, module: moduleVersion },
      });
      return;
    }
    ctx.report({
      severity: 'warning',
      message: `${base}: the first go command downloads ${moduleVersion} (tens of MB) into ${gomodcache}${tooNewForData ? `; ${target} is newer than any release gotune knows (as of ${RELEASES.asOf}), so the download may fail with \`go: download ${target} for ${os}/${arch}: toolchain not available\`` : ''}.`,
      found: `switch to ${target} (not downloaded yet)`,
      expected: `go${local} runs directly`,
      source: sources,
      hint: `Expect a download on first use (offline machines and CI without the module cache pay it every time), or install ${target} locally. \`GODEBUG=toolchaintrace=1 go version\` shows the decision.`,
      data: { target, module: moduleVersion, via: 'download' },
    });
  },
});

import { defineCheck } from '../../engine/define.ts';

export default defineCheck({
  id: 'GT111',
  name: 'go-env-failed',
  family: 'toolchain',
  severity: 'error',
  summary: '`go env` itself fails or times out',
  fixable: false,
  run(facts, ctx) {
    const ge = facts.goEnv;
    if (!ge || !ge.binary) return; // no go at all is GT101's finding
    if (ge.ok && !ge.error) return;
    const what = ge.timedOut ? 'did not finish in time' : ge.error ?? 'failed';
    const stderr = ge.stderr ? ge.stderr.split('\n').slice(0, 6).join('\n') : '';
    ctx.report({
      message: `\`${ge.binary} env -json\` ${ge.timedOut ? 'did not finish in time' : 'failed'}: ${what}${stderr ? `\n${stderr}` : ''}`,
      found: ge.timedOut ? `no answer after ${Math.round(ge.durationMs)} ms` : stderr || what,
      expected: '`go env -json` prints a JSON object and exits 0',
      source: { kind: 'go-command', file: ge.binary, description: `${ge.binary} env -json` },
      hint: ge.timedOut
        ? 'Run `go env` by hand; a hang usually means a wrapper script waiting for input, a stuck network filesystem under GOROOT, or a version manager shim that downloads on first use.'
        : 'Run `go env` by hand and fix the error it prints (often a broken GOROOT, a wrapper script, or a go binary for another OS or architecture).',
      data: { exitCode: ge.exitCode, timedOut: ge.timedOut },
    });
  },
});

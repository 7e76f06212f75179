import check from '../../../src/checks/toolchain/GT111-go-env-failed.ts';
import { checkCases } from '../../helpers/check-cases.ts';
import { makeFacts } from '../../helpers/facts.ts';

checkCases(check, {
  fires: [
    { name: 'go env timed out', count: 1, severity: 'error', message: /did not finish in time/,
      facts: makeFacts({ goEnv: { ok: false, timedOut: true, durationMs: 5000, error: '`go env` did not finish within 5000 ms' } }) },
    { name: 'invalid JSON', count: 1, message: /invalid JSON/,
      facts: makeFacts({ goEnv: { ok: false, exitCode: 0, error: '`go env -json` printed invalid JSON (Unexpected token)' } }) },
    { name: 'exit status with stderr', count: 1, message: /cannot find GOROOT/,
      facts: makeFacts({ goEnv: { ok: false, exitCode: 1, stderr: 'go: cannot find GOROOT directory: /opt/nope', error: '`go env` exited with 1' } }) },
  ],
  quiet: [
    { name: 'healthy go env', facts: makeFacts() },
    { name: 'no go at all (GT101 reports it)', facts: makeFacts({ goEnv: { binary: null, ok: false, error: 'no go executable on PATH' } }) },
  ],
});

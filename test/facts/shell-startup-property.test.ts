// Property tests for the startup-file reader: hostile text never throws, never hangs, stays
// bounded; quoting round-trips; secrets never come out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseStartupText } from '../../src/facts/shell-startup.ts';

const SHELLS = ['bash', 'zsh', 'fish', 'environment', 'sh'] as const;

const shellish = fc.array(fc.oneof(
  fc.constantFrom('export ', 'GOPATH=', 'GOROOT', '=', '"', "'", '$', '${', '}', '$(', ')', '(', '`', '\\', '\n', ';', '&&', '||', '|', '#', '~', ':', ' ', '\t', '\r',
    'set -gx ', 'fish_add_path ', 'PATH=$PATH:', '/usr/local/go/bin', 'declare -x ', 'typeset -x ', 'source ', '. ', 'go env -w ', 'SETUVAR --export ', '\\x1e', '{$HOME}', 'path+=(', 'if ', 'then ', 'fi'),
  fc.string({ maxLength: 8 }),
), { maxLength: 120 }).map((xs) => xs.join(''));

test('property: any text in any dialect parses without throwing, bounded and serialisable', () => {
  fc.assert(fc.property(shellish, fc.constantFrom(...SHELLS), (text, shell) => {
    const data = Buffer.from(text);
    const r = parseStartupText(data, shell === 'fish' ? '/h/.config/fish/config.fish' : '/h/.bashrc', shell, '/h');
    const lines = text.split('\n').length;
    for (const a of [...r.assignments, ...r.pathAdditions, ...r.goEnvWrites]) {
      assert.ok(a.line >= 1 && a.line <= lines, `line ${a.line} of ${lines}`);
    }
    for (const a of r.assignments) {
      if (a.offset !== undefined) assert.ok(a.offset >= 0 && a.offset + a.length! <= data.length);
      assert.ok(a.column >= 1);
      assert.ok(a.text.length <= 310);
    }
    JSON.parse(JSON.stringify(r));
  }), { numRuns: 500 });
});

test('property: arbitrary bytes (invalid UTF-8 included) never throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom(...SHELLS), (bytes, shell) => {
    parseStartupText(Buffer.from(bytes), '/h/.zshrc', shell, null);
    parseStartupText(Buffer.from(bytes), '/h/.config/fish/fish_variables', 'fish', '/h');
  }), { numRuns: 300 });
});

test('property: single-quoted values round-trip in sh dialects', () => {
  const value = fc.string({ maxLength: 40 }).filter((s) => !/[\n\r']/.test(s));
  fc.assert(fc.property(value, fc.constantFrom('bash', 'zsh', 'sh'), (v, shell) => {
    const r = parseStartupText(Buffer.from(`export GOFLAGS='${v}'\n`), '/h/.bashrc', shell, '/h');
    assert.equal(r.assignments.length, 1);
    assert.equal(r.assignments[0]!.value, v);
    assert.equal(r.assignments[0]!.expanded, v);
  }), { numRuns: 300 });
});

test('property: double-quoted values with escapes round-trip', () => {
  const value = fc.string({ maxLength: 40 }).filter((s) => !/[\n\r]/.test(s));
  fc.assert(fc.property(value, (v) => {
    const quoted = v.replace(/([\\"$`])/g, '\\$1');
    const r = parseStartupText(Buffer.from(`GOFLAGS="${quoted}"; export GOFLAGS\n`), '/h/.bashrc', 'bash', '/h');
    assert.equal(r.assignments[0]!.expanded, v);
    assert.equal(r.assignments[0]!.exported, true);
  }), { numRuns: 300 });
});

test('property: URL credentials never reach the facts', () => {
  const secret = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/);
  fc.assert(fc.property(secret, fc.constantFrom('bash', 'fish', 'environment'), (tok, shell) => {
    const line = shell === 'fish' ? `set -gx GOPROXY https://me:${tok}@corp.example/p` : shell === 'environment' ? `GOPROXY="https://me:${tok}@corp.example/p"` : `export GOPROXY=https://me:${tok}@corp.example/p,direct`;
    const r = parseStartupText(Buffer.from(`${line}\ngo env -w GONOSUMDB=x GOPROXY=https://me:${tok}@corp.example\n`), shell === 'fish' ? '/h/c.fish' : '/h/.bashrc', shell, '/h');
    assert.equal(r.assignments.length, 1);
    assert.ok(!JSON.stringify(r).includes(tok));
  }), { numRuns: 200 });
});

test('pathological long lines stay linear (a generous bound proves "does not hang")', () => {
  const started = Date.now();
  for (const unit of ['$(', '"', "'", '${', '`', '\\', '((((', 'export A=', '~', '{$HOME}']) {
    for (const shell of SHELLS) parseStartupText(Buffer.from(unit.repeat(200_000)), '/h/.bashrc', shell, '/h');
  }
  parseStartupText(Buffer.from('x\\\n'.repeat(200_000)), '/h/.bashrc', 'bash', '/h');
  assert.ok(Date.now() - started < 60_000);
});

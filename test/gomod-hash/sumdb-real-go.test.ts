// The test checksum database against the real go command: TestSumDB served over HTTP as
// GOSUMDB, module content from a file:// GOPROXY, and go's own sumdb client verifying lookups
// and tiles (height 8) against the test key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { hashGoMod, hashZip } from '../../src/gomod/dirhash.ts';
import { TestSumDB } from '../../src/gomod/sumdb/testlog.ts';
import { buildModuleZip } from './zip-writer.ts';
import { GO, hasGo, goEnv, publish, parseJsonStream, escapeCase, type ModuleShape } from './goproxy-fixture.ts';
import { removeGoTree } from '../helpers/remove-tree.ts';

const skip = hasGo ? false : `no go command at ${GO}`;
let root = '';
let server: Server | undefined;
let url = '';
const db = new TestSumDB({ name: 'sumdb.gotune.test' });
const requests: string[] = [];

const shapes: ModuleShape[] = [
  { path: 'example.com/signed', version: 'v1.0.0', goMod: 'module example.com/signed\n\ngo 1.21\n', files: new Map([['go.mod', 'module example.com/signed\n\ngo 1.21\n'], ['s.go', 'package signed\n']]) },
  { path: 'example.com/Upper/Signed', version: 'v1.2.0', goMod: 'module example.com/Upper/Signed\n', files: new Map([['go.mod', 'module example.com/Upper/Signed\n'], ['u.go', 'package signed\n']]) },
  { path: 'example.com/tampered', version: 'v1.0.0', goMod: 'module example.com/tampered\n', files: new Map([['go.mod', 'module example.com/tampered\n'], ['t.go', 'package tampered\n']]) },
];

before(async () => {
  if (skip) return;
  root = realpathSync(mkdtempSync(join(tmpdir(), 'gotune-sumdb-')));
  const proxy = join(root, 'proxy');
  publish(proxy, shapes, (m) => buildModuleZip(m.path, m.version, m.files));
  // Filler records so that the log spans several tiles and a level-1 tile.
  for (let i = 0; i < 300; i++) db.addModule(`example.com/filler${i}`, 'v1.0.0', { zip: 'h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', mod: 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=' });
  for (const m of shapes) {
    const zipPath = join(proxy, escapeCase(m.path), '@v', `${escapeCase(m.version)}.zip`);
    const zip = await hashZip(zipPath);
    const mod = hashGoMod(m.goMod!);
    // The tampered module is recorded with another zip hash: go must refuse the download.
    db.addModule(m.path, m.version, { zip: m.path === 'example.com/tampered' ? 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' : zip, mod });
  }
  for (let i = 0; i < 20; i++) db.addRecord(`example.com/tail${i} v1.0.0 h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`);
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const r = db.handle(req.url ?? '/');
    res.writeHead(r.status, { 'Content-Type': r.contentType });
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  if (!root) return;
  removeGoTree(root);
});

function goDownload(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...goEnv(root, join(root, 'proxy')), GOSUMDB: `${db.verifierKey} ${url}`, GONOSUMDB: '', GOPRIVATE: '', GOINSECURE: '' };
  mkdirSync(join(root, 'work'), { recursive: true });
  return new Promise((resolve) => {
    execFile(GO, ['mod', 'download', '-json', ...args], { cwd: join(root, 'work'), env, timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('go verifies modules through the test checksum database', { skip }, async () => {
  writeFileSync(join(root, 'keep'), '');
  const r = await goDownload(['example.com/signed@v1.0.0', 'example.com/Upper/Signed@v1.2.0']);
  const results = parseJsonStream(r.stdout);
  assert.deepEqual(results.filter((x) => x.Error).map((x) => x.Error), [], r.stderr);
  assert.equal(results.length, 2);
  assert.ok(requests.some((u) => u.startsWith('/lookup/example.com/signed@v1.0.0')), requests.join('\n'));
  assert.ok(requests.some((u) => /^\/lookup\/example\.com\/(!|%21)upper\/(!|%21)signed@v1\.2\.0$/.test(u)), requests.join('\n'));
  assert.ok(requests.some((u) => u.startsWith('/tile/8/0/')), requests.join('\n'));
});

test('go refuses a module whose zip hash differs from the test database', { skip }, async () => {
  const r = await goDownload(['example.com/tampered@v1.0.0']);
  const [res] = parseJsonStream(r.stdout);
  assert.ok(res?.Error, `go accepted the tampered module: ${r.stdout}`);
  assert.match(res.Error, /checksum mismatch/);
  assert.match(res.Error, /SECURITY ERROR/);
});

// The tamper test's edits, shared by the offline test and the long one over a real cache: each
// edit is one kind of damage `cache verify` must report, and nothing else.
import { chmodSync, appendFileSync, writeFileSync, unlinkSync, statSync, truncateSync, openSync, readSync, writeSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openModuleZip } from '../../src/gomod/zip.ts';
import { versionPaths } from '../../src/modcache/layout.ts';
import { escapePath, escapeVersion } from '../../src/gomod/module.ts';

export function pathsOf(modcache: string, path: string, version: string) {
  return versionPaths(modcache, escapePath(path), escapeVersion(version));
}

function writable(p: string): void {
  chmodSync(dirname(p), 0o755);
  try { chmodSync(p, 0o644); } catch { /* a new file */ }
}

export function changeTreeFile(modcache: string, path: string, version: string, rel: string): void {
  const f = join(pathsOf(modcache, path, version).tree, rel);
  writable(f);
  appendFileSync(f, '\n// changed\n');
}

export function addTreeFile(modcache: string, path: string, version: string, rel: string): void {
  const f = join(pathsOf(modcache, path, version).tree, rel);
  writable(f);
  writeFileSync(f, 'planted\n');
}

export function deleteTreeFile(modcache: string, path: string, version: string, rel: string): void {
  const f = join(pathsOf(modcache, path, version).tree, rel);
  writable(f);
  unlinkSync(f);
}

/** Flips one byte in the middle of the compressed data of the zip's largest entry. */
export async function flipZipByte(modcache: string, path: string, version: string): Promise<void> {
  const zipPath = pathsOf(modcache, path, version).zip;
  const z = await openModuleZip(zipPath, { moduleRules: false });
  const e = [...z.entries].sort((a, b) => b.compressedSize - a.compressedSize)[0]!;
  await z.close();
  const fd = openSync(zipPath, 'r+');
  try {
    const hdr = Buffer.alloc(30);
    readSync(fd, hdr, 0, 30, e.localHeaderOffset);
    const at = e.localHeaderOffset + 30 + hdr.readUInt16LE(26) + hdr.readUInt16LE(28) + Math.floor(e.compressedSize / 2);
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, at);
    b[0] = b[0]! ^ 0xff;
    writeSync(fd, b, 0, 1, at);
  } finally {
    closeSync(fd);
  }
}

export function truncateZip(modcache: string, path: string, version: string): void {
  const zipPath = pathsOf(modcache, path, version).zip;
  truncateSync(zipPath, Math.floor(statSync(zipPath).size / 2));
}

export function deleteZiphash(modcache: string, path: string, version: string): void {
  unlinkSync(pathsOf(modcache, path, version).ziphash);
}

/**
 * `go mod verify`'s verdict on one module version: a throw-away main module requiring exactly
 * it, resolved from the cache alone (GOPROXY=off).
 */
export function goModVerify(goBin: string, env: Record<string, string>, path: string, version: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gotune-verify-one-'));
  writeFileSync(join(dir, 'go.mod'), `module example.com/verifyone\n\ngo 1.21\n\nrequire ${path} ${version}\n`);
  const r = spawnSync(goBin, ['mod', 'verify'], { cwd: dir, env: { ...env, GOPROXY: 'off', GOFLAGS: '-mod=mod', GOSUMDB: 'off' }, encoding: 'utf8', timeout: 120_000 });
  spawnSync('rm', ['-rf', dir]);
  return { ok: r.status === 0, output: (r.stdout + r.stderr).trim() };
}

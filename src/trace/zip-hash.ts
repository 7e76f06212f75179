import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashZip } from '../gomod/dirhash.ts';

/**
 * h1: of a downloaded module zip. The zip reader works on files (random access to the central
 * directory), so the bytes go through a private temporary file, as the go command's own
 * download does before it verifies and renames.
 */
export async function hashZipBytes(zip: Buffer, modulePath: string, version: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gotune-trace-'));
  try {
    const file = join(dir, 'module.zip');
    await writeFile(file, zip, { mode: 0o600 });
    return await hashZip(file, { expectedPrefix: `${modulePath}@${version}/` });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

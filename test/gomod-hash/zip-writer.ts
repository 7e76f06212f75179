// Test-only zip writer and module zip builder. The writer can produce the unusual shapes the
// reader must cope with (data descriptors, zip64 records, directory entries, wrong sizes); the
// builder follows golang.org/x/mod/zip's file selection so that its zips are ones Go accepts.

import { crc32, deflateRawSync } from 'node:zlib';

export interface RawZipEntry {
  name: string | Buffer;
  data: Buffer | string;
  method?: 0 | 8;
  /** Sizes and CRC go in a trailing data descriptor; the local header carries zeros. */
  dataDescriptor?: boolean;
  /** Write sizes and offset through the zip64 extra field. */
  zip64?: boolean;
  /** Overrides, to build lying entries. */
  declaredSize?: number;
  crc?: number;
  localName?: string | Buffer;
}

export interface ZipWriteOptions {
  /** Force a zip64 end of central directory record. */
  zip64End?: boolean;
  comment?: string;
}

export function writeZip(entries: readonly RawZipEntry[], opts: ZipWriteOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const localName = e.localName === undefined ? name : typeof e.localName === 'string' ? Buffer.from(e.localName, 'utf8') : e.localName;
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const method = e.method ?? 8;
    const comp = method === 8 ? deflateRawSync(data) : data;
    const crc = e.crc ?? crc32(data);
    const usize = e.declaredSize ?? data.length;
    const csize = method === 0 && e.declaredSize !== undefined ? e.declaredSize : comp.length;
    const flags = (e.dataDescriptor ? 0x8 : 0) | 0x800;
    const z64 = e.zip64 ?? false;
    const extra = z64 ? zip64Extra(usize, csize, offset) : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(z64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.dataDescriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.dataDescriptor ? 0 : z64 ? 0xffffffff : csize, 18);
    local.writeUInt32LE(e.dataDescriptor ? 0 : z64 ? 0xffffffff : usize, 22);
    local.writeUInt16LE(localName.length, 26);
    const localExtra = z64 ? zip64Extra(usize, csize, undefined) : Buffer.alloc(0);
    local.writeUInt16LE(localExtra.length, 28);
    parts.push(local, localName, localExtra, comp);
    const headerOffset = offset;
    offset += local.length + localName.length + localExtra.length + comp.length;
    if (e.dataDescriptor) {
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(crc, 4);
      dd.writeUInt32LE(csize, 8);
      dd.writeUInt32LE(usize, 12);
      parts.push(dd);
      offset += dd.length;
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(z64 ? 45 : 20, 4);
    c.writeUInt16LE(z64 ? 45 : 20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(z64 ? 0xffffffff : csize, 20);
    c.writeUInt32LE(z64 ? 0xffffffff : usize, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(extra.length, 30);
    c.writeUInt32LE(z64 ? 0xffffffff : headerOffset, 42);
    central.push(c, name, extra);
  }
  const cd = Buffer.concat(central);
  const cdOffset = offset;
  const tail: Buffer[] = [];
  const z64End = opts.zip64End ?? false;
  if (z64End) {
    const e64 = Buffer.alloc(56);
    e64.writeUInt32LE(0x06064b50, 0);
    e64.writeBigUInt64LE(44n, 4);
    e64.writeUInt16LE(45, 12);
    e64.writeUInt16LE(45, 14);
    e64.writeBigUInt64LE(BigInt(entries.length), 24);
    e64.writeBigUInt64LE(BigInt(entries.length), 32);
    e64.writeBigUInt64LE(BigInt(cd.length), 40);
    e64.writeBigUInt64LE(BigInt(cdOffset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(cdOffset + cd.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(e64, loc);
  }
  const comment = Buffer.from(opts.comment ?? '', 'utf8');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(z64End ? 0xffff : entries.length, 8);
  end.writeUInt16LE(z64End ? 0xffff : entries.length, 10);
  end.writeUInt32LE(z64End ? 0xffffffff : cd.length, 12);
  end.writeUInt32LE(z64End ? 0xffffffff : cdOffset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...parts, cd, ...tail, end, comment]);
}

function zip64Extra(usize: number, csize: number, offset: number | undefined): Buffer {
  const n = offset === undefined ? 16 : 24;
  const b = Buffer.alloc(4 + n);
  b.writeUInt16LE(1, 0);
  b.writeUInt16LE(n, 2);
  b.writeBigUInt64LE(BigInt(usize), 4);
  b.writeBigUInt64LE(BigInt(csize), 12);
  if (offset !== undefined) b.writeBigUInt64LE(BigInt(offset), 20);
  return b;
}

/** go/version.Compare for the `go` directive forms used in tests ("1.13", "1.24", "1.24.0"). */
function goAtLeast(goVersion: string, major: number, minor: number): boolean {
  if (goVersion === '') return false;
  const m = /^(\d+)\.(\d+)/.exec(goVersion);
  if (!m) return false;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a > major || (a === major && b >= minor);
}

/** golang.org/x/mod/zip isVendoredPackage, with the pre-1.24 offset bug. */
export function isVendoredPackage(name: string, goVersion: string): boolean {
  const go124 = goAtLeast(goVersion, 1, 24);
  if (go124 && name === 'vendor/modules.txt') return true;
  let i: number;
  if (name.startsWith('vendor/')) {
    i = 'vendor/'.length;
  } else {
    const j = name.indexOf('/vendor/');
    if (j < 0) return false;
    if (go124) i = j + '/vendor/'.length;
    else i = '/vendor/'.length; // the historical bug: offset from the start of the name
  }
  return name.slice(i).includes('/');
}

/**
 * The files golang.org/x/mod/zip.Create keeps, in input order: nested modules, vendored
 * packages and a top-level .hg_archival.txt are left out.
 */
export function selectModuleFiles(files: ReadonlyMap<string, Buffer | string>): [string, Buffer][] {
  const goMod = files.get('go.mod');
  const goVersion = goMod === undefined ? '' : (/^go\s+(\S+)/m.exec(String(goMod))?.[1] ?? '');
  const nestedRoots: string[] = [];
  for (const name of files.keys()) {
    const slash = name.lastIndexOf('/');
    if (slash > 0 && name.slice(slash + 1).toLowerCase() === 'go.mod') nestedRoots.push(name.slice(0, slash + 1));
  }
  const out: [string, Buffer][] = [];
  for (const [name, data] of files) {
    if (nestedRoots.some((root) => name.startsWith(root))) continue;
    if (isVendoredPackage(name, goVersion)) continue;
    if (name === '.hg_archival.txt') continue;
    out.push([name, typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
  }
  return out;
}

/** A module zip as Go would create it: selected files under `path@version/`, deflated. */
export function buildModuleZip(modulePath: string, version: string, files: ReadonlyMap<string, Buffer | string>): Buffer {
  const prefix = `${modulePath}@${version}/`;
  return writeZip(selectModuleFiles(files).map(([name, data]) => ({ name: prefix + name, data, method: data.length === 0 ? 0 : 8 })));
}

// Go tools (gopls, dlv, staticcheck, ...) and the Go release each was built with, read from the
// build info the linker embeds in every Go executable — the same data `go version -m` prints.
// Reads are positional and bounded: a 100 MB binary is never loaded whole.
import { closeSync, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync, accessSync, constants } from 'node:fs';
import { basename, join } from 'node:path';
import type { ToolBinaryFacts } from './types.ts';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const ALIGN = 16;
/** What cmd/go reads at the start of the data section (debug/buildinfo uses the same window). */
const DATA_WINDOW = 64 * 1024;
/** Module info of a large tool (gopls) is tens of kB; anything beyond this is not build info. */
const MAX_STRING = 1 << 20;
/** Fallback scan when headers do not lead to the blob (fat Mach-O, damaged headers). */
const MAX_SCAN = 256 << 20;
const SCAN_CHUNK = 1 << 20;
const MAX_TABLE_ENTRIES = 4096;

export const KNOWN_TOOLS = ['gopls', 'dlv', 'staticcheck', 'golangci-lint', 'goimports', 'gofumpt', 'govulncheck', 'revive', 'errcheck', 'gotests', 'impl', 'gomodifytags', 'air', 'buf', 'mockgen', 'protoc-gen-go', 'protoc-gen-go-grpc', 'stringer', 'gotestsum', 'golines', 'sqlc', 'templ', 'wire', 'swag', 'ko', 'goreleaser'];
/** Bound on directory listings (a GOBIN with thousands of files must not stall doctor). */
const MAX_DIR_ENTRIES = 2000;
/** PATH entries searched for the well-known tools (each costs one stat per tool name). */
const MAX_PATH_DIRS = 256;

export interface BuildInfo {
  /** runtime.buildVersion, e.g. "go1.26.8" (may carry a suffix like " X:boringcrypto"). */
  goVersion: string;
  /** `path` line: the main package. */
  path: string | null;
  mainModule: string | null;
  mainVersion: string | null;
  /** Go 1.18+ inline strings, or the older pointers to Go string headers. */
  format: 'inline' | 'pointer';
  /** Found through the executable's section/segment headers, or by the fallback scan. */
  via: 'headers' | 'scan';
}

export type BuildInfoResult = { info: BuildInfo; error: null } | { info: null; error: string };

interface Segment { vaddr: bigint; offset: number; size: number }

interface Layout {
  segments: Segment[];
  /** Virtual address of the named build-info section or the first writable data segment. */
  dataStart: bigint | null;
  bigEndian: boolean;
}

class BoundedFile {
  constructor(readonly fd: number, readonly size: number) {}
  read(offset: number, length: number): Buffer {
    if (offset < 0 || offset >= this.size || length <= 0) return Buffer.alloc(0);
    const n = Math.min(length, this.size - offset);
    const buf = Buffer.alloc(n);
    let got = 0;
    while (got < n) {
      const r = readSync(this.fd, buf, got, n - got, offset + got);
      if (r <= 0) break;
      got += r;
    }
    return buf.subarray(0, got);
  }
}

function u16(b: Buffer, o: number, be: boolean): number { return be ? b.readUInt16BE(o) : b.readUInt16LE(o); }
function u32(b: Buffer, o: number, be: boolean): number { return be ? b.readUInt32BE(o) : b.readUInt32LE(o); }
function u64(b: Buffer, o: number, be: boolean): bigint { return be ? b.readBigUInt64BE(o) : b.readBigUInt64LE(o); }
function cstr(b: Buffer, o: number, max: number): string {
  const end = b.indexOf(0, o);
  return b.toString('latin1', o, end < 0 || end > o + max ? o + max : end);
}

function elfLayout(f: BoundedFile, ident: Buffer): Layout | null {
  const is64 = ident[4] === 2;
  const be = ident[5] === 2;
  const h = f.read(0, 64);
  if (h.length < (is64 ? 64 : 52)) return null;
  const phoff = is64 ? Number(u64(h, 32, be)) : u32(h, 28, be);
  const shoff = is64 ? Number(u64(h, 40, be)) : u32(h, 32, be);
  const phentsize = u16(h, is64 ? 54 : 42, be);
  const phnum = Math.min(u16(h, is64 ? 56 : 44, be), MAX_TABLE_ENTRIES);
  const shentsize = u16(h, is64 ? 58 : 46, be);
  const shnum = Math.min(u16(h, is64 ? 60 : 48, be), MAX_TABLE_ENTRIES);
  const shstrndx = u16(h, is64 ? 62 : 50, be);
  const segments: Segment[] = [];
  let firstWritable: bigint | null = null;
  if (phentsize >= (is64 ? 56 : 32)) {
    const ph = f.read(phoff, phnum * phentsize);
    for (let i = 0; (i + 1) * phentsize <= ph.length; i++) {
      const o = i * phentsize;
      const type = u32(ph, o, be);
      if (type !== 1) continue; // PT_LOAD
      const flags = is64 ? u32(ph, o + 4, be) : u32(ph, o + 24, be);
      const offset = is64 ? Number(u64(ph, o + 8, be)) : u32(ph, o + 4, be);
      const vaddr = is64 ? u64(ph, o + 16, be) : BigInt(u32(ph, o + 8, be));
      const filesz = is64 ? Number(u64(ph, o + 32, be)) : u32(ph, o + 16, be);
      segments.push({ vaddr, offset, size: filesz });
      if (firstWritable === null && (flags & 3) === 2) firstWritable = vaddr; // PF_W without PF_X
    }
  }
  let section: bigint | null = null;
  if (shoff > 0 && shentsize >= (is64 ? 64 : 40) && shstrndx < shnum) {
    const sh = f.read(shoff, shnum * shentsize);
    const entry = (i: number) => {
      const o = i * shentsize;
      return {
        name: u32(sh, o, be),
        addr: is64 ? u64(sh, o + 16, be) : BigInt(u32(sh, o + 12, be)),
        offset: is64 ? Number(u64(sh, o + 24, be)) : u32(sh, o + 16, be),
        size: is64 ? Number(u64(sh, o + 32, be)) : u32(sh, o + 20, be),
      };
    };
    if ((shstrndx + 1) * shentsize <= sh.length) {
      const strtab = entry(shstrndx);
      const names = f.read(strtab.offset, Math.min(strtab.size, MAX_STRING));
      for (let i = 0; (i + 1) * shentsize <= sh.length; i++) {
        const e = entry(i);
        if (e.name < names.length && cstr(names, e.name, 64) === '.go.buildinfo') { section = e.addr; break; }
      }
    }
  }
  return { segments, dataStart: section ?? firstWritable, bigEndian: be };
}

function machoLayout(f: BoundedFile, ident: Buffer): Layout | null {
  const magicLE = ident.readUInt32LE(0);
  const magicBE = ident.readUInt32BE(0);
  let be: boolean, is64: boolean;
  if (magicLE === 0xfeedfacf) { be = false; is64 = true; }
  else if (magicLE === 0xfeedface) { be = false; is64 = false; }
  else if (magicBE === 0xfeedfacf) { be = true; is64 = true; }
  else if (magicBE === 0xfeedface) { be = true; is64 = false; }
  else return null;
  const headerSize = is64 ? 32 : 28;
  const h = f.read(0, headerSize);
  if (h.length < headerSize) return null;
  const ncmds = Math.min(u32(h, 16, be), MAX_TABLE_ENTRIES);
  const sizeofcmds = Math.min(u32(h, 20, be), 16 << 20);
  const cmds = f.read(headerSize, sizeofcmds);
  const segments: Segment[] = [];
  let section: bigint | null = null;
  let firstRW: bigint | null = null;
  let o = 0;
  for (let i = 0; i < ncmds && o + 8 <= cmds.length; i++) {
    const cmd = u32(cmds, o, be);
    const size = u32(cmds, o + 4, be);
    if (size < 8) break;
    const seg64 = cmd === 0x19, seg32 = cmd === 0x1;
    if ((seg64 && o + 72 <= cmds.length) || (seg32 && o + 56 <= cmds.length)) {
      const name = cstr(cmds, o + 8, 16);
      const vaddr = seg64 ? u64(cmds, o + 24, be) : BigInt(u32(cmds, o + 24, be));
      const fileoff = seg64 ? Number(u64(cmds, o + 40, be)) : u32(cmds, o + 32, be);
      const filesize = seg64 ? Number(u64(cmds, o + 48, be)) : u32(cmds, o + 36, be);
      const maxprot = u32(cmds, o + (seg64 ? 56 : 40), be);
      const initprot = u32(cmds, o + (seg64 ? 60 : 44), be);
      const nsects = u32(cmds, o + (seg64 ? 64 : 48), be);
      if (name !== '__PAGEZERO') segments.push({ vaddr, offset: fileoff, size: filesize });
      if (firstRW === null && vaddr !== 0n && filesize !== 0 && maxprot === 3 && initprot === 3) firstRW = vaddr;
      const sectSize = seg64 ? 80 : 68;
      let so = o + (seg64 ? 72 : 56);
      for (let s = 0; s < nsects && so + sectSize <= cmds.length && so + sectSize <= o + size; s++, so += sectSize) {
        if (cstr(cmds, so, 16) === '__go_buildinfo') section = seg64 ? u64(cmds, so + 32, be) : BigInt(u32(cmds, so + 32, be));
      }
    }
    o += size;
  }
  return { segments, dataStart: section ?? firstRW, bigEndian: be };
}

function peLayout(f: BoundedFile): Layout | null {
  const dos = f.read(0, 64);
  if (dos.length < 64) return null;
  const peOff = dos.readUInt32LE(0x3c);
  const hdr = f.read(peOff, 24);
  if (hdr.length < 24 || hdr.toString('latin1', 0, 4) !== 'PE\0\0') return null;
  const nsections = Math.min(hdr.readUInt16LE(6), MAX_TABLE_ENTRIES);
  const optSize = hdr.readUInt16LE(20);
  const opt = f.read(peOff + 24, optSize);
  if (opt.length < 32) return null;
  const magic = opt.readUInt16LE(0);
  const imageBase = magic === 0x20b ? opt.readBigUInt64LE(24) : BigInt(opt.readUInt32LE(28));
  const table = f.read(peOff + 24 + optSize, nsections * 40);
  const segments: Segment[] = [];
  let dataStart: bigint | null = null;
  for (let i = 0; (i + 1) * 40 <= table.length; i++) {
    const o = i * 40;
    const va = table.readUInt32LE(o + 12);
    const rawSize = table.readUInt32LE(o + 16);
    const rawPtr = table.readUInt32LE(o + 20);
    const chars = table.readUInt32LE(o + 36);
    segments.push({ vaddr: imageBase + BigInt(va), offset: rawPtr, size: rawSize });
    // IMAGE_SCN_CNT_INITIALIZED_DATA | MEM_READ | MEM_WRITE, ignoring the alignment bits (as debug/buildinfo does).
    if (dataStart === null && va !== 0 && rawSize !== 0 && ((chars & ~0x600000) >>> 0) === 0xc0000040) dataStart = imageBase + BigInt(va);
  }
  return { segments, dataStart, bigEndian: false };
}

function toOffset(layout: Layout, addr: bigint): { offset: number; avail: number } | null {
  for (const s of layout.segments) {
    if (s.size > 0 && addr >= s.vaddr && addr < s.vaddr + BigInt(s.size)) {
      const delta = Number(addr - s.vaddr);
      return { offset: s.offset + delta, avail: s.size - delta };
    }
  }
  return null;
}

function findAligned(buf: Buffer): number {
  let from = 0;
  for (;;) {
    const i = buf.indexOf(MAGIC, from);
    if (i < 0 || buf.length - i < HEADER_SIZE) return -1;
    if (i % ALIGN === 0) return i;
    from = i + 1;
  }
}

function readUvarint(b: Buffer, o: number): { value: number; n: number } | null {
  let x = 0, s = 1;
  for (let i = 0; i < 10 && o + i < b.length; i++) {
    const c = b[o + i]!;
    x += (c & 0x7f) * s;
    if (c < 0x80) return x > Number.MAX_SAFE_INTEGER ? null : { value: x, n: i + 1 };
    s *= 128;
  }
  return null;
}

function decodeInline(b: Buffer, o: number): { s: string; next: number } | null {
  const v = readUvarint(b, o);
  if (!v || v.value > MAX_STRING || o + v.n + v.value > b.length) return null;
  return { s: b.toString('utf8', o + v.n, o + v.n + v.value), next: o + v.n + v.value };
}

function readPointerString(f: BoundedFile, layout: Layout, ptrSize: number, be: boolean, addr: bigint): string {
  const at = toOffset(layout, addr);
  if (!at || at.avail < 2 * ptrSize) return '';
  const hdr = f.read(at.offset, 2 * ptrSize);
  if (hdr.length < 2 * ptrSize) return '';
  const dataAddr = ptrSize === 4 ? BigInt(u32(hdr, 0, be)) : u64(hdr, 0, be);
  const len = ptrSize === 4 ? u32(hdr, 4, be) : Number(u64(hdr, 8, be));
  if (len <= 0 || len > MAX_STRING) return '';
  const d = toOffset(layout, dataAddr);
  if (!d || d.avail < len) return '';
  return f.read(d.offset, len).toString('utf8');
}

/** Parses the text `go version -m` prints after the first line (path / mod / dep / build lines). */
export function parseModInfo(mod: string): { path: string | null; mainModule: string | null; mainVersion: string | null } {
  let path: string | null = null, mainModule: string | null = null, mainVersion: string | null = null;
  for (const line of mod.split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'path' && f[1]) path = f[1];
    else if (f[0] === 'mod' && f[1]) { mainModule = f[1]; mainVersion = f[2] || null; }
  }
  return { path, mainModule, mainVersion };
}

function decodeBlob(f: BoundedFile, layout: Layout | null, blobOffset: number, via: BuildInfo['via']): BuildInfoResult {
  const head = f.read(blobOffset, HEADER_SIZE + MAX_STRING);
  if (head.length < HEADER_SIZE) return { info: null, error: 'truncated build info header' };
  const ptrSize = head[14]!;
  const flags = head[15]!;
  let vers = '', mod = '';
  let format: BuildInfo['format'];
  if (flags & 2) {
    format = 'inline';
    const v = decodeInline(head, HEADER_SIZE);
    if (!v) return { info: null, error: 'malformed build info (inline version string)' };
    vers = v.s;
    mod = decodeInline(head, v.next)?.s ?? '';
  } else {
    format = 'pointer';
    if (ptrSize !== 4 && ptrSize !== 8) return { info: null, error: `malformed build info (pointer size ${ptrSize})` };
    if (!layout) return { info: null, error: 'build info in the pre-Go 1.18 format needs readable segment headers' };
    const be = (flags & 1) !== 0;
    const p = (o: number) => (ptrSize === 4 ? BigInt(u32(head, o, be)) : u64(head, o, be));
    vers = readPointerString(f, layout, ptrSize, be, p(16));
    mod = readPointerString(f, layout, ptrSize, be, p(16 + ptrSize));
  }
  if (!vers) return { info: null, error: 'not a Go executable (empty build version)' };
  // Strip the 16-byte sentinels that frame the module info (cmd/go/internal/modload infoStart/infoEnd).
  mod = mod.length >= 33 && mod[mod.length - 17] === '\n' ? mod.slice(16, -16) : '';
  return { info: { goVersion: vers, ...parseModInfo(mod), format, via }, error: null };
}

/** Reads the Go build info embedded in an ELF, Mach-O or PE executable. Never throws. */
export function readBuildInfo(file: string): BuildInfoResult {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) return { info: null, error: 'not a regular file' };
    const f = new BoundedFile(fd, st.size);
    const ident = f.read(0, 16);
    if (ident[0] === 0x23 && ident[1] === 0x21) return { info: null, error: 'a script, not a Go executable' };
    if (ident.length < 16) return { info: null, error: 'unrecognized file format' };
    let layout: Layout | null = null;
    if (ident.readUInt32BE(0) === 0x7f454c46) layout = elfLayout(f, ident);
    else if (ident[0] === 0x4d && ident[1] === 0x5a) layout = peLayout(f);
    else layout = machoLayout(f, ident);

    const at = layout?.dataStart != null ? toOffset(layout, layout.dataStart) : null;
    if (at) {
      // Like debug/buildinfo: the linker puts the blob at the start of its section or data segment.
      const window = f.read(at.offset, Math.min(DATA_WINDOW, at.avail));
      const i = findAligned(window);
      return i >= 0 ? decodeBlob(f, layout, at.offset + i, 'headers') : { info: null, error: 'not a Go executable (no build info)' };
    }
    // Headers did not lead anywhere (fat Mach-O, damaged or unknown headers): scan the file in
    // bounded chunks; the blob is 16-byte aligned in the file as in memory.
    const limit = Math.min(f.size, MAX_SCAN);
    for (let off = 0; off < limit; off += SCAN_CHUNK) {
      const chunk = f.read(off, SCAN_CHUNK + HEADER_SIZE);
      const i = findAligned(chunk);
      if (i >= 0 && i < SCAN_CHUNK) {
        const r = decodeBlob(f, layout, off + i, 'scan');
        if (r.info) return r;
      }
    }
    return { info: null, error: 'not a Go executable (no build info)' };
  } catch (e) {
    return { info: null, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  } finally {
    if (fd !== null) try { closeSync(fd); } catch { /* already closed */ }
  }
}

function isExecutableFile(p: string, os: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    if (os === 'windows') return /\.exe$/i.test(p);
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function toolName(file: string): string {
  return basename(file).replace(/\.exe$/i, '');
}

function factsFor(path: string, foundIn: ToolBinaryFacts['foundIn'], known: boolean): ToolBinaryFacts | null {
  const r = readBuildInfo(path);
  if (!r.info && !known) return null;
  return {
    name: toolName(path),
    path,
    goVersion: r.info?.goVersion ?? null,
    modulePath: r.info?.mainModule ?? null,
    moduleVersion: r.info?.mainVersion ?? null,
    packagePath: r.info?.path ?? null,
    foundIn,
    error: r.error,
  };
}

/**
 * Every Go executable in the install directories (GOBIN, GOPATH/bin), plus the well-known tools
 * found elsewhere on PATH (a Homebrew golangci-lint is what an editor runs too).
 */
export async function gatherTools(dirs: string[], pathDirs: string[] = [], os: string = process.platform === 'win32' ? 'windows' : process.platform): Promise<ToolBinaryFacts[]> {
  const out: ToolBinaryFacts[] = [];
  const seen = new Set<string>();
  const real = (p: string) => { try { return realpathSync(p); } catch { return p; } };
  // A tool reached twice (GOBIN on PATH, or a link to it) is reported once, where it is met first.
  const firstSighting = (p: string) => { const r = real(p); if (seen.has(r)) return false; seen.add(r); return true; };
  for (const dir of dirs) {
    let names: string[];
    try { names = readdirSync(dir).slice(0, MAX_DIR_ENTRIES).sort(); } catch { continue; }
    for (const name of names) {
      const p = join(dir, name);
      if (!isExecutableFile(p, os) || !firstSighting(p)) continue;
      const t = factsFor(p, 'install-dir', KNOWN_TOOLS.includes(toolName(name)));
      if (t) out.push(t);
    }
  }
  const exe = os === 'windows' ? '.exe' : '';
  const found = new Set(out.map((t) => t.name));
  for (const dir of pathDirs.slice(0, MAX_PATH_DIRS)) {
    if (!dir || !dir.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(dir)) continue;
    for (const tool of KNOWN_TOOLS) {
      if (found.has(tool)) continue;
      const p = join(dir, tool + exe);
      if (!isExecutableFile(p, os) || !firstSighting(p)) continue;
      found.add(tool);
      const t = factsFor(p, 'PATH', true);
      if (t) out.push(t);
    }
  }
  return out;
}

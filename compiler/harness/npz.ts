// NumPy .npz (zip of .npy entries) reader/writer: stored + deflate entries on read, deterministic stored entries on write.
import { readFileSync, writeFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { parseNpy, writeNpy, type NpyArray } from './npy.js';

export type { NpyArray, NpyDtype } from './npy.js';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const FLAG_UTF8 = 0x0800;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as used by zip. */
export function crc32(data: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const t = crcTable;
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** Read all arrays of an .npz archive (np.savez / np.savez_compressed), in central-directory order. */
export function readNpz(bytes: Uint8Array, where?: string): Map<string, NpyArray> {
  const ctx = where ? ` (${where})` : '';
  const fail = (msg: string): never => { throw new Error(`npz${ctx}: ${msg}`); };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number): number => dv.getUint16(o, true);
  const u32 = (o: number): number => dv.getUint32(o, true);
  if (bytes.length < 22) fail(`truncated or not a zip file (${bytes.length} bytes)`);
  if (u32(0) !== SIG_LOCAL && u32(0) !== SIG_EOCD) fail('bad magic: not a zip/.npz file');

  // End of central directory: last 22 bytes, possibly followed by a comment of up to 65535 bytes.
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 0xffff); p--) {
    if (u32(p) === SIG_EOCD && p + 22 + u16(p + 20) === bytes.length) { eocd = p; break; }
  }
  if (eocd < 0) return fail('end of central directory not found (truncated or not a zip file)');
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) fail('multi-disk zip archives are not supported');
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if ((eocd >= 20 && u32(eocd - 20) === SIG_ZIP64_LOCATOR) || count === 0xffff || cdOffset === 0xffffffff) {
    fail('zip64 archives (>65535 entries or >4 GiB) are not supported');
  }
  if (cdOffset + cdSize > eocd) fail('central directory out of bounds (truncated file?)');

  const out = new Map<string, NpyArray>();
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  let p = cdOffset;
  for (let e = 0; e < count; e++) {
    if (p + 46 > eocd || u32(p) !== SIG_CENTRAL) fail(`bad central directory entry #${e}`);
    const method = u16(p + 10);
    const crc = u32(p + 16);
    let csize = u32(p + 20);
    let usize = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    let localOff = u32(p + 42);
    // Names are decoded as UTF-8 whether or not flag bit 11 is set (ASCII names are identical either way).
    const name = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // Zip64 extended information (numpy forces it in local headers; central entries only use it for >4 GiB).
    const extraEnd = p + 46 + nameLen + extraLen;
    for (let x = p + 46 + nameLen; x + 4 <= extraEnd; x += 4 + u16(x + 2)) {
      if (u16(x) !== 0x0001) continue;
      let q = x + 4;
      const big = (): number => { const v = dv.getBigUint64(q, true); q += 8; return Number(v); };
      if (usize === 0xffffffff) usize = big();
      if (csize === 0xffffffff) csize = big();
      if (localOff === 0xffffffff) localOff = big();
    }
    p = extraEnd + commentLen;
    if (name.endsWith('/')) continue; // directory entry
    const where2 = `${where ?? 'npz'}:${name}`;
    if (localOff + 30 > bytes.length || u32(localOff) !== SIG_LOCAL) fail(`bad local header for '${name}'`);
    const dataStart = localOff + 30 + u16(localOff + 26) + u16(localOff + 28);
    if (dataStart + csize > bytes.length) fail(`truncated entry '${name}': needs ${csize} bytes`);
    const raw = bytes.subarray(dataStart, dataStart + csize);
    let content: Uint8Array;
    if (method === 0) content = raw;
    else if (method === 8) {
      try { content = inflateRawSync(raw); } catch (err) { return fail(`cannot inflate '${name}': ${(err as Error).message}`); }
    } else return fail(`entry '${name}' uses unsupported compression method ${method}`);
    if (content.length !== usize) fail(`entry '${name}' size mismatch: expected ${usize}, got ${content.length}`);
    const got = crc32(content);
    if (got !== crc) fail(`CRC mismatch in '${name}': stored ${hex(crc)}, computed ${hex(got)}`);
    const key = name.endsWith('.npy') ? name.slice(0, -4) : name;
    if (out.has(key)) fail(`duplicate entry '${key}'`);
    out.set(key, parseNpy(content, where2));
  }
  return out;
}

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}

/** Write an uncompressed (stored) .npz; entries are named key + ".npy" with UTF-8 names and a fixed 1980-01-01 timestamp. */
export function writeNpz(arrays: Map<string, NpyArray> | Array<[string, NpyArray]>): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays.entries()] : arrays;
  if (entries.length >= 0xffff) throw new Error(`npz: too many entries (${entries.length}); zip64 is not supported`);
  const enc = new TextEncoder();
  const seen = new Set<string>();
  const parts: { name: Uint8Array; data: Uint8Array; crc: number; offset: number }[] = [];
  let offset = 0;
  for (const [key, arr] of entries) {
    if (seen.has(key)) throw new Error(`npz: duplicate key '${key}'`);
    seen.add(key);
    const name = enc.encode(key + '.npy');
    if (name.length > 0xffff) throw new Error(`npz: key too long '${key.slice(0, 40)}...'`);
    let data: Uint8Array;
    try { data = writeNpy(arr); } catch (err) { throw new Error(`npz: '${key}': ${(err as Error).message}`); }
    parts.push({ name, data, crc: crc32(data), offset });
    offset += 30 + name.length + data.length;
  }
  const cdOffset = offset;
  const cdSize = parts.reduce((s, x) => s + 46 + x.name.length, 0);
  if (cdOffset + cdSize > 0xffffffff) throw new Error('npz: archive larger than 4 GiB; zip64 is not supported');
  const out = new Uint8Array(cdOffset + cdSize + 22);
  const dv = new DataView(out.buffer);
  const w16 = (o: number, v: number): void => dv.setUint16(o, v, true);
  const w32 = (o: number, v: number): void => dv.setUint32(o, v >>> 0, true);
  // Fields shared by local (at o) and central (at o + 2, after "version made by") headers.
  const common = (o: number, x: (typeof parts)[number]): void => {
    w16(o, 20); w16(o + 2, FLAG_UTF8); w16(o + 4, 0); w16(o + 6, 0); w16(o + 8, DOS_DATE_1980_01_01);
    w32(o + 10, x.crc); w32(o + 14, x.data.length); w32(o + 18, x.data.length); w16(o + 22, x.name.length); w16(o + 24, 0);
  };
  let c = cdOffset;
  for (const x of parts) {
    w32(x.offset, SIG_LOCAL);
    common(x.offset + 4, x);
    out.set(x.name, x.offset + 30);
    out.set(x.data, x.offset + 30 + x.name.length);
    w32(c, SIG_CENTRAL);
    w16(c + 4, 20); // version made by: MS-DOS, 2.0
    common(c + 6, x);
    // comment length, disk number, internal attrs, external attrs: all 0
    w32(c + 42, x.offset);
    out.set(x.name, c + 46);
    c += 46 + x.name.length;
  }
  w32(c, SIG_EOCD);
  w16(c + 8, parts.length); w16(c + 10, parts.length); w32(c + 12, cdSize); w32(c + 16, cdOffset);
  return out;
}

/** Read an .npz file from disk. */
export function readNpzFile(path: string): Map<string, NpyArray> {
  return readNpz(readFileSync(path), path);
}

/** Write an .npz file to disk (see writeNpz). */
export function writeNpzFile(path: string, arrays: Map<string, NpyArray> | Array<[string, NpyArray]>): void {
  writeFileSync(path, writeNpz(arrays));
}

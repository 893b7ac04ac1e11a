// Tests for the .npy/.npz reader and writer (compiler/harness/npy.ts, npz.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNpy, writeNpy, npyItemSize, type NpyArray, type NpyDtype } from '../../compiler/harness/npy.js';
import { crc32, readNpz, readNpzFile, writeNpz, writeNpzFile } from '../../compiler/harness/npz.js';

const DTYPES: NpyDtype[] = ['float16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64',
  'uint8', 'uint16', 'uint32', 'uint64', 'bool'];
const SHAPES: number[][] = [[], [0], [3], [2, 3], [2, 0, 3], [2, 3, 4], [1, 1, 1, 5]];

let seed = 12345;
function rand(): number { seed = (seed * 1103515245 + 12345) >>> 0; return seed >>> 16; }
function makeArray(dtype: NpyDtype, shape: number[]): NpyArray {
  const n = shape.reduce((a, b) => a * b, 1) * npyItemSize(dtype);
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = dtype === 'bool' ? rand() & 1 : rand() & 0xff;
  return { dtype, shape, data };
}

/** Hand-build an .npy file with an arbitrary header dict string. */
function makeNpy(dict: string, data: Uint8Array, major = 1): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  const hdr = new TextEncoder().encode(dict + '\n');
  const out = new Uint8Array(pre + hdr.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const dv = new DataView(out.buffer);
  if (major === 1) dv.setUint16(8, hdr.length, true); else dv.setUint32(8, hdr.length, true);
  out.set(hdr, pre);
  out.set(data, pre + hdr.length);
  return out;
}

/** Hand-build a zip with deflate (method 8) or stored entries, without our writer. */
function makeZip(entries: { name: string; content: Uint8Array; deflate: boolean }[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let off = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const body = e.deflate ? new Uint8Array(deflateRawSync(e.content)) : e.content;
    const hdr = (size: number, sig: number, central: boolean): Uint8Array => {
      const b = new Uint8Array(size + name.length);
      const dv = new DataView(b.buffer);
      dv.setUint32(0, sig, true);
      const o = central ? 6 : 4;
      if (central) dv.setUint16(4, 20, true);
      dv.setUint16(o, 20, true);
      dv.setUint16(o + 4, e.deflate ? 8 : 0, true);
      dv.setUint32(o + 10, crc32(e.content), true);
      dv.setUint32(o + 14, body.length, true);
      dv.setUint32(o + 18, e.content.length, true);
      dv.setUint16(o + 22, name.length, true);
      if (central) dv.setUint32(42, off, true);
      b.set(name, size);
      return b;
    };
    central.push(hdr(46, 0x02014b50, true));
    const local = hdr(30, 0x04034b50, false);
    chunks.push(local, body);
    off += local.length + body.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const eocd = new Uint8Array(22);
  const dv = new DataView(eocd.buffer);
  dv.setUint32(0, 0x06054b50, true);
  dv.setUint16(8, entries.length, true); dv.setUint16(10, entries.length, true);
  dv.setUint32(12, cdSize, true); dv.setUint32(16, off, true);
  return new Uint8Array(Buffer.concat([...chunks, ...central, eocd]));
}

describe('npy', () => {
  it('round-trips every dtype and shape (incl. scalars and empty arrays)', () => {
    for (const dtype of DTYPES) {
      for (const shape of SHAPES) {
        const arr = makeArray(dtype, shape);
        const bytes = writeNpy(arr);
        const headerLen = new DataView(bytes.buffer).getUint16(8, true);
        expect((10 + headerLen) % 64).toBe(0);
        expect(bytes[6]).toBe(1);
        expect(parseNpy(bytes)).toEqual(arr);
      }
    }
  });

  it('writes numpy-style headers', () => {
    const text = (a: NpyArray): string => new TextDecoder().decode(writeNpy(a).subarray(10)).split('\n')[0]!.trimEnd();
    expect(text(makeArray('float32', [3]))).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }");
    expect(text(makeArray('bool', []))).toBe("{'descr': '|b1', 'fortran_order': False, 'shape': (), }");
    expect(text(makeArray('int8', [2, 3]))).toBe("{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3), }");
  });

  it('reads versions 2.0 and 3.0', () => {
    const data = new Uint8Array([1, 0, 2, 0]);
    for (const v of [2, 3]) {
      const a = parseNpy(makeNpy("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", data, v));
      expect(a).toEqual({ dtype: 'int16', shape: [2], data });
    }
  });

  it('byte-swaps big-endian data', () => {
    const be = new Uint8Array([0x3f, 0x80, 0, 0, 0x40, 0, 0, 0]); // 1.0f, 2.0f big-endian
    const a = parseNpy(makeNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,)}", be));
    expect(a.dtype).toBe('float32');
    expect(Array.from(new Float32Array(a.data.buffer))).toEqual([1, 2]);
  });

  it('transposes Fortran-order data to C order', () => {
    // C-order values 0..23 of shape (2,3,4); Fortran layout stores index (i,j,k) at i + 2j + 6k.
    const f = new Int32Array(24);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) f[i + 2 * j + 6 * k] = i * 12 + j * 4 + k;
    const a = parseNpy(makeNpy("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3, 4), }", new Uint8Array(f.buffer)));
    expect(Array.from(new Int32Array(a.data.buffer))).toEqual([...Array(24).keys()]);
  });

  it('reports clear errors', () => {
    expect(() => parseNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 'x.npy')).toThrow(/x\.npy.*bad magic/);
    expect(() => parseNpy(makeNpy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(16)), 'obj'))
      .toThrow(/obj.*unsupported dtype '\|O'/);
    expect(() => parseNpy(makeNpy("{'descr': '<U5', 'fortran_order': False, 'shape': (), }", new Uint8Array(20))))
      .toThrow(/unsupported dtype '<U5'/);
    const full = writeNpy(makeArray('float64', [4]));
    expect(() => parseNpy(full.subarray(0, full.length - 1), 't')).toThrow(/t.*truncated data/);
    expect(() => parseNpy(full.subarray(0, 40), 't')).toThrow(/truncated/);
    expect(() => writeNpy({ dtype: 'float32', shape: [2], data: new Uint8Array(7) })).toThrow(/needs 8/);
  });
});

describe('npz', () => {
  it('round-trips all dtypes with odd names, preserving order', () => {
    const entries: Array<[string, NpyArray]> = [];
    DTYPES.forEach((dt, i) => entries.push([`model/layer.${i}/${dt}:0`, makeArray(dt, SHAPES[i % SHAPES.length]!)]));
    entries.push(['ünïcode/名前:1', makeArray('float32', [])], ['a b\\c', makeArray('int64', [0, 2])]);
    const bytes = writeNpz(entries);
    const back = readNpz(bytes);
    expect([...back.keys()]).toEqual(entries.map((e) => e[0]));
    for (const [k, v] of entries) expect(back.get(k)).toEqual(v);
    expect(writeNpz(new Map(entries))).toEqual(bytes); // deterministic, Map input
    expect(readNpz(writeNpz([])).size).toBe(0);
  });

  it('sets the UTF-8 flag and correct CRCs', () => {
    const bytes = writeNpz([['x:0', makeArray('float32', [5])]]);
    const dv = new DataView(bytes.buffer);
    expect(dv.getUint32(0, true)).toBe(0x04034b50);
    expect(dv.getUint16(6, true) & 0x800).toBe(0x800);
    const dataLen = dv.getUint32(18, true);
    const content = bytes.subarray(30 + 7, 30 + 7 + dataLen);
    expect(dv.getUint32(14, true)).toBe(crc32(content));
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const bad = bytes.slice();
    bad[30 + 7 + 130] ^= 1; // flip a data bit
    expect(() => readNpz(bad, 'b.npz')).toThrow(/b\.npz.*CRC mismatch in 'x:0\.npy'/);
  });

  it('decodes deflate (method 8) and stored entries from a hand-built zip', () => {
    const a = makeArray('float32', [16, 16]);
    const b = { dtype: 'int16' as const, shape: [1000], data: new Uint8Array(2000) };
    const zip = makeZip([
      { name: 'w/a:0.npy', content: writeNpy(a), deflate: true },
      { name: 'b.npy', content: writeNpy(b), deflate: false },
      { name: 'z.npy', content: writeNpy(b), deflate: true },
    ]);
    const m = readNpz(zip);
    expect([...m.keys()]).toEqual(['w/a:0', 'b', 'z']);
    expect(m.get('w/a:0')).toEqual(a);
    expect(m.get('b')).toEqual(b);
    expect(m.get('z')).toEqual(b);
  });

  it('reports clear errors', () => {
    const bytes = writeNpz([['a', makeArray('float32', [64])]]);
    expect(() => readNpz(bytes.subarray(0, bytes.length - 10), 'cut.npz')).toThrow(/cut\.npz.*(truncated|not found)/);
    expect(() => readNpz(bytes.subarray(0, 100), 'cut.npz')).toThrow(/cut\.npz/);
    expect(() => readNpz(new Uint8Array(100), 'zero.npz')).toThrow(/zero\.npz.*bad magic/);
    expect(() => readNpz(writeNpy(makeArray('int8', [3])), 'n.npy')).toThrow(/bad magic/);
    const noNpy = makeZip([{ name: 'readme.txt', content: new TextEncoder().encode('hello world!'), deflate: false }]);
    expect(() => readNpz(noNpy, 'r.npz')).toThrow(/r\.npz:readme\.txt.*bad magic/);
    expect(() => writeNpz([['a', makeArray('int8', [1])], ['a', makeArray('int8', [1])]])).toThrow(/duplicate/);
  });
});

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasNumpy)('npz interop with numpy', () => {
  let dir = '';
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'aotc-npz-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const py = (code: string, ...args: string[]): string => {
    const r = spawnSync('python3', ['-c', code, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
    return r.stdout;
  };
  const hexOf = (d: Uint8Array): string => Buffer.from(d).toString('hex');

  it('numpy loads what we write', () => {
    const entries: Array<[string, NpyArray]> = DTYPES.map((dt, i) => [`n/${dt}:${i}`, makeArray(dt, SHAPES[i % SHAPES.length]!)]);
    const file = join(dir, 'ours.npz');
    writeNpzFile(file, entries);
    const out = JSON.parse(py(`import sys, json, numpy as np
with np.load(sys.argv[1]) as z:
    print(json.dumps([[k, z[k].dtype.name, list(z[k].shape), z[k].tobytes().hex()] for k in z.files]))`, file));
    expect(out).toEqual(entries.map(([k, a]) => [k, a.dtype, a.shape, hexOf(a.data)]));
  });

  it('we read numpy savez_compressed / savez output (Fortran order, big-endian, scalars, empty)', () => {
    for (const fn of ['savez_compressed', 'savez']) {
      const file = join(dir, `${fn}.npz`);
      const expected = JSON.parse(py(`import sys, json, numpy as np
r = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
d = {'a/b:0': r, 'fortran': np.asfortranarray(np.arange(12, dtype=np.int64).reshape(3, 4)),
     'be': np.arange(5, dtype='>i4'), 'half': np.linspace(-1, 1, 7).astype(np.float16),
     'scalar': np.array(3.5), 'empty': np.zeros((0, 3), np.uint16), 'flags': np.array([True, False, True]),
     'u64': np.array([2**64 - 1, 0], np.uint64), 'i8': np.array([[-128, 127]], np.int8)}
np.${fn}(sys.argv[1], **d)
le = lambda a: np.ascontiguousarray(a, dtype=a.dtype.newbyteorder('<'))
print(json.dumps([[k, a.dtype.name, list(a.shape), le(a).tobytes().hex()] for k, a in d.items()]))`, file));
      const got = readNpzFile(file);
      expect([...got.entries()].map(([k, a]) => [k, a.dtype, a.shape, hexOf(a.data)])).toEqual(expected);
    }
  });
});

// NumPy .npy reader/writer (format versions 1.0/2.0/3.0), dependency-free; data is little-endian C-order bytes.

export type NpyDtype =
  | 'float16' | 'float32' | 'float64'
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'bool';

/** `data` holds raw little-endian C-order bytes, exactly prod(shape) * itemsize of them. */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Uint8Array;
}

const KIND: Record<string, NpyDtype> = {
  f2: 'float16', f4: 'float32', f8: 'float64',
  i1: 'int8', i2: 'int16', i4: 'int32', i8: 'int64',
  u1: 'uint8', u2: 'uint16', u4: 'uint32', u8: 'uint64',
  b1: 'bool',
};

const DESCR: Record<NpyDtype, string> = {
  float16: '<f2', float32: '<f4', float64: '<f8',
  int8: '|i1', int16: '<i2', int32: '<i4', int64: '<i8',
  uint8: '|u1', uint16: '<u2', uint32: '<u4', uint64: '<u8',
  bool: '|b1',
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** Size in bytes of one element of `dtype`. */
export function npyItemSize(dtype: NpyDtype): number {
  const d = DESCR[dtype];
  if (d === undefined) throw new Error(`npy: unknown dtype '${String(dtype)}'`);
  return Number(d.slice(2));
}

/** Number of elements of `shape` (1 for a scalar, shape []). */
export function npyElementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

type PyValue = string | number | boolean | null | PyValue[] | { [k: string]: PyValue };

/** Minimal parser for the Python literal (dict/tuple/list/str/int/bool/None) in an .npy header. */
function parsePyLiteral(src: string, fail: (msg: string) => never): PyValue {
  let i = 0;
  const ws = (): void => { while (i < src.length && /\s/.test(src[i]!)) i++; };
  const value = (): PyValue => {
    ws();
    const c = src[i];
    if (c === '{' || c === '(' || c === '[') {
      const close = c === '{' ? '}' : c === '(' ? ')' : ']';
      i++;
      const items: PyValue[] = [];
      const dict: { [k: string]: PyValue } = {};
      for (;;) {
        ws();
        if (src[i] === close) { i++; break; }
        const v = value();
        if (c === '{') {
          ws();
          if (src[i++] !== ':') fail(`expected ':' in header dict at offset ${i - 1}`);
          if (typeof v !== 'string') fail('non-string key in header dict');
          dict[v] = value();
        } else items.push(v);
        ws();
        if (src[i] === ',') i++;
        else if (src[i] !== close) fail(`unexpected character '${src[i] ?? 'EOF'}' in header at offset ${i}`);
      }
      return c === '{' ? dict : items;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) fail('unterminated string in header');
      const s = src.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const m = /^(-?\d+)L?|^(True|False|None)/.exec(src.slice(i));
    if (!m) fail(`cannot parse header at offset ${i}: '${src.slice(i, i + 20)}'`);
    i += m[0].length;
    if (m[2] === 'True') return true;
    if (m[2] === 'False') return false;
    if (m[2] === 'None') return null;
    return Number(m[1]);
  };
  const v = value();
  ws();
  if (i !== src.length) fail(`trailing characters in header at offset ${i}`);
  return v;
}

/** Parse an .npy file. Big-endian data is byte-swapped and Fortran-order data transposed to C order. */
export function parseNpy(bytes: Uint8Array, where?: string): NpyArray {
  const ctx = where ? ` (${where})` : '';
  const fail = (msg: string): never => { throw new Error(`npy${ctx}: ${msg}`); };
  if (bytes.length < 10 || MAGIC.some((b, k) => bytes[k] !== b)) fail('bad magic: not a NumPy .npy file');
  const major = bytes[6]!;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLen: number;
  if (major === 1) { headerStart = 10; headerLen = dv.getUint16(8, true); }
  else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('truncated header');
    headerStart = 12; headerLen = dv.getUint32(8, true);
  } else return fail(`unsupported format version ${major}.${bytes[7]}`);
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) fail(`truncated header: need ${dataStart} bytes, have ${bytes.length}`);
  const headerBytes = bytes.subarray(headerStart, dataStart);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);
  const h = parsePyLiteral(header.trim(), fail);
  if (h === null || typeof h !== 'object' || Array.isArray(h)) return fail('header is not a dict');
  const { descr, fortran_order: fortran, shape } = h;
  if (typeof descr !== 'string') return fail(`unsupported dtype ${JSON.stringify(descr)} (structured dtypes are not supported)`);
  const order = descr[0];
  const dtype = KIND[descr.slice(1)];
  if (!dtype || !'<>|='.includes(order ?? '')) return fail(`unsupported dtype '${descr}'`);
  if (typeof fortran !== 'boolean') return fail('header field fortran_order missing or not a bool');
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)) {
    return fail(`bad shape ${JSON.stringify(shape)}`);
  }
  const dims = shape as number[];
  const itemSize = npyItemSize(dtype);
  const nbytes = npyElementCount(dims) * itemSize;
  if (!Number.isSafeInteger(nbytes)) fail(`array too large: shape (${dims.join(', ')})`);
  if (dataStart + nbytes > bytes.length) {
    fail(`truncated data: shape (${dims.join(', ')}) ${descr} needs ${nbytes} bytes, have ${bytes.length - dataStart}`);
  }
  let data: Uint8Array = new Uint8Array(bytes.subarray(dataStart, dataStart + nbytes)); // copy (never a Buffer view)
  if (order === '>' && itemSize > 1) {
    for (let p = 0; p < data.length; p += itemSize) data.subarray(p, p + itemSize).reverse();
  }
  if (fortran && dims.length > 1) data = fortranToC(data, dims, itemSize);
  return { dtype, shape: dims.slice(), data };
}

/** Reorder column-major (Fortran) element bytes into row-major (C) order. */
function fortranToC(src: Uint8Array, shape: number[], itemSize: number): Uint8Array {
  const n = npyElementCount(shape);
  const out = new Uint8Array(src.length);
  if (n === 0) return out;
  const nd = shape.length;
  const fstride: number[] = [];
  for (let k = 0, s = 1; k < nd; k++) { fstride.push(s); s *= shape[k]!; }
  const idx = new Array<number>(nd).fill(0);
  let srcOff = 0; // element offset in Fortran layout for the current C-order index
  for (let e = 0; e < n; e++) {
    out.set(src.subarray(srcOff * itemSize, (srcOff + 1) * itemSize), e * itemSize);
    for (let k = nd - 1; k >= 0; k--) {
      idx[k]!++;
      srcOff += fstride[k]!;
      if (idx[k]! < shape[k]!) break;
      srcOff -= idx[k]! * fstride[k]!;
      idx[k] = 0;
    }
  }
  return out;
}

/** Serialize to .npy version 1.0 (2.0 only if the header exceeds 64 KiB); data starts at a multiple of 64. */
export function writeNpy(arr: NpyArray): Uint8Array {
  const descr = DESCR[arr.dtype];
  if (descr === undefined) throw new Error(`npy: unsupported dtype '${String(arr.dtype)}'`);
  for (const d of arr.shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new Error(`npy: bad shape [${arr.shape.join(', ')}]`);
  }
  const nbytes = npyElementCount(arr.shape) * npyItemSize(arr.dtype);
  if (arr.data.length !== nbytes) {
    throw new Error(`npy: data has ${arr.data.length} bytes, shape [${arr.shape.join(', ')}] ${arr.dtype} needs ${nbytes}`);
  }
  const shapeStr = arr.shape.length === 1 ? `(${arr.shape[0]},)` : `(${arr.shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  let pre = 10;
  let total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  if (total - pre > 0xffff) { pre = 12; total = Math.ceil((pre + dict.length + 1) / 64) * 64; }
  const header = dict + ' '.repeat(total - pre - dict.length - 1) + '\n';
  const out = new Uint8Array(total + nbytes);
  out.set(MAGIC, 0);
  out[6] = pre === 10 ? 1 : 2;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  if (pre === 10) dv.setUint16(8, header.length, true);
  else dv.setUint32(8, header.length, true);
  for (let k = 0; k < header.length; k++) out[pre + k] = header.charCodeAt(k);
  out.set(arr.data, total);
  return out;
}

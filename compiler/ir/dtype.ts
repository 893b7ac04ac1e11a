// Element types of the IR: byte sizes, C spellings, typed-array views and conversions (incl. float16).

export type DType =
  | 'float32' | 'float64' | 'float16'
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'bool';

export const DTYPES: readonly DType[] = [
  'float32', 'float64', 'float16', 'int8', 'int16', 'int32', 'int64',
  'uint8', 'uint16', 'uint32', 'uint64', 'bool',
];

interface DTypeInfo { bytes: number; c: string; short: string; float: boolean; signed: boolean }

const INFO: Record<DType, DTypeInfo> = {
  float32: { bytes: 4, c: 'float', short: 'f32', float: true, signed: true },
  float64: { bytes: 8, c: 'double', short: 'f64', float: true, signed: true },
  float16: { bytes: 2, c: 'uint16_t', short: 'f16', float: true, signed: true },
  int8: { bytes: 1, c: 'int8_t', short: 'i8', float: false, signed: true },
  int16: { bytes: 2, c: 'int16_t', short: 'i16', float: false, signed: true },
  int32: { bytes: 4, c: 'int32_t', short: 'i32', float: false, signed: true },
  int64: { bytes: 8, c: 'int64_t', short: 'i64', float: false, signed: true },
  uint8: { bytes: 1, c: 'uint8_t', short: 'u8', float: false, signed: false },
  uint16: { bytes: 2, c: 'uint16_t', short: 'u16', float: false, signed: false },
  uint32: { bytes: 4, c: 'uint32_t', short: 'u32', float: false, signed: false },
  uint64: { bytes: 8, c: 'uint64_t', short: 'u64', float: false, signed: false },
  bool: { bytes: 1, c: 'uint8_t', short: 'b8', float: false, signed: false },
};

export const dtypeBytes = (t: DType): number => INFO[t].bytes;
export const dtypeC = (t: DType): string => INFO[t].c;
export const dtypeShort = (t: DType): string => INFO[t].short;
export const isFloat = (t: DType): boolean => INFO[t].float;
export const isInteger = (t: DType): boolean => !INFO[t].float && t !== 'bool';
export const isSigned = (t: DType): boolean => INFO[t].signed;

/** Numeric host-side view of constant data: all IR constants are held as these. */
export type NumArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array;

/** Allocate a typed array for `n` elements of `t` (float16 is held as float32 values on the host). */
export function allocArray(t: DType, n: number): NumArray {
  switch (t) {
    case 'float32': case 'float16': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
    case 'int8': return new Int8Array(n);
    case 'int16': return new Int16Array(n);
    case 'int32': return new Int32Array(n);
    case 'int64': return new BigInt64Array(n);
    case 'uint8': case 'bool': return new Uint8Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'uint64': return new BigUint64Array(n);
  }
}

/** Build a typed array of dtype `t` from plain numbers/bigints (values are converted like a C cast). */
export function arrayFrom(t: DType, values: ArrayLike<number | bigint>): NumArray {
  const out = allocArray(t, values.length);
  for (let i = 0; i < values.length; i++) setElem(out, t, i, values[i]);
  return out;
}

export function getElem(a: NumArray, i: number): number {
  const v = a[i];
  return typeof v === 'bigint' ? Number(v) : v;
}

export function setElem(a: NumArray, t: DType, i: number, v: number | bigint): void {
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) {
    if (typeof v === 'bigint') { a[i] = v; return; }
    a[i] = Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    return;
  }
  let n = typeof v === 'bigint' ? Number(v) : v;
  if (t === 'bool') n = n !== 0 ? 1 : 0;
  else if (!isFloat(t)) n = Number.isFinite(n) ? Math.trunc(n) : 0;
  (a as Float32Array)[i] = n;
}

/** Little-endian bytes of `a` in dtype `t` (float16 converted from the float32 host values). */
export function toBytes(a: NumArray, t: DType): Uint8Array {
  if (t === 'float16') {
    const out = new Uint16Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = f32ToF16Bits(a[i] as number);
    return new Uint8Array(out.buffer);
  }
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
}

/** Typed view of little-endian bytes as dtype `t` (copied; float16 decoded to float32 values). */
export function fromBytes(bytes: Uint8Array, t: DType): NumArray {
  const n = Math.floor(bytes.byteLength / dtypeBytes(t));
  const copy = new Uint8Array(n * dtypeBytes(t));
  copy.set(bytes.subarray(0, n * dtypeBytes(t)));
  const buf = copy.buffer;
  switch (t) {
    case 'float16': {
      const h = new Uint16Array(buf);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = f16BitsToF32(h[i]);
      return out;
    }
    case 'float32': return new Float32Array(buf);
    case 'float64': return new Float64Array(buf);
    case 'int8': return new Int8Array(buf);
    case 'int16': return new Int16Array(buf);
    case 'int32': return new Int32Array(buf);
    case 'int64': return new BigInt64Array(buf);
    case 'uint8': case 'bool': return new Uint8Array(buf);
    case 'uint16': return new Uint16Array(buf);
    case 'uint32': return new Uint32Array(buf);
    case 'uint64': return new BigUint64Array(buf);
  }
}

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);

/** IEEE binary32 → binary16 bits, round to nearest even (as a C cast would on hardware with F16C). */
export function f32ToF16Bits(v: number): number {
  f32buf[0] = v;
  const x = u32buf[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  return sign | half;
}

export function f16BitsToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

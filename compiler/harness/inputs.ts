// Input sets for running bundles: seeded random tensors per dtype, and .npz arrays checked against the graph inputs.

import { fail } from '../diagnostics/error.js';
import { dtypeBytes, f32ToF16Bits, type DType } from '../ir/dtype.js';
import { numel, type Graph } from '../ir/graph.js';
import type { NpyArray } from './npy.js';

/** One tensor as raw little-endian C-order bytes (the layout of .npy data and of the bundle's io region). */
export interface HostTensor { name: string; dtype: DType; shape: number[]; data: Uint8Array }

export interface InputSpec { name: string; dtype: DType; shape: number[]; bytes: number; range: [number, number] }

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; the same seed gives the same stream everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-100, 100], uint32: [0, 100], int64: [-100, 100], uint64: [0, 100], bool: [0, 1],
};

/** Ops whose input 1 is an index into input 0 along `axis` (default 0): random indices must stay in range. */
const INDEX_OPS: Record<string, number> = { Gather: 1, GatherElements: 1 };

/**
 * The inputs of a graph with the value range random data is drawn from:
 * floats uniform in [-1, 1); 8/16-bit integers over their whole range (quantized data, pixels);
 * 32/64-bit integers in [-100, 100] ([0, 100] unsigned), or [0, n-1] when the input indexes a Gather/GatherElements
 * axis of size n; bools 0/1 with probability 1/2.
 */
export function inputSpecs(g: Graph): InputSpec[] {
  return g.inputs.map((id) => {
    const v = g.values.get(id)!;
    let range: [number, number] = v.dtype.startsWith('float') ? [-1, 1] : INT_RANGE[v.dtype]!;
    for (const n of g.nodes) {
      if (INDEX_OPS[n.op] !== undefined && n.inputs[INDEX_OPS[n.op]!] === id && n.inputs[0] !== null) {
        const data = g.values.get(n.inputs[0]!)!;
        const rank = data.shape.length;
        const a = typeof n.attrs.axis === 'number' ? n.attrs.axis : 0;
        const size = data.shape[a < 0 ? a + rank : a] ?? 1;
        range = [0, Math.min(range[1], Math.max(0, size - 1))];
      }
    }
    return { name: v.name, dtype: v.dtype, shape: [...v.shape], bytes: numel(v.shape) * dtypeBytes(v.dtype), range };
  });
}

/** A random tensor for `spec` drawn from `rand` (see inputSpecs for the distributions). */
export function randomTensor(spec: InputSpec, rand: () => number): HostTensor {
  const n = numel(spec.shape);
  const out = new Uint8Array(n * dtypeBytes(spec.dtype));
  const dv = new DataView(out.buffer);
  const [lo, hi] = spec.range;
  const int = () => lo + Math.floor(rand() * (hi - lo + 1));
  const flt = () => lo + rand() * (hi - lo);
  for (let i = 0; i < n; i++) {
    switch (spec.dtype) {
      case 'float32': dv.setFloat32(i * 4, flt(), true); break;
      case 'float64': dv.setFloat64(i * 8, flt(), true); break;
      case 'float16': dv.setUint16(i * 2, f32ToF16Bits(flt()), true); break;
      case 'int8': dv.setInt8(i, int()); break;
      case 'uint8': case 'bool': dv.setUint8(i, int()); break;
      case 'int16': dv.setInt16(i * 2, int(), true); break;
      case 'uint16': dv.setUint16(i * 2, int(), true); break;
      case 'int32': dv.setInt32(i * 4, int(), true); break;
      case 'uint32': dv.setUint32(i * 4, int(), true); break;
      case 'int64': dv.setBigInt64(i * 8, BigInt(int()), true); break;
      case 'uint64': dv.setBigUint64(i * 8, BigInt(int()), true); break;
    }
  }
  return { name: spec.name, dtype: spec.dtype, shape: [...spec.shape], data: out };
}

/** `runs` input sets from one PRNG stream seeded with `seed`. */
export function randomSets(specs: InputSpec[], runs: number, seed: number): HostTensor[][] {
  const rand = prng(seed);
  return Array.from({ length: runs }, () => specs.map((s) => randomTensor(s, rand)));
}

export const describeSpec = (s: Pick<InputSpec, 'name' | 'dtype' | 'shape'>): string =>
  `'${s.name}': ${s.dtype}[${s.shape.join('x')}]`;

/**
 * Match .npz arrays to the graph inputs by name (or positionally when the archive holds only arr_0, arr_1 ...,
 * as np.savez(file, a, b) writes) and check dtypes and shapes exactly. Fails with AOTC0050 listing what is expected.
 */
export function inputsFromNpz(specs: InputSpec[], arrays: Map<string, NpyArray>, file: string): { set: HostTensor[]; notes: string[] } {
  const expected = specs.map((s) => `model input ${describeSpec(s)}`);
  const bad = (msg: string, hint?: string): never => fail('AOTC0050', msg, { file }, hint, expected);
  const keys = [...arrays.keys()];
  const notes: string[] = [];
  const positional = keys.length > 0 && keys.every((k, i) => k === `arr_${i}`) && !specs.some((s) => arrays.has(s.name));
  if (positional) {
    if (keys.length !== specs.length) bad(`the archive holds ${keys.length} unnamed array(s) (arr_0 ...), the model has ${specs.length} input(s)`);
    notes.push(`${file}: unnamed arrays arr_0.. matched to the inputs by position`);
  } else {
    const missing = specs.filter((s) => !arrays.has(s.name)).map((s) => `'${s.name}'`);
    const extra = keys.filter((k) => !specs.some((s) => s.name === k)).map((k) => `'${k}'`);
    if (missing.length || extra.length) {
      bad(`input arrays do not match the model's inputs${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unexpected ${extra.join(', ')}` : ''}`,
        'save one array per model input, keyed by input name: np.savez(file, **{"name": array})');
    }
  }
  const set = specs.map((s, i) => {
    const key = positional ? keys[i]! : s.name;
    const a = arrays.get(key)!;
    if (a.dtype !== s.dtype) bad(`array '${key}' has dtype ${a.dtype}, input '${s.name}' needs ${s.dtype}`, `convert it first, e.g. array.astype(np.${s.dtype === 'bool' ? 'bool_' : s.dtype})`);
    if (a.shape.length !== s.shape.length || a.shape.some((d, k) => d !== s.shape[k])) {
      bad(`array '${key}' has shape [${a.shape.join('x')}], input '${s.name}' needs [${s.shape.join('x')}]`,
        'reshape the data, or compile for another shape with --input-shape name=DxDx...');
    }
    return { name: s.name, dtype: s.dtype, shape: [...s.shape], data: a.data };
  });
  return { set, notes };
}

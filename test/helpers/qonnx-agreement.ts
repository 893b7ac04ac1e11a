// Quantized-ONNX test helpers: small models with typed (int8/uint8/int32) initializers, and agreement with ONNX Runtime.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { compileModel, type Compiled } from '../../compiler/compile.js';
import { encodeModel } from '../../compiler/frontends/onnx/decode.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { inputSpecs, randomSets } from '../../compiler/harness/inputs.js';
import { openOrtSession } from '../../compiler/harness/ort.js';
import { arrayFrom, fromBytes, toBytes, type DType } from '../../compiler/ir/dtype.js';
import type { Graph } from '../../compiler/ir/graph.js';

const CODE: Partial<Record<DType, number>> = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7 };

export interface QTensor { name: string; dtype: DType; dims: number[]; data: number[] }
export interface QNode { op: string; inputs: string[]; outputs: string[]; attrs?: Record<string, number | number[] | string>; domain?: string }
export interface QIO { name: string; dtype: DType; dims: number[] }

function attr(name: string, v: number | number[] | string) {
  if (typeof v === 'string') return { name, type: 3, s: Buffer.from(v) };
  if (Array.isArray(v)) return { name, type: 7, ints: v };
  return Number.isInteger(v) ? { name, type: 2, i: v } : { name, type: 1, f: v };
}

/** An ONNX model (opset 17, plus com.microsoft 1) with raw-data initializers of any dtype. */
export function qmodel(nodes: QNode[], inputs: QIO[], outputs: QIO[], inits: QTensor[]): Uint8Array {
  const io = (t: QIO) => ({ name: t.name, type: { tensorType: { elemType: CODE[t.dtype], shape: { dim: t.dims.map((d) => ({ dimValue: d })) } } } });
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }],
    producerName: 'aotc-tests',
    graph: {
      name: 'q',
      node: nodes.map((n, i) => ({
        name: `${n.op}_${i}`, opType: n.op, domain: n.domain ?? '', input: n.inputs, output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attr(k, v)),
      })),
      input: inputs.map(io),
      output: outputs.map(io),
      initializer: inits.map((t) => ({ name: t.name, dims: t.dims, dataType: CODE[t.dtype], rawData: toBytes(arrayFrom(t.dtype, t.data), t.dtype) })),
    },
  });
}

/** Deterministic pseudo-random integers in [lo, hi]. */
export function ints(n: number, lo: number, hi: number, seed = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + (s % (hi - lo + 1));
  });
}

export interface Agreement { identical: number; maxLsb: number; top1: number; compiled: Compiled }

/** The scale of the DequantizeLinear writing output 0 (1 for integer outputs). */
export function outputLsb(g: Graph): number {
  const n = g.nodes.find((x) => x.outputs.includes(g.outputs[0]));
  return n?.op === 'DequantizeLinear' ? Number(g.values.get(n.inputs[1]!)!.data![0]) : 1;
}

/**
 * Compile `bytes`, run it and ONNX Runtime on `runs` seeded random input sets and compare output 0 in units of `lsb`
 * (default: the final DequantizeLinear's scale, or 1): identical = share of equal elements, maxLsb = worst difference,
 * top1 = share of runs with the same argmax.
 */
export async function agreement(bytes: Uint8Array, file: string, runs: number, lsbGiven?: number, seed = 7): Promise<Agreement> {
  const compiled = compileModel(bytes, file, { verify: true });
  const lsb = lsbGiven ?? outputLsb(compiled.graph);
  const sets = randomSets(inputSpecs(compiled.graph), runs, seed);
  const runner = buildRunner(compiled, mkdtempSync(join(tmpdir(), 'aotc-qonnx-')), { werror: true, optLevel: '-O2' });
  const got = runSets(runner, sets.map((s) => s.map((t) => t.data)));
  const ort = await openOrtSession(bytes, file);
  const outType = compiled.graph.values.get(compiled.memory.io.outputs[0])!.dtype;
  const argmax = (a: number[]) => a.indexOf(Math.max(...a));
  let same = 0, total = 0, maxLsb = 0, top1 = 0;
  for (let k = 0; k < runs; k++) {
    const [ref] = await ort.run(sets[k]);
    const want = Array.from(fromBytes(ref.data, ref.dtype), Number);
    const out = Array.from(fromBytes(got[k][0], outType), Number);
    expect(out.length).toBe(want.length);
    out.forEach((v, i) => {
      same += v === want[i] ? 1 : 0;
      maxLsb = Math.max(maxLsb, Math.abs(v - want[i]) / lsb);
      total++;
    });
    top1 += argmax(out) === argmax(want) ? 1 : 0;
  }
  await ort.close();
  return { identical: same / total, maxLsb: Math.round(maxLsb * 1e4) / 1e4, top1: top1 / runs, compiled };
}

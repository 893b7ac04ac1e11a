// Builds small ONNX models as bytes (tests, the demo model): typed initializers, inputs/outputs, attributes.

import { encodeModel } from './decode.js';

type Attr = number | string | number[] | { floats: number[] };
export interface TestNode { op: string; inputs: string[]; outputs: string[]; name?: string; attrs?: Record<string, Attr>; domain?: string }
/** An initializer; dataType is an ONNX TensorProto type code (1 float, 7 int64); default float. */
export interface TestTensor { name: string; dims: number[]; data: number[]; dataType?: number }
export interface TestIO { name: string; elemType?: number; dims: (number | string)[] }

function attr(name: string, v: Attr) {
  if (typeof v === 'number') return Number.isInteger(v) ? { name, type: 2, i: v } : { name, type: 1, f: v };
  if (typeof v === 'string') return { name, type: 3, s: Buffer.from(v) };
  if (Array.isArray(v)) return { name, type: 7, ints: v };
  return { name, type: 6, floats: v.floats };
}

const io = (t: TestIO) => ({
  name: t.name,
  type: { tensorType: { elemType: t.elemType ?? 1, shape: { dim: t.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});

export interface ModelSpec { nodes: TestNode[]; inputs: TestIO[]; outputs: TestIO[]; initializers?: TestTensor[]; opset?: number; name?: string }

export function buildOnnx(spec: ModelSpec): Uint8Array {
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: spec.opset ?? 17 }],
    producerName: 'aotc-tests',
    graph: {
      name: spec.name ?? 'test',
      node: spec.nodes.map((n, i) => ({
        name: n.name ?? `${n.op}_${i}`, opType: n.op, domain: n.domain ?? '', input: n.inputs, output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attr(k, v)),
      })),
      input: spec.inputs.map(io),
      output: spec.outputs.map(io),
      initializer: (spec.initializers ?? []).map((t) => (t.dataType === 7
        ? { name: t.name, dims: t.dims, dataType: 7, int64Data: t.data }
        : { name: t.name, dims: t.dims, dataType: 1, floatData: t.data })),
    },
  });
}

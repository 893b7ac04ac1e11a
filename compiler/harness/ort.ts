// ONNX Runtime (onnxruntime-node, CPU) as the reference for `aotc validate`: the only module importing it.
// Sessions run single-threaded with graph optimisations disabled, so the reference computes the model as written.

import type * as Ort from 'onnxruntime-node';
import { fail } from '../diagnostics/error.js';
import { dtypeBytes, type DType } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import type { HostTensor } from './inputs.js';

export const ORT_SESSION_OPTIONS = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'disabled',
  logSeverityLevel: 3,
} as const;

const INSTALL_HINT = 'install it with `npm install onnxruntime-node` (an optional dependency of aotc; `aotc doctor` checks it)';

let loaded: typeof Ort | undefined;

async function loadOrt(): Promise<typeof Ort> {
  if (loaded) return loaded;
  try {
    const m = (await import('onnxruntime-node')) as typeof Ort & { default?: typeof Ort };
    loaded = (m.InferenceSession ? m : m.default) as typeof Ort;
    return loaded;
  } catch (e) {
    return fail('AOTC0051', `ONNX Runtime (onnxruntime-node) is not available: ${(e as Error).message.split('\n')[0]}`, undefined, INSTALL_HINT);
  }
}

/** onnxruntime-node's version, or undefined when it cannot be loaded (for `aotc doctor`). */
export async function ortVersion(): Promise<string | undefined> {
  try {
    const ort = await loadOrt();
    return ort.env.versions?.node ?? ort.env.versions?.common ?? 'unknown version';
  } catch {
    return undefined;
  }
}

const TYPED: Partial<Record<DType, new (b: ArrayBuffer) => ArrayBufferView>> = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array,
  int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array, bool: Uint8Array,
};

function toOrtTensor(ort: typeof Ort, t: HostTensor): Ort.Tensor {
  const copy = new Uint8Array(t.data.length);
  copy.set(t.data);
  const data = new TYPED[t.dtype]!(copy.buffer);
  // float16 goes in as its raw bits in a Uint16Array, which onnxruntime accepts as 'float16' data
  return new ort.Tensor(t.dtype, data as never, t.shape);
}

/** Raw little-endian bytes of an ORT output tensor, in the dtype ORT reports. */
function fromOrtTensor(name: string, t: Ort.Tensor): HostTensor {
  const dtype = t.type as DType;
  if (!TYPED[dtype]) fail('AOTC0051', `ONNX Runtime output '${name}' has type ${t.type}, which aotc cannot compare`);
  const d = t.data as ArrayBufferView;
  let data = new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
  if (data.length !== numel(t.dims as number[]) * dtypeBytes(dtype)) {
    data = new Uint8Array(0); // e.g. a Float16Array of a future Node: not raw bits; comparison reports the mismatch
  }
  return { name, dtype, shape: (t.dims as readonly number[]).map(Number), data };
}

export interface OrtSession { outputNames: string[]; run(inputs: HostTensor[]): Promise<HostTensor[]>; close(): Promise<void> }

/** Open `model` (bytes) in ONNX Runtime; AOTC0051 when the runtime is missing or rejects the model. */
export async function openOrtSession(model: Uint8Array, file: string): Promise<OrtSession> {
  const ort = await loadOrt();
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model, { ...ORT_SESSION_OPTIONS, executionProviders: ['cpu'] });
  } catch (e) {
    return fail('AOTC0051', `ONNX Runtime cannot load the model: ${(e as Error).message.split('\n')[0]}`, { file },
      'the reference runtime must support every op of the model; compare with another runtime or check the model with onnx.checker');
  }
  return {
    outputNames: [...session.outputNames],
    async run(inputs) {
      const feeds: Record<string, Ort.Tensor> = {};
      for (const t of inputs) feeds[t.name] = toOrtTensor(ort, t);
      let res: Ort.InferenceSession.OnnxValueMapType;
      try {
        res = await session.run(feeds);
      } catch (e) {
        return fail('AOTC0051', `ONNX Runtime failed to run the model: ${(e as Error).message.split('\n')[0]}`, { file });
      }
      return session.outputNames.map((n) => fromOrtTensor(n, res[n] as Ort.Tensor));
    },
    async close() { await session.release(); },
  };
}

// uint8 → int8 for the ONNX quantized ops: uint8 q with zero point zp is int8 q - 128 with zero point zp - 128 (the same
// real values, exactly), so the int8 kernels serve ORT's uint8 models. Converts every uint8 value that an ONNX quantized
// op reads or writes (data and zero points), and the data-movement ops joining them; graph inputs/outputs and other
// consumers keep uint8 through QSignFlip nodes.

import { allocArray, arrayFrom, getElem, setElem } from '../ir/dtype.js';
import { addValue, type Graph, type Node, type Value } from '../ir/graph.js';

/**
 * Per ONNX quantized op: [data, zero point] input pairs, and the zero-point input of the output (-1: an int32 output).
 * An absent zero point of converted data becomes an explicit -128.
 */
interface Slots { pairs: [number, number][]; outZp: number }
const SLOTS: Record<string, (n: Node) => Slots> = {
  QuantizeLinear: () => ({ pairs: [], outZp: 2 }),
  DequantizeLinear: () => ({ pairs: [[0, 2]], outZp: -1 }),
  QLinearConv: () => ({ pairs: [[0, 2], [3, 5]], outZp: 7 }),
  ConvInteger: () => ({ pairs: [[0, 2], [1, 3]], outZp: -1 }),
  QLinearMatMul: () => ({ pairs: [[0, 2], [3, 5]], outZp: 7 }),
  MatMulInteger: () => ({ pairs: [[0, 2], [1, 3]], outZp: -1 }),
  'com.microsoft.QGemm': () => ({ pairs: [[0, 2], [3, 5]], outZp: 8 }),
  'com.microsoft.QLinearAdd': () => ({ pairs: [[0, 2], [3, 5]], outZp: 7 }),
  'com.microsoft.QLinearMul': () => ({ pairs: [[0, 2], [3, 5]], outZp: 7 }),
  'com.microsoft.QLinearGlobalAveragePool': () => ({ pairs: [[0, 2]], outZp: 4 }),
  'com.microsoft.QLinearAveragePool': () => ({ pairs: [[0, 2]], outZp: 4 }),
  'com.microsoft.QLinearConcat': (n) => ({ pairs: n.inputs.slice(2).flatMap((_x, i) => (i % 3 === 0 ? [[i + 2, i + 4] as [number, number]] : [])), outZp: 1 }),
};

/** Input positions an ONNX quantized op reads as 8-bit quantized values (data and zero points). */
const slotInputs = (n: Node): number[] => {
  const s = SLOTS[n.op](n);
  return [...s.pairs.flat(), ...(s.outZp >= 0 ? [s.outZp] : [])];
};

/** Ops that move quantized bytes unchanged (data inputs → outputs); MaxPool commutes with the shift too. */
const MOVES: Record<string, (n: Node) => number[]> = Object.fromEntries([
  ...['MaxPool', 'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Identity', 'Slice', 'Gather', 'Split',
    'DepthToSpace', 'SpaceToDepth', 'Tile', 'Expand'].map((op) => [op, () => [0]]),
  ['Concat', (n: Node) => n.inputs.map((_x, i) => i)],
]);

/** Data outputs of a moving op (MaxPool's indices are not data). */
const moveOutputs = (n: Node): number[] => (n.op === 'MaxPool' ? n.outputs.slice(0, 1) : n.outputs);

/** Does node n read value id at a converted position? */
function readsConverted(n: Node, id: number): boolean {
  const slots = SLOTS[n.op] ? slotInputs(n) : MOVES[n.op]?.(n) ?? [];
  return slots.some((k) => n.inputs[k] === id);
}

function flipValue(v: Value): void {
  v.dtype = 'int8';
  if (v.quant) v.quant = { ...v.quant, zeroPoint: v.quant.zeroPoint.map((z) => z - 128) };
  if (v.data) {
    const d = allocArray('int8', v.data.length);
    for (let i = 0; i < d.length; i++) setElem(d, 'int8', i, getElem(v.data, i) - 128);
    v.data = d;
  }
}

export function convertUint8(g: Graph): void {
  const isU8 = (id: number | null | undefined): id is number => id !== null && id !== undefined && g.values.get(id)?.dtype === 'uint8';
  // Union-find over values joined by data-movement ops.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: number, b: number) => parent.set(find(a), find(b));
  const seeds: number[] = [];
  for (const n of g.nodes) {
    if (SLOTS[n.op]) {
      for (const k of slotInputs(n)) if (isU8(n.inputs[k])) seeds.push(n.inputs[k]!);
      for (const o of n.outputs) if (isU8(o)) seeds.push(o);
    } else if (MOVES[n.op]) {
      const vals = [...MOVES[n.op](n).map((k) => n.inputs[k]), ...moveOutputs(n)].filter(isU8);
      for (const v of vals.slice(1)) union(vals[0], v);
    }
  }
  if (!seeds.length) return;
  const roots = new Set(seeds.map(find));
  const convert = new Set([...g.values.values()].filter((v) => v.dtype === 'uint8' && roots.has(find(v.id))).map((v) => v.id));

  // Absent zero points of converted data (uint8 zero point 0) become explicit int8 -128; clamp ranges move with outputs.
  let minus128: number | undefined;
  const zero = () => (minus128 ??= addValue(g, { name: 'uint8_zero_point_as_int8', dtype: 'int8', shape: [], data: arrayFrom('int8', [-128]) }).id);
  for (const n of g.nodes) {
    if (!SLOTS[n.op]) continue;
    const s = SLOTS[n.op](n);
    for (const [d, z] of s.pairs) {
      if (n.inputs[d] !== null && n.inputs[d] !== undefined && convert.has(n.inputs[d]!) && (n.inputs[z] ?? null) === null) {
        while (n.inputs.length <= z) n.inputs.push(null);
        n.inputs[z] = zero();
      }
    }
    if (s.outZp >= 0 && convert.has(n.outputs[0])) {
      if ((n.inputs[s.outZp] ?? null) === null) {
        while (n.inputs.length <= s.outZp) n.inputs.push(null);
        n.inputs[s.outZp] = zero();
      }
      if (typeof n.attrs.act_min === 'number') n.attrs = { ...n.attrs, act_min: n.attrs.act_min - 128, act_max: (n.attrs.act_max as number) - 128 };
    }
  }

  const flips: { after: number | null; node: Node }[] = [];
  const flipNode = (from: number, to: number, name: string): Node =>
    ({ id: g.nextId++, name, op: 'QSignFlip', inputs: [from], outputs: [to], attrs: {} });
  for (const id of convert) {
    const v = g.values.get(id)!;
    const readers = g.nodes.filter((n) => n.inputs.includes(id));
    const outside = readers.filter((n) => !readsConverted(n, id));
    const producer = g.nodes.find((n) => n.outputs.includes(id));
    if (g.inputs.includes(id) || (producer && !SLOTS[producer.op] && !MOVES[producer.op])) {
      // Graph inputs and values of other ops stay uint8: converted readers get an int8 copy.
      const s8 = addValue(g, { name: `${v.name}/s8`, dtype: 'int8', shape: [...v.shape] });
      for (const n of readers) if (readsConverted(n, id)) n.inputs = n.inputs.map((i) => (i === id ? s8.id : i));
      flips.push({ after: producer ? id : null, node: flipNode(id, s8.id, `${v.name}/to_s8`) });
      continue;
    }
    const original = { ...v, shape: [...v.shape] };
    flipValue(v);
    if (!outside.length && !g.outputs.includes(id)) continue;
    // Other readers (and a graph output) keep a uint8 copy, named like the original for outputs.
    const u8 = addValue(g, { name: original.name, dtype: 'uint8', shape: original.shape, ...(original.quant ? { quant: original.quant } : {}) });
    v.name = `${original.name}/s8`;
    for (const n of outside) n.inputs = n.inputs.map((i) => (i === id ? u8.id : i));
    g.outputs = g.outputs.map((o) => (o === id ? u8.id : o));
    flips.push({ after: v.data ? null : id, node: flipNode(id, u8.id, `${original.name}/to_u8`) });
  }
  // Place each flip right after the definition of its input (graph inputs and constants first).
  const nodes: Node[] = flips.filter((f) => f.after === null).map((f) => f.node);
  for (const n of g.nodes) {
    nodes.push(n);
    for (const f of flips) if (f.after !== null && n.outputs.includes(f.after)) nodes.push(f.node);
  }
  g.nodes = nodes;
  g.notes.push(`uint8 quantized tensors run as int8 (zero point - 128): ${convert.size} value(s) converted`);
}

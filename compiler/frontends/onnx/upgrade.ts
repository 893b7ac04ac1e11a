// Rewrites ONNX nodes of older opsets (and variadic ops) into the canonical forms the IR ops implement.

import { arrayFrom } from '../../ir/dtype.js';
import type { Attrs, TensorAttr } from '../../ir/graph.js';

export interface RawNode { name: string; op: string; inputs: string[]; outputs: string[]; attrs: Attrs }

export interface UpgradeCtx {
  /** Make a new constant tensor, returning its value name. */
  constant(hint: string, t: TensorAttr): string;
  /** A fresh intermediate value name. */
  temp(hint: string): string;
}

const ints64 = (v: number[]): TensorAttr => ({ dtype: 'int64', shape: [v.length], data: arrayFrom('int64', v) });
const scalarF32 = (v: number): TensorAttr => ({ dtype: 'float32', shape: [], data: arrayFrom('float32', [v]) });

/** Move attribute `attr` (ints) to input position `pos` as an int64 constant. */
function attrToInput(n: RawNode, u: UpgradeCtx, attr: string, pos: number): void {
  const v = n.attrs[attr];
  if (v === undefined) return;
  delete n.attrs[attr];
  while (n.inputs.length < pos) n.inputs.push('');
  n.inputs[pos] = u.constant(`${n.name}/${attr}`, ints64(v as number[]));
}

const REDUCE = ['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2',
  'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'];

/** Canonicalise one node for the model's default-domain opset; may return several nodes. */
export function upgradeNode(n: RawNode, opset: number, u: UpgradeCtx): RawNode[] {
  switch (n.op) {
    case 'Slice':
      if (opset < 10) {
        const axes = n.attrs.axes;
        attrToInput(n, u, 'starts', 1);
        attrToInput(n, u, 'ends', 2);
        if (axes !== undefined) attrToInput(n, u, 'axes', 3);
      }
      break;
    case 'Squeeze': case 'Unsqueeze':
      if (opset < 13) attrToInput(n, u, 'axes', 1);
      break;
    case 'Split':
      if (opset < 13) attrToInput(n, u, 'split', 1);
      break;
    case 'Pad':
      if (opset < 11) {
        const value = n.attrs.value as number | undefined;
        attrToInput(n, u, 'pads', 1);
        delete n.attrs.value;
        if (value !== undefined && value !== 0) n.inputs[2] = u.constant(`${n.name}/value`, scalarF32(value));
      }
      break;
    case 'Clip':
      if (opset < 11) {
        const lo = n.attrs.min as number | undefined, hi = n.attrs.max as number | undefined;
        delete n.attrs.min; delete n.attrs.max;
        n.inputs = [n.inputs[0], lo !== undefined ? u.constant(`${n.name}/min`, scalarF32(lo)) : '',
          hi !== undefined ? u.constant(`${n.name}/max`, scalarF32(hi)) : ''];
      }
      break;
    case 'TopK':
      if (opset < 10) attrToInput(n, u, 'k', 1);
      break;
    case 'Concat': // opset 1-3: axis was optional, defaulting to 1
      if (opset < 4 && n.attrs.axis === undefined) n.attrs.axis = 1;
      break;
    case 'Scatter': // deprecated in opset 11: same semantics as ScatterElements without reduction
      n.op = 'ScatterElements';
      break;
    case 'Softmax': case 'LogSoftmax': case 'Hardmax':
      if (opset < 13) { n.attrs.legacy_2d = 1; if (n.attrs.axis === undefined) n.attrs.axis = 1; }
      break;
    case 'Upsample': {
      n.op = 'Resize';
      n.attrs.coordinate_transformation_mode = 'asymmetric';
      n.attrs.nearest_mode = 'floor';
      if (n.attrs.mode === 'linear' || n.attrs.mode === 'bilinear') n.attrs.mode = 'linear';
      const scales = n.attrs.scales as number[] | undefined;
      delete n.attrs.scales;
      const s = scales ? u.constant(`${n.name}/scales`, { dtype: 'float32', shape: [scales.length], data: arrayFrom('float32', scales) }) : n.inputs[1];
      n.inputs = [n.inputs[0], '', s];
      break;
    }
    case 'Resize':
      if (opset < 11) {
        n.attrs.coordinate_transformation_mode = 'asymmetric';
        n.attrs.nearest_mode = 'floor';
        n.inputs = [n.inputs[0], '', n.inputs[1]];
      }
      break;
    case 'Cast': { // opset < 6 names the target type (FLOAT ...): use the TensorProto code like later opsets
      const codes: Record<string, number> = { FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8,
        BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13 };
      const to = n.attrs.to;
      if (typeof to === 'string' && codes[to.toUpperCase()] !== undefined) n.attrs.to = codes[to.toUpperCase()];
      break;
    }
    case 'Dropout': { // inference: the mask output is all true (opset < 10: ones of the input type)
      const mask = n.outputs[1];
      n.outputs = [n.outputs[0]];
      if (!mask) break;
      const shape = u.temp(`${n.name}/shape`), ones = opset >= 10 ? mask : u.temp(`${n.name}/mask_bool`);
      const value: TensorAttr = { dtype: 'bool', shape: [1], data: arrayFrom('bool', [1]) };
      const out: RawNode[] = [n,
        { name: `${n.name}/shape`, op: 'Shape', inputs: [n.inputs[0]], outputs: [shape], attrs: {} },
        { name: `${n.name}/mask`, op: 'ConstantOfShape', inputs: [shape], outputs: [ones], attrs: { value } }];
      if (opset < 10) out.push({ name: `${n.name}/mask_like`, op: 'CastLike', inputs: [ones, n.inputs[0]], outputs: [mask], attrs: {} });
      return out;
    }
    case 'Sum': case 'Max': case 'Min': case 'Mean':
      return variadic(n, u);
    default:
      if (REDUCE.includes(n.op) && (opset < 18 && !(n.op === 'ReduceSum' && opset >= 13))) attrToInput(n, u, 'axes', 1);
  }
  return [n];
}

/** Sum/Max/Min/Mean with n inputs → a chain of binary nodes (Mean divides the sum by n). */
function variadic(n: RawNode, u: UpgradeCtx): RawNode[] {
  const ins = n.inputs.filter((i) => i !== '');
  const bin = n.op === 'Mean' ? 'Add' : n.op === 'Sum' ? 'Add' : n.op;
  const out: RawNode[] = [];
  if (ins.length === 1 && n.op !== 'Mean') return [{ ...n, op: 'Identity', inputs: ins }];
  let acc = ins[0];
  for (let i = 1; i < ins.length; i++) {
    const last = i === ins.length - 1 && n.op !== 'Mean';
    const o = last ? n.outputs[0] : u.temp(`${n.name}/${bin}${i}`);
    out.push({ name: `${n.name}/${bin}${i}`, op: bin, inputs: [acc, ins[i]], outputs: [o], attrs: {} });
    acc = o;
  }
  if (n.op === 'Mean') {
    const count = u.constant(`${n.name}/count`, scalarF32(ins.length));
    const like = u.temp(`${n.name}/count_like`);
    out.push({ name: `${n.name}/count_like`, op: 'CastLike', inputs: [count, ins[0]], outputs: [like], attrs: {} });
    out.push({ name: `${n.name}/div`, op: 'Div', inputs: [acc, like], outputs: [n.outputs[0]], attrs: {} });
  }
  return out;
}

// The contract of one IR op: shape/dtype rule, optional constant folding, memory behaviour, lowering.

import type { DType, NumArray } from '../ir/dtype.js';
import type { Graph, Node, Quant, TensorAttr, Value } from '../ir/graph.js';
import type { KernelCall } from '../kernels/call.js';
import type { TargetInfo } from '../targets/target.js';
import { fail } from '../diagnostics/error.js';
import type { Code } from '../diagnostics/codes.js';

export interface OutType { dtype: DType; shape: number[]; quant?: Quant }

export interface OpDef {
  op: string;
  /** Output dtypes and shapes from input types, attributes and constant inputs. Throws AotcError. */
  infer(c: OpCtx): OutType[];
  /** Evaluate on constant inputs (all inputs constant); outputs as typed arrays of the inferred types. */
  fold?(c: OpCtx, outs: OutType[]): NumArray[];
  /** Inputs that must be constant for `fold` to run (default: all; [] for Shape/Size/CastLike-style rules). */
  foldInputs?: readonly number[];
  /** Output 0 shares input 0's bytes (a view: Reshape, Squeeze, Identity ...). */
  alias?: boolean;
  /** [input, output] pairs that may share a buffer when the input dies here (elementwise). */
  inplace?: readonly (readonly [number, number])[];
  /** Lower to kernel calls for a target; absent for ops that exist only to be folded or aliased. */
  lower?(c: OpCtx, target: TargetInfo): KernelCall[];
  /** Multiply-accumulate count for reports (0 when not meaningful). */
  macs?(c: OpCtx): number;
}

/** Read-only view of one node for op rules: inputs, constants and typed attribute access. */
export class OpCtx {
  constructor(readonly graph: Graph, readonly node: Node) {}

  get op(): string { return this.node.op; }
  get inputCount(): number { return this.node.inputs.length; }

  hasInput(i: number): boolean { return i < this.node.inputs.length && this.node.inputs[i] !== null; }

  input(i: number): Value {
    const id = this.node.inputs[i];
    if (id === null || id === undefined) this.fail('AOTC0013', `input ${i} is required but missing`);
    const v = this.graph.values.get(id);
    if (!v) throw new Error(`IR: node ${this.node.name} input ${i} has no value`);
    return v;
  }

  output(i: number): Value {
    const v = this.graph.values.get(this.node.outputs[i]);
    if (!v) throw new Error(`IR: node ${this.node.name} output ${i} has no value`);
    return v;
  }

  shape(i: number): number[] { return this.input(i).shape; }
  dtype(i: number): DType { return this.input(i).dtype; }

  /** Constant data of input i, or undefined when not a compile-time constant. */
  constant(i: number): NumArray | undefined { return this.hasInput(i) ? this.input(i).data : undefined; }

  /** Input i as a list of numbers; it must be a compile-time constant (shape operands, axes, pads ...). */
  constInts(i: number, what: string): number[] {
    const d = this.constant(i);
    if (!d) {
      fail('AOTC0022', `${what} (input ${i}, '${this.input(i).name}') must be known at compile time`,
        { node: this.node.name, op: this.node.op, tensor: this.input(i).name },
        'aotc compiles static graphs: make it a constant initializer, or compute it from shapes only');
    }
    return Array.from(d as ArrayLike<number | bigint>, (x) => Number(x));
  }

  attr(name: string): unknown { return this.node.attrs[name]; }
  has(name: string): boolean { return this.node.attrs[name] !== undefined; }

  int(name: string, def?: number): number {
    const v = this.node.attrs[name];
    if (v === undefined) {
      if (def === undefined) this.fail('AOTC0013', `required attribute '${name}' is missing`);
      return def;
    }
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v !== 'number') this.fail('AOTC0013', `attribute '${name}' must be a number`);
    return v;
  }

  float(name: string, def?: number): number { return this.int(name, def); }

  ints(name: string, def?: number[]): number[] {
    const v = this.node.attrs[name];
    if (v === undefined) {
      if (def === undefined) this.fail('AOTC0013', `required attribute '${name}' is missing`);
      return def;
    }
    if (typeof v === 'number') return [v];
    if (!Array.isArray(v)) this.fail('AOTC0013', `attribute '${name}' must be a list of numbers`);
    return v as number[];
  }

  str(name: string, def?: string): string {
    const v = this.node.attrs[name];
    if (v === undefined) {
      if (def === undefined) this.fail('AOTC0013', `required attribute '${name}' is missing`);
      return def;
    }
    if (typeof v !== 'string') this.fail('AOTC0013', `attribute '${name}' must be a string`);
    return v;
  }

  tensor(name: string): TensorAttr | undefined {
    const v = this.node.attrs[name];
    return v !== undefined && typeof v === 'object' && !Array.isArray(v) ? (v as TensorAttr) : undefined;
  }

  /** Normalise a possibly negative axis against `rank`, failing clearly when out of range. */
  axis(a: number, rank: number, what = 'axis'): number {
    const r = a < 0 ? a + rank : a;
    if (r < 0 || r >= rank) this.fail('AOTC0013', `${what} ${a} is out of range for rank ${rank}`);
    return r;
  }

  fail(code: Code, message: string, hint?: string): never {
    fail(code, message, { node: this.node.name, op: this.node.op }, hint);
  }

  /** Fail unless input i's dtype is one of `allowed`. */
  requireDType(i: number, allowed: readonly DType[]): DType {
    const t = this.dtype(i);
    if (!allowed.includes(t)) {
      this.fail('AOTC0012', `input ${i} ('${this.input(i).name}') has dtype ${t}; supported: ${allowed.join(', ')}`);
    }
    return t;
  }
}

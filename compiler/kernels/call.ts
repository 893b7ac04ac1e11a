// Kernel-call records: what an op lowers to (a kernel id and typed arguments), never C text.

import type { DType, NumArray } from '../ir/dtype.js';

/** One argument of a kernel call, rendered by the C emitter. */
export type CArg =
  | { kind: 'in'; index: number }                 // pointer to input tensor `index` (const T *)
  | { kind: 'out'; index: number }                // pointer to output tensor `index` (T *)
  | { kind: 'int'; value: number }                // int32_t literal
  | { kind: 'i64'; value: bigint | number }       // int64_t literal
  | { kind: 'float'; value: number }              // float literal (exact, hex-float if needed)
  | { kind: 'double'; value: number }             // double literal
  | { kind: 'ints'; values: readonly number[] }   // static const int32_t[] (pointer)
  | { kind: 'floats'; values: readonly number[] } // static const float[] (pointer)
  | { kind: 'scratch'; bytes: number }            // pointer to per-call scratch bytes in the activation arena
  | { kind: 'weights'; dtype: DType; data: NumArray } // derived constant placed in the weights blob (const T *)
  | { kind: 'value'; id: number }                 // pointer to a graph value (what lowering turns `weights` into)
  | { kind: 'null' };

export const A = {
  in: (index: number): CArg => ({ kind: 'in', index }),
  out: (index: number): CArg => ({ kind: 'out', index }),
  int: (value: number): CArg => ({ kind: 'int', value }),
  i64: (value: bigint | number): CArg => ({ kind: 'i64', value }),
  float: (value: number): CArg => ({ kind: 'float', value }),
  double: (value: number): CArg => ({ kind: 'double', value }),
  ints: (values: readonly number[]): CArg => ({ kind: 'ints', values }),
  floats: (values: readonly number[]): CArg => ({ kind: 'floats', values }),
  scratch: (bytes: number): CArg => ({ kind: 'scratch', bytes }),
  /**
   * Constant data derived from the model at compile time (re-laid-out weights, folded biases): it goes into the
   * weights blob with the model's own constants, so the dynamic API and the weights/code split stay true.
   */
  weights: (dtype: DType, data: NumArray): CArg => ({ kind: 'weights', dtype, data }),
  null: (): CArg => ({ kind: 'null' }),
};

/**
 * A kernel instantiated from a C macro template (elementwise table rows): the emitter writes
 * `MACRO(name, params...)` once per distinct instance, then calls `name`.
 */
export interface KernelInstance { macro: string; name: string; params: string[] }

export interface KernelCall {
  /** Manifest id of the kernel (see manifest.ts), e.g. 'conv2d_f32'. */
  kernel: string;
  args: CArg[];
  /** For templated kernels: the instance to define and call instead of the manifest symbol. */
  instance?: KernelInstance;
}

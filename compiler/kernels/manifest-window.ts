// Kernel manifest entries of the window op family (3-D conv, conv transpose, pooling, unpooling).

import type { KernelSpec } from './kernel-spec.js';

const WINDOW_H = 'conv/window__ref.h';
const MAXPOOL_H = 'pool/maxpool__ref.h';

/** A reference kernel whose source needs shared headers first. */
const withDeps = (deps: string[], family: string, name: string): KernelSpec => ({
  files: [...deps, `${family}/${name}__ref.c`],
  symbol: `aotc_${name}__ref`,
});

export const WINDOW_KERNELS: Record<string, KernelSpec> = {
  conv3d_ncdhw_f32: withDeps([WINDOW_H], 'conv', 'conv3d_ncdhw_f32'),
  convtranspose3d_ncdhw_f32: withDeps([WINDOW_H], 'conv', 'convtranspose3d_ncdhw_f32'),
  maxpool_f32: withDeps([WINDOW_H, MAXPOOL_H], 'pool', 'maxpool_f32'),
  maxpool_f64: withDeps([WINDOW_H, MAXPOOL_H], 'pool', 'maxpool_f64'),
  maxpool_i8: withDeps([WINDOW_H, MAXPOOL_H], 'pool', 'maxpool_i8'),
  maxpool_u8: withDeps([WINDOW_H, MAXPOOL_H], 'pool', 'maxpool_u8'),
  avgpool_f32: withDeps([WINDOW_H], 'pool', 'avgpool_f32'),
  lppool_f32: withDeps([WINDOW_H], 'pool', 'lppool_f32'),
  global_pool_f32: withDeps([], 'pool', 'global_pool_f32'),
  maxunpool: withDeps([], 'pool', 'maxunpool'),
};

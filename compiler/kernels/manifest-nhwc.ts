// Kernel manifest entries of the nhwc op family.

import { ref, type KernelSpec } from './kernel-spec.js';

/** A reference kernel in runtime-c/kernels/nhwc; requantizing ones include the shared fixed-point header first. */
function nhwc(name: string): KernelSpec {
  const spec = ref('nhwc', name);
  return name.endsWith('_f32') || name.includes('pool') ? spec : { ...spec, files: ['quant/fixedpoint__ref.h', ...spec.files] };
}

const NAMES = [
  'conv2d_nhwc', 'dwconv2d_nhwc', 'fully_connected', 'avgpool2d_nhwc', 'maxpool2d_nhwc',
].flatMap((k) => ['f32', 's8', 's16'].map((t) => `${k}_${t}`));

export const NHWC_KERNELS: Record<string, KernelSpec> = Object.fromEntries(NAMES.map((n) => [n, nhwc(n)]));

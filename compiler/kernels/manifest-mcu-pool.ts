// Cortex-M variants of the int8 NHWC pools (DSP, MVE): the nhwc manifest entries plus their variant files.

import type { KernelSpec } from './kernel-spec.js';
import { NHWC_KERNELS } from './manifest-nhwc.js';

/** The nhwc entry `id` with variants `nhwc/<id>__<isa>.c` (each falls back to the ref outside its fast cases). */
function withVariants(id: string, isas: ('dsp' | 'mve')[]): KernelSpec {
  const base = NHWC_KERNELS[id];
  if (!base) throw new Error(`kernel '${id}' is not in the nhwc manifest`);
  const variant = (i: 'dsp' | 'mve') => [i, { files: [`nhwc/${id}__${i}.c`], symbol: `aotc_${id}__${i}` }];
  return { ...base, variants: Object.fromEntries(isas.map(variant)) };
}

export const MCU_POOL_KERNELS: Record<string, KernelSpec> = {
  avgpool2d_nhwc_s8: withVariants('avgpool2d_nhwc_s8', ['dsp', 'mve']),
  maxpool2d_nhwc_s8: withVariants('maxpool2d_nhwc_s8', ['dsp', 'mve']),
};

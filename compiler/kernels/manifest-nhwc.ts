// Kernel manifest entries of the nhwc op family.

import { ref, type KernelSpec } from './kernel-spec.js';

const FIXEDPOINT = 'quant/fixedpoint__ref.h';

/** A reference kernel in runtime-c/kernels/nhwc; requantizing ones include the shared fixed-point header first. */
function nhwc(name: string): KernelSpec {
  const spec = ref('nhwc', name);
  return name.endsWith('_f32') || name.includes('pool') ? spec : { ...spec, files: [FIXEDPOINT, ...spec.files] };
}

const NAMES = [
  'conv2d_nhwc', 'dwconv2d_nhwc', 'fully_connected', 'avgpool2d_nhwc', 'maxpool2d_nhwc',
].flatMap((k) => ['f32', 's8', 's16'].map((t) => `${k}_${t}`));

/** A kernel that exists only as an Armv7E-M DSP variant (lowered only for targets with 'dsp'): nhwc/<name>__dsp.c. */
const dsp = (name: string, deps: string[]): KernelSpec => ({
  files: [FIXEDPOINT],
  variants: { dsp: { files: [...deps.map((d) => `nhwc/${d}`), `nhwc/${name}__dsp.c`], symbol: `aotc_${name}__dsp` } },
});

/** A kernel that exists only as an MVE variant (lowered only for targets with 'mve'): nhwc/<name>__mve.c. */
const mve = (name: string, deps: string[]): KernelSpec => ({
  files: [FIXEDPOINT],
  variants: { mve: { files: [...deps.map((d) => `nhwc/${d}`), `nhwc/${name}__mve.c`], symbol: `aotc_${name}__mve` } },
});

const CORE_DSP = ['conv_s8_core__dsp.h'];
const CORE_MVE = ['conv_s8_core__mve.h'];

export const NHWC_KERNELS: Record<string, KernelSpec> = {
  ...Object.fromEntries(NAMES.map((n) => [n, nhwc(n)])),
  conv1x1_s8_dsp: dsp('conv1x1_s8', CORE_DSP),
  fc_s8_dsp: dsp('fc_s8', CORE_DSP),
  conv2d_s8_dsp: dsp('conv2d_s8', CORE_DSP),
  depthwise_s8_dsp: dsp('depthwise_s8', CORE_DSP),
  conv1x1_s8_mve: mve('conv1x1_s8', CORE_MVE),
  fc_s8_mve: mve('fc_s8', CORE_MVE),
  conv2d_s8_mve: mve('conv2d_s8', CORE_MVE),
  depthwise_s8_mve: mve('depthwise_s8', CORE_MVE),
};

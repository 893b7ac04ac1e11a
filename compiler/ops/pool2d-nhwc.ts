// AvgPool2DNhwc and MaxPool2DNhwc: 2-D pooling in NHWC (padding excluded from averages), float32 / int8 / int16 (TFLM).

import { numel } from '../ir/graph.js';
import { A } from '../kernels/call.js';
import type { OpCtx, OpDef } from './op-def.js';
import { activationArgs } from './activation.js';
import { extentArgs, nhwcWindow, windowsTouchInput } from './nhwc-geometry.js';
import { actRange, poolKind, quantOf } from './nhwc-quant.js';

function geometry(c: OpCtx) {
  const kind = poolKind(c);
  const kernel = c.ints('kernel');
  if (kernel.length !== 2) c.fail('AOTC0013', `kernel [${kernel}] must have 2 entries [kh, kw]`);
  const win = nhwcWindow(c, kernel[0], kernel[1], false);
  if (!windowsTouchInput(win)) c.fail('AOTC0011', `pads [${c.ints('pads')}] leave a ${kernel} window entirely in the padding`);
  return { kind, win };
}

function makePool(op: string, prefix: string): OpDef {
  return {
    op,
    infer(c) {
      const { kind, win } = geometry(c);
      if (kind === 'f32') return [{ dtype: 'float32', shape: [win.n, win.oh, win.ow, win.c] }];
      const out = c.output(0).quant;
      if (out) {
        const inq = quantOf(c, c.input(0), 'input');
        // TFLM's pools do not requantize: Prepare requires |Δscale| <= 1e-6 and equal zero points.
        if (inq.scale.length !== 1 || out.scale.length !== 1 || Math.abs(Math.fround(inq.scale[0] - out.scale[0])) > 1e-6
          || (inq.zeroPoint[0] ?? 0) !== (out.zeroPoint[0] ?? 0)) {
          c.fail('AOTC0011', `${op} with different input and output quantization is not supported (TFLite Micro requires them equal)`);
        }
      }
      return [{ dtype: c.dtype(0), shape: [win.n, win.oh, win.ow, win.c], ...(out ? { quant: out } : {}) }];
    },
    macs(c) { return numel(c.output(0).shape) * numel(c.ints('kernel')); },
    lower(c) {
      const { kind, win } = geometry(c);
      const args = [A.in(0), A.out(0), ...extentArgs(win), A.int(win.kh), A.int(win.kw), A.int(win.sh), A.int(win.sw), A.int(win.pt), A.int(win.pl)];
      const act = kind === 'f32' ? activationArgs(c) : actRange(c, kind).map((v) => A.int(v));
      return [{ kernel: `${prefix}_nhwc_${kind}`, args: [...args, ...act] }];
    },
  };
}

export const avgPool2dNhwc = makePool('AvgPool2DNhwc', 'avgpool2d');
export const maxPool2dNhwc = makePool('MaxPool2DNhwc', 'maxpool2d');

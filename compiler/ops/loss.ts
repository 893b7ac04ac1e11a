// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (= log-softmax over axis 1, then NLL): reductions, weights, ignore_index.

import { dtypeBytes, dtypeC, dtypeShort } from '../ir/dtype.js';
import { numel } from '../ir/graph.js';
import { A, type CArg, type KernelCall } from '../kernels/call.js';
import type { OpCtx, OpDef, OutType } from './op-def.js';

const REDUCTIONS = ['none', 'sum', 'mean'];

/** Shared checks of (input [N, C, d1..dk], target [N, d1..dk], weight [C]?); returns the loss geometry. */
function geometry(c: OpCtx) {
  const t = c.requireDType(0, ['float32', 'float64']);
  const tt = c.requireDType(1, ['int32', 'int64']);
  const x = c.shape(0), target = c.shape(1);
  if (x.length < 2) c.fail('AOTC0013', `input must have rank >= 2 ([N, C, d1..dk]), got [${x}]`);
  const expect = [x[0], ...x.slice(2)];
  if (target.length !== expect.length || target.some((d, i) => d !== expect[i])) {
    c.fail('AOTC0021', `target shape [${target}] does not match input [${x}] (expected [${expect}])`);
  }
  if (c.hasInput(2)) {
    if (c.dtype(2) !== t) c.fail('AOTC0012', `weight dtype ${c.dtype(2)} differs from input dtype ${t}`);
    if (c.shape(2).length !== 1 || c.shape(2)[0] !== x[1]) c.fail('AOTC0021', `weight shape [${c.shape(2)}] must be [${x[1]}]`);
  }
  const reduction = c.str('reduction', 'mean');
  if (!REDUCTIONS.includes(reduction)) c.fail('AOTC0011', `reduction '${reduction}' is not supported (none, sum, mean)`);
  return { t, tt, n: x[0], ch: x[1], d: numel(x.slice(2)), reduction: REDUCTIONS.indexOf(reduction), lossShape: reduction === 'none' ? target : [] };
}

/** The NLL kernel call reading log-probabilities from `logp`. */
function nllCall(c: OpCtx, logp: CArg): KernelCall {
  const { t, tt, n, ch, d, reduction } = geometry(c);
  const ignore = c.has('ignore_index') ? c.int('ignore_index') : undefined;
  return {
    kernel: 'loss_nll',
    instance: { macro: 'AOTC_LOSS_NLL', name: `aotc_loss_nll_${dtypeShort(t)}_${dtypeShort(tt)}__ref`, params: [dtypeC(t), dtypeC(tt)] },
    args: [logp, A.in(1), c.hasInput(2) ? A.in(2) : A.null(), A.out(0), A.int(n), A.int(ch), A.int(d), A.int(reduction),
      A.int(ignore === undefined ? 0 : 1), A.i64(ignore ?? 0)],
  };
}

export const negativeLogLikelihoodLoss: OpDef = {
  op: 'NegativeLogLikelihoodLoss',
  infer(c) {
    const { t, lossShape } = geometry(c);
    return [{ dtype: t, shape: [...lossShape] }];
  },
  lower: (c) => [nllCall(c, A.in(0))],
};

export const softmaxCrossEntropyLoss: OpDef = {
  op: 'SoftmaxCrossEntropyLoss',
  infer(c): OutType[] {
    const { t, lossShape } = geometry(c);
    return [{ dtype: t, shape: [...lossShape] }, { dtype: t, shape: [...c.shape(0)] }];
  },
  lower(c) {
    const { t, n, ch, d } = geometry(c);
    const logp = c.node.outputs.length > 1 ? A.out(1) : A.scratch(numel(c.shape(0)) * dtypeBytes(t));
    const f = (name: string) => (t === 'float32' ? `${name}f` : name);
    return [
      {
        kernel: 'loss_log_softmax',
        instance: { macro: 'AOTC_LOSS_LOG_SOFTMAX', name: `aotc_loss_log_softmax_${dtypeShort(t)}__ref`, params: [dtypeC(t), f('exp'), f('log')] },
        args: [A.in(0), logp, A.int(n), A.int(ch), A.int(d)],
      },
      nllCall(c, logp),
    ];
  },
};

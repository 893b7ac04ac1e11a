// The optimisation pipeline: an ordered list of passes, with verification and dumps after any pass.

import type { Graph } from '../ir/graph.js';
import { printGraph } from '../ir/print.js';
import { fail } from '../diagnostics/error.js';
import { assertValid } from './verify.js';
import { widenFloat16 } from './widen-float16.js';
import { inferAndFold } from './infer-and-fold.js';
import { removeDeadCode } from './dead-code.js';
import { foldBatchNorm } from './fold-batchnorm.js';
import { fuseActivations } from './fuse-activation.js';
import { foldBiasAdd } from './fold-bias-add.js';
import { fuseQdq } from './qdq-fuse.js';
import { lowerQuantizedOnnx } from './quantized-onnx.js';
import { optimizeLayout } from './layout-nhwc.js';

export interface Pass { name: string; run(g: Graph): void }

export const PASSES: Pass[] = [
  { name: 'qdq-fuse', run: fuseQdq },
  { name: 'widen-float16', run: widenFloat16 },
  { name: 'infer-and-fold', run: inferAndFold },
  { name: 'quantized-onnx', run: lowerQuantizedOnnx },
  { name: 'layout-nhwc', run: optimizeLayout },
  { name: 'dead-code', run: removeDeadCode },
  { name: 'fold-batchnorm', run: foldBatchNorm },
  { name: 'fold-bias-add', run: foldBiasAdd },
  { name: 'fuse-activation', run: fuseActivations },
  { name: 'dead-code-final', run: removeDeadCode },
];

export interface PipelineOptions {
  /** Run the IR verifier after every pass (always on in tests; cheap). */
  verify?: boolean;
  /** Pass names after which to print the IR (or 'all'); 'import' dumps before the first pass. */
  dumpAfter?: string[];
  dump?: (pass: string, text: string) => void;
}

export function runPipeline(g: Graph, opts: PipelineOptions = {}): void {
  const dumps = new Set(opts.dumpAfter ?? []);
  const known = new Set(['import', 'all', ...PASSES.map((p) => p.name)]);
  for (const d of dumps) {
    if (!known.has(d)) fail('AOTC0061', `--dump-after: unknown pass '${d}'`, undefined, `passes: ${[...known].join(', ')}`);
  }
  const emit = (name: string) => {
    if (dumps.has(name) || dumps.has('all')) (opts.dump ?? ((p, t) => process.stderr.write(`;; after ${p}\n${t}\n`)))(name, printGraph(g));
  };
  emit('import');
  for (const p of PASSES) {
    p.run(g);
    if (opts.verify !== false) assertValid(g, p.name);
    emit(p.name);
  }
}

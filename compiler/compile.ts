// The compile driver: model bytes → IR → passes → lowering → memory layout → bundle sources (in memory).

import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Graph, TensorAttr } from './ir/graph.js';
import { fail } from './diagnostics/error.js';
import { importOnnx } from './frontends/onnx/import.js';
import { importTflite } from './frontends/tflite/import.js';
import { runPipeline } from './passes/pipeline.js';
import { lowerGraph, type LoweredNode } from './lowering/lower.js';
import { copyNodesOf, layoutMemory, type MemoryLayout } from './memory/layout.js';
import { buildWeights, type WeightsBlob } from './emit/c/weights.js';
import { buildBundleView } from './emit/c/bundle-view.js';
import { render } from './emit/c/render.js';
import { cIdent } from './emit/c/names.js';
import { getTarget, type TargetInfo } from './targets/target.js';

export interface CompileOptions {
  target?: string;
  /** C prefix of the bundle; default: the model file's base name. */
  name?: string;
  inputShapes?: Map<string, number[]>;
  frozenInputs?: Map<string, TensorAttr>;
  dumpAfter?: string[];
  dump?: (pass: string, text: string) => void;
  verify?: boolean;
  /** Allow in-place reuse of activation buffers (default on). */
  inplace?: boolean;
  /** Reuse activation bytes across values (default on); off keeps every intermediate in its own slot (per-layer dumps). */
  reuse?: boolean;
  commandLine?: string;
}

export interface Compiled {
  name: string;
  target: TargetInfo;
  graph: Graph;
  lowered: LoweredNode[];
  memory: MemoryLayout;
  weights: WeightsBlob;
  modelSha256: string;
  /** Bundle files by file name: <name>.h, <name>.c, <name>.weights.c, <name>.weights.bin. */
  files: Map<string, string | Uint8Array>;
}

export type ModelFormat = 'onnx' | 'tflite';

export function detectFormat(bytes: Uint8Array, file: string): ModelFormat {
  if (bytes.length >= 8 && String.fromCharCode(...bytes.subarray(4, 8)) === 'TFL3') return 'tflite';
  if (file.endsWith('.tflite')) fail('AOTC0002', 'the file has a .tflite name but no TFLite flatbuffer identifier (TFL3)', { file }, 'the file may be truncated or not a TFLite model');
  return 'onnx';
}

export function defaultName(file: string): string {
  return cIdent(basename(file).replace(/\.(onnx|tflite)$/i, '')).toLowerCase();
}

export function importModel(bytes: Uint8Array, file: string, opts: CompileOptions = {}): Graph {
  const format = detectFormat(bytes, file);
  if (format === 'tflite') return importTflite(bytes, { file, inputShapes: opts.inputShapes });
  return importOnnx(bytes, { file, inputShapes: opts.inputShapes, frozenInputs: opts.frozenInputs });
}

/** Import and optimise: the graph `inspect` shows and the compiler lowers. */
export function optimizeModel(bytes: Uint8Array, file: string, opts: CompileOptions = {}): Graph {
  const g = importModel(bytes, file, opts);
  runPipeline(g, { verify: opts.verify, dumpAfter: opts.dumpAfter, dump: opts.dump });
  return g;
}

export function compileModel(bytes: Uint8Array, file: string, opts: CompileOptions = {}): Compiled {
  const graph = optimizeModel(bytes, file, opts);
  const modelSha256 = createHash('sha256').update(bytes).digest('hex');
  return compileGraph(graph, { ...opts, name: opts.name ?? defaultName(file) }, { file: basename(file), sha256: modelSha256 });
}

/** Lower an optimised graph to a bundle (also the entry for tests that build IR directly). */
export function compileGraph(graph: Graph, opts: CompileOptions = {}, model = { file: 'graph', sha256: '' }): Compiled {
  const target = getTarget(opts.target ?? 'host');
  const name = cIdent(opts.name ?? graph.name);
  const lowered = lowerGraph(graph, target, copyNodesOf(graph));
  const scratch = new Map(lowered.filter((l) => l.scratchBytes > 0).map((l) => [l.node.id, l.scratchBytes]));
  // Constants kernels read, in first-use order: model constants (`in` args) and derived ones (`value` args).
  const kernelInputs = new Set(lowered.flatMap((l) => l.calls.flatMap((c) => c.args.flatMap((a) =>
    (a.kind === 'in' ? [l.node.inputs[a.index]!] : a.kind === 'value' ? [a.id] : [])))));
  const memory = layoutMemory(graph, target.align, scratch, { inplace: opts.inplace, kernelInputs, reuse: opts.reuse });
  const weights = buildWeights(graph, memory);
  const view = buildBundleView(graph, lowered, memory, weights, target, {
    name, commandLine: opts.commandLine ?? `aotc compile ${model.file}`, modelSha256: model.sha256, modelFile: model.file,
  });
  const files = new Map<string, string | Uint8Array>([
    [`${name}.h`, render('bundle.h.hbs', view)],
    [`${name}.c`, render('bundle.c.hbs', view)],
    [`${name}.weights.c`, render('weights.c.hbs', view)],
    [`${name}.weights.bin`, weights.bytes],
  ]);
  return { name, target, graph, lowered, memory, weights, modelSha256: model.sha256, files };
}

// Compiles an ONNX model (bytes) for the host, runs it on float32 inputs and returns float32 outputs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileModel, type CompileOptions, type Compiled } from '../../compiler/compile.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';

export function runModel(bytes: Uint8Array, inputs: Float32Array[], opts: CompileOptions = {}): { outputs: Float32Array[]; compiled: Compiled } {
  const compiled = compileModel(bytes, 'model.onnx', { verify: true, ...opts });
  const runner = buildRunner(compiled, mkdtempSync(join(tmpdir(), 'aotc-test-')), { werror: true });
  const [outs] = runSets(runner, [inputs.map((a) => new Uint8Array(a.buffer.slice(0)))]);
  return { outputs: outs.map((b) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))), compiled };
}

export const seq = (n: number, f: (i: number) => number) => Float32Array.from({ length: n }, (_x, i) => f(i));

// `aotc bench`: run a model on a Cortex-M target under QEMU: instructions per inference, MACs, flash/RAM split,
// and whether the outputs equal the host bundle's byte for byte on the same input.

import { join } from 'node:path';
import { compileModel, type Compiled } from '../compile.js';
import { fail } from '../diagnostics/error.js';
import { fromBytes, type DType } from '../ir/dtype.js';
import { buildRunner, runSets } from '../harness/host-runner.js';
import { inputSpecs, randomSets } from '../harness/inputs.js';
import { runOnMcu } from '../harness/mcu-runner.js';
import { buildLayers, layerTotals } from '../report/layers.js';
import { bytes, int } from '../report/format.js';
import type { FirmwareFootprint, StackEstimate } from '../targets/footprint.js';
import { targetWithOverrides, type TargetInfo } from '../targets/target.js';
import { bundleName, ccOption, checkInputShapeNames, intOption, modelBase, parseInputShapes, readModel, say, withTempDir } from './common.js';

export interface BenchCliOptions {
  target: string; mcpu?: string; floatAbi?: string; runs?: string; seed?: string; json?: boolean;
  inputShape?: string[]; name?: string; cc?: string;
}

export interface OutputCompare {
  name: string; dtype: DType; bytes: number; bitExact: boolean;
  /** Elements that differ, and for float outputs the largest absolute difference (0 when bit-exact). */
  mismatches: number; maxAbsError: number | null;
}

export interface BenchResult {
  model: string; target: string; cpu: string; floatAbi: string; machine: string;
  runs: number; seed: number;
  /** Instructions per inference, exact (QEMU TCG plugin), from the call of <name>_run to its return. */
  instructions: number;
  instructionsPerRun: number[];
  macs: number;
  flash: FirmwareFootprint['flash'];
  ram: FirmwareFootprint['ram'];
  stackEstimate: StackEstimate | null;
  /** Every output equals the host bundle's output byte for byte. */
  bitExact: boolean;
  outputs: OutputCompare[];
}

/** Compare the MCU's output bytes with the host's: exact bytes, mismatching elements, float max abs error. */
export function compareOutputs(c: Compiled, mcu: Uint8Array[], host: Uint8Array[]): OutputCompare[] {
  return c.memory.io.outputs.map((id, i) => {
    const v = c.graph.values.get(id)!;
    const a = mcu[i]!, b = host[i]!;
    const exact = a.length === b.length && a.every((x, k) => x === b[k]);
    const x = fromBytes(a, v.dtype), y = fromBytes(b, v.dtype);
    let mismatches = 0, maxAbs = 0;
    for (let k = 0; k < Math.max(x.length, y.length); k++) {
      const p = x[k], q = y[k];
      if (p === undefined || q === undefined) { mismatches++; continue; }
      const same = typeof p === 'bigint' || typeof q === 'bigint' ? p === q : Object.is(p, q) || p === q;
      if (!same) {
        mismatches++;
        if (typeof p === 'number' && typeof q === 'number') maxAbs = Math.max(maxAbs, Number.isNaN(p) !== Number.isNaN(q) ? Infinity : Math.abs(p - q));
      }
    }
    const isFloat = v.dtype.startsWith('float');
    return { name: v.name, dtype: v.dtype, bytes: a.length, bitExact: exact, mismatches, maxAbsError: isFloat ? maxAbs : null };
  });
}

export interface BenchOptions { runs?: number; seed?: number; cc?: string; inputShapes?: Map<string, number[]>; name?: string }

/** Compile `bytes` for `target` and for the host, run both on one seeded random input set, and measure. */
export function benchModel(bytesIn: Uint8Array, file: string, target: TargetInfo, dir: string, o: BenchOptions = {}): BenchResult {
  const runs = o.runs ?? 1, seed = o.seed ?? 0;
  const opts = { name: o.name, inputShapes: o.inputShapes };
  const c = compileModel(bytesIn, file, { ...opts, target: target.id });
  if (o.inputShapes) checkInputShapeNames(c, o.inputShapes);
  const host = compileModel(bytesIn, file, { ...opts, target: 'host' });
  const [set] = randomSets(inputSpecs(c.graph), 1, seed);
  const inputs = set!.map((t) => t.data);
  const [hostOut] = runSets(buildRunner(host, join(dir, 'host'), { cc: o.cc }), [inputs]);
  const { fw, run } = runOnMcu(c, join(dir, target.id.replace(/[^A-Za-z0-9_.-]/g, '_')), { inputs, runs, cc: o.cc });
  const outputs = compareOutputs(c, run.outputs, hostOut!);
  const mcu = target.mcu!;
  return {
    model: modelBase(file), target: target.id, cpu: mcu.cpu, floatAbi: mcu.floatAbi, machine: mcu.machine, runs, seed,
    instructions: run.instructions, instructionsPerRun: run.perRun,
    macs: layerTotals(buildLayers(c)).macs,
    flash: run.footprint.flash, ram: run.footprint.ram, stackEstimate: fw.stackEstimate,
    bitExact: outputs.every((x) => x.bitExact), outputs,
  };
}

export async function benchCommand(model: string, o: BenchCliOptions): Promise<void> {
  const target = targetWithOverrides(o.target, { mcpu: o.mcpu, floatAbi: o.floatAbi });
  if (!target.mcu) {
    fail('AOTC0060', `aotc bench runs microcontroller targets under QEMU; '${target.id}' is not one`, undefined,
      'use --target cortex-m0, cortex-m3, cortex-m4, cortex-m7, cortex-m33 or cortex-m55 (host timing: aotc validate / scripts)');
  }
  const runs = intOption('--runs', o.runs, 1, 1);
  const seed = intOption('--seed', o.seed, 0);
  const bytesIn = readModel(model);
  const r = await withTempDir((dir) => benchModel(bytesIn, model, target, dir, {
    runs, seed, cc: ccOption(o.cc), inputShapes: parseInputShapes(o.inputShape), name: bundleName(model, o.name),
  }));
  if (o.json) { say(JSON.stringify(r)); return; }
  say(benchText(r));
}

function benchText(r: BenchResult): string {
  const f = r.flash, m = r.ram;
  const pct = (n: number, cap: number) => `${((100 * n) / cap).toFixed(1)}%`;
  const row = (label: string, n: number, note = '') => `    ${label.padEnd(14)}${int(n).padStart(10)} B${note ? `  ${note}` : ''}`;
  const lines = [
    `bench ${r.model} on ${r.target} (-mcpu=${r.cpu} -mfloat-abi=${r.floatAbi}, qemu ${r.machine}), ${r.runs} run(s), random input seed ${r.seed}`,
    `  instructions  ${int(r.instructions)} per inference (exact: executed inside the entry point, QEMU plugin)`,
    `  MACs          ${int(r.macs)}${r.macs ? ` (${(r.instructions / r.macs).toFixed(2)} instructions per MAC)` : ''}`,
    `  flash         ${bytes(f.total)} of ${bytes(f.capacity)} (${pct(f.total, f.capacity)})`,
    row('aotc code', f.aotcCode, 'bundle kernels + entry point (<name>.o, <name>_run)'),
    row('aotc weights', f.aotcWeights, 'weights blob'),
    row('other', f.other, `libc/libm/libgcc ${int(f.otherDetail.libraries)}, harness + start-up + input data ${int(f.otherDetail.harness)}, padding ${int(f.otherDetail.padding)}`),
    `  RAM           ${bytes(m.total)} of ${bytes(m.capacity)} (${pct(m.total, m.capacity)}, with ${int(m.stackReserved)} B reserved for the stack)`,
    row('activations', m.activations),
    row('io', m.io, 'inputs and outputs'),
    row('stack', m.stack, `measured peak of the entry point${r.stackEstimate ? ` (its own frames: ${int(r.stackEstimate.bytes)} B by -fstack-usage)` : ''}`),
    row('other', m.other, `libc data ${int(m.otherDetail.libraries)}, harness ${int(m.otherDetail.harness)}, padding ${int(m.otherDetail.padding)}`),
    `  vs host       ${r.bitExact ? 'bit-exact: every output equals the host bundle\'s byte for byte' : 'NOT bit-exact with the host bundle:'}`,
  ];
  for (const o of r.outputs) {
    if (!o.bitExact) lines.push(`    ${o.name} (${o.dtype}): ${int(o.mismatches)} element(s) differ${o.maxAbsError !== null ? `, max abs error ${o.maxAbsError.toExponential(3)}` : ''}`);
  }
  return lines.join('\n');
}

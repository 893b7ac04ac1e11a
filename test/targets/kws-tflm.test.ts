// The MLPerf Tiny keyword-spotting model (int8 DS-CNN) on Cortex-M4 / M7 / M33 / M55 under qemu-system-arm: one
// firmware per CPU holding several seeded inputs, every output byte-identical to TensorFlow Lite Micro's.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileModel } from '../../compiler/compile.js';
import { prng } from '../../compiler/harness/inputs.js';
import { buildFirmware, runFirmware } from '../../compiler/harness/mcu-runner.js';
import { runTfliteOracle, tfliteOracleStatus, unstackSets } from '../../compiler/harness/tflite-oracle.js';
import { numel } from '../../compiler/ir/graph.js';
import { ROOT } from '../cli/helpers.js';

const MODEL = resolve(ROOT, '../shared/models/mlperf-tiny/kws_ref_model.tflite');
const CPUS = ['cortex-m4', 'cortex-m7', 'cortex-m33', 'cortex-m55'];
const SETS = 6;
const TOOLS = ['qemu-system-arm', 'arm-none-eabi-gcc', 'ld.lld-19', 'clang-19'];

const haveTools = TOOLS.every((t) => spawnSync(t, ['--version']).status === 0);
const oracle = tfliteOracleStatus();
const missing = [
  ...(existsSync(MODEL) ? [] : [MODEL]),
  ...(haveTools ? [] : [TOOLS.join(', ')]),
  ...(oracle.ok ? [] : [`the TFLite Micro oracle (${oracle.reason})`]),
];

const tmp = mkdtempSync(join(tmpdir(), 'aotc-kws-tflm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Seeded int8 inputs: full-range noise, then narrower spreads around random centres (more varied outputs). */
function seededInputs(bytes: number, sets: number, seed: number): Uint8Array[] {
  const rand = prng(seed);
  return Array.from({ length: sets }, (_, s) => {
    const spread = [256, 96, 48, 24][s % 4]!;
    const centre = s === 0 ? 0 : Math.floor(rand() * 160) - 80;
    return Uint8Array.from({ length: bytes }, () => {
      const v = Math.max(-128, Math.min(127, centre + Math.floor((rand() - 0.5) * spread)));
      return v & 255;
    });
  });
}

describe('MLPerf Tiny KWS on Cortex-M under QEMU vs TFLite Micro', () => {
  const body = () => {
    const bytes = readFileSync(MODEL);
    const probe = compileModel(bytes, MODEL, { target: 'host', name: 'kws' });
    const inId = probe.graph.inputs[0]!, outId = probe.graph.outputs[0]!;
    const inShape = probe.graph.values.get(inId)!.shape;
    expect(probe.graph.values.get(inId)!.dtype).toBe('int8');
    const inputs = seededInputs(numel(inShape), SETS, 20240611);
    const stacked = new Uint8Array(inputs.reduce((a, b) => a + b.length, 0));
    inputs.forEach((b, i) => stacked.set(b, i * b.length));
    const tflm = runTfliteOracle(MODEL, [{ dtype: 'int8', shape: [SETS, ...inShape], data: stacked }], { runtime: 'tflm' });
    const want = unstackSets(tflm.outputArrays[0]!).map((a) => Buffer.from(a.data));
    expect(want[0]!.length).toBe(numel(probe.graph.values.get(outId)!.shape));
    // the inputs must not all give the same answer, or the comparison would say little
    expect(new Set(want.map((w) => w.toString('hex'))).size).toBeGreaterThan(1);

    const rows: string[] = [];
    for (const cpu of CPUS) {
      const c = compileModel(bytes, MODEL, { target: cpu, name: 'kws' });
      const fw = buildFirmware(c, join(tmp, cpu), { inputs: [inputs[0]!], moreInputs: inputs.slice(1).map((b) => [b]), werror: true });
      const run = runFirmware(fw);
      expect(run.outputSets).toHaveLength(SETS);
      run.outputSets!.forEach((o, s) => {
        expect(Buffer.from(o[0]!).toString('hex'), `${cpu}, input set ${s}`).toBe(want[s]!.toString('hex'));
      });
      const isas = [...new Set(c.lowered.flatMap((l) => l.calls.map((k) => k.isa)))].join('+');
      rows.push(`kws_ref_model ${cpu.padEnd(11)} ${String(Math.min(...run.perRun)).padStart(9)}..${Math.max(...run.perRun)} instructions  kernels ${isas}  code ${run.footprint.flash.aotcCode} B`);
    }
    console.log(rows.join('\n'));
  };
  if (missing.length === 0) it(`outputs equal TFLM's for ${SETS} seeded inputs on ${CPUS.join(', ')}`, body, 600_000);
  else if (process.env.CI) it('prerequisites', () => { throw new Error(`missing: ${missing.join('; ')}`); });
  else it.skip(`outputs equal TFLM's (needs ${missing.join('; ')})`, body);
});

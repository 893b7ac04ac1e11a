// Cortex-M targets: descriptors and overrides, footprint parsing, and models run under qemu-system-arm on all six
// CPUs, compared with the host bundle byte for byte (float: within a tolerance when not bit-identical).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileModel, type Compiled } from '../../compiler/compile.js';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { buildRunner, runSets } from '../../compiler/harness/host-runner.js';
import { inputSpecs, randomSets } from '../../compiler/harness/inputs.js';
import { buildFirmware, runFirmware, runOnMcu } from '../../compiler/harness/mcu-runner.js';
import { compareOutputs } from '../../compiler/cli/bench.js';
import { firmwareFootprint, parseCallRelocations, parseLldMap, parseStackUsage, stackEstimate } from '../../compiler/targets/footprint.js';
import { getTarget, listTargets, targetWithOverrides } from '../../compiler/targets/target.js';
import { aotc, CLI, ROOT } from '../cli/helpers.js';

const CPUS = ['cortex-m0', 'cortex-m3', 'cortex-m4', 'cortex-m7', 'cortex-m33', 'cortex-m55'];
const NODE = '/usr/share/libonnx-testdata/data/node';
const BACKEND = ['test_basic_conv_with_padding', 'test_add_uint8', 'test_softmax_example'];

const tmp = mkdtempSync(join(tmpdir(), 'aotc-cortex-m-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const expectAotc = (f: () => unknown, code: string, text?: RegExp) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AotcError);
    expect((e as AotcError).code).toBe(code);
    if (text) expect([(e as AotcError).message, ...(e as AotcError).details, (e as AotcError).hint ?? ''].join('\n')).toMatch(text);
    return e as AotcError;
  }
  throw new Error(`expected ${code}`);
};

describe('Cortex-M target descriptors', () => {
  it('six targets with bare-metal clang flags, ISA lists, 16-byte alignment, 4-byte pointers', () => {
    const ids = listTargets().map((t) => t.id);
    for (const id of CPUS) expect(ids).toContain(id);
    const m7 = getTarget('cortex-m7');
    expect(m7.clangTarget).toEqual(['--target=arm-none-eabi', '-mthumb', '-mcpu=cortex-m7', '-mfloat-abi=hard', '-mfpu=fpv5-d16', '-fshort-enums', '--sysroot=/usr/lib/arm-none-eabi']);
    expect(m7.mcu).toMatchObject({ machine: 'mps2-an500', floatAbi: 'hard', flash: { origin: 0, size: 4 << 20 }, ram: { origin: 0x20000000, size: 4 << 20 } });
    expect(getTarget('cortex-m0').mcu).toMatchObject({ machine: 'microbit', flash: { size: 256 << 10 }, ram: { size: 16 << 10 } });
    expect(getTarget('cortex-m33').mcu).toMatchObject({ machine: 'mps2-an505', flash: { origin: 0x10000000 }, ram: { origin: 0x38000000 } });
    expect(getTarget('cortex-m55').mcu).toMatchObject({ machine: 'mps3-an547', flash: { origin: 0x10000000, size: 512 << 10 }, ram: { origin: 0x30000000 } });
    expect(getTarget('cortex-m0').isa).toEqual(['ref']);
    expect(getTarget('cortex-m3').isa).toEqual(['ref']);
    for (const id of ['cortex-m4', 'cortex-m7', 'cortex-m33']) expect(getTarget(id).isa).toEqual(['dsp', 'ref']);
    expect(getTarget('cortex-m55').isa).toEqual(['mve', 'dsp', 'ref']);
    expect(getTarget('cortex-m55').clangTarget).not.toContain('-mfpu=fpv5-d16'); // -mcpu=cortex-m55 implies FPU + MVE
    for (const id of CPUS) {
      const t = getTarget(id);
      expect([t.align, t.pointerBytes, t.runner]).toEqual([16, 4, 'qemu-system']);
    }
    expect(getTarget('cortex-m4f').id).toBe('cortex-m4');
    expect(getTarget('cortex-m7f').id).toBe('cortex-m7');
  });

  it('--float-abi / --mcpu overrides: derived ids round-trip, impossible combinations fail cleanly', () => {
    const soft = targetWithOverrides('cortex-m7', { floatAbi: 'soft' });
    expect(soft.id).toBe('cortex-m7+float-abi=soft');
    expect(soft.clangTarget).toContain('-mfloat-abi=soft');
    expect(soft.clangTarget.some((f) => f.startsWith('-mfpu'))).toBe(false);
    expect(getTarget(soft.id).clangTarget).toEqual(soft.clangTarget);
    expect(targetWithOverrides('cortex-m55', { floatAbi: 'soft' }).isa).toEqual(['dsp', 'ref']); // MVE needs the FP registers
    expect(targetWithOverrides('cortex-m4', { floatAbi: 'softfp' }).clangTarget).toContain('-mfpu=fpv4-sp-d16');
    expect(targetWithOverrides('cortex-m7', { floatAbi: 'hard' })).toBe(getTarget('cortex-m7'));
    const m3on7 = targetWithOverrides('cortex-m7', { mcpu: 'cortex-m3' });
    expect([m3on7.id, m3on7.mcu!.floatAbi, m3on7.mcu!.machine]).toEqual(['cortex-m7+mcpu=cortex-m3', 'soft', 'mps2-an500']);
    expect(getTarget(m3on7.id).mcu!.cpu).toBe('cortex-m3');
    expectAotc(() => targetWithOverrides('cortex-m3', { floatAbi: 'hard' }), 'AOTC0061', /no FPU/);
    expectAotc(() => targetWithOverrides('cortex-m4', { floatAbi: 'double' }), 'AOTC0061', /float-abi/);
    expectAotc(() => targetWithOverrides('cortex-m4', { mcpu: 'pentium' }), 'AOTC0061', /cortex-m55/);
    expectAotc(() => targetWithOverrides('host', { floatAbi: 'soft' }), 'AOTC0061', /Cortex-M/);
    expectAotc(() => getTarget('cortex-m4+fast'), 'AOTC0060');
  });
});

describe('footprint parsing', () => {
  it('stack: .su frames summed along the deepest call path; unknown callees are library calls', () => {
    const su = parseStackUsage('m.c:10:1:m_run_with_weights\t96\tstatic\nm.c:20:1:k_conv\t48\tstatic\nm.c:30:1:k_small\t8\tstatic\n');
    const edges = parseCallRelocations([
      'RELOCATION RECORDS FOR [.text.m_run_with_weights]:', 'OFFSET   TYPE                     VALUE',
      '00000010 R_ARM_THM_CALL           k_conv', '00000020 R_ARM_THM_CALL           k_small', '00000024 R_ARM_THM_MOVW_ABS_NC    table',
      'RELOCATION RECORDS FOR [.text.k_conv]:', '00000004 R_ARM_THM_JUMP24         expf',
      'RELOCATION RECORDS FOR [.ARM.exidx.text.k_conv]:', '00000000 R_ARM_PREL31             .text.k_conv',
    ].join('\n'));
    expect(stackEstimate('m_run_with_weights', su, edges)).toEqual({ bytes: 144, path: ['m_run_with_weights', 'k_conv'], libraryCalls: ['expf'], bounded: true });
  });

  it('firmware map: <name>.o / <name>.weights.o are aotc, the harness regions are activations and io', () => {
    const map = parseLldMap([
      '     VMA      LMA     Size Align Out     In      Symbol',
      '       0        0       40     4 .isr_vector',
      '       0        0       40     4         startup_cm.o:(.isr_vector)',
      '      40       40      200    64 .text',
      '      40       40      100     4         m.o:(.text.m_run_with_weights)',
      '      41       41      100     1                 m_run_with_weights',
      '     140      140       10     2         m.weights.o:(.text.m_run)',
      '     150      150       80     4         /usr/lib/x/libm.a(lib_a-sf_exp.o):(.text)',
      '     240      240      120    16 .rodata',
      '     240      240      100    16         m.weights.o:(.rodata.m_weights)',
      '     340      340       20     1         m.o:(.rodata.m_weights_sha256)',
      '20000000      360       10     8 .data',
      '20000000      360       10     8         /usr/lib/x/libc.a(lib_a-impure.o):(.data)',
      '20000010 20000010      300    16 .bss',
      '20000010 20000010      100    16         harness.o:(.bss.aotc_io_mem)',
      '20000110 20000110      200    16         harness.o:(.bss.aotc_activation_mem)',
      '20000310 20000310      400     8 .stack',
    ].join('\n'));
    const fp = firmwareFootprint(map, 'm', 0x40, { flash: 4096, ram: 8192 });
    expect(fp.flash).toMatchObject({ aotcCode: 0x100 + 0x10 + 0x20, aotcWeights: 0x100, total: 0x40 + 0x200 + 0x120 + 0x10 });
    expect(fp.flash.other).toBe(fp.flash.total - fp.flash.aotcCode - fp.flash.aotcWeights);
    expect(fp.flash.otherDetail).toEqual({ libraries: 0x80 + 0x10, harness: 0x40, padding: 0x200 - 0x190 });
    expect(fp.ram).toMatchObject({ activations: 0x200, io: 0x100, stack: 0x40, other: 0x10, stackReserved: 0x400, total: 0x10 + 0x300 + 0x400 });
  });
});

// ---- under qemu-system-arm ----

const TOOLS = ['qemu-system-arm', 'arm-none-eabi-gcc', 'ld.lld-19', 'clang-19', 'llvm-readelf-19'];
const haveTools = TOOLS.every((t) => spawnSync(t, ['--version']).status === 0);
const haveModels = BACKEND.every((m) => existsSync(join(NODE, m, 'model.onnx')));
const qemuIt = (name: string, fn: () => void | Promise<void>, timeout = 300_000) => {
  if (haveTools && haveModels && existsSync(CLI)) it(name, fn, timeout);
  else if (process.env.CI) it(name, () => { throw new Error(`missing ${TOOLS.join(', ')}, the ONNX test data or dist/ (npx tsc)`); });
  else it.skip(`${name} (needs ${TOOLS.join(', ')}, libonnx-testdata, dist/)`, fn);
};

/** Tag_ABI_VFP_args of an object's .ARM.attributes ('AAPCS VFP' = hard float, 'AAPCS' = soft/softfp). */
function vfpArgs(obj: string): string {
  const r = spawnSync('llvm-readelf-19', ['-A', obj], { encoding: 'utf8' });
  return /TagName: ABI_VFP_args\s+Description: (.*)/.exec(r.stdout)?.[1]?.trim() ?? '(absent)';
}

let demo = '';
beforeAll(() => {
  demo = join(tmp, 'kws_demo.onnx');
  if (existsSync(join(ROOT, 'dist/scripts/make-demo-model.js'))) {
    spawnSync(process.execPath, [join(ROOT, 'dist/scripts/make-demo-model.js'), demo]);
  }
});

interface Row { model: string; target: string; instructions: number | string; flash: number; ram: number; exact: string }
const rows: Row[] = [];
afterAll(() => {
  if (rows.length) console.log(rows.map((r) => `${r.model.padEnd(30)} ${r.target.padEnd(11)} ${String(r.instructions).padStart(10)}  flash ${String(r.flash).padStart(6)}  ram ${String(r.ram).padStart(6)}  ${r.exact}`).join('\n'));
});

/** Host outputs for one seeded input set. */
function hostRun(bytes: Uint8Array, file: string, dir: string): { inputs: Uint8Array[]; outputs: Uint8Array[] } {
  const host = compileModel(bytes, file, { target: 'host', name: 'm' });
  const [set] = randomSets(inputSpecs(host.graph), 1, 7);
  const inputs = set!.map((t) => t.data);
  const [outputs] = runSets(buildRunner(host, join(dir, 'host'), { werror: true }), [inputs]);
  return { inputs, outputs: outputs! };
}

function checkOutputs(c: Compiled, got: Uint8Array[], want: Uint8Array[]): string {
  const cmp = compareOutputs(c, got, want);
  for (const o of cmp) {
    if (o.maxAbsError === null) expect(o.bitExact, `${o.name} (${o.dtype}) must be bit-exact`).toBe(true);
    else expect(o.maxAbsError, `${o.name}: max abs error`).toBeLessThanOrEqual(1e-6);
  }
  return cmp.every((o) => o.bitExact) ? 'bit-exact' : `float: ${cmp.map((o) => `${o.mismatches} differ, max ${o.maxAbsError?.toExponential(2)}`).join('; ')}`;
}

describe('models under qemu-system-arm', () => {
  qemuIt('ONNX backend models on all six CPUs: outputs equal the host bundle (float: within 1e-6), counts deterministic', () => {
    for (const m of BACKEND) {
      const file = join(NODE, m, 'model.onnx');
      const bytes = readFileSync(file);
      const dir = join(tmp, m);
      const ref = hostRun(bytes, file, dir);
      for (const t of CPUS) {
        const c = compileModel(bytes, file, { target: t, name: 'm' });
        const { fw, run } = runOnMcu(c, join(dir, t), { inputs: ref.inputs, runs: 2, werror: true });
        expect(run.perRun[0]).toBe(run.perRun[1]);
        expect(run.instructions).toBeGreaterThan(0);
        expect(run.footprint.flash.aotcWeights).toBe(c.weights.bytes.length);
        expect(run.footprint.ram.activations).toBe(Math.max(1, c.memory.act.size));
        expect(run.footprint.ram.io).toBe(Math.max(1, c.memory.io.size));
        expect(run.stackUsed).toBeGreaterThan(0);
        expect(run.stackUsed).toBeLessThan(fw.stackReserved);
        const exact = checkOutputs(c, run.outputs, ref.outputs);
        if (m.includes('uint8')) expect(exact).toBe('bit-exact');
        rows.push({ model: m, target: t, instructions: run.instructions, flash: run.footprint.flash.total, ram: run.footprint.ram.total, exact });
      }
    }
  });

  qemuIt('the demo model: fits M3..M55 (same count run to run), and does not fit the micro:bit M0 (AOTC0063 with numbers)', () => {
    const bytes = readFileSync(demo);
    const dir = join(tmp, 'demo');
    const ref = hostRun(bytes, demo, dir);
    for (const t of CPUS) {
      const c = compileModel(bytes, demo, { target: t, name: 'm' });
      if (t === 'cortex-m0') {
        const e = expectAotc(() => buildFirmware(c, join(dir, t), { inputs: ref.inputs }), 'AOTC0063', /RAM needs \d+ B .* > 16\.0 KiB/);
        expect(e.details.join('\n')).toMatch(/activations 39040 B/);
        rows.push({ model: 'kws_demo', target: t, instructions: 'AOTC0063', flash: 0, ram: 0, exact: e.message });
        continue;
      }
      const fw = buildFirmware(c, join(dir, t), { inputs: ref.inputs, werror: true });
      const a = runFirmware(fw), b = runFirmware(fw);
      expect(b.instructions).toBe(a.instructions);
      expect(b.outputs).toEqual(a.outputs);
      const exact = checkOutputs(c, a.outputs, ref.outputs);
      rows.push({ model: 'kws_demo', target: t, instructions: a.instructions, flash: a.footprint.flash.total, ram: a.footprint.ram.total, exact });
    }
  });

  qemuIt('aotc bench --json prints one JSON object; aotc compile --target cortex-m7 builds a hard-float Thumb object and reports flash/RAM', () => {
    const r = aotc(['bench', demo, '--target', 'cortex-m4f', '--json', '--runs', '2']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(j).toMatchObject({ model: 'kws_demo.onnx', target: 'cortex-m4', macs: 161184 });
    expect(j.instructionsPerRun).toEqual([j.instructions, j.instructions]);
    for (const k of ['aotcCode', 'aotcWeights', 'other']) expect(j.flash[k]).toBeGreaterThan(0);
    for (const k of ['activations', 'io', 'stack', 'other']) expect(j.ram[k]).toBeGreaterThan(0);
    expect(typeof j.bitExact).toBe('boolean');

    const m0 = aotc(['bench', demo, '--target', 'cortex-m0']);
    expect(m0.code).toBe(2);
    expect(m0.stderr).toMatch(/error AOTC0063: model 'kws_demo' does not fit cortex-m0 \(qemu microbit\): RAM needs \d+ B/);

    const out = join(tmp, 'compiled-m7');
    const c = aotc(['compile', demo, '--target', 'cortex-m7', '-o', out]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/mcu: +qemu mps2-an500/);
    expect(c.stdout).toMatch(/RAM +[\d,]+ B .*= activations 39,040 B \+ io [\d,]+ B \+ \d+ B stack/);
    const obj = readFileSync(join(out, 'kws_demo.o'));
    expect([obj[4], obj.readUInt16LE(18)]).toEqual([1, 40]); // ELFCLASS32, EM_ARM
    expect(vfpArgs(join(out, 'kws_demo.o'))).toBe('AAPCS VFP'); // hard float ABI (Tag_ABI_VFP_args)
    const manifest = JSON.parse(readFileSync(join(out, 'kws_demo.json'), 'utf8'));
    expect(manifest.footprint.fits).toEqual({ flash: true, ram: true });
    expect(manifest.footprint.flash.weights).toBe(manifest.weights.bytes);
    expect(manifest.footprint.stack.bytes).toBeGreaterThan(0);

    const soft = aotc(['compile', demo, '--target', 'cortex-m4', '--float-abi', 'soft', '-o', join(tmp, 'compiled-m4soft')]);
    expect(soft.code, soft.stderr).toBe(0);
    expect(vfpArgs(join(tmp, 'compiled-m4soft', 'kws_demo.o'))).not.toBe('AAPCS VFP'); // base AAPCS (tag absent)
    expect(JSON.parse(readFileSync(join(tmp, 'compiled-m4soft', 'kws_demo.json'), 'utf8')).target).toBe('cortex-m4+float-abi=soft');
  });
});

// Builds a bundle into Cortex-M firmware (clang-19 + ld.lld-19 + newlib) and runs it under qemu-system-arm,
// counting instructions with the insncount TCG plugin; also the footprint split and the MCU-vs-host benchmark.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Compiled } from '../compile.js';
import { AotcError, fail } from '../diagnostics/error.js';
import { render } from '../emit/c/render.js';
import { buildBundleView } from '../emit/c/bundle-view.js';
import { byteRows } from '../emit/c/literals.js';
import { PACKAGE_ROOT, RUNTIME_DIR } from '../paths.js';
import type { TargetInfo } from '../targets/target.js';
import { firmwareFootprint, objectStackEstimate, parseLldMap, type FirmwareFootprint, type StackEstimate } from '../targets/footprint.js';
import { compileC, findCompiler } from '../toolchain/clang.js';
import { hasProgram, runProgram } from '../toolchain/process.js';

export const BOARDS_DIR = join(RUNTIME_DIR, 'boards');
export const PLUGIN_SOURCE = join(PACKAGE_ROOT, 'tools/qemu-plugin/insncount.c');

const missing = (what: string, hint: string): never => fail('AOTC0064', `${what} not found`, undefined, hint);
const firstProgram = (cands: string[]) => cands.find((c) => hasProgram(c));

const APT_HINT = 'install the Cortex-M toolchain: apt-get install clang-19 lld-19 llvm-19 gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm (scripts/setup.sh); `aotc doctor` checks';

/** ld.lld (ld.lld-19, else ld.lld). */
export function findLinker(): string {
  return firstProgram(['ld.lld-19', 'ld.lld']) ?? missing('ld.lld-19 (the LLVM linker)', APT_HINT);
}

export function findQemuSystem(): string {
  return firstProgram(['qemu-system-arm']) ?? missing('qemu-system-arm', APT_HINT);
}

export interface ArmLibs { multilib: string; newlibDir: string; libgccDir: string }
const libsCache = new Map<string, ArmLibs>();

/**
 * newlib and libgcc for the target's CPU flags: `arm-none-eabi-gcc <flags> -print-file-name=libc.a` and
 * `-print-libgcc-file-name` (Debian's gcc has no -print-sysroot; the multilib follows -mcpu/-mfloat-abi/-mfpu).
 */
export function findArmLibs(target: TargetInfo): ArmLibs {
  const flags = target.mcu!.cpuFlags;
  const key = flags.join(' ');
  const hit = libsCache.get(key);
  if (hit) return hit;
  const gcc = firstProgram(['arm-none-eabi-gcc']) ?? missing('arm-none-eabi-gcc (used to locate newlib and libgcc)', APT_HINT);
  const ask = (arg: string) => runProgram(gcc, [...flags, arg], { timeoutMs: 30_000 }).stdout.trim();
  const libc = ask('-print-file-name=libc.a');
  const libgcc = ask('-print-libgcc-file-name');
  if (!libc.includes('/') || !existsSync(libc)) missing(`newlib for ${key} (libc.a)`, 'apt-get install libnewlib-arm-none-eabi');
  if (!libgcc.includes('/') || !existsSync(libgcc)) missing(`libgcc for ${key}`, 'apt-get install gcc-arm-none-eabi');
  const libs = { multilib: ask('-print-multi-directory'), newlibDir: dirname(libc), libgccDir: dirname(libgcc) };
  libsCache.set(key, libs);
  return libs;
}

/** Build the insncount plugin with the host compiler into `dir` (never shipped as a binary). */
export function buildInsnPlugin(dir: string, cc?: string): string {
  const host = firstProgram([cc ?? '', 'cc', 'gcc', 'clang-19', 'clang'].filter(Boolean)) ?? missing('a host C compiler for the QEMU plugin', APT_HINT);
  const out = join(dir, 'insncount.so');
  const r = runProgram(host, ['-shared', '-fPIC', '-O2', '-Wall', '-Wextra', PLUGIN_SOURCE, '-o', out], { timeoutMs: 120_000 });
  if (r.code !== 0) fail('AOTC0041', `${host} failed to build the QEMU plugin`, undefined, undefined, r.stderr.split('\n').filter(Boolean).slice(0, 10));
  return out;
}

export interface Firmware {
  compiled: Compiled; dir: string; elf: string; mapFile: string; runs: number;
  /** Input sets embedded (1 + FirmwareOptions.moreInputs); with more than one, every run prints its outputs. */
  sets?: number;
  /** Bytes reserved for the stack (.stack section). */
  stackReserved: number;
  /** Static estimate of the entry point's stack from -fstack-usage (bundle frames only). */
  stackEstimate: StackEstimate | null;
}

export interface FirmwareOptions {
  /** One byte buffer per graph input (the bundle's io layout). */
  inputs: Uint8Array[];
  /** Further input sets (same layout as `inputs`), embedded too: run k uses set k mod (1 + n), and every run's
   *  outputs are reported (McuRun.outputSets). One firmware build serves many inputs. */
  moreInputs?: Uint8Array[][];
  /** Inferences to run (each between its own markers; default 1, or one per input set with moreInputs). */
  runs?: number;
  cc?: string;
  werror?: boolean;
  /** Stack to reserve (default: the static estimate + 1 KiB for library calls and the harness, at least 1 KiB). */
  stackBytes?: number;
}

const round = (n: number, k: number) => Math.ceil(n / k) * k;

/** Write the bundle, the harness and the board files' objects into `dir`, and link `firmware.elf`. */
export function buildFirmware(compiled: Compiled, dir: string, o: FirmwareOptions): Firmware {
  const target = compiled.target;
  const mcu = target.mcu;
  if (!mcu) fail('AOTC0060', `target '${target.id}' is not a microcontroller target`, undefined, 'use --target cortex-m0 ... cortex-m55');
  const sets = [o.inputs, ...(o.moreInputs ?? [])];
  const runs = o.runs ?? sets.length;
  mkdirSync(dir, { recursive: true });
  for (const [f, content] of compiled.files) writeFileSync(join(dir, f), content);
  const mem = compiled.memory;
  const inSizes = mem.io.inputs.map((id) => mem.loc.get(id)?.bytes ?? 0);
  for (const set of sets) {
    if (set.length !== inSizes.length || set.some((b, i) => b.length !== inSizes[i])) {
      fail('AOTC0050', `the input set has ${set.map((b) => b.length).join('+') || 'no'} bytes, the bundle expects ${inSizes.join('+') || 'none'}`);
    }
  }
  const setBytes = inSizes.reduce((a, b) => a + b, 0);
  const input = new Uint8Array(setBytes * sets.length);
  let pos = 0;
  for (const b of sets.flat()) { input.set(b, pos); pos += b.length; }
  const view = buildBundleView(compiled.graph, compiled.lowered, mem, compiled.weights, target,
    { name: compiled.name, commandLine: '', modelSha256: compiled.modelSha256, modelFile: '' });
  writeFileSync(join(dir, 'harness.c'), render('harness-mcu.c.hbs', {
    ...view, runs, sets: sets.length, setBytes, inputBytes: input.length, inputArrayBytes: Math.max(1, input.length), inputRows: input.length ? byteRows(input) : '    0',
  }));

  // aotc's own regions alone too big: say so before compiling anything (stack and code are checked below).
  if (mem.act.size + mem.io.size > mcu.ram.size || compiled.weights.bytes.length > mcu.flash.size) {
    doesNotFit(compiled, compiled.weights.bytes.length, mem.act.size + mem.io.size, 0);
  }
  const cc = findCompiler(o.cc);
  const name = compiled.name;
  const objs: string[] = [];
  const cObj = (src: string, obj: string, extra: string[] = []) => {
    compileC(cc, target, [src], obj, ['-c', ...extra], { werror: o.werror, cwd: dir });
    objs.push(obj);
  };
  cObj(`${name}.c`, `${name}.o`, ['-fstack-usage']);
  cObj(`${name}.weights.c`, `${name}.weights.o`);
  cObj('harness.c', 'harness.o');
  cObj(join(BOARDS_DIR, 'startup_cm.c'), 'startup_cm.o');
  cObj(join(BOARDS_DIR, 'semihost.c'), 'semihost.o');
  const stackEstimate = objectStackEstimate(join(dir, `${name}.o`), join(dir, `${name}.su`), `${name}_run_with_weights`);
  const stackReserved = round(o.stackBytes ?? Math.max(1024, (stackEstimate?.bytes ?? 1024) + 1024), 8);

  // Flash/RAM check of aotc's own part before linking: a clean error with the numbers.
  const needRam = mem.act.size + mem.io.size + stackReserved;
  const needFlash = compiled.weights.bytes.length;
  if (needRam > mcu.ram.size || needFlash > mcu.flash.size) doesNotFit(compiled, needFlash, needRam, stackReserved);

  const libs = findArmLibs(target);
  const elf = join(dir, 'firmware.elf'), mapFile = join(dir, 'firmware.map');
  const args = ['-o', elf, ...objs, '-L', join(BOARDS_DIR, 'ld'), '-T', mcu.ldScript, '--gc-sections',
    `--defsym=__stack_size=${stackReserved}`, '-L', libs.newlibDir, '-L', libs.libgccDir,
    '--start-group', '-lc', '-lm', '-lgcc', '--end-group', '-Map', mapFile];
  const r = runProgram(findLinker(), args, { cwd: dir, timeoutMs: 300_000 });
  if (r.code !== 0) {
    const over = [...r.stderr.matchAll(/will not fit in region '(\w+)': overflowed by (\d+) bytes/g)];
    if (over.length) {
      const by = (region: string) => Math.max(0, ...over.filter((m) => m[1] === region).map((m) => Number(m[2])));
      doesNotFit(compiled, needFlash, needRam, stackReserved, { flash: by('FLASH'), ram: by('RAM') });
    }
    fail('AOTC0041', `ld.lld failed to link the ${target.id} firmware`, undefined, 'this is an aotc bug unless the toolchain is broken (`aotc doctor`)',
      [`ld.lld ${args.join(' ')}`, ...r.stderr.split('\n').filter(Boolean).slice(0, 20)]);
  }
  return { compiled, dir, elf, mapFile, runs, sets: sets.length, stackReserved, stackEstimate };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function doesNotFit(c: Compiled, flash: number, ram: number, stack: number, overflow?: { flash: number; ram: number }): never {
  const mcu = c.target.mcu!;
  const m = c.memory;
  const ramNeed = overflow?.ram ? mcu.ram.size + overflow.ram : ram;
  const flashNeed = overflow?.flash ? mcu.flash.size + overflow.flash : flash;
  const parts: string[] = [];
  if (ramNeed > mcu.ram.size) parts.push(`RAM needs ${ramNeed} B (${kib(ramNeed)}) > ${kib(mcu.ram.size)}`);
  if (flashNeed > mcu.flash.size) parts.push(`flash needs ${flashNeed} B (${kib(flashNeed)}) > ${kib(mcu.flash.size)}`);
  return fail('AOTC0063', `model '${c.name}' does not fit ${c.target.id} (qemu ${mcu.machine}): ${parts.join('; ')}`, undefined,
    'choose a target with more memory (cortex-m3 ... cortex-m55 have MiBs), or a smaller model / input shape',
    [`activations ${m.act.size} B, io ${m.io.size} B, ${stack ? `stack reserved ${stack} B` : 'stack not counted yet'}${overflow ? ', plus libc/harness data' : ''}`,
      `weights ${c.weights.bytes.length} B${overflow ? ', plus code (bundle, libc/libm/libgcc, harness)' : ''}`,
      `${mcu.board}: flash ${mcu.flash.size} B at 0x${mcu.flash.origin.toString(16)}, RAM ${mcu.ram.size} B at 0x${mcu.ram.origin.toString(16)}`]);
}

/** Instructions of the harness's aotc_null_run: `movs r0, #0; bx lr`. */
const NULL_RUN_INSTRUCTIONS = 2;

export interface McuRun {
  /** Output bytes, one buffer per graph output (with several input sets: those of the first run). */
  outputs: Uint8Array[];
  /** With several input sets (FirmwareOptions.moreInputs): the outputs of every run, in run order. */
  outputSets?: Uint8Array[][];
  /** Instructions executed inside <name>_run per inference (median over the runs; they are equal), exact. */
  instructions: number;
  perRun: number[];
  calibration: number;
  totalInstructions: number;
  /** Measured peak stack of the entry point (bytes below the caller's SP). */
  stackUsed: number;
  footprint: FirmwareFootprint;
  exitCode: number;
  qemuCommand: string[];
}

/** Run the firmware under qemu-system-arm with the insncount plugin; AOTC0042 on a fault, lockup or bad status. */
export function runFirmware(fw: Firmware, o: { cc?: string; timeoutMs?: number } = {}): McuRun {
  const mcu = fw.compiled.target.mcu!;
  const plugin = existsSync(join(fw.dir, 'insncount.so')) ? join(fw.dir, 'insncount.so') : buildInsnPlugin(fw.dir, o.cc);
  const countFile = join(fw.dir, 'insncount.txt');
  const args = ['-M', mcu.machine, '-nographic', '-monitor', 'none', '-serial', 'none',
    '-semihosting-config', 'enable=on,target=native',
    '-plugin', `${plugin},begin=bench_begin,end=bench_end,out=${countFile}`, '-kernel', fw.elf];
  writeFileSync(countFile, '');
  const r = runProgram(findQemuSystem(), args, { timeoutMs: o.timeoutMs ?? 600_000 });
  const text = `${r.stdout}\n${r.stderr}`;
  const status = /AOTC-STATUS (\d+)/.exec(text);
  const why = r.signal === 'SIGABRT' || r.code === 134 ? 'qemu aborted: CPU lockup (a fault while handling a fault, e.g. code for another CPU)'
    : r.signal ? `killed by ${r.signal}${r.signal === 'SIGTERM' ? ' (timed out)' : ''}`
    : r.code === 250 ? 'exit 250: the CPU took a fault (HardFault/UsageFault: an instruction this CPU lacks, or a bad access)'
      : r.code === 251 ? 'exit 251: the stack overflowed its reservation'
          : status && Number(status[1]) !== 0 ? `the bundle returned status ${status[1]}` : `qemu exit ${r.code}`;
  if (r.code !== 0 || !status) {
    fail('AOTC0042', `the ${fw.compiled.target.id} firmware failed under qemu ${mcu.machine}: ${why}`, undefined,
      'this is an aotc bug unless the CPU was overridden with --mcpu to one the machine cannot run',
      [`qemu-system-arm ${args.join(' ')}`, ...text.split('\n').filter((l) => l && !l.startsWith('AOTC-OUT')).slice(0, 10)]);
  }
  const printed = [...text.matchAll(/^AOTC-OUT ([0-9a-f]*)$/gm)].map((m) => Uint8Array.from(Buffer.from(m[1]!, 'hex')));
  const nOut = fw.compiled.memory.io.outputs.length, perRunOutputs = (fw.sets ?? 1) > 1;
  if (printed.length !== nOut * (perRunOutputs ? fw.runs : 1)) {
    fail('AOTC0042', `the firmware printed ${printed.length} outputs, the model has ${nOut}${perRunOutputs ? ` (× ${fw.runs} runs)` : ''}`);
  }
  const outputSets = perRunOutputs ? Array.from({ length: fw.runs }, (_, r) => printed.slice(r * nOut, (r + 1) * nOut)) : undefined;
  const outputs = printed.slice(0, nOut);
  const counts = readFileSync(countFile, 'utf8');
  const pairs = [...counts.matchAll(/^insncount: pair (\d+) (\d+)$/gm)].map((m) => Number(m[2]));
  const total = Number(/total=(\d+)/.exec(counts)?.[1] ?? NaN);
  if (pairs.length !== fw.runs + 1) {
    fail('AOTC0042', `the instruction counter saw ${pairs.length} marker pairs, expected ${fw.runs + 1}`, undefined,
      'is qemu built with TCG plugin support (qemu-system-arm -plugin)?', [counts.trim()]);
  }
  // Pair 0 timed aotc_null_run (`movs r0, #0; bx lr`: 4 bytes, 2 instructions) with the same calling code.
  const mapText = readFileSync(fw.mapFile, 'utf8');
  const nullSize = /^\s*[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+\s+aotc_null_run\s*$/m.exec(mapText);
  if (!nullSize || parseInt(nullSize[1]!, 16) !== 4) {
    fail('AOTC0099', `internal compiler error: the harness's aotc_null_run is ${nullSize ? parseInt(nullSize[1]!, 16) : '?'} bytes, expected 4 (2 instructions)`);
  }
  const calibration = pairs[0]! - NULL_RUN_INSTRUCTIONS;
  const perRun = pairs.slice(1).map((p) => p - calibration);
  const sorted = [...perRun].sort((a, b) => a - b);
  const stackUsed = Number(/AOTC-STACK (\d+)/.exec(text)?.[1] ?? 0);
  const footprint = firmwareFootprint(parseLldMap(mapText), fw.compiled.name, stackUsed,
    { flash: mcu.flash.size, ram: mcu.ram.size });
  return {
    outputs, ...(outputSets ? { outputSets } : {}), instructions: sorted[Math.floor(sorted.length / 2)]!, perRun, calibration, totalInstructions: total,
    stackUsed, footprint, exitCode: r.code, qemuCommand: ['qemu-system-arm', ...args],
  };
}

/**
 * Build and run; when the stack outgrew its default reservation (exit 251), or the run faulted (exit 250: an
 * overflow that ran into .bss can corrupt the frames before it is seen), rebuild once with four times the stack.
 */
export function runOnMcu(c: Compiled, dir: string, o: FirmwareOptions & { timeoutMs?: number }): { fw: Firmware; run: McuRun } {
  const fw = buildFirmware(c, dir, o);
  try {
    return { fw, run: runFirmware(fw, o) };
  } catch (e) {
    if (!(e instanceof AotcError) || !/exit 25[01]/.test(e.message) || o.stackBytes !== undefined) throw e;
    const again = buildFirmware(c, dir, { ...o, stackBytes: fw.stackReserved * 4 });
    return { fw: again, run: runFirmware(again, o) };
  }
}

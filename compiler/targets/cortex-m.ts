// Cortex-M target descriptors (M0/M3/M4/M7/M33/M55): clang flags, float ABI, ISA, QEMU machine and memory map.

import type { Isa, McuInfo, TargetInfo } from './target.js';

export type FloatAbi = 'soft' | 'softfp' | 'hard';
export const FLOAT_ABIS: readonly FloatAbi[] = ['soft', 'softfp', 'hard'];

/** newlib headers for clang's bare-metal driver (Debian: /usr/lib/arm-none-eabi/include → /usr/include/newlib). */
export const ARM_SYSROOT = process.env.AOTC_ARM_SYSROOT || '/usr/lib/arm-none-eabi';

/** What a -mcpu value brings: FPU (for -mfpu; null = none; 'implied' = -mcpu selects it), ISA variants, default float ABI. */
interface CpuInfo { arch: string; fpu: string | null | 'implied'; isa: Isa[]; floatAbi: FloatAbi }

/** The -mcpu values aotc accepts for Cortex-M targets (clang-19 and arm-none-eabi-gcc 12 both know them). */
export const CORTEX_M_CPUS: Record<string, CpuInfo> = {
  'cortex-m0': { arch: 'armv6-m', fpu: null, isa: ['ref'], floatAbi: 'soft' },
  'cortex-m0plus': { arch: 'armv6-m', fpu: null, isa: ['ref'], floatAbi: 'soft' },
  'cortex-m1': { arch: 'armv6-m', fpu: null, isa: ['ref'], floatAbi: 'soft' },
  'cortex-m3': { arch: 'armv7-m', fpu: null, isa: ['ref'], floatAbi: 'soft' },
  'cortex-m4': { arch: 'armv7e-m', fpu: 'fpv4-sp-d16', isa: ['dsp', 'ref'], floatAbi: 'hard' },
  'cortex-m7': { arch: 'armv7e-m', fpu: 'fpv5-d16', isa: ['dsp', 'ref'], floatAbi: 'hard' },
  'cortex-m33': { arch: 'armv8-m.main', fpu: 'fpv5-sp-d16', isa: ['dsp', 'ref'], floatAbi: 'hard' },
  'cortex-m35p': { arch: 'armv8-m.main', fpu: 'fpv5-sp-d16', isa: ['dsp', 'ref'], floatAbi: 'hard' },
  // -mcpu=cortex-m55 implies MVE integer+float and the double-precision FPU (__ARM_FEATURE_MVE == 3).
  'cortex-m55': { arch: 'armv8.1-m.main', fpu: 'implied', isa: ['mve', 'dsp', 'ref'], floatAbi: 'hard' },
  'cortex-m85': { arch: 'armv8.1-m.main', fpu: 'implied', isa: ['mve', 'dsp', 'ref'], floatAbi: 'hard' },
};

const K = 1024, M = 1024 * 1024;

/**
 * The QEMU machines (qemu-system-arm 7.2) and their memory maps, see docs/targets.md. M33/M55 boot in Secure
 * state with the vector table at 0x10000000, hence the secure aliases of code and data memory.
 */
const MACHINES = {
  microbit: { flash: { origin: 0x00000000, size: 256 * K }, ram: { origin: 0x20000000, size: 16 * K }, ldScript: 'microbit.ld', board: 'BBC micro:bit (nRF51822)' },
  'mps2-an385': { flash: { origin: 0x00000000, size: 4 * M }, ram: { origin: 0x20000000, size: 4 * M }, ldScript: 'mps2.ld', board: 'Arm MPS2 AN385' },
  'mps2-an386': { flash: { origin: 0x00000000, size: 4 * M }, ram: { origin: 0x20000000, size: 4 * M }, ldScript: 'mps2.ld', board: 'Arm MPS2 AN386' },
  'mps2-an500': { flash: { origin: 0x00000000, size: 4 * M }, ram: { origin: 0x20000000, size: 4 * M }, ldScript: 'mps2.ld', board: 'Arm MPS2 AN500' },
  'mps2-an505': { flash: { origin: 0x10000000, size: 4 * M }, ram: { origin: 0x38000000, size: 4 * M }, ldScript: 'an505.ld', board: 'Arm MPS2 AN505 (SSE-200)' },
  'mps3-an547': { flash: { origin: 0x10000000, size: 512 * K }, ram: { origin: 0x30000000, size: 512 * K }, ldScript: 'an547.ld', board: 'Arm MPS3 AN547 (SSE-300), ITCM/DTCM' },
} as const;

type Machine = keyof typeof MACHINES;

/**
 * Buffer alignment on MCUs: 16 bytes. It is the width of an MVE/Helium vector (128 bits), so M55 kernels can use
 * aligned vector loads; it covers the 8 bytes LDRD/VLDR.64/LDM on doubles want; and it keeps the padding between
 * planned buffers small (the host's 64 would waste up to 48 bytes per buffer, which matters with 16 KiB of RAM).
 */
export const MCU_ALIGN = 16;

/** CPU flags for clang and arm-none-eabi-gcc (multilib lookup) alike. */
export function cpuFlags(cpu: string, floatAbi: FloatAbi): string[] {
  const info = CORTEX_M_CPUS[cpu];
  const fpu = floatAbi !== 'soft' && info && info.fpu && info.fpu !== 'implied' ? [`-mfpu=${info.fpu}`] : [];
  return ['-mthumb', `-mcpu=${cpu}`, `-mfloat-abi=${floatAbi}`, ...fpu];
}

function make(id: string, cpu: string, machine: Machine, floatAbi: FloatAbi, description: string): TargetInfo {
  const info = CORTEX_M_CPUS[cpu]!;
  const m = MACHINES[machine];
  const isa = floatAbi === 'soft' ? info.isa.filter((i) => i !== 'mve') : [...info.isa];
  const flags = cpuFlags(cpu, floatAbi);
  const mcu: McuInfo = {
    cpu, arch: info.arch, floatAbi, fpu: floatAbi === 'soft' ? null : info.fpu === 'implied' ? `implied by -mcpu=${cpu}` : info.fpu,
    cpuFlags: flags, machine, board: m.board, flash: { ...m.flash }, ram: { ...m.ram }, ldScript: m.ldScript,
  };
  return {
    id, description, runner: 'qemu-system',
    // -fshort-enums: Debian's newlib multilibs use short enums (Tag_ABI_enum_size: small). --sysroot: newlib headers.
    // Not -ffreestanding: the bundle uses memcpy/expf from newlib and wants clang to treat them as builtins.
    clangTarget: ['--target=arm-none-eabi', ...flags, '-fshort-enums', `--sysroot=${ARM_SYSROOT}`],
    isa, align: MCU_ALIGN, pointerBytes: 4, mcu,
  };
}

export const CORTEX_M_TARGETS: TargetInfo[] = [
  make('cortex-m0', 'cortex-m0', 'microbit', 'soft', 'Arm Cortex-M0 (ARMv6-M, no FPU), qemu microbit: 256 KiB flash, 16 KiB RAM'),
  make('cortex-m3', 'cortex-m3', 'mps2-an385', 'soft', 'Arm Cortex-M3 (ARMv7-M, no FPU), qemu mps2-an385'),
  make('cortex-m4', 'cortex-m4', 'mps2-an386', 'hard', 'Arm Cortex-M4F (ARMv7E-M + DSP, FPv4-SP), qemu mps2-an386'),
  make('cortex-m7', 'cortex-m7', 'mps2-an500', 'hard', 'Arm Cortex-M7 (ARMv7E-M + DSP, FPv5 double precision), qemu mps2-an500'),
  make('cortex-m33', 'cortex-m33', 'mps2-an505', 'hard', 'Arm Cortex-M33 (ARMv8-M Mainline + DSP, FPv5-SP), qemu mps2-an505'),
  make('cortex-m55', 'cortex-m55', 'mps3-an547', 'hard', 'Arm Cortex-M55 (ARMv8.1-M + MVE/Helium, FP), qemu mps3-an547: 512 KiB ITCM, 512 KiB DTCM'),
];

export const CORTEX_M_ALIASES: [string, string][] = [['cortex-m4f', 'cortex-m4'], ['cortex-m7f', 'cortex-m7']];

export interface McuOverrides { mcpu?: string; floatAbi?: string }

/** Problems with an override, as a message and a hint (the caller raises AOTC0061). */
export type OverrideError = { message: string; hint: string };

/**
 * A Cortex-M target with -mcpu / -mfloat-abi replaced; the QEMU machine and memory map stay the base target's
 * (code for another CPU may not run there). Returns the derived target or an error.
 */
export function deriveCortexM(base: TargetInfo, o: McuOverrides): TargetInfo | OverrideError {
  const mcu = base.mcu;
  if (!mcu) return { message: `--mcpu/--float-abi apply to Cortex-M targets, not '${base.id}'`, hint: 'use them with --target cortex-m0 ... cortex-m55' };
  const cpu = o.mcpu ?? mcu.cpu;
  const info = CORTEX_M_CPUS[cpu];
  if (!info) return { message: `unknown --mcpu '${cpu}'`, hint: `known Cortex-M CPUs: ${Object.keys(CORTEX_M_CPUS).join(', ')}` };
  if (o.floatAbi !== undefined && !FLOAT_ABIS.includes(o.floatAbi as FloatAbi)) {
    return { message: `unknown --float-abi '${o.floatAbi}'`, hint: `use one of ${FLOAT_ABIS.join(', ')}` };
  }
  const defaultAbi = cpu !== mcu.cpu ? info.floatAbi : mcu.floatAbi;
  const floatAbi = (o.floatAbi as FloatAbi | undefined) ?? defaultAbi;
  if (floatAbi !== 'soft' && info.fpu === null) {
    return { message: `${cpu} has no FPU: --float-abi ${floatAbi} is impossible`, hint: 'use --float-abi soft (floating point in software, libgcc)' };
  }
  if (cpu === mcu.cpu && floatAbi === mcu.floatAbi) return base;
  const parts = [base.id, ...(cpu !== mcu.cpu ? [`mcpu=${cpu}`] : []), ...(floatAbi !== defaultAbi ? [`float-abi=${floatAbi}`] : [])];
  return make(parts.join('+'), cpu, mcu.machine as Machine, floatAbi,
    `${base.description.split(',')[0]} built with -mcpu=${cpu} -mfloat-abi=${floatAbi}, run on qemu ${mcu.machine}`);
}

/** Parse the `+mcpu=...+float-abi=...` suffix of a target id (as deriveCortexM writes it). */
export function parseOverrideSuffix(parts: string[]): McuOverrides | OverrideError {
  const o: McuOverrides = {};
  for (const p of parts) {
    const eq = p.indexOf('=');
    const k = p.slice(0, eq), v = p.slice(eq + 1);
    if (eq > 0 && k === 'mcpu') o.mcpu = v;
    else if (eq > 0 && k === 'float-abi') o.floatAbi = v;
    else return { message: `bad target suffix '+${p}'`, hint: 'target suffixes are +mcpu=<cpu> and +float-abi=<soft|softfp|hard>' };
  }
  return o;
}

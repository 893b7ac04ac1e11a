// Target descriptors: clang triple and flags, ISA features, alignment; one record per target (Cortex-M: cortex-m.ts).

import { readFileSync } from 'node:fs';
import { fail } from '../diagnostics/error.js';
import { CORTEX_M_ALIASES, CORTEX_M_TARGETS, deriveCortexM, parseOverrideSuffix, type McuOverrides } from './cortex-m.js';

export type Isa = 'ref' | 'dsp' | 'mve' | 'neon' | 'wasmsimd' | 'avx2';

/** A memory region of a microcontroller: start address and size in bytes. */
export interface MemRegion { origin: number; size: number }

/** Bare-metal microcontroller details (Cortex-M targets): CPU, float ABI, QEMU machine and its memory map. */
export interface McuInfo {
  /** -mcpu value. */
  cpu: string;
  /** Architecture (armv7e-m ...), for reports. */
  arch: string;
  floatAbi: 'soft' | 'softfp' | 'hard';
  /** -mfpu value (or how the FPU is selected); null with the soft float ABI or no FPU. */
  fpu: string | null;
  /** -mthumb -mcpu=... -mfloat-abi=... [-mfpu=...]: the same for clang and arm-none-eabi-gcc (newlib multilib lookup). */
  cpuFlags: string[];
  /** qemu-system-arm -M machine the firmware runs on. */
  machine: string;
  board: string;
  /** Code memory (flash / ITCM) and data memory (SRAM / DTCM) of the machine. */
  flash: MemRegion;
  ram: MemRegion;
  /** Linker script in runtime-c/boards/ld/. */
  ldScript: string;
}

export interface TargetInfo {
  id: string;
  description: string;
  /** How bundles for this target are run: natively, under qemu-user, qemu-system-arm, or in Node. */
  runner: 'native' | 'qemu-user' | 'qemu-system' | 'node';
  /** clang arguments selecting the target (triple, cpu, float ABI). */
  clangTarget: string[];
  /** Kernel variants this target can use, best first; 'ref' is always last. */
  isa: Isa[];
  /** Alignment (bytes) of every buffer in the three memory regions. */
  align: number;
  /** Pointer size in bytes. */
  pointerBytes: number;
  /** Set for bare-metal microcontroller targets. */
  mcu?: McuInfo;
}

/**
 * The host's x86-64 level: AVX2 machines (x86-64-v3: AVX2, FMA, BMI2, MOVBE) build for it, others for the baseline.
 * Not `-march=native`: AVX-512 code would not run under valgrind (callgrind instruction counts), and v3 keeps the
 * objects the same across AVX2 machines.
 */
function hostLevel(): { flags: string[]; isa: Isa[] } {
  let cpu = '';
  try { cpu = readFileSync('/proc/cpuinfo', 'utf8'); } catch { /* not Linux: baseline x86-64 */ }
  const flags = new Set((/^flags\s*:(.*)$/m.exec(cpu)?.[1] ?? '').trim().split(/\s+/));
  const v3 = ['avx2', 'fma', 'bmi2', 'movbe', 'f16c'].every((f) => flags.has(f)) && process.arch === 'x64';
  return v3 ? { flags: ['-march=x86-64-v3'], isa: ['avx2', 'ref'] } : { flags: [], isa: ['ref'] };
}

const HOST_LEVEL = hostLevel();

const HOST: TargetInfo = {
  id: 'host',
  description: `this machine (x86-64 Linux${HOST_LEVEL.flags.length ? ', AVX2 (x86-64-v3)' : ''}), built by clang for the host`,
  runner: 'native',
  clangTarget: HOST_LEVEL.flags,
  isa: HOST_LEVEL.isa,
  align: 64,
  pointerBytes: 8,
};

const TARGETS = new Map<string, TargetInfo>([['host', HOST], ...CORTEX_M_TARGETS.map((t): [string, TargetInfo] => [t.id, t])]);
const ALIASES = new Map<string, string>([['x86-64', 'host'], ['x86_64', 'host'], ['native', 'host'], ...CORTEX_M_ALIASES]);

export function listTargets(): TargetInfo[] { return [...TARGETS.values()]; }

/**
 * A target by name or alias. Cortex-M targets take overrides as a suffix, `cortex-m4+float-abi=soft`,
 * `cortex-m7+mcpu=cortex-m3` (what `targetWithOverrides` returns as the id), so the id alone names the target.
 */
export function getTarget(name: string): TargetInfo {
  const [baseName, ...suffix] = name.split('+');
  const t = TARGETS.get(ALIASES.get(baseName!) ?? baseName!);
  if (!t) {
    fail('AOTC0060', `unknown target '${name}'`, undefined,
      `known targets: ${[...TARGETS.keys(), ...ALIASES.keys()].join(', ')}`);
  }
  if (suffix.length === 0) return t;
  const o = parseOverrideSuffix(suffix);
  if ('message' in o) fail('AOTC0060', `unknown target '${name}': ${o.message}`, undefined, o.hint);
  return targetWithOverrides(t.id, o);
}

/** The target `name` with --mcpu / --float-abi applied (AOTC0061 when they do not fit it). */
export function targetWithOverrides(name: string, o: McuOverrides): TargetInfo {
  const base = getTarget(name);
  if (o.mcpu === undefined && o.floatAbi === undefined) return base;
  const r = deriveCortexM(TARGETS.get(base.id.split('+')[0]!)!, {
    mcpu: o.mcpu ?? (base.mcu && base.id.includes('+') ? base.mcu.cpu : undefined),
    floatAbi: o.floatAbi ?? (base.mcu && base.id.includes('+float-abi=') ? base.mcu.floatAbi : undefined),
  });
  if ('message' in r) fail('AOTC0061', r.message, undefined, r.hint);
  return r;
}

// Target descriptors: clang triple and flags, ISA features, alignment; one record per target.

import { fail } from '../diagnostics/error.js';

export type Isa = 'ref' | 'dsp' | 'mve' | 'neon' | 'wasmsimd' | 'avx2';

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
}

const HOST: TargetInfo = {
  id: 'host',
  description: 'this machine (x86-64 Linux), built by clang for the host',
  runner: 'native',
  clangTarget: [],
  isa: ['ref'],
  align: 64,
  pointerBytes: 8,
};

const TARGETS = new Map<string, TargetInfo>([['host', HOST]]);
const ALIASES = new Map<string, string>([['x86-64', 'host'], ['x86_64', 'host'], ['native', 'host']]);

export function listTargets(): TargetInfo[] { return [...TARGETS.values()]; }

export function getTarget(name: string): TargetInfo {
  const t = TARGETS.get(ALIASES.get(name) ?? name);
  if (!t) {
    fail('AOTC0060', `unknown target '${name}'`, undefined,
      `known targets: ${[...TARGETS.keys(), ...ALIASES.keys()].join(', ')}`);
  }
  return t;
}

// Describes the benchmark machine: CPU model and SIMD flags from /proc/cpuinfo, cores, OS, load, compiler version.

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, release } from 'node:os';
import { runProgram } from '../../toolchain/process.js';

export interface MachineInfo {
  cpu: string;
  /** SIMD extensions of interest present in the cpuinfo flags (avx2, avx512f, avx512_vnni, avx_vnni ...). */
  simd: string[];
  logicalCpus: number;
  os: string;
  kernel: string;
  /** /proc/loadavg's 1-minute load when the run started (other processes share the cores). */
  load1: number | null;
  compiler: string;
}

const SIMD_FLAGS = ['sse4_2', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512_vnni', 'avx_vnni', 'amx_int8'];

/** `model name` and the SIMD flags of the first processor in /proc/cpuinfo text. */
export function parseCpuinfo(text: string): { cpu: string; simd: string[] } {
  const model = /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? 'unknown';
  const flags = new Set((/^flags\s*:\s*(.+)$/m.exec(text)?.[1] ?? '').split(/\s+/));
  return { cpu: model, simd: SIMD_FLAGS.filter((f) => flags.has(f)) };
}

/** PRETTY_NAME of /etc/os-release text. */
export function parseOsRelease(text: string): string {
  const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text);
  return m ? m[1]! : 'unknown';
}

function readText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

export function machineInfo(cc: string): MachineInfo {
  const { cpu, simd } = parseCpuinfo(readText('/proc/cpuinfo'));
  const load = Number(readText('/proc/loadavg').split(' ')[0]);
  const v = runProgram(cc, ['--version'], { timeoutMs: 20_000 });
  return {
    cpu, simd, logicalCpus: availableParallelism(), os: parseOsRelease(readText('/etc/os-release')), kernel: release(),
    load1: Number.isFinite(load) && readText('/proc/loadavg') ? load : null,
    compiler: v.code === 0 ? v.stdout.split('\n')[0]!.trim() : cc,
  };
}

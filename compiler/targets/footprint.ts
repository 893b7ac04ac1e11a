// Static memory footprint of a bundle on a microcontroller: flash (code, weights) and RAM (activations, io, stack).

import { existsSync, readFileSync } from 'node:fs';
import type { Compiled } from '../compile.js';
import { runProgram } from '../toolchain/process.js';
import { objectSectionSizes, toolVersion } from '../toolchain/size.js';
import { bytes, int } from '../report/format.js';
import type { MemRegion } from './target.js';

/** Worst-case stack of the entry point from clang's -fstack-usage (.su) frames summed along the object's call tree. */
export interface StackEstimate {
  /** Bytes of the deepest call path through the bundle's own functions. */
  bytes: number;
  /** The deepest path, entry first. */
  path: string[];
  /** Functions the bundle calls that are not in its object (libc/libm/libgcc): their frames are not included. */
  libraryCalls: string[];
  /** Whether every frame on the path is static (no dynamic stack allocation). */
  bounded: boolean;
}

export interface BundleFootprint {
  /** Code sizes come from <name>.o; false with --no-object (code and stack then count 0). */
  objectBuilt: boolean;
  flash: { code: number; weights: number; total: number };
  ram: { activations: number; io: number; stack: number; total: number };
  stack: StackEstimate | null;
  /** Machine memory (null for targets without an MCU memory map) and whether the bundle alone fits. */
  capacity: { flash: MemRegion; ram: MemRegion; machine: string } | null;
  fits: { flash: boolean; ram: boolean } | null;
}

const OBJDUMP_TOOLS = ['llvm-objdump-19', 'llvm-objdump'];
let objdumpTool: string | undefined | null = null;

function findObjdump(): string | undefined {
  if (objdumpTool === null) objdumpTool = OBJDUMP_TOOLS.find((t) => toolVersion(t) !== undefined);
  return objdumpTool;
}

/** Parse clang's .su lines `file.c:12:3:name<TAB>bytes<TAB>static|dynamic|dynamic,bounded`. */
export function parseStackUsage(text: string): Map<string, { bytes: number; kind: string }> {
  const out = new Map<string, { bytes: number; kind: string }>();
  for (const line of text.split('\n')) {
    const m = /^(.*):([^:\t]+)\t(\d+)\t(\S+)\s*$/.exec(line);
    if (m) out.set(m[2]!, { bytes: Number(m[3]), kind: m[4]! });
  }
  return out;
}

/** Call edges per function from the object's relocations (with -ffunction-sections each function has its section). */
export function parseCallRelocations(text: string): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  let fn: string | undefined;
  for (const line of text.split('\n')) {
    const h = /^RELOCATION RECORDS FOR \[\.(?:rel\.|rela\.)?text\.([^\]]+)\]:/.exec(line);
    if (h) { fn = h[1]; continue; }
    if (/^RELOCATION RECORDS FOR/.test(line)) { fn = undefined; continue; }
    const r = /^[0-9a-f]+\s+(R_\S+)\s+(\S+)/.exec(line.trim());
    if (fn && r && /CALL|JUMP|PLT/.test(r[1]!)) {
      const sym = r[2]!.replace(/[-+]0x[0-9a-f]+$/, '');
      if (!edges.has(fn)) edges.set(fn, new Set());
      edges.get(fn)!.add(sym);
    }
  }
  return edges;
}

/** The deepest stack path from `entry` through functions with .su frames; other callees are library calls. */
export function stackEstimate(entry: string, su: Map<string, { bytes: number; kind: string }>, edges: Map<string, Set<string>>): StackEstimate {
  const library = new Set<string>();
  let bounded = true;
  const memo = new Map<string, { bytes: number; path: string[] }>();
  const visit = (f: string, stack: Set<string>): { bytes: number; path: string[] } => {
    const hit = memo.get(f);
    if (hit) return hit;
    const frame = su.get(f);
    if (!frame) { library.add(f); return { bytes: 0, path: [] }; }
    if (frame.kind !== 'static') bounded = false;
    let best = { bytes: 0, path: [] as string[] };
    stack.add(f);
    for (const callee of edges.get(f) ?? []) {
      if (stack.has(callee)) { bounded = false; continue; } // recursion: not bounded by this analysis
      const r = visit(callee, stack);
      if (r.bytes > best.bytes) best = r;
    }
    stack.delete(f);
    const res = { bytes: frame.bytes + best.bytes, path: [f, ...best.path] };
    memo.set(f, res);
    return res;
  };
  const r = visit(entry, new Set());
  return { bytes: r.bytes, path: r.path, libraryCalls: [...library].sort(), bounded };
}

/**
 * Stack of `<name>_run_with_weights` from an object built with -fstack-usage (the .su file beside it).
 * Null when the .su file or llvm-objdump is missing.
 */
export function objectStackEstimate(obj: string, suFile: string, entry: string): StackEstimate | null {
  if (!existsSync(suFile)) return null;
  const su = parseStackUsage(readFileSync(suFile, 'utf8'));
  const tool = findObjdump();
  let edges = new Map<string, Set<string>>();
  if (tool) {
    const r = runProgram(tool, ['-r', obj], { timeoutMs: 60_000 });
    if (r.code === 0) edges = parseCallRelocations(r.stdout);
  }
  return stackEstimate(entry, su, edges);
}

/**
 * The bundle's own footprint: flash = code and read-only data of <name>.o (section sizes) + the weights blob;
 * RAM = activations + io + the static stack estimate. `obj` must have been built for `c.target`.
 */
export function bundleFootprint(c: Compiled, obj: string | null, stack: StackEstimate | null): BundleFootprint {
  const sizes = obj ? objectSectionSizes(obj) : undefined;
  const code = sizes ? sizes.text + sizes.rodata + sizes.data : 0;
  const weights = c.weights.bytes.length;
  const stackBytes = stack?.bytes ?? 0;
  const ram = { activations: c.memory.act.size, io: c.memory.io.size, stack: stackBytes, total: 0 };
  ram.total = ram.activations + ram.io + ram.stack + (sizes ? sizes.data + sizes.bss : 0);
  const flash = { code, weights, total: code + weights };
  const mcu = c.target.mcu;
  return {
    objectBuilt: sizes !== undefined, flash, ram, stack,
    capacity: mcu ? { flash: { ...mcu.flash }, ram: { ...mcu.ram }, machine: mcu.machine } : null,
    fits: mcu ? { flash: flash.total <= mcu.flash.size, ram: ram.total <= mcu.ram.size } : null,
  };
}

/** Summary lines for `aotc compile` on a microcontroller target. */
export function footprintLines(fp: BundleFootprint, name: string): string[] {
  const cap = fp.capacity;
  const st = fp.stack;
  const stackText = st
    ? `${int(st.bytes)} B stack (${name}_run_with_weights call tree by -fstack-usage${st.bounded ? '' : ', NOT bounded'}${st.libraryCalls.length ? `; plus the frames of ${st.libraryCalls.join(', ')}` : ''})`
    : 'stack not estimated (no object built)';
  const lines = [
    `  mcu:         ${cap ? `qemu ${cap.machine}: flash ${bytes(cap.flash.size)}, RAM ${bytes(cap.ram.size)}` : ''}`,
    `    flash        ${bytes(fp.flash.total)} = ${fp.objectBuilt ? `code ${int(fp.flash.code)} B` : 'code not measured (no object)'} + weights ${int(fp.flash.weights)} B${fp.fits ? (fp.fits.flash ? '' : '  DOES NOT FIT') : ''}`,
    `    RAM          ${bytes(fp.ram.total)} = activations ${int(fp.ram.activations)} B + io ${int(fp.ram.io)} B + ${stackText}${fp.fits ? (fp.fits.ram ? '' : '  DOES NOT FIT') : ''}`,
    '               (not counted: libc/libm/libgcc code and data, start-up code; `aotc bench` links and measures the whole firmware)',
  ];
  return lines;
}

/** One line of an ld.lld -Map file: an output section, or an input section (file and section) inside one. */
export interface MapSection { out: string; vma: number; lma: number; size: number; file?: string; section?: string }

/** Output and input sections of an ld.lld map (`VMA LMA Size Align Out In Symbol`; symbol lines are skipped). */
export function parseLldMap(text: string): MapSection[] {
  const out: MapSection[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const m = /^\s*([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+(\d+)( +)(\S.*)$/.exec(line);
    if (!m) continue;
    const indent = m[5]!.length, rest = m[6]!;
    const vma = parseInt(m[1]!, 16), lma = parseInt(m[2]!, 16), size = parseInt(m[3]!, 16);
    if (indent === 1) { current = rest.trim(); out.push({ out: current, vma, lma, size }); continue; }
    const k = rest.lastIndexOf(':(');
    if (indent === 9 && k > 0 && rest.endsWith(')')) {
      out.push({ out: current, vma, lma, size, file: rest.slice(0, k), section: rest.slice(k + 2, -1) });
    }
  }
  return out;
}

/** Flash and RAM of a linked firmware, split into aotc's part and the rest. */
export interface FirmwareFootprint {
  flash: {
    aotcCode: number; aotcWeights: number; other: number; total: number; capacity: number;
    /** The rest: libc/libm/libgcc (incl. soft-float and math routines the bundle calls), harness + start-up + input data, padding. */
    otherDetail: { libraries: number; harness: number; padding: number };
  };
  ram: {
    activations: number; io: number; stack: number; other: number; stackReserved: number; total: number; capacity: number;
    otherDetail: { libraries: number; harness: number; padding: number };
  };
}

const FLASH_SECTIONS = ['.isr_vector', '.text', '.rodata', '.ARM.extab', '.ARM.exidx', '.preinit_array', '.init_array', '.fini_array', '.data'];
const RAM_SECTIONS = ['.data', '.bss'];
const isLibrary = (file: string) => /\/lib[a-z_]+\.a\(/.test(file) || /^lib[a-z_]+\.a\(/.test(file);
const base = (file: string) => file.replace(/^.*\//, '');

/**
 * Attribute the firmware's bytes from its map: <name>.o and <name>.weights.o are aotc (the weights blob is the
 * .rodata of <name>.weights.o); `aotc_activation_mem` / `aotc_io_mem` of the harness are the bundle's regions;
 * `stackUsed` is the measured stack of the entry point. The `.stack` reservation is reported, not counted as other.
 */
export function firmwareFootprint(map: MapSection[], name: string, stackUsed: number, capacity: { flash: number; ram: number }): FirmwareFootprint {
  const flash = { aotcCode: 0, aotcWeights: 0, other: 0, total: 0, capacity: capacity.flash, otherDetail: { libraries: 0, harness: 0, padding: 0 } };
  const ram = { activations: 0, io: 0, stack: stackUsed, other: 0, stackReserved: 0, total: 0, capacity: capacity.ram, otherDetail: { libraries: 0, harness: 0, padding: 0 } };
  const outs = map.filter((s) => s.file === undefined);
  for (const o of outs) {
    if (FLASH_SECTIONS.includes(o.out)) flash.total += o.size;
    if (RAM_SECTIONS.includes(o.out)) ram.total += o.size;
    if (o.out === '.stack') { ram.stackReserved = o.size; ram.total += o.size; }
  }
  let flashAttributed = 0, ramAttributed = 0;
  for (const s of map) {
    if (s.file === undefined) continue;
    const f = base(s.file), sec = s.section ?? '';
    const lib = isLibrary(s.file);
    if (FLASH_SECTIONS.includes(s.out)) {
      flashAttributed += s.size;
      if (f === `${name}.o`) flash.aotcCode += s.size;
      else if (f === `${name}.weights.o`) { if (sec.startsWith('.rodata')) flash.aotcWeights += s.size; else flash.aotcCode += s.size; }
      else if (lib) flash.otherDetail.libraries += s.size;
      else flash.otherDetail.harness += s.size;
    }
    if (RAM_SECTIONS.includes(s.out)) {
      ramAttributed += s.size;
      if (sec === '.bss.aotc_activation_mem') ram.activations += s.size;
      else if (sec === '.bss.aotc_io_mem') ram.io += s.size;
      else if (lib) ram.otherDetail.libraries += s.size;
      else ram.otherDetail.harness += s.size;
    }
  }
  flash.otherDetail.padding = flash.total - flashAttributed;
  flash.other = flash.total - flash.aotcCode - flash.aotcWeights;
  const ramData = ram.total - ram.stackReserved;
  ram.otherDetail.padding = ramData - ramAttributed;
  ram.other = ramData - ram.activations - ram.io;
  return { flash, ram };
}

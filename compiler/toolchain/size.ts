// Object-file section sizes (.text/.rodata/.data/.bss) via llvm-size -A -d, and tool version probes for `aotc doctor`.

import { runProgram } from './process.js';

export interface SectionSizes { text: number; rodata: number; data: number; bss: number; tool: string }

const SIZE_TOOLS = ['llvm-size-19', 'llvm-size', 'size'];

/** The first line with a version number of `<cmd> --version` (or another flag), or undefined when the program cannot run. */
export function toolVersion(cmd: string, args: string[] = ['--version']): string | undefined {
  const r = runProgram(cmd, args, { timeoutMs: 20_000 });
  if (r.error || r.code !== 0) return undefined;
  const lines = (r.stdout || r.stderr).split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /\d+\.\d+/.test(l)) ?? lines[0] ?? '';
}

/** The size tool found on PATH (llvm-size-19, llvm-size, then GNU size), or undefined. */
export function findSizeTool(): string | undefined {
  return SIZE_TOOLS.find((t) => toolVersion(t) !== undefined);
}

/**
 * Sum the SysV-format section table of `size -A -d <obj>` by section family: every `.text*` section counts as
 * text (-ffunction-sections makes one per function), `.rodata*` as rodata, `.data*` as data, `.bss*` as bss.
 * Returns undefined when no size tool is available or it fails.
 */
export function objectSectionSizes(obj: string, tool = findSizeTool()): SectionSizes | undefined {
  if (!tool) return undefined;
  const r = runProgram(tool, ['-A', '-d', obj], { timeoutMs: 60_000 });
  if (r.code !== 0) return undefined;
  return { ...parseSysvSizes(r.stdout), tool };
}

export function parseSysvSizes(text: string): Omit<SectionSizes, 'tool'> {
  const out = { text: 0, rodata: 0, data: 0, bss: 0 };
  for (const line of text.split('\n')) {
    const m = /^(\.\S+)\s+(\d+)\s+\d+\s*$/.exec(line.trim());
    if (!m) continue;
    const name = m[1]!, size = Number(m[2]);
    const family = (['text', 'rodata', 'data', 'bss'] as const).find((f) => name === `.${f}` || name.startsWith(`.${f}.`));
    if (family) out[family] += size;
  }
  return out;
}

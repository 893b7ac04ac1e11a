// Prepares the view model of the C bundle (header, source, weights.c): TypeScript decides, templates render.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dtypeC, type DType } from '../../ir/dtype.js';
import type { Graph, Value } from '../../ir/graph.js';
import type { CArg } from '../../kernels/call.js';
import type { LoweredNode } from '../../lowering/lower.js';
import type { MemoryLayout, Region } from '../../memory/layout.js';
import { KERNELS_DIR, RUNTIME_DIR } from '../../paths.js';
import type { TargetInfo } from '../../targets/target.js';
import { AOTC_VERSION, BUNDLE_ABI_VERSION } from '../../version.js';
import { byteRows, doubleLit, floatLit, i64Lit, intLit } from './literals.js';
import { cComment, cIdent, NameTable } from './names.js';
import { WEIGHTS_FORMAT_VERSION, WEIGHTS_HEADER_BYTES, type WeightsBlob } from './weights.js';

export interface BundleInfo { name: string; commandLine: string; modelSha256: string; modelFile: string }

export interface IoView {
  ident: string; name: string; offset: number; bytes: number; dtype: string; ctype: string; rank: number;
  shape: string; scale?: string; zeroPoint?: number; index: number;
}

const REGION_PTR: Record<Region, string> = { weights: 'W', io: 'M', act: 'A' };
const DTYPE_ENUM = (t: DType) => `AOTC_DTYPE_${t.toUpperCase()}`;

export function ioViews(g: Graph, mem: MemoryLayout, ids: number[], names: NameTable): IoView[] {
  return ids.map((id, index) => {
    const v = g.values.get(id)!;
    const loc = mem.loc.get(id);
    return {
      ident: names.get(v.name).toUpperCase(), name: cComment(v.name), index,
      offset: mem.io.offsets.get(id)!, bytes: loc?.bytes ?? 0,
      dtype: DTYPE_ENUM(v.dtype), ctype: dtypeC(v.dtype), rank: v.shape.length,
      shape: v.shape.length ? v.shape.join(', ') : '1',
      scale: v.quant ? floatLit(v.quant.scale[0]) : undefined, zeroPoint: v.quant?.zeroPoint[0],
    };
  });
}

export function buildBundleView(g: Graph, lowered: LoweredNode[], mem: MemoryLayout, weights: WeightsBlob,
  target: TargetInfo, info: BundleInfo) {
  const prefix = cIdent(info.name);
  const PREFIX = prefix.toUpperCase();
  const ioNames = new NameTable();
  const inputs = ioViews(g, mem, mem.io.inputs, ioNames);
  const outputs = ioViews(g, mem, mem.io.outputs, ioNames);

  // Kernel sources, each once, in first-use order; instances of templated kernels, each once.
  const files: string[] = [];
  const instances = new Map<string, string>();
  for (const l of lowered) for (const c of l.calls) {
    for (const f of c.files) if (!files.includes(f)) files.push(f);
    if (c.instance && !instances.has(c.instance.name)) instances.set(c.instance.name, `${c.instance.macro}(${[c.instance.name, ...c.instance.params].join(', ')})`);
  }
  const sources = [
    { path: 'include/aotc_kernel.h', text: stripLocalIncludes(readFileSync(join(RUNTIME_DIR, 'include/aotc_kernel.h'), 'utf8')) },
    ...files.map((f) => ({ path: `kernels/${f}`, text: stripLocalIncludes(readFileSync(join(KERNELS_DIR, f), 'utf8')) })),
  ];

  // Constant argument arrays, deduplicated by content.
  const arrays = new Map<string, string>();
  const arrayDecls: string[] = [];
  const constArray = (ctype: string, lits: string[]) => {
    const key = `${ctype}:${lits.join(',')}`;
    let name = arrays.get(key);
    if (!name) {
      name = `aotc_k${arrays.size}`;
      arrays.set(key, name);
      arrayDecls.push(`static const ${ctype} ${name}[${Math.max(1, lits.length)}] = {${lits.length ? lits.join(', ') : '0'}};`);
    }
    return name;
  };

  const ptr = (id: number | null | undefined, write: boolean): string => {
    if (id === null || id === undefined) return 'NULL';
    const v = g.values.get(id)!;
    const loc = mem.loc.get(id);
    if (!loc) throw new Error(`no memory location for value '${v.name}'`);
    return `(${write ? '' : 'const '}${dtypeC(v.dtype)} *)(${REGION_PTR[loc.region]} + ${loc.offset})`;
  };

  const steps = lowered.map((l, step) => {
    const n = l.node;
    const args = (a: CArg): string => {
      switch (a.kind) {
        case 'in': return ptr(n.inputs[a.index], false);
        case 'out': return ptr(n.outputs[a.index], true);
        case 'int': return intLit(a.value);
        case 'i64': return i64Lit(a.value);
        case 'float': return floatLit(a.value);
        case 'double': return doubleLit(a.value);
        case 'ints': return constArray('int32_t', a.values.map(intLit));
        case 'floats': return constArray('float', a.values.map(floatLit));
        case 'scratch': return `(void *)(A + ${mem.scratch.get(n.id)!.offset})`;
        case 'value': return ptr(a.id, false);
        case 'weights': throw new Error('weights arguments are turned into values by lowering');
        case 'null': return 'NULL';
      }
    };
    const outs = n.outputs.map((o) => describe(g.values.get(o)!)).join(', ');
    return {
      comment: cComment(`#${step} ${n.op} '${n.name}' -> ${outs}${n.attrs.act_op ? ` (+${n.attrs.act_op})` : ''}`),
      calls: l.calls.map((c) => `${c.symbol}(${c.args.map(args).join(', ')});`),
    };
  });

  // Graph outputs that are constants are copied from the weights into their io slot.
  const constOutputs = mem.io.outputs.filter((id) => g.values.get(id)!.data).map((id) => {
    const w = mem.loc.get(id)!;
    return `memcpy(M + ${mem.io.offsets.get(id)}, W + ${w.offset}, ${w.bytes});`;
  });

  const weightsBytes = weights.bytes.length;
  return {
    aotcVersion: AOTC_VERSION, abiVersion: BUNDLE_ABI_VERSION, prefix, PREFIX, guard: `${PREFIX}_H`,
    commandLine: cComment(info.commandLine), modelFile: cComment(info.modelFile), modelSha256: info.modelSha256,
    target: target.id, weightsSha256: weights.sha256Hex,
    constantMemSize: weightsBytes, mutableMemSize: mem.io.size, activationsMemSize: mem.act.size,
    activationsLowerBound: mem.act.lowerBound, align: mem.align, weightsHeaderBytes: WEIGHTS_HEADER_BYTES,
    weightsFormatVersion: WEIGHTS_FORMAT_VERSION, weightsDataBytes: weights.data.length,
    inputs, outputs, numInputs: inputs.length, numOutputs: outputs.length,
    sources, instances: [...instances.values()], arrayDecls, steps, constOutputs,
    hashBytes: Array.from(weights.sha256, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', '),
    weightsRows: byteRows(weights.bytes),
  };
}

const describe = (v: Value) => `${v.name}: ${v.dtype}[${v.shape.join('x')}]`;

function stripLocalIncludes(text: string): string {
  return text.replace(/^#include "[^"]*"\s*$/gm, '');
}

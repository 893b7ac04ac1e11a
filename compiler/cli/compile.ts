// `aotc compile`: model → bundle folder (<name>.h/.c/.weights.bin/.weights.c/.json/.o), written atomically.

import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compileModel, type Compiled } from '../compile.js';
import { targetWithOverrides } from '../targets/target.js';
import { bundleFootprint, footprintLines, objectStackEstimate, type BundleFootprint } from '../targets/footprint.js';
import { compileC, findCompiler } from '../toolchain/clang.js';
import { objectSectionSizes, type SectionSizes } from '../toolchain/size.js';
import { manifestJson } from '../report/manifest.js';
import { layerTotals, buildLayers, opCounts } from '../report/layers.js';
import { bytes, count, int } from '../report/format.js';
import { bundleName, ccOption, checkInputShapeNames, modelBase, parseInputShapes, readModel, say } from './common.js';
import { commitFiles } from './output.js';

export interface CompileCliOptions {
  target: string;
  output?: string;
  name?: string;
  inputShape?: string[];
  dumpAfter?: string[];
  cc?: string;
  object: boolean;
  /** Cortex-M overrides of -mcpu / -mfloat-abi. */
  mcpu?: string;
  floatAbi?: string;
}

/**
 * The command line recorded in the bundle: what determines the generated files, in one canonical form —
 * model base name, target, name, input shapes sorted by input name. Output paths and the C compiler are left out
 * so the same compile gives byte-identical files from any directory.
 */
export function canonicalCommandLine(model: string, target: string, name: string, shapes: Map<string, number[]>): string {
  const quote = (s: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['aotc', 'compile', quote(modelBase(model)), '--target', target, '--name', name];
  for (const [k, v] of [...shapes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    parts.push('--input-shape', quote(`${k}=${v.join('x')}`));
  }
  return parts.join(' ');
}

export async function compileCommand(model: string, o: CompileCliOptions): Promise<void> {
  const bytesIn = readModel(model);
  const name = bundleName(model, o.name);
  const shapes = parseInputShapes(o.inputShape);
  const target = targetWithOverrides(o.target, { mcpu: o.mcpu, floatAbi: o.floatAbi });
  const dumpAfter = (o.dumpAfter ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean);
  const commandLine = canonicalCommandLine(model, target.id, name, shapes);
  const t0 = performance.now();
  const compiled = compileModel(bytesIn, model, { target: target.id, name, inputShapes: shapes, dumpAfter, commandLine });
  const tsMs = performance.now() - t0;
  let ccMs = 0;
  checkInputShapeNames(compiled, shapes);
  const cc = o.object ? findCompiler(ccOption(o.cc)) : undefined;

  const outDir = resolve(o.output ?? name);
  let sizes = null as SectionSizes | null;
  let footprint: BundleFootprint | null = target.mcu && !cc ? bundleFootprint(compiled, null, null) : null;
  const files = await commitFiles(outDir, (tmp) => {
    const names: string[] = [];
    for (const [f, content] of compiled.files) { writeFileSync(join(tmp, f), content); names.push(f); }
    if (cc) {
      const obj = `${name}.o`;
      const t1 = performance.now();
      compileC(cc, target, [`${name}.c`], obj, ['-c', ...(target.mcu ? ['-fstack-usage'] : [])], { cwd: tmp });
      ccMs = performance.now() - t1;
      sizes = objectSectionSizes(join(tmp, obj)) ?? null;
      if (target.mcu) footprint = bundleFootprint(compiled, join(tmp, obj), objectStackEstimate(join(tmp, obj), join(tmp, `${name}.su`), `${name}_run_with_weights`));
      names.push(obj);
    }
    const json = `${name}.json`;
    writeFileSync(join(tmp, json), manifestJson(compiled, { commandLine, modelFile: modelBase(model), object: cc ? { sizes } : null, footprint }));
    names.push(json);
    return names;
  });
  say(summary(compiled, model, outDir, files, sizes));
  if (footprint) say(footprintLines(footprint, name).join('\n'));
  say(`  time:        ${(tsMs / 1000).toFixed(2)} s aotc (TypeScript)${cc ? `, ${(ccMs / 1000).toFixed(2)} s ${cc} (${name}.o)` : ''}`);
}

function summary(c: Compiled, model: string, outDir: string, files: string[], sizes: SectionSizes | null): string {
  const rel = relative(process.cwd(), outDir);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? outDir : rel;
  const layers = buildLayers(c);
  const totals = layerTotals(layers);
  const ops = Object.entries(opCounts(c.graph)).map(([op, n]) => `${op} ${n}`).join(', ');
  const m = c.memory;
  const P = c.name.toUpperCase();
  const pct = m.act.size > 0 ? ` = ${((100 * m.act.lowerBound) / m.act.size).toFixed(1)}% of arena` : '';
  const lines = [
    `compiled ${modelBase(model)} for ${c.target.id} into ${shown}/`,
    `  files:       ${files.join('  ')}`,
    `  graph:       ${totals.nodes} node${totals.nodes === 1 ? '' : 's'}${ops ? ` (${ops})` : ''}`,
    `               ${m.io.inputs.length} input(s), ${m.io.outputs.length} output(s), ${count(totals.macs)} MACs`,
    `  memory:      align ${m.align}`,
    `    weights      ${bytes(c.weights.bytes.length)}  (${P}_CONSTANT_MEM_SIZE)`,
    `    io           ${bytes(m.io.size)}  (${P}_MUTABLE_MEM_SIZE)`,
    `    activations  ${bytes(m.act.size)}  (${P}_ACTIVATIONS_MEM_SIZE; lower bound ${int(m.act.lowerBound)} B${pct})`,
  ];
  if (sizes) {
    lines.push(`  object:      ${c.name}.o: .text ${int(sizes.text)} B, .rodata ${int(sizes.rodata)} B, .data ${int(sizes.data)} B, .bss ${int(sizes.bss)} B (${sizes.tool})`);
  } else if (files.includes(`${c.name}.o`)) {
    lines.push(`  object:      ${c.name}.o built; section sizes unavailable (no llvm-size-19; see \`aotc doctor\`)`);
  }
  for (const n of c.graph.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

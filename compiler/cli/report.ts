// `aotc report`: a self-contained HTML page (summary, memory plan picture, per-layer table) for a model or a report.

import { resolve } from 'node:path';
import { buildManifest, type Manifest } from '../report/manifest.js';
import { reportHtml } from '../report/html.js';
import { measureObject } from '../report/measure.js';
import { readReport } from '../report/read.js';
import { bundleFootprint } from '../targets/footprint.js';
import { findCompiler } from '../toolchain/clang.js';
import { canonicalCommandLine } from './compile.js';
import { ccOption, compileFromFile, modelBase, parseInputShapes, say, withTempDir, type ModelOptions } from './common.js';
import { writeFileAtomic } from './output.js';

export interface ReportCliOptions extends ModelOptions { output?: string; cc?: string; object: boolean }

async function manifestFor(model: string, o: ReportCliOptions): Promise<Manifest> {
  const { compiled } = compileFromFile(model, o);
  const commandLine = canonicalCommandLine(model, compiled.target.id, compiled.name, parseInputShapes(o.inputShape));
  if (!o.object) {
    const footprint = compiled.target.mcu ? bundleFootprint(compiled, null, null) : null;
    return buildManifest(compiled, { commandLine, modelFile: modelBase(model), object: null, footprint });
  }
  const cc = findCompiler(ccOption(o.cc));
  const { sizes, footprint } = await withTempDir((dir) => measureObject(compiled, dir, cc));
  return buildManifest(compiled, { commandLine, modelFile: modelBase(model), object: { sizes }, footprint });
}

export async function reportCommand(input: string, o: ReportCliOptions): Promise<void> {
  const m = input.endsWith('.json') ? readReport(input) : await manifestFor(input, o);
  const out = resolve(o.output ?? `${m.name}.report.html`);
  writeFileAtomic(out, reportHtml(m));
  say(`wrote ${out} (${m.model.file} for ${m.target}: ${m.memory.buffers.length} arena buffers, ${m.layers.length} layers)`);
}

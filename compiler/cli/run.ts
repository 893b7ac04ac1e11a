// `aotc run`: compile for the host in a temp dir, run the bundle on .npz inputs, write outputs as .npz.

import type { Compiled } from '../compile.js';
import { fail } from '../diagnostics/error.js';
import { buildRunner, runSets } from '../harness/host-runner.js';
import { inputSpecs, inputsFromNpz, type HostTensor } from '../harness/inputs.js';
import { readNpzFile, writeNpz, type NpyArray } from '../harness/npz.js';
import { ccOption, compileFromFile, say, withTempDir, type ModelOptions } from './common.js';
import { writeFileAtomic } from './output.js';
import { shape } from '../report/format.js';

export interface RunCliOptions extends ModelOptions { data: string; output: string; cc?: string }

/** Read an .npz of inputs; AOTC0050 when the file is unreadable or malformed. */
export function readInputArchive(file: string): Map<string, NpyArray> {
  try {
    return readNpzFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return fail('AOTC0050', `cannot read input data '${file}': ${why}`, { file },
      'give an .npz written by numpy.savez / savez_compressed, one array per model input keyed by input name');
  }
}

/** Build the bundle's runner in `dir` and run it on `sets`, returning the outputs (named, typed) per set. */
export function runBundle(c: Compiled, dir: string, sets: HostTensor[][], cc?: string): HostTensor[][] {
  const runner = buildRunner(c, dir, { cc });
  const results = runSets(runner, sets.map((s) => s.map((t) => t.data)));
  return results.map((outs) => outs.map((data, i) => {
    const v = c.graph.values.get(c.memory.io.outputs[i]!)!;
    return { name: v.name, dtype: v.dtype, shape: [...v.shape], data };
  }));
}

export async function runCommand(model: string, o: RunCliOptions): Promise<void> {
  const { compiled } = compileFromFile(model, o);
  const { set, notes } = inputsFromNpz(inputSpecs(compiled.graph), readInputArchive(o.data), o.data);
  const [outs] = await withTempDir((dir) => runBundle(compiled, dir, [set], ccOption(o.cc)));
  const seen = new Set<string>();
  const entries: [string, NpyArray][] = [];
  for (const t of outs!) {
    if (seen.has(t.name)) continue; // the same value listed twice as a graph output
    seen.add(t.name);
    entries.push([t.name, { dtype: t.dtype, shape: t.shape, data: t.data }]);
  }
  writeFileAtomic(o.output, writeNpz(entries));
  for (const n of [...compiled.graph.notes, ...notes]) say(`note: ${n}`);
  say(`wrote ${o.output}: ${entries.map(([k, a]) => `${k} ${a.dtype}[${shape(a.shape)}]`).join(', ')}`);
}

// Build a compiled bundle's object in a folder and measure it: section sizes and, on MCUs, the footprint with stack.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Compiled } from '../compile.js';
import { bundleFootprint, objectStackEstimate, type BundleFootprint } from '../targets/footprint.js';
import { compileC } from '../toolchain/clang.js';
import { objectSectionSizes, type SectionSizes } from '../toolchain/size.js';

export interface ObjectMeasure { sizes: SectionSizes | null; footprint: BundleFootprint | null }

/** Write the bundle sources into `dir`, build <name>.o with `cc` for the bundle's target, and measure it. */
export function measureObject(c: Compiled, dir: string, cc: string): ObjectMeasure {
  for (const [f, content] of c.files) writeFileSync(join(dir, f), content);
  const obj = `${c.name}.o`;
  compileC(cc, c.target, [`${c.name}.c`], obj, ['-c', ...(c.target.mcu ? ['-fstack-usage'] : [])], { cwd: dir });
  const sizes = objectSectionSizes(join(dir, obj)) ?? null;
  const footprint = c.target.mcu
    ? bundleFootprint(c, join(dir, obj), objectStackEstimate(join(dir, obj), join(dir, `${c.name}.su`), `${c.name}_run_with_weights`))
    : null;
  return { sizes, footprint };
}

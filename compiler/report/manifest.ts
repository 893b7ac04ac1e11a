// The <name>.json bundle manifest: versions, provenance hashes, region and object sizes, io, op counts, layers.

import { createHash } from 'node:crypto';
import type { Compiled } from '../compile.js';
import type { SectionSizes } from '../toolchain/size.js';
import type { BundleFootprint } from '../targets/footprint.js';
import { AOTC_VERSION, BUNDLE_ABI_VERSION } from '../version.js';
import { buildLayers, layerTotals, opCounts, planBuffers, tensorInfo } from './layers.js';
import { compactJson } from './format.js';

/**
 * Bumped when a field is removed or changes meaning; adding fields keeps the version (readers ignore fields they do
 * not know). The fields are documented in docs/REPORT.md.
 */
export const MANIFEST_SCHEMA_VERSION = 1;

/**
 * The four numbers users compare, in bytes: flash = code (.text + .rodata + .data of <name>.o; null when no object
 * was built or no size tool was found) + weights (<name>.weights.bin); RAM = activations (the planned arena) + io.
 */
export function bundleSizes(c: Compiled, sizes: SectionSizes | null | undefined) {
  const code = sizes ? sizes.text + sizes.rodata + sizes.data : null;
  const weights = c.weights.bytes.length;
  const activations = c.memory.act.size, io = c.memory.io.size;
  return {
    flash: { code, weights, total: code === null ? null : code + weights },
    ram: { activations, io, total: activations + io },
  };
}

export interface ManifestInfo {
  /** The normalised command line (see cli/compile.ts). */
  commandLine: string;
  /** Model file base name. */
  modelFile: string;
  /** <name>.o and its section sizes (null when no size tool was found), or null when no object was built. */
  object: { sizes: SectionSizes | null } | null;
  /** Microcontroller targets: flash/RAM the bundle needs and whether it fits the machine (see targets/footprint.ts). */
  footprint?: BundleFootprint | null;
}

export function ioEntries(c: Compiled, ids: number[]) {
  return ids.map((id) => {
    const t = tensorInfo(c.graph, id);
    const v = c.graph.values.get(id)!;
    return {
      name: t.name, dtype: t.dtype, shape: t.shape,
      offset: c.memory.io.offsets.get(id)!, bytes: c.memory.loc.get(id)?.bytes ?? 0,
      ...(v.quant ? { quant: { scale: v.quant.scale, zeroPoint: v.quant.zeroPoint, axis: v.quant.axis } } : {}),
    };
  });
}

/** The manifest as a plain object whose key order is fixed by construction (stable output). */
export function buildManifest(c: Compiled, info: ManifestInfo) {
  const layers = buildLayers(c);
  const mem = c.memory;
  const weightsFile = c.weights.bytes;
  return {
    schema: 'aotc-bundle-manifest',
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    aotcVersion: AOTC_VERSION,
    bundleAbiVersion: BUNDLE_ABI_VERSION,
    name: c.name,
    target: c.target.id,
    commandLine: info.commandLine,
    model: { file: info.modelFile, sha256: c.modelSha256 },
    sizes: bundleSizes(c, info.object?.sizes),
    weights: {
      file: `${c.name}.weights.bin`,
      bytes: weightsFile.length,
      /** sha256 of the weights data (after the header): the hash the bundle checks. */
      sha256: c.weights.sha256Hex,
      fileSha256: createHash('sha256').update(weightsFile).digest('hex'),
    },
    memory: {
      alignment: mem.align,
      constant: weightsFile.length,
      mutable: mem.io.size,
      activations: mem.act.size,
      activationsLowerBound: mem.act.lowerBound,
      /** Planned arena buffers (value groups and per-node scratch): offset, bytes, live steps first..last. */
      buffers: planBuffers(c),
    },
    object: info.object
      ? { file: `${c.name}.o`, text: info.object.sizes?.text ?? null, rodata: info.object.sizes?.rodata ?? null,
        data: info.object.sizes?.data ?? null, bss: info.object.sizes?.bss ?? null }
      : null,
    ...(info.footprint ? { footprint: info.footprint } : {}),
    inputs: ioEntries(c, mem.io.inputs),
    outputs: ioEntries(c, mem.io.outputs),
    notes: [...c.graph.notes],
    opCounts: opCounts(c.graph),
    totals: layerTotals(layers),
    layers,
  };
}

export type Manifest = ReturnType<typeof buildManifest>;

export function manifestJson(c: Compiled, info: ManifestInfo): string {
  return compactJson(buildManifest(c, info));
}

// The weights blob: a 64-byte header (magic, format version, sizes, sha256) then aligned constant data.

import { createHash } from 'node:crypto';
import { toBytes } from '../../ir/dtype.js';
import type { Graph } from '../../ir/graph.js';
import type { MemoryLayout } from '../../memory/layout.js';

export const WEIGHTS_MAGIC = 'AOTCWTS\0';
export const WEIGHTS_FORMAT_VERSION = 1;
export const WEIGHTS_HEADER_BYTES = 64;

export interface WeightsBlob { bytes: Uint8Array; data: Uint8Array; sha256: Uint8Array; sha256Hex: string }

export function buildWeights(g: Graph, mem: MemoryLayout): WeightsBlob {
  const data = new Uint8Array(mem.weights.size);
  for (const id of mem.weights.values) {
    const v = g.values.get(id)!;
    data.set(toBytes(v.data!, v.dtype), mem.loc.get(id)!.offset);
  }
  const sha = createHash('sha256').update(data).digest();
  const bytes = new Uint8Array(WEIGHTS_HEADER_BYTES + data.length);
  const dv = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(WEIGHTS_MAGIC), 0);
  dv.setUint32(8, WEIGHTS_FORMAT_VERSION, true);
  dv.setUint32(12, WEIGHTS_HEADER_BYTES, true);
  dv.setBigUint64(16, BigInt(data.length), true);
  bytes.set(sha, 24);
  dv.setUint32(56, mem.align, true);
  bytes.set(data, WEIGHTS_HEADER_BYTES);
  return { bytes, data, sha256: new Uint8Array(sha), sha256Hex: sha.toString('hex') };
}

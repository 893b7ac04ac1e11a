// Tests the bundle contract: deterministic files, exact sizes in the header, the weights check, escaped names.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../compiler/compile.js';
import { compileC, findCompiler } from '../../compiler/toolchain/clang.js';
import { runProgram } from '../../compiler/toolchain/process.js';
import { getTarget } from '../../compiler/targets/target.js';
import { buildOnnx } from '../helpers/onnx-builder.js';

const evilName = 'conv */ #error "escaped?" /* ??/';
const model = buildOnnx({
  name: 'contract',
  nodes: [
    { op: 'Conv', name: evilName, inputs: ['in put', 'w'], outputs: ['c'], attrs: { pads: [1, 1, 1, 1] } },
    { op: 'Relu', inputs: ['c'], outputs: ['out/0'] },
  ],
  inputs: [{ name: 'in put', dims: [1, 1, 4, 4] }], outputs: [{ name: 'out/0', dims: [1, 2, 4, 4] }],
  initializers: [{ name: 'w', dims: [2, 1, 3, 3], data: Array.from({ length: 18 }, (_x, i) => i / 10) }],
});

describe('bundle', () => {
  it('is byte-identical when compiled twice', () => {
    const a = compileModel(model, 'contract.onnx', { name: 'net' });
    const b = compileModel(model, 'contract.onnx', { name: 'net' });
    expect([...a.files.keys()]).toEqual(['net.h', 'net.c', 'net.weights.c', 'net.weights.bin']);
    for (const [k, v] of a.files) expect(Buffer.from(b.files.get(k)!)).toEqual(Buffer.from(v));
  });

  it('states exact region sizes and io offsets in the header', () => {
    const c = compileModel(model, 'contract.onnx', { name: 'net' });
    const h = c.files.get('net.h') as string;
    expect(h).toContain(`#define NET_CONSTANT_MEM_SIZE ${64 + 18 * 4 + (64 - 18 * 4 % 64)}`);
    expect(h).toContain('#define NET_MUTABLE_MEM_SIZE 192'); // 64 bytes in (aligned to 64) + 128 bytes out
    expect(h).toContain('#define NET_INPUT_IN_PUT_OFFSET 0');
    expect(h).toContain('#define NET_OUTPUT_OUT_0_OFFSET 64');
    expect(h).toContain('#define NET_OUTPUT_OUT_0_SHAPE { 1, 2, 4, 4 }');
    expect(h).not.toContain(evilName);
  });

  it('checks the weights blob and alignment at run time (and names are escaped in C)', () => {
    const c = compileModel(model, 'contract.onnx', { name: 'net' });
    const dir = mkdtempSync(join(tmpdir(), 'aotc-bundle-'));
    for (const [f, v] of c.files) writeFileSync(join(dir, f), v);
    writeFileSync(join(dir, 'main.c'), `
#include "net.h"
#include <stdio.h>
#include <string.h>
static uint8_t io[NET_MUTABLE_MEM_SIZE] __attribute__((aligned(64)));
static uint8_t act[NET_ACTIVATIONS_MEM_SIZE + 1] __attribute__((aligned(64)));
static uint8_t blob[NET_CONSTANT_MEM_SIZE] __attribute__((aligned(64)));
int main(void) {
  memcpy(blob, net_weights, sizeof blob);
  int ok = net_run_with_weights(blob, io, act);
  blob[24 + 5] ^= 1; /* the sha256 in the header: weights of another model */
  int hash = net_run_with_weights(blob, io, act);
  blob[24 + 5] ^= 1; blob[8] = 9;
  int version = net_run_with_weights(blob, io, act);
  blob[8] = 1;
  int align = net_run_with_weights(blob, io + 1, act);
  printf("%d %d %d %d %d\\n", ok, hash, version, align, net_run(io, act));
  return 0;
}`);
    const cc = findCompiler();
    compileC(cc, getTarget('host'), ['net.c', 'net.weights.c', 'main.c'], join(dir, 'main'), ['-lm'], { werror: true, cwd: dir });
    expect(runProgram(join(dir, 'main'), []).stdout.trim()).toBe('0 4 2 5 0');
  });
});

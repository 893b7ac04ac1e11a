// Unit tests of the CLI's pieces: option parsing, command-line normalisation, random inputs, .npz matching,
// output comparison rules, llvm-size parsing, compact JSON.
import { describe, expect, it } from 'vitest';
import { parseInputShapes, bundleName } from '../../compiler/cli/common.js';
import { canonicalCommandLine } from '../../compiler/cli/compile.js';
import { AotcError } from '../../compiler/diagnostics/error.js';
import { inputSpecs, inputsFromNpz, prng, randomSets, type HostTensor } from '../../compiler/harness/inputs.js';
import { fromBytes, getElem, f16BitsToF32, type DType } from '../../compiler/ir/dtype.js';
import { addNode, addValue, newGraph } from '../../compiler/ir/graph.js';
import { accumulate, newStats, passes } from '../../compiler/report/compare.js';
import { compactJson, table } from '../../compiler/report/format.js';
import { parseSysvSizes } from '../../compiler/toolchain/size.js';

const code = (fn: () => unknown): string | undefined => {
  try { fn(); } catch (e) { return e instanceof AotcError ? e.code : `not an AotcError: ${e}`; }
  return undefined;
};

describe('option parsing', () => {
  it('parses --input-shape values', () => {
    expect(parseInputShapes(['a=1x3x224x224', 'b:0=2,3'])).toEqual(new Map([['a', [1, 3, 224, 224]], ['b:0', [2, 3]]]));
    for (const bad of ['a', '=1x2', 'a=', 'a=1xx2', 'a=0x2', 'a=-1', 'a=1.5']) expect(code(() => parseInputShapes([bad])), bad).toBe('AOTC0023');
    expect(code(() => parseInputShapes(['a=1', 'a=2']))).toBe('AOTC0023');
  });

  it('checks --name and derives the default from the file name', () => {
    expect(bundleName('/x/mnist-8.onnx')).toBe('mnist_8');
    expect(bundleName('m.onnx', 'My_net2')).toBe('My_net2');
    expect(code(() => bundleName('m.onnx', 'my-net'))).toBe('AOTC0061');
  });

  it('normalises the recorded command line', () => {
    const shapes = new Map([['z', [1, 2]], ['a b', [3]]]);
    expect(canonicalCommandLine('/abs/path/to/model.onnx', 'host', 'net', shapes))
      .toBe("aotc compile model.onnx --target host --name net --input-shape 'a b=3' --input-shape z=1x2");
  });
});

describe('random inputs', () => {
  const g = newGraph('g');
  const mk = (name: string, dtype: DType, shape: number[]) => { const v = addValue(g, { name, dtype, shape }); g.inputs.push(v.id); return v; };
  mk('f', 'float32', [1000]);
  mk('h', 'float16', [100]);
  mk('u8', 'uint8', [1000]);
  mk('i64', 'int64', [1000]);
  mk('b', 'bool', [1000]);
  const table5 = addValue(g, { name: 'table', dtype: 'float32', shape: [7, 3] });
  const idx = mk('idx', 'int64', [500]);
  const out = addValue(g, { name: 'out', dtype: 'float32', shape: [500, 3] });
  addNode(g, { name: 'gather', op: 'Gather', inputs: [table5.id, idx.id], outputs: [out.id], attrs: { axis: 0 } });
  const specs = inputSpecs(g);
  const values = (t: HostTensor) => Array.from({ length: fromBytes(t.data, t.dtype).length }, (_x, i) => getElem(fromBytes(t.data, t.dtype), i));

  it('is deterministic per seed and differs between seeds', () => {
    expect(randomSets(specs, 2, 42)).toEqual(randomSets(specs, 2, 42));
    expect(randomSets(specs, 1, 1)[0]![0]!.data).not.toEqual(randomSets(specs, 1, 2)[0]![0]!.data);
    const r = prng(3);
    for (let i = 0; i < 1000; i++) { const x = r(); expect(x >= 0 && x < 1).toBe(true); }
  });

  it('draws each dtype from a sensible range', () => {
    const [set] = randomSets(specs, 1, 9);
    const by = new Map(set!.map((t) => [t.name, t]));
    const f = values(by.get('f')!);
    expect(Math.min(...f)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...f)).toBeLessThan(1);
    expect(Math.min(...f)).toBeLessThan(-0.9);
    const h = by.get('h')!;
    expect(h.data.length).toBe(200); // float16 raw bits
    for (let i = 0; i < 100; i++) expect(Math.abs(f16BitsToF32(h.data[2 * i]! | (h.data[2 * i + 1]! << 8)))).toBeLessThanOrEqual(1);
    const u8 = values(by.get('u8')!);
    expect(Math.max(...u8)).toBeGreaterThan(200);
    const i64 = values(by.get('i64')!);
    expect(Math.min(...i64)).toBeGreaterThanOrEqual(-100);
    expect(Math.max(...i64)).toBeLessThanOrEqual(100);
    expect(new Set(values(by.get('b')!))).toEqual(new Set([0, 1]));
    const ix = values(by.get('idx')!);
    expect(Math.min(...ix)).toBe(0);
    expect(Math.max(...ix)).toBe(6); // Gather indices stay inside the indexed axis (size 7)
  });

  it('matches .npz arrays to inputs and explains mismatches', () => {
    const arrays = new Map(specs.map((s) => [s.name, { dtype: s.dtype, shape: s.shape, data: new Uint8Array(s.bytes) }]));
    expect(inputsFromNpz(specs, arrays, 'f.npz').set.map((t) => t.name)).toEqual(specs.map((s) => s.name));
    const missing = new Map(arrays);
    missing.delete('h');
    expect(code(() => inputsFromNpz(specs, missing, 'f.npz'))).toBe('AOTC0050');
    try { inputsFromNpz(specs, missing, 'f.npz'); } catch (e) {
      expect((e as AotcError).message).toContain("missing 'h'");
      expect((e as AotcError).details).toContain("model input 'h': float16[100]");
    }
  });
});

describe('output comparison', () => {
  const f32 = (name: string, xs: number[]): HostTensor => ({ name, dtype: 'float32', shape: [xs.length], data: new Uint8Array(Float32Array.from(xs).buffer) });

  it('default rule: max abs error <= 1e-4 * max(1, reference range)', () => {
    const s = newStats('y', 'float32', [3]);
    accumulate(s, 0, f32('y', [0, 5, 10.0009765625]), f32('y', [0, 5, 10]), {});
    expect(s.maxAbs).toBeCloseTo(0.0009765625);
    expect(s.maxRel).toBeCloseTo(0.0009765625 / 10);
    expect(s.refMin).toBe(0);
    expect(s.refMax).toBe(10);
    expect(passes(s, {})).toBe(true); // range 10 → limit 1e-3
    accumulate(s, 1, f32('y', [0, 5, 10.001953125]), f32('y', [0, 5, 10]), {});
    expect(passes(s, {})).toBe(false);
    const small = newStats('y', 'float32', [2]); // range < 1 → limit 1e-4
    accumulate(small, 0, f32('y', [0.00015, 0.5]), f32('y', [0, 0.5]), {});
    expect(passes(small, {})).toBe(false);
  });

  it('explicit tolerances follow numpy.allclose', () => {
    const s = newStats('y', 'float32', [2]);
    accumulate(s, 0, f32('y', [1.5, 100.5]), f32('y', [1, 100]), { atol: 0.5 });
    expect(passes(s, { atol: 0.5 })).toBe(true);
    const t = newStats('y', 'float32', [2]);
    accumulate(t, 0, f32('y', [1.5, 101]), f32('y', [1, 100]), { atol: 0.5, rtol: 0.001 });
    expect(t.violations).toBe(1);
    expect(passes(t, { atol: 0.5, rtol: 0.001 })).toBe(false);
  });

  it('NaN must match NaN; shape or dtype disagreements fail', () => {
    const s = newStats('y', 'float32', [2]);
    accumulate(s, 0, f32('y', [NaN, 1]), f32('y', [NaN, 1]), {});
    expect(passes(s, {})).toBe(true);
    accumulate(s, 1, f32('y', [NaN, 1]), f32('y', [0, 1]), {});
    expect(s.nonFinite).toBe(1);
    expect(passes(s, {})).toBe(false);
    const t = newStats('y', 'float32', [2]);
    accumulate(t, 0, f32('y', [1, 2]), f32('y', [1, 2, 3]), {});
    expect(t.problem).toMatch(/2 elements vs reference 3/);
    expect(passes(t, {})).toBe(false);
  });
});

describe('report formatting', () => {
  it('sums llvm-size -A sections by family', () => {
    const text = ['m.o  :', 'section              size   addr', '.text                   0      0', '.text.m_run          907      0',
      '.rodata.cst4          16      0', '.rodata               56      0', '.data.rel.ro           8      0', '.bss.x                 4      0',
      '.comment              31      0', 'Total               1022', ''].join('\n');
    expect(parseSysvSizes(text)).toEqual({ text: 907, rodata: 72, data: 8, bss: 4 });
  });

  it('compact JSON keeps shapes on one line and key order as built', () => {
    expect(compactJson({ b: 1, a: { shape: [1, 2], list: [{ x: null }] }, skip: undefined }))
      .toBe('{\n  "b": 1,\n  "a": {\n    "shape": [1, 2],\n    "list": [\n      {\n        "x": null\n      }\n    ]\n  }\n}\n');
    expect(JSON.parse(compactJson({ s: 'q"\n', e: [], o: {} }))).toEqual({ s: 'q"\n', e: [], o: {} });
  });

  it('aligns table columns', () => {
    expect(table(['a', 'num'], [['xyz', '1'], ['b', '200']], ['l', 'r'])).toBe('a    num\n---  ---\nxyz    1\nb    200\n');
  });
});

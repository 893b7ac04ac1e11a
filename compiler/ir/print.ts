// Stable text dump of the IR (for --dump-after and golden tests): values, nodes, attributes.

import { getElem } from './dtype.js';
import type { AttrValue, Graph, Value } from './graph.js';

const fmtNum = (x: number) => (Number.isInteger(x) ? String(x) : Number(x.toPrecision(7)).toString());

function fmtAttr(a: AttrValue): string {
  if (Array.isArray(a)) return `[${a.map((x) => (typeof x === 'number' ? fmtNum(x) : JSON.stringify(x))).join(', ')}]`;
  if (typeof a === 'number') return fmtNum(a);
  if (typeof a === 'string') return JSON.stringify(a);
  if (typeof a === 'boolean') return String(a);
  return `tensor<${a.dtype}[${a.shape.join('x')}]>`;
}

function fmtType(v: Value): string {
  const q = v.quant ? ` q(s=${v.quant.scale.slice(0, 2).map(fmtNum).join(',')}${v.quant.scale.length > 2 ? ',…' : ''} zp=${v.quant.zeroPoint.slice(0, 2).join(',')})` : '';
  return `${v.dtype}[${v.shape.join('x')}]${q}`;
}

function fmtConst(v: Value): string {
  const d = v.data!;
  const head = Array.from({ length: Math.min(4, d.length) }, (_x, i) => fmtNum(getElem(d, i)));
  return `{${head.join(', ')}${d.length > 4 ? `, … ${d.length} elems` : ''}}`;
}

export function printGraph(g: Graph): string {
  const ref = (id: number | null) => (id === null ? '_' : `%${g.values.get(id)?.name ?? id}`);
  const lines = [`graph ${JSON.stringify(g.name)} {`];
  for (const id of g.inputs) lines.push(`  input ${ref(id)}: ${fmtType(g.values.get(id)!)}`);
  const consts = [...g.values.values()].filter((v) => v.data).sort((a, b) => a.id - b.id);
  for (const v of consts) lines.push(`  const ${ref(v.id)}: ${fmtType(v)} = ${fmtConst(v)}`);
  for (const n of g.nodes) {
    const attrs = Object.keys(n.attrs).sort().map((k) => `${k}=${fmtAttr(n.attrs[k])}`).join(', ');
    const outs = n.outputs.map((o) => `${ref(o)}: ${fmtType(g.values.get(o)!)}`).join(', ');
    lines.push(`  ${outs} = ${n.op}(${n.inputs.map(ref).join(', ')})${attrs ? ` {${attrs}}` : ''}  # ${JSON.stringify(n.name)}`);
  }
  lines.push(`  return ${g.outputs.map(ref).join(', ')}`);
  lines.push('}');
  return lines.join('\n');
}

// Dev tool: run ONNX backend test cases whose directory name matches a pattern, print pass/fail/unsupported.
//   node dist/scripts/onnx-test.js <regex> [--root /usr/share/libonnx-testdata/data]

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCase } from '../compiler/harness/onnx-testcase.js';

const args = process.argv.slice(2);
const rootIdx = args.indexOf('--root');
const root = rootIdx >= 0 ? args[rootIdx + 1] : '/usr/share/libonnx-testdata/data';
const pattern = new RegExp(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--root') ?? '.');
const counts = { pass: 0, fail: 0, unsupported: 0 };
for (const cat of ['node', 'pytorch-converted', 'pytorch-operator', 'simple']) {
  for (const t of readdirSync(join(root, cat)).sort()) {
    if (!pattern.test(`${cat}/${t}`)) continue;
    const r = runCase(join(root, cat, t), join(tmpdir(), 'aotc-onnx-test', t));
    counts[r.status]++;
    console.log(`${r.status.padEnd(11)} ${r.name}${r.reason ? `  -- ${r.reason.slice(0, 300)}` : ''}`);
  }
}
console.log(`${counts.pass} passed, ${counts.fail} failed, ${counts.unsupported} unsupported`);

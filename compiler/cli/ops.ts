// `aotc ops`: the operators aotc can compile (IR op names, which follow ONNX's), one per line or as JSON.

import { supportedOps } from '../ops/registry.js';
import { say } from './common.js';

export function opsCommand(o: { json?: boolean }): void {
  const ops = supportedOps();
  if (o.json) { say(JSON.stringify(ops)); return; }
  say(`${ops.length} supported operators (ONNX names; older opset forms are upgraded on import):`);
  say(ops.map((op) => `  ${op}`).join('\n'));
}

// `aotc doctor`: which toolchain pieces are installed (with versions) and the command that installs each missing one.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AotcError, fail } from '../diagnostics/error.js';
import { ortVersion } from '../harness/ort.js';
import { PACKAGE_ROOT } from '../paths.js';
import { findCompiler } from '../toolchain/clang.js';
import { runProgram } from '../toolchain/process.js';
import { toolVersion } from '../toolchain/size.js';
import { table } from '../report/format.js';
import { ccOption, say } from './common.js';

interface Check { name: string; use: string; version: string | undefined; install: string; required?: boolean }

const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 ? 'sudo ' : '';
const apt = (pkgs: string) => `${sudo}apt-get install -y ${pkgs}`;
const SETUP = `bash ${join(PACKAGE_ROOT, 'scripts', 'setup.sh')}`;

const PY_PROBE = `
import json, importlib, importlib.metadata as md
out = {}
for mod, dist in [('onnx', 'onnx'), ('onnxruntime', 'onnxruntime'), ('tflite_micro.python.tflite_micro.runtime', 'tflite-micro')]:
    try:
        importlib.import_module(mod)
        out[dist] = md.version(dist)
    except Exception:
        out[dist] = None
print(json.dumps(out))
`;

function pythonChecks(): Check[] {
  const py = join(PACKAGE_ROOT, '.venv', 'bin', 'python');
  const venv = existsSync(py) ? toolVersion(py) : undefined;
  let mods: Record<string, string | null> = {};
  if (venv) {
    const r = runProgram(py, ['-c', PY_PROBE], { timeoutMs: 120_000 });
    try { mods = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}'); } catch { mods = {}; }
  }
  const mod = (dist: string, use: string): Check => ({ name: `  ${dist} (python)`, use, version: mods[dist] ?? undefined, install: SETUP });
  return [
    { name: 'python venv .venv', use: 'Python oracles (tests, conformance)', version: venv, install: SETUP },
    mod('onnx', 'ONNX reference checks'),
    mod('onnxruntime', 'ONNX Runtime oracle (Python)'),
    mod('tflite-micro', 'TFLite Micro oracle'),
  ];
}

function npmVersion(pkg: string): string | undefined {
  try {
    const req = createRequire(join(PACKAGE_ROOT, 'package.json'));
    return JSON.parse(readFileSync(req.resolve(`${pkg}/package.json`), 'utf8')).version;
  } catch {
    return undefined;
  }
}

export async function doctorCommand(o: { cc?: string }): Promise<void> {
  let cc: string | undefined;
  let ccError: AotcError | undefined;
  try { cc = findCompiler(ccOption(o.cc)); } catch (e) { if (e instanceof AotcError) ccError = e; else throw e; }
  const source = o.cc ? '--cc' : process.env.AOTC_CC ? 'AOTC_CC' : 'PATH';
  const checks: Check[] = [
    { name: `C compiler${cc ? ` (${cc}, from ${source})` : ''}`, use: 'builds bundles (.o) and test runners', version: cc ? toolVersion(cc) : undefined, install: apt('clang-19'), required: true },
    { name: 'ld.lld-19', use: 'links bare-metal and wasm targets', version: toolVersion('ld.lld-19'), install: apt('lld-19') },
    { name: 'llvm-size-19', use: 'object section sizes in compile reports', version: toolVersion('llvm-size-19'), install: apt('llvm-19') },
    { name: 'arm-none-eabi-gcc', use: 'Cortex-M portability check', version: toolVersion('arm-none-eabi-gcc'), install: apt('gcc-arm-none-eabi libnewlib-arm-none-eabi') },
    { name: 'qemu-system-arm', use: 'runs Cortex-M bundles', version: toolVersion('qemu-system-arm'), install: apt('qemu-system-arm') },
    { name: 'qemu-aarch64', use: 'runs aarch64 bundles', version: toolVersion('qemu-aarch64'), install: apt('qemu-user libc6-dev-arm64-cross libgcc-12-dev-arm64-cross') },
    { name: 'valgrind', use: 'memory checks of bundles', version: toolVersion('valgrind'), install: apt('valgrind') },
    ...pythonChecks(),
    { name: 'onnxruntime-node', use: '`aotc validate` reference', version: await ortVersion(), install: `npm install onnxruntime-node   (in ${PACKAGE_ROOT})` },
    { name: 'binaryen', use: 'wasm target', version: npmVersion('binaryen'), install: `npm install binaryen   (in ${PACKAGE_ROOT})` },
  ];
  const rows = checks.map((c) => [c.version !== undefined ? 'ok' : c.required ? 'MISSING' : 'missing', c.name, c.version !== undefined ? (c.version || 'found') : '-', c.use]);
  say(table(['status', 'tool', 'version', 'used for'], rows));
  const missing = checks.filter((c) => c.version === undefined);
  if (missing.length) {
    say('to install what is missing:');
    for (const c of missing) say(`  ${c.name.trim()}: ${c.install}`);
    say(`or everything at once: ${SETUP}`);
  } else say('everything aotc can use is installed');
  say('C compiler resolution: --cc, else $AOTC_CC, else clang-19, else clang on PATH');
  if (ccError) fail(ccError.code, ccError.message, undefined, ccError.hint);
}

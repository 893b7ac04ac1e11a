#!/usr/bin/env node
// The aotc command line: commander wiring only (the project's one use of commander); each command lives in its own file.

// Command modules (and through them the compiler) load lazily inside each action, so a load failure is reported
// like any other internal error (AOTC0099) and `--help` stays fast.

import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { AotcError, asAotcError } from '../diagnostics/error.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** package.json version, read relative to this file (dist/compiler/cli/ or compiler/cli/). */
function version(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8'));
      if (pkg.name === 'aotc') return pkg.version;
    } catch { /* try the next location */ }
  }
  return 'unknown';
}

const inputShape = () => new Option('--input-shape <name=DxDx...>', 'static shape for an input with dynamic dimensions (repeatable)')
  .argParser(collect);
const target = () => new Option('--target <target>', 'target to compile for').default('host');
const cc = () => new Option('--cc <compiler>', 'C compiler (default: $AOTC_CC, else clang-19, else clang)');

const TOLERANCE_HELP = `
Pass rule: with neither --atol nor --rtol, an output passes when
  max |bundle - reference| <= 1e-4 * max(1, reference max - reference min)
(integer and bool outputs therefore have to match exactly unless their range is large). With --atol and/or --rtol
(missing one = 0), every element must satisfy |bundle - reference| <= atol + rtol * |reference| (numpy.allclose).
NaN must match NaN. The reference is ONNX Runtime (onnxruntime-node) on the CPU, single-threaded, with graph
optimisations disabled so it computes the model as written. Random inputs: floats uniform in [-1, 1), 8/16-bit
integers over their whole range, 32/64-bit integers in [-100, 100] (indices of a Gather axis: [0, n-1]),
bools 0/1. Exits 1 (AOTC0052) when an output fails.

TFLite models (.tflite) are validated against --reference tflm (TFLite Micro, default), litert (LiteRT with its
reference kernels, BUILTIN_REF) or litert-default (LiteRT's optimized kernels), run from the project's Python
environment (bash scripts/setup.sh, or $AOTC_PYTHON). Pass rule there: integer outputs identical, float outputs
within 1e-5 * (reference max - reference min); --atol/--rtol as above. --per-layer also compares every intermediate
tensor (the bundle is rebuilt without buffer reuse) and names the first that differs.`;

function program(): Command {
  const p = new Command('aotc')
    .description('ahead-of-time compiler for neural networks: ONNX models to self-contained C bundles')
    .version(version(), '-V, --version')
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true);

  p.command('compile').argument('<model>', 'model file (.onnx)')
    .description('compile a model into a C bundle: <name>.h .c .weights.bin .weights.c .json .o (written atomically)')
    .addOption(target())
    .option('-o, --output <dir>', 'output folder (default: ./<name>)')
    .option('-n, --name <prefix>', 'C prefix and file base name (default: from the model file name)')
    .addOption(inputShape())
    .addOption(new Option('--dump-after <pass>', "print the IR after a pass ('import', a pass name, or 'all'; repeatable)").argParser(collect))
    .addOption(cc())
    .option('--no-object', 'do not build <name>.o (no C compiler needed)')
    .option('--mcpu <cpu>', 'Cortex-M targets: override -mcpu (the QEMU machine stays the target\'s)')
    .option('--float-abi <abi>', 'Cortex-M targets: override -mfloat-abi (soft, softfp, hard)')
    .action(async (model, o) => (await import('./compile.js')).compileCommand(model, o));

  p.command('inspect').argument('<model>', 'model file (.onnx)')
    .description('show the optimised graph (per-node table) and the memory plan; needs no toolchain')
    .addOption(target()).addOption(inputShape())
    .option('--json', 'print JSON instead of text')
    .action(async (model, o) => (await import('./inspect.js')).inspectCommand(model, o));

  p.command('run').argument('<model>', 'model file (.onnx)')
    .description('compile for the host and run on inputs from an .npz (keyed by input name); write outputs as .npz')
    .requiredOption('--data <in.npz>', 'input arrays, one per model input')
    .requiredOption('-o, --output <out.npz>', 'where to write the outputs (keyed by output name)')
    .addOption(new Option('--target <target>', 'target (only host runs here)').default('host').choices(['host']))
    .addOption(inputShape()).addOption(cc())
    .action(async (model, o) => (await import('./run.js')).runCommand(model, o));

  p.command('validate').argument('<model>', 'model file (.onnx, .tflite)')
    .description('compile for the host and compare the bundle with ONNX Runtime (TFLite: TFLite Micro / LiteRT) on the same inputs')
    .option('--data <file.npz>', 'inputs to use (default: random inputs)')
    .option('--runs <n>', 'number of random input sets', '3')
    .option('--seed <s>', 'seed of the random inputs', '0')
    .option('--rtol <x>', 'relative tolerance (see below)')
    .option('--atol <x>', 'absolute tolerance (see below)')
    .option('--widen-reference', 'float16 models: run the reference on the model widened to float32 (the arithmetic aotc uses) and round its outputs to float16')
    .option('--reference <runtime>', 'reference runtime: ort for ONNX; tflm (default), litert or litert-default for TFLite')
    .option('--per-layer', 'TFLite: compare every intermediate tensor with the reference and name the first that differs')
    .addOption(inputShape()).addOption(cc())
    .addHelpText('after', TOLERANCE_HELP)
    .action(async (model, o) => (await import('./validate.js')).validateCommand(model, o));

  p.command('bench').argument('<model>', 'model file (.onnx)')
    .description('run a model on a Cortex-M target under QEMU: instructions per inference, MACs, flash/RAM, bit-exactness vs the host bundle')
    .addOption(new Option('--target <target>', 'Cortex-M target (cortex-m0, -m3, -m4, -m7, -m33, -m55)').makeOptionMandatory())
    .option('--mcpu <cpu>', 'override -mcpu').option('--float-abi <abi>', 'override -mfloat-abi (soft, softfp, hard)')
    .option('--runs <n>', 'inferences to run (each counted)', '1').option('--seed <s>', 'seed of the random input', '0')
    .option('--json', 'print one JSON object').option('-n, --name <prefix>', 'C prefix of the bundle')
    .addOption(inputShape()).addOption(cc())
    .action(async (model, o) => (await import('./bench.js')).benchCommand(model, o));

  p.command('doctor').description('check which toolchain pieces are installed and how to install the missing ones')
    .addOption(cc())
    .action(async (o) => (await import('./doctor.js')).doctorCommand(o));

  p.command('ops').description('list the supported operators').option('--json', 'print a JSON array')
    .action(async (o) => (await import('./ops.js')).opsCommand(o));
  p.command('size').argument('<path>', 'bundle folder, report (<name>.json), or folder of reports').description('print the sizes of a bundle: flash (code, weights), RAM (activations, io), object sections, per-layer table').option('--format <f>', 'text, json or md', 'text').action(async (path, o) => (await import('./size.js')).sizeCommand(path, o));
  p.command('diff').argument('<base>', 'report or folder of reports').argument('<head>', 'report or folder of reports').description('compare sizes (folders: matched by model × target); exit 1 when a --max-increase or --budget is exceeded (see docs/REPORT.md)').option('--format <f>', 'text, json or md', 'text').addOption(new Option('--max-increase <limit>', 'allowed growth: 2% (each of code, weights, activations, io), 1KiB, or per size: code=1%,ram=512B (repeatable)').argParser(collect)).addOption(new Option('--budget <sizes>', 'upper limits of the head: flash=64KiB,ram=32KiB (sizes: code, weights, activations, io, flash, ram; per target: cortex-m0:ram=16KiB; repeatable)').argParser(collect)).option('--match <keys>', "pair reports by 'model+target' or by 'model' alone (to compare targets)", 'model+target').action(async (base, head, o) => (await import('./diff.js')).diffCommand(base, head, o));
  p.command('report').argument('<model>', 'model file (.onnx, .tflite) or a report (<name>.json)').description('write one self-contained HTML page: sizes, the memory plan as a picture, the per-layer table').addOption(target()).addOption(inputShape()).addOption(cc()).option('-o, --output <file.html>', 'output file (default: ./<name>.report.html)').option('-n, --name <prefix>', 'C prefix of the bundle').option('--no-object', 'do not build the object (no code size; no C compiler needed)').action(async (model, o) => (await import('./report.js')).reportCommand(model, o));
  return p;
}

function report(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    if (e.code === 'commander.help') return 2; // no command given: usage went to stderr
    const err = new AotcError({ code: 'AOTC0061', message: e.message.replace(/^error:\s*/, ''), hint: 'see `aotc --help` or `aotc <command> --help`' });
    process.stderr.write(err.format() + '\n');
    return err.exitCode;
  }
  const err = asAotcError(e);
  process.stderr.write(err.format() + '\n');
  if (process.env.AOTC_DEBUG === '1' && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
  return err.exitCode;
}

async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (e) {
    return report(e);
  }
}

process.exitCode = await main(process.argv);

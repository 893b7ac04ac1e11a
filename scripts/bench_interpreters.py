#!/usr/bin/env python3
"""Benchmark runs of a .tflite model in an interpreter (TFLite Micro or LiteRT), for aotc's `npm run bench`.

usage: bench_interpreters.py MODEL INPUT.bin --runtime R [--mode time|invokes] [--seconds S] [--warmup W]
                             [--min-runs N] [--max-runs N] [--invokes N] [--output OUT.bin] [--arena BYTES]
R: tflm (TFLite Micro), litert (LiteRT default kernels: XNNPACK delegate, 1 thread), litert-ref (LiteRT BUILTIN_REF).

INPUT.bin holds the raw bytes of every model input, concatenated by input position (C order, the model's dtypes).
--mode time     W warm-up invokes, then enough invokes for about S seconds (at least --min-runs, at most --max-runs),
                each timed with time.perf_counter_ns() around interpreter.invoke() -- so the time includes the Python
                binding's call overhead. Prints one JSON line {runtime, median_ns, min_ns, mean_ns, runs, warmup, ...}.
--mode invokes  exactly --invokes N invokes, untimed (for callgrind with --toggle-collect on the runtime's Invoke;
                N = 0 runs everything but the invokes). Prints one JSON line {runtime, invokes, ...}.
Both modes set the inputs again (untimed) before every invoke: TFLM's arena planner may reuse the input tensor's
bytes for later activations. Both write the outputs of the last invoke (concatenated by output position) to --output when given.
Exit status: 0 ok; 2 bad arguments or input data; 3 a runtime package is missing; 4 the runtime failed.
"""

import argparse
import json
import sys
import time

EXIT_BAD_INPUT = 2
EXIT_MISSING = 3
EXIT_RUNTIME = 4


class BenchError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class Tflm:
    def __init__(self, model, model_bytes, arena):
        try:
            from tflite_micro.python.tflite_micro import runtime  # noqa: PLC0415
            from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as fb  # noqa: PLC0415
        except ImportError as e:
            raise BenchError(EXIT_MISSING, f"tflite_micro is not installed ({e})")
        self.it = runtime.Interpreter.from_file(model, arena_size=arena)
        sg = fb.Model.GetRootAsModel(model_bytes, 0).Subgraphs(0)  # the binding has no tensor counts
        self.n_in, self.n_out = sg.InputsLength(), sg.OutputsLength()

    def input_details(self, k):
        d = self.it.get_input_details(k)
        return d["dtype"], [int(x) for x in d["shape"]]

    def set_input(self, k, a):
        self.it.set_input(a, k)

    def output(self, k):
        return self.it.get_output(k)

    def invoke(self):
        self.it.invoke()


class LiteRt:
    def __init__(self, model, reference):
        try:
            from ai_edge_litert.interpreter import Interpreter, OpResolverType  # noqa: PLC0415
        except ImportError as e:
            raise BenchError(EXIT_MISSING, f"ai-edge-litert is not installed ({e})")
        resolver = OpResolverType.BUILTIN_REF if reference else OpResolverType.BUILTIN
        self.it = Interpreter(model_path=model, num_threads=1, experimental_op_resolver_type=resolver)
        self.it.allocate_tensors()
        self.inputs = self.it.get_input_details()
        self.outputs = self.it.get_output_details()
        self.n_in, self.n_out = len(self.inputs), len(self.outputs)

    def input_details(self, k):
        d = self.inputs[k]
        return d["dtype"], [int(x) for x in d["shape"]]

    def set_input(self, k, a):
        self.it.set_tensor(self.inputs[k]["index"], a)

    def output(self, k):
        return self.it.get_tensor(self.outputs[k]["index"])

    def invoke(self):
        self.it.invoke()


def versions():
    out = {"python": sys.version.split()[0]}
    import importlib.metadata as md  # noqa: PLC0415
    for pkg in ("numpy", "tflite-micro", "ai-edge-litert"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = None
    return out


def load_inputs(np, runner, raw):
    """Split the raw input bytes into one array per model input (exact size required)."""
    arrays = []
    off = 0
    for k in range(runner.n_in):
        dtype, shape = runner.input_details(k)
        dt = np.dtype(dtype)
        n = int(np.prod(shape)) * dt.itemsize
        if off + n > len(raw):
            raise BenchError(EXIT_BAD_INPUT, f"input file too short: input {k} needs bytes {off}..{off + n}, the file has {len(raw)}")
        arrays.append(np.frombuffer(raw[off:off + n], dtype=dt).reshape(shape).copy())
        off += n
    if off != len(raw):
        raise BenchError(EXIT_BAD_INPUT, f"input file has {len(raw)} bytes, the model's inputs take {off}")
    return arrays


def set_inputs(runner, arrays):
    for k, a in enumerate(arrays):
        runner.set_input(k, a)


def time_invokes(runner, arrays, warmup, seconds, min_runs, max_runs):
    """Median/min/mean ns per invoke, timed around each invoke() call after `warmup` untimed-for-result calls.
    The inputs are set again (untimed) before every invoke: TFLM's arena planner may reuse an input tensor's bytes
    for later activations, so a second invoke without it would run on clobbered data."""
    clock = time.perf_counter_ns
    t0 = clock()
    for _ in range(warmup):
        set_inputs(runner, arrays)
        runner.invoke()
    per = (clock() - t0) / max(warmup, 1)
    runs = int(min(max_runs, max(min_runs, seconds * 1e9 / max(per, 1.0))))
    t = [0] * runs
    for i in range(runs):
        set_inputs(runner, arrays)
        a = clock()
        runner.invoke()
        t[i] = clock() - a
    t.sort()
    return {"median_ns": t[runs // 2], "min_ns": t[0], "mean_ns": sum(t) / runs, "runs": runs, "warmup": warmup}


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model")
    p.add_argument("input")
    p.add_argument("--runtime", required=True, choices=("tflm", "litert", "litert-ref"))
    p.add_argument("--mode", default="time", choices=("time", "invokes"))
    p.add_argument("--seconds", type=float, default=2.0)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--min-runs", type=int, default=20)
    p.add_argument("--max-runs", type=int, default=200000)
    p.add_argument("--invokes", type=int, default=1)
    p.add_argument("--output", default=None)
    p.add_argument("--arena", type=int, default=None, help="TFLM tensor arena bytes (default max(10 x model size, 1 MiB))")
    args = p.parse_args(argv)

    try:
        import numpy as np  # noqa: PLC0415
    except ImportError as e:
        raise BenchError(EXIT_MISSING, f"numpy is not installed ({e})")
    with open(args.model, "rb") as f:
        model_bytes = f.read()
    with open(args.input, "rb") as f:
        raw = f.read()
    try:
        if args.runtime == "tflm":
            runner = Tflm(args.model, model_bytes, args.arena or max(10 * len(model_bytes), 1 << 20))
        else:
            runner = LiteRt(args.model, args.runtime == "litert-ref")
    except BenchError:
        raise
    except Exception as e:
        raise BenchError(EXIT_RUNTIME, f"{args.runtime} cannot load the model: {e}")
    arrays = load_inputs(np, runner, raw)

    report = {"runtime": args.runtime}
    try:
        if args.mode == "time":
            report.update(time_invokes(runner, arrays, max(1, args.warmup), args.seconds, args.min_runs, args.max_runs))
        else:
            for _ in range(args.invokes):
                set_inputs(runner, arrays)
                runner.invoke()
            report["invokes"] = args.invokes
    except Exception as e:
        raise BenchError(EXIT_RUNTIME, f"{args.runtime} failed: {e}")
    if args.output:
        with open(args.output, "wb") as f:
            for k in range(runner.n_out):
                f.write(np.ascontiguousarray(runner.output(k)).tobytes())
    report["versions"] = versions()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as e:
        print(f"bench_interpreters: error: {e}", file=sys.stderr)
        sys.exit(e.status)
    except Exception as e:  # noqa: BLE001 - one line, runtime-failure status
        print(f"bench_interpreters: error: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(EXIT_RUNTIME)

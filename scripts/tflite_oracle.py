#!/usr/bin/env python3
"""Reference runs of a .tflite model for aotc: TFLite Micro (the int8 oracle) or LiteRT, many input sets per process.

usage: tflite_oracle.py MODEL INPUTS.npz OUTPUT.npz [--runtime R[,R...]] [--per-layer] [--arena BYTES]
R: tflm (TFLite Micro, default), litert-ref (LiteRT, reference kernels), litert (LiteRT, default optimized kernels).

INPUTS.npz holds one array per model input, keyed by input position ("0", "1", ...) or by the input tensor's name.
Each array is either [S, *input_shape] (S input sets, stacked on a new leading axis) or exactly input_shape (one set);
all inputs must agree on S and have the input's dtype exactly (no casts).
OUTPUT.npz gets "<R>/0", "<R>/1", ... = output k as [S, *output_shape] for each runtime R; with --per-layer also
"<R>/t<index>" = [S, *shape] for every non-constant tensor of subgraph 0 (graph inputs and operator outputs).
Sets are independent: variable state is reset before each set.
stdout: one JSON line {"runs": [{runtime, sets, inputs, outputs, per_layer}, ...], "versions": {...}}.
Exit status: 0 ok; 2 bad input data; 3 a runtime package is missing; 4 the runtime rejected or failed on the model.
"""

import argparse
import json
import sys
import warnings

# LiteRT warns that preserving all tensors is for debugging: that is exactly the use here.
warnings.filterwarnings("ignore", message=".*experimental_preserve_all_tensors.*")

EXIT_BAD_INPUT = 2
EXIT_MISSING = 3
EXIT_RUNTIME = 4


class OracleError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def load_numpy():
    try:
        import numpy as np  # noqa: PLC0415
    except ImportError as e:
        raise OracleError(EXIT_MISSING, f"numpy is not installed ({e})")
    return np


def model_structure(model_bytes):
    """Subgraph 0: tensor count, the non-constant tensor indices (inputs + operator outputs) and tensor names."""
    try:
        from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as fb  # noqa: PLC0415
    except ImportError as e:
        raise OracleError(EXIT_MISSING, f"tflite_micro (schema) is not installed ({e})")
    m = fb.Model.GetRootAsModel(model_bytes, 0)
    sg = m.Subgraphs(0)
    activations = set(int(sg.Inputs(i)) for i in range(sg.InputsLength()))
    for k in range(sg.OperatorsLength()):
        op = sg.Operators(k)
        for j in range(op.OutputsLength()):
            if op.Outputs(j) >= 0:
                activations.add(int(op.Outputs(j)))
    names = [sg.Tensors(i).Name().decode("utf-8", "replace") for i in range(sg.TensorsLength())]
    inputs = [int(sg.Inputs(i)) for i in range(sg.InputsLength())]
    outputs = [int(sg.Outputs(i)) for i in range(sg.OutputsLength())]
    return {"names": names, "activations": sorted(activations), "inputs": inputs, "outputs": outputs}


class TflmRunner:
    name = "tflm"

    def __init__(self, model_path, model_bytes, per_layer, arena):
        try:
            from tflite_micro.python.tflite_micro import runtime  # noqa: PLC0415
        except ImportError as e:
            raise OracleError(EXIT_MISSING, f"tflite_micro is not installed ({e})")
        config = runtime.InterpreterConfig.kPreserveAllTensors if per_layer else runtime.InterpreterConfig.kAllocationRecording
        try:
            self.it = runtime.Interpreter.from_file(model_path, arena_size=arena, intrepreter_config=config)
        except Exception as e:  # the TFLM binding raises RuntimeError/ValueError for models it cannot prepare
            raise OracleError(EXIT_RUNTIME, f"TFLite Micro cannot load the model: {e}")

    def input_details(self, k):
        d = self.it.get_input_details(k)
        return d["dtype"], [int(x) for x in d["shape"]]

    def output_details(self, k):
        d = self.it.get_output_details(k)
        return d["dtype"], [int(x) for x in d["shape"]]

    def run(self, arrays):
        self.it.reset()
        for k, a in enumerate(arrays):
            self.it.set_input(a, k)
        self.it.invoke()

    def output(self, k):
        return self.it.get_output(k)

    def tensor(self, index):
        return self.it.GetTensor(index, 0)["tensor_data"]


class LiteRtRunner:
    def __init__(self, model_path, reference, per_layer):
        try:
            from ai_edge_litert.interpreter import Interpreter, OpResolverType  # noqa: PLC0415
        except ImportError as e:
            raise OracleError(EXIT_MISSING, f"ai-edge-litert is not installed ({e})")
        self.name = "litert-ref" if reference else "litert"
        resolver = OpResolverType.BUILTIN_REF if reference else OpResolverType.BUILTIN
        try:
            self.it = Interpreter(model_path=model_path, num_threads=1, experimental_op_resolver_type=resolver,
                                  experimental_preserve_all_tensors=per_layer)
            self.it.allocate_tensors()
        except Exception as e:
            raise OracleError(EXIT_RUNTIME, f"LiteRT cannot load the model: {e}")
        self.inputs = self.it.get_input_details()
        self.outputs = self.it.get_output_details()

    def input_details(self, k):
        d = self.inputs[k]
        return d["dtype"], [int(x) for x in d["shape"]]

    def output_details(self, k):
        d = self.outputs[k]
        return d["dtype"], [int(x) for x in d["shape"]]

    def run(self, arrays):
        self.it.reset_all_variables()
        for k, a in enumerate(arrays):
            self.it.set_tensor(self.inputs[k]["index"], a)
        self.it.invoke()

    def output(self, k):
        return self.it.get_tensor(self.outputs[k]["index"])

    def tensor(self, index):
        return self.it.get_tensor(index)


def versions():
    out = {"python": sys.version.split()[0]}
    try:
        import importlib.metadata as md  # noqa: PLC0415
        for pkg in ("numpy", "tflite-micro", "ai-edge-litert"):
            try:
                out[pkg] = md.version(pkg)
            except md.PackageNotFoundError:
                out[pkg] = None
    except ImportError:
        pass
    return out


def gather_inputs(np, npz, runner, structure):
    """Input arrays per input position, each [S, *shape]; S."""
    n = len(structure["inputs"])
    keys = set(npz.files)
    arrays = []
    for k in range(n):
        name = structure["names"][structure["inputs"][k]]
        key = str(k) if str(k) in keys else name if name in keys else None
        if key is None:
            raise OracleError(EXIT_BAD_INPUT, f"no array for input {k} ('{name}'): expected key '{k}' or '{name}'")
        keys.discard(key)
        a = npz[key]
        dtype, shape = runner.input_details(k)
        if a.dtype != np.dtype(dtype):
            raise OracleError(EXIT_BAD_INPUT, f"input {k} ('{name}') has dtype {a.dtype}, the model wants {np.dtype(dtype)}")
        if list(a.shape) == shape:
            a = a[np.newaxis]
        elif list(a.shape[1:]) != shape:
            raise OracleError(EXIT_BAD_INPUT, f"input {k} ('{name}') has shape {list(a.shape)}; expected {shape} or [S, *{shape}]")
        arrays.append(np.ascontiguousarray(a))
    if keys:
        raise OracleError(EXIT_BAD_INPUT, f"unused arrays in the input file: {sorted(keys)}")
    sets = {a.shape[0] for a in arrays}
    if len(sets) > 1:
        raise OracleError(EXIT_BAD_INPUT, f"inputs disagree on the number of sets: {sorted(sets)}")
    return arrays, (sets.pop() if sets else 1)


RUNTIMES = ("tflm", "litert-ref", "litert")


def run_one(np, args, model_bytes, structure, npz, runtime, result):
    """Run every input set in `runtime`; add its arrays to `result` under "<runtime>/..."; return its report entry."""
    if runtime == "tflm":
        arena = args.arena or max(10 * len(model_bytes), 1 << 20)
        runner = TflmRunner(args.model, model_bytes, args.per_layer, arena)
    else:
        runner = LiteRtRunner(args.model, runtime == "litert-ref", args.per_layer)
    arrays, sets = gather_inputs(np, npz, runner, structure)

    n_out = len(structure["outputs"])
    outs = [[] for _ in range(n_out)]
    layer_ids = structure["activations"] if args.per_layer else []
    layers = {i: [] for i in layer_ids}
    for s in range(sets):
        try:
            runner.run([a[s] for a in arrays])
        except Exception as e:
            raise OracleError(EXIT_RUNTIME, f"{runner.name} failed on input set {s}: {e}")
        for k in range(n_out):
            outs[k].append(np.array(runner.output(k), copy=True))
        for i in layer_ids:
            layers[i].append(np.array(runner.tensor(i), copy=True))
    for k, v in enumerate(outs):
        result[f"{runtime}/{k}"] = np.stack(v)
    for i, v in layers.items():
        result[f"{runtime}/t{i}"] = np.stack(v)

    def info(k, tensor, details):
        dtype, shape = details
        return {"index": k, "tensor": tensor, "name": structure["names"][tensor], "dtype": str(np.dtype(dtype)), "shape": shape}

    return {
        "runtime": runner.name,
        "sets": sets,
        "inputs": [info(k, t, runner.input_details(k)) for k, t in enumerate(structure["inputs"])],
        "outputs": [info(k, t, runner.output_details(k)) for k, t in enumerate(structure["outputs"])],
        "per_layer": layer_ids,
    }


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model")
    p.add_argument("inputs")
    p.add_argument("output")
    p.add_argument("--runtime", default="tflm", help="one or more of tflm, litert-ref, litert, comma-separated")
    p.add_argument("--per-layer", action="store_true")
    p.add_argument("--arena", type=int, default=None, help="TFLM tensor arena bytes (default max(10 x model size, 1 MiB))")
    args = p.parse_args(argv)
    runtimes = args.runtime.split(",")
    for r in runtimes:
        if r not in RUNTIMES:
            p.error(f"unknown runtime '{r}' (choose from {', '.join(RUNTIMES)})")

    np = load_numpy()
    with open(args.model, "rb") as f:
        model_bytes = f.read()
    structure = model_structure(model_bytes)
    try:
        npz = np.load(args.inputs, allow_pickle=False)
    except Exception as e:
        raise OracleError(EXIT_BAD_INPUT, f"cannot read {args.inputs}: {e}")

    result = {}
    runs = [run_one(np, args, model_bytes, structure, npz, r, result) for r in runtimes]
    np.savez(args.output, **result)
    print(json.dumps({"runs": runs, "versions": versions()}))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except OracleError as e:
        print(f"tflite_oracle: error: {e}", file=sys.stderr)
        sys.exit(e.status)
    except Exception as e:  # anything else (unreadable model, numpy errors): one line, runtime-failure status
        print(f"tflite_oracle: error: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(EXIT_RUNTIME)

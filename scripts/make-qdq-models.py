#!/usr/bin/env python3
"""Builds small float ONNX models with seeded weights and quantizes them with onnxruntime.quantization.quantize_static
(seeded calibration data) into build/qdq/*.onnx: QDQ format (per-channel int8 weights, uint8 or int8 activations) and
QOperator format (QLinearConv, com.microsoft QLinearAdd/QLinearConcat/QLinearAveragePool/QLinearGlobalAveragePool ...).

Usage: make-qdq-models.py [OUT_DIR]   (default: build/qdq next to this script's repository root)
Run with the project venv (numpy, onnx, onnxruntime).
"""

import os
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

OPSET = 17
IR_VERSION = 8  # loadable by every onnxruntime in use (onnx 1.23 would write IR 14)


def conv_w(rng, oc, ic, k):
    return (rng.standard_normal((oc, ic, k, k)) * np.sqrt(2.0 / (ic * k * k))).astype(np.float32)


def bias(rng, n):
    return (rng.standard_normal(n) * 0.1).astype(np.float32)


def cnn_model(seed):
    """conv+relu, maxpool, depthwise conv, residual add, 1x1 conv, concat, avgpool, mul, global pool, matmul+add."""
    rng = np.random.default_rng(seed)
    inits = []

    def init(name, arr):
        inits.append(numpy_helper.from_array(arr, name))
        return name

    nodes = [
        helper.make_node('Conv', ['x', init('w1', conv_w(rng, 8, 3, 3)), init('b1', bias(rng, 8))], ['c1'],
                         pads=[1, 1, 1, 1], strides=[1, 1]),
        helper.make_node('Relu', ['c1'], ['r1']),
        helper.make_node('MaxPool', ['r1'], ['p1'], kernel_shape=[2, 2], strides=[2, 2]),
        # depthwise 3x3 (group = channels) then a pointwise conv, residual add
        helper.make_node('Conv', ['p1', init('w2', conv_w(rng, 8, 1, 3)), init('b2', bias(rng, 8))], ['c2'],
                         pads=[1, 1, 1, 1], group=8),
        helper.make_node('Clip', ['c2', init('lo', np.array(0, np.float32)), init('hi', np.array(6, np.float32))], ['r2']),
        helper.make_node('Conv', ['r2', init('w3', conv_w(rng, 8, 8, 1)), init('b3', bias(rng, 8))], ['c3']),
        helper.make_node('Add', ['c3', 'p1'], ['a1']),
        # strided 3x3 conv, concat with a 1x1 branch, average pool, scale by a constant
        helper.make_node('Conv', ['a1', init('w4', conv_w(rng, 12, 8, 3)), init('b4', bias(rng, 12))], ['c4'],
                         pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node('Relu', ['c4'], ['r4']),
        helper.make_node('Conv', ['a1', init('w5', conv_w(rng, 4, 8, 1)), init('b5', bias(rng, 4))], ['c5'], strides=[2, 2]),
        helper.make_node('Concat', ['r4', 'c5'], ['cat'], axis=1),
        helper.make_node('AveragePool', ['cat'], ['ap'], kernel_shape=[2, 2], strides=[1, 1]),
        helper.make_node('Mul', ['ap', init('gain', (0.5 + rng.random((1, 16, 1, 1))).astype(np.float32))], ['m1']),
        helper.make_node('GlobalAveragePool', ['m1'], ['gap']),
        helper.make_node('Flatten', ['gap'], ['flat']),
        helper.make_node('MatMul', ['flat', init('fc_w', (rng.standard_normal((16, 10)) * 0.3).astype(np.float32))], ['mm']),
        helper.make_node('Add', ['mm', init('fc_b', bias(rng, 10))], ['y']),
    ]
    graph = helper.make_graph(nodes, 'qdq_cnn', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 3, 16, 16])],
                              [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 10])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)], ir_version=IR_VERSION)


def mlp_model(seed):
    """Gemm (transB) + relu, Gemm, as a classifier head on a flat input."""
    rng = np.random.default_rng(seed)
    inits = [
        numpy_helper.from_array((rng.standard_normal((32, 24)) * 0.3).astype(np.float32), 'g1_w'),
        numpy_helper.from_array(bias(rng, 32), 'g1_b'),
        numpy_helper.from_array((rng.standard_normal((32, 6)) * 0.3).astype(np.float32), 'g2_w'),
        numpy_helper.from_array(bias(rng, 6), 'g2_b'),
    ]
    nodes = [
        helper.make_node('Gemm', ['x', 'g1_w', 'g1_b'], ['h'], transB=1),
        helper.make_node('Relu', ['h'], ['hr']),
        helper.make_node('Gemm', ['hr', 'g2_w', 'g2_b'], ['y']),
    ]
    graph = helper.make_graph(nodes, 'qdq_mlp', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [2, 24])],
                              [helper.make_tensor_value_info('y', TensorProto.FLOAT, [2, 6])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)], ir_version=IR_VERSION)


class Reader(CalibrationDataReader):
    """Seeded uniform [-1, 1) calibration inputs."""

    def __init__(self, shape, seed, count=16):
        rng = np.random.default_rng(seed)
        self.data = iter([{'x': rng.uniform(-1, 1, shape).astype(np.float32)} for _ in range(count)])

    def get_next(self):
        return next(self.data, None)


VARIANTS = {
    # name: (builder, input shape, format, activation type, per_channel)
    'cnn_qdq_u8': (cnn_model, [1, 3, 16, 16], QuantFormat.QDQ, QuantType.QUInt8, True),
    'cnn_qdq_s8': (cnn_model, [1, 3, 16, 16], QuantFormat.QDQ, QuantType.QInt8, True),
    'cnn_qop_u8': (cnn_model, [1, 3, 16, 16], QuantFormat.QOperator, QuantType.QUInt8, True),
    'mlp_qdq_u8': (mlp_model, [2, 24], QuantFormat.QDQ, QuantType.QUInt8, True),
    'mlp_qdq_s8_tensor': (mlp_model, [2, 24], QuantFormat.QDQ, QuantType.QInt8, False),
}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, 'build', 'qdq')
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, shape, fmt, act, per_channel) in VARIANTS.items():
            float_path = os.path.join(tmp, f'{name}_float.onnx')
            onnx.save(build(1234), float_path)
            out = os.path.join(out_dir, f'{name}.onnx')
            quantize_static(float_path, out + '.tmp', Reader(shape, 99), quant_format=fmt, activation_type=act,
                            weight_type=QuantType.QInt8, per_channel=per_channel,
                            extra_options={'ActivationSymmetric': False, 'WeightSymmetric': True})
            os.replace(out + '.tmp', out)
            print(out)


if __name__ == '__main__':
    main()

// Re-export of the ONNX model builder for tests.
export * from '../../compiler/frontends/onnx/build-model.js';

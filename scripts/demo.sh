#!/usr/bin/env bash
# The quick start's main job: set up, build the demo model, compile it for the host, run it and validate it
# against ONNX Runtime, printing the bundle's sizes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
aotc() { node dist/compiler/cli/main.js "$@"; }
node dist/scripts/make-demo-model.js build/demo/kws_demo.onnx
aotc compile build/demo/kws_demo.onnx --target host -o build/demo/bundle
aotc inspect build/demo/kws_demo.onnx | tail -n 25
aotc validate build/demo/kws_demo.onnx --runs 20 --seed 1

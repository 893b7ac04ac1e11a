#!/usr/bin/env bash
# Renders `aotc report` of a model to a PNG with headless Chromium, to look at the page as a person would.
#   bash scripts/render-report.sh [model] [target] [out.png]
# Defaults: the demo model (scripts/make-demo-model.ts), cortex-m7, docs/images/report-<name>-<target>.png.
# Needs dist/ (npm run build) and Debian's chromium (scripts/setup.sh installs it; $CHROMIUM overrides the binary).
# $WINDOW sets the viewport (default 1280,1340: the summary and the memory plan; the page scrolls on below).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="$ROOT/dist/compiler/cli/main.js"
CHROMIUM="${CHROMIUM:-chromium}"
WINDOW="${WINDOW:-1280,1340}"
[[ -f "$CLI" ]] || { echo "render-report: $CLI is missing; run npm run build first" >&2; exit 2; }
command -v "$CHROMIUM" >/dev/null || { echo "render-report: $CHROMIUM not found (apt-get install chromium, or bash scripts/setup.sh)" >&2; exit 2; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

MODEL="${1:-}"
if [[ -z "$MODEL" ]]; then
  MODEL="$TMP/kws_demo.onnx"
  node "$ROOT/dist/scripts/make-demo-model.js" "$MODEL" >/dev/null
fi
TARGET="${2:-cortex-m7}"
NAME="$(basename "$MODEL")"; NAME="${NAME%.*}"
OUT="${3:-$ROOT/docs/images/report-$NAME-$TARGET.png}"
mkdir -p "$(dirname "$OUT")"

node "$CLI" report "$MODEL" --target "$TARGET" -o "$TMP/report.html"

# Flags: no sandbox (root), no GPU, and no background network traffic (this machine's network is closed).
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$TMP/profile" \
  --screenshot="$OUT" --window-size="$WINDOW" "file://$TMP/report.html" >"$TMP/chromium.log" 2>&1 || {
  cat "$TMP/chromium.log" >&2; exit 1; }
[[ -s "$OUT" ]] || { echo "render-report: chromium wrote no screenshot" >&2; cat "$TMP/chromium.log" >&2; exit 1; }
echo "wrote $OUT"

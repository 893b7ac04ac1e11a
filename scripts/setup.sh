#!/usr/bin/env bash
# Idempotent dev/CI setup for aotc: Debian toolchains, Python oracle venv (.venv), npm dependencies + TypeScript build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

summary=()
log() { printf '[setup] %s\n' "$*"; }

# ---------------------------------------------------------------- apt
APT_PACKAGES=(
  clang-19 lld-19 llvm-19 libonnx-testdata
  gcc-arm-none-eabi libnewlib-arm-none-eabi
  qemu-system-arm qemu-user
  libc6-dev-arm64-cross libgcc-12-dev-arm64-cross
  valgrind python3-venv chromium
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]})); then
  SUDO=()
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=(sudo)
    else
      log "WARNING: not root and no sudo; cannot install missing apt packages: ${missing[*]}"
    fi
  fi
  if [[ "$(id -u)" -eq 0 || ${#SUDO[@]} -gt 0 ]]; then
    log "apt: installing ${missing[*]}"
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    summary+=("apt: installed ${missing[*]}")
  else
    summary+=("apt: MISSING ${missing[*]}")
  fi
else
  summary+=("apt: all ${#APT_PACKAGES[@]} packages present")
fi

# ---------------------------------------------------------------- python venv
VENV="$ROOT/.venv"
REQS="$ROOT/scripts/requirements.txt"
MARKER="$VENV/.requirements.sha256"

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  if [[ -x /usr/bin/python3 ]]; then PY=/usr/bin/python3; else PY="$(command -v python3)"; fi
  log "venv: creating .venv with $PY ($("$PY" --version 2>&1))"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  summary+=("venv: created with $("$PY" --version 2>&1)")
fi

want_hash="$(sha256sum "$REQS" | cut -d' ' -f1)"
have_hash="$(cat "$MARKER" 2>/dev/null || true)"
if [[ "$want_hash" != "$have_hash" ]]; then
  log "venv: pip install -r scripts/requirements.txt"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQS"
  "$VENV/bin/python" -c '
import numpy, onnx, onnxruntime
from tflite_micro.python.tflite_micro import runtime
from ai_edge_litert.interpreter import Interpreter
'
  printf '%s\n' "$want_hash" >"$MARKER"
  summary+=("venv: installed requirements")
else
  summary+=("venv: requirements up to date")
fi

# ---------------------------------------------------------------- npm
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "npm: npm ci"
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
  summary+=("npm: ran npm ci (with build)")
else
  summary+=("npm: node_modules up to date")
fi

log "summary:"
for line in "${summary[@]}"; do log "  $line"; done

#!/usr/bin/env bash
# Recompute requirements.lock from pyproject.toml (dependencies and the test extra), keeping every pin that still
# fits; `bash scripts/lock.sh --upgrade-package holidays` moves one pin deliberately (see README, "Dependencies").
set -euo pipefail
cd "$(dirname "$0")/.."
tools="${PIP_TOOLS_VENV:-/tmp/aarhus-pip-tools}"
[ -x "$tools/bin/pip-compile" ] || { python3 -m venv "$tools" && "$tools/bin/pip" install -q pip-tools; }
CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh" "$tools/bin/pip-compile" -q --extra test --strip-extras \
  --allow-unsafe --no-emit-index-url --no-emit-find-links --newline LF -o requirements.lock "$@" pyproject.toml

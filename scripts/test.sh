#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (ctest: unit, golden, kernel).
# Kernel tests need root and BPF; they fail without them unless SOCKC_SKIP_KERNEL_TESTS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cd build
ctest --output-on-failure --timeout 600

#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-19 in build-fuzz/ and runs each for SECONDS
# (default 60) on the seed corpus with the dictionary; exits non-zero on a crash.
# The corpus grows in build-fuzz/fuzz-corpus/ (not in git); crashing inputs land in
# build-fuzz/fuzz-artifacts/. See fuzz/README.md.
#
# Usage: scripts/fuzz.sh [SECONDS [TARGET...]]     TARGET: frontend codegen meta
# Env:   SOCKC_FUZZ_BUILD (default build-fuzz), JOBS (build parallelism, default nproc)
set -euo pipefail
cd "$(dirname "$0")/.."

build=${SOCKC_FUZZ_BUILD:-build-fuzz}
secs=${1:-60}
[ $# -gt 0 ] && shift

# Shared libLLVM: the static archives make each instrumented link slow, for nothing.
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang-19 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSOCKC_FUZZ=ON -DSOCKC_STATIC_LLVM=OFF -UCMAKE_PROJECT_INCLUDE >/dev/null
cmake --build "$build" -j"${JOBS:-$(nproc)}" --target fuzz_targets

exec fuzz/run.sh "$build" "$secs" "$@"

#!/usr/bin/env bash
# Builds sockc with clang-19 under AddressSanitizer + UndefinedBehaviorSanitizer
# (LeakSanitizer is part of ASan) in build-asan/ and runs the whole ctest suite there.
# Any sanitizer report aborts the test that triggered it, so a green run means zero
# findings.
#
# Usage: scripts/sanitize.sh [ctest args...]     e.g. scripts/sanitize.sh -L golden
# Env:   SOCKC_ASAN_BUILD (default build-asan), JOBS (default nproc),
#        SOCKC_CMAKE_ARGS (more configure options, e.g. -DSOCKC_WERROR=OFF),
#        SOCKC_SKIP_KERNEL_TESTS=1 to skip the tests that need root and BPF.
#
# LLVM is linked as the shared libLLVM-19 (SOCKC_STATIC_LLVM=OFF): the static archives
# make every instrumented link take minutes and gain nothing, since LLVM itself is not
# instrumented either way.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${SOCKC_ASAN_BUILD:-build-asan}
jobs=${JOBS:-$(nproc)}

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang-19 -DCMAKE_BUILD_TYPE=Debug \
      -DSOCKC_SANITIZE=ON -DSOCKC_STATIC_LLVM=OFF ${SOCKC_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$jobs"

# abort_on_error: a finding kills the process (ctest sees a failure, not a log line).
# detect_leaks: LSan at exit. halt_on_error/print_stacktrace: UBSan stops at the first
# report with a stack. Suppressions for third-party libraries only, never for sockc.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
supp=$PWD/scripts/lsan.supp
if [ -f "$supp" ]; then
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$supp:print_suppressions=0}
fi
if command -v llvm-symbolizer-19 >/dev/null; then
  export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-19)}
fi

cd "$build"
ctest --output-on-failure --timeout 900 "$@"

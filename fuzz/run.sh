#!/usr/bin/env bash
# Runs the libFuzzer targets of a SOCKC_FUZZ build, one after the other (one process,
# one core each), on the seed corpus, and prints executions and corpus size per
# target. Exits 1 when a target crashed or broke an invariant; the input that did it
# is left in BUILD/fuzz-artifacts/.
#
# Usage: fuzz/run.sh BUILD_DIR [SECONDS [TARGET...]]   TARGET: frontend codegen meta
# Corpora live in BUILD_DIR/fuzz-corpus/TARGET (grown run after run); seeds are made
# afresh for each run (in BUILD_DIR/fuzz-seeds.*, removed after) from tests/diag, examples, stdlib, fuzz/regressions
# and the .sockc sections of the examples compiled by BUILD_DIR/fuzz/fuzz_seed_object.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS [TARGET...]]}" && pwd)
secs=${2:-60}
shift $(( $# >= 2 ? 2 : $# ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frontend codegen meta)

# per run, so two runs on one build directory (different targets) do not collide
seeds=$(mktemp -d "$build/fuzz-seeds.XXXXXX")
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/src" "$seeds/meta" "$build/fuzz-artifacts" "$build/fuzz-logs"

# Policy sources: every case the golden tests and examples know, the stdlib, and the
# inputs of past findings.
for f in "$src"/tests/diag/*.sp "$src"/examples/*.sp "$src"/stdlib/std/*.sp; do
  cp "$f" "$seeds/src/$(basename "$(dirname "$f")")-$(basename "$f")"
done
for f in "$src"/tests/diag/*/*.sp; do
  [ -f "$f" ] && cp "$f" "$seeds/src/diag-$(basename "$(dirname "$f")")-$(basename "$f")"
done
if [ -d "$src/fuzz/regressions" ]; then
  for f in "$src"/fuzz/regressions/*; do
    [ -f "$f" ] || continue
    case $(basename "$f") in
      meta-*|object-*) cp "$f" "$seeds/meta/" ;;
      *) cp "$f" "$seeds/src/" ;;
    esac
  done
fi

# Metadata: the .sockc text of each example, and the smallest ELF object that holds it
# (only that section: full objects are larger than -max_len).
seedobj=$build/fuzz/fuzz_seed_object
objcopy=$(command -v llvm-objcopy-19 || command -v objcopy || true)
if [ -x "$seedobj" ] && [ -n "$objcopy" ]; then
  tmp=$(mktemp -d)
  ASAN_OPTIONS=detect_leaks=0 "$seedobj" "$src/stdlib" "$tmp" "$src"/examples/*.sp >/dev/null
  for o in "$tmp"/*.o; do
    [ -f "$o" ] || continue
    n=$(basename "$o" .o)
    "$objcopy" --dump-section ".sockc=$seeds/meta/$n.sockc" "$o" 2>/dev/null
    "$objcopy" --only-section=.sockc "$o" "$seeds/meta/$n.min.o" 2>/dev/null
  done
  rm -rf "$tmp"
else
  echo "fuzz: no $seedobj or objcopy: meta seeds are the regression inputs only" >&2
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
command -v llvm-symbolizer-19 >/dev/null && export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-19)}

status=0
summary=()
for t in "${targets[@]}"; do
  exe=$build/fuzz/fuzz_$t
  if [ ! -x "$exe" ]; then
    echo "fuzz: $exe is missing (configure with -DCMAKE_C_COMPILER=clang-19 -DSOCKC_FUZZ=ON)" >&2
    exit 2
  fi
  corpus=$build/fuzz-corpus/$t
  mkdir -p "$corpus"
  seed=$seeds/src
  [ "$t" = meta ] && seed=$seeds/meta
  log=$build/fuzz-logs/$t.log
  echo "fuzz: $t for ${secs}s (log: $log)"
  "$exe" "$corpus" "$seed" -dict="$src/fuzz/sockc.dict" -max_len=4096 -timeout=10 \
         -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" \
         >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  files=$(find "$corpus" -type f | wc -l)
  bytes=$(du -sb "$corpus" | cut -f1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  live=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
  result=ok
  if [ $rc -ne 0 ]; then
    result="FAILED (exit $rc)"
    status=1
    echo "fuzz: $t failed; the end of its log:" >&2
    grep -v '^#[0-9]' "$log" | tail -60 >&2
    ls -1 "$build"/fuzz-artifacts/"$t"-* 2>/dev/null | sed 's/^/fuzz: artifact: /' >&2
  fi
  summary+=("$(printf '%-9s %6ss %11s execs %6s/s  corpus %5s units (%s; on disk %s files, %s bytes)  %-9s %s' \
                "$t" "$secs" "${execs:-?}" "${rate:-?}" "${live%%/*}" "${live:-?}" "$files" "$bytes" "${cov:-}" "$result")")
done

echo
echo "fuzz summary"
printf '%s\n' "${summary[@]}"
exit $status

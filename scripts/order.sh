#!/usr/bin/env bash
# Writes cli/sockc.order: the functions that `sockc` runs when it compiles, one
# symbol a line, which the link puts first in .text (lld's --symbol-ordering-file;
# cli/CMakeLists.txt). The static LLVM is 30 MB of code, and the code that one compile
# runs (LLVM's static initializers, the O2 pipeline, the BPF backend, sockc itself) is
# spread over nearly all of it. Each page of it that a process touches first is a page
# fault, and on a machine where faults are slow that was most of a one-rule compile.
# Laid out together, the same code takes about a fifth of the pages.
#
# The list is what callgrind saw run while sockc compiled every example (object, plan
# and assembly), checked them and reported diagnostics. It is a layout hint only: a
# symbol the binary no longer has is skipped, and a function missing from the list
# is laid out as before. Run this again after an LLVM upgrade or a large change to
# what a compile runs.
#
# Usage: scripts/order.sh [SOCKC]   (default build/cli/sockc; needs valgrind)
set -euo pipefail
export LC_ALL=C # the order of sort and comm
cd "$(dirname "$0")/.."
sockc=${1:-build/cli/sockc}
command -v valgrind >/dev/null || { echo "order.sh: needs valgrind" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

n=0
grind() {
  n=$((n + 1))
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.$n" \
    "$sockc" "$@" >/dev/null 2>&1 || true
}
for f in examples/*.sp; do
  grind compile "$f" -o "$work/out.o"
  grind compile "$f" --emit plan -o "$work/out.plan"
  grind check "$f"
done
grind compile examples/edge.sp --emit asm -o "$work/out.s"
grind compile examples/edge.sp --emit llvm -o "$work/out.ll"
for f in tests/diag/*.sp; do
  grind compile "$f" -o "$work/out.o"
done
grind --help

# callgrind names a function once per file, where it first appears: "fn=(ID) NAME"
# or "cfn=(ID) NAME". Keep the names the binary defines in .text.
sed -nE 's/^c?fn=\([0-9]+\) ([^ ]+)$/\1/p' "$work"/cg.* | sort -u >"$work/ran"
nm --defined-only "$sockc" | awk '$2 ~ /^[tTwW]$/ {print $3}' | sort -u >"$work/text"
comm -12 "$work/ran" "$work/text" >cli/sockc.order
# Last: cli/startup.c populates the code from the start of .text up to this function.
echo sc_hot_text_end >>cli/sockc.order
echo "order.sh: $(wc -l <cli/sockc.order) functions in cli/sockc.order ($n runs)"

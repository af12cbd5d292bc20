#!/usr/bin/env bash
# The sockc benchmark: sockc against hand-written BPF C (clang-19 -O2), in one run.
#
#   bench/run.sh [--sockc build/cli/sockc] [--driver build/bench/connect_bench]
#                [--work build/bench/work] [--out bench/] [--quick] [bench.py options]
#
# Needs root (it loads BPF programs and makes cgroups named sockc-bench-* under the
# cgroup v2 mount and network namespaces of the same names, removing them again),
# clang-19, python3, iproute2 (`ip netns`, to apply sk_lookup policies with sockc), and
# gnuplot for the plot (installed here with apt-get when missing). Writes
# OUT/results.md and OUT/results.png.
# `cmake --build build --target bench` runs it with the paths of the build tree.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
sockc="$root/build/cli/sockc"
driver="$root/build/bench/connect_bench"
work="$root/build/bench/work"
out="$here"
pass=()
while [ $# -gt 0 ]; do
    case "$1" in
        --sockc) sockc=$2; shift 2 ;;
        --driver) driver=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; python3 "$here/bench.py" --help; exit 0 ;;
        *) pass+=("$1"); shift ;;
    esac
done

die() { echo "bench: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root: it loads BPF programs and creates cgroups"
[ -x "$driver" ] || die "no driver at $driver: build it with 'cmake --build build --target connect_bench' or pass --driver"
command -v clang-19 >/dev/null || die "clang-19 not found: apt-get install -y clang-19"
command -v python3 >/dev/null || die "python3 not found: apt-get install -y python3"
cgmnt=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
[ -n "$cgmnt" ] || die "no cgroup v2 hierarchy is mounted (no cgroup2 line in /proc/mounts)"
if ! command -v gnuplot >/dev/null; then
    echo "bench: installing gnuplot-nox for the plot" >&2
    if ! apt-get install -y -q gnuplot-nox >/dev/null 2>&1; then
        apt-get update -q >/dev/null 2>&1 || true
        apt-get install -y -q gnuplot-nox >/dev/null 2>&1 || echo "bench: could not install gnuplot-nox; no plot" >&2
    fi
fi

mkdir -p "$work" "$out"
tag="$$"
cleanup() {
    # bench.py detaches and removes what it made; this catches what a kill left behind.
    if [ -f "$work/applied.txt" ] && [ -x "$sockc" ]; then
        while IFS=$'\t' read -r name cg; do
            "$sockc" detach "$name" >/dev/null 2>&1 || true
        done < "$work/applied.txt"
        rm -f "$work/applied.txt"
    fi
    for cg in "$cgmnt"/sockc-bench-"$tag"-*; do
        [ -d "$cg" ] || continue
        for _ in $(seq 50); do rmdir "$cg" 2>/dev/null && break; sleep 0.1; done
        [ -d "$cg" ] && echo "bench: could not remove $cg" >&2
    done
    for ns in /run/netns/sockc-bench-"$tag"-*; do
        [ -e "$ns" ] || continue
        ip netns del "${ns##*/}" 2>/dev/null || echo "bench: could not remove network namespace ${ns##*/}" >&2
    done
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

python3 "$here/bench.py" --sockc "$sockc" --driver "$driver" --work "$work" --out "$out" --tag "$tag" "${pass[@]}"

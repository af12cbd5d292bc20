#!/usr/bin/env bash
# Installs what sockc needs on Debian 12 (only what is missing) and builds it in build/.
# Usage: scripts/setup.sh [cmake options...]
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(build-essential cmake pkg-config flex bison
      llvm-19-dev clang-19 lld-19 libclang-rt-19-dev libbpf-dev libelf-dev zlib1g-dev libzstd-dev
      libcmocka-dev libjson-c-dev bpftool iproute2 util-linux python3 curl socat
      nginx-light redis-server redis-tools gnuplot-nox)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# bpffs for pins (sockc apply mounts it too; tests expect it)
grep -q ' /sys/fs/bpf bpf ' /proc/mounts || mount -t bpf bpf /sys/fs/bpf

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build -j"$(nproc)"

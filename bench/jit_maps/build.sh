#!/usr/bin/env bash
# Rebuild bench/jit_maps/*.bpf.o from their C sources (clang-19, -O2, BPF v3, libbpf's headers).
# The objects are committed; fresh machines need no clang.
set -euo pipefail
cd "$(dirname "$0")"
CLANG=${CLANG:-$(command -v clang-19 || command -v clang)}
# linux/types.h includes asm/types.h, which lives in the multiarch include directory
MULTIARCH=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
for c in *.bpf.c; do
  "$CLANG" -O2 -g -target bpf -mcpu=v3 -Wall -Werror -idirafter "/usr/include/$MULTIARCH" -c "$c" -o "${c%.c}.o"
done

#!/usr/bin/env bash
# Rebuild test/data/verifier_progs/*.bpf.o from their C sources: annotated verifier tests in the
# form of the kernel's selftests/bpf/progs/verifier_*.c (expectations as BTF decl tags, see
# vprogs.h). Needs clang (clang-19 preferred) and libbpf's headers (libbpf-dev). The objects are
# committed next to the C, so machines without clang never need this. Also bench/verifier_progs/.
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG=${CLANG:-$(command -v clang-19 || command -v clang || true)}
if [ -z "$CLANG" ]; then echo "build-verifier-progs: clang not found" >&2; exit 1; fi
MULTIARCH=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
CFLAGS=(-O2 -g -target bpf -mcpu=v3 -Wall -Werror -Wno-unused-function -idirafter "/usr/include/$MULTIARCH")
n=0
for src in test/data/verifier_progs/verifier_*.c; do
  out="${src%.c}.bpf.o"
  "$CLANG" "${CFLAGS[@]}" -c "$src" -o "$out"
  n=$((n + 1))
done
# the verifier benchmark's loop programs (bench/verifier.bench.ts)
for src in bench/verifier_progs/*.bpf.c; do
  "$CLANG" "${CFLAGS[@]}" -c "$src" -o "${src%.c}.o"
  n=$((n + 1))
done
echo "build-verifier-progs: built $n objects with $CLANG"

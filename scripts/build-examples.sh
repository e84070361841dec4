#!/usr/bin/env bash
# Rebuild examples/*.bpf.o from examples/*.bpf.c (and examples/refused/, programs the verifier
# refuses on purpose, and test fixtures under test/fixtures/bpf/).
# Needs clang (clang-19 preferred) and libbpf's headers (libbpf-dev). The objects are committed,
# so machines without clang never need this.
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG=${CLANG:-$(command -v clang-19 || command -v clang || true)}
if [ -z "$CLANG" ]; then echo "build-examples: clang not found" >&2; exit 1; fi
# linux/types.h includes asm/types.h, which lives in the multiarch include directory
MULTIARCH=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
# bpf_tracing.h's PT_REGS_* (uprobe/kprobe examples) need the target architecture
case "$(uname -m)" in x86_64) ARCH=x86 ;; aarch64) ARCH=arm64 ;; riscv64) ARCH=riscv ;; s390x) ARCH=s390 ;; *) ARCH=$(uname -m) ;; esac
CFLAGS=(-O2 -g -target bpf -D__TARGET_ARCH_$ARCH -Wall -Werror -idirafter "/usr/include/$MULTIARCH")
n=0
for src in examples/*.bpf.c examples/refused/*.bpf.c test/fixtures/bpf/*.bpf.c; do
  [ -e "$src" ] || continue
  out="${src%.c}.o"
  "$CLANG" "${CFLAGS[@]}" -c "$src" -o "$out"
  n=$((n + 1))
done
echo "build-examples: built $n objects with $CLANG"

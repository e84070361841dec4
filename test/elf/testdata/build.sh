#!/usr/bin/env bash
# Rebuild the ELF/BTF test objects (both byte orders) from their C sources: npm run build:elf-testdata
set -euo pipefail
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-19}
ARCH_INC=/usr/include/$(uname -m)-linux-gnu
for src in *.bpf.c; do
  for e in el eb; do
    "$CLANG" -O2 -g -target "bpf$e" -I"$ARCH_INC" -c "$src" -o "${src%.bpf.c}-$e.bpf.o"
  done
done

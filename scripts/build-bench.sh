#!/usr/bin/env bash
# Rebuild the benchmark programs: bench/progs/NAME.bpf.c -> NAME.bpf.o (clang-19, -O2, BPF v3)
# -> NAME.bin (the raw instructions of the `xdp` section, so the benchmark needs no ELF loader).
# The objects and .bin files are committed; fresh machines need no clang. Each program must have
# no relocations (no maps, globals or calls to other sections): the .bin is the whole program.
set -euo pipefail
cd "$(dirname "$0")/../bench/progs"
CLANG=${CLANG:-clang-19}
OBJCOPY=${OBJCOPY:-llvm-objcopy-19}
READELF=${READELF:-llvm-readelf-19}
for c in *.bpf.c; do
  name=${c%.bpf.c}
  "$CLANG" -O2 -g0 -target bpf -mcpu=v3 -Wall -Werror -c "$c" -o "$name.bpf.o"
  if "$READELF" -S "$name.bpf.o" | grep -qE '\.rel|\.rodata|\.data|\.bss|\.text +PROGBITS +[0-9a-f]+ [0-9a-f]+ 0*[1-9a-f]'; then
    echo "build-bench: $name.bpf.o has relocations, data or .text code: the raw .bin would not be the whole program" >&2
    exit 1
  fi
  "$OBJCOPY" -O binary --only-section=xdp "$name.bpf.o" "$name.bin"
  echo "$name: $(( $(stat -c %s "$name.bin") / 8 )) slots"
done

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
# The same five bpf-benchmark programs built for BPF v2 (no BPF_JMP32 class, which DPDK 22.11's
# librte_bpf does not know): bench/progs/v2/NAME.bin, the instruction bytes bench/dpdk.bench.ts
# runs on DPDK's JIT and interpreter, tsbpf's engines and the kernel alike.
mkdir -p v2
for name in log2 prime memcpy strcmp switch; do
  "$CLANG" -O2 -g0 -target bpf -mcpu=v2 -Wall -Werror -c "$name.bpf.c" -o "v2/$name.bpf.o"
  "$OBJCOPY" -O binary --only-section=xdp "v2/$name.bpf.o" "v2/$name.bin"
  echo "v2/$name: $(( $(stat -c %s "v2/$name.bin") / 8 )) slots"
done

#!/usr/bin/env bash
# Rebuild the assembler test data in test/data/asm with clang-19: for each C program, the
# `.s` clang -S writes and the `.bpf.o` clang -c writes from the same C, without and with -g
# (`X.s`/`X.bpf.o`, `X.g.s`/`X.g.bpf.o`), plus big-endian pairs for maps.c and subprog.c (-g). The assembler
# tests assemble each .s and compare section by section with the .bpf.o.
set -euo pipefail
cd "$(dirname "$0")/../test/data/asm"
CLANG=${CLANG:-clang-19}
INC=()
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
[ -d "/usr/include/$multiarch" ] && INC=(-I "/usr/include/$multiarch")
# relative paths and a fixed compilation dir keep the debug info reproducible
COMMON=(-O2 -fdebug-compilation-dir=. "${INC[@]}")
for c in *.c; do
  b=${c%.c}
  cpu=v3
  case $b in v4|atomics) cpu=v4 ;; esac
  for t in bpfel; do
    # CO-RE needs BTF, so core.c is built with -g only
    if [ "$b" != core ]; then
      "$CLANG" -target "$t" -mcpu=$cpu "${COMMON[@]}" -S -o "$b.s" "$c"
      "$CLANG" -target "$t" -mcpu=$cpu "${COMMON[@]}" -c -o "$b.bpf.o" "$c"
    fi
    "$CLANG" -target "$t" -mcpu=$cpu -g "${COMMON[@]}" -S -o "$b.g.s" "$c"
    "$CLANG" -target "$t" -mcpu=$cpu -g "${COMMON[@]}" -c -o "$b.g.bpf.o" "$c"
  done
done
"$CLANG" -target bpfeb -mcpu=v3 "${COMMON[@]}" -S -o maps.eb.s maps.c
"$CLANG" -target bpfeb -mcpu=v3 "${COMMON[@]}" -c -o maps.eb.bpf.o maps.c
"$CLANG" -target bpfeb -mcpu=v3 -g "${COMMON[@]}" -S -o subprog.eb.g.s subprog.c
"$CLANG" -target bpfeb -mcpu=v3 -g "${COMMON[@]}" -c -o subprog.eb.g.bpf.o subprog.c
echo "built $(ls *.bpf.o | wc -l) objects in $(pwd)"

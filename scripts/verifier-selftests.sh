#!/usr/bin/env bash
# Compare tsbpf's verifier with the running kernel's on the kernel's own verifier selftests
# (tools/testing/selftests/bpf/progs/verifier_*.c). Fetches nothing: give it a Linux source tree
# (e.g. the Debian package linux-source-6.12, unpacked: tools/, scripts/, include/uapi/ are
# enough) and a scratch directory. See docs/verifier-measured.md ("The kernel's verifier selftests").
#
#   scripts/verifier-selftests.sh LINUX_SRC OUT_DIR
#
# Builds, in OUT_DIR: vmlinux.h of the running kernel (bpftool), bpf_helper_defs.h (the tree's
# scripts/bpf_doc.py), the objects (clang-19 -target bpf -mcpu=v3, as the selftests' Makefile),
# libbpf from the tree (the system's may be too old to open newer objects) and the loader; then
# runs test/verifier_checks/selftests_compare.ts (npx tsc first) and writes OUT_DIR/verdicts.json.
set -euo pipefail
SRC=$(realpath "${1:?usage: verifier-selftests.sh LINUX_SRC OUT_DIR}")
OUT=$(realpath -m "${2:?usage: verifier-selftests.sh LINUX_SRC OUT_DIR}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLANG=${CLANG:-clang-19}
PROGS=$SRC/tools/testing/selftests/bpf/progs
[ -d "$PROGS" ] || { echo "verifier-selftests: $PROGS not found" >&2; exit 1; }
mkdir -p "$OUT/obj" "$OUT/include"
bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$OUT/include/vmlinux.h"
if [ ! -f "$SRC/tools/lib/bpf/bpf_helper_defs.h" ]; then
  python3 "$SRC/scripts/bpf_doc.py" --header --file "$SRC/include/uapi/linux/bpf.h" > "$OUT/include/bpf_helper_defs.h"
  cp "$OUT/include/bpf_helper_defs.h" "$SRC/tools/lib/bpf/"
fi
MULTIARCH=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
n=0; failed=0
for f in "$PROGS"/verifier_*.c; do
  name=$(basename "${f%.c}")
  if (cd "$PROGS" && "$CLANG" -g -O2 --target=bpf -mcpu=v3 -Wall -Wno-unused-function -Wno-unused-variable \
      -D__TARGET_ARCH_x86 -mlittle-endian -I"$OUT/include" -I. -I.. -I"$SRC/tools/lib" -I"$SRC/tools/include/uapi" \
      -idirafter /usr/include -idirafter "/usr/include/$MULTIARCH" -c "$f" -o "$OUT/obj/$name.bpf.o" 2> "$OUT/obj/$name.err"); then
    n=$((n + 1))
  else
    failed=$((failed + 1)); echo "verifier-selftests: $name does not compile (see $OUT/obj/$name.err)" >&2
  fi
done
echo "verifier-selftests: compiled $n objects ($failed failed)"
# libbpf of the same tree, static, for the loader
make -s -C "$SRC/tools/lib/bpf" BUILD_STATIC_ONLY=1 OBJDIR="$OUT/libbpf" DESTDIR="$OUT/libbpf-inst" prefix=/usr install_headers install > "$OUT/libbpf-build.log" 2>&1
LIBBPF_A=$(find "$OUT/libbpf-inst" -name libbpf.a | head -1)
cc -O1 -I "$OUT/libbpf-inst/usr/include" -o "$OUT/kernel_loader" "$ROOT/test/verifier_checks/kernel_loader.c" "$LIBBPF_A" -lelf -lz
node "$ROOT/dist/test/verifier_checks/selftests_compare.js" "$OUT/obj" --loader "$OUT/kernel_loader" --json "$OUT/verdicts.json" --progress

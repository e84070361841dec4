#!/usr/bin/env bash
# The kernel's BPF selftest programs (tools/testing/selftests/bpf/progs/*.c) and samples/bpf as a
# corpus of real objects nobody here wrote, judged program by program by the running kernel and by
# tsbpf (test/verifier_checks/object_matrix.ts --dir). Fetches nothing: give it a Linux source tree
# (the Debian package linux-source-6.12, unpacked: tools/, samples/bpf, include/uapi, scripts/ are
# enough) and a scratch directory. See docs/verifier-measured.md ("Real objects: the kernel's own selftest programs").
#
#   scripts/progs-corpus.sh LINUX_SRC OUT_DIR [--build-only] [-v]
#
# Builds, in OUT_DIR: vmlinux.h of the running kernel (bpftool), bpf_helper_defs.h (the tree's
# scripts/bpf_doc.py), OUT_DIR/progs/*.bpf.o and OUT_DIR/samples/*.bpf.o (clang-19 -O2 -g
# --target=bpf, -mcpu=v3 as the selftests' Makefile; objects that do not compile are listed in
# OUT_DIR/compile-failures.txt with clang's first error), then prints the matrix (npx tsc first)
# and writes OUT_DIR/matrix.json.
set -euo pipefail
SRC=$(realpath "${1:?usage: progs-corpus.sh LINUX_SRC OUT_DIR [--build-only] [-v]}")
OUT=$(realpath -m "${2:?usage: progs-corpus.sh LINUX_SRC OUT_DIR [--build-only] [-v]}")
shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLANG=${CLANG:-clang-19}
JOBS=${JOBS:-2}
PROGS=$SRC/tools/testing/selftests/bpf/progs
SAMPLES=$SRC/samples/bpf
[ -d "$PROGS" ] || { echo "progs-corpus: $PROGS not found" >&2; exit 1; }
mkdir -p "$OUT/progs" "$OUT/samples" "$OUT/include/bpf"
[ -s "$OUT/include/vmlinux.h" ] || bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$OUT/include/vmlinux.h"
if [ ! -f "$SRC/tools/lib/bpf/bpf_helper_defs.h" ]; then
  python3 "$SRC/scripts/bpf_doc.py" --header --file "$SRC/include/uapi/linux/bpf.h" > "$SRC/tools/lib/bpf/bpf_helper_defs.h"
fi
# samples/bpf include <bpf/bpf_helpers.h>: the tree's libbpf headers under a bpf/ directory
cp "$SRC"/tools/lib/bpf/{bpf_helpers.h,bpf_helper_defs.h,bpf_tracing.h,bpf_core_read.h,bpf_endian.h} "$OUT/include/bpf/"
MULTIARCH=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
export CLANG OUT SRC MULTIARCH
compile() { # compile SRC_FILE OUT_SUBDIR EXTRA_INCLUDE_DIR
  local f=$1 sub=$2 name dir
  name=$(basename "$f"); name=${name%.c}; name=${name%.bpf}
  dir=$(dirname "$f")
  if (cd "$dir" && "$CLANG" -g -O2 --target=bpf -mcpu=v3 -Wno-unused-function -Wno-unused-variable -Wno-compare-distinct-pointer-types \
      -D__TARGET_ARCH_x86 -DENABLE_ATOMICS_TESTS -mlittle-endian -I"$OUT/include" -I. -I"$3" -I"$SRC/tools/testing/selftests/bpf" \
      -I"$SRC/tools/lib" -I"$SRC/tools/include/uapi" -idirafter /usr/include -idirafter "/usr/include/$MULTIARCH" \
      -c "$f" -o "$OUT/$sub/$name.bpf.o" 2> "$OUT/$sub/$name.err"); then
    rm -f "$OUT/$sub/$name.err"
  else
    rm -f "$OUT/$sub/$name.bpf.o"
    echo "$sub/$name: $(grep -m1 -E 'error|fatal' "$OUT/$sub/$name.err" | sed "s|$SRC/||")"
  fi
}
export -f compile
{
  find "$PROGS" -maxdepth 1 -name '*.c' | sort | xargs -P "$JOBS" -I{} bash -c 'compile {} progs ..'
  find "$SAMPLES" -maxdepth 1 \( -name '*.bpf.c' -o -name '*_kern.c' \) | sort | xargs -P "$JOBS" -I{} bash -c 'compile {} samples .'
} | sort > "$OUT/compile-failures.txt"
echo "progs-corpus: compiled $(ls "$OUT"/progs/*.bpf.o "$OUT"/samples/*.bpf.o 2>/dev/null | wc -l) objects; $(wc -l < "$OUT/compile-failures.txt") did not compile (see $OUT/compile-failures.txt)"
case " $* " in *" --build-only "*) exit 0 ;; esac
(cd "$ROOT" && npx tsc -p .)
node "$ROOT/dist/test/verifier_checks/object_matrix.js" --dir "$OUT/progs" --dir "$OUT/samples" --json "$OUT/matrix.json" "$@"

	.text
	.file	"atomics.c"
	.section	xdp,"ax",@progbits
	.globl	atomics                         # -- Begin function atomics
	.p2align	3
	.type	atomics,@function
atomics:                                # @atomics
# %bb.0:
	w4 = *(u32 *)(r1 + 0)
	w3 = *(u32 *)(r1 + 4)
	r5 = g64 ll
	r1 = r3
	lock *(u64 *)(r5 + 0) += r1
	r1 = r3
	lock *(u64 *)(r5 + 0) |= r1
	r1 = r3
	lock *(u64 *)(r5 + 0) &= r1
	r1 = r3
	lock *(u64 *)(r5 + 0) ^= r1
	r6 = g32 ll
	w1 = w4
	lock *(u32 *)(r6 + 0) += w1
	w1 = w4
	lock *(u32 *)(r6 + 0) |= w1
	w1 = w4
	lock *(u32 *)(r6 + 0) &= w1
	w1 = w4
	lock *(u32 *)(r6 + 0) ^= w1
	r1 = 3
	r1 = atomic_fetch_add((u64 *)(r5 + 0), r1)
	r2 = r3
	r2 = atomic_fetch_or((u64 *)(r5 + 0), r2)
	r2 += r1
	r1 = r3
	r1 = atomic_fetch_and((u64 *)(r5 + 0), r1)
	r2 += r1
	r1 = r3
	r1 = atomic_fetch_xor((u64 *)(r5 + 0), r1)
	r2 += r1
	w0 = 3
	w0 = atomic_fetch_add((u32 *)(r6 + 0), w0)
	w7 = w4
	w7 = atomic_fetch_or((u32 *)(r6 + 0), w7)
	w8 = w4
	w8 = atomic_fetch_and((u32 *)(r6 + 0), w8)
	w9 = w4
	w9 = atomic_fetch_xor((u32 *)(r6 + 0), w9)
	r1 = r2
	r1 = xchg_64(r5 + 0, r1)
	r1 += r2
	w7 += w0
	w7 += w8
	w7 += w9
	w2 = w7
	w2 = xchg32_32(r6 + 0, w2)
	r0 = r1
	r0 = cmpxchg_64(r5 + 0, r0, r3)
	r3 = r0
	w2 += w7
	w0 = w2
	w0 = cmpxchg32_32(r6 + 0, w0, w4)
	w3 += w1
	w0 += w2
	w0 += w3
	exit
.Lfunc_end0:
	.size	atomics, .Lfunc_end0-atomics
                                        # -- End function
	.type	g64,@object                     # @g64
	.section	.bss,"aw",@nobits
	.globl	g64
	.p2align	3, 0x0
g64:
	.quad	0                               # 0x0
	.size	g64, 8

	.type	g32,@object                     # @g32
	.globl	g32
	.p2align	2, 0x0
g32:
	.long	0                               # 0x0
	.size	g32, 4

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.addrsig
	.addrsig_sym atomics
	.addrsig_sym g64
	.addrsig_sym g32
	.addrsig_sym LICENSE

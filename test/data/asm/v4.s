	.text
	.file	"v4.c"
	.section	socket,"ax",@progbits
	.globl	v4_ops                          # -- Begin function v4_ops
	.p2align	3
	.type	v4_ops,@function
v4_ops:                                 # @v4_ops
# %bb.0:
	r3 = *(s8 *)(r1 + 48)
	r2 = *(s16 *)(r1 + 50)
	r2 += r3
	r3 = *(s32 *)(r1 + 52)
	r2 += r3
	w3 = *(u32 *)(r1 + 8)
	w3 |= 3
	w0 = w2
	w0 s/= w3
	w3 = w2
	w3 s%= 5
	w0 += w3
	w3 = *(u32 *)(r1 + 0)
	w3 |= 1
	r1 = r2
	r1 s/= r3
	r3 = r2
	r3 s%= 7
	r1 -= r3
	r3 = r2
	r3 = bswap16 r3
	r4 = out ll
	*(u64 *)(r4 + 16) = r3
	r3 = r2
	r3 = bswap32 r3
	*(u64 *)(r4 + 8) = r3
	r2 = bswap64 r2
	*(u64 *)(r4 + 0) = r2
	r2 = (s32)r1
	*(u64 *)(r4 + 40) = r2
	r2 = (s8)r1
	*(u64 *)(r4 + 24) = r2
	r2 = (s32)r0
	*(u64 *)(r4 + 56) = r2
	r2 = (s16)r0
	*(u64 *)(r4 + 32) = r2
	*(u64 *)(r4 + 48) = r1
	w0 += w1
                                        # kill: def $w0 killed $w0 killed $r0
	exit
.Lfunc_end0:
	.size	v4_ops, .Lfunc_end0-v4_ops
                                        # -- End function
	.type	out,@object                     # @out
	.section	.bss,"aw",@nobits
	.globl	out
	.p2align	3, 0x0
out:
	.zero	64
	.size	out, 64

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.addrsig
	.addrsig_sym v4_ops
	.addrsig_sym LICENSE

	.text
	.file	"maps.c"
	.section	xdp,"ax",@progbits
	.globl	count_packets                   # -- Begin function count_packets
	.p2align	3
	.type	count_packets,@function
count_packets:                          # @count_packets
# %bb.0:
	r6 = r1
	w1 = *(u32 *)(r6 + 12)
	*(u32 *)(r10 - 4) = w1
	r7 = 1
	*(u64 *)(r10 - 16) = r7
	r2 = r10
	r2 += -4
	r1 = counts ll
	call 1
	if r0 == 0 goto LBB0_2
# %bb.1:
	lock *(u64 *)(r0 + 0) += r7
	goto LBB0_3
LBB0_2:
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	r1 = counts ll
	r4 = 0
	call 2
LBB0_3:
	w1 = 0
	*(u32 *)(r10 - 20) = w1
	r2 = r10
	r2 += -20
	r1 = stats ll
	call 1
	if r0 == 0 goto LBB0_5
# %bb.4:
	w1 = *(u32 *)(r6 + 0)
	w2 = *(u32 *)(r6 + 4)
	w2 -= w1
	r1 = *(u64 *)(r0 + 0)
	r1 += r2
	*(u64 *)(r0 + 0) = r1
LBB0_5:
	w0 = 2
	exit
.Lfunc_end0:
	.size	count_packets, .Lfunc_end0-count_packets
                                        # -- End function
	.type	counts,@object                  # @counts
	.section	.maps,"aw",@progbits
	.globl	counts
	.p2align	3, 0x0
counts:
	.zero	32
	.size	counts, 32

	.type	stats,@object                   # @stats
	.globl	stats
	.p2align	3, 0x0
stats:
	.zero	32
	.size	stats, 32

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.addrsig
	.addrsig_sym count_packets
	.addrsig_sym counts
	.addrsig_sym stats
	.addrsig_sym LICENSE

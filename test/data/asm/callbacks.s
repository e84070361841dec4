	.text
	.file	"callbacks.c"
	.section	tc,"ax",@progbits
	.globl	loops                           # -- Begin function loops
	.p2align	3
	.type	loops,@function
loops:                                  # @loops
# %bb.0:
	r6 = r1
	r1 = LINUX_KERNEL_VERSION ll
	w1 = *(u32 *)(r1 + 0)
	r2 = CONFIG_HZ ll
	w2 = *(u32 *)(r2 + 0)
	w2 += w1
	r2 <<= 32
	r2 s>>= 32
	*(u64 *)(r10 - 8) = r2
	call bpf_rcu_read_lock
	r7 = r10
	r7 += -8
	w1 = 100
	r2 = add_one ll
	r3 = r7
	r4 = 0
	call 181
	r1 = vals ll
	r2 = visit ll
	r3 = r7
	r4 = 0
	call 164
	call bpf_rcu_read_unlock
	r0 = *(u64 *)(r10 - 8)
	if r0 != 12345 goto LBB0_2
# %bb.1:
	r1 = r6
	r2 = jumps ll
	w3 = 1
	call 12
	r0 = *(u64 *)(r10 - 8)
LBB0_2:
                                        # kill: def $w0 killed $w0 killed $r0
	exit
.Lfunc_end0:
	.size	loops, .Lfunc_end0-loops
                                        # -- End function
	.text
	.p2align	3                               # -- Begin function add_one
	.type	add_one,@function
add_one:                                # @add_one
# %bb.0:
	w3 = w1
	w3 *= 3
	r4 = *(u64 *)(r2 + 0)
	r4 += r3
	*(u64 *)(r2 + 0) = r4
	w0 = 1
	if w1 > 50 goto LBB1_2
# %bb.1:
	w0 = 0
LBB1_2:
	exit
.Lfunc_end1:
	.size	add_one, .Lfunc_end1-add_one
                                        # -- End function
	.p2align	3                               # -- Begin function visit
	.type	visit,@function
visit:                                  # @visit
# %bb.0:
	r1 = *(u64 *)(r3 + 0)
	w2 = *(u32 *)(r2 + 0)
	r1 += r2
	r2 = *(u64 *)(r4 + 0)
	r1 += r2
	*(u64 *)(r4 + 0) = r1
	r0 = 0
	exit
.Lfunc_end2:
	.size	visit, .Lfunc_end2-visit
                                        # -- End function
	.type	vals,@object                    # @vals
	.section	.maps,"aw",@progbits
	.globl	vals
	.p2align	3, 0x0
vals:
	.zero	32
	.size	vals, 32

	.type	jumps,@object                   # @jumps
	.globl	jumps
	.p2align	3, 0x0
jumps:
	.zero	32
	.size	jumps, 32

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.weak	CONFIG_HZ
	.addrsig
	.addrsig_sym loops
	.addrsig_sym add_one
	.addrsig_sym visit
	.addrsig_sym vals
	.addrsig_sym jumps
	.addrsig_sym LICENSE

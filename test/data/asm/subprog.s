	.text
	.file	"subprog.c"
	.globl	global_mix                      # -- Begin function global_mix
	.p2align	3
	.type	global_mix,@function
global_mix:                             # @global_mix
# %bb.0:
	w6 = w1
	if w6 s<= w2 goto LBB0_2
# %bb.1:
	w6 -= w2
	goto LBB0_3
LBB0_2:
	w1 = w2
	call sum_to
	w0 ^= w6
	w6 = w0
LBB0_3:
	w0 = w6
	exit
.Lfunc_end0:
	.size	global_mix, .Lfunc_end0-global_mix
                                        # -- End function
	.p2align	3                               # -- Begin function sum_to
	.type	sum_to,@function
sum_to:                                 # @sum_to
# %bb.0:
                                        # kill: def $w1 killed $w1 def $r1
	w0 = 0
	if w1 s< 1 goto LBB1_4
# %bb.1:
	w1 += -1
	if w1 < 63 goto LBB1_3
# %bb.2:
	w1 = 63
LBB1_3:
	w2 = w1
	w2 += -1
	r3 = r1
	r3 *= r2
	w2 = w1
	w2 += -2
	w4 = w3
	w4 *= w2
	w4 >>= 1
	w4 *= 1431655766
	w1 += w4
	r3 >>= 1
	w3 *= 3
	w1 += w3
	w0 = w1
LBB1_4:
	exit
.Lfunc_end1:
	.size	sum_to, .Lfunc_end1-sum_to
                                        # -- End function
	.section	socket,"ax",@progbits
	.globl	prog_main                       # -- Begin function prog_main
	.p2align	3
	.type	prog_main,@function
prog_main:                              # @prog_main
# %bb.0:
	r6 = r1
	w1 = *(u32 *)(r6 + 0)
	w1 &= 31
	call sum_to
	w7 = w0
	w1 = *(u32 *)(r6 + 16)
	w2 = w7
	call global_mix
	w8 = w0
	w8 += w7
	w1 = *(u32 *)(r6 + 8)
	call fib
	w8 += w0
	w0 = w8
	exit
.Lfunc_end2:
	.size	prog_main, .Lfunc_end2-prog_main
                                        # -- End function
	.text
	.p2align	3                               # -- Begin function fib
	.type	fib,@function
fib:                                    # @fib
# %bb.0:
	r0 = 0
	if w1 == 0 goto LBB3_4
# %bb.1:
	r2 = 1
	r3 = 0
	w4 = 1
LBB3_2:                                 # =>This Inner Loop Header: Depth=1
	w5 = w4
	r0 = r2
	if w5 >= w1 goto LBB3_4
# %bb.3:                                #   in Loop: Header=BB3_2 Depth=1
	r6 = r3
	r6 += r2
	w4 = w5
	w4 += 1
	r0 = r2
	r3 = r2
	r2 = r6
	if w5 < 90 goto LBB3_2
LBB3_4:
	exit
.Lfunc_end3:
	.size	fib, .Lfunc_end3-fib
                                        # -- End function
	.section	xdp,"ax",@progbits
	.globl	prog_second                     # -- Begin function prog_second
	.p2align	3
	.type	prog_second,@function
prog_second:                            # @prog_second
# %bb.0:
	w1 = *(u32 *)(r1 + 16)
	call sum_to
	w1 = w0
	w0 = 1
	if w1 s> 10 goto LBB4_2
# %bb.1:
	w0 = 2
LBB4_2:
	exit
.Lfunc_end4:
	.size	prog_second, .Lfunc_end4-prog_second
                                        # -- End function
	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.addrsig
	.addrsig_sym prog_main
	.addrsig_sym prog_second
	.addrsig_sym LICENSE

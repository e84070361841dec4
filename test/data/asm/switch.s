	.text
	.file	"switch.c"
	.section	xdp,"ax",@progbits
	.globl	dispatch                        # -- Begin function dispatch
	.p2align	3
	.type	dispatch,@function
dispatch:                               # @dispatch
# %bb.0:
	w0 = 0
	w3 = *(u32 *)(r1 + 0)
	r2 = r3
	r2 += 14
	w1 = *(u32 *)(r1 + 4)
	if r2 > r1 goto LBB0_6
# %bb.1:
	w1 = *(u8 *)(r3 + 12)
	w3 = *(u8 *)(r3 + 13)
	w3 <<= 8
	w3 |= w1
	w0 = 2
	if w3 != 8 goto LBB0_6
# %bb.2:
	w1 = *(u8 *)(r2 + 0)
	w1 &= 15
	call classify
	w6 = w0
	call my_strcmp
	w1 = w0
	w0 = 1
	w2 = 1
	if w1 == 0 goto LBB0_4
# %bb.3:
	w2 = 0
LBB0_4:
	w6 += w2
	if w6 s> 50 goto LBB0_6
# %bb.5:
	w0 = 2
LBB0_6:
	exit
.Lfunc_end0:
	.size	dispatch, .Lfunc_end0-dispatch
                                        # -- End function
	.text
	.p2align	3                               # -- Begin function classify
	.type	classify,@function
classify:                               # @classify
# %bb.0:
	if w1 s> 3 goto LBB1_6
# %bb.1:
	if w1 s> 1 goto LBB1_4
# %bb.2:
	w0 = 11
	if w1 == 0 goto LBB1_21
# %bb.3:
	if w1 == 1 goto LBB1_12
	goto LBB1_20
LBB1_12:
	w0 = 23
	goto LBB1_21
LBB1_6:
	if w1 s> 5 goto LBB1_9
# %bb.7:
	if w1 == 4 goto LBB1_15
# %bb.8:
	if w1 == 5 goto LBB1_16
	goto LBB1_20
LBB1_16:
	w0 = 67
	goto LBB1_21
LBB1_9:
	if w1 == 6 goto LBB1_17
# %bb.10:
	if w1 == 7 goto LBB1_18
# %bb.11:
	if w1 == 8 goto LBB1_19
	goto LBB1_20
LBB1_19:
	w0 = 97
	goto LBB1_21
LBB1_4:
	if w1 == 2 goto LBB1_13
# %bb.5:
	if w1 == 3 goto LBB1_14
	goto LBB1_20
LBB1_14:
	w0 = 41
	goto LBB1_21
LBB1_13:
	w0 = 37
	goto LBB1_21
LBB1_17:
	w0 = 71
	goto LBB1_21
LBB1_15:
	w0 = 53
	goto LBB1_21
LBB1_18:
	w0 = 83
	goto LBB1_21
LBB1_20:
	w0 = -1
LBB1_21:
	exit
.Lfunc_end1:
	.size	classify, .Lfunc_end1-classify
                                        # -- End function
	.p2align	3                               # -- Begin function my_strcmp
	.type	my_strcmp,@function
my_strcmp:                              # @my_strcmp
# %bb.0:
	w0 = -116
	r2 = name ll
	w1 = *(u8 *)(r2 + 0)
	if w1 == 116 goto LBB2_7
	goto LBB2_5
LBB2_7:
	w0 = -115
	w1 = *(u8 *)(r2 + 1)
	if w1 == 115 goto LBB2_1
	goto LBB2_5
LBB2_1:
	w0 = -98
	w1 = *(u8 *)(r2 + 2)
	if w1 != 98 goto LBB2_5
# %bb.2:
	w0 = -112
	w1 = *(u8 *)(r2 + 3)
	if w1 != 112 goto LBB2_5
# %bb.3:
	w0 = -102
	w1 = *(u8 *)(r2 + 4)
	if w1 != 102 goto LBB2_5
# %bb.4:
	w0 = 0
	w1 = *(u8 *)(r2 + 5)
	if w1 == 0 goto LBB2_6
LBB2_5:
	w1 <<= 24
	w1 s>>= 24
	w0 += w1
LBB2_6:
	exit
.Lfunc_end2:
	.size	my_strcmp, .Lfunc_end2-my_strcmp
                                        # -- End function
	.type	name,@object                    # @name
	.data
	.globl	name
name:
	.asciz	"tsbpf\000\000\000\000\000\000\000\000\000\000"
	.size	name, 16

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.addrsig
	.addrsig_sym dispatch
	.addrsig_sym LICENSE

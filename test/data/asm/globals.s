	.text
	.file	"globals.c"
	.section	"tracepoint/syscalls/sys_enter_write","ax",@progbits
	.globl	on_write                        # -- Begin function on_write
	.p2align	3
	.type	on_write,@function
on_write:                               # @on_write
# %bb.0:
	r6 = counter ll
	w1 = *(u32 *)(r6 + 0)
	w1 += 1
	*(u32 *)(r6 + 0) = w1
	w1 = *(u32 *)(r6 + 0)
	r1 <<= 32
	r1 s>>= 32
	r2 = total ll
	r3 = *(u64 *)(r2 + 0)
	r3 += r1
	*(u64 *)(r2 + 0) = r3
	w1 = *(u32 *)(r6 + 0)
	r2 = limit ll
	w2 = *(u32 *)(r2 + 0)
	if w1 s<= w2 goto LBB0_2
# %bb.1:
	w1 = 0
	*(u32 *)(r6 + 0) = w1
LBB0_2:
	w3 = *(u32 *)(r6 + 0)
	r1 = greeting ll
	w2 = 10
	call 6
	w1 = *(u32 *)(r6 + 0)
	w1 &= 1
	r1 <<= 3
	r2 = names ll
	r2 += r1
	r1 = *(u64 *)(r2 + 0)
	w0 = *(u8 *)(r1 + 0)
	w0 <<= 24
	w0 s>>= 24
	exit
.Lfunc_end0:
	.size	on_write, .Lfunc_end0-on_write
                                        # -- End function
	.type	counter,@object                 # @counter
	.data
	.globl	counter
	.p2align	2, 0x0
counter:
	.long	5                               # 0x5
	.size	counter, 4

	.type	limit,@object                   # @limit
	.section	.rodata,"a",@progbits
	.globl	limit
	.p2align	2, 0x0
limit:
	.long	100                             # 0x64
	.size	limit, 4

	.type	.L.str,@object                  # @.str
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str:
	.asciz	"alpha"
	.size	.L.str, 6

	.type	.L.str.1,@object                # @.str.1
.L.str.1:
	.asciz	"beta"
	.size	.L.str.1, 5

	.type	.L.str.2,@object                # @.str.2
.L.str.2:
	.asciz	"gamma"
	.size	.L.str.2, 6

	.type	names,@object                   # @names
	.data
	.globl	names
	.p2align	3, 0x0
names:
	.quad	.L.str
	.quad	.L.str.1
	.quad	.L.str.2
	.size	names, 24

	.type	total,@object                   # @total
	.section	.bss,"aw",@nobits
	.globl	total
	.p2align	3, 0x0
total:
	.quad	0                               # 0x0
	.size	total, 8

	.type	greeting,@object                # @greeting
	.section	.rodata,"a",@progbits
greeting:
	.asciz	"hello %d\n"
	.size	greeting, 10

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"Dual BSD/GPL"
	.size	LICENSE, 13

	.addrsig
	.addrsig_sym on_write
	.addrsig_sym counter
	.addrsig_sym limit
	.addrsig_sym total
	.addrsig_sym greeting
	.addrsig_sym LICENSE

/* Scalars linked with a constant offset (BPF_ADD_CONST, Linux 6.11: adjust_reg_min_max_vals keeps
 * the id of `r1 = r0; r1 += K` with off = K, sync_linked_regs moves a comparison's bounds across
 * the link, shifted by the offsets' difference). The 10-byte .data array is the memory the linked
 * register indexes. */
#include "vprogs.h"

char buf[10] SEC(".data.buf");

/* r1 = r0 + 1; bounding r0 to [0, 8] bounds r1 to [1, 9]: in range */
SEC("socket")
__success
__naked void add_const_bounds_copy(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	r1 = r0;					\
	r1 += 1;					\
	if r0 > 8 goto 1f;				\
	r6 = %[buf] ll;					\
	r6 += r1;					\
	*(u8 *)(r6 + 0) = r0;				\
1:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_ktime_get_ns), __imm_addr(buf)
	: __clobber_all);
}

/* r2 = r0 + 2 with r0 in [0, 8] reaches index 10 (the branch's state shows the link, id+offset) */
SEC("socket")
__failure __msg("R2=scalar(id=1+2,smin=")
__msg("invalid access to map value, value_size=10 off=10 size=1")
__naked void add_const_past_end(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	r2 = r0;					\
	r2 += 2;					\
	if r0 <= 8 goto 2f;				\
	r0 = 0;						\
	exit;						\
2:	r6 = %[buf] ll;					\
	r6 += r2;					\
	*(u8 *)(r6 + 0) = r0;				\
	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_ktime_get_ns), __imm_addr(buf)
	: __clobber_all);
}

/* the comparison is on the linked register: r1 in [1, 9] gives r0 = r1 - 1 in [0, 8] */
SEC("socket")
__success
__naked void add_const_sync_back(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	if r0 > 100 goto 1f;				\
	r1 = r0;					\
	r1 += 1;					\
	if r1 > 9 goto 1f;				\
	if r1 < 1 goto 1f;				\
	r6 = %[buf] ll;					\
	r6 += r0;					\
	*(u8 *)(r6 + 0) = r0;				\
1:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_ktime_get_ns), __imm_addr(buf)
	: __clobber_all);
}

/* a second add cannot be carried in one offset: the link is dropped and r1 is unbounded */
SEC("socket")
__failure __msg("math between map_value pointer and register with unbounded min value is not allowed")
__naked void add_const_twice_unlinks(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	r1 = r0;					\
	r1 += 1;					\
	r1 += 1;					\
	if r0 > 7 goto 1f;				\
	r6 = %[buf] ll;					\
	r6 += r1;					\
	*(u8 *)(r6 + 0) = r0;				\
1:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_ktime_get_ns), __imm_addr(buf)
	: __clobber_all);
}

/* a negative delta links too (6.18 stable: "Support negative offsets, BPF_SUB, and alu32 for
 * linked register tracking"): r0 in [1, 8] gives r1 in [0, 7] */
SEC("socket")
__success
__naked void add_const_negative(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	r1 = r0;					\
	r1 += -1;					\
	if r0 > 8 goto 1f;				\
	if r0 < 1 goto 1f;				\
	r6 = %[buf] ll;					\
	r6 += r1;					\
	*(u8 *)(r6 + 0) = r0;				\
1:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_ktime_get_ns), __imm_addr(buf)
	: __clobber_all);
}

/* copying a linked register (r2 = r1) clears r1's offset link first (assign_scalar_id_before_mov):
 * bounding r0 no longer bounds r1 */
SEC("socket")
__failure __msg("math between map_value pointer and register with unbounded min value is not allowed")
__naked void add_const_copy_unlinks(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	r1 = r0;					\
	r1 += 1;					\
	r2 = r1;					\
	if r0 > 8 goto 1f;				\
	r6 = %[buf] ll;					\
	r6 += r1;					\
	*(u8 *)(r6 + 0) = r0;				\
1:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_ktime_get_ns), __imm_addr(buf)
	: __clobber_all);
}

/* BPF_SUB links with the negated constant: r0 in [2, 10] gives r1 = r0 - 2 in [0, 8] */
SEC("socket")
__success
__naked void sub_const(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	r1 = r0;					\
	r1 -= 2;					\
	if r0 > 10 goto 1f;				\
	if r0 < 2 goto 1f;				\
	r6 = %[buf] ll;					\
	r6 += r1;					\
	*(u8 *)(r6 + 0) = r0;				\
1:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_ktime_get_ns), __imm_addr(buf)
	: __clobber_all);
}

/* an alu32 add links when the register's upper half is known zero (BPF_ADD_CONST32): r0 in
 * [0, 8] gives r1 in [1, 9], zero-extended */
SEC("socket")
__success
__naked void add_const_alu32(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	w0 = w0;					\
	w1 = w0;					\
	w1 += 1;					\
	if w0 > 8 goto 1f;				\
	r6 = %[buf] ll;					\
	r6 += r1;					\
	*(u8 *)(r6 + 0) = r0;				\
1:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_ktime_get_ns), __imm_addr(buf)
	: __clobber_all);
}

/* an alu32 add on a register whose upper half may be set does not link (the CPU drops that half) */
SEC("socket")
__failure __msg("R6 unbounded memory access")
__naked void add_const_alu32_unlinks(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	r1 = r0;					\
	w1 += 1;					\
	if r0 > 8 goto 1f;				\
	r6 = %[buf] ll;					\
	r6 += r1;					\
	*(u8 *)(r6 + 0) = r0;				\
1:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_ktime_get_ns), __imm_addr(buf)
	: __clobber_all);
}

/* The stack and registers: nothing is read before it is written; r10 is read-only. */
#include "vprogs.h"

SEC("socket")
__success __retval(42)
__naked int stack_written_then_read(void)
{
	asm volatile ("					\
	r1 = 42;					\
	*(u64 *)(r10 - 16) = r1;			\
	r0 = *(u64 *)(r10 - 16);			\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__success
__failure_unpriv __msg_unpriv("invalid read from stack off -8+0 size 8")
__naked int stack_read_uninit(void)
{
	asm volatile ("					\
	r0 = *(u64 *)(r10 - 8);				\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("invalid write to stack R10 off=-520 size=8")
__naked int stack_write_below_frame(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u64 *)(r10 - 520) = r1;			\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("R2 !read_ok")
__naked int reg_read_uninit(void)
{
	asm volatile ("					\
	r0 = r2;					\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("R0 !read_ok")
__naked int reg_r0_unset_at_exit(void)
{
	asm volatile ("					\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("frame pointer is read only")
__naked int reg_write_r10(void)
{
	asm volatile ("					\
	r10 = 0;					\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("R1 !read_ok")
__naked int reg_clobbered_by_call(void)
{
	asm volatile ("					\
	r1 = 5;						\
	call %[bpf_get_prandom_u32];			\
	r0 = r1;					\
	exit;						\
"	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

SEC("socket")
__success __retval(7)
__naked int reg_callee_saved_kept(void)
{
	asm volatile ("					\
	r6 = 7;						\
	call %[bpf_get_prandom_u32];			\
	r0 = r6;					\
	exit;						\
"	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

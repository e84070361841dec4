// Kernel-BTF rules beyond kfuncs (kernel/bpf/verifier.c): a global function's __arg_trusted
// argument (btf_get_ptr_to_btf_id, btf_check_func_arg_match), loads through a map pointer
// (check_ptr_to_map_access) and the 6.x bounds deduction for a sign-crossing s64 range that the
// u64 range meets on one side only (__reg64_deduce_bounds). Typed by the running kernel's BTF;
// the expectations were checked against Linux 6.18.
#include "vprogs.h"

/* only the name matters: the kernel's own task_struct types the argument */
struct task_struct { int __unused; };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

__attribute__((noinline)) int first_word(struct task_struct *task __arg_trusted)
{
	return task->__unused;
}

__attribute__((noinline)) int first_word_or_zero(struct task_struct *task __arg_trusted __arg_nullable)
{
	if (!task)
		return 0;
	return task->__unused;
}

SEC("tp_btf/task_newtask")
__success
int trusted_arg_from_tp_btf(__u64 *ctx)
{
	struct task_struct *task = (void *)ctx[0];

	return first_word(task) + first_word_or_zero(task) + first_word_or_zero(0);
}

SEC("tp_btf/task_newtask")
__failure __msg("Caller passes invalid args into func#1 ('first_word')")
int trusted_arg_null(__u64 *ctx)
{
	struct task_struct *t = 0;

	/* hide the NULL from clang, which would drop a call it proves undefined */
	asm volatile("" : "+r"(t));
	return first_word(t);
}

SEC("socket")
__success
__naked void map_ptr_read_ops(void)
{
	asm volatile ("					\
	r1 = %[arr] ll;					\
	r6 = *(u64*)(r1 + 0);				\
	r0 = 1;						\
	exit;						\
"	:
	: __imm_addr(arr)
	: __clobber_all);
}

SEC("socket")
__failure __msg("R1 is bpf_array invalid negative access: off=-8")
__naked void map_ptr_read_negative(void)
{
	asm volatile ("					\
	r1 = %[arr] ll;					\
	r6 = *(u64*)(r1 - 8);				\
	r0 = 1;						\
	exit;						\
"	:
	: __imm_addr(arr)
	: __clobber_all);
}

SEC("socket")
__failure __msg("only read from bpf_array is supported")
__naked void map_ptr_write(void)
{
	asm volatile ("					\
	r1 = %[arr] ll;					\
	r2 = 0;						\
	*(u64*)(r1 + 0) = r2;				\
	r0 = 1;						\
	exit;						\
"	:
	: __imm_addr(arr)
	: __clobber_all);
}

/* s16 range [-32768, 32767] and u64 <= 0xffffffffffff0000: only the positive part remains */
SEC("socket")
__success
__naked void bounds_overlap_positive_s16(void)
{
	asm volatile ("					\
	call %[bpf_get_prandom_u32];			\
	r0 = (s16)r0;					\
	r1 = 0xffffffffffff0000 ll;			\
	if r0 > r1 goto l0_%=;				\
	if r0 < 0x8000 goto l0_%=;			\
	r10 = 0;					\
l0_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

/* the same in 32 bits: u32 >= 5 and s32 <= 2 leave only negative values */
SEC("socket")
__success
__naked void bounds_overlap_negative_w(void)
{
	asm volatile ("					\
	call %[bpf_get_prandom_u32];			\
	if w0 < 5 goto l0_%=;				\
	if w0 s> 2 goto l0_%=;				\
	if w0 s< 0 goto l0_%=;				\
	r10 = 0;					\
l0_%=:	exit;						\
"	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

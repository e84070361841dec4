/* Bounded loops, infinite loops, and bpf_loop callbacks. */
#include "vprogs.h"

SEC("socket")
__success __retval(45)
__failure_unpriv __msg_unpriv("back-edge from insn")
__naked int loop_bounded_sum(void)
{
	asm volatile ("					\
	r0 = 0;						\
	r1 = 0;						\
l0_%=:	r0 += r1;					\
	r1 += 1;					\
	if r1 < 10 goto l0_%=;				\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("infinite loop detected")
__naked int loop_infinite(void)
{
	asm volatile ("					\
	r0 = 0;						\
l0_%=:	r0 = 0;						\
	goto l0_%=;					\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("BPF program is too large")
__naked int loop_too_long(void)
{
	asm volatile ("					\
	r0 = 0;						\
	r1 = 0;						\
l0_%=:	r0 += r1;					\
	r1 += 1;					\
	if r1 < 1000000 goto l0_%=;			\
	exit;						\
"	::: __clobber_all);
}

static int add_index(__u32 idx, void *ctx)
{
	*(long *)ctx += idx;
	return 0;
}

SEC("xdp")
__success __retval(190)
int bpf_loop_sum(struct xdp_md *ctx)
{
	long sum = 0;
	bpf_loop(20, add_index, &sum, 0);
	return sum;
}

static int bad_ret(__u32 idx, void *ctx)
{
	return 2;
}

SEC("xdp")
__failure __msg("At callback return the register R0 has")
int bpf_loop_callback_bad_return(struct xdp_md *ctx)
{
	bpf_loop(4, bad_ret, 0, 0);
	return 0;
}

SEC("xdp")
__success __retval(64)
int loop_c_bounded(struct xdp_md *ctx)
{
	int n = 0;
	for (int i = 0; i < 64; i++)
		n += 1;
	return n;
}

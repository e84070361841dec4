/* Division, return ranges, context access per program type, subprogram calls, helper arguments. */
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, int);
} h4 SEC(".maps");

SEC("socket")
__failure __msg("div by zero")
__naked int div_by_constant_zero(void)
{
	asm volatile ("					\
	r0 = 7;						\
	r0 /= 0;					\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__success __retval(0)
__naked int div_by_zero_register(void)
{
	asm volatile ("					\
	r0 = 7;						\
	r1 = 0;						\
	r0 /= r1;					\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__success __retval(7)
__naked int mod_by_zero_register(void)
{
	asm volatile ("					\
	r0 = 7;						\
	r1 = 0;						\
	r0 %%= r1;					\
	exit;						\
"	::: __clobber_all);
}

SEC("cgroup_skb/ingress")
__failure __msg("At program exit the register R0 has")
__naked int ret_cgroup_skb_out_of_range(void)
{
	asm volatile ("					\
	r0 = 2;						\
	exit;						\
"	::: __clobber_all);
}

SEC("cgroup_skb/ingress")
__success
__naked int ret_cgroup_skb_in_range(void)
{
	asm volatile ("					\
	r0 = 1;						\
	exit;						\
"	::: __clobber_all);
}

SEC("cgroup_skb/ingress")
__failure __msg("At program exit the register R0 has")
__naked int ret_cgroup_skb_unknown(void)
{
	asm volatile ("					\
	call %[bpf_get_prandom_u32];			\
	exit;						\
"	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

SEC("xdp")
__failure __msg("invalid bpf_context access off=24 size=4")
__naked int ctx_xdp_past_end(void)
{
	asm volatile ("					\
	r0 = *(u32 *)(r1 + 24);				\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__success __retval(50)
__naked int ctx_socket_len(void)
{
	asm volatile ("					\
	r0 = *(u32 *)(r1 + 0);				\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("invalid bpf_context access off=0 size=4")
__naked int ctx_socket_write_len(void)
{
	asm volatile ("					\
	r2 = 1;						\
	*(u32 *)(r1 + 0) = r2;				\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__success __retval(9)
__naked int ctx_socket_cb_write_read(void)
{
	asm volatile ("					\
	r2 = 9;						\
	*(u32 *)(r1 + 48) = r2;				\
	r0 = *(u32 *)(r1 + 48);				\
	exit;						\
"	::: __clobber_all);
}

SEC("kprobe/do_nanosleep")
__success
__naked int ctx_kprobe_regs(void)
{
	asm volatile ("					\
	r0 = *(u64 *)(r1 + 0);				\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

SEC("kprobe/do_nanosleep")
__failure __msg("invalid bpf_context access off=168 size=8")
__naked int ctx_kprobe_past_regs(void)
{
	asm volatile ("					\
	r0 = *(u64 *)(r1 + 168);			\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

static __attribute__((noinline)) int twice(int x)
{
	return x * 2;
}

SEC("socket")
__success __retval(42)
int subprog_call(struct __sk_buff *skb)
{
	volatile int x = 21;
	return twice(x);
}

static __attribute__((noinline)) int fill(long *p)
{
	*p = 5;
	return 0;
}

SEC("socket")
__success __retval(5)
int subprog_writes_callers_stack(struct __sk_buff *skb)
{
	long v;
	fill(&v);
	return v;
}

SEC("socket")
__success __failure_unpriv __msg_unpriv("invalid indirect read from stack")
__naked int helper_uninit_key(void)
{
	asm volatile ("					\
	r2 = r10;					\
	r2 += -8;					\
	r1 = %[h4] ll;					\
	call %[bpf_map_lookup_elem];			\
	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(h4)
	: __clobber_all);
}

SEC("socket")
__failure __msg("R1 type=scalar expected=map_ptr")
__naked int helper_scalar_as_map(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u64 *)(r10 - 8) = r1;				\
	r2 = r10;					\
	r2 += -8;					\
	call %[bpf_map_lookup_elem];			\
	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem)
	: __clobber_all);
}

SEC("socket")
__failure __msg("R2 type=scalar expected=")
__naked int helper_scalar_as_key(void)
{
	asm volatile ("					\
	r2 = 0;						\
	r1 = %[h4] ll;					\
	call %[bpf_map_lookup_elem];			\
	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(h4)
	: __clobber_all);
}

SEC("socket")
__failure __msg("R2 min value is negative")
__naked int helper_unbounded_size(void)
{
	asm volatile ("					\
	call %[bpf_get_prandom_u32];			\
	r2 = r0;					\
	r1 = r10;					\
	r1 += -64;					\
	r3 = 0;						\
	call %[bpf_probe_read_kernel];			\
	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_get_prandom_u32), __imm(bpf_probe_read_kernel)
	: __clobber_all);
}

SEC("socket")
__failure __msg("program of this type cannot use helper bpf_xdp_adjust_head#44")
__naked int helper_not_for_prog_type(void)
{
	asm volatile ("					\
	r2 = 0;						\
	call %[bpf_xdp_adjust_head];			\
	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_xdp_adjust_head)
	: __clobber_all);
}

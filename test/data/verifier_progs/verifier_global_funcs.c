/*
 * Global functions (non-static, BTF_FUNC_GLOBAL): verified once on their own for any arguments
 * their BTF prototype allows, and each call checks the arguments against that prototype
 * (kernel/bpf/verifier.c check_func_call, do_check_subprogs; kernel/bpf/btf.c
 * btf_prepare_func_args). A pointer argument to a sized type is memory of that size that may be
 * NULL unless tagged __arg_nonnull; a pointer to the program's context struct, or one tagged
 * __arg_ctx, is the context.
 */
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, long);
} arr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} events SEC(".maps");

struct pair { long a; long b; };

/* dereferences its argument without a NULL check: unsafe for the NULL its prototype allows */
__attribute__((noinline)) int gf_deref(int *p)
{
	return *p + 1;
}

/* the same with the check */
__attribute__((noinline)) int gf_checked(int *p)
{
	return p ? *p + 1 : 0;
}

/* __arg_nonnull: no check needed, but callers must pass a pointer that cannot be NULL */
__attribute__((noinline)) int gf_nonnull(long *p __arg_nonnull)
{
	return *p == 3;
}

/* reads past the one byte its argument's type has */
__attribute__((noinline)) int gf_past_type(char *p)
{
	return p ? p[1] : 0;
}

/* reads both fields of a 16-byte struct */
__attribute__((noinline)) int gf_pair(struct pair *p)
{
	return p ? (int)(p->a + p->b) : 0;
}

/* its argument is the context: any program type may pass its ctx */
__attribute__((noinline)) int gf_ctx(void *ctx __arg_ctx)
{
	long v = 1;

	return bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &v, sizeof(v)) ? 1 : 0;
}

/* changes packet data: packet pointers of the caller are invalid after the call */
__attribute__((noinline)) int gf_pull(struct __sk_buff *skb)
{
	return bpf_skb_pull_data(skb, 0);
}

SEC("socket")
__failure __msg("invalid mem access 'mem_or_null'")
int global_arg_deref_without_null_check(struct __sk_buff *skb)
{
	int x = 5;

	return gf_deref(&x);
}

SEC("socket")
__success __retval(6)
int global_arg_null_checked(struct __sk_buff *skb)
{
	int x = 5;

	return gf_checked(&x);
}

SEC("socket")
__success __retval(0)
int global_arg_null_passed(struct __sk_buff *skb)
{
	return gf_checked((int *)0);
}

SEC("socket")
__failure __msg("arg#0 is expected to be non-NULL")
int global_nonnull_given_maybe_null(struct __sk_buff *skb)
{
	int k = 0;

	return gf_nonnull(bpf_map_lookup_elem(&arr, &k));
}

SEC("socket")
__success
int global_nonnull_given_map_value(struct __sk_buff *skb)
{
	int k = 0;
	long *v = bpf_map_lookup_elem(&arr, &k);

	if (!v)
		return 0;
	return gf_nonnull(v);
}

SEC("socket")
__failure __msg("invalid access to memory, mem_size=1 off=1 size=1")
int global_reads_past_its_type(struct __sk_buff *skb)
{
	char c[2] = { 1, 2 };

	return gf_past_type(c);
}

SEC("socket")
__failure __msg("Caller passes invalid args into func#1 ('gf_pair')")
int global_given_too_small_memory(struct __sk_buff *skb)
{
	int k = 0;
	long *v = bpf_map_lookup_elem(&arr, &k);

	if (!v)
		return 0;
	/* an 8-byte map value where the prototype says 16 bytes */
	return gf_pair((struct pair *)v);
}

SEC("socket")
__success __retval(3)
int global_given_enough_memory(struct __sk_buff *skb)
{
	struct pair p = { 1, 2 };

	return gf_pair(&p);
}

SEC("socket")
__failure __msg("Caller passes invalid args into func#1 ('gf_pair')")
int global_given_ctx_as_memory(struct __sk_buff *skb)
{
	return gf_pair((struct pair *)skb);
}

SEC("tracepoint/syscalls/sys_enter_nanosleep")
__failure __msg("Caller passes invalid args into func#1 ('gf_pair')")
int global_tp_ctx_as_memory(void *ctx)
{
	return gf_pair(ctx);
}

SEC("socket")
__success
int global_arg_ctx_tag(struct __sk_buff *skb)
{
	return gf_ctx(skb);
}

SEC("tracepoint/syscalls/sys_enter_nanosleep")
__success
int global_arg_ctx_tag_tp(void *ctx)
{
	return gf_ctx(ctx);
}

SEC("socket")
__failure __msg("arg#0 expects pointer to ctx")
int global_arg_ctx_given_stack(struct __sk_buff *skb)
{
	long x = 0;

	return gf_ctx(&x);
}

SEC("tc")
__failure __msg("invalid mem access 'scalar'")
int global_pull_invalidates_pkt(struct __sk_buff *skb)
{
	int *p = (void *)(long)skb->data;

	if ((void *)(p + 1) > (void *)(long)skb->data_end)
		return 0;
	gf_pull(skb);
	return *p;
}

SEC("tc")
__success
int global_pull_then_recheck(struct __sk_buff *skb)
{
	int *p;

	gf_pull(skb);
	p = (void *)(long)skb->data;
	if ((void *)(p + 1) > (void *)(long)skb->data_end)
		return 0;
	return *p & 1;
}

/* LD_ABS in a subprogram (allowed with BTF func_info, when it returns int): past the packet it
 * returns 0 to its caller (bpf_gen_ld_abs's hidden exit), the caller goes on */
__attribute__((naked, noinline, used)) static int ldabs_far(void)
{
	asm volatile ("					\
	r6 = r1;					\
	r0 = *(u8 *)skb[1000];				\
	r0 = 5;						\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__success __retval(7)
__naked int ld_abs_in_subprog_returns_zero(void)
{
	asm volatile ("					\
	call ldabs_far;					\
	r0 += 7;					\
	exit;						\
"	::: __clobber_all);
}

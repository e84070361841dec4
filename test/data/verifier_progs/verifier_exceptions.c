// BPF exceptions (Linux 6.7+, kernel/bpf/verifier.c): bpf_throw ends the program from any frame,
// the program returns the exception callback's value (`__exception_cb(NAME)`, a global function
// of one integer argument) or, without one, the cookie; the verifier refuses a throw that leaks a
// reference or an RCU read section, a throw reachable from a callback, a direct call of the
// exception callback, and a cookie or callback value outside the program type's return range.
// The expectations were checked against Linux 6.18; `__run_retval` is what the program returns
// on the 64-byte test packet (test/verifier_checks/exceptions.test.ts compares both engines with
// the kernel's BPF_PROG_TEST_RUN).
#include "vprogs.h"

#define __exception_cb(name) __attribute__((btf_decl_tag("exception_callback:" #name)))
#define __run_retval(val)    __attribute__((btf_decl_tag("comment:tsbpf_run_retval=" #val)))
/* bpf_experimental.h's bpf_assert, as a plain condition */
#define bpf_assert_with(cond, value) do { if (!(cond)) bpf_throw(value); } while (0)

extern void bpf_throw(__u64 cookie) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} exc_counts SEC(".maps");

__noinline int add_hundred(__u64 cookie)
{
	return cookie + 100;
}

__noinline int cgroup_cb_ok(__u64 cookie)
{
	return cookie & 1;
}

__noinline int cgroup_cb_bad(__u64 cookie)
{
	return 2;
}

__noinline int two_args_cb(__u64 cookie, __u64 other)
{
	return cookie + other;
}

static __noinline int throw_if_long(struct __sk_buff *skb)
{
	if (skb->len > 32)
		bpf_throw(21);
	return 3;
}

__noinline int global_throws(int v)
{
	if (v > 10)
		bpf_throw(v);
	return v;
}

SEC("tc")
__success __run_retval(7)
int throw_default_cookie(struct __sk_buff *skb)
{
	if (skb->len > 10)
		bpf_throw(7);
	return 1;
}

SEC("tc")
__success __run_retval(1)
int throw_not_taken(struct __sk_buff *skb)
{
	if (skb->len > 1000)
		bpf_throw(7);
	return 1;
}

SEC("tc")
__exception_cb(add_hundred)
__success __run_retval(105)
int throw_with_callback(struct __sk_buff *skb)
{
	if (skb->len == 64)
		bpf_throw(5);
	return 0;
}

SEC("tc")
__success __run_retval(21)
int throw_from_static_subprog(struct __sk_buff *skb)
{
	return throw_if_long(skb) + 1;
}

SEC("tc")
__exception_cb(add_hundred)
__success __run_retval(164)
int throw_from_global_subprog(struct __sk_buff *skb)
{
	return global_throws(skb->len) + 1000;
}

SEC("tc")
__success __run_retval(9)
int throw_after_map_update(struct __sk_buff *skb)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&exc_counts, &k);

	if (!v)
		return 0;
	*v += 1;
	bpf_assert_with(*v == 0, 9);
	return 2;
}

SEC("tc")
__success __run_retval(11)
int assert_bounds_packet(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;

	bpf_assert_with(data + 14 <= end, 11);
	/* ethertype byte 12 is 0x08 on the test packet: the assert below throws */
	bpf_assert_with(((__u8 *)data)[12] != 0x08, 11);
	return 0;
}

SEC("cgroup_skb/ingress")
__exception_cb(cgroup_cb_ok)
__success
int cgroup_throw_callback_in_range(struct __sk_buff *skb)
{
	if (skb->len > 10)
		bpf_throw(64);
	return 1;
}

SEC("cgroup_skb/ingress")
__failure __msg("At program exit the register R1 has smin=64 smax=64 should have been in [0, 1]")
int cgroup_throw_cookie_out_of_range(struct __sk_buff *skb)
{
	if (skb->len > 10)
		bpf_throw(64);
	return 1;
}

SEC("cgroup_skb/ingress")
__exception_cb(cgroup_cb_bad)
__failure __msg("should have been in [0, 1]")
int cgroup_callback_out_of_range(struct __sk_buff *skb)
{
	if (skb->len > 10)
		bpf_throw(0);
	return 1;
}

SEC("tc")
__exception_cb(two_args_cb)
__failure __msg("exception cb only supports single integer argument")
int callback_two_args(struct __sk_buff *skb)
{
	if (skb->len > 10)
		bpf_throw(0);
	return 1;
}

SEC("tc")
__exception_cb(add_hundred)
__failure __msg("cannot call exception cb directly")
int callback_called_directly(struct __sk_buff *skb)
{
	return add_hundred(skb->len);
}

static int loop_cb(__u32 i, void *ctx)
{
	if (i > 3)
		bpf_throw(1);
	return 0;
}

SEC("tc")
__failure __msg("cannot be called from callback subprog")
int throw_in_loop_callback(struct __sk_buff *skb)
{
	bpf_loop(5, loop_cb, 0, 0);
	return 0;
}

SEC("tc")
__failure __msg("bpf_throw would lead to reference leak")
int throw_holding_socket(struct __sk_buff *skb)
{
	struct bpf_sock_tuple t = {};
	struct bpf_sock *sk = bpf_sk_lookup_tcp(skb, &t, sizeof(t.ipv4), -1, 0);

	if (sk) {
		if (skb->len > 10)
			bpf_throw(0);
		bpf_sk_release(sk);
	}
	return 0;
}

SEC("tc")
__failure __msg("bpf_throw cannot be used inside bpf_rcu_read_lock-ed region")
int throw_in_rcu_section(struct __sk_buff *skb)
{
	bpf_rcu_read_lock();
	if (skb->len > 10)
		bpf_throw(0);
	bpf_rcu_read_unlock();
	return 0;
}

SEC("tc")
// bpf_sk_lookup_tcp has no emulation: verified, not run
__success
int throw_after_release(struct __sk_buff *skb)
{
	struct bpf_sock_tuple t = {};
	struct bpf_sock *sk = bpf_sk_lookup_tcp(skb, &t, sizeof(t.ipv4), -1, 0);

	if (sk)
		bpf_sk_release(sk);
	if (skb->len > 10)
		bpf_throw(0);
	return 1;
}

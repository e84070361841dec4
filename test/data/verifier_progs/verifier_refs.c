/* References: ring-buffer reservations and spin locks are released on every path. */
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

struct val {
	struct bpf_spin_lock lock;
	int counter;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct val);
} locked SEC(".maps");

SEC("xdp")
__success
int ringbuf_reserve_submit(struct xdp_md *ctx)
{
	long *e = bpf_ringbuf_reserve(&rb, 8, 0);
	if (!e)
		return XDP_PASS;
	*e = 1;
	bpf_ringbuf_submit(e, 0);
	return XDP_PASS;
}

SEC("xdp")
__failure __msg("Unreleased reference")
__naked int ringbuf_leak(void)
{
	asm volatile ("					\
	r1 = %[rb] ll;					\
	r2 = 8;						\
	r3 = 0;						\
	call %[bpf_ringbuf_reserve];			\
	r0 = 2;						\
	exit;						\
"	:
	: __imm(bpf_ringbuf_reserve), __imm_addr(rb)
	: __clobber_all);
}

SEC("xdp")
__failure __msg("Unreleased reference")
__naked int ringbuf_leak_on_one_path(void)
{
	asm volatile ("					\
	r1 = %[rb] ll;					\
	r2 = 8;						\
	r3 = 0;						\
	call %[bpf_ringbuf_reserve];			\
	if r0 == 0 goto l0_%=;				\
	r6 = r0;					\
	call %[bpf_get_prandom_u32];			\
	if r0 == 7 goto l0_%=;				\
	r1 = r6;					\
	r2 = 0;						\
	call %[bpf_ringbuf_submit];			\
l0_%=:	r0 = 2;						\
	exit;						\
"	:
	: __imm(bpf_ringbuf_reserve), __imm(bpf_ringbuf_submit), __imm(bpf_get_prandom_u32), __imm_addr(rb)
	: __clobber_all);
}

SEC("xdp")
__failure __msg("R1 type=ringbuf_mem_or_null expected=ringbuf_mem")
__naked int ringbuf_submit_unchecked(void)
{
	asm volatile ("					\
	r1 = %[rb] ll;					\
	r2 = 8;						\
	r3 = 0;						\
	call %[bpf_ringbuf_reserve];			\
	r1 = r0;					\
	r2 = 0;						\
	call %[bpf_ringbuf_submit];			\
	r0 = 2;						\
	exit;						\
"	:
	: __imm(bpf_ringbuf_reserve), __imm(bpf_ringbuf_submit), __imm_addr(rb)
	: __clobber_all);
}

SEC("tc")
__success
int spin_lock_balanced(struct __sk_buff *skb)
{
	int key = 0;
	struct val *v = bpf_map_lookup_elem(&locked, &key);
	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	v->counter++;
	bpf_spin_unlock(&v->lock);
	return 0;
}

SEC("tc")
__failure __msg("bpf_spin_lock-ed region")
__naked int spin_lock_not_released(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u32 *)(r10 - 4) = r1;				\
	r2 = r10;					\
	r2 += -4;					\
	r1 = %[locked] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l0_%=;				\
	r1 = r0;					\
	call %[bpf_spin_lock];				\
l0_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm(bpf_spin_lock), __imm_addr(locked)
	: __clobber_all);
}

SEC("tc")
__failure __msg("function calls are not allowed while holding a lock")
__naked int spin_lock_call_inside(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u32 *)(r10 - 4) = r1;				\
	r2 = r10;					\
	r2 += -4;					\
	r1 = %[locked] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l0_%=;				\
	r6 = r0;					\
	r1 = r0;					\
	call %[bpf_spin_lock];				\
	call %[bpf_get_prandom_u32];			\
	r1 = r6;					\
	call %[bpf_spin_unlock];			\
l0_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm(bpf_spin_lock), __imm(bpf_spin_unlock), __imm(bpf_get_prandom_u32), __imm_addr(locked)
	: __clobber_all);
}

/* bpf_sk_release of a bpf_skc_to_tcp_sock() result (a BTF socket sharing the lookup's reference)
 * releases that reference, as the kernel's verifier_ref_tracking.c sk_release_btf_tcp_sock has it;
 * tsbpf's verifier threw a TypeError here, found by the selftests corpus (scripts/progs-corpus.sh) */
SEC("tc")
__success
int sk_release_of_skc_cast(struct __sk_buff *skb)
{
	struct bpf_sock_tuple t = {};
	struct bpf_sock *sk = bpf_sk_lookup_tcp(skb, &t, sizeof(t.ipv4), BPF_F_CURRENT_NETNS, 0);
	struct tcp_sock *tp;

	if (!sk)
		return 0;
	tp = bpf_skc_to_tcp_sock(sk);
	if (tp)
		bpf_sk_release((struct bpf_sock *)tp);
	else
		bpf_sk_release(sk);
	return 0;
}

/* releasing the socket invalidates the cast's result (release_reference marks every register
 * sharing the reference invalid): releasing it again is refused */
SEC("tc")
__failure __msg("R1 type=scalar expected=sock_common")
int sk_release_of_skc_cast_twice(struct __sk_buff *skb)
{
	struct bpf_sock_tuple t = {};
	struct bpf_sock *sk = bpf_sk_lookup_tcp(skb, &t, sizeof(t.ipv4), BPF_F_CURRENT_NETNS, 0);
	struct tcp_sock *tp;

	if (!sk)
		return 0;
	tp = bpf_skc_to_tcp_sock(sk);
	bpf_sk_release(sk);
	if (tp)
		bpf_sk_release((struct bpf_sock *)tp);
	return 0;
}

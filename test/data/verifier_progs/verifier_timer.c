// bpf_timer (kernel/bpf/helpers.c, verifier.c process_timer_func, set_timer_callback_state,
// push_async_cb, check_return_code's "At async callback return"): a struct bpf_timer in a map
// value, initialised with its own map, given a callback that runs later from a timer — verified
// as a path of its own whose r1/r2/r3 are the map, the key and the value, and which must return 0.
// The expectations were checked against Linux 6.18; test/verifier_checks/timer.test.ts fires the
// timers on both engines.
#include "vprogs.h"

#define CLOCK_MONOTONIC 1

extern int bpf_copy_from_user_str(void *dst, __u32 dst__sz, const void *unsafe_ptr__ign, __u64 flags) __weak __ksym;

struct elem {
	__u64 counter;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct elem);
} htimers SEC(".maps");

struct plain {
	__u64 a;
	__u64 b;
	__u64 c;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct plain);
} plain SEC(".maps");

/* the callback adds key + 1 to the value's counter */
static int cb_count(void *map, __u32 *key, struct elem *val)
{
	val->counter += *key + 1;
	return 0;
}

static int cb_ret1(void *map, __u32 *key, struct elem *val)
{
	return 1;
}

/* re-arms itself until the counter reaches 3: the callback is entered again from its own path */
static int cb_rearm(void *map, __u32 *key, struct elem *val)
{
	val->counter++;
	if (val->counter < 3) {
		bpf_timer_set_callback(&val->t, cb_rearm);
		bpf_timer_start(&val->t, 1000, 0);
	}
	return 0;
}

static __always_inline struct elem *slot(__u32 k)
{
	return bpf_map_lookup_elem(&timers, &k);
}

SEC("tc")
__success
int timer_arm(struct __sk_buff *skb)
{
	struct elem *v = slot(1);

	if (!v)
		return 1;
	bpf_timer_init(&v->t, &timers, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&v->t, cb_count);
	return bpf_timer_start(&v->t, 0, 0);
}

SEC("tc")
__success
int timer_rearm(struct __sk_buff *skb)
{
	__u32 k = 0;
	struct elem *v = bpf_map_lookup_elem(&htimers, &k);

	if (!v) {
		struct elem z = {};

		bpf_map_update_elem(&htimers, &k, &z, 0);
		v = bpf_map_lookup_elem(&htimers, &k);
		if (!v)
			return 1;
	}
	bpf_timer_init(&v->t, &htimers, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&v->t, cb_rearm);
	return bpf_timer_start(&v->t, 1000, 0);
}

SEC("tc")
__success
int timer_cancel_unarmed(struct __sk_buff *skb)
{
	struct elem *v = slot(0);

	if (!v)
		return 1;
	/* cancelling a timer that was never initialised: -EINVAL; initialised but not armed: 0 */
	if (bpf_timer_cancel(&v->t) != -22)
		return 2;
	bpf_timer_init(&v->t, &timers, CLOCK_MONOTONIC);
	return bpf_timer_cancel(&v->t);
}

SEC("tc")
__failure __msg("At async callback return the register R0 has smin=1 smax=1 should have been in [0, 0]")
int timer_cb_returns_1(struct __sk_buff *skb)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_timer_init(&v->t, &timers, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&v->t, cb_ret1);
	return 0;
}

SEC("tc")
__failure __msg("off 0 doesn't point to 'struct bpf_timer' that is at 8")
int timer_wrong_offset(struct __sk_buff *skb)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_timer_init((struct bpf_timer *)&v->counter, &timers, CLOCK_MONOTONIC);
	return 0;
}

SEC("tc")
__failure __msg("timer pointer in R1 map_uid=0 doesn't match map pointer in R2 map_uid=0")
int timer_init_other_map(struct __sk_buff *skb)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_timer_init(&v->t, &htimers, CLOCK_MONOTONIC);
	return 0;
}

SEC("tc")
__failure __msg("map 'plain' has no valid bpf_timer")
int timer_in_map_without_one(struct __sk_buff *skb)
{
	__u32 k = 0;
	struct plain *p = bpf_map_lookup_elem(&plain, &k);

	if (!p)
		return 0;
	bpf_timer_init((struct bpf_timer *)&p->b, &plain, CLOCK_MONOTONIC);
	return 0;
}

SEC("tc")
__failure __msg("R1 doesn't have constant offset. bpf_timer has to be at the constant offset")
__naked int timer_variable_offset(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timers] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r6 = r0;"
	"call %[bpf_get_prandom_u32];"
	"r0 &= 8;"
	"r1 = r6;"
	"r1 += r0;"
	"r2 = %[timers] ll;"
	"r3 = 1;"
	"call %[bpf_timer_init];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timers), __imm(bpf_map_lookup_elem), __imm(bpf_get_prandom_u32), __imm(bpf_timer_init)
	: __clobber_all);
}

SEC("tc")
__failure __msg("bpf_timer cannot be accessed directly by load/store")
int timer_direct_load(struct __sk_buff *skb)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	return *(volatile __u32 *)&v->t;
}

SEC("tc")
__failure __msg("R1 type=fp expected=map_value")
int timer_on_stack(struct __sk_buff *skb)
{
	struct bpf_timer t = {};

	bpf_timer_init(&t, &timers, CLOCK_MONOTONIC);
	return 0;
}

SEC("kprobe/do_nanosleep")
__failure __msg("tracing progs cannot use bpf_timer yet")
int timer_in_kprobe(void *ctx)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_timer_init(&v->t, &timers, CLOCK_MONOTONIC);
	return 0;
}

__attribute__((noinline)) static int deep(void)
{
	volatile char buf[300] = {};

	return buf[17];
}

/* the callback's stack and its callee's: checked from the callback as a root of its own */
__attribute__((noinline)) static int cb_deep(void *map, __u32 *key, struct elem *val)
{
	volatile char buf[300] = {};

	return buf[255] + deep();
}

SEC("tc")
__failure __msg("combined stack size of 2 calls is")
int timer_cb_stack_too_deep(struct __sk_buff *skb)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	return bpf_timer_set_callback(&v->t, cb_deep);
}

static int cb_sleeps(void *map, __u32 *key, struct elem *val)
{
	char buf[8];

	bpf_copy_from_user_str(buf, sizeof(buf), (void *)0, 0);
	return 0;
}

/* 6.18: a timer callback never sleeps, even when its program may (syscall programs are sleepable) */
SEC("syscall")
__failure __msg("program must be sleepable to call sleepable kfunc bpf_copy_from_user_str")
int timer_cb_never_sleeps(void *ctx)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_timer_init(&v->t, &timers, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&v->t, cb_sleeps);
	return 0;
}

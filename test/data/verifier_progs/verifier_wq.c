// bpf_wq (kernel/bpf/helpers.c bpf_wq_init / bpf_wq_set_callback_impl / bpf_wq_start, verifier.c
// process_wq_func, KF_ARG_PTR_TO_MAP, push_async_cb): a struct bpf_wq in a map value, initialised
// with its own map, given a callback that runs later from a kworker — verified as a sleepable path
// of its own whose r1/r2/r3 are the map, the key and the value, and which must return 0. Linux
// 6.18 lets only sleepable programs (syscall here) give a workqueue a callback. The expectations
// were checked against Linux 6.18.
#include "vprogs.h"

/* include/uapi/linux/bpf.h (6.10+); older headers do not have it */
struct bpf_wq {
	__u64 __opaque[2];
} __attribute__((aligned(8)));

extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) __weak __ksym;
extern int bpf_wq_start(struct bpf_wq *wq, unsigned int flags) __weak __ksym;
extern int bpf_wq_set_callback_impl(struct bpf_wq *wq, int (callback_fn)(void *map, int *key, void *value),
				    unsigned int flags, void *aux__ign) __ksym;
extern int bpf_copy_from_user_str(void *dst, __u32 dst__sz, const void *unsafe_ptr__ign, __u64 flags) __weak __ksym;

struct elem {
	__u64 counter;
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct elem);
} wqs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct elem);
} hwqs SEC(".maps");

static int wq_count(void *map, int *key, void *value)
{
	struct elem *e = value;

	e->counter += *key + 1;
	return 0;
}

static int wq_ret1(void *map, int *key, void *value)
{
	return 1;
}

/* a workqueue callback may sleep (push_async_cb: in_sleepable) */
static int wq_sleeps(void *map, int *key, void *value)
{
	char buf[8];

	bpf_copy_from_user_str(buf, sizeof(buf), (void *)0, 0);
	return 0;
}

static __always_inline struct elem *slot(int k)
{
	return bpf_map_lookup_elem(&wqs, &k);
}

SEC("syscall")
__success
int wq_arm(void *ctx)
{
	struct elem *v = slot(1);

	if (!v)
		return 1;
	if (bpf_wq_init(&v->w, &wqs, 0))
		return 2;
	if (bpf_wq_set_callback_impl(&v->w, wq_count, 0, (void *)0))
		return 3;
	return bpf_wq_start(&v->w, 0);
}

SEC("syscall")
__success
int wq_callback_sleeps(void *ctx)
{
	struct elem *v = slot(0);

	if (!v)
		return 1;
	bpf_wq_init(&v->w, &wqs, 0);
	bpf_wq_set_callback_impl(&v->w, wq_sleeps, 0, (void *)0);
	return 0;
}

SEC("tc")
__failure __msg("program must be sleepable to call sleepable kfunc bpf_copy_from_user_str")
int wq_program_does_not_sleep(struct __sk_buff *skb)
{
	char buf[8];

	bpf_copy_from_user_str(buf, sizeof(buf), (void *)0, 0);
	return 0;
}

SEC("syscall")
__failure __msg("At async callback return the register R0 has smin=1 smax=1 should have been in [0, 0]")
int wq_cb_returns_1(void *ctx)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_wq_init(&v->w, &wqs, 0);
	bpf_wq_set_callback_impl(&v->w, wq_ret1, 0, (void *)0);
	return 0;
}

SEC("tc")
__failure __msg("sleepable callback in a program that is not sleepable")
int wq_callback_from_tc(struct __sk_buff *skb)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_wq_init(&v->w, &wqs, 0);
	bpf_wq_set_callback_impl(&v->w, wq_count, 0, (void *)0);
	return 0;
}

SEC("tc")
__failure __msg("pointer in R2 isn't map pointer")
int wq_init_not_a_map(struct __sk_buff *skb)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_wq_init(&v->w, &v, 0);
	return 0;
}

SEC("tc")
__failure __msg("workqueue pointer in R1 map_uid=0 doesn't match map pointer in R2 map_uid=0")
int wq_init_other_map(struct __sk_buff *skb)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_wq_init(&v->w, &hwqs, 0);
	return 0;
}

SEC("tc")
__failure __msg("off 0 doesn't point to 'struct bpf_wq' that is at 8")
int wq_wrong_offset(struct __sk_buff *skb)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_wq_init((struct bpf_wq *)&v->counter, &wqs, 0);
	return 0;
}

SEC("tc")
__failure __msg("arg#0 doesn't point to a map value")
int wq_on_stack(struct __sk_buff *skb)
{
	struct bpf_wq w = {};

	bpf_wq_start(&w, 0);
	return 0;
}

SEC("kprobe/do_nanosleep")
__failure __msg("tracing progs cannot use bpf_wq yet")
int wq_in_kprobe(void *ctx)
{
	struct elem *v = slot(0);

	if (!v)
		return 0;
	bpf_wq_start(&v->w, 0);
	return 0;
}

// BPF_MAP_TYPE_USER_RINGBUF and bpf_user_ringbuf_drain (kernel/bpf/ringbuf.c, verifier.c
// set_user_ringbuf_callback_state): user space produces samples, the program drains them, each
// handed to a callback as a read-only-to-release local dynptr. The expectations were checked
// against Linux 6.18; test/verifier_checks/user_ringbuf.test.ts produces samples from JavaScript
// and checks what the drains did on both engines.
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} user_rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} kernel_rb SEC(".maps");

/* what user space writes: op 0 adds value, op 1 adds it and stops the drain */
struct sample {
	__u32 op;
	__u32 value;
};

struct totals {
	__u64 sum;
	__u64 samples;
	__u64 short_samples;
	__s64 drained;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct totals);
} totals SEC(".maps");

static long add_sample(struct bpf_dynptr *dynptr, void *ctx)
{
	struct totals *t = ctx;
	struct sample s;

	if (bpf_dynptr_read(&s, sizeof(s), dynptr, 0, 0)) {
		t->short_samples++;
		return 0;
	}
	t->sum += s.value;
	t->samples++;
	return s.op == 1;
}

SEC("tc")
__success
int drain_and_sum(struct __sk_buff *skb)
{
	struct totals local = {};
	__u32 k = 0;
	struct totals *t = bpf_map_lookup_elem(&totals, &k);
	long n;

	if (!t)
		return 0;
	n = bpf_user_ringbuf_drain(&user_rb, add_sample, &local, 0);
	t->sum += local.sum;
	t->samples += local.samples;
	t->short_samples += local.short_samples;
	t->drained = n;
	return n < 0 ? 255 : n;
}

static long read_in_place(struct bpf_dynptr *dynptr, void *ctx)
{
	__u64 *sum = ctx;
	const struct sample *s = bpf_dynptr_data(dynptr, 0, sizeof(*s));

	if (!s)
		return 0;
	*sum += s->value;
	return 0;
}

SEC("tc")
__success
int drain_with_data_slices(struct __sk_buff *skb)
{
	__u64 sum = 0;
	__u32 k = 0;
	struct totals *t = bpf_map_lookup_elem(&totals, &k);
	long n = bpf_user_ringbuf_drain(&user_rb, read_in_place, &sum, BPF_RB_NO_WAKEUP);

	if (t) {
		t->sum = sum;
		t->drained = n;
	}
	return 0;
}

SEC("tc")
__success
int drain_bad_flags(struct __sk_buff *skb)
{
	__u64 sum = 0;

	/* neither BPF_RB_NO_WAKEUP nor BPF_RB_FORCE_WAKEUP: -EINVAL at run time */
	return bpf_user_ringbuf_drain(&user_rb, read_in_place, &sum, 4) == -22;
}

static long bad_return(struct bpf_dynptr *dynptr, void *ctx)
{
	return 2;
}

SEC("tc")
__failure __msg("At callback return the register R0 has smin=2 smax=2 should have been in [0, 1]")
int callback_bad_return(struct __sk_buff *skb)
{
	bpf_user_ringbuf_drain(&user_rb, bad_return, 0, 0);
	return 0;
}

static long submit_sample(struct bpf_dynptr *dynptr, void *ctx)
{
	bpf_ringbuf_submit_dynptr(dynptr, 0);
	return 0;
}

SEC("tc")
__failure __msg("cannot release unowned const bpf_dynptr")
int callback_releases_sample(struct __sk_buff *skb)
{
	bpf_user_ringbuf_drain(&user_rb, submit_sample, 0, 0);
	return 0;
}

SEC("tc")
__failure __msg("cannot pass map_type 27 into func bpf_user_ringbuf_drain#209")
int drain_kernel_ringbuf(struct __sk_buff *skb)
{
	__u64 sum = 0;

	bpf_user_ringbuf_drain(&kernel_rb, read_in_place, &sum, 0);
	return 0;
}

SEC("tc")
__failure __msg("cannot pass map_type 31 into func bpf_ringbuf_output#130")
int output_into_user_ringbuf(struct __sk_buff *skb)
{
	__u64 v = 1;

	bpf_ringbuf_output(&user_rb, &v, sizeof(v), 0);
	return 0;
}

static long write_ctx(struct bpf_dynptr *dynptr, void *ctx)
{
	*(__u64 *)ctx = 1;
	return 0;
}

SEC("tc")
__failure __msg("R2 invalid mem access 'scalar'")
int callback_null_context(struct __sk_buff *skb)
{
	bpf_user_ringbuf_drain(&user_rb, write_ctx, 0, 0);
	return 0;
}

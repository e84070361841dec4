/* Loops in ordinary code, for the verifier benchmark's processed-instruction counts (tsbpf vs the
 * kernel): a 64-iteration hash lookup/update loop and a 32-iteration ring-buffer loop. The
 * kernel walks each iteration once (its precision tracking lets the pushed branches of an
 * iteration be pruned at the join); a verifier without it explores them all. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct event {
	__u32 i;
	__u32 len;
	__u64 value;
};

SEC("xdp")
int hash_loop(struct xdp_md *ctx)
{
	__u64 total = 0;
	for (__u32 i = 0; i < 64; i++) {
		__u32 key = i ^ ctx->rx_queue_index;
		__u64 *v = bpf_map_lookup_elem(&counts, &key);
		if (v) {
			*v += 1;
			total += *v;
		} else {
			__u64 one = 1;
			bpf_map_update_elem(&counts, &key, &one, BPF_ANY);
		}
	}
	return total & 1 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int ringbuf_loop(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	for (__u32 i = 0; i < 32; i++) {
		struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
		if (!e)
			break;
		e->i = i;
		e->len = len;
		e->value = len * i;
		if (len > 100)
			bpf_ringbuf_submit(e, 0);
		else
			bpf_ringbuf_discard(e, 0);
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";

// SPDX-License-Identifier: MIT
/*
 * bpf_loop: iterate with the bpf_loop helper instead of an unrolled loop. Counts how many of
 * the first 64 payload bytes of a packet are zero, reading each byte with bpf_xdp_load_bytes
 * from the callback, and stores the count in a global.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct scan {
	struct xdp_md *ctx;
	__u32 zeros;
};

__u32 last_zero_count = 0;

static long count_zero(__u64 index, void *data)
{
	struct scan *s = data;
	__u8 byte;

	if (bpf_xdp_load_bytes(s->ctx, index, &byte, 1) < 0)
		return 1; /* past the end: stop */
	if (byte == 0)
		s->zeros++;
	return 0;     /* continue */
}

SEC("xdp")
int bpf_loop_scan(struct xdp_md *ctx)
{
	struct scan s = { .ctx = ctx, .zeros = 0 };

	bpf_loop(64, count_zero, &s, 0);
	last_zero_count = s.zeros;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";

// SPDX-License-Identifier: MIT
/*
 * tail_calls: a dispatcher that jumps through a PROG_ARRAY to one program per IP protocol.
 * The array is filled at load time from the map definition (libbpf's .values).
 * Each handler counts its packets; protocols without a handler fall through to XDP_PASS.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);   /* IP protocol */
	__type(value, __u64); /* packets handled */
} handled SEC(".maps");

static __always_inline int handle(__u32 proto, int verdict)
{
	__u64 *n = bpf_map_lookup_elem(&handled, &proto);

	if (n)
		__sync_fetch_and_add(n, 1);
	return verdict;
}

SEC("xdp")
int handle_tcp(struct xdp_md *ctx)
{
	return handle(IPPROTO_TCP, XDP_PASS);
}

SEC("xdp")
int handle_udp(struct xdp_md *ctx)
{
	return handle(IPPROTO_UDP, XDP_PASS);
}

SEC("xdp")
int handle_icmp(struct xdp_md *ctx)
{
	return handle(IPPROTO_ICMP, XDP_DROP);
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__array(values, int (struct xdp_md *));
} jump_table SEC(".maps") = {
	.values = {
		[IPPROTO_ICMP] = (void *)&handle_icmp,
		[IPPROTO_TCP] = (void *)&handle_tcp,
		[IPPROTO_UDP] = (void *)&handle_udp,
	},
};

SEC("xdp")
int dispatch(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	bpf_tail_call(ctx, &jump_table, ip->protocol);
	return XDP_PASS; /* no program for this protocol */
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";

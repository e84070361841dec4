// SPDX-License-Identifier: MIT
/*
 * map_in_map: an ARRAY_OF_MAPS selects a per-queue policy map; the policy says which UDP
 * destination port is allowed. The outer map is filled at load time (libbpf's .values).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct policy {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32); /* allowed UDP port, host byte order; 0 = any */
} policy_default SEC(".maps"), policy_strict SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct policy);
} policies SEC(".maps") = {
	.values = { &policy_default, &policy_strict },
};

SEC("xdp")
int map_in_map(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	__u32 which = ctx->rx_queue_index ? 1 : 0;
	__u32 zero = 0;
	__u32 *port;
	void *policy;

	if ((void *)(udp + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
		return XDP_PASS;

	policy = bpf_map_lookup_elem(&policies, &which);
	if (!policy)
		return XDP_PASS;
	port = bpf_map_lookup_elem(policy, &zero);
	if (!port || *port == 0 || bpf_ntohs(udp->dest) == *port)
		return XDP_PASS;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";

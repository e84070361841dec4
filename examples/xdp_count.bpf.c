// SPDX-License-Identifier: MIT
/*
 * xdp_count: count the packets and bytes arriving on an interface per IP protocol (ICMP, TCP,
 * UDP, ...; key 0 for what is not IPv4), per CPU, and pass them all. xdp_count.ts attaches it to
 * an interface and prints the totals, summed over the CPUs.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct proto_count {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct proto_count);
} by_proto SEC(".maps");

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	__u32 proto = 0;
	if ((void *)(ip + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IP))
		proto = ip->protocol;
	struct proto_count *c = bpf_map_lookup_elem(&by_proto, &proto);
	if (c) {
		c->packets++;
		c->bytes += end - data;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "MIT";

// SPDX-License-Identifier: MIT
/*
 * icmp_filter: a socket filter for a raw AF_PACKET socket that keeps only IPv4 ICMP packets
 * (returning their length) and drops the rest (returning 0), counting both. icmp_filter.ts opens
 * the socket, attaches the filter with SO_ATTACH_BPF and prints the packets the socket receives.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);   /* 0: dropped, 1: kept */
	__type(value, __u64);
} verdicts SEC(".maps");

SEC("socket")
int icmp_filter(struct __sk_buff *skb)
{
	__u8 proto = 0;
	__u32 kept = skb->protocol == __constant_htons(ETH_P_IP) &&
		     !bpf_skb_load_bytes(skb, ETH_HLEN + 9, &proto, 1) && proto == IPPROTO_ICMP;
	__u64 *n = bpf_map_lookup_elem(&verdicts, &kept);
	if (n)
		__sync_fetch_and_add(n, 1);
	return kept ? skb->len : 0;
}

char LICENSE[] SEC("license") = "MIT";

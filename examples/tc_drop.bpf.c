// SPDX-License-Identifier: MIT
/*
 * tc_drop: drop outgoing UDP datagrams to the ports listed in `blocked` (tc egress, a tcx link),
 * counting the drops per port; everything else passes. tc_drop.ts fills the list and prints
 * the counts.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u16);   /* destination port, host order */
	__type(value, __u64); /* datagrams dropped */
} blocked SEC(".maps");

/* SEC("tc") rather than "tc/egress": libbpf before 1.3 knows only the plain name; tc_drop.ts says egress */
SEC("tc")
int tc_drop(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_UDP || ip->ihl != 5)
		return TC_ACT_OK;
	struct udphdr *udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > end)
		return TC_ACT_OK;
	__u16 port = bpf_ntohs(udp->dest);
	__u64 *n = bpf_map_lookup_elem(&blocked, &port);
	if (!n)
		return TC_ACT_OK;
	__sync_fetch_and_add(n, 1);
	return TC_ACT_SHOT;
}

char LICENSE[] SEC("license") = "MIT";

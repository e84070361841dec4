// SPDX-License-Identifier: MIT
/*
 * tc_classifier: a tc (SCHED_CLS) program that marks DNS traffic.
 * UDP packets to port 53 get DSCP EF (46) in the IPv4 header, with the header checksum fixed by
 * bpf_l3_csum_replace, and skb->mark 53. Packets whose TTL would expire are dropped.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define DSCP_EF 46
#define IP_OFF ETH_HLEN

SEC("tc")
int tc_classifier(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + IP_OFF;
	struct udphdr *udp;
	__u8 old_tos, new_tos;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (ip->ttl <= 1)
		return TC_ACT_SHOT;
	if (ip->protocol != IPPROTO_UDP || ip->ihl != 5)
		return TC_ACT_OK;
	udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > data_end || udp->dest != bpf_htons(53))
		return TC_ACT_OK;

	old_tos = ip->tos;
	new_tos = (DSCP_EF << 2) | (old_tos & 3);
	/* tos is the low byte of the header's first 16-bit word: replace that word */
	bpf_l3_csum_replace(skb, IP_OFF + offsetof(struct iphdr, check),
			    bpf_htons((0x45 << 8) | old_tos), bpf_htons((0x45 << 8) | new_tos), 2);
	bpf_skb_store_bytes(skb, IP_OFF + offsetof(struct iphdr, tos), &new_tos, 1, 0);
	skb->mark = 53;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";

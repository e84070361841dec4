// SPDX-License-Identifier: MIT
/*
 * socket_filter: a socket filter sees each packet from its network header (as on an AF_INET
 * socket and in BPF_PROG_TEST_RUN) and returns how many bytes of it the socket keeps.
 * This one counts packets per IP protocol and keeps only TCP, cut to its first 64 bytes.
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
	__type(key, __u32);   /* IP protocol number */
	__type(value, __u64); /* packets seen */
} protocols SEC(".maps");

#define SNAPLEN 64

SEC("socket")
int socket_filter(struct __sk_buff *skb)
{
	__u8 proto;
	__u32 key;
	__u64 *seen;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	if (bpf_skb_load_bytes(skb, offsetof(struct iphdr, protocol), &proto, 1) < 0)
		return 0;

	key = proto;
	seen = bpf_map_lookup_elem(&protocols, &key);
	if (seen)
		__sync_fetch_and_add(seen, 1);

	if (proto != IPPROTO_TCP)
		return 0;                                 /* drop */
	return skb->len < SNAPLEN ? skb->len : SNAPLEN;  /* keep */
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";

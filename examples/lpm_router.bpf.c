// SPDX-License-Identifier: MIT
/*
 * lpm_router: longest-prefix-match routing of IPv4 destinations with an LPM_TRIE map.
 * A matching route redirects the packet to its interface; no route drops it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct route_key {
	__u32 prefixlen;  /* bits of addr that must match */
	__u32 addr;       /* network byte order */
};

struct route {
	__u32 ifindex;
	__u32 hits;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct route_key);
	__type(value, struct route);
} routes SEC(".maps");

SEC("xdp")
int lpm_router(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct route_key key;
	struct route *r;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	key.prefixlen = 32;
	key.addr = ip->daddr;
	r = bpf_map_lookup_elem(&routes, &key);
	if (!r)
		return XDP_DROP;
	__sync_fetch_and_add(&r->hits, 1);
	return bpf_redirect(r->ifindex, 0);
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";

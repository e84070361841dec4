// SPDX-License-Identifier: MIT
/*
 * xdp_unchecked: the most common verifier rejection, on purpose. It reads the IPv4 protocol
 * byte without first proving the packet is long enough (no `data + N > data_end` check), so the
 * verifier refuses it: "invalid access to packet". The web playground loads it to show the
 * failing instruction, the path to it and the explanation; xdp_firewall.bpf.c does it right.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_unchecked(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	struct iphdr *ip = (void *)(eth + 1);
	/* missing: if ((void *)(ip + 1) > data_end) return XDP_PASS; */
	if (ip->protocol == 17 /* IPPROTO_UDP */)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

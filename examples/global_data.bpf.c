// SPDX-License-Identifier: MIT
/*
 * global_data: configuration in .rodata (set before load), counters in .bss, a name in .data.
 * Counts IPv4 TCP/UDP packets to the configured port and drops them when cfg_drop is set.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

const volatile __u16 cfg_port = 8080;   /* .rodata: host byte order */
const volatile __u8 cfg_drop = 0;       /* .rodata */

__u64 packets_seen = 0;                 /* .bss */
__u64 packets_matched = 0;              /* .bss */
char program_name[16] = "global_data";  /* .data */

SEC("xdp")
int global_data(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *l4 = (void *)(ip + 1); /* TCP and UDP ports are at the same offsets */

	__sync_fetch_and_add(&packets_seen, 1);
	if ((void *)(l4 + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	if (l4->dest != bpf_htons(cfg_port))
		return XDP_PASS;

	__sync_fetch_and_add(&packets_matched, 1);
	return cfg_drop ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";

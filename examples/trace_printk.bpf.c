// SPDX-License-Identifier: GPL-2.0
/* bpf_trace_printk from an XDP program: one line per packet with its length and EtherType, and
 * the IPv4 source and protocol for IPv4 packets (read them with `tsbpf trace` or trace_pipe). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int trace_packets(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end) {
		bpf_printk("short packet: %d bytes", (int)(data_end - data));
		return XDP_PASS;
	}
	bpf_printk("len=%d proto=0x%04x", (int)(data_end - data), bpf_ntohs(eth->h_proto));
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > data_end)
			return XDP_PASS;
		bpf_printk("ipv4 src=%pI4 protocol=%u", &ip->saddr, ip->protocol);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

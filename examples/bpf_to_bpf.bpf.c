// SPDX-License-Identifier: MIT
/*
 * bpf_to_bpf: real function calls between BPF functions (__noinline keeps them out of line).
 * Passes IPv4 packets whose header checksum is right and drops the others.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* one's-complement sum of the 20-byte header, as 16-bit words */
static __noinline __u32 sum_words(const __u16 *w)
{
	__u32 sum = 0;

	for (int i = 0; i < 10; i++)
		sum += w[i];
	return sum;
}

static __noinline __u16 fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static __noinline int ipv4_header_ok(struct iphdr *ip)
{
	__u16 words[10];

	__builtin_memcpy(words, ip, sizeof(words));
	return fold(sum_words(words)) == 0;
}

SEC("xdp")
int bpf_to_bpf(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->ihl != 5)
		return XDP_PASS;
	return ipv4_header_ok(ip) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";

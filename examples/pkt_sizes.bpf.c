// SPDX-License-Identifier: MIT
/*
 * pkt_sizes: what a live dashboard draws. For every packet it counts the packet into
 *
 *   sizes      ARRAY   log2 histogram of frame lengths (slot k: 2^k <= len < 2^(k+1)), the
 *                      shape of libbpf-tools' `struct hist` and bpftrace's hist()
 *   protocols  HASH    IP protocol number -> packets (top-N keys)
 *   totals     ARRAY   [0] packets, [1] bytes (counters over time)
 *   flows      RINGBUF one record per UDP packet: saddr, daddr, ports, length
 *
 * and passes it. Run it:  tsbpf run examples/pkt_sizes.bpf.o --pcap examples/traffic.pcap
 * or watch it:            tsbpf ui --feed examples/traffic.pcap examples/pkt_sizes.bpf.o
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_SLOTS 16

struct flow_event {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u32 len;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} sizes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} protocols SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} flows SEC(".maps");

static __always_inline __u32 log2l(__u64 v)
{
	__u32 r = 0;

	while (v > 1 && r < MAX_SLOTS - 1) {
		v >>= 1;
		r++;
	}
	return r;
}

static __always_inline void add(void *map, __u32 key, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(map, &key);

	if (v)
		__sync_fetch_and_add(v, n);
}

/*
 * A function of its own (not inlined), so struct flow_event is in the object's BTF: that is how
 * `tsbpf ui` and bpftool learn the layout of the ring buffer's records.
 */
static __noinline int fill_event(struct flow_event *e, __u32 saddr, __u32 daddr, __u32 ports, __u32 len)
{
	e->saddr = saddr;
	e->daddr = daddr;
	e->sport = ports >> 16;
	e->dport = ports & 0xffff;
	e->len = len;
	return 0;
}

SEC("xdp")
int pkt_sizes(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 len = data_end - data;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	__u32 proto;
	__u64 one = 1, *n;

	add(&sizes, log2l(len), 1);
	add(&totals, 0, 1);
	add(&totals, 1, len);
	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	proto = ip->protocol;
	n = bpf_map_lookup_elem(&protocols, &proto);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&protocols, &proto, &one, BPF_NOEXIST);
	if (proto == IPPROTO_UDP) {
		struct udphdr *udp = (void *)(ip + 1);
		struct flow_event *e;

		if ((void *)(udp + 1) > data_end)
			return XDP_PASS;
		e = bpf_ringbuf_reserve(&flows, sizeof(*e), 0);
		if (!e)
			return XDP_PASS;
		fill_event(e, ip->saddr, ip->daddr, ((__u32)bpf_ntohs(udp->source) << 16) | bpf_ntohs(udp->dest), len);
		bpf_ringbuf_submit(e, 0);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

// SPDX-License-Identifier: MIT
/*
 * xdp_firewall: drop IPv4 packets whose source address is on a blocklist.
 *
 *   blocklist  HASH          source address -> packets dropped from it
 *   stats      PERCPU_ARRAY  XDP action -> packets and bytes
 *   events     RINGBUF       one record per dropped packet
 *
 * Run it:  tsbpf prog run examples/xdp_firewall.bpf.o --data-in packet.bin
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct datarec {
	__u64 packets;
	__u64 bytes;
};

struct drop_event {
	__u32 saddr;      /* network byte order */
	__u32 daddr;
	__u8 protocol;
	__u8 pad[3];
	__u32 len;        /* bytes in the frame */
	__u64 timestamp;  /* bpf_ktime_get_ns() */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);   /* IPv4 source address, network byte order */
	__type(value, __u64); /* packets dropped */
} blocklist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XDP_REDIRECT + 1);
	__type(key, __u32);
	__type(value, struct datarec);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

static __always_inline int count(__u32 action, __u64 bytes)
{
	struct datarec *rec = bpf_map_lookup_elem(&stats, &action);

	if (rec) {
		rec->packets++;
		rec->bytes += bytes;
	}
	return action;
}

SEC("xdp")
int xdp_firewall(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 bytes = data_end - data;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	struct drop_event *ev;
	__u64 *hits;

	if ((void *)(eth + 1) > data_end)
		return count(XDP_DROP, bytes);
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return count(XDP_PASS, bytes);

	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return count(XDP_DROP, bytes);

	hits = bpf_map_lookup_elem(&blocklist, &ip->saddr);
	if (!hits)
		return count(XDP_PASS, bytes);

	__sync_fetch_and_add(hits, 1);
	ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (ev) {
		ev->saddr = ip->saddr;
		ev->daddr = ip->daddr;
		ev->protocol = ip->protocol;
		ev->pad[0] = ev->pad[1] = ev->pad[2] = 0;
		ev->len = bytes;
		ev->timestamp = bpf_ktime_get_ns();
		bpf_ringbuf_submit(ev, 0);
	}
	return count(XDP_DROP, bytes);
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";

// SPDX-License-Identifier: MIT
/*
 * map_loop: 64 bpf_map_lookup_elem calls per run, the benchmark of the JIT's map helper fast paths
 * (bench/jit_maps.bench.ts). Each program sums the u64 values of keys i & 63 for i < 64 in its
 * map; update_array also stores i at key i first (bpf_map_update_elem); update_delete_hash
 * inserts key i into an empty hash map and deletes it again (bpf_map_update_elem +
 * bpf_map_delete_elem), counting the successes. ringbuf_output and
 * ringbuf_reserve write 64 8-byte records per run into a ring buffer (bpf_ringbuf_output, or
 * bpf_ringbuf_reserve + a store + bpf_ringbuf_submit) and return how many fitted. Rebuilt by ./build.sh.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define N 64

#define MAP(name, kind)                   \
	struct {                          \
		__uint(type, kind);       \
		__uint(max_entries, N);   \
		__type(key, __u32);       \
		__type(value, __u64);     \
	} name SEC(".maps")

MAP(arr, BPF_MAP_TYPE_ARRAY);
MAP(pcpu, BPF_MAP_TYPE_PERCPU_ARRAY);
MAP(hsh, BPF_MAP_TYPE_HASH);
MAP(upd, BPF_MAP_TYPE_ARRAY);
MAP(lru, BPF_MAP_TYPE_LRU_HASH);
MAP(phsh, BPF_MAP_TYPE_PERCPU_HASH);
MAP(hupd, BPF_MAP_TYPE_HASH);

static __always_inline int sum(void *map)
{
	__u64 s = 0;
#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < N; i++) {
		__u32 k = i & (N - 1);
		__u64 *v = bpf_map_lookup_elem(map, &k);
		if (v)
			s += *v;
	}
	return (int)s;
}

SEC("xdp") int lookup_array(struct xdp_md *ctx) { return sum(&arr); }
SEC("xdp") int lookup_percpu(struct xdp_md *ctx) { return sum(&pcpu); }
SEC("xdp") int lookup_hash(struct xdp_md *ctx) { return sum(&hsh); }
SEC("xdp") int lookup_lru(struct xdp_md *ctx) { return sum(&lru); }
SEC("xdp") int lookup_pcpu_hash(struct xdp_md *ctx) { return sum(&phsh); }

SEC("xdp") int update_array(struct xdp_md *ctx)
{
	__u64 s = 0;
#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < N; i++) {
		__u32 k = i & (N - 1);
		__u64 val = i;
		bpf_map_update_elem(&upd, &k, &val, BPF_ANY);
		__u64 *v = bpf_map_lookup_elem(&upd, &k);
		if (v)
			s += *v;
	}
	return (int)s;
}

SEC("xdp") int update_delete_hash(struct xdp_md *ctx)
{
	int n = 0;
#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < N; i++) {
		__u32 k = i & (N - 1);
		__u64 val = i;
		if (bpf_map_update_elem(&hupd, &k, &val, BPF_ANY) == 0)
			n++;
		if (bpf_map_delete_elem(&hupd, &k) == 0)
			n++;
	}
	return n;
}

/* 16 MiB: a bench batch of 10,000 runs (640,000 records of 16 bytes with their headers) fits */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 24);
} rb SEC(".maps");

SEC("xdp") int ringbuf_output(struct xdp_md *ctx)
{
	int n = 0;
#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < N; i++) {
		__u64 v = i;
		if (bpf_ringbuf_output(&rb, &v, sizeof(v), 0) == 0)
			n++;
	}
	return n;
}

SEC("xdp") int ringbuf_reserve(struct xdp_md *ctx)
{
	int n = 0;
#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < N; i++) {
		__u64 *p = bpf_ringbuf_reserve(&rb, sizeof(*p), 0);
		if (!p)
			continue;
		*p = i;
		bpf_ringbuf_submit(p, 0);
		n++;
	}
	return n;
}

char LICENSE[] SEC("license") = "GPL";

/* Shared by the benchmark programs: no kernel headers needed (the uapi struct is spelled out),
 * everything inlined into one SEC("xdp") function with no maps, globals or relocations, so the
 * section's raw bytes (the committed .bin) are the whole program. */
#ifndef TSBPF_BENCH_H
#define TSBPF_BENCH_H
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef long long __s64;

/* struct xdp_md, include/uapi/linux/bpf.h */
struct xdp_md {
	__u32 data;
	__u32 data_end;
	__u32 data_meta;
	__u32 ingress_ifindex;
	__u32 rx_queue_index;
	__u32 egress_ifindex;
};

#define SEC(name) __attribute__((section(name), used))
#define INLINE static __attribute__((always_inline)) inline

/* the first 8 bytes of the packet: a seed the compiler cannot fold */
#define PACKET_SEED(ctx, seed)                                   \
	do {                                                     \
		void *d_ = (void *)(long)(ctx)->data;            \
		void *e_ = (void *)(long)(ctx)->data_end;        \
		if (d_ + 8 > e_)                                 \
			return 0;                                \
		seed = *(__u64 *)d_;                             \
	} while (0)

INLINE __u64 xorshift64(__u64 x)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

char _license[] SEC("license") = "GPL";
#endif

/* 1 MiB of memcpy: 8192 copies of a 128-byte stack buffer into another, touching one word of
 * the destination between copies so no copy is dead. Returns a checksum of the destination. */
#include "bench.h"

#ifndef BUF
#define BUF 128
#endif
#ifndef ROUNDS
#define ROUNDS 8192 /* 8192 * 128 B = 1 MiB */
#endif

SEC("xdp") int memcpy_1m(struct xdp_md *ctx)
{
	__u64 seed;
	PACKET_SEED(ctx, seed);
	__u64 src[BUF / 8], dst[BUF / 8];
	for (int i = 0; i < BUF / 8; i++) {
		seed = xorshift64(seed);
		src[i] = seed;
	}
#pragma clang loop unroll(disable)
	for (int r = 0; r < ROUNDS; r++) {
		__builtin_memcpy(dst, src, BUF);
		src[r & (BUF / 8 - 1)] += dst[(r + 1) & (BUF / 8 - 1)];
	}
	__u64 sum = 0;
	for (int i = 0; i < BUF / 8; i++)
		sum ^= dst[i];
	return (__u32)(sum ^ (sum >> 32));
}

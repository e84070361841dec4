/* Population count (the SWAR method of Hacker's Delight 5-1) of 20000 xorshift values. */
#include "bench.h"

#ifndef ROUNDS
#define ROUNDS 20000
#endif

INLINE __u64 popcount64(__u64 x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (x * 0x0101010101010101ull) >> 56;
}

SEC("xdp") int popcount(struct xdp_md *ctx)
{
	__u64 seed;
	PACKET_SEED(ctx, seed);
	__u64 sum = 0;
#pragma clang loop unroll(disable)
	for (int r = 0; r < ROUNDS; r++) {
		seed = xorshift64(seed);
		sum += popcount64(seed);
	}
	return (__u32)sum;
}

/* Integer log2 (branchy binary search, as in the kernel's ilog2 fallback) over an array of 32
 * pseudo-random 64-bit values, 300 times. Returns the sum of the logs. */
#include "bench.h"

#ifndef N
#define N 32
#endif
#ifndef ROUNDS
#define ROUNDS 300
#endif

INLINE __u32 log2_u64(__u64 v)
{
	__u32 r = 0;
	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) { r += 1; }
	return r;
}

SEC("xdp") int log2_array(struct xdp_md *ctx)
{
	__u64 seed;
	PACKET_SEED(ctx, seed);
	__u64 a[N];
	/* values from a constant seed (in 8-byte slots), so the verifier follows one path */
	__u64 x = 0x2545f4914f6cdd1dull;
	for (int i = 0; i < N; i++) {
		x = xorshift64(x);
		/* spread the magnitudes: shift right by 0..31, twice over */
		a[i] = x >> (i * 2);
	}
	__u32 sum = 0;
#pragma clang loop unroll(disable)
	for (int r = 0; r < ROUNDS; r++) {
#pragma clang loop unroll(disable)
		for (int i = 0; i < N; i++)
			sum += log2_u64(a[i] | 1);
		a[r & (N - 1)] ^= sum;
	}
	return sum ^ (__u32)seed;
}

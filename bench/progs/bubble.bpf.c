/* Bubble sort of 40 pseudo-random 64-bit values on the stack, 12 times (re-scrambled between).
 * 64-bit elements: the verifier tracks the values of 8-byte-aligned spills only, and without
 * known values every compare-and-swap would double the paths it explores. */
#include "bench.h"

#ifndef N
#define N 40
#endif
#ifndef ROUNDS
#define ROUNDS 12
#endif

SEC("xdp") int bubble_sort(struct xdp_md *ctx)
{
	__u64 seed;
	PACKET_SEED(ctx, seed);
	__u64 a[N];
	__u32 check = 0;
	__u64 x = 0x9e3779b97f4a7c15ull;
#pragma clang loop unroll(disable)
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < N; i++) {
			x = xorshift64(x);
			a[i] = x;
		}
#pragma clang loop unroll(disable)
		for (int i = 0; i < N - 1; i++) {
#pragma clang loop unroll(disable)
			for (int j = 0; j < N - 1 - i; j++) {
				__u64 x = a[j], y = a[j + 1];
				if (x > y) {
					a[j] = y;
					a[j + 1] = x;
				}
			}
		}
		check = check * 31 + (__u32)(a[0] ^ a[N / 2] ^ a[N - 1]);
	}
	return check ^ (__u32)seed;
}

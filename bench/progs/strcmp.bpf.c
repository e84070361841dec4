/* strcmp of two 200-byte strings that differ only in their last byte, 64 times (byte by byte,
 * as a C library without word tricks does it). Returns the sum of the results. */
#include "bench.h"

#ifndef LEN
#define LEN 200
#endif
#ifndef ROUNDS
#define ROUNDS 64
#endif

INLINE int str_cmp(const __u8 *a, const __u8 *b)
{
#pragma clang loop unroll(disable)
	for (int i = 0; i < LEN; i++) {
		if (a[i] != b[i] || a[i] == 0)
			return (int)a[i] - (int)b[i];
	}
	return 0;
}

SEC("xdp") int strcmp_bench(struct xdp_md *ctx)
{
	__u64 seed;
	PACKET_SEED(ctx, seed);
	__u8 a[LEN], b[LEN];
	__u64 x = 7;
	for (int i = 0; i < LEN - 1; i++) {
		x = xorshift64(x);
		a[i] = b[i] = 'a' + (x % 26);
	}
	a[LEN - 1] = 0;
	b[LEN - 1] = 0;
	int sum = 0;
#pragma clang loop unroll(disable)
	for (int r = 0; r < ROUNDS; r++) {
		a[LEN - 2] = 'a' + ((seed + r) % 26);
		sum += str_cmp(a, b);
	}
	return sum;
}

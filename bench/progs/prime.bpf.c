/* Sieve of Eratosthenes over a bitmap on the stack: primes below 1536 (a 192-byte bitmap).
 * Returns the count of primes (242) plus the low bits of the packet seed. */
#include "bench.h"

#ifndef NBITS
#define NBITS 1536
#endif

SEC("xdp") int prime(struct xdp_md *ctx)
{
	__u64 seed;
	PACKET_SEED(ctx, seed);
	__u32 bits[NBITS / 32];
	for (int i = 0; i < NBITS / 32; i++)
		bits[i] = 0;
	__u32 count = 0;
	for (__u32 i = 2; i < NBITS; i++) {
		if (bits[i >> 5] & (1u << (i & 31)))
			continue;
		count++;
		for (__u32 j = i * i; j < NBITS; j += i)
			bits[j >> 5] |= 1u << (j & 31);
	}
	return count + (seed & 0xf);
}

/* CRC-32 (IEEE 802.3, reflected, bit by bit without a table) over a 256-byte buffer, 3 times. */
#include "bench.h"

#ifndef LEN
#define LEN 256
#endif
#ifndef ROUNDS
#define ROUNDS 3
#endif

SEC("xdp") int crc32(struct xdp_md *ctx)
{
	__u64 seed;
	PACKET_SEED(ctx, seed);
	__u64 buf[LEN / 8];
	for (int i = 0; i < LEN / 8; i++) {
		seed = xorshift64(seed);
		buf[i] = seed;
	}
	__u32 crc = 0xffffffff;
#pragma clang loop unroll(disable)
	for (int r = 0; r < ROUNDS; r++) {
#pragma clang loop unroll(disable)
		for (int i = 0; i < LEN; i++) {
			crc ^= ((__u8 *)buf)[i];
#pragma clang loop unroll(disable)
			for (int k = 0; k < 8; k++)
				crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
		}
	}
	return ~crc;
}

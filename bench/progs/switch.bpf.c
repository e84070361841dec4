/* A switch-heavy dispatcher: a tiny stack machine whose 32-opcode program (opcodes 0..15)
 * runs 300 times, one `switch` per opcode (BPF has no jump tables: a compare tree). */
#include "bench.h"

#ifndef LEN
#define LEN 32
#endif
#ifndef ROUNDS
#define ROUNDS 300
#endif

SEC("xdp") int dispatch(struct xdp_md *ctx)
{
	__u64 seed;
	PACKET_SEED(ctx, seed);
	__u64 code[LEN]; /* 8-byte slots: the verifier knows each opcode, so it follows one path */
	__u64 x = 1;
	for (int i = 0; i < LEN; i++) {
		x = xorshift64(x + i);
		code[i] = x & 15;
	}
	__u64 acc = seed, b = seed >> 17;
#pragma clang loop unroll(disable)
	for (int r = 0; r < ROUNDS; r++) {
#pragma clang loop unroll(disable)
		for (int pc = 0; pc < LEN; pc++) {
			switch (code[pc]) {
			case 0: acc += b; break;
			case 1: acc -= b; break;
			case 2: acc ^= b; break;
			case 3: acc *= 3; break;
			case 4: acc >>= 1; break;
			case 5: acc <<= 1; break;
			case 6: b += acc; break;
			case 7: b ^= acc >> 3; break;
			case 8: acc |= 1; break;
			case 9: acc &= ~1ull; break;
			case 10: b = b * 5 + 1; break;
			case 11: acc = ~acc; break;
			case 12: acc += 0x9e3779b9; break;
			case 13: b -= 7; break;
			case 14: acc = (acc << 7) | (acc >> 57); break;
			default: b = (b >> 5) | (b << 59); break;
			}
		}
	}
	return (__u32)(acc ^ b);
}

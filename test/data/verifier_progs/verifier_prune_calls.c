// Pruning around bpf-to-bpf calls (kernel/bpf/verifier.c explored_state, visit_insn,
// visit_func_call_insn): a static function called from 20 places, each call behind a packet bounds
// check that either passes (the call runs, the offset grows) or skips it. The states at each join
// differ only in how many calls ran, so the kernel keeps one per count; its checkpoints are listed by
// instruction and call site, and a conditional jump's fall-through is no prune point. tsbpf's
// processed-instruction count must match (precision.test.ts compares it with the running kernel).
#include "vprogs.h"

static __attribute__((noinline)) __u32 mix(const void *p, __u32 seed)
{
	const __u32 *w = p;
	__u32 a = w[0] + seed, b = w[1] ^ seed, c = w[2] - seed, d = w[3];

	a = (a << 7 | a >> 25) ^ b;
	b = (b << 9 | b >> 23) + c;
	c = (c << 13 | c >> 19) ^ d;
	d = (d << 18 | d >> 14) + a;
	a += w[4] * 0x9e3779b1;
	b ^= w[5] * 0x85ebca77;
	c += w[6] * 0xc2b2ae3d;
	d ^= w[7] * 0x27d4eb2f;
	a = (a << 11 | a >> 21) + d;
	b = (b << 5 | b >> 27) ^ a;
	c = (c << 17 | c >> 15) + b;
	d = (d << 3 | d >> 29) ^ c;
	return a ^ b ^ c ^ d;
}

SEC("tc")
__success __retval(0)
int calls_behind_checks(struct __sk_buff *skb)
{
	void *data_end = (void *)(long)skb->data_end;
	void *data = (void *)(long)skb->data;
	int i = 0;

#define STEP do { \
	void *p = data + i; \
	if (p + 32 > data_end) \
		break; \
	skb->tc_index = mix(p, skb->cb[0] + i++); \
	} while (0);
#define STEP5 STEP STEP STEP STEP STEP
	STEP5 STEP5 STEP5 STEP5
	return 0;
}

// cpu v4 instructions: sign-extending loads and moves, bswap, signed div/mod, gotol.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct rec { signed char a; short b; int c; long long d; };

long long out[8];

SEC("socket")
int v4_ops(struct __sk_buff *skb)
{
	struct rec *r = (void *)(long)skb->cb;
	long long x = r->a;
	x += r->b;
	x += r->c;
	int y = (int)x;
	long long sd = x / (long long)(skb->len | 1) - x % 7;
	int s32 = y / (int)(skb->mark | 3) + y % -5;
	out[0] = __builtin_bswap64(x);
	out[1] = __builtin_bswap32(y);
	out[2] = __builtin_bswap16((unsigned short)y);
	out[3] = (signed char)sd;
	out[4] = (short)s32;
	out[5] = (int)sd;
	out[6] = sd;
	out[7] = s32;
	return (int)(sd + s32);
}

char LICENSE[] SEC("license") = "GPL";

// Subprograms (static and global functions), bounded loops, local calls.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int sum_to(int n)
{
	int s = 0;
	for (int i = 0; i < n && i < 64; i++)
		s += i * i;
	return s;
}

__attribute__((noinline)) int global_mix(int a, int b)
{
	if (a > b)
		return a - b;
	return sum_to(b) ^ a;
}

static __attribute__((noinline)) __u64 fib(__u32 n)
{
	__u64 a = 0, b = 1;
	for (__u32 i = 0; i < n && i < 90; i++) {
		__u64 t = a + b;
		a = b;
		b = t;
	}
	return a;
}

SEC("socket")
int prog_main(struct __sk_buff *skb)
{
	int r = sum_to(skb->len & 31);
	r += global_mix(skb->protocol, r);
	return r + (int)fib(skb->mark);
}

SEC("xdp")
int prog_second(struct xdp_md *ctx)
{
	return sum_to(ctx->rx_queue_index) > 10 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

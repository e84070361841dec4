// Every atomic operation clang emits: add/or/and/xor with and without fetch, xchg, cmpxchg, 32 and 64 bit.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 g64;
__u32 g32;

SEC("xdp")
int atomics(struct xdp_md *ctx)
{
	__u64 v = ctx->data_end;
	__u32 w = ctx->data;
	__sync_fetch_and_add(&g64, v);
	__sync_fetch_and_or(&g64, v);
	__sync_fetch_and_and(&g64, v);
	__sync_fetch_and_xor(&g64, v);
	__sync_fetch_and_add(&g32, w);
	__sync_fetch_and_or(&g32, w);
	__sync_fetch_and_and(&g32, w);
	__sync_fetch_and_xor(&g32, w);
	__u64 a = __sync_fetch_and_add(&g64, 3);
	a += __sync_fetch_and_or(&g64, v);
	a += __sync_fetch_and_and(&g64, v);
	a += __sync_fetch_and_xor(&g64, v);
	__u32 b = __sync_fetch_and_add(&g32, 3);
	b += __sync_fetch_and_or(&g32, w);
	b += __sync_fetch_and_and(&g32, w);
	b += __sync_fetch_and_xor(&g32, w);
	a += __sync_lock_test_and_set(&g64, a);
	b += __sync_lock_test_and_set(&g32, b);
	a += __sync_val_compare_and_swap(&g64, a, v);
	b += __sync_val_compare_and_swap(&g32, b, w);
	return (int)(a + b);
}

char LICENSE[] SEC("license") = "GPL";

// A switch large enough for a jump table, string handling, byte loads, packet access.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

static __attribute__((noinline)) int classify(int c)
{
	switch (c) {
	case 0: return 11;
	case 1: return 23;
	case 2: return 37;
	case 3: return 41;
	case 4: return 53;
	case 5: return 67;
	case 6: return 71;
	case 7: return 83;
	case 8: return 97;
	default: return -1;
	}
}

static __attribute__((noinline)) int my_strcmp(const char *a, const char *b)
{
	for (int i = 0; i < 16; i++) {
		if (a[i] != b[i])
			return a[i] - b[i];
		if (!a[i])
			return 0;
	}
	return 0;
}

char name[16] = "tsbpf";

SEC("xdp")
int dispatch(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_ABORTED;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	int k = classify(((unsigned char *)data)[14] & 15);
	if (my_strcmp(name, "tsbpf") == 0)
		k += 1;
	return k > 50 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

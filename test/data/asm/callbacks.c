// Callbacks (bpf_loop, bpf_for_each_map_elem: function pointers loaded with lddw), a kfunc and
// __ksym / __kconfig externs (undefined symbols, weak ones too), tail calls through a prog array.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} jumps SEC(".maps");

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig __weak;

struct bpf_map;
struct ctx_t { __u64 sum; };

static int add_one(__u32 i, void *data)
{
	struct ctx_t *c = data;
	c->sum += i * 3;
	return i > 50;
}

static __u64 visit(struct bpf_map *map, __u32 *key, __u64 *val, struct ctx_t *c)
{
	c->sum += *val + *key;
	return 0;
}

SEC("tc")
int loops(struct __sk_buff *skb)
{
	struct ctx_t c = { .sum = LINUX_KERNEL_VERSION + CONFIG_HZ };
	bpf_rcu_read_lock();
	bpf_loop(100, add_one, &c, 0);
	bpf_for_each_map_elem(&vals, visit, &c, 0);
	bpf_rcu_read_unlock();
	if (c.sum == 12345)
		bpf_tail_call(skb, &jumps, 1);
	return (int)c.sum;
}

char LICENSE[] SEC("license") = "GPL";

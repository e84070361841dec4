// SPDX-License-Identifier: MIT
// CO-RE against a kernel's BTF: local definitions with only the fields used, marked
// preserve_access_index, relocated by name against /sys/kernel/btf/vmlinux at load time.
// Also: a bpf_loop callback (BPF_PSEUDO_FUNC), a global subprogram, .rodata/.bss, a prog array
// and a map-in-map with `values` initialisers. Rebuilt by `npm run build:elf-testdata`.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct list_head {
	struct list_head *next, *prev;
} __attribute__((preserve_access_index));

struct task_struct {
	int pid;
	int tgid;
	struct list_head tasks;
	char comm[16];
	int tsbpf_field_that_does_not_exist;
} __attribute__((preserve_access_index));

struct iphdr {
	unsigned char ttl;
	unsigned int saddr;
	unsigned int daddr;
} __attribute__((preserve_access_index));

enum bpf_map_type___local {
	BPF_MAP_TYPE_ARRAY___local = 99,
	BPF_MAP_TYPE_RINGBUF___local = 98,
};

const volatile int config_threshold = 7;
int counter;

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, long);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, int);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { &inner_a, &inner_b },
};

int tail(void *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__array(values, int(void *));
} jumps SEC(".maps") = {
	.values = { [1] = (void *)&tail },
};

SEC("kprobe/do_nanosleep")
int tail(void *ctx)
{
	return 1;
}

static long add_one(__u32 index, void *data)
{
	*(long *)data += index;
	return 0;
}

__attribute__((noinline)) int global_sum(int n)
{
	long sum = 0;
	bpf_loop(n, add_one, &sum, 0);
	return sum;
}

SEC("kprobe/do_nanosleep")
int core_reads(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	int pid = BPF_CORE_READ(t, pid);
	struct list_head *next = BPF_CORE_READ(t, tasks.next);
	char c = BPF_CORE_READ(t, comm[1]);
	counter += pid + c + (next != 0) + global_sum(config_threshold);
	return bpf_core_field_offset(struct task_struct, tgid) + bpf_core_field_size(struct task_struct, comm) +
	       bpf_core_field_exists(struct task_struct, tsbpf_field_that_does_not_exist) +
	       bpf_core_type_size(struct task_struct) + bpf_core_field_offset(struct iphdr, daddr);
}

SEC("socket")
int core_enums(void *ctx)
{
	return bpf_core_enum_value(enum bpf_map_type___local, BPF_MAP_TYPE_ARRAY___local) * 100 +
	       bpf_core_enum_value(enum bpf_map_type___local, BPF_MAP_TYPE_RINGBUF___local) +
	       bpf_core_type_exists(struct task_struct) * 1000;
}

char LICENSE[] SEC("license") = "GPL";

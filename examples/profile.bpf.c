// SPDX-License-Identifier: GPL-2.0
/*
 * profile: a sampling CPU profiler. A perf_event program runs at a fixed frequency on every CPU
 * (profile.ts opens the events), records the user and kernel stacks of whatever runs there in a
 * STACK_TRACE map, and counts samples per (pid, comm, stacks); profile.ts turns them into folded
 * stacks ("comm;outer;inner count"), the input of flamegraph.pl.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_DEPTH 127

struct stack_key {
	__u32 pid;
	__s32 user_stack;
	__s32 kernel_stack;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 16384);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_DEPTH * sizeof(__u64));
} stacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, struct stack_key);
	__type(value, __u64);
} samples SEC(".maps");

SEC("perf_event")
int profile(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (!id)
		return 0; /* the idle task */
	struct stack_key k = {};
	k.pid = id >> 32;
	bpf_get_current_comm(k.comm, sizeof(k.comm));
	k.user_stack = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	k.kernel_stack = bpf_get_stackid(ctx, &stacks, 0);
	__u64 one = 1, *n = bpf_map_lookup_elem(&samples, &k);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&samples, &k, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

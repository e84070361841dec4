// SPDX-License-Identifier: GPL-2.0
/*
 * syslat: a histogram of one syscall's latency for the processes of one command name, in
 * microseconds, log2 buckets laid out as bpftrace's hist() (index 0: negative, 1: zero,
 * 2 + log2(v) otherwise). raw_syscalls:sys_enter stamps the thread, sys_exit adds the delta.
 * cfg holds the command name and the syscall number; syslat.ts writes them and prints the
 * histogram as bpftrace does.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct syslat_cfg {
	char comm[16];
	__s64 syscall_nr;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct syslat_cfg);
} cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 65);
	__type(key, __u32);
	__type(value, __u64);
} usecs SEC(".maps");

/* tracefs events/raw_syscalls/sys_enter/format and sys_exit/format */
struct raw_syscall_args {
	__u64 common;
	__s64 id;
	__u64 arg0;
};

static __always_inline int wanted(__s64 id)
{
	__u32 zero = 0;
	struct syslat_cfg *c = bpf_map_lookup_elem(&cfg, &zero);
	char comm[16];
	if (!c || id != c->syscall_nr)
		return 0;
	bpf_get_current_comm(comm, sizeof(comm));
	for (int i = 0; i < 16; i++) {
		if (comm[i] != c->comm[i])
			return 0;
		if (!comm[i])
			break;
	}
	return 1;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int syslat_enter(struct raw_syscall_args *ctx)
{
	if (!wanted(ctx->id))
		return 0;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 now = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_exit")
int syslat_exit(struct raw_syscall_args *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *t0 = bpf_map_lookup_elem(&start, &tid);
	if (!t0)
		return 0;
	__u64 us = (bpf_ktime_get_ns() - *t0) / 1000;
	bpf_map_delete_elem(&start, &tid);
	__u32 slot = 1;
	if (us) {
		slot = 2;
		for (int i = 0; i < 63 && us > 1; i++) {
			us >>= 1;
			slot++;
		}
	}
	__u64 *n = bpf_map_lookup_elem(&usecs, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

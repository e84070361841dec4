// SPDX-License-Identifier: MIT
/*
 * read_sizes: a live-dashboard example for the running kernel (tsbpf ui --attach, as root).
 *
 *   read_sizes  ARRAY    log2 histogram of read(2) return values (bytes), from
 *                        tracepoint/syscalls/sys_exit_read (libbpf-tools' `struct hist` shape)
 *   totals      PERCPU_ARRAY  [0] reads, [1] bytes read (counters over time; per CPU, so the
 *                        busiest tracepoint in the system adds without atomic operations)
 *   execs       RINGBUF  one record per execve(2): pid, uid, command, file (execsnoop's rows)
 *
 * Watch it:  sudo tsbpf ui --attach examples/read_sizes.bpf.o
 * then run   dd if=/dev/zero of=/dev/null bs=4096 count=100000
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_SLOTS 32

/* /sys/kernel/tracing/events/syscalls/sys_exit_read/format */
struct sys_exit_args {
	__u64 common;
	__s32 syscall_nr;
	__s32 pad;
	__s64 ret;
};

/* /sys/kernel/tracing/events/syscalls/sys_enter_execve/format */
struct sys_enter_execve_args {
	__u64 common;
	__s32 syscall_nr;
	__s32 pad;
	const char *filename;
};

struct exec_event {
	__u32 pid;
	__u32 uid;
	char comm[16];
	char file[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} read_sizes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} execs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} totals SEC(".maps");

static __always_inline void count(__u32 key, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&totals, &key);

	if (v)
		*v += n; /* this CPU's slot: no other CPU writes it */
}

SEC("tracepoint/syscalls/sys_exit_read")
int read_exit(struct sys_exit_args *ctx)
{
	__s64 ret = ctx->ret;
	__u64 v, *n;
	__u32 slot = 0;

	if (ret <= 0)
		return 0;
	v = ret;
	/* slot k: 2^k <= v < 2^(k+1), as bpftrace's hist() and libbpf-tools' log2l */
	while (v > 1 && slot < MAX_SLOTS - 1) {
		v >>= 1;
		slot++;
	}
	n = bpf_map_lookup_elem(&read_sizes, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
	count(0, 1);
	count(1, ret);
	return 0;
}

/* not inlined, so struct exec_event is in the BTF: the dashboard decodes the records with it */
static __noinline int fill_exec(struct exec_event *e, const char *file)
{
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->uid = (__u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_user_str(e->file, sizeof(e->file), file);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_execve")
int exec_enter(struct sys_enter_execve_args *ctx)
{
	struct exec_event *e = bpf_ringbuf_reserve(&execs, sizeof(*e), 0);

	if (!e)
		return 0;
	fill_exec(e, ctx->filename);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// SPDX-License-Identifier: GPL-2.0
/*
 * opensnoop: every openat(2) with the path, flags and the process, as BCC's opensnoop.
 * sys_enter_openat copies the path into a ring-buffer record; opensnoop.ts prints them.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct open_event {
	__u32 pid;
	__u32 uid;
	__s32 dfd;
	__s32 flags;
	char comm[16];
	char path[256];
};
const struct open_event *unused_open_event __attribute__((unused));

/* tracefs events/syscalls/sys_enter_openat/format */
struct sys_enter_openat_args {
	__u64 common;
	__s32 syscall_nr;
	__u32 pad;
	__u64 dfd;
	const char *filename;
	__u64 flags;
	__u64 mode;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int opensnoop(struct sys_enter_openat_args *ctx)
{
	struct open_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->dfd = (__s32)ctx->dfd;
	e->flags = (__s32)ctx->flags;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_user_str(e->path, sizeof(e->path), ctx->filename);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop: every exec on the system with its argv, as BCC's and libbpf-tools' execsnoop.
 * The sys_enter_execve tracepoint copies the file name and up to ARGS arguments into a record
 * reserved on a ring buffer; user space (execsnoop.ts, or `tsbpf attach execsnoop.bpf.o --json`)
 * prints them as they come. `lost` counts records the ring had no room for.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define ARGS 8
#define ARGSIZE 64
#define NAMESIZE 128

struct exec_event {
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__u32 argc;
	char comm[16];
	char filename[NAMESIZE];
	char argv[ARGS][ARGSIZE];
};

/* puts struct exec_event into the object's BTF (locals' types are not emitted), where user space
 * finds the record type of `events` by the size the program reserves */
const struct exec_event *unused_exec_event __attribute__((unused));

/* the fields of the tracepoint's record (tracefs events/syscalls/sys_enter_execve/format) */
struct sys_enter_execve_args {
	__u64 common;
	__s32 syscall_nr;
	__u32 pad;
	const char *filename;
	const char *const *argv;
	const char *const *envp;
};

/* CO-RE: only the fields read, relocated against the running kernel's BTF */
struct task_struct {
	struct task_struct *real_parent;
	int tgid;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int execsnoop(struct sys_enter_execve_args *ctx)
{
	struct exec_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__u32 zero = 0;
		__u64 *n = bpf_map_lookup_elem(&lost, &zero);
		if (n)
			__sync_fetch_and_add(n, 1);
		return 0;
	}
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = (__u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_user_str(e->filename, sizeof(e->filename), ctx->filename);
	e->argc = 0;
	for (int i = 0; i < ARGS; i++) {
		const char *arg = 0;
		e->argv[i][0] = 0;
		if (bpf_probe_read_user(&arg, sizeof(arg), &ctx->argv[i]) || !arg)
			break;
		bpf_probe_read_user_str(e->argv[i], ARGSIZE, arg);
		e->argc++;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

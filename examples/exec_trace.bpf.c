// SPDX-License-Identifier: GPL-2.0
/* exec_trace, execsnoop's core for unit tests without root: on every execve, a ring-buffer event
 * with the caller's pid, tgid (also read from its task_struct through CO-RE), uid, comm and the file
 * name it executes (read from user memory), a count per uid, and a printk line. In the emulator:
 * tsbpf prog run examples/exec_trace.bpf.o --ctx-in examples/exec_trace.ctx.json */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* the fields used, as the kernel's BTF names them: CO-RE finds their offsets on the running kernel */
struct task_struct {
	int tgid;
	struct task_struct *real_parent;
} __attribute__((preserve_access_index));

/* tracefs events/syscalls/sys_enter_execve/format */
struct sys_enter_execve {
	unsigned short common_type;
	unsigned char common_flags;
	unsigned char common_preempt_count;
	int common_pid;
	int __syscall_nr;
	const char *filename;
	const char *const *argv;
	const char *const *envp;
};

struct event {
	__u32 pid;
	__u32 tgid;
	__u32 uid;
	__u32 task_tgid;
	char comm[16];
	char filename[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} execs_by_uid SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int exec_trace(struct sys_enter_execve *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 id = bpf_get_current_pid_tgid();
	__u32 uid = (__u32)bpf_get_current_uid_gid();
	__u64 one = 1, *n;
	struct event *e;

	n = bpf_map_lookup_elem(&execs_by_uid, &uid);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&execs_by_uid, &uid, &one, BPF_NOEXIST);

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	e->uid = uid;
	e->task_tgid = BPF_CORE_READ(task, tgid);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_user_str(e->filename, sizeof(e->filename), ctx->filename);
	bpf_printk("exec %s by %s (pid %d)", e->filename, e->comm, e->tgid);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// SPDX-License-Identifier: GPL-2.0
/*
 * ucalls: the calls of one user-space function, with its first two arguments and its return
 * value, through a uprobe and a uretprobe on BINARY:FUNCTION (ucalls.ts resolves the symbol
 * to a file offset from the ELF symbol tables). Entry stamps the thread; the return completes
 * the record on the ring buffer.
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct call_event {
	__u32 pid;
	__u32 tid;
	__s64 arg0;
	__s64 arg1;
	__s64 ret;
	__u64 ns;
};
const struct call_event *unused_call_event __attribute__((unused));

struct entry {
	__s64 arg0;
	__s64 arg1;
	__u64 ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct entry);
} inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} calls SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(ucall_entry, long a0, long a1)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct entry e = { .arg0 = a0, .arg1 = a1, .ts = bpf_ktime_get_ns() };
	bpf_map_update_elem(&inflight, &tid, &e, BPF_ANY);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(ucall_return, long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct entry *in = bpf_map_lookup_elem(&inflight, &tid);
	if (!in)
		return 0;
	struct call_event *e = bpf_ringbuf_reserve(&calls, sizeof(*e), 0);
	if (e) {
		e->pid = id >> 32;
		e->tid = tid;
		e->arg0 = in->arg0;
		e->arg1 = in->arg1;
		e->ret = ret;
		e->ns = bpf_ktime_get_ns() - in->ts;
		bpf_ringbuf_submit(e, 0);
	}
	bpf_map_delete_elem(&inflight, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

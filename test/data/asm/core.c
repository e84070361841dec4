// CO-RE: preserve_access_index reads, field/enum/type-size relocations (.BTF.ext core_relo records with -g).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
struct task_struct { int pid; int tgid; struct task_struct *parent; char comm[16]; } __attribute__((preserve_access_index));
enum e { A = 1, B = 2 };
SEC("kprobe/x")
int probe(struct task_struct *t)
{
	int p = BPF_CORE_READ(t, parent, pid);
	if (bpf_core_field_exists(t->tgid)) p += 1;
	if (bpf_core_enum_value_exists(enum e, B)) p += 2;
	p += bpf_core_type_size(struct task_struct);
	char buf[16];
	bpf_core_read_str(buf, sizeof(buf), &t->comm);
	return p + buf[0];
}
char LICENSE[] SEC("license") = "GPL";

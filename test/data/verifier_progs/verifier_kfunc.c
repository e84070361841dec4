// Kernel functions and BTF-typed pointers (kernel/bpf/verifier.c check_kfunc_call,
// process_iter_arg, check_ptr_to_btf_access): open-coded iterators, task and cpumask
// acquire/release, bpf_rcu_read_lock, tp_btf arguments. The kfuncs are resolved against the
// running kernel's BTF, as libbpf does; the expectations were checked against Linux 6.18.
#include "vprogs.h"

/* complete (if not accurate) types: libbpf wants a struct, not a forward declaration, where the
 * kernel's prototype has one (bpf_core_types_are_compat); the programs read no member by name */
struct task_struct { int __unused; };
struct cpumask { unsigned long bits[1]; };
struct bpf_cpumask { struct cpumask cpumask; };
struct bpf_iter_num { __u64 __opaque[1]; } __attribute__((aligned(8)));

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
extern struct bpf_cpumask *bpf_cpumask_create(void) __ksym;
extern void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym;
extern void bpf_cpumask_set_cpu(__u32 cpu, struct bpf_cpumask *cpumask) __ksym;
extern _Bool bpf_cpumask_test_cpu(__u32 cpu, const struct cpumask *cpumask) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

SEC("syscall")
__success
int iter_num_sum(void *ctx)
{
	struct bpf_iter_num it;
	int *v, sum = 0;

	bpf_iter_num_new(&it, 0, 10);
	while ((v = bpf_iter_num_next(&it)))
		sum += *v;
	bpf_iter_num_destroy(&it);
	return sum;
}

SEC("syscall")
__failure __msg("Unreleased reference")
int iter_num_not_destroyed(void *ctx)
{
	struct bpf_iter_num it;

	bpf_iter_num_new(&it, 0, 10);
	bpf_iter_num_next(&it);
	return 0;
}

SEC("syscall")
__failure __msg("expected an initialized iter_num as arg #0")
int iter_num_next_uninit(void *ctx)
{
	struct bpf_iter_num it = {};

	bpf_iter_num_next(&it);
	return 0;
}

SEC("syscall")
__failure __msg("R0 invalid mem access 'scalar'")
int iter_num_no_null_check(void *ctx)
{
	struct bpf_iter_num it;
	int *v, r;

	bpf_iter_num_new(&it, 0, 10);
	v = bpf_iter_num_next(&it);
	r = *v;
	bpf_iter_num_destroy(&it);
	return r;
}

SEC("syscall")
__success
int task_acquire_release(void *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf(), *ref;

	ref = bpf_task_acquire(t);
	if (ref)
		bpf_task_release(ref);
	return 0;
}

SEC("syscall")
__failure __msg("Unreleased reference")
int task_acquire_leak(void *ctx)
{
	struct task_struct *ref = bpf_task_from_pid(1);

	return ref ? 1 : 0;
}

SEC("syscall")
__failure __msg("Possibly NULL pointer passed to trusted arg0")
int task_release_maybe_null(void *ctx)
{
	struct task_struct *ref = bpf_task_from_pid(1);

	bpf_task_release(ref);
	return 0;
}

SEC("syscall")
__success
int cpumask_create_set_test(void *ctx)
{
	struct bpf_cpumask *m = bpf_cpumask_create();
	int r;

	if (!m)
		return 0;
	bpf_cpumask_set_cpu(0, m);
	r = bpf_cpumask_test_cpu(0, (const struct cpumask *)m);
	bpf_cpumask_release(m);
	return r;
}

SEC("raw_tp")
__failure __msg("calling kernel function bpf_cpumask_create is not allowed")
int cpumask_from_raw_tp(void *ctx)
{
	struct bpf_cpumask *m = bpf_cpumask_create();

	if (m)
		bpf_cpumask_release(m);
	return 0;
}

SEC("syscall")
__success
int rcu_lock_unlock(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__failure __msg("unmatched rcu read unlock")
int rcu_unlock_unmatched(void *ctx)
{
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__failure __msg("BPF_EXIT instruction in main prog cannot be used inside bpf_rcu_read_lock-ed region")
int rcu_lock_missing_unlock(void *ctx)
{
	bpf_rcu_read_lock();
	return 0;
}

SEC("tp_btf/sched_switch")
__success
int tp_btf_task_read(__u64 *ctx)
{
	/* sched_switch(bool preempt, struct task_struct *prev, struct task_struct *next, ...) */
	struct task_struct *prev = (struct task_struct *)ctx[1];

	return *(volatile __u64 *)prev != 0;
}

SEC("tp_btf/sched_switch")
__failure __msg("only read is supported")
int tp_btf_task_write(__u64 *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx[1];

	*(volatile __u64 *)prev = 0;
	return 0;
}

SEC("tp_btf/sched_switch")
__failure __msg("access beyond struct task_struct")
int tp_btf_task_past_end(__u64 *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx[1];

	return *(volatile __u64 *)((char *)prev + 65536) != 0;
}

// bpf_ksym_exists(kfunc) (libbpf bpf_helpers.h): libbpf's RELO_EXTERN_LD64 makes the lddw
// BPF_PSEUDO_BTF_ID with the kfunc's kernel BTF id when the running kernel has it, and the kernel's
// check_pseudo_btf_id gives a read-only PTR_TO_MEM that reg_not_null says is never NULL — so the
// guarded path is verified, and its mistakes are refused. When a weak kfunc is missing the lddw
// is 0 and the path is dead code. tsbpf had left the lddw 0 for every kfunc, so it never looked
// at the guarded path: a mutation hunt on cilium's testdata/kfunc.c found 18 unsafe accepts that
// way. The expectations were checked against Linux 6.18.
#include "vprogs.h"

#ifndef bpf_ksym_exists /* libbpf 1.2's bpf_helpers.h; Debian 12 ships 1.1 */
#define bpf_ksym_exists(sym) ({ _Static_assert(!__builtin_constant_p(!!sym), #sym " should be marked as __weak"); !!sym; })
#endif

struct cpumask { unsigned long bits[1]; };
struct bpf_cpumask { struct cpumask cpumask; };

extern struct bpf_cpumask *bpf_cpumask_create(void) __ksym __weak;
extern void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym __weak;
extern void bpf_tsbpf_no_such_kfunc(void) __ksym __weak;

/* the kfunc exists: the guarded path is verified, and its missing NULL check refused */
SEC("syscall")
__failure __msg("Possibly NULL pointer passed to trusted arg0")
int ksym_exists_guarded_path_checked(void *ctx)
{
	if (bpf_ksym_exists(bpf_cpumask_create)) {
		struct bpf_cpumask *m = bpf_cpumask_create();

		bpf_cpumask_release(m);
	}
	return 0;
}

/* the same path done right */
SEC("syscall")
__success
int ksym_exists_guarded_path_ok(void *ctx)
{
	if (bpf_ksym_exists(bpf_cpumask_create)) {
		struct bpf_cpumask *m = bpf_cpumask_create();

		if (m)
			bpf_cpumask_release(m);
		return 1;
	}
	return 0;
}

/* the kfunc is missing: the guarded call is dead code, as libbpf and the kernel leave it */
SEC("syscall")
__success
int ksym_exists_missing_is_dead(void *ctx)
{
	if (bpf_ksym_exists(bpf_tsbpf_no_such_kfunc))
		bpf_tsbpf_no_such_kfunc();
	return 0;
}

/* the existence test is decided: r6 is set only on the path that exists, and read after it;
 * were the address maybe NULL, the read of r6 on the other path would be refused (!read_ok) */
SEC("syscall")
__success
__naked int ksym_exists_branch_decided(void *ctx)
{
	asm volatile (
	"r1 = %[bpf_cpumask_create] ll;"
	"if r1 == 0 goto 1f;"
	"r6 = 1;"
	"1:"
	"r0 = r6;"
	"exit;"
	:
	: __imm_addr(bpf_cpumask_create)
	: __clobber_all);
}

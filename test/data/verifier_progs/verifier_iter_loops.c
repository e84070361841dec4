// Loops whose pruning depends on marks not yet complete (kernel/bpf/verifier.c of 6.17+:
// compute_scc, incomplete_read_marks, propagate_backedges; src/verifier/scc.ts). Written here in
// the shape of the kernel's selftest iters.c:loop_state_deps2: two inner loops inside an outer one,
// where a value changed on a late path of one loop reaches a stack access in the other only on a
// later outer iteration. The expectations are the running kernel's (Linux 6.18).
#include "vprogs.h"

struct bpf_iter_num { __u64 __opaque[1]; } __attribute__((aligned(8)));
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

/* the iterator loop in C (its calls also put the kfuncs' BTF in the object for the asm below) */
SEC("?raw_tp")
__success
int iter_sum(void *ctx)
{
	struct bpf_iter_num it;
	int *v, sum = 0;

	bpf_iter_num_new(&it, 0, 10);
	while ((v = bpf_iter_num_next(&it)))
		sum += *v;
	bpf_iter_num_destroy(&it);
	return sum & 1;
}

/* the offset changes in the FIRST inner loop (once a flag set by an earlier iteration of that loop
 * is seen), the access is in the SECOND inner loop of a later outer iteration: fp-33 is reached
 * only through a checkpoint of the second loop that finished while the outer loop was still being
 * explored (tsbpf accepted this before its checkpoints knew their loop's marks were incomplete) */
/* iter_dep_first_loop_sets and iter_dep_checked: the same loops, differing only in the access
 * of the second inner loop (ACCESS) */
#define ITER_DEP_LOOPS(ACCESS)	\
	asm volatile (	\
	"r1 = r10; r1 += -16; r2 = 0; r3 = 10;"	\
	"call %[bpf_iter_num_new];"	\
	"r6 = 0; r7 = 0; r8 = -32;"	\
"outer_%=:"	\
	"r1 = r10; r1 += -16;"	\
	"call %[bpf_iter_num_next];"	\
	"if r0 == 0 goto outer_end_%=;"	\
	"r1 = r10; r1 += -8; r2 = 0; r3 = 5;"	\
	"call %[bpf_iter_num_new];"	\
	"r6 = 0; r7 = 0;"	\
"in1_%=:"	\
	"r1 = r10; r1 += -8;"	\
	"call %[bpf_iter_num_next];"	\
	"if r0 == 0 goto in1_end_%=;"	\
	"if r6 == 1 goto in1_one_%=;"	\
	"r6 = 1;"	\
	"call %[bpf_get_prandom_u32];"	\
	"if r0 == 7 goto in1_%=;"	\
	"if r7 != 1 goto in1_%=;"	\
	"r8 = -33;"	\
	"r6 = 0;"	\
	"goto in1_%=;"	\
"in1_one_%=:"	\
	"r6 = 0; r7 = 1;"	\
	"goto in1_%=;"	\
"in1_end_%=:"	\
	"r1 = r10; r1 += -8;"	\
	"call %[bpf_iter_num_destroy];"	\
	"r1 = r10; r1 += -8; r2 = 0; r3 = 5;"	\
	"call %[bpf_iter_num_new];"	\
	"r6 = 0; r7 = 0;"	\
"in2_%=:"	\
	"r1 = r10; r1 += -8;"	\
	"call %[bpf_iter_num_next];"	\
	"if r0 == 0 goto in2_end_%=;"	\
	"if r6 == 1 goto in2_one_%=;"	\
	"r6 = 1;"	\
	"call %[bpf_get_prandom_u32];"	\
	"if r0 == 7 goto in2_%=;"	\
	"if r7 != 1 goto in2_%=;"	\
	ACCESS	\
"in2_one_%=:"	\
	"r6 = 0; r7 = 1;"	\
	"goto in2_%=;"	\
"in2_end_%=:"	\
	"r1 = r10; r1 += -8;"	\
	"call %[bpf_iter_num_destroy];"	\
	"goto outer_%=;"	\
"outer_end_%=:"	\
	"r1 = r10; r1 += -16;"	\
	"call %[bpf_iter_num_destroy];"	\
	"r0 = 0;"	\
	"exit;"	\
	:	\
	: __imm(bpf_get_prandom_u32), __imm(bpf_iter_num_new), __imm(bpf_iter_num_next), __imm(bpf_iter_num_destroy)	\
	: __clobber_all)

SEC("?raw_tp")
__failure __msg("misaligned stack access off 0+-33+0 size 8")
__naked int iter_dep_first_loop_sets(void)
{
	ITER_DEP_LOOPS(
	"r0 = r10;"
	"r0 += r8;"
	"r1 = 7;"
	"*(u64 *)(r0 + 0) = r1;"
	"r1 = r10; r1 += -8;"
	"call %[bpf_iter_num_destroy];"
	"r1 = r10; r1 += -16;"
	"call %[bpf_iter_num_destroy];"
	"r0 = 0;"
	"exit;"
	);
}

/* the same with the offset checked before the access: safe */
SEC("?raw_tp")
__success
__naked int iter_dep_checked(void)
{
	ITER_DEP_LOOPS(
	"if r8 != -32 goto in2_%=;"
	"r0 = r10;"
	"r0 += r8;"
	"r1 = 7;"
	"*(u64 *)(r0 + 0) = r1;"
	"goto in2_%=;"
	);
}

/* may_goto loops in place of the iterators (loop_state_deps2's shape: the offset changes in the
 * second loop, the access is in the first): each may_goto widens what changed, so the access
 * meets an unbounded offset */
SEC("?raw_tp")
__failure __msg("math between fp pointer and register with unbounded min value")
__naked int may_goto_dep(void)
{
	asm volatile (
	"r6 = 0; r7 = 0; r8 = -24;"
"outer_%=:"
	"may_goto outer_end_%=;"
	"r6 = 0; r7 = 0;"
"in1_%=:"
	"may_goto in1_end_%=;"
	"if r6 != 1 goto in1_zero_%=;"
	"r6 = 0; r7 = 1;"
	"goto in1_%=;"
"in1_zero_%=:"
	"if r6 != 0 goto in1_%=;"
	"r6 = 1;"
	"call %[bpf_get_prandom_u32];"
	"if r0 != 42 goto in1_b_%=;"
	"goto in1_%=;"
"in1_b_%=:"
	"if r7 != 1 goto in1_%=;"
	"r0 = r10;"
	"r0 += r8;"
	"r1 = 7;"
	"*(u64 *)(r0 + 0) = r1;"
	"r0 = 0;"
	"exit;"
"in1_end_%=:"
	"r6 = 0; r7 = 0;"
"in2_%=:"
	"may_goto in2_end_%=;"
	"if r6 != 1 goto in2_zero_%=;"
	"r6 = 0; r7 = 1;"
	"goto in2_%=;"
"in2_zero_%=:"
	"if r6 != 0 goto in2_%=;"
	"r6 = 1;"
	"call %[bpf_get_prandom_u32];"
	"if r0 != 42 goto in2_b_%=;"
	"goto in2_%=;"
"in2_b_%=:"
	"if r7 != 1 goto in2_%=;"
	"r6 = 0;"
	"r8 = -25;"
	"goto in2_%=;"
"in2_end_%=:"
	"r6 = 0; r7 = 0;"
	"goto outer_%=;"
"outer_end_%=:"
	"r0 = 0;"
	"exit;"
	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

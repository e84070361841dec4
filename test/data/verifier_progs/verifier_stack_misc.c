/*
 * stacksafe() between a 64-bit spilled scalar and a slot of STACK_MISC bytes
 * (kernel/bpf/verifier.c scalar_reg_for_stack: a load of eight MISC bytes is an unbound scalar, so
 * the slot is compared as that register with regsafe, ids included). One path of each program
 * spills a register into fp-8, the other writes fp-8 with two 4-byte stores of an unknown value;
 * the paths join at a checkpoint (the goto's target, after enough jumps and instructions for
 * is_state_visited to add one). The kernel explores the fall-through first, so the spill is the
 * explored state and the MISC bytes the current one. The processed counts of the programs the
 * kernel accepts are compared with the kernel's in precision.test.ts (a successful load's log holds
 * only the statistics, read there).
 */
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, long long);
} amap SEC(".maps");

/*
 * Nothing after the join depends on fp-8's value: the explored spill is imprecise and covers the
 * MISC bytes, and the second path is pruned at the join (tsbpf compared the bytes and did not).
 * (Unprivileged, a scalar spill is not tracked: fp-8 is STACK_MISC on both paths.)
 */
SEC("socket")
__success
__success_unpriv
__naked void spill_imprecise_vs_misc(void)
{
	asm volatile ("					\
	r6 = 0;						\
	r7 = 0;						\
	r8 = 0;						\
	call %[bpf_get_prandom_u32];			\
	if r0 == 0 goto l1_%=;				\
	r1 = 42;					\
	*(u64 *)(r10 - 8) = r1;				\
	goto l2_%=;					\
l1_%=:	call %[bpf_get_prandom_u32];			\
	*(u32 *)(r10 - 8) = r0;				\
	*(u32 *)(r10 - 4) = r0;				\
l2_%=:	r1 = *(u64 *)(r10 - 8);				\
	r6 += 1;					\
	r7 += 2;					\
	r8 += 3;					\
	r6 += r7;					\
	r6 += r8;					\
	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

/*
 * fp-8's value bounds a map value offset after the join: the spill is precise, the MISC bytes are
 * not covered by it, and the second path is verified (and is safe: it checks the value itself)
 */
SEC("socket")
__success
__naked void spill_precise_vs_misc(void)
{
	asm volatile ("					\
	r6 = 0;						\
	r7 = 0;						\
	call %[bpf_get_prandom_u32];			\
	if r0 == 0 goto l1_%=;				\
	r1 = 4;						\
	*(u64 *)(r10 - 8) = r1;				\
	goto l2_%=;					\
l1_%=:	call %[bpf_get_prandom_u32];			\
	*(u32 *)(r10 - 8) = r0;				\
	*(u32 *)(r10 - 4) = r0;				\
l2_%=:	r1 = 0;						\
	*(u64 *)(r10 - 16) = r1;			\
	r2 = r10;					\
	r2 += -16;					\
	r1 = %[amap] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l3_%=;				\
	r1 = *(u64 *)(r10 - 8);				\
	if r1 > 7 goto l3_%=;				\
	r0 += r1;					\
	r0 = *(u8 *)(r0 + 0);				\
l3_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_get_prandom_u32), __imm(bpf_map_lookup_elem), __imm_addr(amap)
	: __clobber_all);
}

/*
 * The spill shares its id with r6 (a spill of a register links them), so on the first path the
 * check of r6 bounds the value filled from fp-8; on the second the MISC bytes are unrelated to r6.
 * An explored state whose spill is linked to r6 must not cover a slot of unknown bytes beside an
 * unlinked r6 (check_scalar_ids through scalar_reg_for_stack's unbound register): the second path
 * is verified and refused.
 */
SEC("socket")
__failure __msg("math between map_value pointer and register with unbounded min value is not allowed")
__failure_unpriv
__naked void linked_spill_vs_misc(void)
{
	asm volatile ("					\
	r7 = 0;						\
	call %[bpf_get_prandom_u32];			\
	r6 = r0;					\
	call %[bpf_get_prandom_u32];			\
	if r0 == 0 goto l1_%=;				\
	*(u64 *)(r10 - 8) = r6;				\
	goto l2_%=;					\
l1_%=:	call %[bpf_get_prandom_u32];			\
	*(u32 *)(r10 - 8) = r0;				\
	*(u32 *)(r10 - 4) = r0;				\
l2_%=:	r1 = 0;						\
	*(u64 *)(r10 - 16) = r1;			\
	r2 = r10;					\
	r2 += -16;					\
	r1 = %[amap] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l3_%=;				\
	if r6 > 7 goto l3_%=;				\
	r1 = *(u64 *)(r10 - 8);				\
	r0 += r1;					\
	r0 = *(u8 *)(r0 + 0);				\
l3_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_get_prandom_u32), __imm(bpf_map_lookup_elem), __imm_addr(amap)
	: __clobber_all);
}

/*
 * An atomic add into a slot holding a spilled constant leaves neither the constant nor the
 * added register there (check_atomic_rmw writes with value_regno -1: STACK_MISC). tsbpf kept a
 * spill of r1 in fp-8, believed the fill to be 1 (memory holds 101) and accepted an access 101
 * bytes off the frame pointer it thought 1 byte off.
 */
SEC("socket")
__failure __msg("math between fp pointer and register with unbounded min value is not allowed")
__failure_unpriv
__naked void atomic_add_leaves_misc(void)
{
	asm volatile ("					\
	r1 = 100;					\
	*(u64 *)(r10 - 8) = r1;				\
	r1 = 1;						\
	lock *(u64 *)(r10 - 8) += r1;			\
	r2 = *(u64 *)(r10 - 8);				\
	r3 = r10;					\
	r3 += -64;					\
	r3 += r2;					\
	r0 = 0;						\
	*(u8 *)(r3 + 0) = r0;				\
	exit;						\
"	::: __clobber_all);
}

/*
 * A cmpxchg whose compare fails leaves the old value: the slot is STACK_MISC afterwards, not a
 * spill of the new value (tsbpf believed fp-8 held 1; it holds 100)
 */
SEC("socket")
__failure __msg("math between fp pointer and register with unbounded min value is not allowed")
__failure_unpriv
__naked void cmpxchg_leaves_misc(void)
{
	asm volatile ("					\
	r1 = 100;					\
	*(u64 *)(r10 - 8) = r1;				\
	r0 = 5;						\
	r1 = 1;						\
	r0 = cmpxchg_64(r10 - 8, r0, r1);		\
	r2 = *(u64 *)(r10 - 8);				\
	r3 = r10;					\
	r3 += -64;					\
	r3 += r2;					\
	r0 = 0;						\
	*(u8 *)(r3 + 0) = r0;				\
	exit;						\
"	::: __clobber_all);
}

/*
 * compute_live_registers (6.15+): a helper call reads only the arguments of its prototype
 * (get_call_summary), so r3 is dead before bpf_map_lookup_elem (two arguments). One path sets r3,
 * the other leaves it uninitialised; the second is pruned at the join. tsbpf counted r1-r5 as
 * read by every call and compared r3 (a scalar against NOT_INIT: no pruning).
 */
SEC("socket")
__success
__naked void helper_args_liveness(void)
{
	asm volatile ("					\
	r6 = 0;						\
	r7 = 0;						\
	r1 = 0;						\
	*(u64 *)(r10 - 16) = r1;			\
	call %[bpf_get_prandom_u32];			\
	if r0 == 0 goto l1_%=;				\
	r3 = 1;						\
	goto l2_%=;					\
l1_%=:	r4 = 0;						\
l2_%=:	r2 = r10;					\
	r2 += -16;					\
	r1 = %[amap] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l3_%=;				\
	r1 = *(u64 *)(r0 + 0);				\
	r6 += r1;					\
	r7 += r1;					\
l3_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_get_prandom_u32), __imm(bpf_map_lookup_elem), __imm_addr(amap)
	: __clobber_all);
}

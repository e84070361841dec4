/* Pruning, widening and precision across calls: programs whose verdict depends on the rules
 * that make tsbpf prune like the kernel (prepare_func_exit's widening of a callback's imprecise
 * scalars, backtracking through callbacks and subprograms, `w1 = w2` keeping the scalar id). */
#include "vprogs.h"

struct ctr { long i; long j; };

static int count_cb(__u32 idx, struct ctr *c)
{
	c->i++;
	return 0;
}

static const char tbl[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

/* c.i changes every iteration and nothing depends on it: widened, the iterations converge;
 * c.j is read as an index afterwards, so it stays exact (1) */
SEC("xdp")
__success
int cb_widen_counter(struct xdp_md *ctx)
{
	struct ctr c = { .i = 0, .j = 1 };

	bpf_loop(100, count_cb, &c, 0);
	return tbl[c.j];
}

/* the same counter used as an index: it is precise, so it is never widened and every iteration
 * is explored with its exact value; the 11th reads past the 10-byte table */
SEC("xdp")
__failure __msg("invalid access to map value")
int cb_widened_index(struct xdp_md *ctx)
{
	struct ctr c = { .i = 0, .j = 1 };
	volatile const char *t = tbl;

	bpf_loop(20, count_cb, &c, 0);
	return t[c.i];
}

static int set_j_cb(__u32 idx, struct ctr *c)
{
	c->j = idx & 3;
	return 0;
}

/* the callback writes the index: precision goes back through its exit and its body */
SEC("xdp")
__success
int cb_index_from_callback(struct xdp_md *ctx)
{
	struct ctr c = { .i = 0, .j = 0 };

	bpf_loop(3, set_j_cb, &c, 0);
	return tbl[c.j];
}

static __noinline int pick(int x)
{
	return x & 7;
}

/* r0 of a static subprogram feeds a map value index: backtracking enters the callee at its exit */
SEC("xdp")
__success
int subprog_index(struct xdp_md *ctx)
{
	volatile int k = 0;

	return tbl[pick(k)];
}

/* w3 = w2 when w2's upper half is zero: w2 < 9 bounds r3 too (subreg_equality_1 of the selftests) */
SEC("socket")
__success __retval(0)
__naked void w_mov_keeps_id(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	*(u64 *)(r10 - 8) = r0;				\
	r2 = *(u32 *)(r10 - 8);				\
	w3 = w2;					\
	r0 = 0;						\
	if w2 < 9 goto l0_%=;				\
	exit;						\
l0_%=:	if r3 < 9 goto l1_%=;				\
	r0 -= r1;					\
l1_%=:	exit;						\
"	:
	: __imm(bpf_ktime_get_ns)
	: __clobber_all);
}

/* w3 = w2 when w2 may have upper bits: no tie, the read of r1 is reached */
SEC("socket")
__failure __msg("R1 !read_ok")
__naked void w_mov_upper_bits(void)
{
	asm volatile ("					\
	call %[bpf_ktime_get_ns];			\
	r2 = r0;					\
	w3 = w2;					\
	r0 = 0;						\
	if w2 < 9 goto l0_%=;				\
	exit;						\
l0_%=:	if r3 < 9 goto l1_%=;				\
	r0 -= r1;					\
l1_%=:	exit;						\
"	:
	: __imm(bpf_ktime_get_ns)
	: __clobber_all);
}


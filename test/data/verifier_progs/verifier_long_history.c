// A loop whose body pushes more than 40 instruction-history entries between checkpoints
// (kernel/bpf/verifier.c is_state_visited: force_new_state when insn_hist_end - insn_hist_start
// > 40): 45 fills of a spilled register per iteration. Each iteration branches on a random value;
// the two sides join and differ only in a dead register. While the first iteration's checkpoints
// are still being explored, skip_inf_loop_check makes a new checkpoint only every 20 jumps or 100
// instructions, so the second side of most iterations finds nothing to be pruned against — unless
// the long history forces a checkpoint at the loop's conditional jump, as the kernel does. tsbpf's
// processed-instruction count and total_states must match the kernel's (precision.test.ts).
#include "vprogs.h"

SEC("socket")
__success __retval(0)
__naked void long_history_loop(void)
{
	asm volatile (
	"call %[bpf_get_prandom_u32];"
	"*(u64 *)(r10 - 8) = r0;"
	"r6 = 0;"
"l0_%=:"
	"call %[bpf_get_prandom_u32];"
	"if r0 == 0 goto l1_%=;"
	"r7 = 1;"
"l1_%=:"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r2 = *(u64 *)(r10 - 8);"
	"r6 += 1;"
	"if r6 < 12 goto l0_%=;"
	"r0 = 0;"
	"exit;"
	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

/* Pointer arithmetic where the kernel allows it, and pointer leaks an unprivileged user may not make. */
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, long long);
} amap SEC(".maps");

SEC("socket")
__failure __msg("dereference of modified ctx ptr R1 off=4 disallowed")
__naked int ptr_modified_ctx(void)
{
	asm volatile ("					\
	r1 += 4;					\
	r0 = *(u32 *)(r1 + 0);				\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("R1 pointer arithmetic on map_ptr prohibited")
__naked int ptr_map_ptr_arith(void)
{
	asm volatile ("					\
	r1 = %[amap] ll;				\
	r1 += 8;					\
	r0 = 0;						\
	exit;						\
"	:
	: __imm_addr(amap)
	: __clobber_all);
}

SEC("socket")
__failure __msg("R1 pointer arithmetic with *= operator prohibited")
__naked int ptr_multiply(void)
{
	asm volatile ("					\
	r1 = r10;					\
	r1 *= 2;					\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__success __retval(3)
__naked int ptr_stack_arith(void)
{
	asm volatile ("					\
	r1 = r10;					\
	r1 += -16;					\
	r2 = 3;						\
	*(u64 *)(r1 + 8) = r2;				\
	r0 = *(u64 *)(r10 - 8);				\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__success __failure_unpriv __msg_unpriv("R0 leaks addr as return value")
__naked int unpriv_return_pointer(void)
{
	asm volatile ("					\
	r0 = r10;					\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__success __failure_unpriv __msg_unpriv("R1 leaks addr into map")
__naked int unpriv_store_pointer_in_map(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u64 *)(r10 - 8) = r1;				\
	r2 = r10;					\
	r2 += -8;					\
	r1 = %[amap] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l0_%=;				\
	r1 = r10;					\
	*(u64 *)(r0 + 0) = r1;				\
l0_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(amap)
	: __clobber_all);
}

SEC("socket")
__success __failure_unpriv __msg_unpriv("R1 pointer comparison prohibited")
__naked int unpriv_pointer_comparison(void)
{
	asm volatile ("					\
	r1 = r10;					\
	r0 = 0;						\
	if r1 == 0 goto l0_%=;				\
	r0 = 1;						\
l0_%=:	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__success __success_unpriv __retval(1)
__naked int unpriv_scalar_ok(void)
{
	asm volatile ("					\
	r0 = 1;						\
	exit;						\
"	::: __clobber_all);
}

/* Map values: null checks after bpf_map_lookup_elem, bounds of fixed and variable offsets. */
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, long long);
} hmap SEC(".maps");

SEC("socket")
__success __success_unpriv
int map_value_null_checked(struct __sk_buff *skb)
{
	int key = 0;
	long long *v = bpf_map_lookup_elem(&hmap, &key);
	if (!v)
		return 0;
	return *v & 1;
}

SEC("socket")
__failure __msg("invalid mem access 'map_value_or_null'")
__failure_unpriv
__naked int map_value_no_null_check(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u64 *)(r10 - 8) = r1;				\
	r2 = r10;					\
	r2 += -8;					\
	r1 = %[hmap] ll;				\
	call %[bpf_map_lookup_elem];			\
	r0 = *(u64 *)(r0 + 0);				\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(hmap)
	: __clobber_all);
}

SEC("socket")
__failure __msg("invalid access to map value, value_size=8 off=8 size=4")
__naked int map_value_read_past_end(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u64 *)(r10 - 8) = r1;				\
	r2 = r10;					\
	r2 += -8;					\
	r1 = %[hmap] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l0_%=;				\
	r0 = *(u32 *)(r0 + 8);				\
l0_%=:	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(hmap)
	: __clobber_all);
}

SEC("socket")
__success
__naked int map_value_masked_index(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u64 *)(r10 - 8) = r1;				\
	r2 = r10;					\
	r2 += -8;					\
	r1 = %[hmap] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l0_%=;				\
	r1 = *(u32 *)(r0 + 0);				\
	r1 &= 4;					\
	r0 += r1;					\
	r0 = *(u32 *)(r0 + 0);				\
l0_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(hmap)
	: __clobber_all);
}

SEC("socket")
__failure __msg("R0 unbounded memory access")
__naked int map_value_unbounded_index(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u64 *)(r10 - 8) = r1;				\
	r2 = r10;					\
	r2 += -8;					\
	r1 = %[hmap] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l0_%=;				\
	r1 = *(u32 *)(r0 + 0);				\
	r0 += r1;					\
	r0 = *(u8 *)(r0 + 0);				\
l0_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(hmap)
	: __clobber_all);
}

SEC("socket")
__failure __msg("invalid access to map value, value_size=8 off=5 size=4")
__naked int map_value_checked_index_too_wide(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u64 *)(r10 - 8) = r1;				\
	r2 = r10;					\
	r2 += -8;					\
	r1 = %[hmap] ll;				\
	call %[bpf_map_lookup_elem];			\
	if r0 == 0 goto l0_%=;				\
	r1 = *(u32 *)(r0 + 0);				\
	if r1 > 5 goto l0_%=;				\
	r0 += r1;					\
	r0 = *(u32 *)(r0 + 0);				\
l0_%=:	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_map_lookup_elem), __imm_addr(hmap)
	: __clobber_all);
}

static long write_key_cb(void *map, int *key, long *val, void *ctx)
{
	/* a helper writing through the key: check_helper_mem_access refuses BPF_WRITE to a map key */
	bpf_get_current_comm(key, sizeof(*key));
	return 0;
}

/* found by the kernel's selftests corpus (for_each_map_elem_write_key.c): tsbpf accepted it */
SEC("raw_tp")
__failure __msg("cannot write into map_key")
int for_each_helper_writes_key(void *ctx)
{
	bpf_for_each_map_elem(&hmap, write_key_cb, 0, 0);
	return 0;
}

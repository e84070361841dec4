// Dynptrs (kernel/bpf/verifier.c process_dynptr_func, mark_stack_slots_dynptr,
// unmark_stack_slots_dynptr, destroy_if_dynptr_stack_slot): ring-buffer dynptrs that must be
// submitted or discarded, local dynptrs over map values, slices (bpf_dynptr_data,
// bpf_dynptr_slice) and what invalidates them, skb dynptrs, clones, a global function's dynptr
// argument. The kfuncs are resolved against the running kernel's BTF, as libbpf does; the
// expectations were checked against Linux 6.18. test/verifier_checks/dynptr.test.ts runs the
// accepted ones on the interpreter and the JIT.
#include "vprogs.h"

extern int bpf_dynptr_from_skb(struct __sk_buff *skb, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern void *bpf_dynptr_slice(const struct bpf_dynptr *ptr, __u32 offset, void *buffer__opt, __u32 buffer__szk) __ksym;
extern int bpf_dynptr_clone(const struct bpf_dynptr *ptr, struct bpf_dynptr *clone__init) __ksym;
extern __u32 bpf_dynptr_size(const struct bpf_dynptr *ptr) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

struct val { __u64 a; __u64 b; __u64 c; };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct val);
} arr SEC(".maps");

/* the ring buffer gets an 8-byte record 0x1122334455667788 */
SEC("syscall")
__success
int ringbuf_dynptr_submit(void *ctx)
{
	struct bpf_dynptr ptr;
	__u64 v = 0x1122334455667788ULL;

	bpf_ringbuf_reserve_dynptr(&rb, sizeof(v), 0, &ptr);
	bpf_dynptr_write(&ptr, 0, &v, sizeof(v), 0);
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	return 0;
}

/* a failed reservation still has to be discarded: the verifier cannot tell the paths apart */
SEC("syscall")
__success
int ringbuf_dynptr_discard(void *ctx)
{
	struct bpf_dynptr ptr;
	__u64 *data;
	int ret = 1;

	if (bpf_ringbuf_reserve_dynptr(&rb, 4000, 0, &ptr)) {
		bpf_ringbuf_discard_dynptr(&ptr, 0);
		return 2;
	}
	data = bpf_dynptr_data(&ptr, 0, 8);
	if (data) {
		*data = 42;
		ret = 3;
	}
	bpf_ringbuf_discard_dynptr(&ptr, 0);
	return ret;
}

SEC("syscall")
__failure __msg("Unreleased reference")
int ringbuf_dynptr_missing_release(void *ctx)
{
	struct bpf_dynptr ptr;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr);
	return 0;
}

SEC("syscall")
__failure __msg("Expected an initialized dynptr as arg #2")
int ringbuf_dynptr_use_after_submit(void *ctx)
{
	struct bpf_dynptr ptr;
	__u64 v;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr);
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	bpf_dynptr_read(&v, sizeof(v), &ptr, 0, 0);
	return 0;
}

SEC("syscall")
__failure __msg("cannot overwrite referenced dynptr")
int ringbuf_dynptr_overwrite(void *ctx)
{
	struct bpf_dynptr ptr;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr);
	*(volatile __u64 *)&ptr = 0;
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	return 0;
}

SEC("syscall")
__failure __msg("arg 1 is an unacquired reference")
int local_dynptr_submit(void *ctx)
{
	struct bpf_dynptr ptr;
	__u32 key = 0;
	struct val *v = bpf_map_lookup_elem(&arr, &key);

	if (!v)
		return 0;
	bpf_dynptr_from_mem(v, sizeof(*v), 0, &ptr);
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	return 0;
}

/* writes 7 at offset 8 of the map value through a dynptr, reads it back: returns 7 */
SEC("syscall")
__success
int local_dynptr_read_write(void *ctx)
{
	struct bpf_dynptr ptr;
	__u32 key = 0;
	__u64 in = 7, out = 0;
	struct val *v = bpf_map_lookup_elem(&arr, &key);

	if (!v)
		return 0;
	bpf_dynptr_from_mem(v, sizeof(*v), 0, &ptr);
	if (bpf_dynptr_write(&ptr, 8, &in, sizeof(in), 0))
		return 100;
	/* past the end: -E2BIG, nothing read */
	if (bpf_dynptr_read(&out, sizeof(out), &ptr, 20, 0) != -7)
		return 101;
	bpf_dynptr_read(&out, sizeof(out), &ptr, 8, 0);
	return out;
}

SEC("syscall")
__failure __msg("Unsupported reg type fp for bpf_dynptr_from_mem data")
int local_dynptr_from_stack(void *ctx)
{
	struct bpf_dynptr ptr;
	char buf[16] = {};

	bpf_dynptr_from_mem(buf, sizeof(buf), 0, &ptr);
	return 0;
}

SEC("syscall")
__failure __msg("invalid read from stack")
int dynptr_read_its_bytes(void *ctx)
{
	struct bpf_dynptr ptr;
	__u32 key = 0;
	struct val *v = bpf_map_lookup_elem(&arr, &key);

	if (!v)
		return 0;
	bpf_dynptr_from_mem(v, sizeof(*v), 0, &ptr);
	return *(volatile __u64 *)&ptr;
}

SEC("syscall")
__failure __msg("Expected an initialized dynptr as arg #2")
int dynptr_uninit_read(void *ctx)
{
	struct bpf_dynptr ptr = {};
	__u64 out;

	bpf_dynptr_read(&out, sizeof(out), &ptr, 0, 0);
	return 0;
}

SEC("syscall")
__failure __msg("invalid mem access 'mem_or_null'")
int dynptr_data_no_null_check(void *ctx)
{
	struct bpf_dynptr ptr;
	__u64 *data;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr);
	data = bpf_dynptr_data(&ptr, 0, 8);
	*data = 1;
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	return 0;
}

SEC("syscall")
__failure __msg("invalid mem access 'scalar'")
int dynptr_data_after_submit(void *ctx)
{
	struct bpf_dynptr ptr;
	__u64 *data;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr);
	data = bpf_dynptr_data(&ptr, 0, 8);
	if (!data) {
		bpf_ringbuf_discard_dynptr(&ptr, 0);
		return 0;
	}
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	*data = 1;
	return 0;
}

SEC("syscall")
__failure __msg("min value is outside of the allowed memory range")
int dynptr_data_out_of_bounds(void *ctx)
{
	struct bpf_dynptr ptr;
	char *data;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &ptr);
	data = bpf_dynptr_data(&ptr, 0, 8);
	if (data)
		data[8] = 1;
	bpf_ringbuf_discard_dynptr(&ptr, 0);
	return 0;
}

/* a clone shares the reservation: submitting the original ends the clone too */
SEC("syscall")
__failure __msg("Expected an initialized dynptr as arg #2")
int dynptr_clone_after_submit(void *ctx)
{
	struct bpf_dynptr ptr, clone;
	__u64 v;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	bpf_dynptr_read(&v, sizeof(v), &clone, 0, 0);
	return 0;
}

/* returns the clone's size, 24 */
SEC("syscall")
__success
int dynptr_clone_size(void *ctx)
{
	struct bpf_dynptr ptr, clone;
	__u32 key = 0;
	struct val *v = bpf_map_lookup_elem(&arr, &key);

	if (!v)
		return 0;
	bpf_dynptr_from_mem(v, sizeof(*v), 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	return bpf_dynptr_size(&clone);
}

/* the ethertype through an skb dynptr slice */
SEC("tc")
__success
int skb_dynptr_slice(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u8 buf[14];
	__u8 *eth;

	if (bpf_dynptr_from_skb(skb, 0, &ptr))
		return 0;
	eth = bpf_dynptr_slice(&ptr, 0, buf, sizeof(buf));
	if (!eth)
		return 0;
	return eth[12];
}

/* bpf_skb_pull_data may move the packet: the slice is a packet pointer and goes with it */
SEC("tc")
__failure __msg("invalid mem access 'scalar'")
int skb_dynptr_slice_after_pull(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u8 buf[14];
	__u8 *eth;

	bpf_dynptr_from_skb(skb, 0, &ptr);
	eth = bpf_dynptr_slice(&ptr, 0, buf, sizeof(buf));
	if (!eth)
		return 0;
	bpf_skb_pull_data(skb, 0);
	return eth[12];
}

/* a global function takes a dynptr as `const struct bpf_dynptr *` (CONST_PTR_TO_DYNPTR) */
__attribute__((noinline)) int first_byte(struct bpf_dynptr *p)
{
	__u8 b = 0;

	bpf_dynptr_read(&b, 1, p, 0, 0);
	return b;
}

SEC("syscall")
__success
int dynptr_global_func_arg(void *ctx)
{
	struct bpf_dynptr ptr;
	__u32 key = 0;
	struct val *v = bpf_map_lookup_elem(&arr, &key);

	if (!v)
		return 0;
	bpf_dynptr_from_mem(v, sizeof(*v), 0, &ptr);
	return first_byte(&ptr);
}

/* a global function may read through its dynptr but not release it */
__attribute__((noinline)) int release_it(struct bpf_dynptr *p)
{
	bpf_ringbuf_discard_dynptr(p, 0);
	return 0;
}

SEC("syscall")
__failure __msg("cannot release unowned const bpf_dynptr")
int dynptr_global_func_release(void *ctx)
{
	struct bpf_dynptr ptr;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &ptr);
	release_it(&ptr);
	bpf_ringbuf_discard_dynptr(&ptr, 0);
	return 0;
}

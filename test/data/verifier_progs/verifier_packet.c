/* Direct packet access: comparisons against data_end open a range; accesses stay inside it. */
#include "vprogs.h"

SEC("xdp")
__success __retval(2)
int packet_checked_read(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	if (data + 14 > end)
		return XDP_DROP;
	return data[12] == 0x08 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
__failure __msg("R2 offset is outside of the packet")
__naked int packet_unchecked_read(void)
{
	asm volatile ("					\
	r2 = *(u32 *)(r1 + 0);				\
	r0 = *(u8 *)(r2 + 0);				\
	exit;						\
"	::: __clobber_all);
}

SEC("xdp")
__failure __msg("invalid access to packet, off=14 size=1") __msg("R2 offset is outside of the packet")
__naked int packet_read_past_checked_range(void)
{
	asm volatile ("					\
	r2 = *(u32 *)(r1 + 0);				\
	r3 = *(u32 *)(r1 + 4);				\
	r4 = r2;					\
	r4 += 14;					\
	if r4 > r3 goto l0_%=;				\
	r0 = *(u8 *)(r2 + 14);				\
	exit;						\
l0_%=:	r0 = 1;						\
	exit;						\
"	::: __clobber_all);
}

SEC("tc")
__success __retval(0)
__naked int packet_tc_write_checked(void)
{
	asm volatile ("					\
	r2 = *(u32 *)(r1 + 76);				\
	r3 = *(u32 *)(r1 + 80);				\
	r4 = r2;					\
	r4 += 8;					\
	if r4 > r3 goto l0_%=;				\
	r5 = 0;						\
	*(u32 *)(r2 + 4) = r5;				\
l0_%=:	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

SEC("socket")
__failure __msg("invalid bpf_context access off=76 size=4")
__naked int packet_socket_filter_no_direct_access(void)
{
	asm volatile ("					\
	r2 = *(u32 *)(r1 + 76);				\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

SEC("xdp")
__failure __msg("R3 pointer arithmetic on pkt_end prohibited")
__naked int packet_end_arith(void)
{
	asm volatile ("					\
	r3 = *(u32 *)(r1 + 4);				\
	r3 += 1;					\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

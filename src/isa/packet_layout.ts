/**
 * The kernel's packet-buffer layout, shared by the test-run setup (progtypes/test_run.ts) and the
 * packet helpers that move its edges (helpers/impl/net.ts: bpf_xdp_adjust_head/meta/tail, skb
 * loads relative to the MAC header). Values are x86-64 Linux's.
 */

/** ETH_HLEN: an Ethernet header; the least an XDP or skb packet keeps */
export const ETH_HLEN = 14;
/** PAGE_SIZE: one XDP frame (and each fragment of a multi-buffer frame) */
export const PAGE_SIZE = 4096;
/** XDP_PACKET_HEADROOM (include/uapi/linux/bpf.h) */
export const XDP_PACKET_HEADROOM = 256;
/** sizeof(struct xdp_frame): kept free at the start of the headroom */
export const XDP_FRAME_SIZE = 40;
/** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)): the tailroom a frame keeps */
export const SKB_SHARED_INFO_SIZE = 320;
/**
 * xdp_metalen_invalid: metadata is a multiple of 4 bytes. Linux 6.x no longer caps it at 32
 * (checked against the kernel: 212 bytes are accepted); the u8-sized metadata length and the
 * headroom, less struct xdp_frame's 40 bytes, bound it in practice.
 */
export const XDP_META_MAX = 252;

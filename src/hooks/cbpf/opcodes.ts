/**
 * Classic BPF opcodes (include/uapi/linux/filter.h, include/uapi/linux/bpf_common.h, libpcap's
 * pcap/bpf.h). The class, size, mode and source fields are shared with eBPF; BPF_RET and
 * BPF_MISC are the classic-only classes (eBPF reused their numbers for JMP32 and ALU64).
 */
// the fields classic and eBPF share (bpf_common.h) come from the one uapi table in isa/
export {
  BPF_LD, BPF_LDX, BPF_ST, BPF_STX, BPF_ALU, BPF_JMP, BPF_W, BPF_H, BPF_B, BPF_IMM, BPF_ABS, BPF_IND, BPF_MEM,
  BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH, BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR,
  BPF_JA, BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_K, BPF_X, BPF_CLASS, BPF_SIZE, BPF_MODE, BPF_OP, BPF_SRC,
} from '../../isa/opcodes.js';
/** the classic-only classes: eBPF reused their numbers for JMP32 and ALU64 */
export const BPF_RET = 0x06;
export const BPF_MISC = 0x07;
/** classic-only modes */
export const BPF_LEN = 0x80;
export const BPF_MSH = 0xa0;

/** BPF_RET source: the accumulator */
export const BPF_A = 0x10;

export const BPF_TAX = 0x00;
export const BPF_TXA = 0x80;

export const BPF_RVAL = (c: number): number => c & 0x18;
export const BPF_MISCOP = (c: number): number => c & 0xf8;

/** scratch memory words M[0..15] */
export const BPF_MEMWORDS = 16;
/** the kernel's limit on classic program length (include/uapi/linux/bpf_common.h) */
export const BPF_MAXINSNS = 4096;

/**
 * Linux's ancillary data and negative-offset areas (include/uapi/linux/filter.h): a load from
 * SKF_AD_OFF + n reads a property of the skb instead of packet bytes.
 */
export const SKF_AD_OFF = -0x1000;
export const SKF_AD_PROTOCOL = 0;
export const SKF_AD_PKTTYPE = 4;
export const SKF_AD_IFINDEX = 8;
export const SKF_AD_NLATTR = 12;
export const SKF_AD_NLATTR_NEST = 16;
export const SKF_AD_MARK = 20;
export const SKF_AD_QUEUE = 24;
export const SKF_AD_HATYPE = 28;
export const SKF_AD_RXHASH = 32;
export const SKF_AD_CPU = 36;
export const SKF_AD_ALU_XOR_X = 40;
export const SKF_AD_VLAN_TAG = 44;
export const SKF_AD_VLAN_TAG_PRESENT = 48;
export const SKF_AD_PAY_OFFSET = 52;
export const SKF_AD_RANDOM = 56;
export const SKF_AD_VLAN_TPID = 60;
export const SKF_AD_MAX = 64;
export const SKF_NET_OFF = -0x100000;
export const SKF_LL_OFF = -0x200000;

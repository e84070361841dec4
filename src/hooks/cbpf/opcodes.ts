/**
 * Classic BPF opcodes (include/uapi/linux/filter.h, include/uapi/linux/bpf_common.h, libpcap's
 * pcap/bpf.h). The class, size, mode and source fields are shared with eBPF; BPF_RET and
 * BPF_MISC are the classic-only classes (eBPF reused their numbers for JMP32 and ALU64).
 */
export const BPF_LD = 0x00;
export const BPF_LDX = 0x01;
export const BPF_ST = 0x02;
export const BPF_STX = 0x03;
export const BPF_ALU = 0x04;
export const BPF_JMP = 0x05;
export const BPF_RET = 0x06;
export const BPF_MISC = 0x07;

export const BPF_W = 0x00;
export const BPF_H = 0x08;
export const BPF_B = 0x10;

export const BPF_IMM = 0x00;
export const BPF_ABS = 0x20;
export const BPF_IND = 0x40;
export const BPF_MEM = 0x60;
export const BPF_LEN = 0x80;
export const BPF_MSH = 0xa0;

export const BPF_ADD = 0x00;
export const BPF_SUB = 0x10;
export const BPF_MUL = 0x20;
export const BPF_DIV = 0x30;
export const BPF_OR = 0x40;
export const BPF_AND = 0x50;
export const BPF_LSH = 0x60;
export const BPF_RSH = 0x70;
export const BPF_NEG = 0x80;
export const BPF_MOD = 0x90;
export const BPF_XOR = 0xa0;

export const BPF_JA = 0x00;
export const BPF_JEQ = 0x10;
export const BPF_JGT = 0x20;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;

export const BPF_K = 0x00;
export const BPF_X = 0x08;
/** BPF_RET source: the accumulator */
export const BPF_A = 0x10;

export const BPF_TAX = 0x00;
export const BPF_TXA = 0x80;

export const BPF_CLASS = (c: number): number => c & 0x07;
export const BPF_SIZE = (c: number): number => c & 0x18;
export const BPF_MODE = (c: number): number => c & 0xe0;
export const BPF_OP = (c: number): number => c & 0xf0;
export const BPF_SRC = (c: number): number => c & 0x08;
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

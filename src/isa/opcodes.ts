/**
 * Opcode fields, named as in include/uapi/linux/bpf.h and bpf_common.h, values per RFC 9669 §3-5.
 * The opcode byte is class (3 bits) | source (1 bit) | operation (4 bits) for ALU/JMP,
 * and class | size (2 bits) | mode (3 bits) for loads and stores.
 */

// Instruction classes (RFC 9669 §3.3)
export const BPF_LD = 0x00;
export const BPF_LDX = 0x01;
export const BPF_ST = 0x02;
export const BPF_STX = 0x03;
export const BPF_ALU = 0x04;
export const BPF_JMP = 0x05;
export const BPF_JMP32 = 0x06;
export const BPF_ALU64 = 0x07;

// Size modifier (RFC 9669 §5.1)
export const BPF_W = 0x00;
export const BPF_H = 0x08;
export const BPF_B = 0x10;
export const BPF_DW = 0x18;

// Mode modifier (RFC 9669 §5.1)
export const BPF_IMM = 0x00;
export const BPF_ABS = 0x20;
export const BPF_IND = 0x40;
export const BPF_MEM = 0x60;
export const BPF_MEMSX = 0x80;
export const BPF_ATOMIC = 0xc0;

// Source (RFC 9669 §3.3.1)
export const BPF_K = 0x00;
export const BPF_X = 0x08;
export const BPF_TO_LE = 0x00;
export const BPF_TO_BE = 0x08;
export const BPF_FROM_LE = BPF_TO_LE;
export const BPF_FROM_BE = BPF_TO_BE;

// ALU operations (RFC 9669 §4.1)
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
export const BPF_MOV = 0xb0;
export const BPF_ARSH = 0xc0;
export const BPF_END = 0xd0;

// Jump operations (RFC 9669 §4.3)
export const BPF_JA = 0x00;
/** BPF_JMP|BPF_JCOND with src_reg BPF_MAY_GOTO: may_goto (Linux 6.9) */
export const BPF_JCOND = 0xe0;
export const BPF_MAY_GOTO = 0;
/** BPF_ALU64 | BPF_MOV | BPF_X with off = BPF_ADDR_SPACE_CAST: addr_space_cast (arena pointers, Linux 6.9) */
export const BPF_ADDR_SPACE_CAST = 1;
export const BPF_JEQ = 0x10;
export const BPF_JGT = 0x20;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;
export const BPF_JNE = 0x50;
export const BPF_JSGT = 0x60;
export const BPF_JSGE = 0x70;
export const BPF_CALL = 0x80;
export const BPF_EXIT = 0x90;
export const BPF_JLT = 0xa0;
export const BPF_JLE = 0xb0;
export const BPF_JSLT = 0xc0;
export const BPF_JSLE = 0xd0;

// Atomic operations, carried in imm (RFC 9669 §5.3)
export const BPF_FETCH = 0x01;
export const BPF_XCHG = 0xe0 | BPF_FETCH;
export const BPF_CMPXCHG = 0xf0 | BPF_FETCH;

// lddw src values (RFC 9669 §5.4, uapi bpf.h)
export const BPF_PSEUDO_MAP_FD = 1;
export const BPF_PSEUDO_MAP_VALUE = 2;
export const BPF_PSEUDO_BTF_ID = 3;
export const BPF_PSEUDO_FUNC = 4;
export const BPF_PSEUDO_MAP_IDX = 5;
export const BPF_PSEUDO_MAP_IDX_VALUE = 6;

// call src values (uapi bpf.h)
export const BPF_PSEUDO_CALL = 1;
export const BPF_PSEUDO_KFUNC_CALL = 2;

export const BPF_REG_0 = 0;
export const BPF_REG_1 = 1;
export const BPF_REG_2 = 2;
export const BPF_REG_3 = 3;
export const BPF_REG_4 = 4;
export const BPF_REG_5 = 5;
export const BPF_REG_6 = 6;
export const BPF_REG_7 = 7;
export const BPF_REG_8 = 8;
export const BPF_REG_9 = 9;
export const BPF_REG_10 = 10;
export const MAX_BPF_REG = 11;

/** most instructions (slots) a privileged program may have: bpf_prog_load's E2BIG limit, kernel/bpf/syscall.c */
export const BPF_COMPLEXITY_LIMIT_INSNS = 1_000_000;
/** bytes per frame stack (kernel MAX_BPF_STACK) */
export const MAX_BPF_STACK = 512;
/** kernel MAX_CALL_FRAMES */
export const MAX_CALL_FRAMES = 8;
/**
 * BPF_MAX_LOOPS (include/linux/bpf.h): the iterations a frame's may_goto counter allows — the
 * kernel keeps it in a hidden stack slot set in each subprogram's prologue (do_misc_fixups)
 */
export const BPF_MAX_LOOPS = 8 * 1024 * 1024;

export const BPF_CLASS = (code: number): number => code & 0x07;
export const BPF_SIZE = (code: number): number => code & 0x18;
export const BPF_MODE = (code: number): number => code & 0xe0;
export const BPF_OP = (code: number): number => code & 0xf0;
export const BPF_SRC = (code: number): number => code & 0x08;

/** bytes accessed by a load/store of the given size field */
export function sizeBytes(code: number): 1 | 2 | 4 | 8 {
  switch (code & 0x18) {
    case BPF_B: return 1;
    case BPF_H: return 2;
    case BPF_W: return 4;
    default: return 8;
  }
}

/** RFC 9669 conformance groups (§7) */
export type ConformanceGroup = 'base32' | 'base64' | 'atomic32' | 'atomic64' | 'divmul32' | 'divmul64' | 'packet' | 'callx';

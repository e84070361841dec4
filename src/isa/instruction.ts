/**
 * The 8-byte instruction slot (RFC 9669 §3): opcode:8 dst:4 src:4 offset:16 imm:32, and the
 * wide instruction `lddw` (BPF_LD | BPF_IMM | BPF_DW) that spans two slots and is one
 * `Instruction` here. Offsets of jumps and indices in errors count slots, as the kernel does.
 */
import { BpfError } from './errors.js';
import * as op from './opcodes.js';

export interface Instruction {
  /** the opcode byte */
  code: number;
  dst: number;
  src: number;
  /** signed 16-bit offset */
  off: number;
  /** signed 32-bit immediate */
  imm: number;
  /** lddw only: the imm of the second slot (the high 32 bits of a plain imm64, the value offset of a map value) */
  imm2: number;
}

export const LDDW = op.BPF_LD | op.BPF_IMM | op.BPF_DW;

export function insn(code: number, dst = 0, src = 0, off = 0, imm = 0, imm2 = 0): Instruction {
  return { code, dst, src, off, imm: imm | 0, imm2: imm2 | 0 };
}

export const isLddw = (code: number): boolean => code === LDDW;
export const slotsOf = (i: Instruction): 1 | 2 => (i.code === LDDW ? 2 : 1);

/** the 64-bit immediate of an lddw (imm | imm2 << 32) */
export function lddwValue(i: Instruction): bigint {
  return (BigInt(i.imm2 >>> 0) << 32n) | BigInt(i.imm >>> 0);
}

/** set an lddw's 64-bit immediate */
export function withImm64(i: Instruction, v: bigint): Instruction {
  const u = BigInt.asUintN(64, v);
  return { ...i, imm: Number(u & 0xffffffffn) | 0, imm2: Number(u >> 32n) | 0 };
}

export interface ByteOrder {
  /** objects for big-endian targets (bpfeb) store fields big-endian and dst in the high nibble */
  bigEndian?: boolean;
}

/**
 * Decode a program from its bytes. The byte length must be a multiple of 8 and every lddw
 * must have its second slot (whose opcode, registers and offset must be zero).
 */
export function decodeInstructions(bytes: Uint8Array, opts: ByteOrder = {}): Instruction[] {
  if (bytes.length % 8 !== 0) {
    throw new BpfError('EINVAL', `program length ${bytes.length} is not a multiple of 8 bytes`, { offset: bytes.length - (bytes.length % 8) });
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = !opts.bigEndian;
  const n = bytes.length / 8;
  const out: Instruction[] = [];
  for (let s = 0; s < n; s++) {
    const o = s * 8;
    const code = dv.getUint8(o);
    const regs = dv.getUint8(o + 1);
    const dst = le ? regs & 0xf : regs >> 4;
    const src = le ? regs >> 4 : regs & 0xf;
    const off = dv.getInt16(o + 2, le);
    const imm = dv.getInt32(o + 4, le);
    if (code === LDDW) {
      if (s + 1 >= n) throw new BpfError('EINVAL', 'invalid bpf_ld_imm64 insn: the second half of lddw is missing', { insn: s });
      const o2 = o + 8;
      if (dv.getUint8(o2) !== 0 || dv.getUint8(o2 + 1) !== 0 || dv.getInt16(o2 + 2, le) !== 0) {
        throw new BpfError('EINVAL', 'invalid bpf_ld_imm64 insn: the second slot of lddw must have zero opcode, registers and offset', { insn: s + 1 });
      }
      out.push({ code, dst, src, off, imm, imm2: dv.getInt32(o2 + 4, le) });
      s++;
    } else {
      out.push({ code, dst, src, off, imm, imm2: 0 });
    }
  }
  return out;
}

/** encode instructions to bytes (lddw as two slots) */
export function encodeInstructions(insns: readonly Instruction[], opts: ByteOrder = {}): Uint8Array {
  let slots = 0;
  for (const i of insns) slots += slotsOf(i);
  const bytes = new Uint8Array(slots * 8);
  const dv = new DataView(bytes.buffer);
  const le = !opts.bigEndian;
  let o = 0;
  for (const i of insns) {
    dv.setUint8(o, i.code);
    dv.setUint8(o + 1, le ? (i.dst & 0xf) | ((i.src & 0xf) << 4) : ((i.dst & 0xf) << 4) | (i.src & 0xf));
    dv.setInt16(o + 2, i.off, le);
    dv.setInt32(o + 4, i.imm | 0, le);
    o += 8;
    if (i.code === LDDW) {
      dv.setInt32(o + 4, i.imm2 | 0, le);
      o += 8;
    }
  }
  return bytes;
}

/** slot index of each instruction, plus the total slot count at the end */
export function slotIndices(insns: readonly Instruction[]): number[] {
  const idx: number[] = new Array(insns.length + 1);
  let s = 0;
  for (let k = 0; k < insns.length; k++) {
    idx[k] = s;
    s += slotsOf(insns[k]!);
  }
  idx[insns.length] = s;
  return idx;
}

/** the raw 64-bit word of one slot: opcode | dst<<8 | src<<12 | off<<16 | imm<<32 (conformance `-- raw`) */
export function slotWords(insns: readonly Instruction[]): bigint[] {
  const bytes = encodeInstructions(insns);
  const dv = new DataView(bytes.buffer);
  const out: bigint[] = [];
  for (let o = 0; o < bytes.length; o += 8) out.push(dv.getBigUint64(o, true));
  return out;
}

export function fromSlotWords(words: readonly bigint[]): Instruction[] {
  const bytes = new Uint8Array(words.length * 8);
  const dv = new DataView(bytes.buffer);
  words.forEach((w, k) => dv.setBigUint64(k * 8, BigInt.asUintN(64, w), true));
  return decodeInstructions(bytes);
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[\s,]|0x/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) {
    throw new BpfError('EINVAL', `not a hex byte string: ${JSON.stringify(hex.slice(0, 40))}`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = parseInt(clean.substr(k * 2, 2), 16);
  return out;
}

export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (let k = 0; k < b.length; k++) s += b[k]!.toString(16).padStart(2, '0');
  return s;
}

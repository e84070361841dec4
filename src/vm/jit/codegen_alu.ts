/**
 * ALU instructions (BPF_ALU, BPF_ALU64) to wasm, with RFC 9669 semantics: 32-bit results
 * zero-extended, division by zero, signed division overflow, sign-extending moves, byte swaps.
 */
import * as op from '../../isa/opcodes.js';
import { Bytes, I32, I64, Op } from './wasm.js';
import type { Slots } from './cfg.js';
import { F_ARENA_CAST, L_T1, L_T32, putS } from './codegen_abi.js';

/** ALU operation → wasm op (64-bit, 32-bit) for the plain binary operations */
const ALU_BIN: Record<number, [Op, Op]> = {
  [op.BPF_ADD]: [Op.i64_add, Op.i32_add], [op.BPF_SUB]: [Op.i64_sub, Op.i32_sub], [op.BPF_MUL]: [Op.i64_mul, Op.i32_mul],
  [op.BPF_OR]: [Op.i64_or, Op.i32_or], [op.BPF_AND]: [Op.i64_and, Op.i32_and], [op.BPF_XOR]: [Op.i64_xor, Op.i32_xor],
  [op.BPF_LSH]: [Op.i64_shl, Op.i32_shl], [op.BPF_RSH]: [Op.i64_shr_u, Op.i32_shr_u], [op.BPF_ARSH]: [Op.i64_shr_s, Op.i32_shr_s],
};
/** wasm binary op by ALU op >> 4: 64-bit and 32-bit (0 = not a plain binary op) */
const ALU64_OPS = new Uint8Array(16);
const ALU32_OPS = new Uint8Array(16);
for (const [o, [o64, o32]] of Object.entries(ALU_BIN)) {
  ALU64_OPS[Number(o) >> 4] = o64;
  ALU32_OPS[Number(o) >> 4] = o32;
}

export function emitAlu(b: Bytes, s: Slots, p: number): void {
  const c = s.code[p]!;
  const d = s.dst[p]!;
  const is64 = (c & 7) === op.BPF_ALU64;
  const o = c & 0xf0;
  const x = (c & op.BPF_X) !== 0;
  const imm = s.imm[p]!;
  const off = s.off[p]!;
  const src = s.src[p]!;
  switch (o) {
    case op.BPF_MOV:
      if (!x && (is64 || imm >= 0)) {
        // mov imm (the common case): a 32-bit mov of imm >= 0 is the same constant
        b.reserve(12);
        const buf = b.buf;
        let i = b.len;
        buf[i++] = Op.i64_const; i = putS(buf, i, imm); buf[i++] = Op.local_set; buf[i++] = d;
        b.len = i;
        return;
      }
      if (x && is64 && off === op.BPF_ADDR_SPACE_CAST) {
        // addr_space_cast: imm 1 << 16 is as(0) -> as(1) (to the user address), imm 1 the reverse
        b.u8(Op.local_get).uleb(src).u8(Op.i32_const).sleb(imm === 1 << 16 ? 1 : 0).u8(Op.i32_const).sleb(p);
        b.u8(Op.call).uleb(F_ARENA_CAST).u8(Op.local_set).uleb(d);
        return;
      }
      if (x) {
        b.u8(Op.local_get).uleb(src);
        if (is64) {
          if (off === 8) b.u8(Op.i64_extend8_s);
          else if (off === 16) b.u8(Op.i64_extend16_s);
          else if (off === 32) b.u8(Op.i64_extend32_s);
        } else {
          b.u8(Op.i32_wrap_i64);
          if (off === 8) b.u8(Op.i32_extend8_s);
          else if (off === 16) b.u8(Op.i32_extend16_s);
          b.u8(Op.i64_extend_i32_u);
        }
      } else if (is64) b.u8(Op.i64_const).sleb(imm);
      else b.u8(Op.i64_const).sleb64(imm, 0);
      b.u8(Op.local_set).uleb(d);
      return;
    case op.BPF_NEG:
      if (is64) b.u8(Op.i64_const).sleb(0).u8(Op.local_get).uleb(d).u8(Op.i64_sub);
      else b.u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(d).u8(Op.i32_wrap_i64).u8(Op.i32_sub).u8(Op.i64_extend_i32_u);
      b.u8(Op.local_set).uleb(d);
      return;
    case op.BPF_DIV:
    case op.BPF_MOD:
      emitDivMod(b, s, p, is64, o === op.BPF_MOD, off === 1);
      return;
    case op.BPF_END:
      emitEnd(b, d, c, imm);
      return;
  }
  const wop = is64 ? ALU64_OPS[o >> 4]! : ALU32_OPS[o >> 4]!;
  if (!wop) throw new Error(`jit: unexpected ALU op 0x${c.toString(16)}`);
  b.reserve(24);
  const buf = b.buf;
  let i = b.len;
  buf[i++] = Op.local_get; buf[i++] = d;
  if (is64) {
    if (x) {
      buf[i++] = Op.local_get; buf[i++] = src;
    } else {
      buf[i++] = Op.i64_const; i = putS(buf, i, imm);
    }
    buf[i++] = wop;
  } else {
    buf[i++] = Op.i32_wrap_i64;
    if (x) {
      buf[i++] = Op.local_get; buf[i++] = src; buf[i++] = Op.i32_wrap_i64;
    } else {
      buf[i++] = Op.i32_const; i = putS(buf, i, imm);
    }
    buf[i++] = wop; buf[i++] = Op.i64_extend_i32_u;
  }
  buf[i++] = Op.local_set; buf[i++] = d;
  b.len = i;
}

/**
 * Division and modulo with RFC 9669 §4.1 semantics: x / 0 = 0, x % 0 = x, signed INT_MIN / -1 =
 * INT_MIN (wasm's div_s would trap), signed x % -1 = 0; 32-bit results zero-extended.
 */
function emitDivMod(b: Bytes, s: Slots, p: number, is64: boolean, mod: boolean, signed: boolean): void {
  const c = s.code[p]!;
  const d = s.dst[p]!;
  const x = (c & op.BPF_X) !== 0;
  const T = is64 ? I64 : I32;
  const opDiv = is64 ? (signed ? Op.i64_div_s : Op.i64_div_u) : signed ? Op.i32_div_s : Op.i32_div_u;
  const opRem = is64 ? (signed ? Op.i64_rem_s : Op.i64_rem_u) : signed ? Op.i32_rem_s : Op.i32_rem_u;
  const pushDst = (): void => {
    b.u8(Op.local_get).uleb(d);
    if (!is64) b.u8(Op.i32_wrap_i64);
  };
  const konst = (v: number): void => {
    if (is64) b.u8(Op.i64_const).sleb(v);
    else b.u8(Op.i32_const).sleb(v);
  };
  const finish = (): void => {
    if (!is64) b.u8(Op.i64_extend_i32_u);
    b.u8(Op.local_set).uleb(d);
  };
  if (!x) {
    const imm = s.imm[p]!;
    if (imm === 0) {
      if (mod) {
        if (!is64) { pushDst(); finish(); } // 32-bit: the dividend's low half, zero-extended
      } else { konst(0); finish(); }
      return;
    }
    if (signed && imm === -1) {
      if (mod) konst(0);
      else { konst(0); pushDst(); b.u8(is64 ? Op.i64_sub : Op.i32_sub); }
      finish();
      return;
    }
    pushDst();
    konst(imm);
    b.u8(mod ? opRem : opDiv);
    finish();
    return;
  }
  // register divisor: keep it in a scratch local (i64 L_T1 / i32 L_T32)
  const t = is64 ? L_T1 : L_T32;
  b.u8(Op.local_get).uleb(s.src[p]!);
  if (!is64) b.u8(Op.i32_wrap_i64);
  b.u8(Op.local_tee).uleb(t).u8(is64 ? Op.i64_eqz : Op.i32_eqz);
  b.u8(Op.if).u8(T);
  if (mod) pushDst();
  else konst(0);
  b.u8(Op.else);
  if (signed && !mod) {
    b.u8(Op.local_get).uleb(t);
    konst(-1);
    b.u8(is64 ? Op.i64_eq : Op.i32_eq).u8(Op.if).u8(T);
    konst(0);
    pushDst();
    b.u8(is64 ? Op.i64_sub : Op.i32_sub);
    b.u8(Op.else);
    pushDst();
    b.u8(Op.local_get).uleb(t).u8(opDiv);
    b.u8(Op.end);
  } else {
    pushDst();
    b.u8(Op.local_get).uleb(t).u8(mod ? opRem : opDiv);
  }
  b.u8(Op.end);
  finish();
}

/** le/be (BPF_ALU | BPF_END) and bswap (BPF_ALU64 | BPF_END) on a little-endian machine */
function emitEnd(b: Bytes, d: number, c: number, imm: number): void {
  const swap = (c & 7) === op.BPF_ALU64 || (c & op.BPF_TO_BE) !== 0;
  if (!swap) {
    // to little endian: truncate to the width
    if (imm === 16) b.u8(Op.local_get).uleb(d).u8(Op.i64_const).sleb(0xffff).u8(Op.i64_and).u8(Op.local_set).uleb(d);
    else if (imm === 32) b.u8(Op.local_get).uleb(d).u8(Op.i64_const).sleb64(-1, 0).u8(Op.i64_and).u8(Op.local_set).uleb(d);
    return;
  }
  if (imm === 16) {
    // ((x & 0xff) << 8) | ((x >> 8) & 0xff)
    b.u8(Op.local_get).uleb(d).u8(Op.i32_wrap_i64).u8(Op.local_tee).uleb(L_T32).u8(Op.i32_const).sleb(0xff).u8(Op.i32_and).u8(Op.i32_const).sleb(8).u8(Op.i32_shl);
    b.u8(Op.local_get).uleb(L_T32).u8(Op.i32_const).sleb(8).u8(Op.i32_shr_u).u8(Op.i32_const).sleb(0xff).u8(Op.i32_and).u8(Op.i32_or);
    b.u8(Op.i64_extend_i32_u).u8(Op.local_set).uleb(d);
    return;
  }
  if (imm === 32) {
    // rotl(((x >> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8), 16)
    b.u8(Op.local_get).uleb(d).u8(Op.i32_wrap_i64).u8(Op.local_tee).uleb(L_T32).u8(Op.i32_const).sleb(8).u8(Op.i32_shr_u).u8(Op.i32_const).sleb(0x00ff00ff).u8(Op.i32_and);
    b.u8(Op.local_get).uleb(L_T32).u8(Op.i32_const).sleb(0x00ff00ff).u8(Op.i32_and).u8(Op.i32_const).sleb(8).u8(Op.i32_shl).u8(Op.i32_or);
    b.u8(Op.i32_const).sleb(16).u8(Op.i32_rotl).u8(Op.i64_extend_i32_u).u8(Op.local_set).uleb(d);
    return;
  }
  // 64: swap bytes within halfwords, halfwords within words, then the words
  const m8 = (): void => void b.u8(Op.i64_const).sleb64(0x00ff00ff, 0x00ff00ff);
  const m16 = (): void => void b.u8(Op.i64_const).sleb64(0x0000ffff, 0x0000ffff);
  b.u8(Op.local_get).uleb(d).u8(Op.i64_const).sleb(8).u8(Op.i64_shr_u); m8(); b.u8(Op.i64_and);
  b.u8(Op.local_get).uleb(d); m8(); b.u8(Op.i64_and).u8(Op.i64_const).sleb(8).u8(Op.i64_shl).u8(Op.i64_or).u8(Op.local_tee).uleb(L_T1);
  b.u8(Op.i64_const).sleb(16).u8(Op.i64_shr_u); m16(); b.u8(Op.i64_and);
  b.u8(Op.local_get).uleb(L_T1); m16(); b.u8(Op.i64_and).u8(Op.i64_const).sleb(16).u8(Op.i64_shl).u8(Op.i64_or);
  b.u8(Op.i64_const).sleb(32).u8(Op.i64_rotl).u8(Op.local_set).uleb(d);
}

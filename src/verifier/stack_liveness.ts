/**
 * Static liveness of stack slots (the frame's 64 eight-byte slots), the stack half of the kernel's
 * liveness (6.18 kernel/bpf/liveness.c computes, per instruction, the stack slots that may be read
 * before written; clean_func_state then forgets the others in explored states, so stacksafe does
 * not compare them). Without it two paths that wrote different values into a slot nothing reads
 * again are never pruned against each other (test_verifier "jump test 1": a chain of branches
 * each storing to a dead slot, 100 instructions processed where the kernel processes 44).
 *
 * The analysis is conservative: a forward pass finds which registers hold the frame pointer plus a
 * known constant (r10 and its copies), which hold something else for certain, and which may point
 * into a stack at an unknown offset; a backward pass then computes, for each instruction, the slots
 * of its own frame that some path from it may read before an 8-byte aligned store overwrites them:
 *  - a load or atomic through fp+k reads the slots it covers; through a pointer that may be a stack
 *    pointer, every slot;
 *  - a helper, kfunc or bpf-to-bpf call given fp+k in r1-r5 may read [k, 0) (the verifier keeps its
 *    accesses inside the frame); given a possible stack pointer, every slot;
 *  - once a stack pointer is stored to memory, a loaded value may be one, and every call may read
 *    every slot (the callee or the helper could load it back).
 * Only the frame of the instruction is covered: a caller's slots stay compared in full, as a callee
 * may read them through its arguments until it returns.
 */
import * as op from '../isa/opcodes.js';
import { type Cfg, type Slots, LDDW, isPseudoCall, jmpTarget, insnSuccessors } from './cfg.js';

/** register value kinds of the forward pass */
const UNSEEN = 0;
/** not a stack pointer */
const NS = 1;
/** the frame pointer plus a known offset */
const FP = 2;
/** possibly a stack pointer, offset unknown */
const MAYBE = 3;

const ALL = 0xffffffff | 0;

/**
 * For each instruction, the slots of its frame possibly read before written from there: bit spi of
 * word 2*i + (spi >> 5) for slot spi (bytes -8*(spi+1) .. -8*spi-1).
 */
export function stackLiveness(s: Slots, cfg: Cfg): Int32Array {
  let escape = false;
  let r = forward(s, cfg, false);
  if (r.escape) {
    escape = true;
    r = forward(s, cfg, true);
  }
  return backward(s, r.kind, r.off, escape);
}

interface Fwd { kind: Uint8Array; off: Int16Array; escape: boolean }

/** forward pass: the kind (and fp offset) of r0-r10 on entry to each instruction, joined over paths */
function forward(s: Slots, cfg: Cfg, escape: boolean): Fwd {
  const n = s.n;
  const kind = new Uint8Array(n * 11);
  const off = new Int16Array(n * 11);
  const work: number[] = [];
  const inWork = new Uint8Array(n);
  let escaped = false;
  const k = new Uint8Array(11);
  const o = new Int16Array(11);
  const join = (t: number): void => {
    if (t < 0 || t >= n) return;
    let changed = false;
    for (let r = 0; r < 11; r++) {
      const a = kind[t * 11 + r]!;
      const b = k[r]!;
      let nk = a;
      let no = off[t * 11 + r]!;
      if (a === UNSEEN) { nk = b; no = o[r]!; } else if (b !== UNSEEN && (a !== b || (a === FP && no !== o[r]))) nk = a === NS && b === NS ? NS : MAYBE;
      if (nk !== a || no !== off[t * 11 + r]) { kind[t * 11 + r] = nk; off[t * 11 + r] = no; changed = true; }
    }
    if (changed && !inWork[t]) { inWork[t] = 1; work.push(t); }
  };
  // every subprogram is entered with r10 = fp+0; main's r1 is the context, a subprogram's or a
  // callback's arguments may be the caller's stack pointers
  for (const sp of cfg.subprogs) {
    // (an uninitialised register cannot be read, check_reg_arg: NS will do)
    for (let r = 0; r < 10; r++) { k[r] = sp.start !== 0 && r >= 1 && r <= 5 ? MAYBE : NS; o[r] = 0; }
    k[10] = FP; o[10] = 0;
    join(sp.start);
  }
  const setFp = (r: number, v: number): void => {
    // an offset outside the frame can only be refused on use: treat it as unknown
    if (v > 0 || v < -512) { k[r] = MAYBE; o[r] = 0; } else { k[r] = FP; o[r] = v; }
  };
  while (work.length) {
    const i = work.pop()!;
    inWork[i] = 0;
    for (let r = 0; r < 11; r++) { k[r] = kind[i * 11 + r]!; o[r] = off[i * 11 + r]!; }
    const code = s.code[i]!;
    const cls = code & 7;
    const d = s.dst[i]!;
    const sr = s.src[i]! & 15;
    const x = (code & op.BPF_X) !== 0;
    const opc = code & 0xf0;
    switch (cls) {
      case op.BPF_ALU64:
        if (opc === op.BPF_MOV && x && s.off[i] === 0) { k[d] = k[sr]!; o[d] = o[sr]!; } else if (opc === op.BPF_MOV) k[d] = NS;
        else if ((opc === op.BPF_ADD || opc === op.BPF_SUB) && !x && k[d] === FP) setFp(d, o[d]! + (opc === op.BPF_ADD ? s.imm[i]! : -s.imm[i]!));
        else if (k[d] === NS && (!x || k[sr] === NS)) k[d] = NS;
        else k[d] = MAYBE;
        break;
      case op.BPF_ALU:
        k[d] = NS;
        break;
      case op.BPF_LDX:
        k[d] = escape ? MAYBE : NS;
        break;
      case op.BPF_STX:
        if (k[sr] !== NS) escaped = true;
        if ((code & 0xe0) === op.BPF_ATOMIC && s.imm[i]! & op.BPF_FETCH) {
          if (s.imm[i] === op.BPF_CMPXCHG) k[0] = escape ? MAYBE : NS;
          else k[sr] = escape ? MAYBE : NS;
        }
        break;
      case op.BPF_LD:
        if (code === LDDW) k[d] = NS;
        else for (let r = 0; r <= 5; r++) k[r] = NS; // LD_ABS/LD_IND: r0 and the clobbered r1-r5
        break;
      case op.BPF_JMP:
      case op.BPF_JMP32:
        if (opc === op.BPF_CALL) {
          // r0 of a kfunc may be a buffer the caller passed (bpf_dynptr_slice); r1-r5 are clobbered
          k[0] = s.src[i] === op.BPF_PSEUDO_KFUNC_CALL || isPseudoCall(s, i) ? MAYBE : NS;
          for (let r = 1; r <= 5; r++) k[r] = NS;
        }
        break;
    }
    if (code === LDDW) { join(i + 2); continue; }
    if (cls === op.BPF_JMP || cls === op.BPF_JMP32) {
      if (opc === op.BPF_EXIT) continue;
      if (opc === op.BPF_CALL) { join(i + 1); continue; }
      join(jmpTarget(s, i));
      if (opc !== op.BPF_JA) join(i + 1);
      continue;
    }
    join(i + 1);
  }
  return { kind, off, escape: escaped };
}

function backward(s: Slots, kind: Uint8Array, off: Int16Array, escape: boolean): Int32Array {
  const n = s.n;
  const use = new Int32Array(n * 2);
  const def = new Int32Array(n * 2);
  const all = (i: number): void => { use[2 * i] = ALL; use[2 * i + 1] = ALL; };
  const readVia = (i: number, r: number, lo: number, hi: number): void => {
    const kk = kind[i * 11 + r]!;
    if (kk === FP) slotsOf(use, 2 * i, off[i * 11 + r]! + lo, off[i * 11 + r]! + hi);
    else if (kk === MAYBE) all(i);
  };
  for (let i = 0; i < n; i++) {
    const code = s.code[i]!;
    const cls = code & 7;
    const size = [4, 2, 1, 8][(code >> 3) & 3]!;
    if (cls === op.BPF_LDX) readVia(i, s.src[i]! & 15, s.off[i]!, s.off[i]! + size);
    else if (cls === op.BPF_STX && (code & 0xe0) === op.BPF_ATOMIC) readVia(i, s.dst[i]!, s.off[i]!, s.off[i]! + size);
    else if ((cls === op.BPF_STX || cls === op.BPF_ST) && (code & 0xe0) === op.BPF_MEM && size === 8 && kind[i * 11 + s.dst[i]!] === FP) {
      // an aligned 8-byte store overwrites its slot whole
      const a = off[i * 11 + s.dst[i]!]! + s.off[i]!;
      if (a % 8 === 0 && a < 0 && a >= -512) {
        const spi = (-a - 8) / 8;
        def[2 * i + (spi >> 5)]! |= 1 << (spi & 31);
      }
    } else if (code === (op.BPF_JMP | op.BPF_CALL)) {
      if (escape) all(i);
      else for (let r = 1; r <= 5; r++) readVia(i, r, 0, -off[i * 11 + r]!);
    }
    if (code === LDDW) i++;
  }
  const live = new Int32Array(n * 2);
  const succ = new Int32Array(2);
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = n - 1; i >= 0; i--) {
      let a = 0;
      let b = 0;
      for (let k = insnSuccessors(s, i, succ); k-- > 0;) {
        const t = succ[k]!;
        a |= live[2 * t]!;
        b |= live[2 * t + 1]!;
      }
      const va = use[2 * i]! | (a & ~def[2 * i]!);
      const vb = use[2 * i + 1]! | (b & ~def[2 * i + 1]!);
      if (va !== live[2 * i] || vb !== live[2 * i + 1]) { live[2 * i] = va; live[2 * i + 1] = vb; changed = true; }
    }
  }
  return live;
}

/** set the bits of the slots that bytes [lo, hi) of the frame touch */
function slotsOf(use: Int32Array, at: number, lo: number, hi: number): void {
  const l = Math.max(lo, -512);
  const h = Math.min(hi, 0);
  if (l >= h) return;
  // slot spi holds bytes [-8(spi+1), -8spi)
  const first = ((-h) / 8) | 0;
  const last = ((-l - 1) / 8) | 0;
  for (let spi = first; spi <= last; spi++) use[at + (spi >> 5)]! |= 1 << (spi & 31);
}

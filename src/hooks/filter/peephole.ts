/**
 * libpcap's per-block statement optimisations (optimize.c: opt_stmt, the end of opt_peep, and
 * opt_deadstores), run on each block before jump threading. They matter for selections, not
 * only for size: libpcap's optimiser turns `mul #0`, `and #0` and an operation on an A known
 * to be 0 into `ld #0`, and then deletes the statements whose results nobody uses — loads
 * included — so `ip[200] * 0 + ip[2] = 5` matches a 60-byte packet in tcpdump (the load of
 * byte 214, which would have rejected it, is gone). Its refusals come from here too: a divisor
 * that folds to 0 is "division by zero", a shift count that folds past 31 "shift by more than
 * 31 bits".
 *
 * Values are tracked as constants or unknowns per atom (A, X, M[0..15]) from the block's entry
 * (codegen makes a block's statements self-contained: nothing flows in through A or X).
 */
import { BpfError } from '../../isa/errors.js';
import * as c from '../cbpf/opcodes.js';
import type { Block, Stmt } from './cfg.js';

/** optimize.c's atoms: the 16 scratch words, then A and X */
const A_ATOM = 16;
const X_ATOM = 17;
const N_ATOMS = 18;
/** a statement removed (optimize.c's NOP) */
const NOP = -1;

/** fold_op: the ALU on two constants, with libpcap's refusals and its shifts past 31 giving 0 */
function foldOp(op: number, a: number, b: number): number {
  switch (op) {
    case c.BPF_ADD: return (a + b) >>> 0;
    case c.BPF_SUB: return (a - b) >>> 0;
    case c.BPF_MUL: return Math.imul(a, b) >>> 0;
    case c.BPF_DIV:
      if (b === 0) throw new BpfError('EINVAL', 'division by zero');
      return Math.floor(a / b) >>> 0;
    case c.BPF_MOD:
      if (b === 0) throw new BpfError('EINVAL', 'modulus by zero');
      return a % b >>> 0;
    case c.BPF_AND: return (a & b) >>> 0;
    case c.BPF_OR: return (a | b) >>> 0;
    case c.BPF_XOR: return (a ^ b) >>> 0;
    case c.BPF_LSH: return b < 32 ? (a << b) >>> 0 : 0;
    case c.BPF_RSH: return b < 32 ? a >>> b : 0;
    case c.BPF_NEG: return -a >>> 0;
    default: throw new BpfError('EINVAL', `unknown ALU operation ${op}`);
  }
}

/**
 * opt_stmt over the block's statements once; returns whether a statement changed. `val` holds a
 * constant per atom, or undefined when unknown.
 */
function optStmts(st: Stmt[], val: Array<number | undefined>): boolean {
  let changed = false;
  const ld = (s: Stmt, k: number): void => {
    s.code = c.BPF_LD | c.BPF_IMM;
    s.k = k >>> 0;
    val[A_ATOM] = s.k;
    changed = true;
  };
  for (const s of st) {
    if (s.code === NOP) continue;
    const cls = c.BPF_CLASS(s.code);
    switch (cls) {
      case c.BPF_LD: {
        const mode = c.BPF_MODE(s.code);
        if (mode === c.BPF_IMM) val[A_ATOM] = s.k >>> 0;
        else if (mode === c.BPF_MEM) {
          const v = val[s.k];
          if (v !== undefined) ld(s, v);
          else val[A_ATOM] = undefined;
        } else {
          // ld [x + k] with a known X is ld [k']
          if (mode === c.BPF_IND && val[X_ATOM] !== undefined) {
            s.code = c.BPF_LD | c.BPF_ABS | c.BPF_SIZE(s.code);
            s.k = (s.k + val[X_ATOM]!) >>> 0;
            changed = true;
          }
          val[A_ATOM] = undefined;
        }
        break;
      }
      case c.BPF_LDX: {
        const mode = c.BPF_MODE(s.code);
        if (mode === c.BPF_IMM) val[X_ATOM] = s.k >>> 0;
        else if (mode === c.BPF_MEM && val[s.k] !== undefined) {
          s.code = c.BPF_LDX | c.BPF_IMM;
          s.k = val[s.k]!;
          val[X_ATOM] = s.k;
          changed = true;
        } else val[X_ATOM] = undefined;
        break;
      }
      case c.BPF_ST: val[s.k] = val[A_ATOM]; break;
      case c.BPF_STX: val[s.k] = val[X_ATOM]; break;
      case c.BPF_MISC:
        if (s.code === (c.BPF_MISC | c.BPF_TAX)) val[X_ATOM] = val[A_ATOM];
        else val[A_ATOM] = val[X_ATOM];
        break;
      case c.BPF_ALU: {
        const op = c.BPF_OP(s.code);
        const a = val[A_ATOM];
        if (op === c.BPF_NEG) {
          if (a !== undefined) ld(s, foldOp(op, a, 0));
          break;
        }
        if (c.BPF_SRC(s.code) === c.BPF_K) {
          const k = s.k >>> 0;
          if (k === 0) {
            // "sub #0" stays: libpcap keeps it for the code that follows
            if (op === c.BPF_ADD || op === c.BPF_LSH || op === c.BPF_RSH || op === c.BPF_OR || op === c.BPF_XOR) {
              s.code = NOP;
              changed = true;
              break;
            }
            if (op === c.BPF_MUL || op === c.BPF_AND) {
              ld(s, 0);
              break;
            }
            if (op === c.BPF_DIV) throw new BpfError('EINVAL', 'division by zero');
            if (op === c.BPF_MOD) throw new BpfError('EINVAL', 'modulus by zero');
          }
          if (a !== undefined) ld(s, foldOp(op, a, k));
          else val[A_ATOM] = undefined;
          break;
        }
        const x = val[X_ATOM];
        if (x !== undefined) {
          if (a !== undefined) ld(s, foldOp(op, a, x));
          else {
            // op x with a known X is op #k (and a shift count past 31 is refused here)
            s.code = c.BPF_ALU | c.BPF_K | op;
            s.k = x;
            if ((op === c.BPF_LSH || op === c.BPF_RSH) && x > 31) throw new BpfError('EINVAL', 'shift by more than 31 bits');
            changed = true;
          }
          break;
        }
        if (a === 0) {
          // an operation on an A of 0: "much of a simplification" that lets a load die
          if (op === c.BPF_ADD || op === c.BPF_OR || op === c.BPF_XOR) {
            s.code = c.BPF_MISC | c.BPF_TXA;
            val[A_ATOM] = val[X_ATOM];
            changed = true;
            break;
          }
          if (op === c.BPF_MUL || op === c.BPF_DIV || op === c.BPF_MOD || op === c.BPF_AND || op === c.BPF_LSH || op === c.BPF_RSH) {
            ld(s, 0);
            break;
          }
        }
        val[A_ATOM] = undefined;
        break;
      }
    }
  }
  return changed;
}

/** the atom a statement reads (-1: none; -2: A and X) and the one it writes (-1: none) */
function atomUse(s: Stmt): number {
  switch (c.BPF_CLASS(s.code)) {
    case c.BPF_LD: return c.BPF_MODE(s.code) === c.BPF_IND ? X_ATOM : c.BPF_MODE(s.code) === c.BPF_MEM ? s.k : -1;
    case c.BPF_LDX: return c.BPF_MODE(s.code) === c.BPF_MEM ? s.k : -1;
    case c.BPF_ST: return A_ATOM;
    case c.BPF_STX: return X_ATOM;
    case c.BPF_ALU: return c.BPF_OP(s.code) === c.BPF_NEG || c.BPF_SRC(s.code) === c.BPF_K ? A_ATOM : -2;
    case c.BPF_MISC: return s.code === (c.BPF_MISC | c.BPF_TAX) ? A_ATOM : X_ATOM;
    default: return -1;
  }
}

function atomDef(s: Stmt): number {
  switch (c.BPF_CLASS(s.code)) {
    case c.BPF_LD: case c.BPF_ALU: return A_ATOM;
    case c.BPF_LDX: return X_ATOM;
    case c.BPF_ST: case c.BPF_STX: return s.k;
    case c.BPF_MISC: return s.code === (c.BPF_MISC | c.BPF_TAX) ? X_ATOM : A_ATOM;
    default: return -1;
  }
}

/** opt_deadstores: a value overwritten before any use, or not used after the block, goes */
function deadStores(st: Stmt[], liveOut: (atom: number) => boolean): boolean {
  const last: Array<Stmt | undefined> = new Array(N_ATOMS);
  let changed = false;
  for (const s of st) {
    if (s.code === NOP) continue;
    const u = atomUse(s);
    if (u === -2) last[A_ATOM] = last[X_ATOM] = undefined;
    else if (u >= 0) last[u] = undefined;
    const d = atomDef(s);
    if (d >= 0) {
      if (last[d]) {
        last[d]!.code = NOP;
        changed = true;
      }
      last[d] = s;
    }
  }
  for (let atom = 0; atom < N_ATOMS; atom++) {
    if (last[atom] && !liveOut(atom)) {
      last[atom]!.code = NOP;
      changed = true;
    }
  }
  return changed;
}

/** whether a block reads the A its predecessor left (before loading A itself) */
function readsA(b: Block): boolean {
  if (b.isLeaf) return false;
  for (const s of b.stmts) {
    const cls = c.BPF_CLASS(s.code);
    if (cls === c.BPF_LD) return false;
    if (s.code === (c.BPF_MISC | c.BPF_TXA)) return false;
    if (cls === c.BPF_ALU || cls === c.BPF_ST || s.code === (c.BPF_MISC | c.BPF_TAX)) return true;
  }
  return true;
}

/**
 * The statement optimisations on one block, to a fixed point, and the end of opt_peep on its
 * jump: a jump on a known X compares with the constant, a jump on a known A is decided (both
 * ways lead to one block, which stays: libpcap moves no jump in this pass), and `and #0xffffffff; jeq #0`
 * never holds (libpcap makes it `jset #0xffffffff`, which it takes as always true).
 * `memLiveOut(k)`: whether another block reads scratch word k.
 */
export function peepholeBlock(b: Block, memLiveOut: (k: number) => boolean): void {
  if (b.isLeaf) return;
  const st = b.stmts.map((s) => ({ code: s.code, k: s.k >>> 0 }));
  for (let round = 0; round < 64; round++) {
    const val: Array<number | undefined> = new Array(N_ATOMS);
    let changed = optStmts(st, val);
    if (b.jt !== b.jf) {
      if (c.BPF_SRC(b.jcode) === c.BPF_X && val[X_ATOM] !== undefined) {
        b.jcode &= ~c.BPF_X;
        b.jk = val[X_ATOM]!;
        changed = true;
      }
      const live = st.filter((s) => s.code !== NOP);
      const lastSt = live[live.length - 1];
      if (b.jcode === (c.BPF_JMP | c.BPF_JEQ | c.BPF_K) && b.jk === 0 && lastSt?.code === (c.BPF_ALU | c.BPF_AND | c.BPF_K) && lastSt.k >>> 0 === 0xffffffff) {
        b.jt = b.jf;
        changed = true;
      } else if (b.jcode === (c.BPF_JMP | c.BPF_JEQ | c.BPF_K) && b.jk === 0 && lastSt?.code === (c.BPF_ALU | c.BPF_AND | c.BPF_K) && !readsA(b.jt!) && !readsA(b.jf!)) {
        // opt_peep: `and #k; jeq #0` is `jset #k` with its ways swapped (opt_not), when nothing
        // after the block uses the masked A (`vlan 0`, `ip[6] & 0x20 != 0`: tcpdump -d's text)
        b.jcode = c.BPF_JMP | c.BPF_JSET | c.BPF_K;
        b.jk = lastSt.k;
        lastSt.code = NOP;
        [b.jt, b.jf] = [b.jf, b.jt];
        if (b.jk === 0) b.jt = b.jf;
        changed = true;
      } else if (c.BPF_SRC(b.jcode) === c.BPF_K && val[A_ATOM] !== undefined) {
        const a = val[A_ATOM]!;
        const k = b.jk >>> 0;
        const op = c.BPF_OP(b.jcode);
        const v = op === c.BPF_JEQ ? a === k : op === c.BPF_JGT ? a > k : op === c.BPF_JGE ? a >= k : (a & k) !== 0;
        if (v) b.jf = b.jt;
        else b.jt = b.jf;
        changed = true;
      }
    }
    // the jump reads A, and X when it compares with X — still when it is decided, as in
    // libpcap, whose decided block keeps its jump (and so the load before it)
    const useX = c.BPF_SRC(b.jcode) === c.BPF_X;
    changed = deadStores(st, (atom) => (atom === A_ATOM ? true : atom === X_ATOM ? useX : memLiveOut(atom))) || changed;
    if (!changed) break;
  }
  b.stmts = st.filter((s) => s.code !== NOP);
}

/**
 * Lay a graph of straight-line units out as a classic program: each unit's statements, then its
 * jump — a conditional one with both targets, a `ja` where its one successor is not next, or a
 * return — with a `ja` trampoline right after a unit whose conditional target is more than 255
 * instructions away (jt and jf are 8 bits; `ja` takes 32). libpcap's convert_code_r does the same
 * for its blocks (the filter compiler's emit.ts builds units from blocks; loops.ts from a program).
 */
import * as c from './opcodes.js';
import type { SockFilter } from './program.js';

export interface LayoutStmt {
  code: number;
  k: number;
  /** relative targets of a jump among the unit's own statements (kept as they are) */
  jt?: number;
  jf?: number;
}

export interface Unit {
  stmts: LayoutStmt[];
  kind: 'cond' | 'goto' | 'ret';
  /** the conditional jump's opcode; for a return, its opcode (BPF_RET | BPF_K or | BPF_A) */
  jcode: number;
  jk: number;
  jt: Unit | null;
  jf: Unit | null;
  /** a return's k */
  ret: number;
  pos: number;
}

/** a unit whose statements are followed by `kind` (targets filled in by the caller) */
export const unit = (stmts: LayoutStmt[], kind: Unit['kind'], jcode = 0, jk = 0, ret = 0): Unit => ({ stmts, kind, jcode, jk, jt: null, jf: null, ret, pos: 0 });

/** the units in this order, their targets resolved to relative offsets, trampolines where needed */
export function layoutUnits(units: Unit[]): SockFilter[] {
  // lay out; insert trampolines for far conditional targets until everything fits. Each pass
  // gives every far jump its trampoline (placed right after its unit, the false side's before
  // the true side's) and lays out again: insertions only lengthen jumps, so this reaches the
  // same layout as adding one trampoline per pass, in a few passes instead of one per trampoline
  let list = units;
  for (let round = 0; round < 10000; round++) {
    let pos = 0;
    list.forEach((u, i) => {
      u.pos = pos;
      pos += u.stmts.length + (u.kind === 'goto' ? (list[i + 1] === u.jt ? 0 : 1) : 1);
    });
    const next: Unit[] = [];
    for (const u of list) {
      next.push(u);
      if (u.kind !== 'cond') continue;
      const at = u.pos + u.stmts.length;
      const far = (t: Unit): boolean => t.pos - at - 1 > 255;
      const tramp = (t: Unit): Unit => ({ ...unit([], 'goto'), jt: t, jf: t });
      const farT = far(u.jt!);
      const farF = far(u.jf!);
      if (farF) next.push((u.jf = tramp(u.jf!)));
      if (farT) next.push((u.jt = tramp(u.jt!)));
    }
    if (next.length === list.length) break;
    list = next;
  }
  const out: SockFilter[] = [];
  list.forEach((u, i) => {
    for (const st of u.stmts) out.push({ code: st.code, jt: st.jt ?? 0, jf: st.jf ?? 0, k: st.k >>> 0 });
    const at = out.length;
    if (u.kind === 'ret') out.push({ code: u.jcode || c.BPF_RET | c.BPF_K, jt: 0, jf: 0, k: u.ret >>> 0 });
    else if (u.kind === 'goto') {
      if (list[i + 1] !== u.jt) out.push({ code: c.BPF_JMP | c.BPF_JA, jt: 0, jf: 0, k: (u.jt!.pos - at - 1) >>> 0 });
    } else out.push({ code: u.jcode, jt: u.jt!.pos - at - 1, jf: u.jf!.pos - at - 1, k: u.jk >>> 0 });
  });
  return out;
}

/**
 * Lay the optimised block graph out as a classic program: blocks in depth-first order (a
 * block, then its true subtree, then its false subtree, as libpcap's convert_code_r places
 * them), fall-through where possible, `ja` where a block's successor is not next, and a `ja`
 * trampoline where a conditional target is more than 255 instructions away.
 */
import * as c from '../cbpf/opcodes.js';
import type { SockFilter } from '../cbpf/program.js';
import { Block, type Stmt } from './cfg.js';
import type { Optimizer } from './optimize.js';

interface Unit {
  stmts: Stmt[];
  kind: 'cond' | 'goto' | 'ret';
  jcode: number;
  jk: number;
  jt: Unit | null;
  jf: Unit | null;
  ret: number;
  pos: number;
}

export function emit(opt: Optimizer, prune: boolean): SockFilter[] {
  const order = opt.order();
  const know = prune ? opt.knowledge(order) : undefined;
  const units = new Map<Block, Unit>();
  const units0: Unit[] = order.map((b) => {
    const u: Unit = {
      stmts: prune ? opt.pruneStmts(b, know!.get(b)) : b.stmts,
      kind: b.isLeaf ? 'ret' : b.jt === b.jf ? 'goto' : 'cond',
      jcode: b.jcode,
      jk: b.jk,
      jt: null,
      jf: null,
      ret: b.ret ?? 0,
      pos: 0,
    };
    units.set(b, u);
    return u;
  });
  order.forEach((b, i) => {
    if (b.isLeaf) return;
    units0[i]!.jt = units.get(b.jt!)!;
    units0[i]!.jf = units.get(b.jf!)!;
  });
  // lay out; insert trampolines for far conditional targets until everything fits. Each pass
  // gives every far jump its trampoline (placed right after its block, the false side's before
  // the true side's) and lays out again: insertions only lengthen jumps, so this reaches the
  // same layout as adding one trampoline per pass, in a few passes instead of one per trampoline
  let list = units0;
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
      const tramp = (t: Unit): Unit => ({ stmts: [], kind: 'goto', jcode: 0, jk: 0, jt: t, jf: t, ret: 0, pos: 0 });
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
    for (const st of u.stmts) out.push({ code: st.code, jt: 0, jf: 0, k: st.k >>> 0 });
    const at = out.length;
    if (u.kind === 'ret') out.push({ code: c.BPF_RET | c.BPF_K, jt: 0, jf: 0, k: u.ret >>> 0 });
    else if (u.kind === 'goto') {
      if (list[i + 1] !== u.jt) out.push({ code: c.BPF_JMP | c.BPF_JA, jt: 0, jf: 0, k: (u.jt!.pos - at - 1) >>> 0 });
    } else out.push({ code: u.jcode, jt: u.jt!.pos - at - 1, jf: u.jf!.pos - at - 1, k: u.jk >>> 0 });
  });
  return out;
}

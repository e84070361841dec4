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
  const list: Unit[] = order.map((b) => {
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
    list[i]!.jt = units.get(b.jt!)!;
    list[i]!.jf = units.get(b.jf!)!;
  });
  // lay out; insert trampolines for far conditional targets until everything fits
  for (let round = 0; round < 10000; round++) {
    let pos = 0;
    list.forEach((u, i) => {
      u.pos = pos;
      pos += u.stmts.length + (u.kind === 'goto' ? (list[i + 1] === u.jt ? 0 : 1) : 1);
    });
    // positions of a goto's size depend on the next unit only, so one pass settles them
    let fixed = true;
    for (let i = 0; i < list.length && fixed; i++) {
      const u = list[i]!;
      if (u.kind !== 'cond') continue;
      const at = u.pos + u.stmts.length;
      for (const side of ['jt', 'jf'] as const) {
        const t = u[side]!;
        if (t.pos - at - 1 > 255) {
          const tramp: Unit = { stmts: [], kind: 'goto', jcode: 0, jk: 0, jt: t, jf: t, ret: 0, pos: 0 };
          list.splice(i + 1, 0, tramp);
          u[side] = tramp;
          fixed = false;
          break;
        }
      }
    }
    if (fixed) break;
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

/**
 * Lay the optimised block graph out as a classic program: blocks in depth-first order (a
 * block, then its true subtree, then its false subtree, as libpcap's convert_code_r places
 * them), fall-through where possible, `ja` where a block's successor is not next, and a `ja`
 * trampoline where a conditional target is more than 255 instructions away (cbpf/layout.ts).
 */
import * as c from '../cbpf/opcodes.js';
import { layoutUnits, unit, type Unit } from '../cbpf/layout.js';
import type { SockFilter } from '../cbpf/program.js';
import type { Block } from './cfg.js';
import type { Optimizer } from './optimize.js';

export function emit(opt: Optimizer, prune: boolean): SockFilter[] {
  const order = opt.order();
  const know = prune ? opt.knowledge(order) : undefined;
  const units = new Map<Block, Unit>();
  const units0: Unit[] = order.map((b) => {
    const stmts = prune ? opt.pruneStmts(b, know!.get(b)) : b.stmts;
    const u = b.isLeaf ? unit(stmts, 'ret', c.BPF_RET | c.BPF_K, 0, b.ret) : unit(stmts, b.jt === b.jf ? 'goto' : 'cond', b.jcode, b.jk);
    units.set(b, u);
    return u;
  });
  order.forEach((b, i) => {
    if (b.isLeaf) return;
    units0[i]!.jt = units.get(b.jt!)!;
    units0[i]!.jf = units.get(b.jf!)!;
  });
  return layoutUnits(units0);
}

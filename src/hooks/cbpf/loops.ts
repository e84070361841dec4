/**
 * Classic programs with backward jumps. The kernel refuses them (bpf_check_classic: a jump's
 * offset is unsigned, so a backward `ja` leaves the program), but libpcap's gen_protochain
 * builds its walk over the IPv6 extension headers and AH as a loop closed by a backward `ja`,
 * and libpcap's bpf_filter() runs it — without a bound: an AH header whose length points back at
 * itself (AH sets X to (len + 2) * 4, absolute) loops forever there.
 *
 * tsbpf bounds such a loop the same way on every engine: a run takes at most CLASSIC_BACK_EDGES
 * backward jumps; the next one ends the filter with 0 (the packet is not selected). The classic
 * interpreter counts them (interpreter.ts); the compilers, whose control flow is forward only
 * (wasm blocks, JavaScript labels, the eBPF conversion without the verifier's loop support),
 * run `unrollClassic(prog)`: the part of the program the backward jumps span, copied
 * CLASSIC_BACK_EDGES + 1 times, a backward jump in copy r going to the next copy and in the last
 * copy to `ret #0`. The unrolled program is a valid classic program (far conditional jumps get
 * trampolines, layout.ts), so the kernel's classic checks accept it.
 */
import { BpfError } from '../../isa/errors.js';
import * as c from './opcodes.js';
import { layoutUnits, unit, type Unit } from './layout.js';
import type { SockFilter } from './program.js';

/**
 * Backward jumps a run may take: 8, the depth of the header chain tsbpf's protochain followed
 * before it was a loop (eight headers after the first; real packets carry a few).
 */
export const CLASSIC_BACK_EDGES = 8;

const isJa = (i: SockFilter): boolean => i.code === (c.BPF_JMP | c.BPF_JA);

/** whether a `ja` of the program goes back (to itself or before) to an instruction of the program */
export function hasBackwardJump(prog: readonly SockFilter[]): boolean {
  return prog.some((i, pc) => isJa(i) && pc + 1 + (i.k | 0) <= pc && pc + 1 + (i.k | 0) >= 0);
}

/** the program itself when every jump is forward, else its loops unrolled (see above) */
export function unrollClassic(prog: readonly SockFilter[], backEdges = CLASSIC_BACK_EDGES): SockFilter[] {
  if (!hasBackwardJump(prog)) return prog as SockFilter[];
  const n = prog.length;
  // [lo, hi]: from the lowest target of a backward jump to the last backward jump
  let lo = n;
  let hi = -1;
  prog.forEach((i, pc) => {
    const t = pc + 1 + (i.k | 0);
    if (isJa(i) && t <= pc && t >= 0) {
      lo = Math.min(lo, t);
      hi = pc;
    }
  });
  const copies = backEdges + 1;
  const prefix: Unit[] = [];
  const loop: Unit[][] = Array.from({ length: copies }, () => []);
  const tail: Unit[] = [];
  const exhausted = unit([], 'ret', c.BPF_RET | c.BPF_K, 0, 0);
  const make = (pc: number): Unit => {
    const i = prog[pc]!;
    if (c.BPF_CLASS(i.code) === c.BPF_RET) return unit([], 'ret', i.code, 0, i.k);
    if (c.BPF_CLASS(i.code) !== c.BPF_JMP) return unit([{ code: i.code, k: i.k }], 'goto');
    return isJa(i) ? unit([], 'goto') : unit([], 'cond', i.code, i.k);
  };
  for (let pc = 0; pc < n; pc++) {
    if (pc < lo) prefix.push(make(pc));
    else if (pc > hi) tail.push(make(pc));
    else for (const copy of loop) copy.push(make(pc));
  }
  /** the unit of instruction t reached from instruction pc of copy r (-1: outside the loop) */
  const at = (pc: number, t: number, r: number): Unit => {
    if (t < 0 || t >= n) throw new BpfError('EINVAL', `classic jump to ${t} leaves the program (${n} instructions)`, { insn: pc });
    if (t < lo) return prefix[t]!;
    if (t > hi) return tail[t - hi - 1]!;
    if (r < 0) return loop[0]![t - lo]!;
    if (t > pc) return loop[r]![t - lo]!;
    return r + 1 < copies ? loop[r + 1]![t - lo]! : exhausted;
  };
  const link = (u: Unit, pc: number, r: number): void => {
    const i = prog[pc]!;
    if (u.kind === 'ret') return;
    if (u.kind === 'cond') {
      u.jt = at(pc, pc + 1 + i.jt, r);
      u.jf = at(pc, pc + 1 + i.jf, r);
    } else u.jt = u.jf = at(pc, isJa(i) ? pc + 1 + (i.k | 0) : pc + 1, r);
  };
  prefix.forEach((u, pc) => link(u, pc, -1));
  loop.forEach((copy, r) => copy.forEach((u, j) => link(u, lo + j, r)));
  tail.forEach((u, j) => link(u, hi + 1 + j, -1));
  return layoutUnits([...prefix, ...loop.flat(), ...tail, exhausted]);
}

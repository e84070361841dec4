/**
 * The low end of code generation: an instruction list built with asm/builder.ts, a stack-frame
 * allocator (the 512 bytes of MAX_BPF_STACK, include/linux/filter.h), the source span each
 * instruction came from (so a verifier refusal is reported at the script's line:column), and
 * small idioms — zeroing and copying stack bytes, calling helpers by their kernel names,
 * loading map references. Maps are referenced by index (lddw src=BPF_PSEUDO_MAP_FD, imm=index)
 * until loading replaces the index by the map's file descriptor, as libbpf relocates them.
 */
import * as B from '../../asm/builder.js';
import type { Item, Reg } from '../../asm/builder.js';
import { BPF_FUNC } from '../../isa/helper_ids.js';
import { LDDW } from '../../isa/instruction.js';
import type { Loc } from './ast.js';
import { ScriptError } from './errors.js';

export const MAX_BPF_STACK = 512;

export class Emitter {
  readonly items: Item[] = [];
  /** source span of each item (labels included) */
  readonly itemLocs: (Loc | undefined)[] = [];
  curLoc: Loc | undefined;
  /** the span of the expression being generated (codegen.ts expr), finer than curLoc */
  exprLoc: Loc | undefined;
  private labels = 0;
  /** bytes of stack in use (the frame grows down from r10) */
  private top = 0;
  maxStack = 0;

  emit(...items: (Item | Item[])[]): void {
    for (const it of items.flat()) {
      this.items.push(it);
      this.itemLocs.push(this.curLoc);
    }
  }
  label(prefix = 'L'): string {
    return `${prefix}${this.labels++}`;
  }
  place(name: string): void {
    this.emit(B.label(name));
  }

  /** reserve `size` bytes (rounded up to 8) of stack: the fp-relative offset */
  alloc(size: number, loc?: Loc): number {
    this.top += (Math.max(size, 1) + 7) & ~7;
    if (this.top > MAX_BPF_STACK) {
      throw new ScriptError(`this probe needs more than the ${MAX_BPF_STACK} bytes of stack a BPF program has (strings, tuples and printf arguments live there): use fewer or shorter strings in one statement`, loc ?? this.curLoc, 'E2BIG');
    }
    this.maxStack = Math.max(this.maxStack, this.top);
    return -this.top;
  }
  mark(): number {
    return this.top;
  }
  release(m: number): void {
    this.top = m;
  }

  /** -k/-kk: code run after each helper call, given the helper's name (helper_check.ts) */
  afterCall: ((name: string) => void) | undefined;

  /** call a helper by its kernel name (bpf_<name>) */
  call(name: string): void {
    const id = BPF_FUNC[name];
    if (id === undefined) throw new Error(`no helper ${name}`);
    this.emit(B.call(id));
    this.afterCall?.(name);
  }

  /** r = the map with this index (patched to its fd at load) */
  mapRef(r: Reg, index: number): void {
    this.emit(B.ldMapFd(r, index));
  }

  /** r = a 64-bit constant (mov when it fits 32 signed bits) */
  imm(r: Reg, v: bigint | number): void {
    const b = BigInt.asIntN(64, BigInt(v));
    if (b >= -(1n << 31n) && b < 1n << 31n) this.emit(B.mov64(r, Number(b)));
    else this.emit(B.lddw(r, b));
  }

  /** zero `size` bytes (8-aligned area) at fp+off */
  zero(off: number, size: number): void {
    const n = (size + 7) & ~7;
    for (let i = 0; i < n; i += 8) this.emit(B.stdw(B.FP, off + i, 0));
  }

  /** copy `size` bytes (rounded up to 8) from fp+src to fp+dst */
  copyStack(dst: number, src: number, size: number): void {
    if (dst === src) return;
    const n = (size + 7) & ~7;
    for (let i = 0; i < n; i += 8) this.emit(B.ldxdw(B.R1, B.FP, src + i), B.stxdw(B.FP, dst + i, B.R1));
  }

  /** copy `size` bytes from the memory r0 points at (a map value) to fp+dst, clobbering r1 */
  copyFromPtr(dst: number, ptr: Reg, size: number): void {
    const n = (size + 7) & ~7;
    for (let i = 0; i < n; i += 8) this.emit(B.ldxdw(B.R1, ptr, i), B.stxdw(B.FP, dst + i, B.R1));
  }

  /** write a string's bytes (NUL-padded to size) at fp+off */
  storeBytes(off: number, bytes: Uint8Array, size: number): void {
    const n = (size + 7) & ~7;
    for (let i = 0; i < n; i += 4) {
      let w = 0;
      for (let k = 0; k < 4; k++) w |= (bytes[i + k] ?? 0) << (8 * k);
      this.emit(B.stw(B.FP, off + i, w | 0));
    }
  }

  /** r = fp + off */
  fpAddr(r: Reg, off: number): void {
    this.emit(B.mov64(r, B.FP), B.add64(r, off));
  }

  /** sign- or zero-extend the low `size` bytes of r to 64 bits */
  extend(r: Reg, size: number, signed: boolean): void {
    if (size >= 8) return;
    const sh = 64 - size * 8;
    this.emit(B.lsh64(r, sh), signed ? B.arsh64(r, sh) : B.rsh64(r, sh));
  }

  /** lay out: the instructions and the source span of each slot */
  finish(): { insns: ReturnType<typeof B.program>; slotLocs: (Loc | undefined)[] } {
    const insns = B.program(this.items);
    const slotLocs: (Loc | undefined)[] = [];
    this.items.forEach((it, i) => {
      if (it.kind !== 'insn') return;
      slotLocs.push(this.itemLocs[i]);
      if (it.insn.code === LDDW) slotLocs.push(this.itemLocs[i]);
    });
    return { insns, slotLocs };
  }
}

/**
 * The verifier's states, step by step, kept compact for a viewer (the web playground's state view)
 * and formatted only when read. kernel/bpf/verifier.c prints a state to the log (print_verifier_state)
 * as it goes; a viewer that lets the user pick any instruction needs every state instead, and a
 * program of 10,000 instructions is ~20,000 steps of 11 registers and a stack.
 *
 * Each step writes numbers into typed arrays and allocates nothing unless a register changed:
 *   - per step: the instruction, the frame number, and 11 register ids and a stack id;
 *   - a register id names a row of REG_FIELDS int32s in a pool (struct bpf_reg_state's fields as Reg
 *     holds them: 64-bit quantities are already int32 halves there); a register equal to the same register of the step before keeps its
 *     id, so a step usually adds one row (the register the instruction wrote), not eleven;
 *   - a stack id names a snapshot (slot types and spilled-register ids), shared by the steps until a
 *     stack write changes it.
 * `get(k)` rebuilds step k's registers and formats them (log.ts fmtReg, the kernel's text), once.
 */
import { Reg, exotic, type RegType } from './reg.js';
import { STACK_SPILL, type FuncState } from './state.js';
import { jsonFrame } from './log.js';
import type { JsonStep, VerifierMap } from './types.js';

/** numbers per pooled register (see push/read below for the order) */
const REG_FIELDS = 27;
/** registers per pool chunk: the pool grows by chunks, never copied (a long trace pools ~10^5) */
const CHUNK_SHIFT = 11;
const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
const MEM_KINDS = ['', 'ringbuf', 'alloc'] as const;

function grow<T extends Int32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let n = Math.max(64, a.length * 2);
  while (n < need) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

export class StateTrace {
  /** steps recorded */
  length = 0;
  private insns: Int32Array;
  private frames: Uint8Array;
  private regIds: Int32Array;
  private stackIds: Int32Array;
  /** pooled registers, REG_FIELDS int32s each, in chunks of 2^CHUNK_SHIFT registers */
  private readonly pool: Int32Array[] = [];
  private nregs = 0;
  private readonly maps: VerifierMap[] = [];
  private readonly mapIndex = new Map<VerifierMap, number>();
  /**
   * registers with a field that is no int32 (bounds outside their range, Reg.xsmin…; a huge
   * offset or size): rare, kept as copies
   */
  private readonly whole: Reg[] = [];
  /** stack snapshots: [offset into slotBytes, allocated, offset into spillIds] */
  private stacks = new Int32Array(3 * 256);
  private nstacks = 0;
  private slotBytes = new Uint8Array(4096);
  private nslotBytes = 0;
  private spillIds = new Int32Array(512);
  private nspill = 0;
  private readonly cache = new Map<number, JsonStep>();

  /**
   * `text(insn)`: the instruction as the log prints it (formatted when a step is read); `expect`:
   * the steps to make room for at once (a program's walk is usually one to a few times its length)
   */
  constructor(private readonly text: (insn: number) => string, expect = 1024) {
    const n = Math.max(64, expect);
    this.insns = new Int32Array(n);
    this.frames = new Uint8Array(n);
    this.regIds = new Int32Array(n * 11);
    this.stackIds = new Int32Array(n);
  }

  /** the state `f` (the current frame) before instruction `insn` */
  record(insn: number, frame: number, f: FuncState): void {
    const n = this.length;
    if (n === this.insns.length) {
      this.insns = grow(this.insns, n + 1);
      this.frames = grow(this.frames, n + 1);
      this.stackIds = grow(this.stackIds, n + 1);
      this.regIds = grow(this.regIds, (n + 1) * 11);
    }
    this.insns[n] = insn;
    this.frames[n] = frame;
    const ids = this.regIds;
    const base = n * 11;
    for (let i = 0; i < 11; i++) {
      const r = f.regs[i]!;
      const prev = n > 0 ? ids[base - 11 + i]! : -1;
      ids[base + i] = prev >= 0 && this.same(prev, r) ? prev : this.push(r);
    }
    const prevStack = n > 0 ? this.stackIds[n - 1]! : -1;
    this.stackIds[n] = prevStack >= 0 && this.sameStack(prevStack, f) ? prevStack : this.pushStack(f);
    this.length = n + 1;
  }

  insnAt(k: number): number { return this.insns[k]!; }
  frameAt(k: number): number { return this.frames[k]!; }

  /** step k as the JSON trace has it (formatted on first read) */
  get(k: number): JsonStep {
    if (k < 0 || k >= this.length) throw new RangeError(`step ${k} of ${this.length}`);
    let s = this.cache.get(k);
    if (!s) {
      const regs: Reg[] = [];
      for (let i = 0; i < 11; i++) regs.push(this.read(this.regIds[k * 11 + i]!));
      const st = this.stackIds[k]!;
      const slotOff = this.stacks[st * 3]!;
      const allocated = this.stacks[st * 3 + 1]!;
      const spillOff = this.stacks[st * 3 + 2]!;
      const spilled: (Reg | null)[] = [];
      for (let spi = 0; spi * 8 < allocated; spi++) {
        const id = this.spillIds[spillOff + spi]!;
        spilled.push(id >= 0 ? this.read(id) : null);
      }
      const slotType = this.slotBytes.subarray(slotOff, slotOff + allocated);
      s = { insn: this.insns[k]!, frame: this.frames[k]!, text: this.text(this.insns[k]!), ...jsonFrame({ regs, spilled, slotType, allocated }) };
      this.cache.set(k, s);
    }
    return s;
  }

  /** every step (what `json: true` gives; JSON.stringify of a result writes this) */
  toJSON(): JsonStep[] {
    const out: JsonStep[] = [];
    for (let k = 0; k < this.length; k++) out.push(this.get(k));
    return out;
  }

  private same(id: number, r: Reg): boolean {
    const p = this.pool[id >> CHUNK_SHIFT]!;
    const o = (id & CHUNK_MASK) * REG_FIELDS;
    if (p[o] !== r.type || p[o + 1] !== flags(r) || p[o + 2] !== r.off
      || p[o + 3] !== r.vh || p[o + 4] !== r.vl || p[o + 5] !== r.mh || p[o + 6] !== r.ml
      || p[o + 7] !== r.sminH || p[o + 8] !== r.sminL || p[o + 9] !== r.smaxH || p[o + 10] !== r.smaxL
      || p[o + 11] !== r.uminH || p[o + 12] !== r.uminL || p[o + 13] !== r.umaxH || p[o + 14] !== r.umaxL
      || p[o + 15] !== r.s32min || p[o + 16] !== r.s32max || p[o + 17] !== r.u32minI || p[o + 18] !== r.u32maxI
      || p[o + 19] !== r.id || p[o + 20] !== r.refObjId || p[o + 21] !== r.range || p[o + 22] !== r.memSize
      || p[o + 23] !== r.frameno || p[o + 24] !== r.subprog) return false;
    const m = p[o + 25]!;
    if (m < 0 ? r.map !== null : this.maps[m] !== r.map) return false;
    const x = p[o + 26]!;
    return x < 0 ? !exotic(r) : this.whole[x]!.equals(r);
  }

  private push(r: Reg): number {
    const id = this.nregs++;
    if ((id & CHUNK_MASK) === 0) this.pool.push(new Int32Array(REG_FIELDS << CHUNK_SHIFT));
    const p = this.pool[id >> CHUNK_SHIFT]!;
    const o = (id & CHUNK_MASK) * REG_FIELDS;
    p[o] = r.type; p[o + 1] = flags(r); p[o + 2] = r.off;
    p[o + 3] = r.vh; p[o + 4] = r.vl; p[o + 5] = r.mh; p[o + 6] = r.ml;
    p[o + 7] = r.sminH; p[o + 8] = r.sminL; p[o + 9] = r.smaxH; p[o + 10] = r.smaxL;
    p[o + 11] = r.uminH; p[o + 12] = r.uminL; p[o + 13] = r.umaxH; p[o + 14] = r.umaxL;
    p[o + 15] = r.s32min; p[o + 16] = r.s32max; p[o + 17] = r.u32minI; p[o + 18] = r.u32maxI;
    p[o + 19] = r.id; p[o + 20] = r.refObjId; p[o + 21] = r.range; p[o + 22] = r.memSize;
    p[o + 23] = r.frameno; p[o + 24] = r.subprog;
    let m = -1;
    if (r.map) {
      m = this.mapIndex.get(r.map) ?? -1;
      if (m < 0) { m = this.maps.push(r.map) - 1; this.mapIndex.set(r.map, m); }
    }
    p[o + 25] = m;
    p[o + 26] = exotic(r) || !int32(r.off) || !int32(r.id) || !int32(r.refObjId) || !int32(r.range) || !int32(r.memSize)
      ? this.whole.push(r.clone()) - 1 : -1;
    return id;
  }

  /** a Reg with the fields of pooled register `id` */
  private read(id: number): Reg {
    const p = this.pool[id >> CHUNK_SHIFT]!;
    const o = (id & CHUNK_MASK) * REG_FIELDS;
    const r = new Reg();
    r.type = p[o]! as RegType;
    const fl = p[o + 1]!;
    r.maybeNull = (fl & 1) !== 0; r.rdonly = (fl & 2) !== 0; r.precise = (fl & 4) !== 0; r.memKind = MEM_KINDS[fl >> 3]!;
    r.off = p[o + 2]!;
    r.vh = p[o + 3]!; r.vl = p[o + 4]!; r.mh = p[o + 5]!; r.ml = p[o + 6]!;
    r.sminH = p[o + 7]!; r.sminL = p[o + 8]!; r.smaxH = p[o + 9]!; r.smaxL = p[o + 10]!;
    r.uminH = p[o + 11]!; r.uminL = p[o + 12]!; r.umaxH = p[o + 13]!; r.umaxL = p[o + 14]!;
    r.s32min = p[o + 15]!; r.s32max = p[o + 16]!; r.u32minI = p[o + 17]!; r.u32maxI = p[o + 18]!;
    r.id = p[o + 19]!; r.refObjId = p[o + 20]!; r.range = p[o + 21]!; r.memSize = p[o + 22]!;
    r.frameno = p[o + 23]!; r.subprog = p[o + 24]!;
    const m = p[o + 25]!;
    if (m >= 0) r.map = this.maps[m]!;
    const x = p[o + 26]!;
    if (x >= 0) r.assign(this.whole[x]!);
    return r;
  }

  private sameStack(st: number, f: FuncState): boolean {
    const alloc = f.allocated;
    if (this.stacks[st * 3 + 1] !== alloc) return false;
    const t = f.slotType;
    const b = this.slotBytes;
    const off = this.stacks[st * 3]!;
    for (let k = 0; k < alloc; k++) if (b[off + k] !== t[k]) return false;
    const so = this.stacks[st * 3 + 2]!;
    for (let spi = 0; spi * 8 < alloc; spi++) {
      const id = this.spillIds[so + spi]!;
      const r = t[spi * 8] === STACK_SPILL ? f.spilled[spi] : null;
      if (r ? id < 0 || !this.same(id, r) : id >= 0) return false;
    }
    return true;
  }

  private pushStack(f: FuncState): number {
    const alloc = f.allocated;
    const st = this.nstacks++;
    this.stacks = grow(this.stacks, (st + 1) * 3);
    this.slotBytes = grow(this.slotBytes, this.nslotBytes + alloc);
    this.spillIds = grow(this.spillIds, this.nspill + alloc / 8 + 1);
    this.stacks[st * 3] = this.nslotBytes;
    this.stacks[st * 3 + 1] = alloc;
    this.stacks[st * 3 + 2] = this.nspill;
    this.slotBytes.set(f.slotType.subarray(0, alloc), this.nslotBytes);
    this.nslotBytes += alloc;
    for (let spi = 0; spi * 8 < alloc; spi++) {
      const r = f.slotType[spi * 8] === STACK_SPILL ? f.spilled[spi] : null;
      // a spilled register unchanged since the snapshot before shares its pooled row
      const prev = st > 0 && spi * 8 < this.stacks[(st - 1) * 3 + 1]! ? this.spillIds[this.stacks[(st - 1) * 3 + 2]! + spi]! : -1;
      this.spillIds[this.nspill + spi] = r ? (prev >= 0 && this.same(prev, r) ? prev : this.push(r)) : -1;
    }
    this.nspill += alloc / 8;
    return st;
  }
}

const int32 = (v: number): boolean => (v | 0) === v;

function flags(r: Reg): number {
  return (r.maybeNull ? 1 : 0) | (r.rdonly ? 2 : 0) | (r.precise ? 4 : 0) | (r.memKind === 'ringbuf' ? 8 : r.memKind === 'alloc' ? 16 : 0);
}

/**
 * The abstract interpreter (kernel/bpf/verifier.c do_check and the check_* family): walks every
 * path of the program with register and stack state, checks every access, and prunes paths
 * whose state is covered by one already verified (is_state_visited).
 */
import * as op from '../isa/opcodes.js';
import {
  Reg, RegType, markRegUnknown, markRegKnown, markRegKnownZero, markRegNotInit, markPtr, isScalar, isPointer, isPktPointer,
  coerceRegToSize, zext32To64, S64_MIN, updateRegBounds, regBoundsSync, markReg32Unbounded, s64, markRegUnbounded,
  markRegKnownImm, regTnumConst, regTnumConst32, regTnumEqualsConst, regTnumAligned, regConstNum, sminNegative, regSminNum, exotic,
} from './reg.js';
import { U64, tnumIsConst, tnumAdd, tnumConst, tnumIsAligned, tnumStr, tnumSubreg, tnumEqualsConst } from './tnum.js';
import {
  FuncState, VState, STACK_INVALID, STACK_MISC, STACK_SPILL, STACK_ZERO, statesEqual, type PathNode,
} from './state.js';
import { type Cfg, type Slots, VerifierError, LDDW, isPseudoCall, jmpTarget } from './cfg.js';
import { scalarAlu, isBranchTakenHL, regSetMinMaxHL, flipOpcode, regCombineMinMax } from './scalar_alu.js';
import { fmtState, fmtReg, regTypeStr, jsonFrame } from './log.js';
import { StateTrace } from './trace.js';
import { disasmSlot } from './disasm.js';
import type { VerifierMap, VerifierHelperProto, VerifierProgType, ArgType, JsonStep, LineInfo } from './types.js';
import { MapType, BPF_F_RDONLY_PROG, BPF_F_WRONLY_PROG, BPF_F_STRICT_ALIGNMENT, BPF_F_TEST_STATE_FREQ } from './types.js';
import type { KernelRules } from './kernel_rules.js';
import { BPF_F_INNER_MAP } from '../isa/bpf_types.js';
import { checkMapFuncCompatibility } from '../helpers/prototypes.js';
import { markChainPrecision, propagatePrecision, stackAccess } from './precision.js';

const BPF_MAX_VAR_OFF = 1n << 29n;
const BPF_MAX_VAR_SIZ = 1n << 29n;
const MAX_PACKET_OFF = 0xffff;
const BPF_COMPLEXITY_LIMIT_JMP_SEQ = 8192;
/** bpf_alu_string (kernel/bpf/disasm.c) */
const ALU_NAME = ['+=', '-=', '*=', '/=', '|=', '&=', '<<=', '>>=', 'neg', '%=', '^=', '=', 's>>=', 'endian'];
const aluName = (o: number): string => ALU_NAME[o >> 4] ?? '?';

export interface CheckEnv {
  slots: Slots;
  cfg: Cfg;
  maps: readonly VerifierMap[];
  progType: VerifierProgType;
  protos: ReadonlyMap<number, VerifierHelperProto>;
  /** the program type's own prototypes (get_func_proto already applied, privileges included) */
  typeProtos: ReadonlyMap<number, VerifierHelperProto>;
  priv: boolean;
  logLevel: number;
  progFlags: number;
  gpl: boolean;
  insnLimit: number;
  lineInfo?: readonly LineInfo[];
  /** the JSON trace of states: formatted at each step, or ('trace') recorded compactly and formatted when read */
  json: boolean | 'trace';
  /** the rules that changed between kernel versions (kernel_rules.ts) */
  rules: KernelRules;
  /** expected_attach_type of BPF_PROG_LOAD */
  attachType: number;
}

interface StackElem {
  st: VState;
  insn: number;
  prev: number;
}

interface ExploredState {
  st: VState;
  hit: number;
  miss: number;
  /** states_maybe_looping: a cheap fingerprint of the current frame's registers */
  fp: number;
}

/** fingerprint of the current frame's registers: equal fingerprints are needed for an exact match */
function regsFingerprint(st: VState): number {
  const f = st.cur;
  let h = st.curframe | 0;
  for (let i = 0; i < 10; i++) {
    const r = f.regs[i]!;
    h = Math.imul(h ^ r.type, 0x9e3779b1) ^ r.off;
    if (r.type === RegType.SCALAR_VALUE || r.type !== RegType.NOT_INIT) {
      h = Math.imul(h ^ r.vl, 0x85ebca6b);
      h = Math.imul(h ^ r.ml, 0xc2b2ae35);
      h = Math.imul(h ^ r.umaxL, 0x27d4eb2f);
      h = Math.imul(h ^ r.sminL, 0x165667b1);
    }
  }
  return h;
}

interface CallMeta {
  map: VerifierMap | null;
  rawMode: boolean;
  accessRegno: number;
  accessSize: number;
  memSize: number;
  refObjId: number;
  funcSubprog: number;
  releaseRegno: number;
  sizeMax: number;
  /** the memory argument is written by the helper (ARG_PTR_TO_UNINIT_MEM), even when raw mode is off */
  writesMem: boolean;
  /** meta->const_map_key: the constant key of a map_lookup_elem (get_constant_map_key), -1 when unknown */
  constMapKey: bigint;
}

export class Checker {
  readonly log: string[] = [];
  /** insn_aux_data[i].seen: slot i was processed on some path (the rest is dead code) */
  readonly seen: Uint8Array;
  readonly jsonSteps: JsonStep[] = [];
  processed = 0;
  totalStates = 0;
  peakStates = 0;
  curStates = 0;
  maxStatesPerInsn = 0;
  markRead = 0;
  private idGen = 0;
  private cur!: VState;
  private insnIdx = 0;
  private prevInsnIdx = -1;
  private stack: StackElem[] = [];
  private explored = new Map<number, ExploredState[]>();
  /** checkpoints with paths still being explored, by insn and register fingerprint */
  private inProgress = new Map<number, { count: number; byFp: Map<number, VState[]> }>();
  private completed: VState[] = [];
  private jmpsProcessed = 0;
  private prevJmpsProcessed = 0;
  private prevInsnProcessed = 0;
  /** pointer type each load/store instruction used (same insn cannot be used with different pointers) */
  private insnPtrType: Int8Array;
  private lastLinfo = -1;
  /** "i: (07) r1 += 8" per instruction, formatted on first use */
  private readonly insnLine: (string | undefined)[] = [];
  private readonly insnText: (string | undefined)[] = [];
  /** json 'trace': the states step by step, compact (trace.ts) */
  readonly trace: StateTrace | null;
  private lastLine = '';
  /** map used by each bpf_tail_call site (null = different maps on different paths) */
  readonly tailCallMap = new Map<number, VerifierMap | null>();
  private readonly strictAlign: boolean;
  private srcIsReg = false;
  private readonly ldAbsOk: boolean;
  /** env->allow_uninit_stack = bpf_allow_uninit_stack(): CAP_PERFMON, on kernels with the rule (6.3) */
  private readonly allowUninitStack: boolean;

  constructor(private readonly env: CheckEnv) {
    this.seen = new Uint8Array(env.slots.n);
    this.insnPtrType = new Int8Array(env.slots.n).fill(-1);
    this.strictAlign = (env.progFlags & BPF_F_STRICT_ALIGNMENT) !== 0;
    this.ldAbsOk = [1, 3, 4].includes(env.progType.id);
    this.allowUninitStack = env.priv && env.rules.allowUninitStack;
    const slots = env.slots;
    this.trace = env.json === 'trace' ? new StateTrace((i) => disasmSlot(slots, i), 2 * slots.n) : null;
  }

  private verbose(s: string): void {
    this.log.push(s);
  }

  private err(errno: VerifierError['errno'], msg: string): never {
    throw new VerifierError(errno, msg, this.insnIdx);
  }

  /** do_check_common for the main program */
  run(): void {
    const f = new FuncState(0, 0, -1);
    markPtr(f.regs[1]!, RegType.PTR_TO_CTX);
    const st = new VState([f]);
    this.cur = st;
    this.insnIdx = 0;
    this.doCheck();
  }

  private pathPush(insn: number, taken: boolean): void {
    const n: PathNode = { insn, taken, prev: this.cur.path };
    this.cur.path = n;
  }

  /** the branch decisions that led to the current state */
  get currentPath(): PathNode | null {
    return this.cur?.path ?? null;
  }

  get currentState(): VState | null {
    return this.cur ?? null;
  }

  private pushStack(insn: number, prev: number): VState {
    const st = this.cur.clone();
    st.insnIdx = insn;
    if (st.parent) st.parent.branches++;
    this.stack.push({ st, insn, prev });
    if (this.stack.length > BPF_COMPLEXITY_LIMIT_JMP_SEQ) {
      this.err('E2BIG', `The sequence of ${this.stack.length} jumps is too complex.`);
    }
    return st;
  }

  /** update_branch_counts: a path finished; checkpoints whose every child finished become prunable */
  private updateBranchCounts(st: VState | null): void {
    while (st) {
      st.branches--;
      if (st.branches > 0) break;
      this.completed.push(st);
      st = st.parent;
    }
  }

  private popStack(): boolean {
    this.updateBranchCounts(this.cur.parent);
    const e = this.stack.pop();
    if (!e) return false;
    this.cur = e.st;
    this.insnIdx = e.insn;
    this.prevInsnIdx = e.prev;
    return true;
  }

  private liveFor(st: VState, insn: number): (frame: number) => number {
    return (f: number) => {
      if (f === st.curframe) return this.env.cfg.liveIn[insn]!;
      const callee = st.frames[f + 1]!;
      const ret = callee.callsite + 1;
      return ret < this.env.slots.n ? this.env.cfg.liveIn[ret]! : 0xffff;
    };
  }

  /** move checkpoints whose paths all finished from the in-progress index to the prunable lists */
  private drainCompleted(): void {
    for (const st of this.completed) {
      const ins = this.inProgress.get(st.insnIdx);
      if (ins) {
        const e = ins.byFp.get(st.fpKey);
        if (e) {
          const k = e.indexOf(st);
          if (k >= 0) { e.splice(k, 1); ins.count--; }
        }
      }
      let list = this.explored.get(st.insnIdx);
      if (!list) { list = []; this.explored.set(st.insnIdx, list); }
      list.push({ st, hit: 0, miss: 0, fp: st.fpKey });
    }
    this.completed.length = 0;
  }

  /** is_state_visited: true when the current state is covered by an explored one */
  private isStateVisited(insn: number): boolean {
    const cur = this.cur;
    this.drainCompleted();
    let addNew = true;
    const forceNew = (this.env.progFlags & BPF_F_TEST_STATE_FREQ) !== 0;
    const cbCall = this.callsCallback(insn);
    if (!forceNew && !cbCall && this.jmpsProcessed - this.prevJmpsProcessed < 2 && this.processed - this.prevInsnProcessed < 8) addNew = false;
    // the fingerprint is only needed to look up in-progress states or to file a new checkpoint
    let fp = 0;
    let haveFp = false;
    const live = this.liveFor(cur, insn);
    // states still being explored (an enclosing loop iteration): only the infinite-loop check applies
    const ins = this.inProgress.get(insn);
    if (ins && ins.count > 0) {
      fp = regsFingerprint(cur);
      haveFp = true;
      if (cbCall) {
        // calls_callback: another iteration of the callback reached a state an earlier one covers
        // (states_equal RANGE_WITHIN: every scalar compared, precise or not)
        for (const e of ins.byFp.values()) for (const old of e) {
          if (statesEqual(old, cur, live, false, this.allowUninitStack, false)) return true;
        }
      }
      const same = cbCall ? undefined : ins.byFp.get(fp);
      if (same) for (const old of same) {
        if (statesEqual(old, cur, live, true)) {
          this.linfo(insn);
          this.err('EINVAL', `infinite loop detected at insn ${insn}`);
        }
      }
      if (!cbCall && this.jmpsProcessed - this.prevJmpsProcessed < 20 && this.processed - this.prevInsnProcessed < 100) addNew = false;
    }
    const list = this.explored.get(insn);
    if (list) {
      let evict = false;
      for (const sl of list) {
        if (statesEqual(sl.st, cur, live, false, this.allowUninitStack, this.env.priv)) {
          sl.hit++;
          // propagate_precision: the rest of old's exploration relied on its precise scalars
          if (this.env.priv) propagatePrecision(this.env.slots, sl.st, cur);
          return true;
        }
        sl.miss++;
        // the kernel frees states that keep missing (is_state_visited: miss_cnt > hit_cnt * 3 + 3)
        if (sl.miss > sl.hit * 3 + 3) evict = true;
      }
      if (evict) {
        const keep = list.filter((sl) => sl.miss <= sl.hit * 3 + 3);
        this.curStates -= list.length - keep.length;
        list.length = 0;
        list.push(...keep);
      }
      this.maxStatesPerInsn = Math.max(this.maxStatesPerInsn, list.length + (ins?.count ?? 0));
    }
    if (!addNew) return false;
    if (!haveFp) fp = regsFingerprint(cur);
    this.prevJmpsProcessed = this.jmpsProcessed;
    this.prevInsnProcessed = this.processed;
    // the checkpoint: a snapshot this path continues from
    const snap = cur.clone();
    snap.insnIdx = insn;
    snap.branches = 1;
    snap.parent = cur.parent;
    snap.fpKey = fp;
    cur.parent = snap;
    // the checkpoint keeps the history that led to it; the current state starts a new one
    cur.hist = [];
    cur.histStack = [];
    let idx = ins;
    if (!idx) { idx = { count: 0, byFp: new Map() }; this.inProgress.set(insn, idx); }
    let e = idx.byFp.get(fp);
    if (!e) { e = []; idx.byFp.set(fp, e); }
    e.push(snap);
    idx.count++;
    this.totalStates++;
    this.curStates++;
    if (this.curStates > this.peakStates) this.peakStates = this.curStates;
    return false;
  }

  private linfo(insn: number): void {
    const li = this.env.lineInfo;
    if (!li || this.env.logLevel < 1) return;
    let best: LineInfo | undefined;
    for (const l of li) if (l.insnOff <= insn && (!best || l.insnOff >= best.insnOff)) best = l;
    if (!best || best.insnOff === this.lastLinfo || best.line === this.lastLine) return;
    this.lastLinfo = best.insnOff;
    this.lastLine = best.line;
    this.verbose(`; ${best.line.trim()}`);
  }


  private doCheck(): void {
    const s = this.env.slots;
    let doPrintState = false;
    for (;;) {
      const i = this.insnIdx;
      if (i >= s.n) this.err('EFAULT', `invalid insn idx ${i} insn_cnt ${s.n}`);
      this.seen[i] = 1;
      if (++this.processed > this.env.insnLimit) {
        this.err('E2BIG', `BPF program is too large. Processed ${this.processed} insn`);
      }
      this.cur.insnIdx = i;
      if (this.env.cfg.prunePoint[i] || this.callsCallback(i)) {
        if (this.isStateVisited(i)) {
          if (this.env.logLevel >= 1) {
            if (doPrintState) this.verbose(`\nfrom ${this.prevInsnIdx} to ${i}: safe`);
            else this.verbose(`${i}: safe`);
          }
          if (!this.popStack()) return;
          doPrintState = true;
          continue;
        }
      }
      this.cur.hist.push(i);
      this.cur.histStack.push(-1);
      if (this.env.logLevel >= 2 || (this.env.logLevel >= 1 && doPrintState)) {
        this.verbose(`${doPrintState ? `\nfrom ${this.prevInsnIdx} to ${i}` : i}: ${fmtState(this.cur)}`);
        doPrintState = false;
      }
      if (this.env.logLevel >= 1) {
        this.linfo(i);
        // the text of an instruction never changes: format each once (loops print it many times)
        this.verbose(this.insnLine[i] ??= `${i}: ${disasmSlot(s, i)}`);
      }
      if (this.env.json) {
        const f = this.cur.cur;
        if (this.trace) this.trace.record(i, this.cur.curframe, f);
        else this.jsonSteps.push({ insn: i, frame: this.cur.curframe, text: (this.insnText[i] ??= disasmSlot(s, i)), ...jsonFrame(f) });
      }
      const r = this.step(i);
      if (r === 'exit') {
        if (!this.popStack()) return;
        doPrintState = true;
      }
    }
  }

  // ---- registers -------------------------------------------------------------------------

  private get regs(): Reg[] {
    return this.cur.cur.regs;
  }

  /** check_reg_arg(SRC_OP) */
  private readReg(r: number): Reg {
    if (r >= 11) this.err('EINVAL', `R${r} is invalid`);
    const reg = this.regs[r]!;
    if (reg.type === RegType.NOT_INIT) this.err('EACCES', `R${r} !read_ok`);
    this.markRead++;
    return reg;
  }

  /** check_reg_arg(DST_OP): the register will be written */
  private writeReg(r: number): Reg {
    if (r >= 11) this.err('EINVAL', `R${r} is invalid`);
    if (r === 10) this.err('EACCES', 'frame pointer is read only');
    return this.regs[r]!;
  }

  private isPointerValue(reg: Reg): boolean {
    return !this.env.priv && reg.type !== RegType.SCALAR_VALUE;
  }

  /** mark_reg_invalid: pointers that became unusable (released references, stale packet pointers) */
  private markInvalid(reg: Reg): void {
    if (!this.env.priv) markRegNotInit(reg);
    else markRegUnknown(reg);
  }

  // ---- one instruction -------------------------------------------------------------------

  private step(i: number): 'next' | 'exit' {
    const s = this.env.slots;
    const code = s.code[i]!;
    const cls = code & 7;
    this.prevInsnIdx = i;
    switch (cls) {
      case op.BPF_ALU:
      case op.BPF_ALU64:
        this.checkAlu(i);
        this.insnIdx = i + 1;
        return 'next';
      case op.BPF_LDX: {
        const mode = code & 0xe0;
        if (mode !== op.BPF_MEM && mode !== op.BPF_MEMSX) this.err('EINVAL', `unknown opcode ${hex2(code)}`);
        this.readReg(s.src[i]!);
        this.writeReg(s.dst[i]!);
        const srcType = this.regs[s.src[i]!]!.type;
        this.checkMemAccess(s.src[i]!, s.off[i]!, sizeOf(code), 'read', s.dst[i]!, mode === op.BPF_MEMSX);
        this.checkPtrTypeConsistent(i, srcType);
        this.insnIdx = i + 1;
        return 'next';
      }
      case op.BPF_STX: {
        const mode = code & 0xe0;
        if (mode === op.BPF_ATOMIC) {
          this.checkAtomic(i);
          this.insnIdx = i + 1;
          return 'next';
        }
        if (mode !== op.BPF_MEM || s.imm[i] !== 0) this.err('EINVAL', 'BPF_STX uses reserved fields');
        this.readReg(s.src[i]!);
        this.readReg(s.dst[i]!);
        const dstType = this.regs[s.dst[i]!]!.type;
        this.checkMemAccess(s.dst[i]!, s.off[i]!, sizeOf(code), 'write', s.src[i]!, false);
        this.checkPtrTypeConsistent(i, dstType);
        this.insnIdx = i + 1;
        return 'next';
      }
      case op.BPF_ST: {
        if ((code & 0xe0) !== op.BPF_MEM || s.src[i] !== 0) this.err('EINVAL', 'BPF_ST uses reserved fields');
        const dst = this.readReg(s.dst[i]!);
        // 6.3 ("bpf: allow ctx writes using BPF_ST_MEM instruction"): the context decides, as for BPF_STX
        if (dst.type === RegType.PTR_TO_CTX && !this.env.rules.stMemCtx) {
          this.err('EACCES', `BPF_ST stores into R${s.dst[i]} ${regTypeStr(dst)} is not allowed`);
        }
        this.checkMemAccess(s.dst[i]!, s.off[i]!, sizeOf(code), 'write', -1, false, BigInt(s.imm[i]!));
        this.insnIdx = i + 1;
        return 'next';
      }
      case op.BPF_JMP:
      case op.BPF_JMP32: {
        const o = code & 0xf0;
        this.jmpsProcessed++;
        if (o === op.BPF_CALL) {
          if (cls !== op.BPF_JMP || code & op.BPF_X) this.err('EINVAL', `unknown opcode ${hex2(code)}`);
          // BPF_PSEUDO_KFUNC_CALL exists since 5.13; before, src_reg 2 is a reserved field
          const kfunc = this.env.rules.kfuncCalls && s.src[i] === op.BPF_PSEUDO_KFUNC_CALL;
          if (s.off[i] !== 0 || (s.src[i] !== 0 && s.src[i] !== op.BPF_PSEUDO_CALL && !kfunc)
            || (s.src[i] !== op.BPF_PSEUDO_CALL && s.dst[i] !== 0) || (s.src[i] === op.BPF_PSEUDO_CALL && s.dst[i] !== 0)) {
            this.err('EINVAL', 'BPF_CALL uses reserved fields');
          }
          if (this.cur.activeLock && !(s.src[i] === 0 && s.imm[i] === 94)) {
            this.err('EINVAL', 'function calls are not allowed while holding a lock');
          }
          if (s.src[i] === op.BPF_PSEUDO_CALL) return this.checkFuncCall(i);
          if (s.src[i] === op.BPF_PSEUDO_KFUNC_CALL) this.err('EINVAL', 'calling kernel function is not supported without BTF');
          return this.checkHelperCall(i);
        }
        if (o === op.BPF_JA) {
          if (code & op.BPF_X || s.src[i] !== 0 || s.dst[i] !== 0 || (cls === op.BPF_JMP ? s.imm[i] !== 0 : s.off[i] !== 0)) {
            this.err('EINVAL', 'BPF_JA uses reserved fields');
          }
          this.insnIdx = jmpTarget(s, i);
          return 'next';
        }
        if (o === op.BPF_EXIT) {
          if (code & op.BPF_X || s.imm[i] !== 0 || s.src[i] !== 0 || s.dst[i] !== 0 || s.off[i] !== 0 || cls !== op.BPF_JMP) {
            this.err('EINVAL', 'BPF_EXIT uses reserved fields');
          }
          return this.checkExit(i);
        }
        this.checkCondJmp(i);
        return 'next';
      }
      case op.BPF_LD: {
        const mode = code & 0xe0;
        if (mode === op.BPF_ABS || mode === op.BPF_IND) {
          this.checkLdAbs(i);
          this.insnIdx = i + 1;
          return 'next';
        }
        if (mode === op.BPF_IMM) {
          this.checkLdImm(i);
          this.insnIdx = i + 2;
          return 'next';
        }
        this.err('EINVAL', 'invalid BPF_LD mode');
      }
    }
    this.err('EINVAL', `unknown insn class ${cls}`);
  }

  /** "same insn cannot be used with different pointers" (ctx accesses are rewritten per insn) */
  private checkPtrTypeConsistent(i: number, t: RegType): void {
    const prev = this.insnPtrType[i]!;
    if (prev === -1) {
      this.insnPtrType[i] = t;
      return;
    }
    if (prev !== t && (prev === RegType.PTR_TO_CTX || t === RegType.PTR_TO_CTX || isSockType(prev) || isSockType(t))) {
      this.err('EINVAL', 'same insn cannot be used with different pointers');
    }
  }

  // ---- ALU -------------------------------------------------------------------------------

  private checkAlu(i: number): void {
    const s = this.env.slots;
    const code = s.code[i]!;
    const o = code & 0xf0;
    const alu64 = (code & 7) === op.BPF_ALU64;
    const x = (code & op.BPF_X) !== 0;
    const dst = s.dst[i]!;
    const src = s.src[i]!;
    const off = s.off[i]!;
    const imm = s.imm[i]!;
    if (o === op.BPF_END || o === op.BPF_NEG) {
      if (o === op.BPF_NEG) {
        if (x || src !== 0 || off !== 0 || imm !== 0) this.err('EINVAL', 'BPF_NEG uses reserved fields');
      } else if (src !== 0 || off !== 0 || (imm !== 16 && imm !== 32 && imm !== 64) || (alu64 && x)) {
        this.err('EINVAL', 'BPF_END uses reserved fields');
      }
      const d = this.readReg(dst);
      if (this.isPointerValue(d)) this.err('EACCES', `R${dst} pointer arithmetic prohibited`);
      this.writeReg(dst);
      if (this.env.rules.aluNegEndBounds && isScalar(d)) {
        if (o === op.BPF_NEG) {
          // adjust_scalar_min_max_vals BPF_NEG: 0 - dst (scalar_min_max_sub, tnum_neg)
          const z = new Reg();
          markRegUnknown(z);
          markRegKnown(z, 0n);
          scalarAlu(z, d.clone(), op.BPF_SUB, !alu64);
          d.assign(z);
          d.id = 0;
        } else scalarByteSwap(d, alu64, (code & op.BPF_X) === 0, imm);
        return;
      }
      // before: check_reg_arg(DST_OP), an unknown scalar whatever the value was
      markRegUnknown(d);
      return;
    }
    if (o === op.BPF_MOV) {
      if (x) {
        // movsx (off = 8/16/32) is cpu v4 (6.6); before, off is reserved
        if (imm !== 0 || (off !== 0 && !(this.env.rules.cpuV4 && (off === 8 || off === 16 || (off === 32 && alu64))))) this.err('EINVAL', 'BPF_MOV uses reserved fields');
        const sr = this.readReg(src);
        const d = this.writeReg(dst);
        if (off) {
          // movsx: sign-extend the low `off` bits
          if (this.isPointerValue(sr) || (sr.type !== RegType.SCALAR_VALUE)) {
            if (!this.env.priv) this.err('EACCES', `R${src} sign-extension part of pointer`);
            markRegUnknown(d);
          } else if (tnumIsConst(sr.varOff)) {
            const v = BigInt.asIntN(off, sr.varOff.value);
            markRegUnknown(d);
            markRegKnown(d, alu64 ? v : BigInt.asUintN(32, v));
          } else {
            markRegUnknown(d);
            const lo = -(1n << BigInt(off - 1));
            const hi = (1n << BigInt(off - 1)) - 1n;
            // set_sext64_default_val: the 32-bit signed bounds are the same range
            if (alu64) { d.smin = lo; d.smax = hi; d.s32min = Number(lo); d.s32max = Number(hi); regBoundsSync(d); }
            else { d.s32min = Number(lo); d.s32max = Number(hi); regBoundsSync(d); zext32To64(d); regBoundsSync(d); }
          }
          return;
        }
        if (alu64) {
          if (sr.type === RegType.SCALAR_VALUE && !sr.id && !regTnumConst(sr)) sr.id = ++this.idGen;
          d.assign(sr);
        } else {
          if (this.isPointerValue(sr)) this.err('EACCES', `R${src} partial copy of pointer`);
          if (sr.type === RegType.SCALAR_VALUE) {
            d.assign(sr);
            d.id = 0;
          } else markRegUnknown(d);
          zext32To64(d);
          regBoundsSync(d);
        }
      } else {
        if (src !== 0 || off !== 0) this.err('EINVAL', 'BPF_MOV uses reserved fields');
        const d = this.writeReg(dst);
        markRegUnknown(d);
        markRegKnownImm(d, imm, alu64);
      }
      return;
    }
    if (o > op.BPF_END) this.err('EINVAL', `invalid BPF_ALU opcode ${hex2(o)}`);
    // sdiv/smod (off = 1) are cpu v4 (6.6); before, off is reserved
    const sdiv = this.env.rules.cpuV4 && (o === op.BPF_DIV || o === op.BPF_MOD) && off === 1;
    if (x) {
      if (imm !== 0 || (off !== 0 && !sdiv)) this.err('EINVAL', 'BPF_ALU uses reserved fields');
      this.readReg(src);
    } else if (src !== 0 || (off !== 0 && !sdiv)) {
      this.err('EINVAL', 'BPF_ALU uses reserved fields');
    }
    this.readReg(dst);
    if ((o === op.BPF_MOD || o === op.BPF_DIV) && !x && imm === 0) this.err('EINVAL', 'div by zero');
    if ((o === op.BPF_LSH || o === op.BPF_RSH || o === op.BPF_ARSH) && !x) {
      const size = alu64 ? 64 : 32;
      if (imm < 0 || imm >= size) this.err('EINVAL', `invalid shift ${imm}`);
    }
    this.writeReg(dst);
    this.adjustRegMinMaxVals(i, o, alu64, x);
  }

  /** adjust_reg_min_max_vals */
  private adjustRegMinMaxVals(i: number, o: number, alu64: boolean, x: boolean): void {
    const s = this.env.slots;
    const dstno = s.dst[i]!;
    const d = this.regs[dstno]!;
    let ptr: Reg | null = null;
    if (d.type !== RegType.SCALAR_VALUE) ptr = d;
    else d.id = 0;
    let src: Reg;
    this.srcIsReg = x;
    if (x) {
      src = this.regs[s.src[i]!]!;
      if (src.type !== RegType.SCALAR_VALUE) {
        if (d.type !== RegType.SCALAR_VALUE) {
          if (o === op.BPF_SUB && this.env.priv) {
            markRegUnknown(d);
            return;
          }
          this.err('EACCES', `R${dstno} pointer ${aluName(o)} pointer prohibited`);
        }
        // scalar += pointer (adjust_reg_min_max_vals: the scalar's range becomes the pointer's)
        this.markPrecise(dstno);
        this.adjustPtrMinMaxVals(dstno, o, alu64, src, scratch(SCR_S, d), true);
        return;
      }
      if (ptr) {
        this.markPrecise(s.src[i]!);
        this.adjustPtrMinMaxVals(dstno, o, alu64, scratch(SCR_P, ptr), scratch(SCR_S, src), false);
        return;
      }
      src = scratch(SCR_S, src);
    } else {
      src = SCR_S;
      markRegNotInit(src);
      markRegUnknown(src);
      markRegKnownImm(src, s.imm[i]!, true);
      if (ptr) {
        this.adjustPtrMinMaxVals(dstno, o, alu64, scratch(SCR_P, ptr), src, false);
        return;
      }
    }
    // (32-bit ops see only the low halves of the source: src is a private copy either way)
    scalarAlu(d, src, o, !alu64);
  }

  /** check_reg_sane_offset */
  private checkRegSaneOffset(r: Reg, typeStr: string): void {
    // the common case without BigInt: every quantity well inside +-BPF_MAX_VAR_OFF
    const lim = 0x20000000;
    if (!exotic(r) && r.off < lim && r.off > -lim) {
      const smin = regSminNum(r);
      if (smin < lim && smin > -lim && (!regTnumConst(r) || (regConstNum(r) < lim && regConstNum(r) > -lim))) return;
    }
    const known = tnumIsConst(r.varOff);
    const val = s64(r.varOff.value);
    if (known && (val >= BPF_MAX_VAR_OFF || val <= -BPF_MAX_VAR_OFF)) this.err('EACCES', `math between ${typeStr} pointer and ${val} is not allowed`);
    if (r.off >= Number(BPF_MAX_VAR_OFF) || r.off <= -Number(BPF_MAX_VAR_OFF)) this.err('EACCES', `${typeStr} pointer offset ${r.off} is not allowed`);
    if (r.smin === S64_MIN) this.err('EACCES', `math between ${typeStr} pointer and register with unbounded min value is not allowed`);
    if (r.smin >= BPF_MAX_VAR_OFF || r.smin <= -BPF_MAX_VAR_OFF) this.err('EACCES', `value ${r.smin} makes ${typeStr} pointer be out of bounds`);
  }

  /** adjust_ptr_min_max_vals: pointer ± scalar */
  private adjustPtrMinMaxVals(dstno: number, o: number, alu64: boolean, p: Reg, offReg: Reg, scalarIsDst: boolean): void {
    const d = this.regs[dstno]!;
    const known = tnumIsConst(offReg.varOff);
    const { smin: sminVal, smax: smaxVal, umin: uminVal, umax: umaxVal } = offReg;
    if ((known && (sminVal !== smaxVal || uminVal !== umaxVal)) || sminVal > smaxVal || uminVal > umaxVal) {
      markRegUnknown(d);
      return;
    }
    if (!alu64) {
      if (o === op.BPF_SUB && this.env.priv) {
        markRegUnknown(d);
        return;
      }
      this.err('EACCES', `R${dstno} 32-bit pointer arithmetic prohibited`);
    }
    if (p.maybeNull) this.err('EACCES', `R${dstno} pointer arithmetic on ${regTypeStr(p)} prohibited, null-check it first`);
    switch (p.type) {
      case RegType.CONST_PTR_TO_MAP:
        if (known && sminVal === 0n && o === op.BPF_ADD) break;
        this.err('EACCES', `R${dstno} pointer arithmetic on ${regTypeStr(p)} prohibited`);
      // falls through (unreachable)
      case RegType.PTR_TO_PACKET_END:
      case RegType.PTR_TO_SOCKET:
      case RegType.PTR_TO_SOCK_COMMON:
      case RegType.PTR_TO_TCP_SOCK:
      case RegType.PTR_TO_XDP_SOCK:
      case RegType.PTR_TO_FLOW_KEYS:
        this.err('EACCES', `R${dstno} pointer arithmetic on ${regTypeStr(p)} prohibited`);
      // falls through (unreachable)
      case RegType.PTR_TO_MAP_VALUE:
        if (!this.env.priv && !known && (sminVal < 0n) !== (smaxVal < 0n)) {
          this.err('EACCES', `R${scalarIsDst ? dstno : dstno} has unknown scalar with mixed signed bounds, pointer arithmetic with it prohibited for !root`);
        }
        break;
      default:
        break;
    }
    // sanitize_ptr_alu (retrieve_ptr_limit): unprivileged pointer arithmetic with a register
    // operand is only supported on stack and map value pointers
    if (!this.env.priv && this.srcIsReg && (o === op.BPF_ADD || o === op.BPF_SUB)
      && p.type !== RegType.PTR_TO_STACK && p.type !== RegType.PTR_TO_MAP_VALUE) {
      this.err('EACCES', `R${dstno} has pointer with unsupported alu operation, pointer arithmetic with it prohibited for !root`);
    }
    if (!this.env.priv && this.srcIsReg && !known && (o === op.BPF_ADD || o === op.BPF_SUB)) {
      // sanitize_ptr_alu: under speculation the offset may be masked to 0; verify that path too
      const spec = this.pushStack(this.insnIdx + 1, this.insnIdx);
      spec.cur.regs[dstno]!.assign(p);
    }
    const ts = regTypeStr(p);
    this.checkRegSaneOffset(offReg, ts);
    this.checkRegSaneOffset(p, ts);
    const res = scratch(SCR_R, p);
    markReg32Unbounded(res);
    switch (o) {
      case op.BPF_ADD: {
        const noff = BigInt(p.off) + sminVal;
        if (known && noff === BigInt(Number(BigInt.asIntN(32, noff)))) {
          res.off = Number(noff);
          break;
        }
        const add = (a: bigint, b: bigint): bigint | null => { const r = a + b; return r > (1n << 63n) - 1n || r < S64_MIN ? null : r; };
        const lo = add(p.smin, sminVal);
        const hi = add(p.smax, smaxVal);
        if (lo === null || hi === null) { res.smin = S64_MIN; res.smax = (1n << 63n) - 1n; } else { res.smin = lo; res.smax = hi; }
        if (p.umin + uminVal > U64 || p.umax + umaxVal > U64) { res.umin = 0n; res.umax = U64; } else { res.umin = p.umin + uminVal; res.umax = p.umax + umaxVal; }
        res.varOff = tnumAdd(p.varOff, offReg.varOff);
        if (isPktPointer(p)) {
          res.id = ++this.idGen;
          res.range = 0;
        }
        break;
      }
      case op.BPF_SUB: {
        if (scalarIsDst) this.err('EACCES', `R${dstno} tried to subtract pointer from scalar`);
        if (p.type === RegType.PTR_TO_STACK) this.err('EACCES', `R${dstno} subtraction from stack pointer prohibited`);
        const noff = BigInt(p.off) - sminVal;
        if (known && noff === BigInt(Number(BigInt.asIntN(32, noff)))) {
          res.off = Number(noff);
          break;
        }
        const lo = p.smin - smaxVal;
        const hi = p.smax - sminVal;
        if (lo < S64_MIN || hi > (1n << 63n) - 1n || lo > (1n << 63n) - 1n || hi < S64_MIN) { res.smin = S64_MIN; res.smax = (1n << 63n) - 1n; } else { res.smin = lo; res.smax = hi; }
        if (p.umin < umaxVal) { res.umin = 0n; res.umax = U64; } else { res.umin = p.umin - umaxVal; res.umax = p.umax - uminVal; }
        res.varOff = tnumSubFix(p.varOff, offReg.varOff);
        if (isPktPointer(p)) {
          res.id = ++this.idGen;
          if (sminVal < 0n) res.range = 0;
        }
        break;
      }
      case op.BPF_AND:
      case op.BPF_OR:
      case op.BPF_XOR:
        this.err('EACCES', `R${dstno} bitwise operator ${aluName(o)} on pointer prohibited`);
      // falls through (unreachable)
      default:
        this.err('EACCES', `R${dstno} pointer arithmetic with ${aluName(o)} operator prohibited`);
    }
    this.checkRegSaneOffset(res, ts);
    updateRegBounds(res);
    regBoundsSync(res);
    if (!this.env.priv) {
      if (res.type === RegType.PTR_TO_MAP_VALUE) {
        try {
          this.checkMemRegionAccess(dstno, res, res.off, 1, res.map!.valueSize, false);
        } catch (e) {
          if (!(e instanceof VerifierError)) throw e;
          this.err('EACCES', `R${dstno} pointer arithmetic of map value goes out of range, prohibited for !root`);
        }
      } else if (res.type === RegType.PTR_TO_STACK) {
        if (!tnumIsConst(res.varOff)) this.err('EACCES', `R${dstno} variable stack access prohibited for !root, var_off=${tnumStr(res.varOff)} off=${res.off}`);
        const off = res.off + Number(s64(res.varOff.value));
        if (off < -512 || off + 1 > 0) this.err('EACCES', `R${dstno} stack pointer arithmetic goes out of range, prohibited for !root`);
      }
    }
    d.assign(res);
  }

  // ---- memory ----------------------------------------------------------------------------

  /** __check_mem_access + check_mem_region_access */
  private checkMemRegionAccess(regno: number, reg: Reg, off: number, size: number, memSize: number, zeroSizeOk: boolean): void {
    const fail = (o: bigint): boolean => o < 0n || (size === 0 && !zeroSizeOk) || o + BigInt(size) > BigInt(memSize);
    const smin = reg.smin;
    if (smin < 0n && (smin === S64_MIN || BigInt(off) + smin !== BigInt.asIntN(32, BigInt(off) + smin) || smin + BigInt(off) < 0n)) {
      this.err('EACCES', `R${regno} min value is negative, either use unsigned index or do a if (index >=0) check.`);
    }
    if (fail(smin + BigInt(off))) {
      this.memAccessMsg(regno, reg, Number(smin) + off, size, memSize);
      this.err('EACCES', `R${regno} min value is outside of the allowed memory range`);
    }
    if (reg.umax >= BPF_MAX_VAR_OFF) this.err('EACCES', `R${regno} unbounded memory access, make sure to bounds check any such access`);
    if (fail(reg.umax + BigInt(off))) {
      this.memAccessMsg(regno, reg, Number(reg.umax) + off, size, memSize);
      this.err('EACCES', `R${regno} max value is outside of the allowed memory range`);
    }
  }

  private memAccessMsg(regno: number, reg: Reg, off: number, size: number, memSize: number): void {
    switch (reg.type) {
      case RegType.PTR_TO_MAP_KEY: this.verbose(`invalid access to map key, key_size=${memSize} off=${off} size=${size}`); break;
      case RegType.PTR_TO_MAP_VALUE: this.verbose(`invalid access to map value, value_size=${memSize} off=${off} size=${size}`); break;
      case RegType.PTR_TO_PACKET:
      case RegType.PTR_TO_PACKET_META:
      case RegType.PTR_TO_PACKET_END:
        this.verbose(`invalid access to packet, off=${off} size=${size}, R${regno}(id=${reg.id},off=${reg.off},r=${reg.range})`); break;
      case RegType.PTR_TO_MEM: this.verbose(`invalid access to memory, mem_size=${memSize} off=${off} size=${size}`); break;
      default: this.verbose(`invalid access to ${regTypeStr(reg)}, mem_size=${memSize} off=${off} size=${size}`);
    }
  }

  /** check_map_access: value bounds, plus the spin lock that may not be touched directly */
  private checkMapAccess(regno: number, reg: Reg, off: number, size: number, zeroSizeOk: boolean): void {
    const map = reg.map!;
    this.checkMemRegionAccess(regno, reg, off, size, map.valueSize, zeroSizeOk);
    const lock = map.spinLockOff ?? -1;
    if (lock >= 0) {
      const lo = Number(reg.smin) + off;
      const hi = Number(reg.umax) + off + size;
      if (lo < lock + 4 && lock < hi) this.err('EACCES', 'bpf_spin_lock cannot be accessed directly by load/store');
    }
  }

  private checkMapAccessType(regno: number, reg: Reg, off: number, size: number, t: 'read' | 'write'): void {
    const flags = reg.map?.flags ?? 0;
    const vs = reg.map?.valueSize ?? 0;
    void regno;
    if (t === 'write' && flags & BPF_F_RDONLY_PROG) this.err('EACCES', `write into map forbidden, value_size=${vs} off=${off} size=${size}`);
    if (t === 'read' && flags & BPF_F_WRONLY_PROG) this.err('EACCES', `read from map forbidden, value_size=${vs} off=${off} size=${size}`);
  }

  /** check_packet_access */
  private checkPacketAccess(regno: number, reg: Reg, off: number, size: number, zeroSizeOk: boolean): void {
    if (sminNegative(reg)) this.err('EACCES', `R${regno} min value is negative, either use unsigned index or do a if (index >=0) check.`);
    // only the fixed offset is checked: reg.range was proven for this pointer's variable part
    if ((size === 0 && !zeroSizeOk) || off < 0 || off + size > reg.range) {
      this.memAccessMsg(regno, reg, off, size, reg.range);
      this.err('EACCES', `R${regno} offset is outside of the packet`);
    }
  }

  /** check_ptr_alignment */
  private checkAlignment(regno: number, reg: Reg, off: number, size: number, strictOnce = false): void {
    let strict = this.strictAlign || strictOnce;
    let desc = '';
    switch (reg.type) {
      case RegType.PTR_TO_PACKET:
      case RegType.PTR_TO_PACKET_META: {
        if (!strict || size === 1) return;
        const ipAlign = 2;
        if (!regTnumAligned(reg, ipAlign + reg.off + off, size)) this.err('EACCES', `misaligned packet access off ${ipAlign}+${this.varOffStr(reg)}+${reg.off}+${off} size ${size}`);
        return;
      }
      case RegType.PTR_TO_FLOW_KEYS: desc = 'flow keys '; break;
      case RegType.PTR_TO_MAP_KEY: desc = 'key '; break;
      case RegType.PTR_TO_MAP_VALUE: desc = 'value '; break;
      case RegType.PTR_TO_CTX: desc = 'context '; break;
      case RegType.PTR_TO_STACK: desc = 'stack '; strict = true; break;
      case RegType.PTR_TO_SOCKET: desc = 'sock '; strict = true; break;
      case RegType.PTR_TO_SOCK_COMMON: desc = 'sock_common '; strict = true; break;
      case RegType.PTR_TO_TCP_SOCK: desc = 'tcp_sock '; strict = true; break;
      case RegType.PTR_TO_XDP_SOCK: desc = 'xdp_sock '; strict = true; break;
    }
    void regno;
    if (!strict || size === 1) return;
    if (!regTnumAligned(reg, reg.off + off, size)) this.err('EACCES', `misaligned ${desc}access off ${this.varOffStr(reg)}+${reg.off}+${off} size ${size}`);
  }

  /**
   * check_mem_access: a load (t = read, valueRegno = destination) or store (t = write,
   * valueRegno = source register, or -1 for BPF_ST with `stImm`).
   */
  private checkMemAccess(regno: number, insnOff: number, size: number, t: 'read' | 'write', valueRegno: number, signExt: boolean, stImm?: bigint, strictOnce = false): void {
    const reg = this.regs[regno]!;
    const value = valueRegno >= 0 ? this.regs[valueRegno]! : null;
    if (reg.maybeNull || reg.type === RegType.NOT_INIT || reg.type === RegType.SCALAR_VALUE) {
      this.err('EACCES', `R${regno} invalid mem access '${regTypeStr(reg)}'`);
    }
    this.checkAlignment(regno, reg, insnOff, size, strictOnce);
    const off = insnOff + reg.off;
    const leak = (where: string): void => {
      if (t === 'write' && value && this.isPointerValue(value)) this.err('EACCES', `R${valueRegno} leaks addr into ${where}`);
    };
    let loaded: ((r: Reg) => void) | null = (r) => markRegUnknown(r);
    switch (reg.type) {
      case RegType.PTR_TO_MAP_KEY:
        if (t === 'write') this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
        this.checkMemRegionAccess(regno, reg, off, size, reg.map!.keySize, false);
        break;
      case RegType.PTR_TO_MAP_VALUE:
        leak('map');
        if (reg.rdonly && t === 'write') this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
        this.checkMapAccessType(regno, reg, off, size, t);
        this.checkMapAccess(regno, reg, off, size, false);
        break;
      case RegType.PTR_TO_MEM:
      case RegType.PTR_TO_BUF:
        if (t === 'write' && reg.rdonly) this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
        leak('mem');
        this.checkMemRegionAccess(regno, reg, off, size, reg.memSize, false);
        break;
      case RegType.PTR_TO_CTX: {
        leak('ctx');
        this.checkCtxPtrOff(regno, reg);
        if (!regTnumEqualsConst(reg, 0, 0)) this.err('EACCES', `variable ctx access var_off=${tnumStr(reg.varOff)} disallowed`);
        const kind = this.env.progType.isValidAccess(off, size, t === 'write', { priv: this.env.priv });
        // check_ctx_access passes info.is_ldsx to is_valid_access: the packet pointers of
        // __sk_buff, xdp_md and the flow dissector (net/core/filter.c) refuse a sign-extending
        // load, and a pointer field can only be loaded whole anyway
        if (!kind || (signExt && kind !== 'scalar')) this.err('EACCES', `invalid bpf_context access off=${off} size=${size}`);
        if (t === 'read') {
          switch (kind) {
            case 'pkt': loaded = (r) => { markPtr(r, RegType.PTR_TO_PACKET); }; break;
            case 'pkt_meta': loaded = (r) => { markPtr(r, RegType.PTR_TO_PACKET_META); }; break;
            case 'pkt_end': loaded = (r) => { markPtr(r, RegType.PTR_TO_PACKET_END); }; break;
            case 'flow_keys': loaded = (r) => { markPtr(r, RegType.PTR_TO_FLOW_KEYS); }; break;
            case 'sock_common': loaded = (r) => { markPtr(r, RegType.PTR_TO_SOCK_COMMON); r.maybeNull = true; r.id = ++this.idGen; }; break;
            case 'socket': loaded = (r) => { markPtr(r, RegType.PTR_TO_SOCKET); }; break;
            case 'socket_or_null': loaded = (r) => { markPtr(r, RegType.PTR_TO_SOCKET); r.maybeNull = true; r.id = ++this.idGen; }; break;
            default: break;
          }
        }
        break;
      }
      case RegType.PTR_TO_STACK:
        this.checkStackAccess(regno, reg, off, size, t, valueRegno, stImm);
        if (t === 'read') loaded = null;
        break;
      case RegType.PTR_TO_PACKET:
      case RegType.PTR_TO_PACKET_META:
        if (t === 'write' && this.env.progType.directPacketAccess !== 'write') this.err('EACCES', 'cannot write into packet');
        leak('packet');
        this.checkPacketAccess(regno, reg, off, size, false);
        break;
      case RegType.PTR_TO_FLOW_KEYS:
        leak('flow_keys');
        if (off < 0 || off + size > 56) this.err('EACCES', `invalid access to flow keys off=${off} size=${size}`);
        break;
      case RegType.PTR_TO_SOCKET:
      case RegType.PTR_TO_SOCK_COMMON:
      case RegType.PTR_TO_TCP_SOCK:
      case RegType.PTR_TO_XDP_SOCK: {
        if (t === 'write') this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
        if (reg.off !== 0 || !tnumIsConst(reg.varOff) || reg.varOff.value !== 0n) {
          this.err('EACCES', `R${regno} invalid ${regTypeStr(reg)} access off=${off} size=${size}`);
        }
        if (!sockAccessOk(reg.type, off, size)) this.err('EACCES', `R${regno} invalid ${regTypeStr(reg)} access off=${off} size=${size}`);
        break;
      }
      default:
        this.err('EACCES', `R${regno} invalid mem access '${regTypeStr(reg)}'`);
    }
    if (t === 'read' && valueRegno >= 0 && loaded) {
      const d = this.regs[valueRegno]!;
      loaded(d);
      if (d.type === RegType.SCALAR_VALUE && size < 8) {
        if (signExt) {
          markRegUnknown(d);
          const lo = -(1n << BigInt(size * 8 - 1));
          // set_sext64_default_val (coerce_reg_to_size_sx): s64 and s32 bounds both the narrow range
          d.smin = lo; d.smax = -lo - 1n; d.s32min = Number(lo); d.s32max = Number(-lo - 1n);
          regBoundsSync(d);
        } else coerceRegToSize(d, size);
      }
    } else if (t === 'read' && valueRegno >= 0 && !loaded) {
      const d = this.regs[valueRegno]!;
      if (d.type === RegType.SCALAR_VALUE && size < 8) {
        if (signExt) {
          if (!tnumIsConst(d.varOff)) { markRegUnknown(d); const lo = -(1n << BigInt(size * 8 - 1)); d.smin = lo; d.smax = -lo - 1n; d.s32min = Number(lo); d.s32max = Number(-lo - 1n); regBoundsSync(d); }
          else { const v = BigInt.asIntN(size * 8, d.varOff.value); markRegKnown(d, v); }
        } else coerceRegToSize(d, size);
      }
    }
  }

  /** stack read/write (check_stack_read / check_stack_write, fixed and variable offset) */
  private checkStackAccess(regno: number, reg: Reg, off: number, size: number, t: 'read' | 'write', valueRegno: number, stImm?: bigint): void {
    const frame = this.cur.frames[reg.frameno]!;
    const constOff = regTnumConst(reg);
    let minOff: number;
    let maxOff: number;
    if (constOff) {
      minOff = maxOff = off + regConstNum(reg);
    } else {
      if (reg.smax >= BPF_MAX_VAR_OFF || reg.smin <= -BPF_MAX_VAR_OFF) {
        this.err('EACCES', `invalid unbounded variable-offset${t === 'read' ? ' read from' : ' write to'} stack R${regno}`);
      }
      minOff = Number(reg.smin) + off;
      maxOff = Number(reg.smax) + off;
    }
    if (minOff < -512 || maxOff + size > 0 || size <= 0) {
      if (constOff) this.err('EACCES', `invalid${t === 'read' ? ' read from' : ' write to'} stack R${regno} off=${minOff} size=${size}`);
      this.err('EACCES', `invalid variable-offset${t === 'read' ? ' read from' : ' write to'} stack R${regno} var_off=${tnumStr(reg.varOff)} off=${off} size=${size}`);
    }
    this.growStack(frame, -minOff);
    if (t === 'write') {
      const value = valueRegno >= 0 ? this.regs[valueRegno]! : null;
      if (constOff) this.stackWriteFixed(frame, minOff, size, value, stImm);
      else this.stackWriteVar(frame, minOff, maxOff + size, value, stImm);
      return;
    }
    const dst = valueRegno >= 0 ? this.regs[valueRegno]! : null;
    if (constOff) this.stackReadFixed(frame, minOff, size, dst);
    else {
      for (let o = minOff; o < maxOff + size; o++) {
        const slot = -o - 1;
        const ty = frame.slotType[((slot / 8) | 0) * 8 + (slot % 8)]!;
        if (ty === STACK_INVALID && !this.allowUninitStack) this.err('EACCES', `invalid variable-offset read from stack R${regno} var_off=${tnumStr(reg.varOff)} off=${off} size=${size}`);
        if (ty === STACK_SPILL && frame.spilled[(slot / 8) | 0]?.type !== RegType.SCALAR_VALUE && !this.env.priv) {
          this.err('EACCES', `invalid variable-offset read from stack R${regno} var_off=${tnumStr(reg.varOff)} off=${off} size=${size}`);
        }
      }
      if (dst) markRegUnknown(dst);
    }
  }

  private growStack(frame: FuncState, depth: number): void {
    const alloc = (depth + 7) & ~7;
    if (alloc > frame.allocated) frame.allocated = alloc;
    const sp = this.env.cfg.subprogs[frame.subprogno]!;
    if (depth > sp.stackDepth) sp.stackDepth = depth;
  }

  /** INSN_F_STACK_ACCESS: the current instruction spilled to or filled from this slot */
  private recordStackAccess(frame: FuncState, spi: number): void {
    const h = this.cur.histStack;
    if (h.length) h[h.length - 1] = stackAccess(frame.frameno, spi);
  }

  /** mark_chain_precision: privileged programs only (unprivileged ones compare every scalar) */
  private markPrecise(regno: number): void {
    if (!this.env.priv) return;
    const r = this.regs[regno]!;
    if (r.type !== RegType.SCALAR_VALUE) return;
    markChainPrecision(this.env.slots, this.cur, 1 << regno, [], true);
  }

  private stackWriteFixed(frame: FuncState, off: number, size: number, value: Reg | null, stImm?: bigint): void {
    const spi = ((-off - 1) / 8) | 0;
    // overwriting part of a spilled pointer (unprivileged: the pointer would leak byte-wise)
    if (!this.env.priv && frame.slotType[spi * 8 + 7] === STACK_SPILL && size !== 8) {
      const sp = frame.spilled[spi];
      if (sp && isPointer(sp)) this.err('EACCES', 'attempt to corrupt spilled pointer on stack');
    }
    if (value && isPointer(value)) {
      // a pointer is spilled whole or not at all (check_stack_write_fixed_off)
      if (size !== 8) this.err('EACCES', 'invalid size of register spill');
      if (frame !== this.cur.cur && value.type === RegType.PTR_TO_STACK) this.err('EINVAL', 'cannot spill pointers to stack into stack frame of the caller');
    }
    // check_stack_write_fixed_off: a scalar (or BPF_ST's immediate) written to the start of a
    // slot by a privileged program is spilled, 1 to 8 bytes (save_register_state: the written
    // bytes become STACK_SPILL, the others of the slot STACK_MISC unless zero or never written)
    const spillScalar = this.env.priv && off % 8 === 0 && ((value && isScalar(value)) || stImm !== undefined);
    if ((value && isPointer(value)) || spillScalar) {
      let v: Reg;
      if (value) {
        // assign_scalar_id_before_mov: the register and its spill stay tied (a later comparison of
        // one bounds the other), unless the spill narrows the value
        if (this.env.rules.spillScalarIds && isScalar(value) && !value.id && !regTnumConst(value) && regWidth(value) <= size * 8) value.id = ++this.idGen;
        v = value.clone();
        // a narrowing spill breaks the link to the register (get_reg_width > size * 8)
        if (size < 8 && regWidth(value) > size * 8) v.id = 0;
      } else {
        v = new Reg();
        markRegUnknown(v);
        markRegKnown(v, stImm!);
      }
      frame.spilled[spi] = v;
      for (let b = 0; b < 8; b++) {
        const idx = spi * 8 + b;
        if (b >= 8 - size) frame.slotType[idx] = STACK_SPILL;
        else if (frame.slotType[idx] !== STACK_ZERO && frame.slotType[idx] !== STACK_INVALID) frame.slotType[idx] = STACK_MISC;
      }
      this.recordStackAccess(frame, spi);
      return;
    }
    // a partial write: a spilled register in this slot is gone
    if (frame.slotType[spi * 8 + 7] === STACK_SPILL) {
      for (let k = 0; k < 8; k++) if (frame.slotType[spi * 8 + k] === STACK_SPILL) frame.slotType[spi * 8 + k] = STACK_MISC;
      frame.spilled[spi] = null;
    }
    const isZero = (value && isScalar(value) && regTnumEqualsConst(value, 0, 0)) || stImm === 0n;
    for (let k = 0; k < size; k++) {
      const slot = -off - 1 - k;
      const idx = ((slot / 8) | 0) * 8 + (slot % 8);
      frame.slotType[idx] = isZero ? STACK_ZERO : STACK_MISC;
    }
  }

  private stackWriteVar(frame: FuncState, lo: number, hi: number, value: Reg | null, stImm?: bigint): void {
    const isZero = (value && isScalar(value) && tnumEqualsConst(value.varOff, 0n)) || stImm === 0n;
    for (let o = lo; o < hi; o++) {
      const slot = -o - 1;
      const spi = (slot / 8) | 0;
      if (frame.slotType[spi * 8 + 7] === STACK_SPILL) {
        const sp = frame.spilled[spi];
        if (sp && isPointer(sp) && !this.env.priv) this.err('EACCES', `spilled ptr in range of var-offset stack write; insn ${this.insnIdx}, ptr off: ${-(spi + 1) * 8}`);
        for (let k = 0; k < 8; k++) if (frame.slotType[spi * 8 + k] === STACK_SPILL) frame.slotType[spi * 8 + k] = STACK_MISC;
        frame.spilled[spi] = null;
      }
      const idx = spi * 8 + (slot % 8);
      if (frame.slotType[idx] === STACK_INVALID && !this.env.priv) {
        this.err('EPERM', `uninit stack in range of var-offset write prohibited for !root; insn ${this.insnIdx}, off: ${o}`);
      }
      frame.slotType[idx] = isZero && frame.slotType[idx] === STACK_ZERO ? STACK_ZERO : STACK_MISC;
    }
  }

  private stackReadFixed(frame: FuncState, off: number, size: number, dst: Reg | null): void {
    const spi = ((-off - 1) / 8) | 0;
    if (frame.slotType[spi * 8 + 7] === STACK_SPILL) {
      const sp = frame.spilled[spi];
      // check_stack_read_fixed_off: the spill's size is its run of STACK_SPILL bytes from the top
      let spillSize = 1;
      for (let b = 6; b >= 0 && frame.slotType[spi * 8 + b] === STACK_SPILL; b--) spillSize++;
      if (size === 8 && spillSize === 8) {
        if (off % 8 !== 0) this.err('EACCES', 'corrupted spill memory');
        if (dst && sp) dst.assign(sp);
        this.recordStackAccess(frame, spi);
        return;
      }
      if (sp && sp.type !== RegType.SCALAR_VALUE) this.err('EACCES', 'invalid size of register fill');
      if (!dst) return;
      if (size <= spillSize && off % 8 === 0) {
        // a narrow fill of a scalar spill (bpf_stack_narrow_access_ok): the spilled value,
        // truncated by the load (coerce_reg_to_size); a narrowing fill breaks the id link
        dst.assign(sp!);
        if (regWidth(sp!) > size * 8) dst.id = 0;
        this.recordStackAccess(frame, spi);
        return;
      }
      let spills = 0;
      let zeros = 0;
      for (let k = 0; k < size; k++) {
        const slot = -off - 1 - k;
        const ty = frame.slotType[((slot / 8) | 0) * 8 + (slot % 8)]!;
        if (ty === STACK_SPILL) spills++;
        else if (ty === STACK_ZERO) zeros++;
        else if (ty === STACK_INVALID && !this.allowUninitStack) this.err('EACCES', `invalid read from stack off ${off}+${k} size ${size}`);
      }
      if (spills === size && sp && tnumIsConst(sp.varOff) && sp.varOff.value === 0n) { markRegKnownZero(dst); this.recordStackAccess(frame, spi); }
      else if (zeros === size) markRegKnownZero(dst);
      else markRegUnknown(dst);
      return;
    }
    let zeros = 0;
    for (let k = 0; k < size; k++) {
      const slot = -off - 1 - k;
      const idx = ((slot / 8) | 0) * 8 + (slot % 8);
      const ty = frame.slotType[idx]!;
      if (ty === STACK_MISC) continue;
      if (ty === STACK_ZERO) { zeros++; continue; }
      if (ty === STACK_SPILL) {
        if (frame.spilled[(slot / 8) | 0]?.type !== RegType.SCALAR_VALUE) this.err('EACCES', 'invalid size of register fill');
        continue;
      }
      // check_stack_read_fixed_off: with allow_uninit_stack an uninitialised byte reads as unknown
      if (ty === STACK_INVALID && this.allowUninitStack) continue;
      this.err('EACCES', `invalid read from stack off ${off}+${k} size ${size}`);
    }
    if (dst) {
      if (zeros === size) markRegKnownZero(dst);
      else markRegUnknown(dst);
    }
  }

  /** check_atomic */
  private checkAtomic(i: number): void {
    const s = this.env.slots;
    const code = s.code[i]!;
    const imm = s.imm[i]!;
    const size = sizeOf(code);
    if (size !== 4 && size !== 8) this.err('EINVAL', 'invalid atomic operand size');
    const ok = [op.BPF_ADD, op.BPF_OR, op.BPF_AND, op.BPF_XOR].some((x) => imm === x || imm === (x | op.BPF_FETCH)) || imm === op.BPF_XCHG || imm === op.BPF_CMPXCHG;
    if (!ok) this.err('EINVAL', `BPF_ATOMIC uses invalid atomic opcode ${hex2(imm)}`);
    const src = this.readReg(s.src[i]!);
    const dst = this.readReg(s.dst[i]!);
    if (imm === op.BPF_CMPXCHG) {
      const r0 = this.readReg(0);
      if (this.isPointerValue(r0)) this.err('EACCES', 'R0 leaks addr into mem');
    }
    if (this.isPointerValue(src)) this.err('EACCES', `R${s.src[i]} leaks addr into mem`);
    if (dst.type === RegType.PTR_TO_CTX || isPktPointer(dst) || dst.type === RegType.PTR_TO_FLOW_KEYS || isSockType(dst.type)) {
      // before 5.12 the only atomic was BPF_XADD (check_xadd)
      this.err('EACCES', `${this.env.rules.atomics ? 'BPF_ATOMIC' : 'BPF_XADD'} stores into R${s.dst[i]} ${regTypeStr(dst)} is not allowed`);
    }
    const fetch = (imm & op.BPF_FETCH) !== 0;
    const loadReg = imm === op.BPF_CMPXCHG ? 0 : s.src[i]!;
    // check_atomic_rmw: the old value is loaded into load_reg, check_reg_arg(load_reg, DST_OP) —
    // a fetch into r10 is "frame pointer is read only"
    if (fetch) this.writeReg(loadReg);
    // read then write the same location
    const saved = this.regs[loadReg]!.clone();
    this.checkMemAccess(s.dst[i]!, s.off[i]!, size, 'read', fetch ? loadReg : -1, false, undefined, true);
    if (!fetch) this.regs[loadReg]!.assign(saved);
    if (fetch && this.isPointerValue(this.regs[loadReg]!)) this.err('EACCES', `R${loadReg} leaks addr into mem`);
    const tmp = fetch ? this.regs[loadReg]!.clone() : null;
    if (fetch) this.regs[loadReg]!.assign(saved);
    this.checkMemAccess(s.dst[i]!, s.off[i]!, size, 'write', s.src[i]!, false, undefined, true);
    if (tmp) {
      this.regs[loadReg]!.assign(tmp);
      if (size === 4) coerceRegToSize(this.regs[loadReg]!, 4);
    }
  }

  // ---- ld_imm64 and LD_ABS ---------------------------------------------------------------

  private checkLdImm(i: number): void {
    const s = this.env.slots;
    if ((s.code[i]! & 0x18) !== op.BPF_DW) this.err('EINVAL', 'invalid BPF_LD_IMM insn');
    if (s.off[i] !== 0) this.err('EINVAL', 'BPF_LD_IMM64 uses reserved fields');
    const d = this.writeReg(s.dst[i]!);
    const src = s.src[i]!;
    const imm = s.imm[i]!;
    const imm2 = s.imm[i + 1]!;
    if (src === 0) {
      markRegUnknown(d);
      markRegKnown(d, (BigInt(imm2 >>> 0) << 32n) | BigInt(imm >>> 0));
      return;
    }
    if (src === op.BPF_PSEUDO_FUNC) {
      markPtr(d, RegType.PTR_TO_FUNC);
      d.subprog = this.env.cfg.subprogOf[i + imm + 1]!;
      return;
    }
    if (src === op.BPF_PSEUDO_BTF_ID) this.err('EINVAL', 'kernel BTF is not available for BPF_PSEUDO_BTF_ID');
    const map = this.env.maps[imm]!;
    if (src === op.BPF_PSEUDO_MAP_VALUE || src === op.BPF_PSEUDO_MAP_IDX_VALUE) {
      if (map.type !== MapType.ARRAY || map.maxEntries < 1) this.err('EINVAL', `map direct value access is not supported for map type ${map.type}`);
      // resolve_pseudo_ldimm64: offsets past BPF_MAX_VAR_OFF, then array_map_direct_value_addr's off >= value_size
      if ((imm2 >>> 0) >= Number(BPF_MAX_VAR_OFF)) this.err('EINVAL', `direct value offset of ${imm2 >>> 0} is not allowed`);
      if (imm2 >= map.valueSize) this.err('EINVAL', `invalid access to map value pointer, value_size=${map.valueSize} off=${imm2}`);
      markPtr(d, RegType.PTR_TO_MAP_VALUE);
      d.map = map;
      d.off = imm2;
      return;
    }
    markPtr(d, RegType.CONST_PTR_TO_MAP);
    d.map = map;
  }

  private checkLdAbs(i: number): void {
    const s = this.env.slots;
    const code = s.code[i]!;
    const mode = code & 0xe0;
    if (!this.ldAbsOk) this.err('EINVAL', 'BPF_LD_[ABS|IND] instructions not allowed for this program type');
    if (s.dst[i] !== 0 || s.off[i] !== 0 || (code & 0x18) === op.BPF_DW || (mode === op.BPF_ABS && s.src[i] !== 0)) {
      this.err('EINVAL', 'BPF_LD_[ABS|IND] uses reserved fields');
    }
    const r6 = this.readReg(6);
    if (this.cur.refs.length) {
      if (!this.env.rules.log618) this.err('EINVAL', 'BPF_LD_[ABS|IND] cannot be mixed with socket references');
      for (const ref of this.cur.refs) this.verbose(`Unreleased reference id=${ref.id} alloc_insn=${ref.insn}`);
      this.err('EINVAL', 'BPF_LD_[ABS|IND] would lead to reference leak');
    }
    if (this.cur.activeLock) this.err('EINVAL', 'BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region');
    if (r6.type !== RegType.PTR_TO_CTX) this.err('EINVAL', 'at the time of BPF_LD_ABS|IND R6 != pointer to skb');
    if (mode === op.BPF_IND) this.readReg(s.src[i]!);
    for (let r = 1; r <= 5; r++) markRegNotInit(this.regs[r]!);
    const r0 = this.regs[0]!;
    markRegUnknown(r0);
    if ((code & 0x18) !== op.BPF_DW) coerceRegToSize(r0, sizeOf(code));
  }

  // ---- branches --------------------------------------------------------------------------

  private checkCondJmp(i: number): void {
    const s = this.env.slots;
    const code = s.code[i]!;
    const o = code & 0xf0;
    const jmp32 = (code & 7) === op.BPF_JMP32;
    const x = (code & op.BPF_X) !== 0;
    if (o > op.BPF_JSLE) this.err('EINVAL', `invalid BPF_JMP/JMP32 opcode ${hex2(o)}`);
    const dstno = s.dst[i]!;
    const srcno = s.src[i]!;
    let src: Reg;
    if (x) {
      if (s.imm[i] !== 0) this.err('EINVAL', 'BPF_JMP/JMP32 uses reserved fields');
      src = this.readReg(srcno);
    } else {
      if (srcno !== 0) this.err('EINVAL', 'BPF_JMP/JMP32 uses reserved fields');
      src = SCR_S;
      markRegNotInit(src);
      markRegUnknown(src);
      markRegKnownImm(src, s.imm[i]!, !jmp32);
    }
    const dst = this.readReg(dstno);
    if (x && !(isPktAny(dst) && isPktAny(src)) && this.isPointerValue(src)) this.err('EACCES', `R${srcno} pointer comparison prohibited`);
    const target = i + s.off[i]! + 1;
    // is_branch_taken
    let pred = -1;
    if (isScalar(src) && (jmp32 ? regTnumConst32(src) : regTnumConst(src))) {
      if (isScalar(dst)) pred = isBranchTakenHL(dst, src.vh, src.vl, o, jmp32);
      else if (isPointer(dst) && !dst.maybeNull && src.vh === 0 && src.vl === 0 && notNullType(dst.type) && (o === op.BPF_JEQ || o === op.BPF_JNE)) {
        // reg_type_not_null: a valid pointer never equals 0
        pred = o === op.BPF_JEQ ? 0 : 1;
      }
    }
    if (pred < 0 && x && this.env.rules.isBranchTakenRegs) pred = branchTakenRegs(dst, src, o, jmp32);
    if (pred === 1 || pred === 0) {
      // check_cond_jmp_op: the branch was decided by the operands' ranges, which must hold for
      // any state this path is later pruned against
      if (isScalar(dst)) this.markPrecise(dstno);
      if (x && isScalar(src)) this.markPrecise(srcno);
      // unprivileged: the dead branch is still verified, as speculative execution may take it
      // (sanitize_speculative_path)
      if (!this.env.priv) {
        const spec = this.pushStack(pred === 1 ? i + 1 : target, i);
        spec.path = { insn: i, taken: pred !== 1, prev: this.cur.path };
      }
      this.pathPush(i, pred === 1);
      this.insnIdx = pred === 1 ? target : i + 1;
      return;
    }
    const other = this.pushStack(target, i);
    other.path = { insn: i, taken: true, prev: this.cur.path };
    this.cur.path = { insn: i, taken: false, prev: this.cur.path };
    const oregs = other.cur.regs;
    const tdst = oregs[dstno]!;
    const fdst = this.regs[dstno]!;
    if (isScalar(dst)) {
      if (x && isScalar(src) && (jmp32 ? regTnumConst32(src) : regTnumConst(src))) {
        regSetMinMaxHL(tdst, fdst, src.vh, src.vl, o, jmp32);
      } else if (x && isScalar(src) && (jmp32 ? regTnumConst32(dst) : regTnumConst(dst))) {
        regSetMinMaxHL(oregs[srcno]!, this.regs[srcno]!, dst.vh, dst.vl, flipOpcode(o), jmp32);
      } else if (!x) {
        regSetMinMaxHL(tdst, fdst, src.vh, src.vl, o, jmp32);
      } else if (x && isScalar(src) && !jmp32 && (o === op.BPF_JEQ || o === op.BPF_JNE)) {
        if (o === op.BPF_JEQ) regCombineMinMax(oregs[srcno]!, tdst);
        else regCombineMinMax(this.regs[srcno]!, fdst);
      }
      if (dst.id && (!x || isScalar(src))) {
        this.findEqualScalars(other, oregs[dstno]!);
        this.findEqualScalars(this.cur, this.regs[dstno]!);
      }
      if (x && this.regs[srcno]!.id && isScalar(src)) {
        this.findEqualScalars(other, oregs[srcno]!);
        this.findEqualScalars(this.cur, this.regs[srcno]!);
      }
    }
    // null checks
    if (!x && s.imm[i] === 0 && (o === op.BPF_JEQ || o === op.BPF_JNE) && dst.maybeNull && !jmp32) {
      // JEQ: taken branch sees NULL; JNE: fall-through sees NULL
      this.markPtrOrNullRegs(other, dst.id, o === op.BPF_JEQ);
      this.markPtrOrNullRegs(this.cur, dst.id, o === op.BPF_JNE);
    } else if (x && isPktAny(dst) && isPktAny(src) && !jmp32) {
      if (!this.tryMatchPktPointers(o, dst, src, this.cur, other)) {
        if (this.isPointerValue(dst)) this.err('EACCES', `R${dstno} pointer comparison prohibited`);
      }
    } else if (this.isPointerValue(dst)) {
      this.err('EACCES', `R${dstno} pointer comparison prohibited`);
    }
    if (this.env.logLevel >= 2) this.verbose(`${i}: ${fmtState(this.cur)}`);
    this.insnIdx = i + 1;
  }

  /** find_equal_scalars: registers that are copies of a refined one learn the same bounds */
  private findEqualScalars(st: VState, known: Reg): void {
    if (!known.id) return;
    st.forEachReg((r) => {
      if (r !== known && r.type === RegType.SCALAR_VALUE && r.id === known.id) r.assign(known);
    });
  }

  /** mark_ptr_or_null_regs */
  private markPtrOrNullRegs(st: VState, id: number, isNull: boolean): void {
    let refObj = 0;
    st.forEachReg((r) => {
      if (!r.maybeNull || r.id !== id) return;
      // only the acquiring pointer's NULL releases the reference (ref_obj_id == id); a pointer
      // derived from a referenced one (bpf_tcp_sock(sk)) being NULL leaves sk's reference held
      if (r.refObjId && r.refObjId === r.id) refObj = r.refObjId;
      if (isNull) {
        markRegUnknown(r);
        markRegKnown(r, 0n);
        return;
      }
      r.maybeNull = false;
      if (r.type === RegType.PTR_TO_MAP_VALUE && r.map && r.map.inner && (r.map.type === MapType.ARRAY_OF_MAPS || r.map.type === MapType.HASH_OF_MAPS)) {
        r.type = RegType.CONST_PTR_TO_MAP;
        r.map = r.map.inner;
      }
      // reg->id stays for sockets (references) and for map values that may hold a bpf_spin_lock
      const keepsId = r.refObjId || (r.type === RegType.PTR_TO_MAP_VALUE && (r.map?.spinLockOff ?? -1) >= 0);
      if (!keepsId) r.id = 0;
    });
    if (isNull && refObj) st.refs = st.refs.filter((x) => x.id !== refObj);
  }

  /** try_match_pkt_pointers + find_good_pkt_pointers */
  private tryMatchPktPointers(o: number, dst: Reg, src: Reg, fall: VState, taken: VState): boolean {
    const isPkt = (r: Reg): boolean => r.type === RegType.PTR_TO_PACKET;
    const isEnd = (r: Reg): boolean => r.type === RegType.PTR_TO_PACKET_END;
    const isMeta = (r: Reg): boolean => r.type === RegType.PTR_TO_PACKET_META;
    const initPkt = (r: Reg): boolean => isPkt(r) && r.off === 0 && tnumEqualsConst(r.varOff, 0n);
    const good = (st: VState, r: Reg, open: boolean): void => {
      if (r.off < 0 || (r.off === 0 && open)) return;
      if (r.umax > BigInt(MAX_PACKET_OFF) || r.umax + BigInt(r.off) > BigInt(MAX_PACKET_OFF)) return;
      let nr = r.off;
      if (open) nr++; // pkt' < pkt_end: byte pkt' itself is readable too (the 5.16 fix of find_good_pkt_pointers)
      st.forEachReg((x) => {
        if (x.type === r.type && x.id === r.id && x.range < nr) x.range = nr;
      });
    };
    const fwd = (isPkt(dst) && isEnd(src)) || (isMeta(dst) && initPkt(src));
    const rev = (isEnd(dst) && isPkt(src)) || (initPkt(dst) && isMeta(src));
    switch (o) {
      case op.BPF_JGT:
        if (fwd) good(fall, dst, false);
        else if (rev) good(taken, src, true);
        else return false;
        return true;
      case op.BPF_JLT:
        if (fwd) good(taken, dst, true);
        else if (rev) good(fall, src, false);
        else return false;
        return true;
      case op.BPF_JGE:
        if (fwd) good(fall, dst, true);
        else if (rev) good(taken, src, false);
        else return false;
        return true;
      case op.BPF_JLE:
        if (fwd) good(taken, dst, false);
        else if (rev) good(fall, src, true);
        else return false;
        return true;
    }
    return false;
  }

  // ---- exit and calls ----------------------------------------------------------------------

  private checkExit(i: number): 'next' | 'exit' {
    const st = this.cur;
    // check_resource_leak(env, ..., !curframe, "BPF_EXIT instruction in main prog") (kernel/bpf/verifier.c, 6.18)
    if (st.activeLock && st.curframe === 0) this.err('EINVAL', 'BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region');
    if (st.activeLock) this.err('EINVAL', 'bpf_spin_unlock is missing');
    if (st.curframe > 0) return this.prepareFuncExit(i);
    const r0 = this.readReg(0);
    if (st.refs.length) {
      // check_resource_leak (6.x): every leaked reference, then what leaks them
      if (!this.env.rules.log618) this.err('EINVAL', `Unreleased reference id=${st.refs[0]!.id} alloc_insn=${st.refs[0]!.insn}`);
      for (const ref of st.refs) this.verbose(`Unreleased reference id=${ref.id} alloc_insn=${ref.insn}`);
      this.err('EINVAL', 'BPF_EXIT instruction in main prog would lead to reference leak');
    }
    // check_return_code
    if (this.isPointerValue(r0)) this.err('EACCES', 'R0 leaks addr as return value');
    const range = this.env.progType.retRange;
    if (range) {
      if (r0.type !== RegType.SCALAR_VALUE) this.err('EINVAL', `At program exit the register R0 is not a known value (${regTypeStr(r0)})`);
      this.markPrecise(0);
      if (r0.smin < BigInt(range[0]) || r0.smax > BigInt(range[1])) {
        let m = 'At program exit the register R0 has';
        let unknown = true;
        if (r0.smin > S64_MIN) { m += ` smin=${r0.smin}`; unknown = false; }
        if (r0.smax < (1n << 63n) - 1n) { m += ` smax=${r0.smax}`; unknown = false; }
        if (unknown) m += ' unknown scalar value';
        this.err('EINVAL', `${m} should have been in [${range[0]}, ${range[1]}]`);
      }
    }
    return 'exit';
  }

  /** prepare_func_exit: return to the caller frame */
  private prepareFuncExit(i: number): 'next' | 'exit' {
    const st = this.cur;
    const callee = st.cur;
    const r0 = callee.regs[0]!;
    if (callee.inCallback) {
      if (r0.type !== RegType.SCALAR_VALUE) this.err('EACCES', `At callback return the register R0 is not a known value (${regTypeStr(r0)})`);
      this.markPrecise(0);
      if (r0.smin < 0n || r0.smax > 1n) {
        let m = 'At callback return the register R0 has';
        if (r0.smin > S64_MIN) m += ` smin=${r0.smin}`;
        if (r0.smax < (1n << 63n) - 1n) m += ` smax=${r0.smax}`;
        this.err('EINVAL', `${m} should have been in [0, 1]`);
      }
    } else if (r0.type === RegType.PTR_TO_STACK && r0.frameno === callee.frameno) {
      this.err('EINVAL', this.env.rules.log618 ? 'cannot return stack pointer to the caller' : 'cannot return stack pointer to the caller frame');
    }
    st.frames.pop();
    st.curframe--;
    const caller = st.cur;
    if (callee.inCallback) {
      markRegUnknown(caller.regs[0]!);
    } else {
      caller.regs[0]!.assign(r0);
    }
    void i;
    if (this.env.logLevel >= 1) {
      this.verbose(`returning from callee:\n ${fmtState(Object.assign(Object.create(VState.prototype), { ...st, frames: [...st.frames, callee], curframe: st.curframe + 1 }) as VState)}`);
      this.verbose(`to caller at ${callee.callsite + 1}:\n ${fmtState(st)}`);
    }
    // a callback returns to its helper's call instruction: the helper may call it again
    this.insnIdx = callee.inCallback ? callee.callsite : callee.callsite + 1;
    return 'next';
  }

  /** check_func_call: bpf-to-bpf call */
  private checkFuncCall(i: number): 'next' {
    const s = this.env.slots;
    const st = this.cur;
    const target = i + s.imm[i]! + 1;
    if (st.curframe + 1 >= op.MAX_CALL_FRAMES) this.err('E2BIG', `the call stack of ${st.curframe + 2} frames is too deep`);
    const subprog = this.env.cfg.subprogOf[target]!;
    const caller = st.cur;
    const callee = new FuncState(st.curframe + 1, subprog, i);
    for (let r = 1; r <= 5; r++) callee.regs[r]!.assign(caller.regs[r]!);
    for (let r = 0; r <= 5; r++) markRegNotInit(caller.regs[r]!);
    st.frames.push(callee);
    st.curframe++;
    if (this.env.logLevel >= 1) {
      this.verbose(`caller:\n ${fmtFrame0(caller)}`);
      this.verbose(`callee:\n ${fmtFrame0(callee)}`);
    }
    this.insnIdx = target;
    return 'next';
  }

  private argMismatch(regno: number, r: Reg, expected: string): never {
    this.err('EACCES', `R${regno} type=${regTypeStr(r)} expected=${expected}`);
  }

  /** check_helper_call */
  private checkHelperCall(i: number): 'next' | 'exit' {
    const s = this.env.slots;
    const id = s.imm[i]!;
    const known = this.env.protos.get(id);
    if (!known) this.err('EINVAL', `invalid func unknown#${id}`);
    const tp = this.env.typeProtos;
    if (!tp.has(id)) {
      this.err('EINVAL', `program of this type cannot use helper ${known.name}#${id}`);
    }
    const proto = tp.get(id)!;
    if (proto.gplOnly && !this.env.gpl) this.err('EINVAL', 'cannot call GPL-restricted function from non-GPL compatible program');
    const meta: CallMeta = { map: null, rawMode: false, accessRegno: -1, accessSize: 0, memSize: 0, refObjId: 0, funcSubprog: -1, releaseRegno: -1, sizeMax: -1, writesMem: false, constMapKey: -1n };
    // arguments
    for (let a = 0; a < 5; a++) {
      const t = proto.argTypes[a];
      if (!t || t === 'ARG_DONTCARE') continue;
      this.checkFuncArg(a + 1, t, meta, proto);
    }
    this.checkMapFuncCompat(meta.map, proto);
    if (id === 81) {
      const flags = this.regs[2]!;
      if (!isScalar(flags) || !tnumEqualsConst(flags.varOff, 0n)) this.err('EINVAL', 'get_local_storage() doesn\'t support non-zero flags');
    }
    if (id === 12 && this.cur.refs.length) this.err('EINVAL', 'tail_call would lead to reference leak');
    if (id === 12 && meta.map) {
      // record_func_map: unprivileged tail calls must use one map per call site
      const prev = this.tailCallMap.get(i);
      if (prev === undefined) this.tailCallMap.set(i, meta.map);
      else if (prev !== meta.map) this.tailCallMap.set(i, null);
    }
    // the helper writes uninitialised memory it was given: those stack bytes become initialised
    if (meta.rawMode && meta.accessRegno >= 0) {
      const r = this.regs[meta.accessRegno]!;
      if (r.type === RegType.PTR_TO_STACK) {
        const f = this.cur.frames[r.frameno]!;
        const base = r.off + Number(s64(r.varOff.value));
        for (let k = 0; k < meta.accessSize; k++) {
          const slot = -(base + k) - 1;
          const spi = (slot / 8) | 0;
          if (f.slotType[spi * 8 + 7] === STACK_SPILL) { for (let b = spi * 8; b < spi * 8 + 8; b++) if (f.slotType[b] === STACK_SPILL) f.slotType[b] = STACK_MISC; f.spilled[spi] = null; }
          f.slotType[spi * 8 + (slot % 8)] = STACK_MISC;
        }
      }
    }
    if (proto.release) {
      const regno = meta.releaseRegno;
      const r = this.regs[regno]!;
      const ref = r.refObjId;
      if (!ref || !this.cur.refs.some((x) => x.id === ref)) this.err('EINVAL', 'reference has not been acquired before');
      this.cur.refs = this.cur.refs.filter((x) => x.id !== ref);
      this.cur.forEachReg((x) => { if (x.refObjId === ref) this.markInvalid(x); });
    }
    if (id === 93 || id === 94) this.processSpinLock(id === 93, meta);
    // callbacks: bpf_loop (181), bpf_for_each_map_elem (164): push_callback_call explores the
    // callback as a branch (the current path goes on as if it was never called); when the
    // callback returns, the call instruction runs again (another iteration may follow), until
    // the states at the call converge (is_state_visited, calls_callback)
    if (id === 181 && meta.funcSubprog >= 0) {
      // bpf_loop: R1 (nr_loops) bounds the iterations explored, so it must be precise
      this.markPrecise(1);
      if (this.cur.cur.callbackDepth < Number(this.regs[1]!.umax > 0xffffffffn ? 0xffffffffn : this.regs[1]!.umax)) this.pushCallback(i, id, meta);
      else this.cur.cur.callbackDepth = 0;
    } else if (id === 164 && meta.funcSubprog >= 0) this.pushCallback(i, id, meta);
    // clobber caller-saved registers
    for (let r = 1; r <= 5; r++) markRegNotInit(this.regs[r]!);
    const r0 = this.regs[0]!;
    switch (proto.retType) {
      case 'RET_INTEGER':
        markRegUnknown(r0);
        break;
      case 'RET_VOID':
        markRegNotInit(r0);
        break;
      case 'RET_PTR_TO_MAP_VALUE':
      case 'RET_PTR_TO_MAP_VALUE_OR_NULL': {
        if (!meta.map) this.err('EINVAL', `kernel subsystem misconfigured verifier`);
        if (id === 1 && (meta.map.type === MapType.SOCKMAP || meta.map.type === MapType.SOCKHASH)) {
          // lookups in socket maps return a referenced socket
          markPtr(r0, RegType.PTR_TO_SOCKET);
          r0.maybeNull = true;
          ++this.idGen; // R0's own id, replaced by the reference id as the kernel does
          const refId = ++this.idGen;
          this.cur.refs.push({ id: refId, insn: i });
          r0.refObjId = refId;
          r0.id = refId;
          break;
        }
        markPtr(r0, RegType.PTR_TO_MAP_VALUE);
        r0.map = meta.map;
        // a lookup in an array with a constant in-range key cannot fail (6.13, can_elide_value_nullness)
        const elided = id === 1 && meta.constMapKey >= 0n && meta.constMapKey < BigInt(meta.map.maxEntries) && this.canElideValueNullness(meta.map);
        if (proto.retType === 'RET_PTR_TO_MAP_VALUE_OR_NULL' && !elided) {
          r0.maybeNull = true;
          r0.id = ++this.idGen;
        } else if (elided && (meta.map.spinLockOff ?? -1) >= 0) {
          r0.id = ++this.idGen; // a value that may hold a bpf_spin_lock keeps an id to pair lock and unlock
        }
        break;
      }
      case 'RET_PTR_TO_SOCKET_OR_NULL':
      case 'RET_PTR_TO_TCP_SOCK_OR_NULL':
      case 'RET_PTR_TO_SOCK_COMMON_OR_NULL':
        markPtr(r0, proto.retType === 'RET_PTR_TO_SOCKET_OR_NULL' ? RegType.PTR_TO_SOCKET : proto.retType === 'RET_PTR_TO_TCP_SOCK_OR_NULL' ? RegType.PTR_TO_TCP_SOCK : RegType.PTR_TO_SOCK_COMMON);
        r0.maybeNull = true;
        r0.id = ++this.idGen;
        break;
      case 'RET_PTR_TO_ALLOC_MEM_OR_NULL':
      case 'RET_PTR_TO_RINGBUF_MEM_OR_NULL':
        markPtr(r0, RegType.PTR_TO_MEM);
        r0.memKind = 'ringbuf';
        r0.maybeNull = true;
        r0.memSize = meta.memSize;
        r0.id = ++this.idGen;
        break;
      default:
        this.err('EINVAL', `unknown return type ${proto.retType} of func ${proto.name}#${id}`);
    }
    if ([67, 45, 114, 115].includes(id) && meta.sizeMax >= 0) {
      // do_refine_retval_range: these return at most the buffer size, or a negative errno
      r0.smax = BigInt(meta.sizeMax); r0.s32max = meta.sizeMax;
      r0.smin = -4095n; r0.s32min = -4095;
      regBoundsSync(r0);
    }
    if (proto.acquire) {
      const refId = ++this.idGen;
      this.cur.refs.push({ id: refId, insn: i });
      r0.refObjId = refId;
      r0.id = refId;
    } else if (meta.refObjId && (id === 95 || id === 96)) {
      // sk_fullsock / tcp_sock: the result shares the argument's reference
      r0.refObjId = meta.refObjId;
    }
    // a tail call from a subprogram: the tail-called program may have changed the packet before
    // control comes back to the subprogram's caller (6.12: bpf_helper_changes_pkt_data lists
    // bpf_tail_call; the subprogram is marked changes_pkt_data). From the main program a failed
    // tail call changed nothing and a successful one never returns: 6.18 keeps the pointers.
    if (proto.changesPktData || (id === 12 && this.env.rules.tailCallChangesPktData && this.cur.curframe > 0)) {
      this.cur.forEachReg((r) => { if (isPktAny(r)) this.markInvalid(r); });
    }
    this.insnIdx = i + 1;
    return 'next';
  }

  private pushCallback(i: number, id: number, meta: CallMeta): void {
    const st = this.pushStack(this.env.cfg.subprogs[meta.funcSubprog]!.start, i);
    st.path = { insn: i, taken: true, prev: this.cur.path };
    // push_callback_call: one more iteration in the callback's path, none in the current one
    st.cur.callbackDepth++;
    this.cur.cur.callbackDepth = 0;
    if (st.curframe + 1 >= op.MAX_CALL_FRAMES) this.err('E2BIG', `the call stack of ${st.curframe + 2} frames is too deep`);
    const caller = st.cur;
    const sp = this.env.cfg.subprogs[meta.funcSubprog]!;
    sp.isCallback = true;
    const callee = new FuncState(st.curframe + 1, meta.funcSubprog, i);
    callee.inCallback = true;
    if (id === 181) {
      // bpf_loop: callback(u32 index, void *ctx)
      markRegUnknown(callee.regs[1]!);
      callee.regs[1]!.umax = 0xffffffffn; regBoundsSync(callee.regs[1]!);
      callee.regs[2]!.assign(caller.regs[3]!);
    } else {
      // bpf_for_each_map_elem: callback(map, key, value, ctx)
      const m = meta.map!;
      markPtr(callee.regs[1]!, RegType.CONST_PTR_TO_MAP); callee.regs[1]!.map = m;
      markPtr(callee.regs[2]!, RegType.PTR_TO_MAP_KEY); callee.regs[2]!.map = m;
      markPtr(callee.regs[3]!, RegType.PTR_TO_MAP_VALUE); callee.regs[3]!.map = m;
      callee.regs[4]!.assign(caller.regs[3]!);
    }
    // the caller's argument registers stay: the call is checked again when the callback returns
    st.frames.push(callee);
    st.curframe++;
  }

  /** calls_callback: the call instructions of helpers that call a callback (bpf_loop, bpf_for_each_map_elem) */
  private callsCallback(i: number): boolean {
    const s = this.env.slots;
    return s.code[i] === (op.BPF_JMP | op.BPF_CALL) && s.src[i] === 0 && (s.imm[i] === 181 || s.imm[i] === 164);
  }

  private processSpinLock(lock: boolean, meta: CallMeta): void {
    const r = this.regs[1]!;
    const st = this.cur;
    const map = r.map!;
    const lockOff = map.spinLockOff ?? -1;
    if (!tnumIsConst(r.varOff)) this.err('EINVAL', 'R1 doesn\'t have constant offset. bpf_spin_lock has to be at the constant offset');
    if (lockOff < 0) this.err('EINVAL', `map '${map.name ?? ''}' has no valid bpf_spin_lock`);
    const val = Number(r.varOff.value) + r.off;
    if (lockOff !== val) this.err('EINVAL', `off ${val} doesn't point to 'struct bpf_spin_lock' that is at ${lockOff}`);
    void meta;
    if (lock) {
      if (st.activeLock) this.err('EINVAL', 'Locking two bpf_spin_locks are not allowed');
      st.activeLock = r.id || -1;
      st.activeLockMap = map;
    } else {
      if (!st.activeLock) this.err('EINVAL', 'bpf_spin_unlock without taking a lock');
      if (st.activeLock !== (r.id || -1) || st.activeLockMap !== map) this.err('EINVAL', 'bpf_spin_unlock of different lock');
      st.activeLock = 0;
      st.activeLockMap = null;
    }
  }

  /**
   * check_map_func_compatibility, both ways (the map's helpers and the helper's maps), from the
   * kernel-objects layer's table; may_update_sockmap says why a sockmap update is refused
   */
  private checkMapFuncCompat(map: VerifierMap | null, proto: VerifierHelperProto): void {
    if (!map) return;
    const msg = checkMapFuncCompatibility(map.type, proto.id, this.env.progType.id, this.env.attachType);
    if (!msg) return;
    if ((map.type === MapType.SOCKMAP || map.type === MapType.SOCKHASH) && (proto.id === 2 || proto.id === 3)) this.verbose('cannot update sockmap in this context');
    this.err('EINVAL', msg);
  }

  /** check_func_arg */
  private checkFuncArg(regno: number, t: ArgType, meta: CallMeta, proto: VerifierHelperProto): void {
    const reg = this.readReg(regno);
    const isNull = isScalar(reg) && tnumEqualsConst(reg.varOff, 0n);
    const memTypes = (r: Reg): boolean => r.type === RegType.PTR_TO_STACK || isPktAny(r) && r.type !== RegType.PTR_TO_PACKET_END
      || r.type === RegType.PTR_TO_MAP_KEY || r.type === RegType.PTR_TO_MAP_VALUE || r.type === RegType.PTR_TO_MEM || r.type === RegType.PTR_TO_BUF;
    const memExpected = this.env.rules.log618 ? 'fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_' : 'fp, pkt, pkt_meta, map_key, map_value, mem, buf';
    const needNotNull = (): void => {
      if (reg.maybeNull) this.argMismatch(regno, reg, expectedFor(t));
    };
    switch (t) {
      case 'ARG_ANYTHING':
        if (this.isPointerValue(reg)) this.err('EACCES', `R${regno} leaks addr into helper function`);
        return;
      case 'ARG_CONST_MAP_PTR':
        if (reg.type !== RegType.CONST_PTR_TO_MAP || reg.maybeNull) this.argMismatch(regno, reg, 'map_ptr');
        meta.map = reg.map;
        return;
      case 'ARG_PTR_TO_MAP_KEY':
      case 'ARG_PTR_TO_MAP_VALUE':
      case 'ARG_PTR_TO_UNINIT_MAP_VALUE':
      case 'ARG_PTR_TO_MAP_VALUE_OR_NULL': {
        if (t === 'ARG_PTR_TO_MAP_VALUE_OR_NULL' && isNull) return;
        if (!(reg.type === RegType.PTR_TO_STACK || reg.type === RegType.PTR_TO_PACKET || reg.type === RegType.PTR_TO_PACKET_META
          || reg.type === RegType.PTR_TO_MAP_KEY || reg.type === RegType.PTR_TO_MAP_VALUE) || reg.maybeNull) {
          this.argMismatch(regno, reg, 'fp, pkt, pkt_meta, map_key, map_value');
        }
        if (isPktAny(reg) && !proto.pktAccess) this.err('EACCES', `helper access to the packet is not allowed`);
        if (!meta.map) {
          this.err('EACCES', t === 'ARG_PTR_TO_MAP_KEY' ? 'invalid map_ptr to access map->key' : 'invalid map_ptr to access map->value');
        }
        const size = t === 'ARG_PTR_TO_MAP_KEY' ? meta.map.keySize : meta.map.valueSize;
        const raw = t === 'ARG_PTR_TO_UNINIT_MAP_VALUE';
        this.checkHelperMemAccess(regno, reg, size, false, raw);
        if (raw) { meta.rawMode = true; meta.accessRegno = regno; meta.accessSize = size; }
        if (t === 'ARG_PTR_TO_MAP_KEY' && proto.id === 1 && this.canElideValueNullness(meta.map)) meta.constMapKey = this.constantMapKey(reg, size);
        return;
      }
      case 'ARG_PTR_TO_MEM':
      case 'ARG_PTR_TO_MEM_OR_NULL':
      case 'ARG_PTR_TO_UNINIT_MEM':
        if (t === 'ARG_PTR_TO_MEM_OR_NULL' && isNull) { meta.accessRegno = -2; return; }
        if (!memTypes(reg) || reg.maybeNull) this.argMismatch(regno, reg, memExpected);
        if (isPktAny(reg) && !proto.pktAccess) this.err('EACCES', 'helper access to the packet is not allowed');
        meta.accessRegno = regno;
        meta.rawMode = t === 'ARG_PTR_TO_UNINIT_MEM';
        meta.writesMem = meta.rawMode;
        return;
      case 'ARG_CONST_SIZE':
      case 'ARG_CONST_SIZE_OR_ZERO': {
        if (reg.type !== RegType.SCALAR_VALUE) this.argMismatch(regno, reg, 'scalar');
        const zeroOk = t === 'ARG_CONST_SIZE_OR_ZERO';
        if (meta.accessRegno === -2) {
          // a NULL buffer: only a zero size is allowed with it
          if (zeroOk && reg.umax === 0n) return;
          this.argMismatch(regno - 1, this.regs[regno - 1]!, 'fp');
        }
        if (!tnumIsConst(reg.varOff)) meta.rawMode = false;
        meta.sizeMax = Number(reg.umax > 0x7fffffffn ? 0x7fffffffn : reg.umax);
        if (reg.smin < 0n) this.err('EACCES', `R${regno} min value is negative, either use unsigned or 'var &= const'`);
        if (reg.umin === 0n && !zeroOk) this.err('EACCES', `R${regno} invalid zero-sized read: u64=[${reg.umin},${reg.umax}]`);
        if (reg.umax >= BPF_MAX_VAR_SIZ) this.err('EACCES', `R${regno} unbounded memory access, use 'var &= const' or 'if (var < const)'`);
        // check_mem_size_reg: the access was checked for this size range
        this.markPrecise(regno);
        const memRegno = regno - 1;
        const memReg = this.regs[memRegno]!;
        // a size that can only be 0 still goes through the bounds checks (check_mem_size_reg):
        // a zero-sized access at a variable stack offset must be within the stack
        if (reg.umax === 0n) meta.rawMode = false;
        this.checkHelperMemAccess(memRegno, memReg, Number(reg.umax), zeroOk, meta.rawMode, meta.writesMem);
        if (meta.rawMode) { meta.accessSize = Number(reg.umax); if (!tnumIsConst(reg.varOff)) meta.accessSize = Number(reg.umin); }
        return;
      }
      case 'ARG_PTR_TO_CTX':
        if (reg.type !== RegType.PTR_TO_CTX || reg.maybeNull) this.argMismatch(regno, reg, 'ctx');
        this.checkCtxPtrOff(regno, reg);
        if (!tnumEqualsConst(reg.varOff, 0n)) this.err('EACCES', `variable ctx access var_off=${tnumStr(reg.varOff)} disallowed`);
        return;
      case 'ARG_PTR_TO_CTX_OR_NULL':
        if (isNull) return;
        if (reg.type !== RegType.PTR_TO_CTX) this.argMismatch(regno, reg, 'ctx');
        this.checkCtxPtrOff(regno, reg);
        return;
      case 'ARG_PTR_TO_SOCK_COMMON':
      case 'ARG_PTR_TO_BTF_ID_SOCK_COMMON':
        if (!(reg.type === RegType.PTR_TO_SOCK_COMMON || reg.type === RegType.PTR_TO_SOCKET || reg.type === RegType.PTR_TO_TCP_SOCK
          || reg.type === RegType.PTR_TO_XDP_SOCK)) this.argMismatch(regno, reg, this.expectedFor(t));
        if (reg.maybeNull) this.argMismatch(regno, reg, this.expectedFor(t));
        if (proto.release) {
          meta.releaseRegno = regno;
          if (!reg.refObjId) this.err('EINVAL', `R${regno} must be referenced when passed to release function`);
        }
        meta.refObjId = reg.refObjId;
        return;
      case 'ARG_PTR_TO_SOCKET':
      case 'ARG_PTR_TO_SOCKET_OR_NULL':
        if (t === 'ARG_PTR_TO_SOCKET_OR_NULL' && isNull) return;
        if (reg.type !== RegType.PTR_TO_SOCKET) this.argMismatch(regno, reg, 'sock');
        needNotNull();
        return;
      case 'ARG_PTR_TO_SPIN_LOCK':
        if (reg.type !== RegType.PTR_TO_MAP_VALUE || reg.maybeNull) this.argMismatch(regno, reg, 'map_value');
        return;
      case 'ARG_PTR_TO_ALLOC_MEM':
      case 'ARG_PTR_TO_RINGBUF_MEM':
        if (reg.type !== RegType.PTR_TO_MEM || reg.memKind !== 'ringbuf') this.argMismatch(regno, reg, 'ringbuf_mem');
        needNotNull();
        if (reg.off !== 0 || !tnumEqualsConst(reg.varOff, 0n)) this.err('EACCES', `R${regno} must have zero offset when passed to release func`);
        meta.releaseRegno = regno;
        if (!reg.refObjId) this.err('EINVAL', `R${regno} must be referenced when passed to release function`);
        return;
      case 'ARG_CONST_ALLOC_SIZE_OR_ZERO':
        if (reg.type !== RegType.SCALAR_VALUE) this.argMismatch(regno, reg, 'scalar');
        if (!tnumIsConst(reg.varOff)) this.err('EACCES', `R${regno} is not a known constant'`);
        this.markPrecise(regno);
        meta.memSize = Number(reg.varOff.value);
        return;
      case 'ARG_PTR_TO_FUNC':
        if (reg.type !== RegType.PTR_TO_FUNC) this.argMismatch(regno, reg, 'func');
        // the callbacks tsbpf explores are bpf_loop's and bpf_for_each_map_elem's; a callback it
        // would never look at (timers, find_vma, user_ringbuf_drain's dynptr) is refused rather
        // than accepted unchecked
        if (proto.id !== 181 && proto.id !== 164) this.err('EINVAL', `tsbpf does not verify the callback of ${proto.name}#${proto.id}`);
        meta.funcSubprog = reg.subprog;
        return;
      case 'ARG_PTR_TO_STACK_OR_NULL':
      case 'ARG_PTR_TO_STACK':
        if (t === 'ARG_PTR_TO_STACK_OR_NULL' && isNull) return;
        if (reg.type !== RegType.PTR_TO_STACK) this.argMismatch(regno, reg, 'fp');
        return;
      case 'ARG_PTR_TO_INT':
      case 'ARG_PTR_TO_LONG': {
        if (!memTypes(reg) || reg.maybeNull) this.argMismatch(regno, reg, memExpected);
        const size = t === 'ARG_PTR_TO_INT' ? 4 : 8;
        // the helper stores its result there: initialised as 5.10 wants, and clobbered
        this.checkHelperMemAccess(regno, reg, size, false, false, true);
        if (reg.type === RegType.PTR_TO_STACK) {
          const ro = tnumAdd(reg.varOff, tnumConst(BigInt(reg.off)));
          if (!tnumIsAligned(ro, size)) this.err('EACCES', `misaligned stack access off ${this.varOffStr(reg)}+${reg.off}+0 size ${size}`);
        }
        return;
      }
      default:
        this.err('EINVAL', `unsupported arg type ${t}`);
    }
  }

  /** the var_off of an alignment message: 6.18 prints a constant as a number, 5.10 as a tnum */
  private varOffStr(reg: Reg): string {
    return this.env.rules.log618 && tnumIsConst(reg.varOff) ? String(s64(reg.varOff.value)) : tnumStr(reg.varOff);
  }

  /** __check_ptr_off_reg for a ctx pointer (6.x checks a negative offset first, in its own words) */
  private checkCtxPtrOff(regno: number, reg: Reg): void {
    if (reg.off < 0 && this.env.rules.log618) this.err('EACCES', `negative offset ctx ptr R${regno} off=${reg.off} disallowed`);
    if (reg.off !== 0) this.err('EACCES', `dereference of modified ctx ptr R${regno} off=${reg.off} disallowed`);
  }

  /** compatible_reg_types of an argument, as the "expected=" list prints them */
  private expectedFor(t: ArgType): string {
    const trusted = this.env.rules.log618 ? ', trusted_ptr_' : '';
    switch (t) {
      case 'ARG_PTR_TO_SOCK_COMMON': return 'sock_common, sock, tcp_sock, xdp_sock';
      case 'ARG_PTR_TO_BTF_ID_SOCK_COMMON': return `sock_common, sock, tcp_sock, xdp_sock, ptr_${trusted}`;
      default: return expectedFor(t);
    }
  }

  /** can_elide_value_nullness (6.13; BPF_F_INNER_MAP templates excluded, as the runtime map may be smaller) */
  private canElideValueNullness(map: VerifierMap): boolean {
    if (!this.env.rules.elideConstKeyLookupNull || ((map.flags ?? 0) & BPF_F_INNER_MAP)) return false;
    return map.type === MapType.ARRAY || map.type === MapType.PERCPU_ARRAY;
  }

  /**
   * get_constant_map_key: the key a stack pointer points at when it is known — STACK_ZERO bytes
   * covering the key, or a spilled constant scalar exactly key_size bytes long (the kernel takes
   * the spilled register's whole value) — else -1. Privileged (bpf_capable) only.
   */
  private constantMapKey(key: Reg, keySize: number): bigint {
    if (!this.env.priv || key.type !== RegType.PTR_TO_STACK || !tnumIsConst(key.varOff)) return -1n;
    const frame = this.cur.frames[key.frameno]!;
    const slot = -(key.off + Number(s64(key.varOff.value))) - 1;
    const spi = (slot / 8) | 0;
    const off = slot % 8;
    let zeros = 0;
    for (let i = off; i >= 0 && frame.slotType[spi * 8 + i] === STACK_ZERO; i--) zeros++;
    if (zeros >= keySize) return 0n;
    const sp = frame.spilled[spi];
    if (frame.slotType[spi * 8 + 7] !== STACK_SPILL || !sp || sp.type !== RegType.SCALAR_VALUE) return -1n;
    let spilled = 0;
    for (let i = off; i >= 0 && frame.slotType[spi * 8 + i] === STACK_SPILL; i--) spilled++;
    if (spilled !== keySize || !tnumIsConst(sp.varOff)) return -1n;
    // get_constant_map_key: the key's value decides the result's type: the spilled slot is precise
    markChainPrecision(this.env.slots, this.cur, 0, [[key.frameno, spi]], true);
    return s64(sp.varOff.value);
  }

  private applyRawWrite(meta: CallMeta): void {
    void meta;
  }

  /** check_helper_mem_access (`clobber`: the helper writes the memory, BPF_WRITE) */
  private checkHelperMemAccess(regno: number, reg: Reg, size: number, zeroOk: boolean, raw: boolean, clobber = raw): void {
    switch (reg.type) {
      case RegType.PTR_TO_PACKET:
      case RegType.PTR_TO_PACKET_META:
        this.checkPacketAccess(regno, reg, reg.off, size, zeroOk);
        return;
      case RegType.PTR_TO_MAP_KEY:
        this.checkMemRegionAccess(regno, reg, reg.off, size, reg.map!.keySize, zeroOk);
        return;
      case RegType.PTR_TO_MAP_VALUE:
        // check_map_access_type: a helper that writes the memory (ARG_PTR_TO_UNINIT_MEM,
        // ARG_PTR_TO_LONG...) may not write a BPF_F_RDONLY_PROG map (.rodata)
        this.checkMapAccessType(regno, reg, reg.off, size, clobber ? 'write' : 'read');
        this.checkMapAccess(regno, reg, reg.off, size, zeroOk);
        return;
      case RegType.PTR_TO_MEM:
      case RegType.PTR_TO_BUF:
        if (raw && reg.rdonly) this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
        this.checkMemRegionAccess(regno, reg, reg.off, size, reg.memSize, zeroOk);
        return;
      case RegType.PTR_TO_STACK:
        this.checkStackRangeInitialized(regno, reg, size, zeroOk, raw, clobber);
        return;
      default:
        this.argMismatch(regno, reg, 'fp, pkt, pkt_meta, map_key, map_value, mem, buf');
    }
  }

  /**
   * check_stack_range_initialized: the bytes a helper reads must be initialised (or, with
   * allow_uninit_stack, may be uninitialised); bytes a helper writes (`clobber`) become STACK_MISC
   * and spilled registers among them are forgotten.
   */
  private checkStackRangeInitialized(regno: number, reg: Reg, size: number, zeroOk: boolean, raw: boolean, clobber: boolean): void {
    const frame = this.cur.frames[reg.frameno]!;
    // check_stack_access_within_bounds: 6.x names the helper's access; 5.10 said "indirect access to"
    const how = !this.env.rules.log618 ? ' indirect access to' : clobber ? ' write to' : ' read from';
    let minOff: number;
    let maxOff: number;
    if (tnumIsConst(reg.varOff)) {
      minOff = maxOff = reg.off + Number(s64(reg.varOff.value));
    } else {
      if (!this.env.priv) this.err('EACCES', `R${regno} variable offset stack access prohibited for !root, var_off=${tnumStr(reg.varOff)}`);
      if (reg.smax >= BPF_MAX_VAR_OFF || reg.smin <= -BPF_MAX_VAR_OFF) this.err('EACCES', `invalid unbounded variable-offset${how} stack R${regno}`);
      minOff = Number(reg.smin) + reg.off;
      maxOff = Number(reg.smax) + reg.off;
      raw = false;
    }
    // check_stack_access_within_bounds (also for a zero-sized access): the first byte in
    // [-MAX_BPF_STACK, -1], the end at most fp+0
    if (minOff < -512 || minOff > -1 || maxOff + size > 0 || size < 0 || (size === 0 && !zeroOk)) {
      if (tnumIsConst(reg.varOff)) this.err('EACCES', `invalid${how} stack R${regno} off=${minOff} size=${size}`);
      this.err('EACCES', `invalid variable-offset${how} stack R${regno} var_off=${tnumStr(reg.varOff)} off=${reg.off} size=${size}`);
    }
    this.growStack(frame, -minOff);
    if (raw) return;
    for (let o = minOff; o < maxOff + size; o++) {
      const slot = -o - 1;
      const spi = (slot / 8) | 0;
      const idx = spi * 8 + (slot % 8);
      const ty = frame.slotType[idx]!;
      if (ty === STACK_MISC) continue;
      if (ty === STACK_ZERO || (ty === STACK_INVALID && this.allowUninitStack)) {
        if (clobber) frame.slotType[idx] = STACK_MISC;
        continue;
      }
      if (ty === STACK_SPILL) {
        const sp = frame.spilled[spi];
        if (sp && (sp.type === RegType.SCALAR_VALUE || this.env.priv)) {
          if (clobber) {
            // scrub_spilled_slot on every byte of the slot
            for (let k = spi * 8; k < spi * 8 + 8; k++) if (frame.slotType[k] !== STACK_INVALID) frame.slotType[k] = STACK_MISC;
            frame.spilled[spi] = null;
          }
          continue;
        }
      }
      if (tnumIsConst(reg.varOff)) this.err('EACCES', `invalid indirect read from stack R${regno} off ${minOff}+${o - minOff} size ${size}`);
      this.err('EACCES', `invalid indirect read from stack R${regno} var_off ${tnumStr(reg.varOff)}+${o - minOff} size ${size}`);
    }
  }
}

function fmtFrame0(f: FuncState): string {
  const parts: string[] = [];
  for (let i = 0; i < 11; i++) {
    const r = f.regs[i]!;
    if (r.type !== RegType.NOT_INIT) parts.push(`R${i}=${fmtReg(r)}`);
  }
  return ` frame${f.frameno}: ${parts.join(' ')}`;
}

function expectedFor(t: ArgType): string {
  switch (t) {
    case 'ARG_PTR_TO_SOCK_COMMON': return 'sock_common, sock, tcp_sock, xdp_sock, ptr_';
    case 'ARG_PTR_TO_SOCKET': return 'sock';
    // ringbuf_mem_types = { PTR_TO_MEM | MEM_RINGBUF } (kernel/bpf/verifier.c compatible_reg_types)
    case 'ARG_PTR_TO_ALLOC_MEM': case 'ARG_PTR_TO_RINGBUF_MEM': return 'ringbuf_mem';
    default: return 'ptr';
  }
}

/**
 * scalar_byte_swap: BPF_END on a scalar keeps what it can. A swap (bswap, or to_be on this
 * little-endian machine) swaps the known bits and re-derives the bounds from them; a 16- or
 * 32-bit form truncates to that size; le64 changes nothing (not even the scalar id).
 */
function scalarByteSwap(d: Reg, alu64: boolean, toLe: boolean, imm: number): void {
  const needSwap = alu64 || !toLe;
  if (needSwap || imm === 16 || imm === 32) d.id = 0;
  if (needSwap) {
    const bytes = imm / 8;
    const swab = (v: bigint): bigint => {
      let out = 0n;
      for (let k = 0; k < bytes; k++) out = (out << 8n) | ((v >> BigInt(8 * k)) & 0xffn);
      return out;
    };
    const keep = (1n << BigInt(imm)) - 1n;
    d.varOff = { value: swab(d.varOff.value & keep), mask: swab(d.varOff.mask & keep) };
    markRegUnbounded(d);
  }
  if (imm === 16 || imm === 32) coerceRegToSize(d, imm / 8);
  regBoundsSync(d);
}

/**
 * is_branch_taken(reg1, reg2) of Linux 6.8 for a register compared with a register: two scalars
 * by their ranges (is_scalar_branch_taken), or a constant 0 against a pointer that cannot be
 * NULL on either side. 1 = always taken, 0 = never, -1 = unknown.
 */
function branchTakenRegs(r1: Reg, r2: Reg, o: number, jmp32: boolean): number {
  if (r1.type !== RegType.SCALAR_VALUE || r2.type !== RegType.SCALAR_VALUE) {
    const [p, k] = r1.type === RegType.SCALAR_VALUE ? [r2, r1] : [r1, r2];
    if (k.type !== RegType.SCALAR_VALUE || p.maybeNull || !notNullType(p.type)) return -1;
    if (!(jmp32 ? tnumIsConst(tnumSubreg(k.varOff)) && tnumSubreg(k.varOff).value === 0n : tnumEqualsConst(k.varOff, 0n))) return -1;
    return o === op.BPF_JEQ ? 0 : o === op.BPF_JNE ? 1 : -1;
  }
  const t1 = jmp32 ? tnumSubreg(r1.varOff) : r1.varOff;
  const t2 = jmp32 ? tnumSubreg(r2.varOff) : r2.varOff;
  const umin1 = jmp32 ? BigInt(r1.u32min) : r1.umin;
  const umax1 = jmp32 ? BigInt(r1.u32max) : r1.umax;
  const smin1 = jmp32 ? BigInt(r1.s32min) : r1.smin;
  const smax1 = jmp32 ? BigInt(r1.s32max) : r1.smax;
  const umin2 = jmp32 ? BigInt(r2.u32min) : r2.umin;
  const umax2 = jmp32 ? BigInt(r2.u32max) : r2.umax;
  const smin2 = jmp32 ? BigInt(r2.s32min) : r2.smin;
  const smax2 = jmp32 ? BigInt(r2.s32max) : r2.smax;
  const disjoint = (): boolean => umin1 > umax2 || umax1 < umin2 || smin1 > smax2 || smax1 < smin2
    || (!jmp32 && (r1.u32min > r2.u32max || r1.u32max < r2.u32min || r1.s32min > r2.s32max || r1.s32max < r2.s32min));
  switch (o) {
    case op.BPF_JEQ:
      if (tnumIsConst(t1) && tnumIsConst(t2)) return t1.value === t2.value ? 1 : 0;
      return disjoint() ? 0 : -1;
    case op.BPF_JNE:
      if (tnumIsConst(t1) && tnumIsConst(t2)) return t1.value !== t2.value ? 1 : 0;
      return disjoint() ? 1 : -1;
    case op.BPF_JSET: {
      const [a, b] = tnumIsConst(t2) ? [t1, t2] : [t2, t1];
      if (!tnumIsConst(b)) return -1;
      if (~a.mask & a.value & b.value) return 1;
      if (!((a.mask | a.value) & b.value)) return 0;
      return -1;
    }
    case op.BPF_JGT: return umin1 > umax2 ? 1 : umax1 <= umin2 ? 0 : -1;
    case op.BPF_JSGT: return smin1 > smax2 ? 1 : smax1 <= smin2 ? 0 : -1;
    case op.BPF_JLT: return umax1 < umin2 ? 1 : umin1 >= umax2 ? 0 : -1;
    case op.BPF_JSLT: return smax1 < smin2 ? 1 : smin1 >= smax2 ? 0 : -1;
    case op.BPF_JGE: return umin1 >= umax2 ? 1 : umax1 < umin2 ? 0 : -1;
    case op.BPF_JSGE: return smin1 >= smax2 ? 1 : smax1 < smin2 ? 0 : -1;
    case op.BPF_JLE: return umax1 <= umin2 ? 1 : umin1 > umax2 ? 0 : -1;
    case op.BPF_JSLE: return smax1 <= smin2 ? 1 : smin1 > smax2 ? 0 : -1;
  }
  return -1;
}

/**
 * private copies of registers for one instruction's arithmetic (operands and result of
 * adjust_reg_min_max_vals, the constant of a conditional jump): never kept in a state, so one
 * object each serves every instruction instead of an allocation per instruction
 */
const SCR_S = new Reg();
const SCR_P = new Reg();
const SCR_R = new Reg();
function scratch(into: Reg, from: Reg): Reg {
  into.assign(from);
  return into;
}

const notNullType = (t: RegType): boolean => t === RegType.PTR_TO_SOCKET || t === RegType.PTR_TO_TCP_SOCK || t === RegType.PTR_TO_MAP_VALUE || t === RegType.PTR_TO_SOCK_COMMON;
const isPktAny = (r: Reg): boolean => r.type === RegType.PTR_TO_PACKET || r.type === RegType.PTR_TO_PACKET_META || r.type === RegType.PTR_TO_PACKET_END;
const isSockType = (t: number): boolean => t === RegType.PTR_TO_SOCKET || t === RegType.PTR_TO_SOCK_COMMON || t === RegType.PTR_TO_TCP_SOCK || t === RegType.PTR_TO_XDP_SOCK;
/** get_reg_width: the bits needed for the register's largest unsigned value */
const regWidth = (r: Reg): number => (r.umax === 0n ? 0 : r.umax.toString(2).length);
const hex2 = (n: number): string => (n >>> 0).toString(16).padStart(2, '0');
const sizeOf = (code: number): number => op.sizeBytes(code);

/** tnum_sub (kept here so pointer arithmetic reads like the kernel's) */
function tnumSubFix(a: import('./tnum.js').Tnum, b: import('./tnum.js').Tnum): import('./tnum.js').Tnum {
  const dv = (a.value - b.value) & U64;
  const alpha = (dv + a.mask) & U64;
  const beta = (dv - b.mask) & U64;
  const chi = alpha ^ beta;
  const mu = chi | a.mask | b.mask;
  return { value: dv & ~mu & U64, mask: mu };
}

/** bpf_sock_is_valid_access / bpf_sock_common_is_valid_access / bpf_tcp_sock_is_valid_access (net/core/filter.c) */
function sockAccessOk(t: RegType, off: number, size: number): boolean {
  if (off < 0 || off % size !== 0) return false;
  const narrow = (fieldSize: number): boolean => size <= fieldSize && (size & (size - 1)) === 0;
  if (t === RegType.PTR_TO_TCP_SOCK) {
    if (off >= 112) return false;
    if (off === 80 || off === 88) return size === 8;
    return size === 4;
  }
  if (t === RegType.PTR_TO_XDP_SOCK) return off === 0 && size === 4;
  // struct bpf_sock (80 bytes); sock_common lacks type..priority
  if (off >= 80) return false;
  if (t === RegType.PTR_TO_SOCK_COMMON && off >= 8 && off < 24) return false;
  if ([72, 4, 8, 12, 44, 76].includes(off) || (off >= 24 && off < 28) || (off >= 28 && off < 44) || (off >= 52 && off < 56) || (off >= 56 && off < 72)) {
    return narrow(4);
  }
  if (off === 48 || off === 49) return size === 4 ? off === 48 : narrow(2);
  if (off === 50 || off === 51) return false;
  return size === 4;
}

export { LDDW, isPseudoCall };

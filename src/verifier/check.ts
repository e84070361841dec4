/**
 * The abstract interpreter (kernel/bpf/verifier.c do_check and the check_* family): walks every
 * path of the program with register and stack state, checks every access, and prunes paths
 * whose state is covered by one already verified (is_state_visited).
 */
import { stackLiveness } from './stack_liveness.js';
import type { Fastcall } from './fastcall.js';
import * as op from '../isa/opcodes.js';
import { Reg, RegType, markRegUnknown, markRegNotInit, markPtr } from './reg.js';
import { FuncState, VState, statesEqual, type PathNode } from './state.js';
import { type Cfg, type Slots, VerifierError, LDDW, isPseudoCall, jmpTarget, MAY_GOTO } from './cfg.js';
import { fmtState, regTypeStr, jsonFrame } from './log.js';
import { StateTrace } from './trace.js';
import { disasmSlot } from './disasm.js';
import type { VerifierMap, VerifierHelperProto, VerifierProgType, JsonStep, LineInfo } from './types.js';
import { BPF_F_STRICT_ALIGNMENT, BPF_F_TEST_STATE_FREQ } from './types.js';
import { BPF_PROG_TYPE_CGROUP_SOCKOPT } from '../isa/bpf_types.js';
import type { KernelRules } from './kernel_rules.js';
import type { SubprogFuncInfo } from './func_info.js';
import { propagatePrecision } from './precision.js';
import { SccVisits, computeScc } from './scc.js';
import { BPF_COMPLEXITY_LIMIT_JMP_SEQ, hex2, sizeOf } from './check_util.js';
import * as alu from './check_alu.js';
import * as mem from './check_mem.js';
import * as stack from './check_stack.js';
import * as jmp from './check_jmp.js';
import * as call from './check_call.js';
import * as helper from './check_helper.js';
import * as funcArg from './check_func_arg.js';
import type { BtfTypes } from './types.js';
import { type KfuncHost, checkKfuncCall, isIterNextCall, kfuncCallText, kfuncName } from './kfunc.js';
import { iterActiveAtNext } from './iter.js';
import { isGraphApiKfunc } from './graph.js';
import { ptrTypeKey } from './check_mem.js';
import { checkThrowCookie, throwExit } from './exceptions.js';
import { setTimerCallbackState } from './check_call.js';
export interface CheckEnv {
  slots: Slots;
  cfg: Cfg;
  maps: readonly VerifierMap[];
  /** the program's own BTF (bpf_obj_new's types) */
  progBtf?: BtfTypes | undefined;
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
  /** VerifyOptions.nrCpuIds: bpf_get_smp_processor_id's bound (0: none) */
  nrCpuIds: number;
  /** expected_attach_type of BPF_PROG_LOAD */
  attachType: number;
  /** the kernel's BTF (loaded on first use) and a tracing program's attach target (kfunc.ts) */
  kernelBtf: () => BtfTypes | undefined;
  attachTo: string;
  /** bpf_fastcall patterns (fastcall.ts), null when the program has none */
  fastcall?: Fastcall | null;
  /** the program's return type is void (a struct_ops member returning void): check_return_code wants no R0 */
  voidReturn?: boolean;
  /** BTF func_info by subprogram number (undefined: no BTF for it, a static function) */
  funcs: readonly (SubprogFuncInfo | undefined)[];
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
  /** check_tp_buffer_access: the end of the furthest raw_tp.w buffer access (max_tp_access) */
  maxTpAccess = 0;
  idGen = 0;
  /** subprog_aux(env, i)->called / ->verified: global functions a path called, and those verified since */
  readonly globalCalled: Uint8Array;
  readonly globalVerified: Uint8Array;
  /** the subprograms that change packet data (computed at the first global function call) */
  pktChangers: number[] | undefined;
  cur!: VState;
  insnIdx = 0;
  prevInsnIdx = -1;
  /** stack_liveness.ts: the slots each instruction's frame may still read (privileged programs) */
  readonly stackLive: Int32Array | null;
  /** scc.ts: the loops being visited and their backedges (privileged programs: precision is on) */
  readonly scc: SccVisits | null;
  stack: StackElem[] = [];
  explored = new Map<number, ExploredState[]>();
  /** checkpoints with paths still being explored, by insn and register fingerprint */
  inProgress = new Map<number, { count: number; byFp: Map<number, VState[]> }>();
  completed: VState[] = [];
  jmpsProcessed = 0;
  prevJmpsProcessed = 0;
  prevInsnProcessed = 0;
  /** pointer type each load/store instruction used (same insn cannot be used with different pointers) */
  insnPtrType: Int16Array;
  lastLinfo = -1;
  /** "i: (07) r1 += 8" per instruction, formatted on first use */
  readonly insnLine: (string | undefined)[] = [];
  readonly insnText: (string | undefined)[] = [];
  /** json 'trace': the states step by step, compact (trace.ts) */
  readonly trace: StateTrace | null;
  lastLine = '';
  /** map used by each bpf_tail_call site (null = different maps on different paths) */
  readonly tailCallMap = new Map<number, VerifierMap | null>();
  readonly strictAlign: boolean;
  srcIsReg = false;
  readonly ldAbsOk: boolean;
  /** env->allow_uninit_stack = bpf_allow_uninit_stack(): CAP_PERFMON, on kernels with the rule (6.3) */
  readonly allowUninitStack: boolean;

  constructor(readonly env: CheckEnv) {
    this.seen = new Uint8Array(env.slots.n);
    this.globalCalled = new Uint8Array(env.cfg.subprogs.length);
    this.globalVerified = new Uint8Array(env.cfg.subprogs.length);
    this.insnPtrType = new Int16Array(env.slots.n).fill(-1);
    this.stackLive = env.priv ? stackLiveness(env.slots, env.cfg) : null;
    this.scc = env.priv ? new SccVisits(env.slots, computeScc(env.slots), this.isGlobalFuncStart) : null;
    this.strictAlign = (env.progFlags & BPF_F_STRICT_ALIGNMENT) !== 0;
    this.ldAbsOk = [1, 3, 4].includes(env.progType.id);
    this.allowUninitStack = env.priv && env.rules.allowUninitStack;
    const slots = env.slots;
    this.trace = env.json === 'trace' ? new StateTrace((i) => this.insnAsm(i), 2 * slots.n) : null;
    this.host = this.makeHost();
  }

  /** kfuncs and BTF-typed pointers (kfunc.ts) work on the checker's state through this */
  readonly host: KfuncHost;
  private iterNext: Int8Array | null = null;
  private makeHost(): KfuncHost {
    const env = this.env;
    const self = this;
    return {
      progType: env.progType.id, attachType: env.attachType, attachTo: env.attachTo,
      // in_sleepable: the program, or a bpf_wq callback's path; 6.18: an async callback's own
      // (a timer callback never sleeps, even in a sleepable program)
      get sleepable(): boolean {
        if (env.rules.log618 && self.cur?.frames[0]!.inAsyncCallback) return self.cur.inSleepable;
        return (env.progFlags & 16) !== 0 || !!self.cur?.inSleepable;
      },
      gpl: env.gpl, priv: env.priv, kernelBtf: env.kernelBtf,
      regs: () => this.regs, state: () => this.cur,
      err: (errno, msg) => this.err(errno, msg),
      newId: () => ++this.idGen,
      markPrecise: (r) => this.markPrecise(r),
      markInvalid: (r) => this.markInvalid(r),
      checkMem: (regno, size, write, zeroOk) => this.checkHelperMemAccess(regno, this.regs[regno]!, size, zeroOk, write, write),
      pushBranch: (insn, prev) => this.pushStack(insn, prev),
      stackWrite: (regno, off) => this.checkStackAccess(regno, this.regs[regno]!, this.regs[regno]!.off + off, 8, 'write', -1),
      directPktWrite: () => this.env.progType.directPacketAccess === 'write' || this.env.progType.id === BPF_PROG_TYPE_CGROUP_SOCKOPT,
      progBtf: () => this.env.progBtf,
      pushCallback: (insn, subprog, setup) => this.pushKfuncCallback(insn, subprog, setup),
      pushAsyncCallback: (insn, subprog, sleepable, map) => {
        // 6.18: a sleepable (workqueue) callback only from a sleepable program
        if (sleepable && !(env.progFlags & 16) && env.rules.log618) {
          this.verbose('sleepable callback in a program that is not sleepable');
          this.err('EPERM', `kfunc ${this.kfuncAt(insn) ?? ''}#${env.slots.imm[insn]} failed callback verification`);
        }
        this.pushAsyncCallback(insn, subprog, sleepable, (callee) => setTimerCallbackState(callee, map));
      },
      mapFieldPointer: (regno, field) => this.mapFieldPointer(regno, this.regs[regno]!, field),
      kfuncAt: (insn) => this.kfuncAt(insn),
      verbose: (m) => this.verbose(m),
      kptrStructMeta: new Map(),
    };
  }

  /** the kfunc a call instruction names (undefined for anything else) */
  kfuncAt(i: number): string | undefined {
    const s = this.env.slots;
    if (s.src[i] !== op.BPF_PSEUDO_KFUNC_CALL || s.code[i] !== (op.BPF_JMP | op.BPF_CALL)) return undefined;
    const b = this.env.kernelBtf();
    return b ? kfuncName(b, s.imm[i]!) : undefined;
  }

  /** an instruction as the log prints it: a kfunc call by its name, as the kernel's disasm callback does */
  insnAsm(i: number): string {
    const text = disasmSlot(this.env.slots, i);
    return this.env.slots.src[i] === op.BPF_PSEUDO_KFUNC_CALL && this.env.slots.code[i] === (op.BPF_JMP | op.BPF_CALL) ? kfuncCallText(this.host, text, this.env.slots.imm[i]!) : text;
  }

  /** is_iter_next_insn (a forced checkpoint where an iterator's loop converges), remembered per instruction */
  isIterNext(i: number): boolean {
    const s = this.env.slots;
    if (s.src[i] !== op.BPF_PSEUDO_KFUNC_CALL || s.code[i] !== (op.BPF_JMP | op.BPF_CALL)) return false;
    const m = (this.iterNext ??= new Int8Array(s.n).fill(-1));
    if (m[i] === -1) m[i] = isIterNextCall(this.host, s.imm[i]!) ? 1 : 0;
    return m[i] === 1;
  }

  verbose(s: string): void {
    this.log.push(s);
  }

  err(errno: VerifierError['errno'], msg: string): never {
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
    // the exception callback is presumed to be always called (do_check_subprogs; ./exceptions.ts)
    if (this.exceptionCb) this.globalCalled[this.exceptionCb] = 1;
    this.doCheckSubprogs();
    if (this.poisonedKfuncAt !== undefined) {
      this.insnIdx = this.poisonedKfuncAt;
      this.err('EINVAL', 'invalid kernel function call not eliminated in verifier pass');
    }
  }

  /** the exception callback's subprogram (0: none, bpf_throw's default returns the cookie) */
  get exceptionCb(): number {
    return (this.exCb ??= Math.max(0, this.env.cfg.subprogs.findIndex((p) => p.isExceptionCb)));
  }
  private exCb: number | undefined;

  /** is_bpf_throw_kfunc */
  isThrowCall(i: number): boolean {
    const s = this.env.slots;
    if (s.src[i] !== op.BPF_PSEUDO_KFUNC_CALL || s.code[i] !== (op.BPF_JMP | op.BPF_CALL)) return false;
    const btf = this.host.kernelBtf();
    return !!btf && kfuncName(btf, s.imm[i]!) === 'bpf_throw';
  }

  /** the first reachable kfunc call with imm 0 (an unresolved weak kfunc), refused after do_check as fixup_kfunc_call does */
  poisonedKfuncAt: number | undefined;

  pathPush(insn: number, taken: boolean): void {
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

  pushStack(insn: number, prev: number): VState {
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
  updateBranchCounts(st: VState | null): void {
    while (st) {
      st.branches--;
      if (st.branches > 0) break;
      // maybe_exit_scc: the loop visit this state entered is over
      this.scc?.exit(st);
      this.completed.push(st);
      st = st.parent;
    }
  }

  popStack(): boolean {
    this.updateBranchCounts(this.cur.parent);
    const e = this.stack.pop();
    if (!e) return false;
    this.cur = e.st;
    this.insnIdx = e.insn;
    this.prevInsnIdx = e.prev;
    return true;
  }

  liveFor(st: VState, insn: number): (frame: number) => number {
    return (f: number) => {
      if (f === st.curframe) return this.env.cfg.liveIn[insn]!;
      const callee = st.frames[f + 1]!;
      const ret = callee.callsite + 1;
      return ret < this.env.slots.n ? this.env.cfg.liveIn[ret]! : 0xffff;
    };
  }

  /**
   * explored_state: checkpoints are listed by instruction and the current frame's call site (the
   * kernel hashes insn_idx ^ callsite), so a checkpoint of the same instruction reached from another
   * call site — the entry of a subprogram called from several places — is neither compared nor
   * counted as a miss, and one still being explored there does not hold back new checkpoints
   */
  stateKey(st: VState, insn: number): number {
    return insn + this.env.slots.n * (st.cur.callsite + 1);
  }

  /** move checkpoints whose paths all finished from the in-progress index to the prunable lists */
  drainCompleted(): void {
    for (const st of this.completed) {
      const key = this.stateKey(st, st.insnIdx);
      const ins = this.inProgress.get(key);
      if (ins) {
        const e = ins.byFp.get(st.fpKey);
        if (e) {
          const k = e.indexOf(st);
          if (k >= 0) { e.splice(k, 1); ins.count--; }
        }
      }
      // a state evicted while in progress went to the kernel's free_list: never compared again
      if (st.evicted) continue;
      let list = this.explored.get(key);
      if (!list) { list = []; this.explored.set(key, list); }
      // kept in creation order (is_state_visited walks it newest first)
      let at = list.length;
      while (at > 0 && list[at - 1]!.st.seq > st.seq) at--;
      list.splice(at, 0, { st, hit: st.hitCnt, miss: st.missCnt, fp: st.fpKey });
    }
    this.completed.length = 0;
  }

  /** subprog_is_global for the function starting at `target` (backtracking does not enter it) */
  readonly isGlobalFuncStart = (target: number): boolean => !!this.env.funcs[this.env.cfg.subprogOf[target]!]?.global;

  /** is_state_visited's eviction of states still being explored (marked `evicted`): they leave the index */
  dropEvicted(ins: { count: number; byFp: Map<number, VState[]> }): void {
    for (const [k, e] of ins.byFp) {
      for (let j = 0; j < e.length; j++) {
        if (!e[j]!.evicted) continue;
        e.splice(j--, 1);
        ins.count--;
        this.curStates--;
      }
      if (!e.length) ins.byFp.delete(k);
    }
  }

  /**
   * is_state_visited's hit on a checkpoint still being explored: an iterator's next(), may_goto or
   * a callback call reached what an earlier iteration covers (RANGE_WITHIN), so the loop
   * converged here — old's precise scalars matter on this path too, and the hit is a backedge
   * whose marks are completed when the loop visit ends (scc.ts)
   */
  private loopHit(old: VState, cur: VState, insn: number): true {
    old.hitCnt++;
    if (this.env.priv) propagatePrecision(this.env.slots, old, cur, this.isGlobalFuncStart);
    this.scc?.addBackedge(old, cur, insn);
    return true;
  }

  /**
   * insn_hist_end - insn_hist_start: the entries push_insn_history made since the last checkpoint —
   * one per instruction that is a jmp_point (do_check), spills or fills a register
   * (INSN_F_STACK_ACCESS) or compares a scalar linked to others (check_cond_jmp_op)
   */
  histEntries(st: VState): number {
    const jp = this.env.cfg.jmpPoint;
    const h = st.hist;
    const hs = st.histStack;
    let n = st.histLinked;
    for (let k = 0; k < h.length; k++) if (jp[h[k]!] || hs[k] !== -1) n++;
    return n;
  }

  /** is_state_visited: true when the current state is covered by an explored one */
  isStateVisited(insn: number): boolean {
    const cur = this.cur;
    this.drainCompleted();
    let addNew = true;
    // force_new_state: BPF_F_TEST_STATE_FREQ, or a path whose instruction history since its last
    // checkpoint passed 40 entries ("avoid accumulating infinitely long jmp history": a long
    // loop iteration gets checkpoints even while an earlier iteration's are still in progress)
    const forceNew = (this.env.progFlags & BPF_F_TEST_STATE_FREQ) !== 0 || this.histEntries(cur) > 40;
    const iterNext = this.isIterNext(insn);
    const cbCall = this.callsCallback(insn) || iterNext;
    // is_force_checkpoint: every may_goto gets a checkpoint (iterations are compared there)
    const mayGoto = this.env.slots.code[insn] === MAY_GOTO;
    // is_state_visited: a new checkpoint only after at least 2 jumps and 8 instructions since the
    // last one (add_new_state), unless one is forced
    if (!forceNew && !cbCall && !mayGoto && (this.jmpsProcessed - this.prevJmpsProcessed < 2 || this.processed - this.prevInsnProcessed < 8)) addNew = false;
    // the fingerprint is only needed to look up in-progress states or to file a new checkpoint
    let fp = 0;
    let haveFp = false;
    const live = this.liveFor(cur, insn);
    const key = this.stateKey(cur, insn);
    const ins = this.inProgress.get(key);
    const list = this.explored.get(key);
    // explored_state's list holds the states still being explored and the finished ones together,
    // newest first (list_add at the head): the order decides which states count a miss before a hit
    // and whether a state still being explored has already turned add_new_state off
    let order: VState[] | null = null;
    if (ins && ins.count > 0) {
      fp = regsFingerprint(cur);
      haveFp = true;
      order = [];
      for (const e of ins.byFp.values()) for (const old of e) order.push(old);
    }
    const nDone = list ? list.length : 0;
    const nIns = order ? order.length : 0;
    if (nIns > 1) order!.sort((x, y) => y.seq - x.seq);
    let evict = false;
    let evictIns = false;
    // merge: the in-progress states by creation, newest first, with the finished ones (list is in
    // creation order, so from its end)
    let ii = 0;
    let di = nDone - 1;
    while (ii < nIns || di >= 0) {
      const takeIns = ii < nIns && (di < 0 || order![ii]!.seq > list![di]!.st.seq);
      if (takeIns) {
        const old = order![ii++]!;
        // skip_inf_loop_check: another entry into an async callback (a timer callback that sets
        // itself again) meets its own first entry still being explored, which is neither a loop
        // nor a state to be pruned against
        const asyncOther = old.cur.inAsyncCallback && old.cur.asyncEntryCnt !== cur.cur.asyncEntryCnt;
        if (asyncOther) {
          // nothing
        } else if (cbCall) {
          // calls_callback: another iteration of the callback reached a state an earlier one covers
          // (states_equal RANGE_WITHIN: every scalar compared, precise or not); an iterator's
          // next(): the same, while the iterator is still active (is_state_visited)
          if (statesEqual(old, cur, live, false, this.allowUninitStack, false) && (!iterNext || iterActiveAtNext(cur))) return this.loopHit(old, cur, insn);
        } else {
          // an iteration of a may_goto loop that reached what an earlier one covers (RANGE_WITHIN,
          // a different may_goto_depth): the loop converged here
          if (mayGoto && old.mayGotoDepth !== cur.mayGotoDepth && statesEqual(old, cur, live, false, this.allowUninitStack, false)) return this.loopHit(old, cur, insn);
          if (old.fpKey === fp && old.mayGotoDepth === cur.mayGotoDepth && old.callbackUnrollDepth === cur.callbackUnrollDepth && statesEqual(old, cur, live, true)) {
            this.linfo(insn);
            this.err('EINVAL', `infinite loop detected at insn ${insn}`);
          }
        }
        // skip_inf_loop_check: inside a loop, a new checkpoint only every 20 jumps or 100 instructions
        if (!forceNew && !cbCall && !mayGoto && this.jmpsProcessed - this.prevJmpsProcessed < 20 && this.processed - this.prevInsnProcessed < 100) addNew = false;
        // miss: in-progress states count misses too (n = 64 at a forced checkpoint), and one that
        // keeps missing leaves the list: it is then never compared again, not even when its paths
        // finish, and no longer holds back new checkpoints here
        if (addNew) {
          const n = cbCall || mayGoto ? 64 : 3;
          if (++old.missCnt > old.hitCnt * n + n) { old.evicted = true; evictIns = true; }
        }
        continue;
      }
      const sl = list![di--]!;
      // incomplete_read_marks: a checkpoint of a loop whose other paths may still make more of its
      // scalars precise is compared on every scalar (RANGE_WITHIN), and a hit is a backedge (scc.ts)
      const loop = !!this.scc?.incomplete(sl.st);
      if (statesEqual(sl.st, cur, live, false, this.allowUninitStack, this.env.priv && !loop, this.stackLive ? { words: this.stackLive, insn } : undefined)) {
        sl.hit++;
        // propagate_precision: the rest of old's exploration relied on its precise scalars
        if (this.env.priv) propagatePrecision(this.env.slots, sl.st, cur, this.isGlobalFuncStart);
        if (loop) this.scc!.addBackedge(sl.st, cur, insn);
        if (evictIns) this.dropEvicted(ins!);
        return true;
      }
      // is_state_visited: a miss counts only when a new state is going to be added, so that the
      // iterations of a loop do not evict the states recorded earlier; states that keep missing
      // are freed (miss_cnt > hit_cnt * 3 + 3)
      if (addNew) sl.miss++;
      if (sl.miss > sl.hit * 3 + 3) evict = true;
    }
    if (evictIns) this.dropEvicted(ins!);
    if (list) {
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
    snap.seq = this.totalStates;
    cur.parent = snap;
    // the checkpoint keeps the history that led to it; the current state starts a new one
    cur.hist = [];
    cur.histStack = [];
    cur.histLinked = 0;
    let idx = ins;
    if (!idx) { idx = { count: 0, byFp: new Map() }; this.inProgress.set(key, idx); }
    let e = idx.byFp.get(fp);
    if (!e) { e = []; idx.byFp.set(fp, e); }
    e.push(snap);
    // maybe_enter_scc: the first checkpoint of a loop visit is its entry
    this.scc?.enter(snap);
    idx.count++;
    this.totalStates++;
    this.curStates++;
    if (this.curStates > this.peakStates) this.peakStates = this.curStates;
    return false;
  }

  linfo(insn: number): void {
    const li = this.env.lineInfo;
    if (!li || this.env.logLevel < 1) return;
    let best: LineInfo | undefined;
    for (const l of li) if (l.insnOff <= insn && (!best || l.insnOff >= best.insnOff)) best = l;
    if (!best || best.insnOff === this.lastLinfo || best.line === this.lastLine) return;
    this.lastLinfo = best.insnOff;
    this.lastLine = best.line;
    this.verbose(`; ${best.line.trim()}`);
  }


  doCheck(): void {
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
      if (this.env.cfg.prunePoint[i] || this.callsCallback(i) || this.isIterNext(i) || this.callsAsyncCallback(i)) {
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
        this.verbose(this.insnLine[i] ??= `${i}: ${this.insnAsm(i)}`);
      }
      if (this.env.json) {
        const f = this.cur.cur;
        if (this.trace) this.trace.record(i, this.cur.curframe, f);
        else this.jsonSteps.push({ insn: i, frame: this.cur.curframe, text: (this.insnText[i] ??= this.insnAsm(i)), ...jsonFrame(f) });
      }
      const r = this.step(i);
      if (r === 'exit') {
        if (!this.popStack()) return;
        doPrintState = true;
      }
    }
  }

  // ---- registers -------------------------------------------------------------------------

  get regs(): Reg[] {
    return this.cur.cur.regs;
  }

  /** check_reg_arg(SRC_OP) */
  readReg(r: number): Reg {
    if (r >= 11) this.err('EINVAL', `R${r} is invalid`);
    const reg = this.regs[r]!;
    if (reg.type === RegType.NOT_INIT) this.err('EACCES', `R${r} !read_ok`);
    this.markRead++;
    return reg;
  }

  /** check_reg_arg(DST_OP): the register will be written */
  writeReg(r: number): Reg {
    if (r >= 11) this.err('EINVAL', `R${r} is invalid`);
    if (r === 10) this.err('EACCES', 'frame pointer is read only');
    return this.regs[r]!;
  }

  isPointerValue(reg: Reg): boolean {
    return !this.env.priv && reg.type !== RegType.SCALAR_VALUE;
  }

  /** mark_reg_invalid: pointers that became unusable (released references, stale packet pointers) */
  markInvalid(reg: Reg): void {
    if (!this.env.priv) markRegNotInit(reg);
    else markRegUnknown(reg);
  }

  // ---- one instruction -------------------------------------------------------------------

  step(i: number): 'next' | 'exit' {
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
        const srcType = ptrTypeKey(this.regs[s.src[i]!]!);
        this.checkMemAccess(s.src[i]!, s.off[i]!, sizeOf(code), 'read', s.dst[i]!, mode === op.BPF_MEMSX);
        this.checkPtrTypeConsistent(i, srcType, true);
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
        const dstType = ptrTypeKey(this.regs[s.dst[i]!]!);
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
          // do_check: under a lock only bpf_spin_unlock, the graph kfuncs (is_bpf_graph_api_kfunc) and static subprograms
          if (this.cur.activeLock && !(s.src[i] === 0 && s.imm[i] === 94) && !(s.src[i] === op.BPF_PSEUDO_CALL && this.env.rules.lockInSubprogs)
            && !(s.src[i] === op.BPF_PSEUDO_KFUNC_CALL && isGraphApiKfunc(this.kfuncAt(i)))) {
            this.err('EINVAL', 'function calls are not allowed while holding a lock');
          }
          if (s.src[i] === op.BPF_PSEUDO_CALL) return this.checkFuncCall(i);
          if (s.src[i] === op.BPF_PSEUDO_KFUNC_CALL) {
            // a weak kfunc libbpf could not resolve has imm 0: check_kfunc_call skips it (the
            // registers stay as they were: a read of r0 after it is "R0 !read_ok"), and
            // fixup_kfunc_call refuses the program after verification if a path reached it
            if (s.imm[i] === 0) this.poisonedKfuncAt ??= i;
            else {
              const isThrow = this.isThrowCall(i);
              if (isThrow) checkThrowCookie(this, this.exceptionCb);
              checkKfuncCall(this.host, i, s.imm[i]!);
              // do_check: a bpf_throw ends the path (process_bpf_exit_full with exception_exit)
              if (isThrow) return throwExit(this);
            }
            this.insnIdx = i + 1;
            return 'next';
          }
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
        if (mode === op.BPF_ABS || mode === op.BPF_IND) return this.checkLdAbs(i);
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

}

type Methods<M> = { [K in keyof M]: M[K] extends (this: Checker, ...a: infer A) => infer R ? (...a: A) => R : never };
// The checks live in modules named after what they check (./check_*.ts); they are Checker's
// methods, so each reads `this.regs`, `this.err(...)` as the kernel's functions read env.
export interface Checker extends Methods<typeof alu>, Methods<typeof mem>, Methods<typeof stack>, Methods<typeof jmp>,
  Methods<typeof call>, Methods<typeof helper>, Methods<typeof funcArg> {}
Object.assign(Checker.prototype, alu, mem, stack, jmp, call, helper, funcArg);

export { LDDW, isPseudoCall };

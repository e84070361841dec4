/**
 * Program structure before abstract interpretation (kernel/bpf/verifier.c): the raw slot
 * arrays, resolve_pseudo_ldimm64's checks, check_subprogs (subprogram boundaries, jumps that
 * leave their subprogram, the last instruction of each), check_cfg (depth-first search for
 * unreachable instructions and, when loops are not allowed, back-edges), prune points, and a
 * static register liveness used when comparing states.
 */
import * as op from '../isa/opcodes.js';
import * as pt from '../isa/bpf_types.js';

/** BPF_JMP | BPF_JCOND (src_reg BPF_MAY_GOTO): may_goto */
export const MAY_GOTO = op.BPF_JMP | op.BPF_JCOND;

export class VerifierError extends Error {
  constructor(readonly errno: 'EINVAL' | 'EACCES' | 'E2BIG' | 'EPERM' | 'EFAULT' | 'ENOTSUPP' | 'ENOSPC' | 'EOPNOTSUPP' | 'ESRCH', message: string, readonly insn = -1) {
    super(message);
  }
}

/** the program as parallel typed arrays of 8-byte slots (the kernel's view) */
export interface Slots {
  n: number;
  code: Uint8Array;
  dst: Uint8Array;
  src: Uint8Array;
  off: Int16Array;
  imm: Int32Array;
}

export function slotsFromBytes(bytes: Uint8Array): Slots {
  const n = bytes.length >> 3;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, n * 8);
  const s: Slots = { n, code: new Uint8Array(n), dst: new Uint8Array(n), src: new Uint8Array(n), off: new Int16Array(n), imm: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    s.code[i] = dv.getUint8(i * 8);
    const r = dv.getUint8(i * 8 + 1);
    s.dst[i] = r & 0xf;
    s.src[i] = r >> 4;
    s.off[i] = dv.getInt16(i * 8 + 2, true);
    s.imm[i] = dv.getInt32(i * 8 + 4, true);
  }
  return s;
}

export const LDDW = op.BPF_LD | op.BPF_IMM | op.BPF_DW;
const CALL = op.BPF_JMP | op.BPF_CALL;
const EXIT = op.BPF_JMP | op.BPF_EXIT;

export const isPseudoCall = (s: Slots, i: number): boolean => s.code[i] === CALL && s.src[i] === op.BPF_PSEUDO_CALL;
export const isPseudoFunc = (s: Slots, i: number): boolean => s.code[i] === LDDW && s.src[i] === op.BPF_PSEUDO_FUNC;
export const isHelperCall = (s: Slots, i: number): boolean => s.code[i] === CALL && s.src[i] === 0;

/**
 * bpf_opcode_in_insntable (kernel/bpf/core.c): the opcodes the ISA defines. Without `cpuV4`
 * (before Linux 6.6) BPF_ALU64|BPF_END, BPF_JMP32|BPF_JA and BPF_LDX|BPF_MEMSX are not in it.
 */
export function opcodeInTable(code: number, cpuV4 = true, mayGoto = true): boolean {
  const cls = code & 7;
  switch (cls) {
    case op.BPF_ALU:
    case op.BPF_ALU64: {
      const o = code & 0xf0;
      if (o > op.BPF_END) return false;
      if (o === op.BPF_END) return cls === op.BPF_ALU || (cpuV4 && (code & op.BPF_X) === 0);
      if (o === op.BPF_NEG) return (code & op.BPF_X) === 0;
      return true;
    }
    case op.BPF_JMP:
    case op.BPF_JMP32: {
      const o = code & 0xf0;
      if (o === op.BPF_CALL || o === op.BPF_EXIT) return cls === op.BPF_JMP && (code & op.BPF_X) === 0;
      if (o === op.BPF_JA) return (code & op.BPF_X) === 0 && (cls === op.BPF_JMP || cpuV4);
      if (o === op.BPF_JCOND) return mayGoto && code === MAY_GOTO;
      return o <= op.BPF_JSLE;
    }
    case op.BPF_LD: {
      if (code === LDDW) return true;
      const mode = code & 0xe0;
      return (mode === op.BPF_ABS || mode === op.BPF_IND) && (code & 0x18) !== op.BPF_DW;
    }
    case op.BPF_LDX: {
      const mode = code & 0xe0;
      return mode === op.BPF_MEM || (cpuV4 && mode === op.BPF_MEMSX && (code & 0x18) !== op.BPF_DW);
    }
    case op.BPF_ST:
      return (code & 0xe0) === op.BPF_MEM;
    case op.BPF_STX: {
      const mode = code & 0xe0;
      return mode === op.BPF_MEM || (mode === op.BPF_ATOMIC && ((code & 0x18) === op.BPF_W || (code & 0x18) === op.BPF_DW));
    }
  }
  return false;
}

export interface Subprog {
  start: number;
  /** exclusive end */
  end: number;
  stackDepth: number;
  hasTailCall: boolean;
  /** is a callback target (bpf_loop, for_each_map_elem) */
  isCallback: boolean;
  /** mark_subprog_exc_cb: the program's exception callback (also is_cb and is_async_cb) */
  isExceptionCb?: boolean;
  /** is_async_cb: a timer's or workqueue's callback, verified as its own path from frame 0 */
  isAsyncCb?: boolean;
}

export interface Cfg {
  subprogs: Subprog[];
  /** subprogram index of each slot */
  subprogOf: Int32Array;
  /** 1 where a state checkpoint may be stored (jump targets, after branches and calls) */
  prunePoint: Uint8Array;
  /**
   * insn_aux_data[].jmp_point (check_cfg's mark_jmp_point): branch and goto targets, a callee's
   * first instruction and the instruction after every call — do_check records each visit of one
   * in the state's instruction history
   */
  jmpPoint: Uint8Array;
  /** static register liveness: bit r set when register r may be read before written from slot i */
  liveIn: Uint16Array;
  hasLdAbs: boolean;
}

/**
 * resolve_pseudo_ldimm64's structural checks and the opcode table check (`cpuV4`: see
 * opcodeInTable; without `atomics`, before 5.12, a BPF_STX|BPF_ATOMIC other than BPF_XADD
 * (imm = BPF_ADD) has reserved fields set)
 */
export function checkLdImm(s: Slots, mapCount: number, cpuV4 = true, atomics = true, rawMapFds: readonly number[] = [], mayGoto = true, mapUsed?: (idx: number, insn: number) => void): void {
  for (let i = 0; i < s.n; i++) {
    const code = s.code[i]!;
    if (!atomics && (code & 7) === op.BPF_STX && (((code & 0xe0) !== op.BPF_MEM && (code & 0xe0) !== op.BPF_ATOMIC) || s.imm[i] !== 0)) {
      throw new VerifierError('EINVAL', 'BPF_STX uses reserved fields', i);
    }
    // resolve_pseudo_ldimm64's order: LDX reserved fields, then ld_imm64, then the opcode table
    if ((code & 7) === op.BPF_LDX && ((code & 0xe0) !== op.BPF_MEM && ((code & 0xe0) !== op.BPF_MEMSX || !cpuV4) || s.imm[i] !== 0)) {
      throw new VerifierError('EINVAL', 'BPF_LDX uses reserved fields', i);
    }
    if (code !== LDDW && !opcodeInTable(code, cpuV4, mayGoto)) throw new VerifierError('EINVAL', `unknown opcode ${hex2(code)}`, i);
    if (code === LDDW) {
      if (i === s.n - 1 || s.code[i + 1] !== 0 || s.dst[i + 1] !== 0 || s.src[i + 1] !== 0 || s.off[i + 1] !== 0) {
        throw new VerifierError('EINVAL', 'invalid bpf_ld_imm64 insn', i);
      }
      const src = s.src[i]!;
      if (src === 0 || src === op.BPF_PSEUDO_FUNC || src === op.BPF_PSEUDO_BTF_ID) { i++; continue; }
      if (src !== op.BPF_PSEUDO_MAP_FD && src !== op.BPF_PSEUDO_MAP_VALUE && src !== op.BPF_PSEUDO_MAP_IDX && src !== op.BPF_PSEUDO_MAP_IDX_VALUE) {
        throw new VerifierError('EINVAL', 'unrecognized bpf_ld_imm64 insn', i);
      }
      if ((src === op.BPF_PSEUDO_MAP_FD || src === op.BPF_PSEUDO_MAP_IDX) && s.imm[i + 1] !== 0) {
        throw new VerifierError('EINVAL', 'unrecognized bpf_ld_imm64 insn', i);
      }
      const idx = s.imm[i]!;
      if (idx < 0 || idx >= mapCount || rawMapFds.includes(i)) throw new VerifierError('EBADF' as 'EINVAL', `fd ${idx} is not pointing to valid bpf_map`, i);
      mapUsed?.(idx, i);
      i++;
    }
  }
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** jump target of a (non-call, non-exit) jump at slot i */
export function jmpTarget(s: Slots, i: number): number {
  const code = s.code[i]!;
  if ((code & 7) === op.BPF_JMP32 && (code & 0xf0) === op.BPF_JA) return i + s.imm[i]! + 1;
  return i + s.off[i]! + 1;
}

/**
 * The slots control may reach next from slot i, for the backward liveness passes (registers here,
 * stack slots in stack_liveness.ts): lddw skips its second slot, exit has none, a call (helper,
 * kfunc or subprogram) returns to the next slot, a jump goes to its target and, unless it is `ja`,
 * falls through. Written into `out` (two entries at most); returns how many, each inside [0, n).
 */
export function insnSuccessors(s: Slots, i: number, out: Int32Array): number {
  const n = s.n;
  const code = s.code[i]!;
  const cls = code & 7;
  let k = 0;
  const add = (t: number): void => {
    if (t >= 0 && t < n) out[k++] = t;
  };
  if (code === LDDW) add(i + 2);
  else if (cls === op.BPF_JMP || cls === op.BPF_JMP32) {
    const o = code & 0xf0;
    if (o === op.BPF_CALL) add(i + 1);
    else if (o !== op.BPF_EXIT) {
      add(jmpTarget(s, i));
      if (o !== op.BPF_JA) add(i + 1);
    }
  } else add(i + 1);
  return k;
}

/**
 * check_subprogs + check_cfg. `anyBackEdge` (Linux 6.8): a privileged program may close a loop
 * with any edge — a fall-through or a call too (recursion is then refused by the call depth
 * limits); before, only a jump's edges could (loop_ok).
 */
export function buildCfg(s: Slots, opts: {
  allowLoops: boolean; bpfCapable: boolean; anyBackEdge?: boolean; kfuncWording?: boolean; ldimm64Middle?: boolean;
  /** bpf_check runs resolve_pseudo_ldimm64 (opcode table, ld_imm64) after check_subprogs and before check_cfg */
  afterSubprogs?: () => void;
  /**
   * BTF func_info: does subprogram start `insn` return an int (undefined: the program has no
   * func_info). With func_info, LD_ABS may be used in subprograms that return int
   * (check_btf_func_early); without, in none (check_abnormal_return)
   */
  returnsScalar?: (insn: number) => boolean;
  /** add_subprog_and_kfunc: the exception callback starts a subprogram though no call names it */
  extraSubprogs?: readonly number[];
  /**
   * get_call_summary: the argument registers a helper or kfunc call at `insn` reads (r1..r{num_params}
   * of its prototype), undefined where there is no prototype (a bpf-to-bpf call: r1-r5)
   */
  callArgs?: (insn: number) => number | undefined;
}): Cfg {
  // add_subprog_and_kfunc (5.13) / check_subprogs (before) refuse calls for !bpf_capable, in their words
  const noCalls = opts.kfuncWording === false
    ? 'function calls to other bpf functions are allowed for CAP_BPF and CAP_SYS_ADMIN'
    : 'loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN';
  const n = s.n;
  const starts = new Set<number>([0]);
  let hasLdAbs = false;
  for (let i = 0; i < n; i++) {
    const code = s.code[i]!;
    if (code === LDDW) {
      if (s.src[i] === op.BPF_PSEUDO_FUNC) {
        const t = i + s.imm[i]! + 1;
        if (!opts.bpfCapable) throw new VerifierError('EPERM', noCalls, i);
        if (t < 0 || t >= n) throw new VerifierError('EINVAL', `function pointer out of range from insn ${i} to ${t}`, i);
        starts.add(t);
      }
      i++;
      continue;
    }
    if ((code & 7) === op.BPF_LD && ((code & 0xe0) === op.BPF_ABS || (code & 0xe0) === op.BPF_IND)) hasLdAbs = true;
    if (isPseudoCall(s, i)) {
      if (!opts.bpfCapable) throw new VerifierError('EPERM', noCalls, i);
      const t = i + s.imm[i]! + 1;
      if (t < 0 || t >= n) throw new VerifierError('EINVAL', 'call to invalid destination', i);
      starts.add(t);
    }
  }
  for (const t of opts.extraSubprogs ?? []) if (t > 0 && t < n) starts.add(t);
  const sorted = [...starts].sort((a, b) => a - b);
  const subprogs: Subprog[] = sorted.map((start, k) => ({ start, end: k + 1 < sorted.length ? sorted[k + 1]! : n, stackDepth: 0, hasTailCall: false, isCallback: false }));
  if (subprogs.length > 1 && hasLdAbs) {
    // LD_ABS ends the program with r0 = 0 when out of the packet: in a subprogram only with BTF
    // saying it returns int (its caller gets the 0)
    for (const sp of subprogs.slice(1)) {
      for (let i = sp.start; i < sp.end; i++) {
        const c = s.code[i]!;
        if (!((c & 7) === op.BPF_LD && ((c & 0xe0) === op.BPF_ABS || (c & 0xe0) === op.BPF_IND) && !(i > 0 && s.code[i - 1] === LDDW))) continue;
        if (!opts.returnsScalar) throw new VerifierError('EINVAL', 'LD_ABS is not allowed in subprogs without BTF', i);
        if (!opts.returnsScalar(sp.start)) throw new VerifierError('EINVAL', "LD_ABS is only allowed in functions that return 'int'.", i);
      }
    }
  }
  const subprogOf = new Int32Array(n);
  subprogs.forEach((sp, k) => subprogOf.fill(k, sp.start, sp.end));
  // check_subprogs: jumps stay inside their subprogram; the last insn exits or jumps
  for (const sp of subprogs) {
    for (let i = sp.start; i < sp.end; i++) {
      const code = s.code[i]!;
      const cls = code & 7;
      if (code === LDDW) { i++; continue; }
      if (cls !== op.BPF_JMP && cls !== op.BPF_JMP32) continue;
      const o = code & 0xf0;
      if (o === op.BPF_CALL || o === op.BPF_EXIT) continue;
      const t = jmpTarget(s, i);
      if (t < sp.start || t >= sp.end) throw new VerifierError('EINVAL', `jump out of range from insn ${i} to ${t}`, i);
    }
    const last = sp.end - 1;
    const lc = s.code[last]!;
    const lcls = lc & 7;
    // only the code of the last slot counts (an ldimm64's second slot with another code is
    // resolve_pseudo_ldimm64's "invalid bpf_ld_imm64 insn", which runs next)
    if (lc !== EXIT && !((lcls === op.BPF_JMP || lcls === op.BPF_JMP32) && (lc & 0xf0) === op.BPF_JA)) {
      throw new VerifierError('EINVAL', 'last insn is not an exit or jmp', last);
    }
  }
  opts.afterSubprogs?.();
  const prunePoint = new Uint8Array(n);
  const jmpPoint = new Uint8Array(n);
  // check_cfg: iterative DFS, 1 = discovered (on stack), 2 = explored
  const state = new Uint8Array(n);
  const stack: number[] = [];
  const edgeIdx = new Uint8Array(n);
  const succ = (i: number, out: number[]): void => {
    out.length = 0;
    const code = s.code[i]!;
    const cls = code & 7;
    if (code === LDDW) { out.push(i + 2); return; }
    if (cls === op.BPF_JMP || cls === op.BPF_JMP32) {
      const o = code & 0xf0;
      if (o === op.BPF_EXIT) return;
      if (o === op.BPF_CALL) {
        out.push(i + 1);
        if (isPseudoCall(s, i)) out.push(i + s.imm[i]! + 1);
        return;
      }
      if (o === op.BPF_JA) { out.push(jmpTarget(s, i)); return; }
      out.push(i + 1, jmpTarget(s, i));
      return;
    }
    out.push(i + 1);
  };
  const out: number[] = [];
  const visitFrom = (root: number): void => {
    stack.push(root);
    state[root] = 1;
    while (stack.length) {
      const i = stack[stack.length - 1]!;
      succ(i, out);
      const k = edgeIdx[i]!;
      if (k < out.length) {
        edgeIdx[i] = k + 1;
        const t = out[k]!;
        if (t < 0 || t >= n) throw new VerifierError('EINVAL', `jump out of range from insn ${i} to ${t}`, i);
        const code = s.code[i]!;
        const isJmp = ((code & 7) === op.BPF_JMP || (code & 7) === op.BPF_JMP32) && code !== EXIT;
        if (isJmp) {
          // visit_insn / visit_func_call_insn / push_insn (6.x): a conditional jump (may_goto
          // too) is itself a prune point, and so is its branch target (not its fall-through);
          // an unconditional jump's target; the instruction after a call, and a bpf-to-bpf
          // call itself with its callee's first instruction
          const o = code & 0xf0;
          if (o === op.BPF_CALL) {
            prunePoint[i + 1 < n ? i + 1 : i] = 1;
            jmpPoint[i + 1 < n ? i + 1 : i] = 1;
            if (isPseudoCall(s, i)) { prunePoint[i] = prunePoint[t] = 1; jmpPoint[t] = 1; }
          } else {
            // push_insn marks the BRANCH edge's target only: a conditional jump's edges are
            // [fall-through, target], an unconditional one's [target]
            if (o === op.BPF_JA || k === 1) prunePoint[t] = jmpPoint[t] = 1;
            if (o !== op.BPF_JA) prunePoint[i] = 1;
          }
        }
        if (state[t] === 0) {
          state[t] = 1;
          stack.push(t);
        } else if (state[t] === 1) {
          // loop_ok only for the edges of jump instructions (not fall-through, not calls)
          const loopOk = opts.anyBackEdge || (isJmp && (code & 0xf0) !== op.BPF_CALL);
          if (!loopOk || !opts.allowLoops) throw new VerifierError('EINVAL', `back-edge from insn ${i} to ${t}`, i);
          prunePoint[t] = 1;
        }
      } else {
        state[i] = 2;
        stack.pop();
      }
    }
  };
  visitFrom(0);
  // callback subprograms (ld_imm64 of a function) are roots too
  for (const sp of subprogs) if (state[sp.start] === 0 && hasFuncRef(s, sp.start)) visitFrom(sp.start);
  // check_cfg walks the exception callback after the main program (ex_insn_beg)
  for (const t of opts.extraSubprogs ?? []) if (t > 0 && t < n && state[t] === 0) visitFrom(t);
  for (let i = 0; i < n; i++) {
    if (state[i] === 0) {
      if (i > 0 && s.code[i - 1] === LDDW && state[i - 1] !== 0) continue;
      throw new VerifierError('EINVAL', `unreachable insn ${i}`, i);
    }
    // check_cfg (6.x, "bpf: handle ldimm64 properly in check_cfg()"): a jump into an ldimm64's
    // second slot is refused here, reached or not; before, only when a path executed it
    if (opts.ldimm64Middle && s.code[i] === LDDW) {
      if (i + 1 < n && state[i + 1] !== 0) throw new VerifierError('EINVAL', `jump into the middle of ldimm64 insn ${i}`, i);
      i++;
    }
  }
  for (const sp of subprogs) prunePoint[sp.start] = 1;
  return { subprogs, subprogOf, prunePoint, jmpPoint, liveIn: liveness(s, n, opts.callArgs), hasLdAbs };
}

function hasFuncRef(s: Slots, target: number): boolean {
  for (let i = 0; i < s.n; i++) if (isPseudoFunc(s, i) && i + s.imm[i]! + 1 === target) return true;
  return false;
}

const ARGS = 0x3e; // r1..r5
const CALLER_SAVED = 0x3f; // r0..r5

/** backward dataflow: registers live on entry to each slot (static approximation of REG_LIVE_READ) */
function liveness(s: Slots, n: number, callArgs?: (insn: number) => number | undefined): Uint16Array {
  const use = new Uint16Array(n);
  const def = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const code = s.code[i]!;
    const cls = code & 7;
    const d = 1 << s.dst[i]!;
    const sr = 1 << (s.src[i]! & 15);
    const o = code & 0xf0;
    switch (cls) {
      case op.BPF_ALU:
      case op.BPF_ALU64:
        if (o === op.BPF_MOV) { use[i] = code & op.BPF_X ? sr : 0; def[i] = d; }
        else { use[i] = d | (code & op.BPF_X ? sr : 0); def[i] = d; }
        break;
      case op.BPF_LDX: use[i] = sr; def[i] = d; break;
      case op.BPF_ST: use[i] = d; break;
      case op.BPF_STX:
        use[i] = d | sr | ((code & 0xe0) === op.BPF_ATOMIC ? 1 : 0);
        if ((code & 0xe0) === op.BPF_ATOMIC && s.imm[i]! & op.BPF_FETCH) def[i] = s.imm[i] === op.BPF_CMPXCHG ? 1 : sr;
        break;
      case op.BPF_LD:
        if (code === LDDW) { def[i] = d; break; }
        use[i] = (1 << 6) | ((code & 0xe0) === op.BPF_IND ? sr : 0);
        def[i] = CALLER_SAVED;
        break;
      case op.BPF_JMP:
      case op.BPF_JMP32:
        if (o === op.BPF_EXIT) { use[i] = 1; break; }
        // compute_insn_live_regs: a call reads the arguments its prototype has (get_call_summary),
        // r1-r5 when there is none
        if (o === op.BPF_CALL) { use[i] = callArgs?.(i) ?? ARGS; def[i] = CALLER_SAVED; break; }
        if (o === op.BPF_JA || code === MAY_GOTO) break;
        use[i] = d | (code & op.BPF_X ? sr : 0);
        break;
    }
  }
  const live = new Uint16Array(n);
  const succ = new Int32Array(2);
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = n - 1; i >= 0; i--) {
      let outSet = 0;
      for (let k = insnSuccessors(s, i, succ); k-- > 0;) outSet |= live[succ[k]!]!;
      const v = use[i]! | (outSet & ~def[i]!);
      if (v !== live[i]) { live[i] = v; changed = true; }
    }
  }
  return live;
}

/**
 * check_map_prog_compatibility (resolve_pseudo_ldimm64, for each map a program references): a map
 * whose value holds a bpf_spin_lock is refused to socket filters and to the tracing program types
 * (is_tracing_prog_type: a lock taken in a kprobe or tracepoint could deadlock the code it interrupts);
 * a bpf_timer or bpf_wq, to the tracing program types (their callbacks could run in the middle of
 * the code the program traces)
 */
export function checkMapProgCompatibility(map: { spinLockOff?: number; timerOff?: number; wqOff?: number }, progTypeId: number, insn: number): void {
  const tracing = progTypeId === pt.BPF_PROG_TYPE_KPROBE || progTypeId === pt.BPF_PROG_TYPE_TRACEPOINT || progTypeId === pt.BPF_PROG_TYPE_PERF_EVENT
    || progTypeId === pt.BPF_PROG_TYPE_RAW_TRACEPOINT || progTypeId === pt.BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE;
  if ((map.spinLockOff ?? -1) >= 0) {
    if (progTypeId === pt.BPF_PROG_TYPE_SOCKET_FILTER) throw new VerifierError('EINVAL', 'socket filter progs cannot use bpf_spin_lock yet', insn);
    if (tracing) throw new VerifierError('EINVAL', 'tracing progs cannot use bpf_spin_lock yet', insn);
  }
  if ((map.timerOff ?? -1) >= 0 && tracing) throw new VerifierError('EINVAL', 'tracing progs cannot use bpf_timer yet', insn);
  if ((map.wqOff ?? -1) >= 0 && tracing) throw new VerifierError('EINVAL', 'tracing progs cannot use bpf_wq yet', insn);
}

/**
 * Code generation for one probe at one concrete attach point (bpftrace src/ast/passes/codegen_llvm.cpp
 * is the model, emitting eBPF directly instead of LLVM IR). Registers: r6 holds the context for
 * the whole program; every expression leaves a scalar in r0 or its bytes in a stack area;
 * operands wait in stack slots across helper calls (which clobber r1-r5). Strings, tuples and
 * map keys are zeroed stack areas (hash keys compare every byte). The predicate jumps to the
 * exit; `exit()` returns at once.
 */
import * as B from '../../asm/builder.js';
import { R0, R1, R2, R3, R4, R6, FP } from '../../asm/builder.js';
import type { Expr, Stmt } from './ast.js';
import { ScriptError } from './errors.js';
import { Emitter } from './emit.js';
import type { Layout } from './layout.js';
import type { Target } from './probes.js';
import { type Typer, isIntLike, signedOf, constValue, KNOWN_CONSTANTS } from './typer.js';
import { type Ty, type CType, sizeOf, slotSize, findMember, tyOfC, INT64 } from './types.js';
import { genCall, genAggregate } from './calls.js';
import { genUsdtArg } from './usdt.js';
import { kfuncOf } from './kfunc.js';
import { helperCheck } from './helper_check.js';

/** where an expression's value is: a scalar in r0, or `size` bytes at fp+off */
export type Val = { k: 'r' } | { k: 'm'; off: number };
export const R: Val = { k: 'r' };

/** pt_regs offsets of the argument and return registers (arch/x86/include/asm/ptrace.h; arm64 user_pt_regs) */
const PT_REGS: Record<string, { args: number[]; ret: number; ip: number; sp: number; names: Record<string, number> }> = {
  x64: {
    args: [112, 104, 96, 88, 72, 64], ret: 80, ip: 128, sp: 152,
    names: { r15: 0, r14: 8, r13: 16, r12: 24, bp: 32, bx: 40, r11: 48, r10: 56, r9: 64, r8: 72, ax: 80, cx: 88, dx: 96, si: 104, di: 112, orig_ax: 120, ip: 128, cs: 136, flags: 144, sp: 152, ss: 160 },
  },
  arm64: {
    args: [0, 8, 16, 24, 32, 40, 48, 56], ret: 0, ip: 256, sp: 248,
    names: Object.fromEntries([...Array.from({ length: 31 }, (_, i) => [`x${i}`, i * 8]), ['sp', 248], ['pc', 256], ['pstate', 264]]),
  },
};
export function ptRegs(): (typeof PT_REGS)['x64'] {
  return PT_REGS[process.arch] ?? PT_REGS.x64!;
}

export interface GenEnv {
  layout: Layout;
  target: Target;
  probeIndex: number;
  typer: Typer;
  /** CLOCK_MONOTONIC ns when tracing started (elapsed) */
  startNs: bigint;
  cpid: number;
  kallsyms: () => Map<string, bigint>;
  /** cgroupid(): the host's cgroup ids (CompileOptions.cgroupId) */
  cgroupId?: (path: string) => bigint;
  /** -p PID: probes other than BEGIN/END/interval act only in this process (uprobes attach to it) */
  filterPid?: number;
  /** -k (1) / -kk (2): report helper failures (helper_check.ts) */
  helperCheck?: number;
}

export class ProbeGen {
  readonly e = new Emitter();
  /** stack slots of $variables */
  private vars = new Map<string, number>();
  private loops: Array<{ brk: string; cont: string }> = [];
  readonly exitLabel: string;
  /** the register holding the context for the whole program */
  readonly ctxReg = R6;

  constructor(readonly env: GenEnv) {
    this.exitLabel = this.e.label('exit');
    if (env.helperCheck) this.e.afterCall = helperCheck(this.e, env.layout, env.helperCheck);
  }

  get t(): Typer {
    return this.env.typer;
  }
  ty(x: Expr): Ty {
    if (x.kind === 'var') return this.t.vars.get(x.name) ?? this.t.ty(x);
    return this.t.ty(x);
  }

  /** the address space a pointer of this type (or a plain integer) points into */
  isUser(ty: Ty): boolean {
    if ((ty.t === 'ptr' || ty.t === 'record') && ty.user !== undefined) return ty.user;
    const k = this.env.target.kind;
    return k === 'uprobe' || k === 'uretprobe' || k === 'usdt' || (k === 'tracepoint' && this.env.target.category === 'syscalls');
  }

  /** the whole program: prologue, predicate, body, `return 0` */
  program(pred: Expr | undefined, body: Stmt[]): void {
    const e = this.e;
    e.emit(B.mov64(R6, R1));
    for (const [name, ty] of this.t.vars) {
      const off = e.alloc(slotSize(ty));
      this.vars.set(name, off);
      e.zero(off, slotSize(ty));
    }
    const k = this.env.target.kind;
    if (this.env.filterPid !== undefined && k !== 'BEGIN' && k !== 'END' && k !== 'interval') {
      // -p PID: the process is the tgid, the upper half of bpf_get_current_pid_tgid()
      // (kernel/bpf/helpers.c), as the `pid` builtin reads it
      e.call('get_current_pid_tgid');
      e.emit(B.rsh64(R0, 32), B.jne(R0, this.env.filterPid, this.exitLabel));
    }
    if (pred) {
      e.curLoc = pred.loc;
      const m = e.mark();
      this.cond(pred, this.exitLabel);
      e.release(m);
    }
    this.stmts(body);
    e.place(this.exitLabel);
    e.curLoc = undefined;
    e.emit(B.mov64(R0, 0), B.exit());
  }

  stmts(list: Stmt[]): void {
    for (const s of list) this.stmt(s);
  }

  private stmt(s: Stmt): void {
    const e = this.e;
    e.curLoc = s.loc;
    const m = e.mark();
    switch (s.kind) {
      case 'expr': {
        if (s.expr.kind === 'call' && s.expr.name === 'exit') {
          genCall(this, s.expr);
          e.emit(B.ja(this.exitLabel));
        } else this.expr(s.expr);
        break;
      }
      case 'assign': this.assign(s); break;
      case 'if': {
        const els = e.label('else');
        const end = e.label('endif');
        this.cond(s.cond, els);
        e.release(m);
        this.stmts(s.then);
        if (s.else) e.emit(B.ja(end));
        e.place(els);
        if (s.else) this.stmts(s.else);
        e.place(end);
        break;
      }
      case 'unroll':
        for (let i = 0; i < s.count; i++) this.stmts(s.body);
        break;
      case 'while': {
        // a bounded loop: the kernel's verifier (>= 5.3) walks it; the condition must make it end
        const top = e.label('while');
        const end = e.label('wend');
        e.place(top);
        this.cond(s.cond, end);
        e.release(m);
        this.loops.push({ brk: end, cont: top });
        this.stmts(s.body);
        this.loops.pop();
        e.emit(B.ja(top));
        e.place(end);
        break;
      }
      case 'jump': {
        if (s.what === 'return') {
          e.emit(B.ja(this.exitLabel));
          break;
        }
        const l = this.loops[this.loops.length - 1];
        if (!l) throw new ScriptError(`${s.what} used outside of a while loop`, s.loc);
        e.emit(B.ja(s.what === 'break' ? l.brk : l.cont));
        break;
      }
    }
    e.release(m);
  }

  private assign(s: Extract<Stmt, { kind: 'assign' }>): void {
    const e = this.e;
    const target = s.target;
    let value = s.value;
    if (s.op) value = { kind: 'binop', op: s.op, left: target, right: s.value, loc: s.loc };
    if (target.kind === 'var') {
      const off = this.vars.get(target.name)!;
      const vty = this.ty(value);
      const slotTy = this.t.vars.get(target.name)!;
      const v = this.expr(value);
      if (v.k === 'r') e.emit(B.stxdw(FP, off, R0));
      else {
        e.zero(off, slotSize(slotTy));
        e.copyStack(off, v.off, Math.min(sizeOf(vty), slotSize(slotTy)));
      }
      return;
    }
    if (target.kind !== 'map') throw new ScriptError('can only assign to variables and maps', target.loc);
    const vty = this.ty(value);
    if (vty.t === 'agg' && value.kind === 'call') {
      genAggregate(this, target, value);
      return;
    }
    const mi = this.env.layout.userMap(target.name);
    const def = this.env.layout.mapDef(mi);
    const valOff = e.alloc(def.valueSize);
    const v = this.expr(value);
    if (v.k === 'r') e.emit(B.stxdw(FP, valOff, R0));
    else {
      e.zero(valOff, def.valueSize);
      e.copyStack(valOff, v.off, Math.min(sizeOf(vty), def.valueSize));
    }
    const keyOff = this.mapKey(target);
    e.mapRef(R1, mi);
    e.fpAddr(R2, keyOff);
    e.fpAddr(R3, valOff);
    e.emit(B.mov64(R4, 0));
    e.call('map_update_elem');
  }

  /** build a map's key on the stack; returns its offset */
  mapKey(m: Extract<Expr, { kind: 'map' }>, extra = 0): number {
    const e = this.e;
    const mi = this.env.layout.userMap(m.name);
    const def = this.env.layout.mapDef(mi);
    const keyOff = e.alloc(def.keySize);
    e.zero(keyOff, def.keySize);
    m.keys.forEach((k, i) => {
      const kt = def.info!.keys![i]!;
      const v = this.expr(k);
      const at = keyOff + def.keyOffsets![i]!;
      if (v.k === 'r') e.emit(B.stxdw(FP, at, R0));
      else e.copyStack(at, v.off, Math.min(sizeOf(this.ty(k)), slotSize(kt)));
    });
    void extra;
    return keyOff;
  }

  /** evaluate a condition; jump to `falseLabel` when it is zero */
  cond(x: Expr, falseLabel: string): void {
    const v = this.expr(x);
    if (v.k !== 'r') throw new ScriptError(`Invalid condition: ${this.ty(x).t}`, x.loc);
    this.e.emit(B.jeq(R0, 0, falseLabel));
  }

  /** put a value in a fresh stack area of `size` bytes (scalars as 8 bytes) */
  spill(v: Val, ty: Ty): number {
    if (v.k === 'm') return v.off;
    const off = this.e.alloc(8);
    this.e.emit(B.stxdw(FP, off, R0));
    void ty;
    return off;
  }

  expr(x: Expr): Val {
    // the innermost expression's span, for -k's helper-error records (the statement's span stays
    // the span of the instructions, for verifier refusals)
    const outer = this.e.exprLoc;
    this.e.exprLoc = x.loc;
    try {
      return this.exprAt(x);
    } finally {
      this.e.exprLoc = outer;
    }
  }

  private exprAt(x: Expr): Val {
    const e = this.e;
    const ty = this.ty(x);
    switch (x.kind) {
      case 'int': e.imm(R0, x.value); return R;
      case 'str': {
        const bytes = Uint8Array.from(Buffer.from(x.value, 'latin1'));
        const off = e.alloc(sizeOf(ty));
        e.storeBytes(off, bytes, sizeOf(ty));
        return { k: 'm', off };
      }
      case 'positional': {
        const p = this.env.typer.env.positional;
        if (ty.t === 'str') return this.expr({ kind: 'str', value: p[x.n - 1] ?? '', loc: x.loc });
        e.imm(R0, x.count ? BigInt(p.length) : BigInt(p[x.n - 1] ?? 0));
        return R;
      }
      case 'ident': {
        const v = constValue(x, this.env.typer.env) ?? KNOWN_CONSTANTS[x.name];
        e.imm(R0, v ?? 0n);
        return R;
      }
      case 'builtin': return this.builtin(x.name, ty);
      case 'var': {
        const off = this.vars.get(x.name)!;
        if (slotTyIsMem(this.t.vars.get(x.name)!)) return { k: 'm', off };
        e.emit(B.ldxdw(R0, FP, off));
        return R;
      }
      case 'map': return this.mapRead(x, ty);
      case 'binop': return this.binop(x, ty);
      case 'unop': return this.unop(x, ty);
      case 'incdec': return this.incdec(x);
      case 'ternary': {
        const els = e.label('telse');
        const end = e.label('tend');
        const res = ty.t === 'str' || ty.t === 'tuple' ? e.alloc(sizeOf(ty)) : 0;
        if (res) e.zero(res, sizeOf(ty));
        this.cond(x.cond, els);
        for (const [branch, last] of [[x.then, false], [x.else, true]] as const) {
          const v = this.expr(branch);
          if (res && v.k === 'm') e.copyStack(res, v.off, Math.min(sizeOf(this.ty(branch)), sizeOf(ty)));
          if (!last) {
            e.emit(B.ja(end));
            e.place(els);
          }
        }
        e.place(end);
        return res ? { k: 'm', off: res } : R;
      }
      case 'field': return this.field(x, ty);
      case 'index': return this.index(x, ty);
      case 'cast': {
        const from = this.ty(x.expr);
        const v = this.expr(x.expr);
        if (ty.t === 'int' && v.k === 'r') {
          // a widening cast extends by the *target's* signedness, as bpftrace 0.17's
          // CreateIntCast(value, type, cast.type.IsSigned()): (uint64)(int32)-13 is 4294967283,
          // (int64)(uint8)200 is -56
          if (from.t === 'int' && from.size < ty.size) e.extend(R0, from.size, ty.signed);
          e.extend(R0, ty.size, ty.signed);
        }
        return v;
      }
      case 'tuple': {
        if (ty.t !== 'tuple') throw new ScriptError('tuple', x.loc);
        const off = e.alloc(ty.size);
        e.zero(off, ty.size);
        x.elems.forEach((el, i) => {
          const v = this.expr(el);
          const at = off + ty.offsets[i]!;
          if (v.k === 'r') e.emit(B.stxdw(FP, at, R0));
          else e.copyStack(at, v.off, sizeOf(ty.elems[i]!));
        });
        return { k: 'm', off };
      }
      case 'sizeof': {
        const n = x.type ? this.t.cType(x.type).size : sizeOf(this.ty(x.expr!));
        e.imm(R0, n);
        return R;
      }
      case 'offsetof': {
        const ct = this.t.cType(x.type);
        const m = findMember(ct, x.field);
        if (!m) throw new ScriptError(`Struct/union of type '${ct.name}' does not contain a field named '${x.field}'`, x.loc);
        e.imm(R0, m.offset);
        return R;
      }
      case 'call': return genCall(this, x);
    }
  }

  private builtin(name: string, ty: Ty): Val {
    const e = this.e;
    const t = this.env.target;
    switch (name) {
      case 'pid': e.call('get_current_pid_tgid'); e.emit(B.rsh64(R0, 32)); return R;
      case 'tid': e.call('get_current_pid_tgid'); e.emit(B.mov32(R0, R0)); return R;
      case 'uid': e.call('get_current_uid_gid'); e.emit(B.mov32(R0, R0)); return R;
      case 'gid': e.call('get_current_uid_gid'); e.emit(B.rsh64(R0, 32)); return R;
      case 'nsecs': e.call('ktime_get_ns'); return R;
      case 'elapsed': e.call('ktime_get_ns'); e.imm(R1, this.env.startNs); e.emit(B.sub64(R0, R1)); return R;
      case 'cpu': e.call('get_smp_processor_id'); return R;
      case 'numaid': e.call('get_numa_node_id'); return R;
      case 'rand': e.call('get_prandom_u32'); return R;
      case 'cgroup': e.call('get_current_cgroup_id'); return R;
      case 'jiffies': e.call('jiffies64'); return R;
      case 'curtask': e.call('get_current_task'); return R;
      case 'cpid': e.imm(R0, this.env.cpid); return R;
      case 'ctx': e.emit(B.mov64(R0, R6)); return R;
      case 'probe': e.imm(R0, this.env.probeIndex); return R;
      case 'username': e.call('get_current_uid_gid'); e.emit(B.mov32(R0, R0)); return R;
      case 'comm': {
        const off = e.alloc(16);
        e.zero(off, 16);
        e.fpAddr(R1, off);
        e.emit(B.mov64(R2, 16));
        e.call('get_current_comm');
        return { k: 'm', off };
      }
      case 'func': return this.expr({ kind: 'str', value: t.symbol ?? t.func ?? '', loc: this.e.curLoc! });
      case 'args': e.emit(B.mov64(R0, R6)); return R;
      case 'retval': {
        if (t.kind === 'kretfunc') {
          // fexit: the return value follows the arguments in the context (btf_ctx_access)
          e.emit(B.ldxdw(R0, R6, 8 * kfuncOf(this.t.env, t, this.e.curLoc!).params.length));
          if (ty.t === 'int') e.extend(R0, ty.size, ty.signed);
          return R;
        }
        e.emit(B.ldxdw(R0, R6, ptRegs().ret));
        return R;
      }
      case 'kstack': case 'stack': case 'ustack': return this.stack(name === 'ustack', STACK_FLAGS_NONE);
    }
    const m = name.match(/^(s?)arg(\d+)$/);
    if (m) {
      const n = Number(m[2]);
      if (t.kind === 'rawtracepoint') {
        e.emit(B.ldxdw(R0, R6, 8 * n));
        return R;
      }
      if (t.usdt) {
        genUsdtArg(e, t.usdt, n, this.e.curLoc, (size, signed) => void this.readInto(R3, size, true, signed));
        return R;
      }
      const regs = ptRegs();
      if (m[1] === 's' || n >= regs.args.length) {
        // stack arguments: *(sp + 8 * (n - nregs + 1)) on x86-64 (the return address is at sp)
        e.emit(B.ldxdw(R3, R6, regs.sp));
        e.emit(B.add64(R3, 8 * (m[1] === 's' ? n + 1 : n - regs.args.length + 1)));
        return this.readInto(R3, 8, this.isUser(INT64), false);
      }
      e.emit(B.ldxdw(R0, R6, regs.args[n]!));
      return R;
    }
    void ty;
    throw new ScriptError(`Unknown builtin: ${name}`, this.e.curLoc);
  }

  /** bpf_get_stackid on the stack-trace map; ustack also records the pid (for symbolising) */
  stack(user: boolean, _flags: number, limit?: number): Val {
    const e = this.e;
    // a limit has a stack map of its own, of that depth: bpf_get_stackid hashes at most the map's
    // value size of frames, so stacks equal in their first `limit` frames share an id (as
    // bpftrace 0.17's stack map per StackType)
    const sm = this.env.layout.stackMapFor(limit);
    e.emit(B.mov64(R1, R6));
    e.mapRef(R2, sm);
    // BPF_F_USER_STACK (1 << 8): include/uapi/linux/bpf.h
    e.emit(B.mov64(R3, user ? 256 : 0));
    e.call('get_stackid');
    if (!user) return R;
    const off = e.alloc(16);
    e.emit(B.stxdw(FP, off, R0));
    e.call('get_current_pid_tgid');
    e.emit(B.rsh64(R0, 32), B.stxdw(FP, off + 8, R0));
    return { k: 'm', off };
  }

  /** read `size` bytes at the address in `addr` with probe_read_{user,kernel}: the value in r0 (size <= 8) */
  readInto(addr: typeof R3, size: number, user: boolean, signed: boolean): Val {
    const e = this.e;
    const off = e.alloc(8);
    e.emit(B.stdw(FP, off, 0));
    e.emit(B.mov64(R1, FP), B.add64(R1, off), B.mov64(R2, size));
    if (addr !== R3) e.emit(B.mov64(R3, addr));
    e.call(user ? 'probe_read_user' : 'probe_read_kernel');
    e.emit(B.ldxdw(R0, FP, off));
    e.extend(R0, size, signed);
    return R;
  }

  /** read `size` bytes at r3 into a fresh stack area */
  readMem(size: number, user: boolean, str: boolean): Val {
    const e = this.e;
    const off = e.alloc(size);
    e.zero(off, size);
    e.emit(B.mov64(R1, FP), B.add64(R1, off), B.mov64(R2, size));
    e.call(str ? (user ? 'probe_read_user_str' : 'probe_read_kernel_str') : user ? 'probe_read_user' : 'probe_read_kernel');
    return { k: 'm', off };
  }

  private mapRead(x: Extract<Expr, { kind: 'map' }>, ty: Ty): Val {
    const e = this.e;
    const mi = this.env.layout.userMap(x.name);
    const def = this.env.layout.mapDef(mi);
    const keyOff = this.mapKey(x);
    const res = slotTyIsMem(ty) ? e.alloc(sizeOf(ty)) : 0;
    if (res) e.zero(res, sizeOf(ty));
    e.mapRef(R1, mi);
    e.fpAddr(R2, keyOff);
    e.call('map_lookup_elem');
    const miss = e.label('miss');
    const done = e.label('mdone');
    e.emit(B.jeq(R0, 0, miss));
    if (res) {
      e.copyFromPtr(res, R0, Math.min(sizeOf(ty), def.valueSize));
      e.emit(B.ja(done));
      e.place(miss);
      e.place(done);
      return { k: 'm', off: res };
    }
    // min/max/avg keep {value, count-or-set}: reading the map gives the first word
    e.emit(B.ldxdw(R0, R0, 0), B.ja(done));
    e.place(miss);
    e.emit(B.mov64(R0, 0));
    e.place(done);
    return R;
  }

  private binop(x: Extract<Expr, { kind: 'binop' }>, ty: Ty): Val {
    const e = this.e;
    const lt = this.ty(x.left);
    const rt = this.ty(x.right);
    if (x.op === '&&' || x.op === '||') {
      const short = e.label('sc');
      const end = e.label('scend');
      this.expr(x.left);
      e.emit(x.op === '&&' ? B.jeq(R0, 0, short) : B.jne(R0, 0, short));
      this.expr(x.right);
      e.emit(B.jeq(R0, 0, x.op === '&&' ? short : short + 'f'));
      e.emit(B.mov64(R0, 1), B.ja(end));
      if (x.op === '||') {
        e.place(short + 'f');
        e.emit(B.mov64(R0, 0), B.ja(end));
        e.place(short);
        e.emit(B.mov64(R0, 1));
      } else {
        e.place(short);
        e.emit(B.mov64(R0, 0));
      }
      e.place(end);
      return R;
    }
    if (lt.t === 'str' && rt.t === 'str') return this.strCompare(x, lt, rt);
    const lv = this.expr(x.left);
    const loff = this.spill(lv, lt);
    this.expr(x.right);
    e.emit(B.mov64(R1, R0), B.ldxdw(R0, FP, loff));
    const signed = signedOf(lt) && signedOf(rt);
    // pointer arithmetic scales by the pointee size as in C (struct x *p; p + 1)
    if ((x.op === '+' || x.op === '-') && lt.t === 'ptr' && lt.to.size > 1 && rt.t === 'int') e.emit(B.mul64(R1, lt.to.size));
    switch (x.op) {
      case '+': e.emit(B.add64(R0, R1)); return R;
      case '-': e.emit(B.sub64(R0, R1)); return R;
      case '*': e.emit(B.mul64(R0, R1)); return R;
      // bpftrace 0.17 divides unsigned (CreateUDiv/CreateURem); BPF leaves x/0 = 0
      case '/': e.emit(B.div64(R0, R1)); return R;
      case '%': e.emit(B.mod64(R0, R1)); return R;
      case '&': e.emit(B.and64(R0, R1)); return R;
      case '|': e.emit(B.or64(R0, R1)); return R;
      case '^': e.emit(B.xor64(R0, R1)); return R;
      case '<<': e.emit(B.lsh64(R0, R1)); return R;
      case '>>': e.emit(B.rsh64(R0, R1)); return R;
    }
    const jmp = {
      '==': B.jeq, '!=': B.jne,
      '<': signed ? B.jslt : B.jlt, '<=': signed ? B.jsle : B.jle, '>': signed ? B.jsgt : B.jgt, '>=': signed ? B.jsge : B.jge,
    }[x.op];
    const t = e.label('cmp');
    e.emit(B.mov64(R2, 1), jmp(R0, R1, t), B.mov64(R2, 0));
    e.place(t);
    e.emit(B.mov64(R0, R2));
    void ty;
    return R;
  }

  /** string ==/!=: byte by byte up to the shorter size, stopping after a common NUL */
  private strCompare(x: Extract<Expr, { kind: 'binop' }>, lt: Ty, rt: Ty): Val {
    const e = this.e;
    const a = this.expr(x.left) as { k: 'm'; off: number };
    const b = this.expr(x.right) as { k: 'm'; off: number };
    const n = Math.min(sizeOf(lt), sizeOf(rt));
    const ne = e.label('sne');
    const eq = e.label('seq');
    const end = e.label('send');
    for (let i = 0; i < n; i++) {
      e.emit(B.ldxb(R1, FP, a.off + i), B.ldxb(R2, FP, b.off + i), B.jne(R1, R2, ne), B.jeq(R1, 0, eq));
    }
    // all n bytes equal without a NUL: equal if both end here
    const longer = sizeOf(lt) > n ? a.off : sizeOf(rt) > n ? b.off : undefined;
    if (longer !== undefined) e.emit(B.ldxb(R1, FP, longer + n), B.jne(R1, 0, ne));
    e.place(eq);
    e.emit(B.mov64(R0, x.op === '==' ? 1 : 0), B.ja(end));
    e.place(ne);
    e.emit(B.mov64(R0, x.op === '==' ? 0 : 1));
    e.place(end);
    return R;
  }

  private unop(x: Extract<Expr, { kind: 'unop' }>, ty: Ty): Val {
    const e = this.e;
    const inner = this.ty(x.expr);
    this.expr(x.expr);
    switch (x.op) {
      case '!': {
        const t = e.label('not');
        e.emit(B.mov64(R1, 1), B.jeq(R0, 0, t), B.mov64(R1, 0));
        e.place(t);
        e.emit(B.mov64(R0, R1));
        return R;
      }
      case '-': case '~':
        e.emit(x.op === '-' ? B.neg64(R0) : B.xor64(R0, -1));
        // the result has the operand's width (typer): a 32-bit operand's result is its low 32 bits, extended
        if (ty.t === 'int' && ty.size < 8) e.extend(R0, ty.size, ty.signed);
        return R;
      case '*': {
        e.emit(B.mov64(R3, R0));
        if (slotTyIsMem(ty)) return this.readMem(sizeOf(ty), this.isUser(inner), ty.t === 'str');
        if (ty.t === 'record') return R;
        return this.readInto(R3, ty.t === 'int' ? ty.size : 8, this.isUser(inner), signedOf(ty));
      }
    }
    throw new ScriptError(`unsupported operator ${x.op}`, x.loc);
  }

  private incdec(x: Extract<Expr, { kind: 'incdec' }>): Val {
    const e = this.e;
    const d = x.op === '++' ? 1 : -1;
    if (x.target.kind === 'var') {
      const off = this.vars.get(x.target.name)!;
      e.emit(B.ldxdw(R0, FP, off), B.mov64(R1, R0), B.add64(R1, d), B.stxdw(FP, off, R1));
      if (x.prefix) e.emit(B.mov64(R0, R1));
      return R;
    }
    const m = x.target as Extract<Expr, { kind: 'map' }>;
    this.mapRead(m, INT64);
    const old = e.alloc(8);
    e.emit(B.stxdw(FP, old, R0), B.add64(R0, d));
    const val = e.alloc(8);
    e.emit(B.stxdw(FP, val, R0));
    const keyOff = this.mapKey(m);
    e.mapRef(R1, this.env.layout.userMap(m.name));
    e.fpAddr(R2, keyOff);
    e.fpAddr(R3, val);
    e.emit(B.mov64(R4, 0));
    e.call('map_update_elem');
    e.emit(B.ldxdw(R0, FP, x.prefix ? val : old));
    return R;
  }

  /** `p->f` and `r.f`: the member's address, then its value read (ctx fields directly) */
  private field(x: Extract<Expr, { kind: 'field' }>, ty: Ty): Val {
    const e = this.e;
    const base = this.ty(x.expr);
    if (base.t === 'tuple') {
      const v = this.expr(x.expr) as { k: 'm'; off: number };
      const i = Number(x.field);
      const at = v.off + base.offsets[i]!;
      if (slotTyIsMem(ty)) return { k: 'm', off: at };
      e.emit(B.ldxdw(R0, FP, at));
      return R;
    }
    const ct = (base.t === 'ptr' ? base.to : (base as { ct: CType }).ct);
    const m = findMember(ct, x.field)!;
    const ctx = (base.t === 'ptr' || base.t === 'record') && !!base.ctx;
    const user = this.isUser(base);
    this.expr(x.expr);
    // r0 = address of the containing struct
    if (ctx) {
      if (m.type.kind === 'array' && m.type.len === -1) {
        // __data_loc: a u32 (len << 16 | offset) locating a string inside the record
        e.emit(B.ldxw(R3, R6, m.offset), B.and64(R3, 0xffff), B.add64(R3, R6));
        return this.readMem(sizeOf(ty), false, true);
      }
      if (ty.t === 'int' || ty.t === 'ptr') {
        const size = ty.t === 'int' ? ty.size : 8;
        const ld = size === 1 ? B.ldxb : size === 2 ? B.ldxh : size === 4 ? B.ldxw : B.ldxdw;
        e.emit(ld(R0, R6, m.offset));
        if (ty.t === 'int') e.extend(R0, size, ty.signed);
        return R;
      }
      e.emit(B.mov64(R3, R6), B.add64(R3, m.offset));
      if (ty.t === 'str') return this.readMem(sizeOf(ty), false, false);
      e.emit(B.mov64(R0, R3));
      return R;
    }
    if (ty.t === 'record') {
      e.emit(B.add64(R0, m.offset));
      return R;
    }
    e.emit(B.mov64(R3, R0), B.add64(R3, m.offset));
    if (ty.t === 'str') return this.readMem(sizeOf(ty), user, false);
    const size = ty.t === 'int' ? ty.size : 8;
    const v = this.readInto(R3, size, user, signedOf(ty) && !m.bitSize);
    if (m.bitSize) {
      e.emit(B.rsh64(R0, m.bitShift ?? 0));
      if (m.bitSize < 32) e.emit(B.and64(R0, (1 << m.bitSize) - 1));
    }
    return v;
  }

  private index(x: Extract<Expr, { kind: 'index' }>, ty: Ty): Val {
    const e = this.e;
    const base = this.ty(x.expr);
    if (base.t === 'str' || base.t === 'bytes') {
      // a byte of a string (or pton's bytes) on the stack: the index is bounded so the verifier accepts the access
      const s = this.expr(x.expr) as { k: 'm'; off: number };
      this.expr(x.index);
      const out = e.label('oob');
      const done = e.label('idone');
      e.emit(B.jge(R0, base.size, out), B.mov64(R1, FP), B.add64(R1, s.off), B.add64(R1, R0), B.ldxb(R0, R1, 0), B.ja(done));
      e.place(out);
      e.emit(B.mov64(R0, 0));
      e.place(done);
      return R;
    }
    const elem = base.t === 'ptr' ? base.to : (base as { ct: CType }).ct.elem!;
    const bv = this.expr(x.expr);
    const boff = this.spill(bv, base);
    this.expr(x.index);
    e.emit(B.mul64(R0, elem.size || 1), B.ldxdw(R3, FP, boff), B.add64(R3, R0));
    const from = base as { user?: boolean };
    const t2 = tyOfC(elem, from);
    if (t2.t === 'record') {
      e.emit(B.mov64(R0, R3));
      return R;
    }
    if (t2.t === 'str') return this.readMem(sizeOf(t2), this.isUser(base), false);
    return this.readInto(R3, t2.t === 'int' ? t2.size : 8, this.isUser(base), signedOf(ty));
  }
}

const STACK_FLAGS_NONE = 0;

/** types whose values live in stack memory rather than a register */
export function slotTyIsMem(ty: Ty): boolean {
  return ty.t === 'str' || ty.t === 'buf' || ty.t === 'tuple' || ty.t === 'usym' || ty.t === 'ustack' || ty.t === 'inet' || ty.t === 'macaddr' || ty.t === 'bytes';
}

export { isIntLike };

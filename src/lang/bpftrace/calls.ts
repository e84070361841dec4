/**
 * Code for bpftrace's functions and map aggregations. Aggregations live in per-CPU hash maps
 * (as bpftrace's): count/sum/hist/lhist add into a u64 (hist/lhist with the bucket number after
 * the key, bucket numbering of bpftrace's hist: 0 negative, 1 zero, 2 + log2(v) otherwise),
 * avg/stats keep {count, total}, min/max keep {value, set}. Output functions (printf, time,
 * print, clear, zero, exit, join) write a record to the ring buffer, formatted in user space.
 */
import * as B from '../../asm/builder.js';
import { R0, R1, R2, R3, R4, FP } from '../../asm/builder.js';
import type { Expr } from './ast.js';
import { ScriptError } from './errors.js';
import { JOIN_ARGS } from './layout.js';
import { type ProbeGen, type Val, R, slotTyIsMem, ptRegs } from './codegen.js';
import { constValue, SIGNALS } from './typer.js';
import { type Ty, sizeOf, slotSize, tupleOf } from './types.js';
import { resolveBinary, findUserSymbol } from '../../kernel/elf_symbols.js';
import { genExtraCall } from './funcs.js';

type Call = Extract<Expr, { kind: 'call' }>;
type MapExpr = Extract<Expr, { kind: 'map' }>;

/** write the record at fp+off (size bytes) to the ring buffer */
function output(g: ProbeGen, off: number, size: number): void {
  const e = g.e;
  e.mapRef(R1, g.env.layout.ringbuf);
  e.fpAddr(R2, off);
  e.emit(B.mov64(R3, size), B.mov64(R4, 0));
  e.call('ringbuf_output');
}

/** a record with just an event id */
function simpleEvent(g: ProbeGen, id: number): void {
  const off = g.e.alloc(8);
  g.e.emit(B.stdw(FP, off, id));
  output(g, off, 8);
}

/** evaluate `args` into a record after the u64 id: printf arguments, print(value) */
function recordEvent(g: ProbeGen, id: number, args: Expr[], tys: Ty[], offsets: number[], size: number): void {
  if (size > STACK_RECORD_MAX) {
    recordInScratch(g, id, args, tys, offsets, size);
    return;
  }
  const e = g.e;
  const off = e.alloc(size);
  e.zero(off, size);
  e.emit(B.stdw(FP, off, id));
  args.forEach((a, i) => {
    const v = g.expr(a);
    const at = off + 8 + offsets[i]!;
    if (v.k === 'r') e.emit(B.stxdw(FP, at, R0));
    else e.copyStack(at, v.off, Math.min(sizeOf(g.ty(a)), slotSize(tys[i]!)));
  });
  output(g, off, size);
}

/** records up to this size are built on the stack; larger ones in the per-CPU scratch value */
const STACK_RECORD_MAX = 192;

/**
 * A record larger than the stack allows: built in a per-CPU array value (its address kept in a
 * stack slot across the arguments' helper calls), each argument evaluated and copied in with its
 * stack space released before the next, then handed to bpf_ringbuf_output from the map value.
 */
function recordInScratch(g: ProbeGen, id: number, args: Expr[], tys: Ty[], offsets: number[], size: number): void {
  const e = g.e;
  const mi = g.env.layout.recordScratch(size);
  const key = e.alloc(8);
  const ptr = e.alloc(8);
  e.emit(B.stdw(FP, key, 0));
  e.mapRef(R1, mi);
  e.fpAddr(R2, key);
  e.call('map_lookup_elem');
  const out = e.label('rsout');
  e.emit(B.jeq(R0, 0, out), B.stxdw(FP, ptr, R0), B.stdw(R0, 0, id));
  // the value keeps the previous record's bytes: a string shorter than its slot must end in zeros
  for (let i = 8; i < size; i += 8) e.emit(B.stdw(R0, i, 0));
  args.forEach((a, i) => {
    const m = e.mark();
    const v = g.expr(a);
    const at = 8 + offsets[i]!;
    e.emit(B.ldxdw(R2, FP, ptr));
    if (v.k === 'r') e.emit(B.stxdw(R2, at, R0));
    else {
      const n = (Math.min(sizeOf(g.ty(a)), slotSize(tys[i]!)) + 7) & ~7;
      for (let k = 0; k < n; k += 8) e.emit(B.ldxdw(R1, FP, v.off + k), B.stxdw(R2, at + k, R1));
    }
    e.release(m);
  });
  e.mapRef(R1, g.env.layout.ringbuf);
  e.emit(B.ldxdw(R2, FP, ptr), B.mov64(R3, size), B.mov64(R4, 0));
  e.call('ringbuf_output');
  e.place(out);
}

function normalise(t: Ty): Ty {
  return t.t === 'int' ? { t: 'int', size: 8, signed: t.signed } : t.t === 'agg' ? { t: 'int', size: 8, signed: true } : t;
}

/** R0 (a length computed at run time) clamped, unsigned, to max: the register the read's size is in */
function runtimeLength(g: ProbeGen, max: number): typeof R0 {
  const e = g.e;
  const ok = e.label('lenok');
  e.emit(B.jle(R0, max, ok), B.mov64(R0, max));
  e.place(ok);
  return R0;
}

export function genCall(g: ProbeGen, x: Call): Val {
  const e = g.e;
  const L = g.env.layout;
  const a = x.args;
  switch (x.name) {
    case 'printf': formatEvent(g, x, 'printf'); return R;
    case 'time': {
      simpleEvent(g, L.event({ kind: 'time', fmt: a[0] ? (a[0] as { value: string }).value : '%H:%M:%S\n' }));
      return R;
    }
    case 'exit': simpleEvent(g, L.event({ kind: 'exit' })); return R;
    case 'signal': {
      // bpf_send_signal(sig) (kernel/trace/bpf_trace.c): the current process, once the program returns
      const x = a[0]!;
      if (x.kind === 'str') e.imm(R0, SIGNALS[x.value.replace(/^SIG/, '')]!);
      else g.expr(x);
      e.emit(B.mov64(R1, R0));
      e.call('send_signal');
      return R;
    }
    case 'clear': case 'zero': {
      const m = a[0] as MapExpr;
      L.userMap(m.name);
      simpleEvent(g, L.event({ kind: x.name, map: m.name }));
      return R;
    }
    case 'print': {
      const first = a[0]!;
      if (first.kind === 'map' && first.keys.length === 0 && (a.length > 1 || isWholeMap(g, first))) {
        L.userMap(first.name);
        const top = a[1] ? Number(constValue(a[1], g.env.typer.env) ?? 0n) : 0;
        const div = a[2] ? Number(constValue(a[2], g.env.typer.env) ?? 1n) : 0;
        simpleEvent(g, L.event({ kind: 'print_map', map: first.name, top, div }));
        return R;
      }
      const ty = normalise(g.ty(first));
      const size = 8 + slotSize(ty);
      recordEvent(g, L.event({ kind: 'print_value', ty }), [first], [ty], [0], size);
      return R;
    }
    case 'delete': {
      const m = a[0] as MapExpr;
      const keyOff = g.mapKey(m);
      e.mapRef(R1, L.userMap(m.name));
      e.fpAddr(R2, keyOff);
      e.call('map_delete_elem');
      return R;
    }
    case 'str': {
      const ty = g.ty(x);
      const argTy = g.ty(a[0]!);
      if (argTy.t === 'str') return g.expr(a[0]!);
      const p0 = a[0]!;
      if (p0.kind === 'positional' && !p0.count) return g.expr({ kind: 'str', value: g.env.typer.env.positional[p0.n - 1] ?? '', loc: p0.loc });
      const size = sizeOf(ty);
      const v = g.expr(a[0]!);
      // a length known only at run time reads min(len + 1, size) bytes: bpftrace 0.17's
      // str.min.select (+1 for probe_read_str's NUL); a constant one is in the type's size
      if (a[1] && constValue(a[1], g.env.typer.env) === undefined) {
        const ptr = e.alloc(8);
        e.emit(B.stxdw(FP, ptr, R0));
        g.expr(a[1]);
        e.emit(B.add64(R0, 1));
        const len = runtimeLength(g, size);
        const off = e.alloc(size);
        e.zero(off, size);
        e.emit(B.mov64(R2, len), B.ldxdw(R3, FP, ptr), B.mov64(R1, FP), B.add64(R1, off));
        e.call(g.isUser(argTy) ? 'probe_read_user_str' : 'probe_read_kernel_str');
        return { k: 'm', off };
      }
      void v;
      e.emit(B.mov64(R3, R0));
      return g.readMem(size, g.isUser(argTy), true);
    }
    case 'buf': {
      const ty = g.ty(x) as { t: 'buf'; size: number };
      const argTy = g.ty(a[0]!);
      const off = e.alloc(ty.size + 1);
      e.zero(off, ty.size + 1);
      e.emit(B.stb(FP, off, ty.size));
      const v = g.expr(a[0]!);
      if (v.k === 'm') {
        // the length byte then the data: keep the layout {u8 len, data} by copying byte-wise
        for (let i = 0; i < ty.size; i++) e.emit(B.ldxb(R1, FP, v.off + i), B.stxb(FP, off + 1 + i, R1));
        return { k: 'm', off };
      }
      if (a[1] && constValue(a[1], g.env.typer.env) === undefined) {
        // a length known only at run time: min(len, size) bytes are read and are the buffer's
        // length (bpftrace 0.17 CodegenLLVM buf: the length's select against the fixed size)
        const ptr = e.alloc(8);
        e.emit(B.stxdw(FP, ptr, R0));
        g.expr(a[1]);
        const len = runtimeLength(g, ty.size);
        e.emit(B.stxb(FP, off, len), B.mov64(R2, len), B.ldxdw(R3, FP, ptr), B.mov64(R1, FP), B.add64(R1, off + 1));
        e.call(g.isUser(argTy) ? 'probe_read_user' : 'probe_read_kernel');
        return { k: 'm', off };
      }
      e.emit(B.mov64(R3, R0), B.mov64(R1, FP), B.add64(R1, off + 1), B.mov64(R2, ty.size));
      e.call(g.isUser(argTy) ? 'probe_read_user' : 'probe_read_kernel');
      return { k: 'm', off };
    }
    case 'ksym': g.expr(a[0]!); return R;
    case 'usym': {
      const off = e.alloc(16);
      g.expr(a[0]!);
      e.emit(B.stxdw(FP, off, R0));
      e.call('get_current_pid_tgid');
      e.emit(B.rsh64(R0, 32), B.stxdw(FP, off + 8, R0));
      return { k: 'm', off };
    }
    case 'kaddr': {
      const name = (a[0] as { value: string }).value;
      const addr = g.env.kallsyms().get(name);
      if (addr === undefined) throw new ScriptError(`Failed to resolve kernel symbol: ${name}`, a[0]!.loc, 'ENOENT');
      e.imm(R0, addr);
      return R;
    }
    case 'uaddr': {
      const t = g.env.target;
      if (t.kind !== 'uprobe' && t.kind !== 'uretprobe') throw new ScriptError('uaddr can only be used with uprobes', x.loc);
      const name = (a[0] as { value: string }).value;
      // a variable (STT_OBJECT, bash's ps1_prompt) as well as a function, as bcc's lookup finds it for bpftrace
      const sym = findUserSymbol(resolveBinary(t.path!), name, true);
      if (!sym) throw new ScriptError(`Could not resolve symbol: ${t.path}:${name}`, a[0]!.loc, 'ENOENT');
      e.imm(R0, sym.addr);
      return R;
    }
    case 'reg': {
      const name = (a[0] as { value: string }).value;
      const off = ptRegs().names[name];
      if (off === undefined) throw new ScriptError(`${name} is not a register on this architecture`, a[0]!.loc);
      e.emit(B.ldxdw(R0, g.ctxReg, off));
      return R;
    }
    case 'ntop': return ntop(g, x);
    case 'strncmp': {
      const n = Number(constValue(a[2]!, g.env.typer.env));
      const s1 = g.expr(a[0]!) as { k: 'm'; off: number };
      const s2 = g.expr(a[1]!) as { k: 'm'; off: number };
      const lim = Math.min(n, sizeOf(g.ty(a[0]!)), sizeOf(g.ty(a[1]!)));
      const ne = e.label('ncne');
      const eq = e.label('nceq');
      const end = e.label('ncend');
      for (let i = 0; i < lim; i++) e.emit(B.ldxb(R1, FP, s1.off + i), B.ldxb(R2, FP, s2.off + i), B.jne(R1, R2, ne), B.jeq(R1, 0, eq));
      e.place(eq);
      e.emit(B.mov64(R0, 0), B.ja(end));
      e.place(ne);
      e.emit(B.mov64(R0, 1));
      e.place(end);
      return R;
    }
    case 'bswap': {
      const t = g.ty(a[0]!);
      g.expr(a[0]!);
      const size = t.t === 'int' ? t.size : 8;
      if (size === 2) e.emit(B.be16(R0));
      else if (size === 4) e.emit(B.be32(R0));
      else if (size === 8) e.emit(B.be64(R0));
      return R;
    }
    case 'kstack': case 'ustack': return g.stack(x.name === 'ustack', 0, (g.ty(x) as { limit?: number }).limit);
    case 'join': return join(g, x);
    case 'count': case 'sum': case 'avg': case 'min': case 'max': case 'stats': case 'hist': case 'lhist':
      throw new ScriptError(`${x.name}() should be directly assigned to a map`, x.loc);
  }
  const more = genExtraCall(g, x, (kind) => formatEvent(g, x, kind));
  if (more) return more;
  throw new ScriptError(`Unknown function: ${x.name}`, x.loc);
}

/** printf, cat, system: a format and its arguments as one record, formatted in user space */
function formatEvent(g: ProbeGen, x: Call, kind: 'printf' | 'cat' | 'system'): void {
  const a = x.args;
  const tys = a.slice(1).map((q) => normalise(g.ty(q)));
  const tup = tupleOf(tys);
  const offsets = (tup as { offsets: number[] }).offsets;
  const size = 8 + sizeOf(tup);
  const id = g.env.layout.event({ kind, fmt: (a[0] as { value: string }).value, args: tys, offsets, size });
  recordEvent(g, id, a.slice(1), tys, offsets, size);
}

/** print(@m) of a whole map (not of a keyless map's value used as an expression) */
function isWholeMap(g: ProbeGen, m: MapExpr): boolean {
  void g;
  void m;
  return true;
}

/** ntop([af,] addr): {u64 af, u8 addr[16]}; a 4-byte integer or array is AF_INET, 16 bytes AF_INET6 */
function ntop(g: ProbeGen, x: Call): Val {
  const e = g.e;
  const a = x.args;
  const addrE = a[a.length - 1]!;
  const t = g.ty(addrE);
  const off = e.alloc(24);
  e.zero(off, 24);
  const len = t.t === 'record' ? t.ct.size : t.t === 'str' || t.t === 'bytes' ? t.size : 4;
  const af = len >= 16 ? 10 : 2;
  if (a.length === 2) {
    g.expr(a[0]!);
    e.emit(B.stxdw(FP, off, R0));
  } else e.emit(B.stdw(FP, off, af));
  const v = g.expr(addrE);
  if (v.k === 'm') e.copyStack(off + 8, v.off, Math.min(16, len));
  else if (t.t === 'record') {
    e.emit(B.mov64(R3, R0), B.mov64(R1, FP), B.add64(R1, off + 8), B.mov64(R2, Math.min(16, len)));
    e.call(g.isUser(t) ? 'probe_read_user' : 'probe_read_kernel');
  } else e.emit(B.stxw(FP, off + 8, R0));
  return { k: 'm', off };
}

/** join(argv [, sep]): up to 16 strings of an array of char pointers, in a per-CPU scratch value */
function join(g: ProbeGen, x: Call): Val {
  const e = g.e;
  const L = g.env.layout;
  const sep = x.args[1] ? (x.args[1] as { value: string }).value : ' ';
  const strlen = L.strlen;
  const id = L.event({ kind: 'join', sep, n: JOIN_ARGS, strlen });
  const size = 8 + JOIN_ARGS * strlen;
  const argv = g.expr(x.args[0]!);
  const user = g.isUser(g.ty(x.args[0]!));
  const base = g.spill(argv, g.ty(x.args[0]!));
  const key = e.alloc(8);
  const ptr = e.alloc(8);
  const tmp = e.alloc(8);
  e.emit(B.stdw(FP, key, 0));
  e.mapRef(R1, L.joinScratch);
  e.fpAddr(R2, key);
  e.call('map_lookup_elem');
  const end = e.label('jend');
  const out = e.label('jout');
  e.emit(B.jeq(R0, 0, out), B.stxdw(FP, ptr, R0), B.stdw(R0, 0, id));
  for (let i = 0; i < JOIN_ARGS; i++) e.emit(B.stb(R0, 8 + i * strlen, 0));
  for (let i = 0; i < JOIN_ARGS; i++) {
    e.emit(B.stdw(FP, tmp, 0), B.mov64(R1, FP), B.add64(R1, tmp), B.mov64(R2, 8), B.ldxdw(R3, FP, base), B.add64(R3, 8 * i));
    e.call(user ? 'probe_read_user' : 'probe_read_kernel');
    e.emit(B.ldxdw(R3, FP, tmp), B.jeq(R3, 0, end), B.ldxdw(R1, FP, ptr), B.add64(R1, 8 + i * strlen), B.mov64(R2, strlen));
    e.call(user ? 'probe_read_user_str' : 'probe_read_kernel_str');
  }
  e.place(end);
  e.mapRef(R1, L.ringbuf);
  e.emit(B.ldxdw(R2, FP, ptr), B.mov64(R3, size), B.mov64(R4, 0));
  e.call('ringbuf_output');
  e.place(out);
  return R;
}

/** `@m[k] = agg(x)` */
export function genAggregate(g: ProbeGen, target: MapExpr, call: Call): void {
  const e = g.e;
  const L = g.env.layout;
  const mi = L.userMap(target.name);
  const def = L.mapDef(mi);
  const fn = call.name;
  const xo = e.alloc(8);
  if (call.args.length && fn !== 'count') {
    const v = g.expr(call.args[0]!);
    if (v.k !== 'r') throw new ScriptError(`${fn}() expects an integer`, call.args[0]!.loc);
    e.emit(B.stxdw(FP, xo, R0));
  }
  const keyOff = g.mapKey(target);
  if (fn === 'hist' || fn === 'lhist') {
    e.emit(B.ldxdw(R1, FP, xo));
    if (fn === 'hist') log2Bucket(g);
    else {
      const [lo, hi, step] = (g.ty(call) as { lhist: [number, number, number] }).lhist;
      linearBucket(g, lo, hi, step);
    }
    e.emit(B.stxdw(FP, keyOff + def.keySize - 8, R0));
  }
  const valOff = e.alloc(16);
  e.mapRef(R1, mi);
  e.fpAddr(R2, keyOff);
  e.call('map_lookup_elem');
  const miss = e.label('amiss');
  const done = e.label('adone');
  e.emit(B.jeq(R0, 0, miss), B.ldxdw(R2, FP, xo));
  switch (fn) {
    case 'count': case 'hist': case 'lhist':
      e.emit(B.ldxdw(R1, R0, 0), B.add64(R1, 1), B.stxdw(R0, 0, R1), B.ja(done));
      e.place(miss);
      e.emit(B.stdw(FP, valOff, 1));
      break;
    case 'sum':
      e.emit(B.ldxdw(R1, R0, 0), B.add64(R1, R2), B.stxdw(R0, 0, R1), B.ja(done));
      e.place(miss);
      e.emit(B.ldxdw(R2, FP, xo), B.stxdw(FP, valOff, R2));
      break;
    case 'avg': case 'stats':
      e.emit(B.ldxdw(R1, R0, 0), B.add64(R1, 1), B.stxdw(R0, 0, R1), B.ldxdw(R1, R0, 8), B.add64(R1, R2), B.stxdw(R0, 8, R1), B.ja(done));
      e.place(miss);
      e.emit(B.stdw(FP, valOff, 1), B.ldxdw(R2, FP, xo), B.stxdw(FP, valOff + 8, R2));
      break;
    case 'min': case 'max': {
      // {value, set}: replace when unset or when x is smaller (min) / larger (max), signed
      const write = e.label('mwrite');
      e.emit(B.ldxdw(R1, R0, 8), B.jeq(R1, 0, write), B.ldxdw(R1, R0, 0));
      e.emit(fn === 'min' ? B.jsge(R2, R1, done) : B.jsle(R2, R1, done));
      e.place(write);
      e.emit(B.stxdw(R0, 0, R2), B.stdw(R0, 8, 1), B.ja(done));
      e.place(miss);
      e.emit(B.ldxdw(R2, FP, xo), B.stxdw(FP, valOff, R2), B.stdw(FP, valOff + 8, 1));
      break;
    }
  }
  e.mapRef(R1, mi);
  e.fpAddr(R2, keyOff);
  e.fpAddr(R3, valOff);
  e.emit(B.mov64(R4, 0));
  e.call('map_update_elem');
  e.place(done);
}

/** r0 = bpftrace's hist bucket of the signed value in r1 */
function log2Bucket(g: ProbeGen): void {
  const e = g.e;
  const neg = e.label('hneg');
  const zero = e.label('hzero');
  const end = e.label('hend');
  e.emit(B.jslt(R1, 0, neg), B.jeq(R1, 0, zero), B.mov64(R0, 2));
  for (const s of [32, 16, 8, 4, 2, 1]) {
    const skip = e.label('hs');
    e.emit(B.mov64(R2, R1), B.rsh64(R2, s), B.jeq(R2, 0, skip), B.add64(R0, s), B.mov64(R1, R2));
    e.place(skip);
  }
  e.emit(B.ja(end));
  e.place(neg);
  e.emit(B.mov64(R0, 0), B.ja(end));
  e.place(zero);
  e.emit(B.mov64(R0, 1));
  e.place(end);
}

/** r0 = lhist bucket of r1: 0 below min, buckets+1 at or above max, else (v - min) / step + 1 */
function linearBucket(g: ProbeGen, lo: number, hi: number, step: number): void {
  const e = g.e;
  const below = e.label('lb');
  const above = e.label('la');
  const end = e.label('le');
  const buckets = Math.floor((hi - lo) / step);
  e.emit(B.jslt(R1, lo, below), B.jsge(R1, hi, above), B.mov64(R0, R1), B.sub64(R0, lo), B.div64(R0, step), B.add64(R0, 1), B.ja(end));
  e.place(below);
  e.emit(B.mov64(R0, 0), B.ja(end));
  e.place(above);
  e.emit(B.mov64(R0, buckets + 1));
  e.place(end);
}

export { slotTyIsMem };

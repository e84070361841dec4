/**
 * Semantic analysis (bpftrace src/ast/passes/semantic_analyser.cpp): the type of every
 * expression in the context of one concrete probe, with bpftrace's error messages — undefined
 * variables, unknown functions and fields, type mismatches of variables and maps, printf
 * specifiers against their arguments, builtins a probe kind does not have. Map key and value
 * types are shared by all probes (the MapRegistry), so a map read in END sees the type its
 * assignments gave it.
 */
import type { Expr, Loc, TypeName } from './ast.js';
import { ScriptError } from './errors.js';
import type { Target } from './probes.js';
import {
  type Ty, type CType, type AggFn, type BtfTypes, INT64, UINT64, NONE, tyName, tupleOf, tyOfC, findMember, tpArgsType, cPtr, cInt, sizeOf,
} from './types.js';
import { parseFormat } from './printf.js';
import { typeExtraCall } from './funcs.js';
import { kfuncOf } from './kfunc.js';
import { uprobeArgs } from './uprobe_args.js';

export interface MapInfo {
  name: string;
  keys: Ty[] | undefined;
  value: Ty | undefined;
  /** first place that fixed the value type (for messages) */
  loc?: Loc;
}

/** every @map of the script with its key and value types */
export class MapRegistry {
  readonly maps = new Map<string, MapInfo>();
  get(name: string): MapInfo {
    let m = this.maps.get(name);
    if (!m) this.maps.set(name, (m = { name, keys: undefined, value: undefined }));
    return m;
  }
  /** fix or check the key types of a map (strings widen to the longest seen) */
  useKeys(name: string, keys: Ty[], loc: Loc): void {
    const m = this.get(name);
    if (!m.keys) {
      m.keys = keys.map(widenKey);
      return;
    }
    const mismatch = (): never => {
      throw new ScriptError(`Argument mismatch for ${name}: trying to access with arguments: [${keys.map(tyName).join(', ')}] when map expects arguments: [${m.keys!.map(tyName).join(', ')}]`, loc);
    };
    if (m.keys.length !== keys.length) mismatch();
    m.keys = m.keys.map((k, i) => {
      const n = widenKey(keys[i]!);
      if (k.t !== n.t) mismatch();
      if (k.t === 'str' && n.t === 'str') return { t: 'str', size: Math.max(k.size, n.size) };
      return k;
    });
  }
  /** fix or check the value type */
  useValue(name: string, v: Ty, loc: Loc): void {
    const m = this.get(name);
    if (!m.value) {
      m.value = v.t === 'int' ? { t: 'int', size: 8, signed: v.signed } : v;
      m.loc = loc;
      return;
    }
    const cur = m.value;
    const bad = (): never => {
      throw new ScriptError(`Type mismatch for ${name}: trying to assign value of type '${tyName(v)}' when map already contains a value of type '${tyName(cur)}`, loc);
    };
    if (cur.t !== v.t) {
      if (!((cur.t === 'int' && v.t === 'ptr') || (cur.t === 'ptr' && v.t === 'int'))) bad();
      return;
    }
    if (cur.t === 'agg' && v.t === 'agg' && cur.fn !== v.fn) bad();
    if (cur.t === 'str' && v.t === 'str' && v.size > cur.size) m.value = { t: 'str', size: v.size };
    if (cur.t === 'tuple' && v.t === 'tuple') {
      if (cur.elems.length !== v.elems.length) bad();
      m.value = tupleOf(cur.elems.map((e, i) => {
        const o = v.elems[i]!;
        if (e.t !== o.t) bad();
        return e.t === 'str' && o.t === 'str' ? { t: 'str', size: Math.max(e.size, o.size) } : e;
      }));
    }
  }
}

function widenKey(k: Ty): Ty {
  return k.t === 'int' ? { t: 'int', size: 8, signed: k.signed } : k;
}

/** the element type of the builtins, by bpftrace 0.17's rules */
const BUILTIN_TYPES: Record<string, Ty> = {
  pid: UINT64, tid: UINT64, uid: UINT64, gid: UINT64, nsecs: UINT64, elapsed: UINT64, cpu: UINT64, numaid: UINT64,
  rand: { t: 'int', size: 4, signed: false }, cgroup: UINT64, cpid: UINT64, jiffies: UINT64,
  comm: { t: 'str', size: 16 }, kstack: { t: 'kstack' }, stack: { t: 'kstack' }, ustack: { t: 'ustack' }, probe: { t: 'probe' },
  username: { t: 'username' },
};

export const AGG_FNS = new Set<AggFn>(['count', 'sum', 'avg', 'min', 'max', 'stats', 'hist', 'lhist']);
const VOID_FNS = new Set(['printf', 'print', 'time', 'join', 'exit', 'clear', 'zero', 'delete', 'system', 'cat', 'unwatch']);

export interface TyperEnv {
  target: Target;
  maps: MapRegistry;
  btf: () => BtfTypes | undefined;
  /** kfunc:MODULE:F: the module's split BTF (undefined: the module has none) */
  moduleBtf?: (module: string) => BtfTypes | undefined;
  defines: Map<string, bigint>;
  positional: string[];
  /** string size of str() (BPFTRACE_STRLEN) */
  strlen: number;
  /** --unsafe: signal() (and, in bpftrace, system()) allowed */
  unsafe?: boolean;
  /** struct/union types the script defines (`struct X` -> its layout) */
  structs?: Map<string, CType>;
}

export class Typer {
  readonly vars = new Map<string, Ty>();
  private memo = new Map<Expr, Ty>();
  constructor(readonly env: TyperEnv) {}

  /** the type of `e`, computed once */
  ty(e: Expr): Ty {
    const hit = this.memo.get(e);
    if (hit) return hit;
    const t = this.compute(e);
    this.memo.set(e, t);
    return t;
  }

  /** declare or re-check a scratch variable's type at an assignment */
  assignVar(name: string, v: Ty, loc: Loc): void {
    const cur = this.vars.get(name);
    const vt = v.t === 'int' ? { t: 'int' as const, size: 8 as const, signed: v.signed } : v;
    if (!cur) {
      if (v.t === 'none' || v.t === 'agg') throw new ScriptError(`Value of type '${tyName(v)}' cannot be assigned to variable $${name}`, loc);
      this.vars.set(name, vt);
      return;
    }
    const compatible = cur.t === vt.t || (isIntLike(cur) && isIntLike(vt));
    if (!compatible) throw new ScriptError(`Type mismatch for $${name}: trying to assign value of type '${tyName(v)}' when variable already contains a value of type '${tyName(cur)}'`, loc);
    if (cur.t === 'str' && vt.t === 'str' && vt.size > cur.size) this.vars.set(name, vt);
  }

  private btf(loc: Loc): BtfTypes {
    const b = this.env.btf();
    if (!b) throw new ScriptError('BTF is not available (/sys/kernel/btf/vmlinux): struct types cannot be resolved', loc, 'ENOENT');
    return b;
  }

  /** a named C type (casts, sizeof, offsetof) */
  cType(tn: TypeName): CType {
    const ints: Record<string, CType> = {
      int8: cInt(1, true), int16: cInt(2, true), int32: cInt(4, true), int64: cInt(8, true), bool: cInt(1, false, 'bool'),
      uint8: cInt(1, false), uint16: cInt(2, false), uint32: cInt(4, false), uint64: cInt(8, false),
      'unsigned int': cInt(4, false, 'unsigned int'), 'unsigned long': cInt(8, false, 'unsigned long'), 'unsigned char': cInt(1, false, 'unsigned char'),
      'unsigned short': cInt(2, false, 'unsigned short'), int: cInt(4, true, 'int'), long: cInt(8, true, 'long'), char: cInt(1, true, 'char'), short: cInt(2, true, 'short'),
    };
    let ct: CType | undefined = ints[tn.base] ?? this.env.structs?.get(tn.base) ?? this.btf(tn.loc).byName(tn.base);
    if (!ct) throw new ScriptError(`Unknown struct/union: '${tn.base}'`, tn.loc, 'ENOENT');
    for (let i = 0; i < tn.ptr; i++) ct = cPtr(ct);
    if (tn.array) ct = { kind: 'array', name: `${ct.name}[${tn.array}]`, size: ct.size * tn.array, elem: ct, len: tn.array };
    return ct;
  }

  private compute(e: Expr): Ty {
    const t = this.env.target;
    switch (e.kind) {
      case 'int': return e.value > 0x7fffffffffffffffn ? UINT64 : INT64;
      case 'str': return { t: 'str', size: e.value.length + 1 /* latin1: a byte per character (no Buffer in the page) */ };
      case 'positional': {
        if (e.count) return INT64;
        const v = this.env.positional[e.n - 1];
        if (v !== undefined && !/^-?\d+$/.test(v)) return { t: 'str', size: v.length + 1 };
        return INT64;
      }
      case 'ident': {
        if (this.env.defines.has(e.name)) return INT64;
        if (KNOWN_CONSTANTS[e.name] !== undefined) return INT64;
        if (this.env.btf()?.enumValue(e.name) !== undefined) return INT64;
        throw new ScriptError(`Unknown identifier: '${e.name}'`, e.loc);
      }
      case 'builtin': return this.builtin(e.name, e.loc);
      case 'var': {
        const v = this.vars.get(e.name);
        if (!v) throw new ScriptError(`Undefined or undeclared variable: $${e.name}`, e.loc);
        return v;
      }
      case 'map': {
        this.env.maps.useKeys(e.name, e.keys.map((k) => this.keyTy(k)), e.loc);
        const m = this.env.maps.get(e.name);
        if (!m.value) throw new ScriptError(`Undefined map: ${e.name}`, e.loc);
        if (m.value.t === 'agg') {
          const fn = m.value.fn;
          if (fn === 'hist' || fn === 'lhist' || fn === 'stats') throw new ScriptError(`${e.name}: the value of a ${fn}() map cannot be used in an expression`, e.loc);
          return fn === 'count' || fn === 'sum' ? { t: 'int', size: 8, signed: fn === 'sum' && m.value.signed } : INT64;
        }
        return m.value;
      }
      case 'binop': {
        const l = this.ty(e.left);
        const r = this.ty(e.right);
        if (e.op === '==' || e.op === '!=' || e.op === '<' || e.op === '>' || e.op === '<=' || e.op === '>=') {
          if (l.t === 'str' || r.t === 'str') {
            if (l.t !== r.t) throw new ScriptError(`Type mismatch for '${e.op}': comparing '${tyName(l)}' with '${tyName(r)}'`, e.loc);
            if (e.op !== '==' && e.op !== '!=') throw new ScriptError(`The ${e.op} operator can not be used on strings`, e.loc);
            // bpftrace 0.17 types a string comparison 'unsigned int64' (an integer comparison int64):
            // `("a" != "b") >= -8` is an unsigned comparison there, 0
            return UINT64;
          }
        }
        // bpftrace 0.17 types every integer binary operator's result, comparisons and && || too,
        // int64 when both operands are signed and uint64 otherwise: `-($u < 9)` of a uint64 $u is
        // 18446744073709551615
        const result: Ty = { t: 'int', size: 8, signed: signedOf(l) && signedOf(r) };
        if (e.op === '&&' || e.op === '||') return result;
        for (const [side, st] of [[e.left, l], [e.right, r]] as const) {
          if (!isIntLike(st)) throw new ScriptError(`The ${e.op} operator can not be used on expressions of types ${tyName(l)}, ${tyName(r)}`, side.loc);
        }
        if (['==', '!=', '<', '>', '<=', '>='].includes(e.op)) return result;
        // pointer arithmetic keeps the pointer type (loads.bt: *($avenrun + 8))
        if ((e.op === '+' || e.op === '-') && l.t === 'ptr' && r.t === 'int') return l;
        return { t: 'int', size: 8, signed: signedOf(l) && signedOf(r) };
      }
      case 'unop': {
        const v = this.ty(e.expr);
        switch (e.op) {
          case '!': return INT64;
          case '-': case '~':
            if (!isIntLike(v)) throw new ScriptError(`The ${e.op} operator can not be used on expressions of type '${tyName(v)}'`, e.loc);
            // bpftrace 0.17 keeps the operand's integer type: -(uint64)5 is 18446744073709551611,
            // -(uint32)5 and ~(uint32)5 are computed in 32 bits (4294967291, 4294967290)
            if (v.t === 'int') return { t: 'int', size: v.size, signed: v.signed };
            return { t: 'int', size: 8, signed: e.op === '-' ? true : signedOf(v) };
          case '*':
            if (v.t === 'ptr') {
              const to = v.to;
              if (to.kind === 'void') return INT64;
              return tyOfC(to, v);
            }
            if (v.t === 'int') return INT64;
            throw new ScriptError(`Can not dereference type '${tyName(v)}'`, e.loc);
          case '&':
            throw new ScriptError('The & (address-of) operator is not supported', e.loc);
        }
        break;
      }
      case 'incdec': {
        if (e.target.kind !== 'var' && e.target.kind !== 'map') throw new ScriptError(`The ${e.op} operator must be applied to a map or variable`, e.loc);
        if (e.target.kind === 'var' && !this.vars.has(e.target.name)) throw new ScriptError(`Undefined or undeclared variable: $${e.target.name}`, e.target.loc);
        if (e.target.kind === 'map') {
          const m = this.env.maps.get(e.target.name);
          this.env.maps.useKeys(e.target.name, e.target.keys.map((k) => this.keyTy(k)), e.target.loc);
          if (!m.value) m.value = INT64;
        }
        return INT64;
      }
      case 'ternary': {
        const c = this.ty(e.cond);
        if (!isIntLike(c)) throw new ScriptError(`Invalid condition in ternary: ${tyName(c)}`, e.cond.loc);
        const a = this.ty(e.then);
        const b = this.ty(e.else);
        if (a.t !== b.t && !(isIntLike(a) && isIntLike(b))) throw new ScriptError(`Ternary operator must return the same type: have '${tyName(a)}' and '${tyName(b)}'`, e.loc);
        if (a.t === 'str' && b.t === 'str') return { t: 'str', size: Math.max(a.size, b.size) };
        if (a.t === 'int' && b.t === 'int') return { t: 'int', size: 8, signed: a.signed || b.signed };
        return a;
      }
      case 'field': return this.field(e);
      case 'index': {
        const base = this.ty(e.expr);
        if (!isIntLike(this.ty(e.index))) throw new ScriptError('The array index operator [] requires an integer index', e.index.loc);
        if (base.t === 'ptr') return tyOfC(base.to, base);
        if (base.t === 'record' && base.ct.kind === 'array') return tyOfC(base.ct.elem!, base);
        if (base.t === 'str') return { t: 'int', size: 1, signed: true };
        if (base.t === 'bytes') return { t: 'int', size: 1, signed: false };
        throw new ScriptError(`The array index operator [] can not be used on expressions of type '${tyName(base)}'`, e.loc);
      }
      case 'cast': {
        const ct = this.cType(e.type);
        const v = this.ty(e.expr);
        if (ct.kind === 'int') {
          if (!isIntLike(v)) throw new ScriptError(`Cannot cast from '${tyName(v)}' to '${ct.name}'`, e.loc);
          return tyOfC(ct);
        }
        if (ct.kind === 'ptr') {
          if (!isIntLike(v) && v.t !== 'record') throw new ScriptError(`Cannot cast from '${tyName(v)}' to '${ct.name}'`, e.loc);
          // a struct pointer made from an integer points into the kernel, except in a uprobe
          const uprobe = ['uprobe', 'uretprobe', 'usdt'].includes(this.env.target.kind);
          return { t: 'ptr', to: ct.elem!, user: v.t === 'ptr' && v.user !== undefined ? v.user : uprobe ? undefined : ct.elem!.kind === 'struct' || ct.elem!.kind === 'union' ? false : undefined };
        }
        if (ct.kind === 'array' && v.t === 'int') return { t: 'record', ct };
        // bpftrace 0.17 (SemanticAnalyser::visit(Cast)): a record type is named so
        if (ct.kind === 'struct' || ct.kind === 'union') throw new ScriptError(`Cannot cast to struct type "${ct.name}"`, e.loc);
        throw new ScriptError(`Cannot cast to '${ct.name}'`, e.loc);
      }
      case 'tuple': return tupleOf(e.elems.map((x) => {
        const v = this.ty(x);
        if (v.t === 'none' || v.t === 'agg' || v.t === 'record') throw new ScriptError(`Invalid value in tuple: ${tyName(v)}`, x.loc);
        return v.t === 'int' ? { t: 'int', size: 8, signed: v.signed } : v;
      }));
      case 'sizeof': return UINT64;
      case 'offsetof': return UINT64;
      case 'call': return this.call(e);
    }
    throw new ScriptError('unsupported expression', (e as Expr).loc);
  }

  /** the type of a map key expression (tuples flatten as bpftrace's multi-keys) */
  keyTy(k: Expr): Ty {
    const v = this.ty(k);
    if (v.t === 'none' || v.t === 'agg' || v.t === 'record') throw new ScriptError(`${tyName(v)} cannot be used as a map key`, k.loc);
    return v;
  }

  private builtin(name: string, loc: Loc): Ty {
    const t = this.env.target;
    const k = t.kind;
    if (name === 'args') {
      if (k === 'tracepoint' && t.format) return { t: 'ptr', to: tpArgsType(t.format, this.env.btf), ctx: true };
      if (k === 'kfunc' || k === 'kretfunc') return { t: 'ptr', to: kfuncOf(this.env, t, loc).argsType, ctx: true };
      if (k === 'uprobe' && t.path && t.symbol) return { t: 'ptr', to: uprobeArgs(t.path, t.symbol, loc).argsType, ctx: true, user: true };
      throw new ScriptError(`The args builtin can only be used with tracepoint/kfunc/uprobe probes (${k} used here)`, loc);
    }
    if (name === 'ctx') return UINT64;
    if (/^s?arg\d+$/.test(name)) {
      if (!['kprobe', 'uprobe', 'usdt', 'rawtracepoint'].includes(k)) throw new ScriptError(`The ${name} builtin can only be used with 'kprobes', 'uprobes' and 'usdt' probes (${k} used here)`, loc);
      // bpftrace types a usdt argument as int64: the spec's signed values arrive sign-extended
      return k === 'usdt' ? INT64 : UINT64;
    }
    if (name === 'retval') {
      if (k === 'kretfunc') {
        const ret = kfuncOf(this.env, t, loc).ret;
        if (ret.kind === 'void') throw new ScriptError(`kretfunc:${t.func} returns void: it has no retval`, loc);
        return tyOfC(ret, { user: false });
      }
      if (k !== 'kretprobe' && k !== 'uretprobe') throw new ScriptError(`The retval builtin can only be used with 'kretprobe' and 'uretprobe' and 'kfunc' probes (${k} used here)`, loc);
      return UINT64;
    }
    if (name === 'func') {
      if (!['kprobe', 'kretprobe', 'uprobe', 'uretprobe', 'kfunc', 'kretfunc'].includes(k)) throw new ScriptError(`The func builtin can not be used with '${k}' probes`, loc);
      return { t: 'str', size: (t.symbol ?? t.func ?? '').length + 1 };
    }
    if (name === 'curtask') {
      const task = this.env.btf()?.byName('struct task_struct');
      return task ? { t: 'ptr', to: task, user: false } : UINT64;
    }
    if ((name === 'kstack' || name === 'stack') && (k === 'uprobe' || k === 'uretprobe') && false) return NONE;
    const b = BUILTIN_TYPES[name];
    if (!b) throw new ScriptError(`Unknown builtin: ${name}`, loc);
    return b;
  }

  private field(e: Extract<Expr, { kind: 'field' }>): Ty {
    const base = this.ty(e.expr);
    let ct: CType | undefined;
    let from: { ctx?: boolean; user?: boolean } = {};
    if (e.arrow) {
      if (base.t !== 'ptr' || (base.to.kind !== 'struct' && base.to.kind !== 'union')) {
        throw new ScriptError(`Can not access field '${e.field}' on expression of type '${tyName(base)}'`, e.loc);
      }
      ct = base.to;
      from = base;
    } else {
      if (base.t === 'tuple') {
        const i = Number(e.field);
        if (!Number.isInteger(i) || i < 0 || i >= base.elems.length) throw new ScriptError(`Invalid tuple index: ${e.field}. Found ${base.elems.length} elements in tuple.`, e.loc);
        return base.elems[i]!;
      }
      // bpftrace 0.17 (SemanticAnalyser::visit(FieldAccess)) says which operator a pointer needs;
      // `args.x` is the current tutorial's syntax, which 0.17 refuses so
      if (base.t === 'ptr') throw new ScriptError(`Can not access field '${e.field}' on type '${(base as { ctx?: boolean }).ctx ? '(ctx) ' : ''}${tyName(base)}'. Try dereferencing it first, or using '->'`, e.loc);
      if (base.t !== 'record' || (base.ct.kind !== 'struct' && base.ct.kind !== 'union')) {
        throw new ScriptError(`Can not access field '${e.field}' on expression of type '${tyName(base)}'`, e.loc);
      }
      ct = base.ct;
      from = base;
    }
    const m = findMember(ct, e.field);
    if (!m) throw new ScriptError(`Struct/union of type '${ct.name}' does not contain a field named '${e.field}'`, e.loc);
    if (m.type.kind === 'array' && m.type.len === -1) return { t: 'str', size: this.env.strlen }; // __data_loc string
    return tyOfC(m.type, from);
  }

  private call(e: Extract<Expr, { kind: 'call' }>): Ty {
    const a = e.args;
    const n = a.length;
    const want = (lo: number, hi = lo): void => {
      if (n < lo || n > hi) {
        throw new ScriptError(lo === hi ? `${e.name}() requires ${lo} argument${lo === 1 ? '' : 's'} (${n} provided)` : `${e.name}() takes ${lo} to ${hi} arguments (${n} provided)`, e.loc);
      }
    };
    const intArg = (i: number): void => {
      const v = this.ty(a[i]!);
      if (!isIntLike(v)) throw new ScriptError(`${e.name}() only supports integer arguments (${tyName(v)} provided)`, a[i]!.loc);
    };
    const constArg = (i: number): bigint => {
      const x = a[i]!;
      const v = constValue(x, this.env);
      if (v === undefined) throw new ScriptError(`${e.name}: argument ${i + 1} must be an integer literal`, x.loc);
      return v;
    };
    a.forEach((x, i) => {
      // a stack mode (kstack(perf)) is a word, not an identifier to resolve
      if (i === 0 && x.kind === 'ident' && (e.name === 'kstack' || e.name === 'ustack') && (x.name === 'perf' || x.name === 'bpftrace')) return;
      if (x.kind !== 'map' || (e.name !== 'print' && e.name !== 'clear' && e.name !== 'zero' && e.name !== 'delete')) this.ty(x);
    });
    switch (e.name) {
      case 'count': want(0); return { t: 'agg', fn: 'count', signed: false };
      case 'sum': case 'avg': case 'min': case 'max': case 'stats': case 'hist': {
        want(1);
        intArg(0);
        return { t: 'agg', fn: e.name, signed: signedOf(this.ty(a[0]!)) || e.name !== 'sum' };
      }
      case 'lhist': {
        want(4);
        intArg(0);
        const [lo, hi, step] = [constArg(1), constArg(2), constArg(3)].map(Number) as [number, number, number];
        // bpftrace 0.17's checks in its order (semantic_analyser.cpp, check of lhist), all at the call
        if (step > 0 && Math.trunc((hi - lo) / step) > 1000) throw new ScriptError(`lhist() too many buckets, must be <= 1000 (would need ${Math.trunc((hi - lo) / step)})`, e.loc);
        if (lo < 0) throw new ScriptError(`lhist() min must be non-negative (provided min ${lo})`, e.loc);
        if (lo > hi) throw new ScriptError(`lhist() min must be less than max (provided min ${lo} and max ${hi})`, e.loc);
        if (hi - lo < step) throw new ScriptError(`lhist() step is too large for the given range (provided step ${step} for range ${hi - lo})`, e.loc);
        if (step < 1) throw new ScriptError(`lhist() step must be >= 1 (${step} provided)`, e.loc);
        return { t: 'agg', fn: 'lhist', signed: true, lhist: [lo, hi, step] };
      }
      case 'str': {
        want(1, 2);
        const v = this.ty(a[0]!);
        if (n === 2) intArg(1);
        if (v.t === 'str') return v;
        // str($1) is the parameter's text even when it looks like a number (bpftrace 0.17)
        if (a[0]!.kind === 'positional' && !a[0].count) return { t: 'str', size: (this.env.positional[a[0].n - 1] ?? '').length + 1 };
        if (!isIntLike(v) && v.t !== 'record') throw new ScriptError(`str() expects an integer or a pointer type as first argument (${tyName(v)} provided)`, a[0]!.loc);
        const size = n === 2 ? constValue(a[1]!, this.env) : undefined;
        // semantic_analyser.cpp (0.17) words it without a space after the name: `strcannot use…`
        if (size !== undefined && size < 0n) throw new ScriptError(`strcannot use negative length (${size})`, e.loc);
        return { t: 'str', size: size !== undefined ? Math.min(Number(size) + 1, this.env.strlen) : this.env.strlen };
      }
      case 'buf': {
        want(1, 2);
        const v = this.ty(a[0]!);
        let size: number | undefined;
        if (n === 2) {
          const c = constValue(a[1]!, this.env);
          if (c !== undefined && c < 0n) throw new ScriptError(`buf cannot use negative length (${c})`, e.loc);
          size = c !== undefined ? Number(c) : 64;
        } else if (v.t === 'record' && v.ct.kind === 'array') size = v.ct.size;
        else if (v.t === 'str') size = v.size;
        if (size === undefined) throw new ScriptError('buf() requires a length argument for a pointer', e.loc);
        return { t: 'buf', size: Math.min(size, this.env.strlen) };
      }
      case 'ksym': want(1); intArg(0); return { t: 'ksym' };
      case 'usym': want(1); intArg(0); return { t: 'usym' };
      case 'kaddr': case 'uaddr':
        want(1);
        if (a[0]!.kind !== 'str') throw new ScriptError(`${e.name}() expects a string literal`, a[0]!.loc);
        return { t: 'ptr', to: cInt(8, true, 'int64'), user: e.name === 'uaddr' };
      case 'ntop': {
        want(1, 2);
        const v = this.ty(a[n - 1]!);
        if (!isIntLike(v) && !(v.t === 'record' && v.ct.kind === 'array') && v.t !== 'str' && v.t !== 'bytes') throw new ScriptError(`ntop() expects an integer or array argument (${tyName(v)} provided)`, a[n - 1]!.loc);
        return { t: 'inet' };
      }
      case 'reg': want(1); if (a[0]!.kind !== 'str') throw new ScriptError('reg() expects a string literal', a[0]!.loc); return UINT64;
      case 'strncmp': {
        want(3);
        for (const i of [0, 1]) if (this.ty(a[i]!).t !== 'str') throw new ScriptError(`strncmp() expects string arguments (${tyName(this.ty(a[i]!))} provided)`, a[i]!.loc);
        constArg(2);
        return UINT64;
      }
      case 'bswap': {
        want(1);
        intArg(0);
        const v = this.ty(a[0]!);
        return v.t === 'int' ? { t: 'int', size: v.size, signed: false } : UINT64;
      }
      case 'kstack': case 'ustack': {
        // kstack([mode, ][limit]) (bpftrace 0.17 SemanticAnalyser::visit(Call), StackType): mode is
        // `bpftrace` or `perf`, limit an integer literal of at most 1024 frames
        want(0, 2);
        let perf = false;
        let i = 0;
        const m = a[0];
        if (m?.kind === 'ident' && (m.name === 'perf' || m.name === 'bpftrace')) {
          perf = m.name === 'perf';
          i = 1;
        } else if (n === 2) {
          if (m?.kind === 'ident') throw new ScriptError(`Unknown identifier: '${m.name}'`, m.loc);
          throw new ScriptError(`${e.name}() expects a stack mode literal (none provided)`, e.loc);
        }
        let limit: number | undefined;
        if (a[i]) {
          const c = a[i]!.kind === 'int' ? constValue(a[i]!, this.env) : undefined;
          if (c === undefined) throw new ScriptError(`${e.name}() expects an integer literal as stack limit`, a[i]!.loc);
          if (c > 1024n) throw new ScriptError(`${e.name}([int limit]): limit shouldn't exceed 1024, ${c} given`, e.loc);
          if (c < 1n) throw new ScriptError(`${e.name}([int limit]): limit must be greater than 0, ${c} given`, e.loc);
          limit = Number(c);
        }
        return { t: e.name, ...(perf ? { perf } : {}), ...(limit !== undefined ? { limit } : {}) };
      }
      case 'skboutput': case 'sizeof':
        throw new ScriptError(`${e.name}() is not supported by tsbpf trace`, e.loc, 'EOPNOTSUPP');
      case 'printf': this.formatArgs(e); return NONE;
      case 'time': want(0, 1); if (n && a[0]!.kind !== 'str') throw new ScriptError('time() expects a string literal', e.loc); return NONE;
      case 'join': {
        want(1, 2);
        if (n === 2 && a[1]!.kind !== 'str') throw new ScriptError('join() delimiter must be a string literal', a[1]!.loc);
        return NONE;
      }
      case 'exit': want(0); return NONE;
      case 'signal': {
        // bpftrace 0.17 semantic_analyser.cpp: unsafe, not in BEGIN/END (no task to signal), a
        // signal name literal or an integer
        if (!this.env.unsafe) throw new ScriptError('signal() is an unsafe function being used in safe mode', e.loc);
        const k = this.env.target.kind;
        if (k === 'BEGIN' || k === 'END') throw new ScriptError(`signal can not be used with "${k}" probes`, e.loc);
        want(1);
        const x = a[0]!;
        if (x.kind === 'str') {
          if (SIGNALS[x.value.replace(/^SIG/, '')] === undefined) throw new ScriptError(`${x.value} is not a valid signal`, x.loc);
        } else intArg(0);
        return NONE;
      }
      case 'print': {
        want(1, 3);
        if (a[0]!.kind === 'map' && a[0].keys.length === 0) {
          const m = this.env.maps.get(a[0].name);
          if (!m.value && !m.keys) throw new ScriptError(`Undefined map: ${a[0].name}`, mapArgLoc(e));
        } else if (n > 1) throw new ScriptError('print() with more than one argument expects a map', e.loc);
        else if (this.ty(a[0]!).t === 'agg') throw new ScriptError('print() of an aggregation element is not supported; print the map', e.loc);
        return NONE;
      }
      case 'clear': case 'zero': {
        want(1);
        if (a[0]!.kind !== 'map' || a[0].keys.length) throw new ScriptError(`${e.name}() expects a map with no keys`, a[0]!.loc);
        const m = this.env.maps.get(a[0].name);
        if (!m.value && !m.keys) throw new ScriptError(`Undefined map: ${a[0].name}`, mapArgLoc(e));
        return NONE;
      }
      case 'delete': {
        want(1);
        const m = a[0]!;
        if (m.kind !== 'map') throw new ScriptError('delete() expects a map element', m.loc);
        const info = this.env.maps.get(m.name);
        if (!info.value && !info.keys) throw new ScriptError(`Undefined map: ${m.name}`, mapArgLoc(e));
        this.env.maps.useKeys(m.name, m.keys.map((k) => this.keyTy(k)), m.loc);
        return NONE;
      }
      case 'unwatch': throw new ScriptError('unwatch() is not supported by tsbpf trace', e.loc, 'EOPNOTSUPP');
    }
    const more = typeExtraCall(e, {
      ty: (x) => this.ty(x), want, intArg, formatArgs: () => this.formatArgs(e), unsafe: !!this.env.unsafe, probeKind: this.env.target.kind, strlen: this.env.strlen,
    });
    if (more) return more;
    if (VOID_FNS.has(e.name)) return NONE;
    throw new ScriptError(`Unknown function: ${e.name}`, { ...e.loc, endCol: e.loc.col + e.name.length });
  }

  /** bpftrace's checks of a format string against its arguments (printf, cat, system) */
  private formatArgs(e: Extract<Expr, { kind: 'call' }>): void {
    const a = e.args;
    const n = a.length;
    if (n < 1 || a[0]!.kind !== 'str') throw new ScriptError(`${e.name}() requires a string literal as the first argument`, e.loc);
    const fmt = a[0].value;
    const specs = parseFormat(fmt, (m) => new ScriptError(`${e.name}: ${m}`, e.loc), n - 1);
    if (specs.length > n - 1) throw new ScriptError(`${e.name}: Not enough arguments for format string (${n - 1} supplied, ${specs.length} expected)`, e.loc);
    if (specs.length < n - 1) throw new ScriptError(`${e.name}: Too many arguments for format string (${n - 1} supplied, ${specs.length} expected)`, e.loc);
    specs.forEach((s, i) => {
      const v = this.ty(a[i + 1]!);
      const integer = isIntLike(v) || v.t === 'agg';
      if (s.conv === 's') {
        if (v.t === 'agg' || v.t === 'none' || v.t === 'buf') throw new ScriptError(`${e.name}: %s specifier expects a value of type string (${v.t === 'buf' ? 'buffer' : tyName(v)} supplied)`, e.loc);
      } else if ('diuxXoc'.includes(s.conv)) {
        if (!integer) throw new ScriptError(`${e.name}: %${s.conv === 'i' ? 'd' : s.conv} specifier expects a value of type integer (${v.t === 'str' ? 'string' : tyName(v)} supplied)`, e.loc);
      } else if (s.conv === 'r' || s.conv === 'rx') {
        if (v.t !== 'buf') throw new ScriptError(`${e.name}: %${s.conv} specifier expects a value of type buffer (${v.t === 'int' ? 'integer' : tyName(v)} supplied)`, e.loc);
      } else if (s.conv === 'p' && !integer) throw new ScriptError(`${e.name}: %p specifier expects a value of type integer (${tyName(v)} supplied)`, e.loc);
    });
  }
}

/** where bpftrace places an error about a call's map argument: from the call to the map's end */
function mapArgLoc(e: Extract<Expr, { kind: 'call' }>): Loc {
  const m = e.args[0]!.loc;
  return { ...e.loc, endLine: m.endLine, endCol: m.endCol };
}

/** signal numbers (include/uapi/asm-generic/signal.h; x86 and arm64 share them) */
export const SIGNALS: Record<string, number> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10, SEGV: 11, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15,
  STKFLT: 16, CHLD: 17, CONT: 18, STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25, VTALRM: 26, PROF: 27, WINCH: 28, IO: 29, PWR: 30, SYS: 31,
};

/** kernel constants the tools name through C headers (include/linux/sched.h, include/linux/socket.h) */
export const KNOWN_CONSTANTS: Record<string, bigint> = {
  TASK_RUNNING: 0n, TASK_INTERRUPTIBLE: 1n, TASK_UNINTERRUPTIBLE: 2n, AF_UNIX: 1n, AF_INET: 2n, AF_INET6: 10n, PF_KTHREAD: 0x200000n,
};

export function isIntLike(t: Ty): boolean {
  return t.t === 'int' || t.t === 'ptr';
}
export function signedOf(t: Ty): boolean {
  return t.t === 'int' ? t.signed : false;
}

/** the value of a constant expression (literals, #defines, enum constants, arithmetic), or undefined */
export function constValue(e: Expr, env: Pick<TyperEnv, 'defines' | 'btf' | 'positional'>): bigint | undefined {
  switch (e.kind) {
    case 'int': return e.value;
    case 'ident': return env.defines.get(e.name) ?? KNOWN_CONSTANTS[e.name] ?? env.btf()?.enumValue(e.name);
    case 'positional': {
      const v = env.positional[e.n - 1];
      if (e.count) return BigInt(env.positional.length);
      return v !== undefined && /^-?\d+$/.test(v) ? BigInt(v) : v === undefined ? 0n : undefined;
    }
    case 'unop': {
      const v = constValue(e.expr, env);
      if (v === undefined) return undefined;
      return e.op === '-' ? -v : e.op === '~' ? ~v : e.op === '!' ? (v ? 0n : 1n) : undefined;
    }
    case 'binop': {
      const l = constValue(e.left, env);
      const r = constValue(e.right, env);
      if (l === undefined || r === undefined) return undefined;
      switch (e.op) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': return r ? l / r : undefined;
        case '<<': return l << r;
        case '>>': return l >> r;
        case '|': return l | r;
        case '&': return l & r;
        default: return undefined;
      }
    }
    default: return undefined;
  }
}

export function sizeOfTy(t: Ty): number {
  return sizeOf(t);
}

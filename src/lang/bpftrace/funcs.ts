/**
 * bpftrace 0.17's functions beyond the core set (src/ast/passes/semantic_analyser.cpp and
 * codegen_llvm.cpp visit(Call) are the model), typed and compiled here so that typer.ts and
 * calls.ts keep one hook each:
 *  - asynchronous: `cat(fmt, ...)` (a file's contents), `system(fmt, ...)` (a shell command, only
 *    with --unsafe) — records on the ring buffer, acted on in user space like printf;
 *  - resolved when printed: `strftime(fmt, ns)`, `strerror(errno)`, `cgroup_path(id [, filter])`,
 *    `macaddr(addr)` (six bytes read in the program);
 *  - compile time: `cgroupid(path)` (the cgroup's kernfs id, what bpf_get_current_cgroup_id returns);
 *  - address-space casts: `kptr(p)`, `uptr(p)`;
 *  - probe-specific: `override(rc)` (bpf_override_return, kprobes, --unsafe), `path(p)`
 *    (bpf_d_path, kfunc/kretfunc).
 */
import * as B from '../../asm/builder.js';
import { R0, R1, R2, R3, FP } from '../../asm/builder.js';
import type { Expr } from './ast.js';
import { ScriptError } from './errors.js';
import type { ProbeGen, Val } from './codegen.js';
import { R } from './codegen.js';
import { type Ty, UINT64, NONE, sizeOf, tyName } from './types.js';

type Call = Extract<Expr, { kind: 'call' }>;

/** what typing a call needs from the Typer */
export interface CallTyping {
  ty(e: Expr): Ty;
  want(lo: number, hi?: number): void;
  intArg(i: number): void;
  /** printf-style format and argument checks (cat, system) */
  formatArgs(): void;
  unsafe: boolean;
  probeKind: string;
  /** BPFTRACE_STRLEN */
  strlen: number;
}

/** bpftrace's names of type kinds in its messages (SizedType::GetTy) */
const KIND_NAMES: Partial<Record<Ty['t'], string>> = { int: 'integer', ptr: 'pointer', record: 'record', tuple: 'tuple', buf: 'buffer', none: 'none' };

const isIntLike = (t: Ty): boolean => t.t === 'int' || t.t === 'ptr';

/** the type of one of these calls, or undefined when the name is not one of them */
export function typeExtraCall(e: Call, c: CallTyping): Ty | undefined {
  const a = e.args;
  switch (e.name) {
    case 'cat': c.formatArgs(); return NONE;
    case 'system':
      // bpftrace semantic_analyser: system() runs a shell command as root, so it needs --unsafe
      if (!c.unsafe) throw new ScriptError('system() is an unsafe function being used in safe mode', e.loc);
      c.formatArgs();
      return NONE;
    case 'strftime': {
      c.want(2);
      if (a[0]!.kind !== 'str') throw new ScriptError('strftime() expects a string literal as first argument', a[0]!.loc);
      c.intArg(1);
      return { t: 'timestamp', fmt: a[0].value };
    }
    case 'strerror': c.want(1); c.intArg(0); return { t: 'strerror' };
    case 'pton': {
      c.want(1);
      const x = a[0]!;
      if (x.kind !== 'str') throw new ScriptError('pton() expects a string literal', x.loc);
      return { t: 'bytes', size: ptonBytes(x.value, e.loc).length };
    }
    case 'macaddr': {
      c.want(1);
      const x = a[0]!;
      const v = c.ty(x);
      if (x.kind === 'str') throw new ScriptError('macaddr() does not support literal string arguments', e.loc);
      const array = v.t === 'str' || (v.t === 'record' && v.ct.kind === 'array');
      if (!isIntLike(v) && !array) throw new ScriptError('macaddr() only supports array or pointer arguments', e.loc);
      if (array && sizeOf(v) !== 6) throw new ScriptError('macaddr() argument must be 6 bytes in size', e.loc);
      return { t: 'macaddr' };
    }
    case 'cgroupid': {
      c.want(1);
      if (a[0]!.kind !== 'str') throw new ScriptError('cgroupid() expects a string literal', a[0]!.loc);
      return UINT64;
    }
    case 'cgroup_path': {
      c.want(1, 2);
      c.intArg(0);
      if (a[1] && a[1].kind !== 'str') throw new ScriptError('cgroup_path() only supports a string literal as second argument', a[1].loc);
      return { t: 'cgroup_path', filter: a[1] ? (a[1] as { value: string }).value : '*' };
    }
    case 'kptr': case 'uptr': {
      c.want(1);
      const v = c.ty(a[0]!);
      if (!isIntLike(v)) throw new ScriptError(`${e.name}() expects an integer or a pointer type (${tyName(v)} provided)`, a[0]!.loc);
      // the address space travels with pointer types; a plain integer keeps its value
      return v.t === 'ptr' ? { ...v, user: e.name === 'uptr' } : v;
    }
    case 'override': {
      if (!c.unsafe) throw new ScriptError('override() is an unsafe function being used in safe mode', e.loc);
      c.want(1);
      c.intArg(0);
      if (c.probeKind !== 'kprobe') throw new ScriptError('override can only be used with kprobes.', e.loc);
      return NONE;
    }
    case 'strcontains': {
      c.want(2);
      for (const x of a) {
        const v = c.ty(x);
        if (v.t !== 'str') throw new ScriptError(`strcontains() only supports string arguments (${KIND_NAMES[v.t] ?? v.t} provided)`, e.loc);
      }
      return UINT64;
    }
    case 'path': {
      c.want(1);
      if (c.probeKind !== 'kfunc' && c.probeKind !== 'kretfunc') throw new ScriptError('The path function can only be used with \'kfunc\', \'kretfunc\' probes', e.loc);
      const v = c.ty(a[0]!);
      if (!isIntLike(v)) throw new ScriptError(`path() expects a pointer to struct path (${tyName(v)} provided)`, a[0]!.loc);
      return { t: 'str', size: c.strlen };
    }
  }
  return undefined;
}

/** code for one of these calls, or undefined when the name is not one of them */
export function genExtraCall(g: ProbeGen, x: Call, printfLike: (kind: 'cat' | 'system') => void): Val | undefined {
  const e = g.e;
  const a = x.args;
  switch (x.name) {
    case 'cat': case 'system': printfLike(x.name); return R;
    case 'strftime': g.expr(a[1]!); return R;
    case 'strerror': case 'cgroup_path': g.expr(a[0]!); return R;
    case 'kptr': case 'uptr': return g.expr(a[0]!);
    case 'strcontains': return strcontains(g, x);
    case 'pton': {
      // compile time (bpftrace 0.17: inet_pton in the semantic pass): the bytes stored on the stack
      const s = a[0] as { value: string; loc: Expr['loc'] };
      const bytes = ptonBytes(s.value, s.loc);
      const off = e.alloc(bytes.length);
      e.storeBytes(off, bytes, bytes.length);
      return { k: 'm', off };
    }
    case 'cgroupid': {
      const s = a[0] as { value: string; loc: Expr['loc'] };
      e.imm(R0, cgroupIdAt(g.env.cgroupId, s.value, s.loc));
      return R;
    }
    case 'macaddr': {
      const argTy = g.ty(a[0]!);
      const off = e.alloc(8);
      e.zero(off, 8);
      const v = g.expr(a[0]!);
      if (v.k === 'm') {
        for (let i = 0; i < 6; i++) e.emit(B.ldxb(R1, FP, v.off + i), B.stxb(FP, off + i, R1));
        return { k: 'm', off };
      }
      e.emit(B.mov64(R3, R0), B.mov64(R1, FP), B.add64(R1, off), B.mov64(R2, 6));
      e.call(g.isUser(argTy) ? 'probe_read_user' : 'probe_read_kernel');
      return { k: 'm', off };
    }
    case 'override': {
      // bpf_override_return(regs, rc) (kernel/trace/bpf_trace.c): CONFIG_BPF_KPROBE_OVERRIDE,
      // functions marked ALLOW_ERROR_INJECTION only
      g.expr(a[0]!);
      e.emit(B.mov64(R2, R0), B.mov64(R1, g.ctxReg));
      e.call('override_return');
      return R;
    }
    case 'path': {
      // bpf_d_path(path, buf, size) (fs/d_path.c via kernel/trace/bpf_trace.c): allowed only in
      // tracing programs attached to the functions of btf_allowlist_d_path
      const size = g.env.layout.strlen;
      const off = e.alloc(size);
      e.zero(off, size);
      g.expr(a[0]!);
      e.emit(B.mov64(R1, R0), B.mov64(R2, FP), B.add64(R2, off), B.mov64(R3, size));
      e.call('d_path');
      return { k: 'm', off };
    }
  }
  return undefined;
}

/** inet_pton(3)-like parsing of an IPv4 (a `.` in it) or IPv6 (a `:`) address: 4 or 16 bytes */
export function ptonBytes(text: string, loc: Expr['loc']): Uint8Array {
  const bad = (): never => {
    throw new ScriptError(`pton() expects a valid IPv4/IPv6 address, got ${text}`, loc, 'EINVAL');
  };
  if (text.includes(':')) {
    const halves = text.split('::');
    if (halves.length > 2) bad();
    const groups = (h: string): number[] => {
      if (h === '') return [];
      const parts = h.split(':');
      const out: number[] = [];
      parts.forEach((p, i) => {
        // bpftrace 0.17 takes hex groups only (not inet_pton's embedded IPv4 tail, ::ffff:1.2.3.4)
        void i;
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) bad();
        out.push(parseInt(p, 16));
      });
      return out;
    };
    const head = groups(halves[0]!);
    const tail = halves.length === 2 ? groups(halves[1]!) : [];
    const fill = 8 - head.length - tail.length;
    if (fill < 0 || (halves.length === 1 && fill !== 0) || (halves.length === 2 && fill < 1)) bad();
    const all = [...head, ...Array(halves.length === 2 ? fill : 0).fill(0), ...tail];
    const out = new Uint8Array(16);
    all.forEach((g, i) => {
      out[2 * i] = g >> 8;
      out[2 * i + 1] = g & 0xff;
    });
    return out;
  }
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) bad();
  return Uint8Array.from(parts.map(Number));
}

function cgroupIdAt(cgroupId: ((path: string) => bigint) | undefined, path: string, loc: Expr['loc']): bigint {
  if (!cgroupId) throw new ScriptError(`Failed to get \`cgroupid\` for path: "${path}": there is no cgroup file system here (cgroupid() needs the host's)`, loc, 'EOPNOTSUPP');
  try {
    return cgroupId(path);
  } catch (err) {
    const m = err as { code?: string; message: string };
    throw new ScriptError(`Failed to get \`cgroupid\` for path: "${path}": ${m.message}`, loc, (m.code as 'ENOENT') ?? 'ENOENT');
  }
}

/** the most byte comparisons strcontains() unrolls for a needle known only at run time (jump offsets are 16-bit) */
const STRCONTAINS_MAX = 6000;

/**
 * strcontains(haystack, needle): 1 when needle's bytes (up to its NUL) occur in haystack, as
 * bpftrace's (an empty needle is in every string). Unrolled over every start position of the
 * haystack's stack area: strings are zero-padded areas, so past the haystack's NUL only zeroes
 * remain and a needle (whose bytes before its NUL are not zero) cannot match there. A literal
 * needle is compared as immediates; another string byte by byte until its NUL.
 */
function strcontains(g: ProbeGen, x: Call): Val {
  const e = g.e;
  const [ha, na] = x.args as [Expr, Expr];
  const hay = (g.expr(ha) as { off: number }).off;
  const hs = sizeOf(g.ty(ha));
  const found = e.label('scfound');
  const end = e.label('scend');
  if (na.kind === 'str') {
    const lit = Buffer.from(na.value, 'latin1');
    const nul = lit.indexOf(0);
    const needle = nul >= 0 ? lit.subarray(0, nul) : lit;
    // no jump may be left unreachable (the kernel refuses dead instructions): constant answers as such
    if (needle.length === 0 || needle.length > hs) {
      e.emit(B.mov64(R0, needle.length === 0 ? 1 : 0));
      return R;
    }
    for (let i = 0; i + needle.length <= hs; i++) {
      const next = e.label('scnext');
      for (let k = 0; k < needle.length; k++) e.emit(B.ldxb(R1, FP, hay + i + k), B.jne(R1, needle[k]!, next));
      e.emit(B.ja(found));
      e.place(next);
    }
  } else {
    const nd = (g.expr(na) as { off: number }).off;
    const ns = sizeOf(g.ty(na));
    if (hs * ns > STRCONTAINS_MAX) throw new ScriptError(`strcontains() of strings of ${hs} and ${ns} bytes compares too many byte pairs for one program (at most ${STRCONTAINS_MAX}): use a string literal as the needle, or a smaller BPFTRACE_STRLEN`, x.loc, 'E2BIG');
    for (let i = 0; i < hs; i++) {
      const next = e.label('scnext');
      for (let k = 0; k < ns; k++) {
        e.emit(B.ldxb(R2, FP, nd + k), B.jeq(R2, 0, found));
        // the haystack's area ends before the needle's bytes do: no match at this position
        if (i + k >= hs) {
          e.emit(B.ja(next));
          break;
        }
        e.emit(B.ldxb(R1, FP, hay + i + k), B.jne(R1, R2, next));
      }
      if (i + ns <= hs) e.emit(B.ja(found));
      e.place(next);
    }
  }
  e.emit(B.mov64(R0, 0), B.ja(end));
  e.place(found);
  e.emit(B.mov64(R0, 1));
  e.place(end);
  return R;
}

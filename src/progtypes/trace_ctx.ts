/**
 * Contexts of tracing programs built from fields given by name (docs/tracing-emulator.md), so a kprobe,
 * uprobe, tracepoint, raw tracepoint or perf_event program can be run without a kernel event:
 * - tracepoint: the record as the tracepoint's format file lays it out
 *   (/sys/kernel/tracing/events/CAT/NAME/format: `field:TYPE NAME; offset:N; size:N; signed:N;`,
 *   kernel/trace/trace_events.c), the common_* header included; `__data_loc` strings appended
 *   after the record with their (length << 16 | offset) word, as the kernel stores them;
 * - kprobe / uprobe: struct pt_regs (x86-64), with PT_REGS_PARM1..6 as arg1..arg6 (di, si, dx, cx,
 *   r8, r9) and PT_REGS_RC as ret (ax);
 * - raw_tp / tp_btf / fentry: the u64 argument array (`args`);
 * - perf_event: struct bpf_perf_event_data (pt_regs, sample_period, addr).
 * A string or byte-array value of a pointer field (a `const char *filename`, a uprobe's argument)
 * becomes simulated user memory next to the context, and the field points at it — what
 * bpf_probe_read_user(_str) then reads.
 */
import { BpfError } from '../isa/errors.js';
import { PERF_EVENT_DATA, PT_REGS } from './ctx_layouts.js';
import { BPF_PROG_TYPE as PT } from './prog_types.js';

export interface TpField {
  name: string;
  type: string;
  offset: number;
  size: number;
  signed: boolean;
  /** `__data_loc` field: a u32 (length << 16 | offset into the record) */
  dataLoc: boolean;
  /** element count of a fixed array field (`char comm[16]`), 0 otherwise */
  count: number;
  pointer: boolean;
}

export interface TpFormat {
  name: string;
  id: number;
  fields: TpField[];
  /** bytes of the fixed part of the record */
  size: number;
}

/** parse a tracepoint's format file */
export function parseTracepointFormat(text: string, what = 'tracepoint format'): TpFormat {
  const fields: TpField[] = [];
  let name = '';
  let id = 0;
  for (const line of text.split('\n')) {
    const n = /^name:\s*(\S+)/.exec(line);
    if (n) name = n[1]!;
    const i = /^ID:\s*(\d+)/.exec(line);
    if (i) id = Number(i[1]);
    const m = /^\s*field:(.*);\s*offset:(\d+);\s*size:(\d+);\s*signed:(\d+);/.exec(line);
    if (!m) continue;
    const decl = m[1]!.trim();
    const dm = /^(.*?)([A-Za-z_]\w*)\s*(\[(\d*)\])?$/.exec(decl);
    if (!dm) throw new BpfError('EINVAL', `${what}: cannot read field declaration '${decl}'`);
    const type = dm[1]!.trim();
    const dataLoc = type.startsWith('__data_loc');
    fields.push({
      name: dm[2]!, type, offset: Number(m[2]), size: Number(m[3]), signed: m[4] === '1', dataLoc,
      count: dm[3] && !dataLoc ? Number(dm[4] || 0) : 0, pointer: !dataLoc && type.includes('*'),
    });
  }
  if (!fields.length) throw new BpfError('EINVAL', `${what}: no 'field:' lines`);
  const size = Math.max(...fields.map((f) => f.offset + f.size));
  return { name, id, fields, size };
}

export type TraceValue = number | bigint | string | boolean | number[];

/** a context with simulated user memory after it: `relocs` are u64 pointer slots to patch */
export interface TraceContext {
  ctx: Uint8Array;
  /** bytes that follow the context (8-byte aligned) in the same region */
  user: Uint8Array;
  /** ctx offset of a u64 that must hold (region base + ctx.length rounded to 8 + userOff) */
  relocs: Array<{ ctxOff: number; userOff: number }>;
}

const PT_REGS_ALIASES: Record<string, string> = { arg1: 'di', arg2: 'si', arg3: 'dx', arg4: 'cx', arg5: 'r8', arg6: 'r9', ret: 'ax', rc: 'ax', fp: 'bp', pc: 'ip' };

class Builder {
  readonly relocs: TraceContext['relocs'] = [];
  private user: number[] = [];
  constructor(readonly ctx: Uint8Array) {}
  get dv(): DataView {
    return new DataView(this.ctx.buffer, this.ctx.byteOffset, this.ctx.byteLength);
  }
  /** append bytes to user memory (8-aligned), return their offset there */
  addUser(bytes: Uint8Array | number[]): number {
    const off = this.user.length;
    this.user.push(...bytes);
    while (this.user.length % 8) this.user.push(0);
    return off;
  }
  /** a scalar, or a pointer to user memory holding a string / bytes */
  put(off: number, size: number, v: TraceValue, field: string): void {
    if (typeof v === 'string' || Array.isArray(v)) {
      if (size !== 8) throw new BpfError('EINVAL', `field '${field}': a string or byte array needs a pointer (8-byte) field`);
      const bytes = typeof v === 'string' ? [...new TextEncoder().encode(v), 0] : v;
      this.relocs.push({ ctxOff: off, userOff: this.addUser(bytes) });
      return;
    }
    putInt(this.dv, off, size, v, field);
  }
  finish(): TraceContext {
    return { ctx: this.ctx, user: Uint8Array.from(this.user), relocs: this.relocs };
  }
}

function putInt(dv: DataView, off: number, size: number, v: number | bigint | boolean, field: string): void {
  const b = typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v);
  switch (size) {
    case 1: dv.setUint8(off, Number(BigInt.asUintN(8, b))); break;
    case 2: dv.setUint16(off, Number(BigInt.asUintN(16, b)), true); break;
    case 4: dv.setUint32(off, Number(BigInt.asUintN(32, b)), true); break;
    case 8: dv.setBigUint64(off, BigInt.asUintN(64, b), true); break;
    default: throw new BpfError('EINVAL', `field '${field}' is ${size} bytes: give it as a string or an array of bytes`);
  }
}

/** a tracepoint record from named fields (unnamed fields zero; common_pid from the task's pid when given) */
export function tracepointRecord(fmt: TpFormat, values: Record<string, TraceValue>): TraceContext {
  const b = new Builder(new Uint8Array(fmt.size));
  const known = new Set(fmt.fields.map((f) => f.name));
  for (const k of Object.keys(values)) if (!known.has(k)) throw new BpfError('EINVAL', `tracepoint ${fmt.name || ''} has no field '${k}' (fields: ${fmt.fields.map((f) => f.name).join(', ')})`);
  if (fmt.id) putInt(b.dv, 0, 2, fmt.id & 0xffff, 'common_type');
  const tail: Array<{ f: TpField; bytes: Uint8Array }> = [];
  for (const f of fmt.fields) {
    const v = values[f.name];
    if (v === undefined) continue;
    if (f.dataLoc) {
      tail.push({ f, bytes: typeof v === 'string' ? new Uint8Array([...new TextEncoder().encode(v), 0]) : Uint8Array.from(Array.isArray(v) ? v : []) });
      continue;
    }
    if (f.count && (typeof v === 'string' || Array.isArray(v))) {
      // a fixed array (char comm[16]): the bytes in place, NUL-padded
      const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : Uint8Array.from(v);
      b.ctx.set(bytes.subarray(0, f.size), f.offset);
      continue;
    }
    b.put(f.offset, f.size, v, f.name);
  }
  // __data_loc data lives after the fixed part of the record, inside it as the kernel stores it
  let size = fmt.size;
  for (const t of tail) size += t.bytes.length;
  const rec = new Uint8Array(size);
  rec.set(b.ctx);
  let at = fmt.size;
  const dv = new DataView(rec.buffer);
  for (const t of tail) {
    rec.set(t.bytes, at);
    dv.setUint32(t.f.offset, ((t.bytes.length & 0xffff) << 16) | (at & 0xffff), true);
    at += t.bytes.length;
  }
  const out = b.finish();
  return { ...out, ctx: rec };
}

/** struct pt_regs from register names (di, si, ax…) or arg1..arg6 / ret */
export function ptRegs(values: Record<string, TraceValue>, size = PT_REGS.size, prefix = ''): TraceContext {
  const b = new Builder(new Uint8Array(size));
  for (const [k0, v] of Object.entries(values)) {
    const k = PT_REGS_ALIASES[k0] ?? k0;
    const f = PT_REGS.fields.find((x) => x.name === k);
    if (!f) throw new BpfError('EINVAL', `pt_regs has no register '${k0}' (${PT_REGS.fields.map((x) => x.name).join(', ')}, or arg1..arg6, ret)`);
    b.put(f.off, 8, v, `${prefix}${k0}`);
  }
  return b.finish();
}

export interface TraceInput {
  /** tracepoint fields, pt_regs registers, or perf_event's sample_period/addr by name */
  fields?: Record<string, TraceValue>;
  /** raw_tp / tp_btf / fentry arguments */
  args?: TraceValue[];
}

/** the context of a tracing program of `progType` from named values (`format` for tracepoints) */
export function traceContext(progType: number, input: TraceInput, format?: TpFormat): TraceContext {
  const fields = input.fields ?? {};
  switch (progType) {
    case PT.TRACEPOINT:
      if (!format) throw new BpfError('EINVAL', 'a tracepoint context needs the tracepoint\'s format (tracefs events/CAT/NAME/format, or given)');
      return tracepointRecord(format, fields);
    case PT.KPROBE:
      return ptRegs(fields);
    case PT.PERF_EVENT: {
      const { sample_period, addr, ...regs } = fields;
      const c = ptRegs(regs, PERF_EVENT_DATA.size);
      const dv = new DataView(c.ctx.buffer);
      if (sample_period !== undefined) putInt(dv, 168, 8, sample_period as number, 'sample_period');
      if (addr !== undefined) putInt(dv, 176, 8, addr as number, 'addr');
      return c;
    }
    case PT.RAW_TRACEPOINT:
    case PT.RAW_TRACEPOINT_WRITABLE:
    case PT.TRACING: {
      const args = input.args ?? [];
      if (args.length > 12) throw new BpfError('E2BIG', `${args.length} arguments; raw tracepoints take at most 12`);
      const b = new Builder(new Uint8Array(8 * Math.max(args.length, 1)));
      args.forEach((v, i) => b.put(8 * i, 8, v, `args[${i}]`));
      return b.finish();
    }
    default:
      throw new BpfError('EINVAL', `program type ${progType} is not a tracing program: give its context as bytes (--ctx-in FILE)`);
  }
}

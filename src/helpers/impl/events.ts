/**
 * Helpers that send things out of the program or transfer control: bpf_trace_printk,
 * bpf_trace_vprintk, bpf_snprintf, bpf_tail_call, bpf_perf_event_output and the ring buffer.
 */
import { BPF_FUNC } from '../../isa/helper_ids.js';
import type { HelperContext, HelperRegistry } from '../api.js';
import { BPF_MAP_TYPE, RINGBUF_BY_REGION } from '../map_iface.js';
import { MAX_BPRINTF_BUF, MAX_BPRINTF_VARARGS, MAX_TRACE_PRINTK_VARARGS, formatBpf, parseBpfFormat, readFormat } from './printf.js';
import { canAccess, cpuOf, henv, mapArg, neg } from './util.js';

const id = (n: string): number => BPF_FUNC[n]!;

/** MAX_TAIL_CALL_CNT (include/linux/bpf.h) */
export const MAX_TAIL_CALL_CNT = 33;

/** bpf_trace_printk(fmt, fmt_size, arg1, arg2, arg3): the line goes to env.trace; returns its length */
function tracePrintk(h: HelperContext): void {
  const fmt = readFormat(h, h.argPtr(1), Number(BigInt.asUintN(32, h.arg(2))));
  if (typeof fmt === 'number') return h.ret(fmt);
  const pieces = parseBpfFormat(fmt, MAX_TRACE_PRINTK_VARARGS);
  if (typeof pieces === 'number') return h.ret(pieces);
  const line = formatBpf(h, pieces, [h.arg(3), h.arg(4), h.arg(5)]);
  h.env.trace?.(line.slice(0, MAX_BPRINTF_BUF - 1));
  h.ret(line.length);
}

/** read `len` bytes of u64 arguments (bpf_trace_vprintk / bpf_snprintf data); -EINVAL on bad sizes */
function readArgs(h: HelperContext, addr: number, len: number): bigint[] | number {
  if (len % 8 !== 0 || len / 8 > MAX_BPRINTF_VARARGS) return neg('EINVAL');
  if (len && !addr) return neg('EINVAL');
  if (!canAccess(h, addr, len, false)) return neg('EFAULT');
  const out: bigint[] = [];
  for (let i = 0; i < len; i += 8) out.push(h.as.dv.getBigUint64(addr + i, true));
  return out;
}

/** bpf_trace_vprintk(fmt, fmt_size, args, data_len) */
function traceVprintk(h: HelperContext): void {
  const args = readArgs(h, h.argPtr(3), Number(BigInt.asUintN(32, h.arg(4))));
  if (typeof args === 'number') return h.ret(args);
  const fmt = readFormat(h, h.argPtr(1), Number(BigInt.asUintN(32, h.arg(2))));
  if (typeof fmt === 'number') return h.ret(fmt);
  const pieces = parseBpfFormat(fmt, args.length);
  if (typeof pieces === 'number') return h.ret(pieces);
  const line = formatBpf(h, pieces, args);
  h.env.trace?.(line.slice(0, MAX_BPRINTF_BUF - 1));
  h.ret(line.length);
}

/**
 * bpf_snprintf(str, str_size, fmt, data, data_len): like snprintf with u64 arguments; returns
 * the length of the whole formatted string plus the NUL, even when cut to str_size.
 */
function snprintf(h: HelperContext): void {
  const str = h.argPtr(1);
  const size = Number(BigInt.asUintN(32, h.arg(2)));
  const args = readArgs(h, h.argPtr(4), Number(BigInt.asUintN(32, h.arg(5))));
  if (typeof args === 'number') return h.ret(args);
  // ARG_PTR_TO_CONST_STR: the verifier guarantees a NUL inside the read-only map value
  const fmt = readFormat(h, h.argPtr(3), 1 << 16);
  if (typeof fmt === 'number') return h.ret(fmt);
  const pieces = parseBpfFormat(fmt, args.length);
  if (typeof pieces === 'number') return h.ret(pieces);
  const s = formatBpf(h, pieces, args);
  if (size > 0) {
    h.as.check(str, size, true, h.pc);
    const n = Math.min(s.length, size - 1);
    for (let i = 0; i < n; i++) h.as.u8[str + i] = s.charCodeAt(i) & 0xff;
    h.as.u8[str + n] = 0;
  }
  h.ret(s.length + 1);
}

/**
 * bpf_tail_call(ctx, prog_array, index): on success the engine replaces the running program and
 * never returns here; on failure (index out of range, empty slot, or MAX_TAIL_CALL_CNT tail
 * calls already taken in this run) execution continues after the call.
 */
function tailCall(h: HelperContext): void {
  const m = mapArg(h, 2);
  const index = Number(BigInt.asUintN(32, h.arg(3)));
  if (m.type !== BPF_MAP_TYPE.PROG_ARRAY || !m.progAt) return;
  if (index >= m.maxEntries) return;
  const env = henv(h);
  const cnt = env.tailCallCnt ?? 0;
  if (cnt >= MAX_TAIL_CALL_CNT) return;
  const target = m.progAt(index);
  if (!target) return;
  env.tailCallCnt = cnt + 1;
  h.tailCall(target);
}

const BPF_F_INDEX_MASK = 0xffffffffn;
const BPF_F_CURRENT_CPU = 0xffffffffn;
const BPF_F_CTXLEN_MASK = 0xfffffn << 32n;

/**
 * bpf_perf_event_output(ctx, map, flags, data, size). For packet programs (skb, XDP) the upper
 * 32 bits of flags (BPF_F_CTXLEN_MASK) ask for that many packet bytes to be appended to the sample.
 */
function perfEventOutput(h: HelperContext): void {
  const m = mapArg(h, 2);
  const flags = h.arg(3);
  const data = h.argPtr(4);
  const size = Number(BigInt.asUintN(32, h.arg(5)));
  const env = henv(h);
  const pkt = env.xdp ?? env.skb;
  const allowed = pkt ? BPF_F_INDEX_MASK | BPF_F_CTXLEN_MASK : BPF_F_INDEX_MASK;
  if (flags & ~allowed) return h.ret(neg('EINVAL'));
  const ctxLen = Number((flags & BPF_F_CTXLEN_MASK) >> 32n);
  let extra = new Uint8Array(0);
  if (ctxLen) {
    const p = pkt as { data: number; dataEnd: number };
    if (ctxLen > p.dataEnd - p.data) return h.ret(neg('EFAULT'));
    extra = h.as.u8.slice(p.data, p.data + ctxLen);
  }
  let index = flags & BPF_F_INDEX_MASK;
  if (index === BPF_F_CURRENT_CPU) index = BigInt(cpuOf(h));
  if (index >= BigInt(m.maxEntries)) return h.ret(neg('E2BIG'));
  h.as.check(data, size, false, h.pc);
  const sample = new Uint8Array(size + extra.length);
  sample.set(h.as.u8.subarray(data, data + size));
  sample.set(extra, size);
  if (!m.perfOutput) return h.ret(neg('ENOENT'));
  h.ret(m.perfOutput(Number(index), sample));
}

const BPF_RB_NO_WAKEUP = 1n;
const BPF_RB_FORCE_WAKEUP = 2n;

function ringbufOutput(h: HelperContext): void {
  const m = mapArg(h, 1);
  const data = h.argPtr(2);
  const size = Number(BigInt.asUintN(32, h.arg(3)));
  const flags = h.arg(4);
  if (flags & ~(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)) return h.ret(neg('EINVAL'));
  if (!m.ringbuf) return h.ret(neg('EINVAL'));
  h.as.check(data, size, false, h.pc);
  h.ret(m.ringbuf.output(data, size, Number(flags)));
}

/** bpf_ringbuf_reserve(map, size, flags): NULL when flags are set or there is no room */
function ringbufReserve(h: HelperContext): void {
  const m = mapArg(h, 1);
  const size = Number(BigInt.asUintN(32, h.arg(2)));
  if (h.arg(3) !== 0n || !m.ringbuf) return h.ret(0);
  const rec = m.ringbuf.reserve(size);
  h.as.grant(rec);
  h.ret(rec);
}

function ringbufCommit(h: HelperContext, discard: boolean): void {
  commitRingbufRecord(h, h.argPtr(1), h.arg(2), discard);
}

/** bpf_ringbuf_commit of the record at `ptr` (submit, discard, and their dynptr forms) */
export function commitRingbufRecord(h: HelperContext, ptr: number, flags: bigint, discard: boolean): void {
  const env = henv(h);
  // the sandbox: only a record of a ring the program may use (a forged pointer into another ring faults)
  if (h.as.policy !== null) h.as.check(ptr, 1, true, h.pc);
  const region = h.as.regionAt(ptr);
  const rb = env.ringbufOf?.(ptr) ?? (region ? RINGBUF_BY_REGION.get(region) : undefined);
  // the verifier guarantees ptr came from bpf_ringbuf_reserve; without one we cannot find the ring
  if (!rb) return;
  rb.commit(ptr, discard, Number(flags & (BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)));
}

/** one function each (not a closure per registry), so the JIT can tell the kernel's helpers from a wrapper */
function ringbufSubmit(h: HelperContext): void {
  ringbufCommit(h, false);
}
function ringbufDiscard(h: HelperContext): void {
  ringbufCommit(h, true);
}

function ringbufQuery(h: HelperContext): void {
  const m = mapArg(h, 1);
  if (!m.ringbuf) return h.ret(0);
  h.ret64(m.ringbuf.query(Number(BigInt.asUintN(32, h.arg(2)))));
}

export function registerEvents(r: HelperRegistry): void {
  r.register(id('trace_printk'), 'bpf_trace_printk', tracePrintk)
    .register(id('trace_vprintk'), 'bpf_trace_vprintk', traceVprintk)
    .register(id('snprintf'), 'bpf_snprintf', snprintf)
    .register(id('tail_call'), 'bpf_tail_call', tailCall)
    .register(id('perf_event_output'), 'bpf_perf_event_output', perfEventOutput)
    .register(id('ringbuf_output'), 'bpf_ringbuf_output', ringbufOutput)
    .register(id('ringbuf_reserve'), 'bpf_ringbuf_reserve', ringbufReserve)
    .register(id('ringbuf_submit'), 'bpf_ringbuf_submit', ringbufSubmit)
    .register(id('ringbuf_discard'), 'bpf_ringbuf_discard', ringbufDiscard)
    .register(id('ringbuf_query'), 'bpf_ringbuf_query', ringbufQuery);
}

/**
 * Dynptr helpers and kfuncs, as kernel/bpf/helpers.c has them. A dynptr is the program's 16-byte
 * `struct bpf_dynptr` on its stack, laid out as `struct bpf_dynptr_kern`: the data pointer (an
 * address-space offset, zero-extended to 8 bytes), `size` (low 24 bits; the type in bits 28-30;
 * bit 31 read-only) and `offset`. A NULL dynptr (bpf_dynptr_set_null) is all zeroes.
 * - helpers: bpf_dynptr_from_mem (local), bpf_ringbuf_reserve_dynptr / submit / discard,
 *   bpf_dynptr_read / write / data, bpf_user_ringbuf_drain (a local dynptr per sample);
 * - kfuncs: bpf_dynptr_from_skb / from_xdp (the emulated packet is linear: an skb or xdp dynptr
 *   is the packet's data, so slices point into it as skb_pointer_if_linear / bpf_xdp_pointer
 *   would), bpf_dynptr_slice[_rdwr], adjust, is_null, is_rdonly, size, clone.
 * The verifier guarantees each dynptr argument is an initialised dynptr on the stack; the checks
 * here are the ones the kernel makes at run time (NULL dynptr, read-only, offset and length).
 */
import { BPF_FUNC } from '../../isa/helper_ids.js';
import type { HelperContext, HelperFn, HelperRegistry } from '../api.js';
import { commitRingbufRecord } from './events.js';
import { copyIn, henv, mapArg, needCallback, neg } from './util.js';

const DYNPTR_TYPE_SHIFT = 28;
const DYNPTR_SIZE_MASK = 0xffffff;
const DYNPTR_RDONLY_BIT = 0x80000000;
/** DYNPTR_MAX_SIZE: the size field's 24 bits */
const DYNPTR_MAX_SIZE = DYNPTR_SIZE_MASK;

const LOCAL = 1;
const RINGBUF = 2;
const SKB = 3;
const XDP = 4;

/** struct bpf_dynptr_kern at `p`, checked as 16 writable bytes of the program */
interface Kern { data: number; size: number; type: number; rdonly: boolean; offset: number }

function load(h: HelperContext, p: number): Kern {
  h.as.check(p, 16, false, h.pc);
  const dv = h.as.dv;
  const word = dv.getUint32(p + 8, true);
  return { data: dv.getUint32(p, true), size: word & DYNPTR_SIZE_MASK, type: (word & ~DYNPTR_RDONLY_BIT) >>> DYNPTR_TYPE_SHIFT, rdonly: (word & DYNPTR_RDONLY_BIT) !== 0, offset: dv.getUint32(p + 12, true) };
}

/** bpf_dynptr_init (with the read-only bit) */
function init(h: HelperContext, p: number, data: number, type: number, offset: number, size: number, rdonly = false): void {
  h.as.check(p, 16, true, h.pc);
  const dv = h.as.dv;
  dv.setUint32(p, data, true);
  dv.setUint32(p + 4, 0, true);
  dv.setUint32(p + 8, ((size | (type << DYNPTR_TYPE_SHIFT)) | (rdonly ? DYNPTR_RDONLY_BIT : 0)) >>> 0, true);
  dv.setUint32(p + 12, offset, true);
}

/** bpf_dynptr_set_null */
function setNull(h: HelperContext, p: number): void {
  h.as.check(p, 16, true, h.pc);
  h.as.u8.fill(0, p, p + 16);
}

/** bpf_dynptr_check_off_len */
const offLenOk = (k: Kern, off: number, len: number): boolean => !(len > k.size || off > k.size - len);

/** bpf_dynptr_from_mem(data, size, flags, ptr) */
const fromMem: HelperFn = (h) => {
  const data = h.argPtr(1);
  const size = h.argLo(2) >>> 0;
  const ptr = h.argPtr(4);
  if (size > DYNPTR_MAX_SIZE) { setNull(h, ptr); return h.ret(neg('E2BIG')); }
  if (h.arg(3) !== 0n) { setNull(h, ptr); return h.ret(neg('EINVAL')); }
  init(h, ptr, data, LOCAL, 0, size);
  h.ret(0);
};

/** bpf_ringbuf_reserve_dynptr(map, size, flags, ptr) */
const ringbufReserveDynptr: HelperFn = (h) => {
  const m = mapArg(h, 1);
  const size = h.argLo(2) >>> 0;
  const ptr = h.argPtr(4);
  if (h.arg(3) !== 0n) { setNull(h, ptr); return h.ret(neg('EINVAL')); }
  if (size > DYNPTR_MAX_SIZE) { setNull(h, ptr); return h.ret(neg('E2BIG')); }
  const rec = m.ringbuf ? m.ringbuf.reserve(size) : 0;
  if (!rec) { setNull(h, ptr); return h.ret(neg('EINVAL')); }
  h.as.grant(rec);
  init(h, ptr, rec, RINGBUF, 0, size);
  h.ret(0);
};

/** bpf_ringbuf_submit_dynptr / bpf_ringbuf_discard_dynptr(ptr, flags) */
function ringbufCommitDynptr(h: HelperContext, discard: boolean): void {
  const ptr = h.argPtr(1);
  const k = load(h, ptr);
  if (k.data) {
    commitRingbufRecord(h, k.data, h.arg(2), discard);
    setNull(h, ptr);
  }
  h.ret(0);
}

/** bpf_dynptr_read(dst, len, src, offset, flags) */
const read: HelperFn = (h) => {
  const dst = h.argPtr(1);
  const len = h.argLo(2) >>> 0;
  const k = load(h, h.argPtr(3));
  const off = h.argLo(4) >>> 0;
  if (!k.data || h.arg(5) !== 0n) return h.ret(neg('EINVAL'));
  if (!offLenOk(k, off, len)) return h.ret(neg('E2BIG'));
  copyIn(h, dst, k.data + k.offset + off, len);
  h.ret(0);
};

/** bpf_dynptr_write(dst, offset, src, len, flags) */
const write: HelperFn = (h) => {
  const k = load(h, h.argPtr(1));
  const off = h.argLo(2) >>> 0;
  const src = h.argPtr(3);
  const len = h.argLo(4) >>> 0;
  if (!k.data || k.rdonly) return h.ret(neg('EINVAL'));
  if (!offLenOk(k, off, len)) return h.ret(neg('E2BIG'));
  // local and ring-buffer dynptrs take no flags; an skb's (BPF_F_RECOMPUTE_CSUM...) the emulated linear packet ignores
  if (k.type !== SKB && h.arg(5) !== 0n) return h.ret(neg('EINVAL'));
  copyIn(h, k.data + k.offset + off, src, len);
  h.ret(0);
};

/** bpf_dynptr_data(ptr, offset, len): NULL for skb and xdp dynptrs (their data may not be linear) */
const data: HelperFn = (h) => {
  const k = load(h, h.argPtr(1));
  const off = h.argLo(2) >>> 0;
  const len = h.argLo(3) >>> 0;
  if (!k.data || !offLenOk(k, off, len) || k.rdonly || (k.type !== LOCAL && k.type !== RINGBUF)) return h.ret(0);
  h.ret(k.data + k.offset + off);
};

/** bpf_dynptr_from_skb / bpf_dynptr_from_xdp(ctx, flags, ptr__uninit): the packet's data */
function fromPacket(type: number): HelperFn {
  return (h) => {
    const ptr = h.argPtr(3);
    const pkt = henv(h).packet;
    if (h.arg(2) !== 0n || !pkt) { setNull(h, ptr); return h.ret(neg('EINVAL')); }
    init(h, ptr, pkt.data, type, 0, pkt.dataEnd - pkt.data);
    h.ret(0);
  };
}

/** bpf_dynptr_slice[_rdwr](ptr, offset, buffer__opt, buffer__szk): the data itself (linear) */
function slice(rdwr: boolean): HelperFn {
  return (h) => {
    const k = load(h, h.argPtr(1));
    const off = h.argLo(2) >>> 0;
    const len = h.argLo(4) >>> 0;
    if (!k.data || (rdwr && k.rdonly) || !offLenOk(k, off, len)) return h.ret(0);
    h.ret(k.data + k.offset + off);
  };
}

/** bpf_dynptr_adjust(ptr, start, end) */
const adjust: HelperFn = (h) => {
  const p = h.argPtr(1);
  const k = load(h, p);
  const start = h.argLo(2) >>> 0;
  const end = h.argLo(3) >>> 0;
  if (!k.data || start > end) return h.ret(neg('EINVAL'));
  if (start > k.size || end > k.size) return h.ret(neg('ERANGE'));
  init(h, p, k.data, k.type, k.offset + start, end - start, k.rdonly);
  h.ret(0);
};

/** bpf_dynptr_clone(ptr, clone__uninit): the same view (ring-buffer clones share the record) */
const clone: HelperFn = (h) => {
  const c = h.argPtr(2);
  const k = load(h, h.argPtr(1));
  if (!k.data) { setNull(h, c); return h.ret(neg('EINVAL')); }
  init(h, c, k.data, k.type, k.offset, k.size, k.rdonly);
  h.ret(0);
};

/** BPF_MAX_USER_RINGBUF_SAMPLES (kernel/bpf/ringbuf.c) */
const BPF_MAX_USER_RINGBUF_SAMPLES = 128 * 1024;

/**
 * bpf_user_ringbuf_drain(map, callback_fn, ctx, flags) (kernel/bpf/ringbuf.c): hand each
 * published sample to callback_fn(dynptr, ctx) as a local dynptr until the ring is empty, a busy
 * record is next, or the callback returns 1; discarded samples are skipped and not counted.
 * Returns the samples consumed, or a negative errno (EINVAL: unknown flags or a corrupt header;
 * EBUSY: a drain of the same ring is running; E2BIG: a sample larger than a dynptr or the ring).
 */
const userRingbufDrain: HelperFn = (h) => {
  const m = mapArg(h, 1);
  const fn = h.argPtr(2);
  const ctx = h.arg(3);
  // BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP: wakeups have no one to wake here
  if (h.arg(4) & ~3n) return h.ret(neg('EINVAL'));
  const rb = m.userRingbuf;
  if (!rb) return h.ret(neg('EINVAL'));
  if (rb.busy) return h.ret(neg('EBUSY'));
  const cb = needCallback(h);
  rb.busy = true;
  let samples = 0, discarded = 0, ret = 0n;
  try {
    for (; samples < BPF_MAX_USER_RINGBUF_SAMPLES && ret === 0n; samples++) {
      const s = rb.peek();
      if (typeof s === 'number') {
        if (s === neg('ENODATA')) break;
        if (s === neg('EAGAIN')) { discarded++; continue; }
        return h.ret(s);
      }
      init(h, rb.dynptr, s.sample, LOCAL, 0, s.size);
      ret = BigInt.asUintN(64, cb(fn, BigInt(rb.dynptr), ctx, 0n, 0n, 0n));
      rb.release(s.size);
    }
  } finally {
    rb.busy = false;
  }
  h.ret(samples - discarded);
};

/** the dynptr kfuncs the emulator runs (kfuncs.ts gives them ids) */
export const DYNPTR_KFUNCS: readonly (readonly [string, HelperFn])[] = [
  ['bpf_dynptr_from_skb', fromPacket(SKB)],
  ['bpf_dynptr_from_xdp', fromPacket(XDP)],
  ['bpf_dynptr_slice', slice(false)],
  ['bpf_dynptr_slice_rdwr', slice(true)],
  ['bpf_dynptr_adjust', adjust],
  ['bpf_dynptr_is_null', (h) => h.ret(load(h, h.argPtr(1)).data ? 0 : 1)],
  ['bpf_dynptr_is_rdonly', (h) => { const k = load(h, h.argPtr(1)); h.ret(k.data && k.rdonly ? 1 : 0); }],
  // __u32: -EINVAL as an unsigned 32-bit value
  ['bpf_dynptr_size', (h) => { const k = load(h, h.argPtr(1)); h.ret(k.data ? k.size : neg('EINVAL') >>> 0); }],
  ['bpf_dynptr_clone', clone],
];

export function registerDynptr(r: HelperRegistry): void {
  const id = (n: string): number => BPF_FUNC[n]!;
  r.register(id('dynptr_from_mem'), 'bpf_dynptr_from_mem', fromMem)
    .register(id('ringbuf_reserve_dynptr'), 'bpf_ringbuf_reserve_dynptr', ringbufReserveDynptr)
    .register(id('ringbuf_submit_dynptr'), 'bpf_ringbuf_submit_dynptr', (h) => ringbufCommitDynptr(h, false))
    .register(id('ringbuf_discard_dynptr'), 'bpf_ringbuf_discard_dynptr', (h) => ringbufCommitDynptr(h, true))
    .register(id('dynptr_read'), 'bpf_dynptr_read', read)
    .register(id('dynptr_write'), 'bpf_dynptr_write', write)
    .register(id('dynptr_data'), 'bpf_dynptr_data', data)
    .register(id('user_ringbuf_drain'), 'bpf_user_ringbuf_drain', userRingbufDrain);
}

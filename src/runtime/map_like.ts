/**
 * The bridge between maps/ and the helper implementations (helpers/map_iface.ts BpfMapLike):
 * helpers see a map through this adapter — program-face operations on addresses — and find it
 * from a register with `resolveMap(ptr)` (the map's handle, what lddw loaded).
 */
import type { AddressSpace } from '../vm/address_space.js';
import type { BpfMapLike, RingBufLike } from '../helpers/map_iface.js';
import { BpfMap } from '../maps/map.js';
import { MapType } from '../maps/constants.js';
import { ProgArrayMap } from '../maps/prog_array.js';
import { PerfEventArrayMap } from '../maps/perf_event_array.js';
import { RINGBUF_BY_DATA_REGION, RingBuf } from '../maps/ringbuf.js';
import { LocalStorageMap } from '../maps/local_storage.js';
import { UserRingBuf } from '../maps/user_ringbuf.js';
import { ReuseportArrayMap } from '../maps/reuseport_array.js';
import { ArenaMap } from '../maps/arena.js';

const cache = new WeakMap<BpfMap, BpfMapLike>();
const rbCache = new WeakMap<RingBuf, RingBufLike>();

function ringLike(rb: RingBuf): RingBufLike {
  let r = rbCache.get(rb);
  if (!r) {
    r = {
      reserve: (size) => rb.reserve(size, 0),
      commit: (ptr, discard, flags) => void rb.commit(ptr, flags, discard),
      output: (ptr, size, flags) => rb.output(ptr, size, flags),
      query: (f) => BigInt(rb.query(f)),
    };
    rbCache.set(rb, r);
  }
  return r;
}

/** the helpers' view of a map */
export function mapLike(m: BpfMap): BpfMapLike {
  let l = cache.get(m);
  if (l) return l;
  const isQueue = m.type === MapType.QUEUE || m.type === MapType.STACK || m.type === MapType.BLOOM_FILTER;
  l = {
    type: m.type,
    keySize: m.keySize,
    valueSize: m.valueSize,
    maxEntries: m.maxEntries,
    flags: m.flags,
    name: m.name,
    handle: m.handle,
    lookupPtr: (k, cpu) => m.lookupPtr(k, cpu ?? 0),
    update: (k, v, f, cpu) => m.updatePtr(k, v, f, cpu ?? 0),
    delete: (k) => m.deletePtr(k),
    ...(isQueue ? { push: (v: number, f: number) => m.pushPtr(v, f), pop: (v: number) => m.popPtr(v), peek: (v: number) => m.peekPtr(v) } : {}),
    forEach: (fn, cpu) => m.forEachPtr(cpu ?? 0, fn),
    ...(m instanceof ProgArrayMap ? { progAt: (i: number) => m.get(i) ?? undefined } : {}),
    ...(m instanceof ReuseportArrayMap ? { socketAt: (i: number) => m.selectedSocket(i) } : {}),
    ...(m instanceof RingBuf ? { ringbuf: ringLike(m) } : {}),
    ...(m instanceof UserRingBuf ? { userRingbuf: m } : {}),
    ...(m instanceof PerfEventArrayMap ? { perfOutput: (i: number, d: Uint8Array) => m.outputAt(i, d) } : {}),
    ...(m instanceof LocalStorageMap ? { storageGet: (o: number, v: number, f: number) => m.storageGet(o, v, f), storageDelete: (o: number) => m.storageDelete(o) } : {}),
    asyncElem: (f: number) => m.asyncElem(f),
    ...(m instanceof ArenaMap ? { arena: m } : {}),
    userRefs: () => m.usercnt,
    innerMap: (ptr: number) => {
      const inner = BpfMap.fromPtr(m.as, ptr);
      return inner ? mapLike(inner) : undefined;
    },
  };
  cache.set(m, l);
  return l;
}

/** env.resolveMap for runs in `as` */
export function mapResolver(as: AddressSpace): (ptr: number) => BpfMapLike | undefined {
  return (ptr) => {
    const m = BpfMap.fromPtr(as, ptr);
    return m ? mapLike(m) : undefined;
  };
}

/** env.ringbufOf for runs in `as` */
export function ringbufResolver(as: AddressSpace): (ptr: number) => RingBufLike | undefined {
  return (ptr) => {
    const r = as.regionAt(ptr);
    const rb = r ? RINGBUF_BY_DATA_REGION.get(r) : undefined;
    return rb ? ringLike(rb) : undefined;
  };
}

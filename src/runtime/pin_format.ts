/**
 * The pin file: what a pinned map is on disk in the directory that plays bpffs. A pinned map
 * outlives the process; another process opens the path and gets a map with the same attributes
 * and contents. Layout (little-endian):
 *
 *   0  "TSBPFPIN"        magic
 *   8  u32 version (1)    12 u32 header length (96)
 *  16  u64 total length of the file
 *  24  u32 map_type  28 u32 key_size  32 u32 value_size  36 u32 max_entries  40 u32 map_flags
 *  44  u32 ncpus (per-CPU value layout)   48 u64 map_extra   56 u32 hash seed
 *  60  u32 state (bit 0: frozen)   64 i32 spin lock offset   68 u32 meta length
 *  72  u32 entry count   76 u32 payload length   80 char name[16]
 *  96  meta (JSON: BTF descriptions for formatting)   then payload
 *  end-8: u32 CRC-32 of every byte before it, then "PIN\n"
 *
 * Payload by map type: arrays — every value (user layout); hash maps, LPM tries, hash-of-maps
 * ids — key|value pairs in get_next_key order; queue/stack — values oldest first; bloom filter —
 * the bit array; stack trace — id, nr, ips per stack. Ring buffers, perf event arrays, program
 * arrays and map-in-map slots hold objects of a running process and are pinned empty.
 * A file whose length, magic or checksum is wrong is refused with EBADMSG, never half-loaded.
 */
import { BpfError } from '../isa/errors.js';
import type { AddressSpace } from '../vm/address_space.js';
import { ArrayMap } from '../maps/array.js';
import { BloomFilter } from '../maps/bloom_filter.js';
import { MapType, type MapAttr } from '../maps/constants.js';
import { createMap } from '../maps/create.js';
import { HashMap } from '../maps/hashtab.js';
import { LpmTrie } from '../maps/lpm_trie.js';
import { BpfMap, type MapOptions } from '../maps/map.js';
import { QueueStackMap } from '../maps/queue_stack.js';
import { StackTraceMap } from '../maps/stackmap.js';
import { crc32 } from './crc32.js';

const MAGIC = 'TSBPFPIN';
const VERSION = 1;
const HDR = 96;
const TRAILER = 8;

export interface PinnedMapInfo {
  attr: MapAttr;
  ncpus: number;
  seed: number;
  frozen: boolean;
  meta: Record<string, unknown>;
  count: number;
  payload: Uint8Array;
}

function seedOf(m: BpfMap): number {
  if (m instanceof HashMap || m instanceof BloomFilter) return m.seed;
  return 0;
}

/** every key in get_next_key order */
export function allKeys(m: BpfMap): Uint8Array[] {
  const keys: Uint8Array[] = [];
  let k: Uint8Array | null = null;
  for (;;) {
    try {
      k = m.getNextKey(k);
    } catch (e) {
      if (e instanceof BpfError && e.errno === 'ENOENT') break;
      throw e;
    }
    keys.push(k);
    if (keys.length > 0x10000000) break;
  }
  return keys;
}

function payloadOf(m: BpfMap): { count: number; parts: Uint8Array[] } {
  if (m instanceof ArrayMap) {
    // straight from the element pool (user layout: per-CPU values at round_up(value_size, 8))
    const vs = m.userValueSize;
    const out = new Uint8Array(m.maxEntries * vs);
    const u8 = m.as.u8;
    const per = m.percpu ? m.ncpus : 1;
    const n = m.percpu ? m.stride : m.valueSize;
    for (let i = 0; i < m.maxEntries; i++)
      for (let c = 0; c < per; c++) {
        const a = m.elemAddr(i, c);
        out.set(u8.subarray(a, a + n), i * vs + c * m.stride);
      }
    if (m.spinLockOff >= 0) for (let i = 0; i < m.maxEntries; i++) for (let c = 0; c < per; c++) out.fill(0, i * vs + c * m.stride + m.spinLockOff, i * vs + c * m.stride + m.spinLockOff + 4);
    return { count: m.maxEntries, parts: [out] };
  }
  if (m instanceof HashMap || m instanceof LpmTrie) {
    const parts: Uint8Array[] = [];
    const keys = allKeys(m);
    for (const k of keys) parts.push(k, m.lookup(k));
    return { count: keys.length, parts };
  }
  if (m instanceof QueueStackMap) {
    const v = m.values();
    return { count: v.length, parts: v };
  }
  if (m instanceof BloomFilter) {
    const b = m.bits();
    return { count: b.length, parts: [b] };
  }
  if (m instanceof StackTraceMap) {
    const parts: Uint8Array[] = [];
    let n = 0;
    m.buckets.forEach((b, id) => {
      if (!b) return;
      const h = new Uint8Array(8);
      const dv = new DataView(h.buffer);
      dv.setUint32(0, id, true);
      dv.setUint32(4, b.nr, true);
      parts.push(h, new Uint8Array(b.ips.buffer.slice(0, b.nr * 8)));
      n++;
    });
    return { count: n, parts };
  }
  return { count: 0, parts: [] };
}

/** serialize a map to the pin file format */
export function encodePin(m: BpfMap, meta: Record<string, unknown> = {}): Uint8Array {
  const { count, parts } = payloadOf(m);
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
  const payloadLen = parts.reduce((a, p) => a + p.length, 0);
  const total = HDR + metaBytes.length + payloadLen + TRAILER;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  dv.setUint32(8, VERSION, true);
  dv.setUint32(12, HDR, true);
  dv.setBigUint64(16, BigInt(total), true);
  const a = m.attr;
  dv.setUint32(24, m.type, true);
  dv.setUint32(28, m.keySize, true);
  dv.setUint32(32, m.valueSize, true);
  dv.setUint32(36, a.maxEntries >>> 0, true);
  dv.setUint32(40, m.flags, true);
  dv.setUint32(44, m.ncpus, true);
  dv.setBigUint64(48, BigInt.asUintN(64, m.mapExtra), true);
  dv.setUint32(56, seedOf(m), true);
  dv.setUint32(60, m.frozen ? 1 : 0, true);
  dv.setInt32(64, m.spinLockOff, true);
  dv.setUint32(68, metaBytes.length, true);
  dv.setUint32(72, count, true);
  dv.setUint32(76, payloadLen, true);
  out.set(new TextEncoder().encode(m.name).subarray(0, 15), 80);
  out.set(metaBytes, HDR);
  let o = HDR + metaBytes.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  dv.setUint32(o, crc32(out, 0, o), true);
  out.set(new TextEncoder().encode('PIN\n'), o + 4);
  return out;
}

/** parse and verify a pin file (EBADMSG when it is not a whole, intact pin) */
export function decodePin(b: Uint8Array, path = 'pin'): PinnedMapInfo {
  const bad = (why: string): never => {
    throw new BpfError('EBADMSG', `${path}: not a valid tsbpf pin: ${why}`);
  };
  if (b.length < HDR + TRAILER) bad(`${b.length} bytes is shorter than a header`);
  if (new TextDecoder().decode(b.subarray(0, 8)) !== MAGIC) bad('bad magic');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(8, true) !== VERSION) bad(`version ${dv.getUint32(8, true)}`);
  if (dv.getUint32(12, true) !== HDR) bad('bad header length');
  const total = Number(dv.getBigUint64(16, true));
  if (total !== b.length) bad(`length ${b.length}, header says ${total}`);
  const crcAt = total - TRAILER;
  if (dv.getUint32(crcAt, true) !== crc32(b, 0, crcAt)) bad('checksum mismatch');
  const metaLen = dv.getUint32(68, true);
  const payloadLen = dv.getUint32(76, true);
  if (HDR + metaLen + payloadLen !== crcAt) bad('section lengths do not add up');
  const nameBytes = b.subarray(80, 96);
  const z = nameBytes.indexOf(0);
  const name = new TextDecoder().decode(nameBytes.subarray(0, z < 0 ? 16 : z));
  let meta: Record<string, unknown> = {};
  try {
    meta = JSON.parse(new TextDecoder().decode(b.subarray(HDR, HDR + metaLen))) as Record<string, unknown>;
  } catch {
    bad('meta is not JSON');
  }
  const spin = dv.getInt32(64, true);
  const attr: MapAttr = {
    mapType: dv.getUint32(24, true),
    keySize: dv.getUint32(28, true),
    valueSize: dv.getUint32(32, true),
    maxEntries: dv.getUint32(36, true),
    mapFlags: dv.getUint32(40, true),
    mapExtra: dv.getBigUint64(48, true),
    mapName: name,
    ...(spin >= 0 ? { spinLockOff: spin } : {}),
  };
  return {
    attr,
    ncpus: dv.getUint32(44, true),
    seed: dv.getUint32(56, true),
    frozen: (dv.getUint32(60, true) & 1) !== 0,
    meta,
    count: dv.getUint32(72, true),
    payload: b.subarray(HDR + metaLen, crcAt),
  };
}

/**
 * The payload holds `count` entries of the map's shape (payloadOf's layouts): a file whose checksum
 * is right but whose header and payload disagree (written by something else, or edited) is refused
 * with EBADMSG before anything is read past its end
 */
function checkPayload(m: BpfMap, info: PinnedMapInfo, path: string): void {
  const p = info.payload;
  const n = info.count;
  const bad = (why: string): never => {
    throw new BpfError('EBADMSG', `${path}: not a valid tsbpf pin: ${why}`);
  };
  const fixed = (each: number, what: string): void => {
    if (p.length !== n * each) bad(`${p.length} payload bytes are not ${n} ${what} of ${each} bytes`);
  };
  if (m instanceof ArrayMap) {
    if (n !== m.maxEntries) bad(`${n} values for an array of ${m.maxEntries}`);
    fixed(m.userValueSize, 'values');
  } else if (m instanceof HashMap || m instanceof LpmTrie) {
    if (n > m.maxEntries) bad(`${n} entries for a map of ${m.maxEntries}`);
    fixed(m.keySize + m.userValueSize, 'key|value pairs');
  } else if (m instanceof QueueStackMap) {
    if (n > m.maxEntries) bad(`${n} values for a map of ${m.maxEntries}`);
    fixed(m.valueSize, 'values');
  } else if (m instanceof BloomFilter) {
    if (p.length !== m.bitsetBytes) bad(`${p.length} bytes of bits for a filter of ${m.bitsetBytes}`);
  } else if (m instanceof StackTraceMap) {
    const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
    let o = 0;
    for (let i = 0; i < n; i++) {
      if (o + 8 > p.length) bad(`stack ${i} of ${n} starts past the payload's ${p.length} bytes`);
      o += 8 + dv.getUint32(o + 4, true) * 8;
    }
    if (o !== p.length) bad(`${n} stacks take ${o} bytes, the payload has ${p.length}`);
  }
}

/** put a pin's contents into a map of the same shape (clearing what it held) */
export function restoreContents(m: BpfMap, info: PinnedMapInfo, path = 'pin'): void {
  checkPayload(m, info, path);
  const p = info.payload;
  const vs = m.userValueSize;
  const ks = m.keySize;
  const wasFrozen = m.frozen;
  m.frozen = false;
  try {
    if (m instanceof ArrayMap) {
      const key = new Uint8Array(4);
      const dv = new DataView(key.buffer);
      for (let i = 0; i < Math.min(info.count, m.maxEntries); i++) {
        dv.setUint32(0, i, true);
        m.update(key, p.subarray(i * vs, (i + 1) * vs), 0);
      }
    } else if (m instanceof HashMap || m instanceof LpmTrie) {
      for (const k of allKeys(m)) m.delete(k);
      const w = ks + vs;
      // reverse order: each element goes to its bucket's head, so the original order comes back
      for (let i = info.count - 1; i >= 0; i--) m.update(p.subarray(i * w, i * w + ks), p.subarray(i * w + ks, (i + 1) * w), 0);
    } else if (m instanceof QueueStackMap) {
      while (m.length) m.lookupAndDelete(null);
      for (let i = 0; i < info.count; i++) m.update(null, p.subarray(i * m.valueSize, (i + 1) * m.valueSize), 0);
    } else if (m instanceof BloomFilter) {
      m.setBits(p);
    } else if (m instanceof StackTraceMap) {
      m.buckets.fill(null);
      const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
      let o = 0;
      for (let i = 0; i < info.count; i++) {
        const id = dv.getUint32(o, true);
        const nr = dv.getUint32(o + 4, true);
        const ips = new BigUint64Array(p.slice(o + 8, o + 8 + nr * 8).buffer);
        m.restore(id, ips);
        o += 8 + nr * 8;
      }
    }
  } finally {
    m.frozen = wasFrozen || info.frozen;
  }
}

/** a new map (in `as`) from a pin */
export function mapFromPin(as: AddressSpace, info: PinnedMapInfo, opts: MapOptions, path: string): BpfMap {
  const percpu = [MapType.PERCPU_ARRAY, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH].includes(info.attr.mapType as 5);
  const ncpus = Math.max(1, opts.ncpus ?? 1);
  if (percpu && info.ncpus !== ncpus) throw new BpfError('EINVAL', `${path}: per-CPU map pinned with ${info.ncpus} CPUs, this runtime has ${ncpus}`);
  // the pin keeps neither a map-in-map's inner map template nor its slots (objects of the process
  // that pinned it, payloadOf): only that process, whose live map objGet returns, can open it
  if (info.attr.mapType === MapType.ARRAY_OF_MAPS || info.attr.mapType === MapType.HASH_OF_MAPS) {
    throw new BpfError('ENOTSUPP', `${path}: a pinned map-in-map opens only in the process that pinned it (its inner map template and slots are that process's objects)`);
  }
  const m = createMap(as, info.attr, { ...opts, seed: info.seed });
  restoreContents(m, info, path);
  return m;
}

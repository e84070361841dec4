/**
 * BPF_MAP_TYPE_LPM_TRIE (kernel/bpf/lpm_trie.c): a path-compressed binary trie with intermediate
 * nodes, the kernel's insert/delete/lookup/get_next_key algorithms step for step, so
 * get_next_key yields the same postorder (more specific prefixes first).
 *
 * Keys are struct bpf_lpm_trie_key_u8 { __u32 prefixlen; __u8 data[]; } (prefixlen host order,
 * data in network order). Values live in a pool of max_entries+1 slots in the address space (one
 * spare for replace-in-place), so a lookup hands the program a pointer as the kernel's does.
 */
import { BpfError } from '../isa/errors.js';
import { AddressSpace, RegionKind } from '../vm/address_space.js';
import { BPF_EXIST, BPF_F_ACCESS_MASK, BPF_F_NO_PREALLOC, BPF_F_NUMA_NODE, BPF_F_RDONLY_PROG, BPF_NOEXIST, round8, type MapAttr } from './constants.js';
import { accessFlagsOk } from './array.js';
import { BpfMap, EEXIST, EINVAL, ENOENT, ENOSPC, check, type BatchOptions, type BatchResult, type MapOptions } from './map.js';

const LPM_DATA_SIZE_MAX = 256;
const LPM_DATA_SIZE_MIN = 1;
const LPM_KEY_SIZE_MIN = 4 + LPM_DATA_SIZE_MIN;
const LPM_KEY_SIZE_MAX = 4 + LPM_DATA_SIZE_MAX;
const LPM_VAL_SIZE_MAX = (1 << 22) - LPM_DATA_SIZE_MAX - 64;
const LPM_CREATE_FLAG_MASK = BPF_F_NO_PREALLOC | BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK;

/** trie_alloc's checks */
export function trieAllocCheck(a: MapAttr): void {
  const f = a.mapFlags ?? 0;
  if (a.maxEntries === 0 || !(f & BPF_F_NO_PREALLOC) || (f & ~LPM_CREATE_FLAG_MASK) || !accessFlagsOk(f) ||
    a.keySize < LPM_KEY_SIZE_MIN || a.keySize > LPM_KEY_SIZE_MAX || a.valueSize < 1 || a.valueSize > LPM_VAL_SIZE_MAX)
    throw new BpfError('EINVAL', `LPM trie: needs BPF_F_NO_PREALLOC, key_size 5..260 (4-byte prefixlen + data), value_size >= 1, max_entries > 0 (key_size=${a.keySize} value_size=${a.valueSize} max_entries=${a.maxEntries} map_flags=0x${f.toString(16)})`);
}

interface Node {
  prefixlen: number;
  data: Uint8Array;
  /** LPM_TREE_NODE_FLAG_IM: an intermediate node without a value */
  im: boolean;
  child: [Node | null, Node | null];
  /** value slot, -1 for intermediate nodes */
  slot: number;
}

export class LpmTrie extends BpfMap {
  readonly dataSize: number;
  readonly maxPrefixlen: number;
  root: Node | null = null;
  nEntries = 0;
  private readonly vStride: number;
  private readonly vBase: number;
  private readonly freeSlots: number[] = [];

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    super(as, attr, opts);
    this.dataSize = this.keySize - 4;
    this.maxPrefixlen = this.dataSize * 8;
    this.vStride = round8(this.valueSize);
    const n = this.maxEntries + 1;
    this.vBase = this.alloc(n * this.vStride, RegionKind.MapValue, `${this.name || 'lpm'} values`, !(this.flags & BPF_F_RDONLY_PROG)).base;
    for (let i = n - 1; i >= 0; i--) this.freeSlots.push(i);
  }

  private slotAddr(s: number): number {
    return this.vBase + s * this.vStride;
  }

  /** longest_prefix_match: leading bits equal between node and key, up to the shorter prefix */
  private match(node: Node, kp: number, kd: Uint8Array, ko: number): number {
    const limit = Math.min(node.prefixlen, kp);
    let n = 0;
    let i = 0;
    while (n < limit) {
      const x = node.data[i]! ^ kd[ko + i]!;
      if (x) {
        n += Math.clz32(x) - 24;
        break;
      }
      n += 8;
      i++;
    }
    return Math.min(n, limit);
  }

  private static bit(d: Uint8Array, off: number, index: number): 0 | 1 {
    return ((d[off + (index >>> 3)]! >>> (7 - (index & 7))) & 1) as 0 | 1;
  }

  private keyParts(buf: Uint8Array, off: number): number {
    return (buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24)) >>> 0;
  }

  /** trie_lookup_elem: slot of the longest matching prefix, -1 */
  private lookupSlot(buf: Uint8Array, off: number): number {
    const kp = this.keyParts(buf, off);
    if (kp > this.maxPrefixlen) return -1;
    let found: Node | null = null;
    for (let node = this.root; node; ) {
      const m = this.match(node, kp, buf, off + 4);
      if (m === this.maxPrefixlen) {
        found = node;
        break;
      }
      if (m < node.prefixlen) break;
      if (!node.im) found = node;
      node = node.child[LpmTrie.bit(buf, off + 4, node.prefixlen)];
    }
    return found ? found.slot : -1;
  }

  /** trie_update_elem */
  private updateCore(buf: Uint8Array, off: number, vbuf: Uint8Array, voff: number, flags: number): number {
    if (flags > BPF_EXIST) return EINVAL;
    const kp = this.keyParts(buf, off);
    if (kp > this.maxPrefixlen) return EINVAL;
    const ko = off + 4;
    const slot = this.freeSlots.pop();
    if (slot === undefined) return ENOSPC;
    const fresh: Node = { prefixlen: kp, data: buf.slice(ko, ko + this.dataSize), im: false, child: [null, null], slot };
    const fail = (r: number): number => {
      this.freeSlots.push(slot);
      return r;
    };
    const addElem = (): number => {
      if (flags === BPF_EXIST) return ENOENT;
      if (this.nEntries === this.maxEntries) return ENOSPC;
      this.nEntries++;
      return 0;
    };
    let parent: Node | null = null;
    let side: 0 | 1 = 0;
    let node = this.root;
    let m = 0;
    while (node) {
      m = this.match(node, kp, buf, ko);
      if (node.prefixlen !== m || node.prefixlen === kp) break;
      parent = node;
      side = LpmTrie.bit(buf, ko, node.prefixlen);
      node = node.child[side];
    }
    const setSlot = (n: Node): void => {
      if (parent) parent.child[side] = n;
      else this.root = n;
    };
    const writeValue = (): void => {
      const u8 = this.as.u8;
      this.copyValue(u8, this.slotAddr(slot), vbuf, voff);
    };
    if (!node) {
      const r = addElem();
      if (r) return fail(r);
      writeValue();
      setSlot(fresh);
      return 0;
    }
    if (node.prefixlen === m) {
      if (!node.im) {
        if (flags === BPF_NOEXIST) return fail(EEXIST);
      } else {
        const r = addElem();
        if (r) return fail(r);
      }
      writeValue();
      fresh.child = [node.child[0], node.child[1]];
      setSlot(fresh);
      if (node.slot >= 0) this.freeSlots.push(node.slot);
      return 0;
    }
    const r = addElem();
    if (r) return fail(r);
    writeValue();
    if (m === kp) {
      fresh.child[LpmTrie.bit(node.data, 0, m)] = node;
      setSlot(fresh);
      return 0;
    }
    const im: Node = { prefixlen: m, data: node.data.slice(), im: true, child: [null, null], slot: -1 };
    if (LpmTrie.bit(buf, ko, m)) im.child = [node, fresh];
    else im.child = [fresh, node];
    setSlot(im);
    return 0;
  }

  /** trie_delete_elem */
  private deleteCore(buf: Uint8Array, off: number): number {
    const kp = this.keyParts(buf, off);
    if (kp > this.maxPrefixlen) return EINVAL;
    const ko = off + 4;
    // trim = the slot holding node (parent.child[side] or root); trim2 = the slot holding parent
    let parent: Node | null = null;
    let side: 0 | 1 = 0;
    let gparent: Node | null = null;
    let gside: 0 | 1 = 0;
    let node = this.root;
    let m = 0;
    while (node) {
      m = this.match(node, kp, buf, ko);
      if (node.prefixlen !== m || node.prefixlen === kp) break;
      gparent = parent;
      gside = side;
      parent = node;
      side = LpmTrie.bit(buf, ko, node.prefixlen);
      node = node.child[side];
    }
    if (!node || node.prefixlen !== kp || node.prefixlen !== m || node.im) return ENOENT;
    this.nEntries--;
    this.freeSlots.push(node.slot);
    if (node.child[0] && node.child[1]) {
      node.im = true;
      node.slot = -1;
      return 0;
    }
    const setTrim = (n: Node | null): void => {
      if (parent) parent.child[side] = n;
      else this.root = n;
    };
    if (parent && parent.im && !node.child[0] && !node.child[1]) {
      const other = node === parent.child[0] ? parent.child[1] : parent.child[0];
      if (gparent) gparent.child[gside] = other;
      else this.root = other;
      return 0;
    }
    setTrim(node.child[0] ?? node.child[1] ?? null);
    return 0;
  }

  /** trie_get_next_key: postorder after the exact node, else the leftmost */
  private nextNode(key: Uint8Array | null): Node | null {
    let searchRoot = this.root;
    if (!searchRoot) return null;
    const leftmost = (from: Node | null): Node | null => {
      let next: Node | null = null;
      for (let node = from; node; ) {
        if (node.im) node = node.child[0];
        else {
          next = node;
          node = node.child[0] ?? next.child[1];
        }
      }
      return next;
    };
    if (!key) return leftmost(searchRoot);
    const kp = this.keyParts(key, 0);
    if (kp > this.maxPrefixlen) return leftmost(searchRoot);
    const stack: Node[] = [];
    let node: Node | null = searchRoot;
    let m = 0;
    while (node) {
      stack.push(node);
      m = this.match(node, kp, key, 4);
      if (node.prefixlen !== m || node.prefixlen === kp) break;
      node = node.child[LpmTrie.bit(key, 4, node.prefixlen)];
    }
    if (!node || node.prefixlen !== m || node.im) return leftmost(searchRoot);
    let sp = stack.length - 1;
    node = stack[sp]!;
    while (sp > 0) {
      const parent = stack[sp - 1]!;
      if (parent.child[0] === node) {
        searchRoot = parent.child[1];
        if (searchRoot) return leftmost(searchRoot);
      }
      if (!parent.im) return parent;
      node = parent;
      sp--;
    }
    return null;
  }

  // ---------------------------------------------------------------- program face
  override lookupPtr(keyPtr: number): number {
    this.as.check(keyPtr, this.keySize, false);
    const s = this.lookupSlot(this.as.u8, keyPtr);
    return s < 0 ? 0 : this.slotAddr(s);
  }
  override updatePtr(keyPtr: number, valuePtr: number, flags: number): number {
    this.as.check(keyPtr, this.keySize, false);
    this.as.check(valuePtr, this.valueSize, false);
    return this.updateCore(this.as.u8, keyPtr, this.as.u8, valuePtr, flags);
  }
  override deletePtr(keyPtr: number): number {
    this.as.check(keyPtr, this.keySize, false);
    return this.deleteCore(this.as.u8, keyPtr);
  }

  // ---------------------------------------------------------------- syscall face
  protected override sysLookup(key: Uint8Array | null): Uint8Array {
    const s = this.lookupSlot(key!, 0);
    if (s < 0) throw new BpfError('ENOENT', `${this.what()}: no matching prefix`);
    const out = new Uint8Array(this.valueSize);
    this.copyOut(out, 0, this.as.u8, this.slotAddr(s));
    return out;
  }
  protected override sysUpdate(key: Uint8Array | null, value: Uint8Array, flags: number): void {
    check(this.updateCore(key!, 0, value, 0, flags), () => `${this.what()}: update (flags ${flags})`);
  }
  protected override sysDelete(key: Uint8Array | null): void {
    check(this.deleteCore(key!, 0), () => `${this.what()}: delete`);
  }
  protected override sysGetNextKey(key: Uint8Array | null): Uint8Array {
    const n = this.nextNode(key);
    if (!n) throw new BpfError('ENOENT', `${this.what()}: no more keys`);
    const out = new Uint8Array(this.keySize);
    new DataView(out.buffer).setUint32(0, n.prefixlen, true);
    out.set(n.data, 4);
    return out;
  }
  override lookupBatch(o: BatchOptions): BatchResult {
    return this.genericLookupBatch(o, false);
  }
  override updateBatch(keys: Uint8Array, values: Uint8Array, o: BatchOptions): BatchResult {
    return this.genericUpdateBatch(keys, values, o);
  }
  override deleteBatch(keys: Uint8Array, o: BatchOptions): BatchResult {
    return this.genericDeleteBatch(keys, o);
  }
}

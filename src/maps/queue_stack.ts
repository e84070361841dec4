/**
 * BPF_MAP_TYPE_QUEUE and BPF_MAP_TYPE_STACK (kernel/bpf/queue_stack_maps.c): a ring of
 * max_entries+1 value slots in the address space with head/tail indices, exactly as the kernel's
 * bpf_queue_stack. Push with BPF_EXIST on a full map drops the oldest element (tail++).
 * Programs use push/pop/peek (the helper copies into the program's buffer); the syscall side maps
 * update to push, lookup to peek and lookup_and_delete to pop.
 */
import { BpfError } from '../isa/errors.js';
import { AddressSpace, RegionKind } from '../vm/address_space.js';
import { BPF_EXIST, BPF_F_ACCESS_MASK, BPF_F_NUMA_NODE, BPF_NOEXIST, KMALLOC_MAX_SIZE, MapType, type MapAttr } from './constants.js';
import { accessFlagsOk } from './array.js';
import { BpfMap, E2BIG, EINVAL, ENOENT, check, type MapOptions } from './map.js';

const QUEUE_STACK_CREATE_FLAG_MASK = BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK;

/** queue_stack_map_alloc_check */
export function queueStackAllocCheck(a: MapAttr): void {
  const f = a.mapFlags ?? 0;
  if (a.maxEntries === 0 || a.keySize !== 0 || a.valueSize === 0 || (f & ~QUEUE_STACK_CREATE_FLAG_MASK) || !accessFlagsOk(f))
    throw new BpfError('EINVAL', `queue/stack: key_size must be 0, value_size and max_entries nonzero (key_size=${a.keySize} value_size=${a.valueSize} max_entries=${a.maxEntries})`);
  if (a.valueSize > KMALLOC_MAX_SIZE) throw new BpfError('E2BIG', `queue/stack: value_size ${a.valueSize} too large`);
}

export class QueueStackMap extends BpfMap {
  readonly isStack: boolean;
  readonly size: number;
  head = 0;
  tail = 0;
  private readonly base: number;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    super(as, attr, opts);
    this.isStack = attr.mapType === MapType.STACK;
    this.size = this.maxEntries + 1;
    this.base = this.alloc(this.size * this.valueSize, RegionKind.MapValue, `${this.name || 'queue'} elements`, false).base;
  }

  get length(): number {
    return (this.head - this.tail + this.size) % this.size;
  }
  isFull(): boolean {
    return (this.head + 1) % this.size === this.tail;
  }

  /** queue_stack_map_push_elem */
  private push(src: Uint8Array, off: number, flags: number): number {
    if ((flags & BPF_NOEXIST) || flags > BPF_EXIST) return EINVAL;
    if (this.isFull()) {
      if (!(flags & BPF_EXIST)) return E2BIG;
      // overwrite the oldest element
      if (++this.tail >= this.size) this.tail = 0;
    }
    this.as.u8.set(src.subarray(off, off + this.valueSize), this.base + this.head * this.valueSize);
    if (++this.head >= this.size) this.head = 0;
    return 0;
  }

  /** __queue_map_get / __stack_map_get: the slot to read, or -1 */
  private take(del: boolean): number {
    if (this.head === this.tail) return -1;
    if (!this.isStack) {
      const i = this.tail;
      if (del && ++this.tail >= this.size) this.tail = 0;
      return i;
    }
    let i = this.head - 1;
    if (i < 0) i = this.size - 1;
    if (del) this.head = i;
    return i;
  }

  override pushPtr(valuePtr: number, flags: number): number {
    this.as.check(valuePtr, this.valueSize, false);
    return this.push(this.as.u8, valuePtr, flags);
  }
  override popPtr(valuePtr: number): number {
    return this.getPtr(valuePtr, true);
  }
  override peekPtr(valuePtr: number): number {
    return this.getPtr(valuePtr, false);
  }
  private getPtr(valuePtr: number, del: boolean): number {
    this.as.check(valuePtr, this.valueSize, true);
    const i = this.take(del);
    const u8 = this.as.u8;
    if (i < 0) {
      // __queue_map_get / __stack_map_get zero the value on an empty map
      u8.fill(0, valuePtr, valuePtr + this.valueSize);
      return ENOENT;
    }
    u8.copyWithin(valuePtr, this.base + i * this.valueSize, this.base + (i + 1) * this.valueSize);
    return 0;
  }
  override lookupPtr(): number {
    return 0;
  }
  override updatePtr(): number {
    return EINVAL;
  }

  private get(del: boolean): Uint8Array {
    const i = this.take(del);
    if (i < 0) throw new BpfError('ENOENT', `${this.what()}: empty`);
    const a = this.base + i * this.valueSize;
    return this.as.u8.slice(a, a + this.valueSize);
  }

  protected override sysLookup(): Uint8Array {
    return this.get(false);
  }
  protected override sysUpdate(_key: Uint8Array | null, value: Uint8Array, flags: number): void {
    check(this.push(value, 0, flags), () => `${this.what()}: push (flags ${flags})`);
  }
  protected override sysDelete(): void {
    throw new BpfError('EINVAL', `${this.what()}: delete is not defined for queues and stacks (pop instead)`);
  }
  protected override sysGetNextKey(): Uint8Array {
    throw new BpfError('EINVAL', `${this.what()}: queues and stacks have no keys`);
  }
  protected override sysLookupAndDelete(_key: Uint8Array | null, flags: number): Uint8Array {
    if (flags) throw new BpfError('EINVAL', `${this.what()}: pop takes no flags`);
    return this.get(true);
  }
  /** the elements oldest first (for dumps and pinning) */
  values(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = this.tail; i !== this.head; i = (i + 1) % this.size) {
      const a = this.base + i * this.valueSize;
      out.push(this.as.u8.slice(a, a + this.valueSize));
    }
    return out;
  }
}

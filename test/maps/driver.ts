/**
 * One sequence of bpf() map commands, run on tsbpf's runtime and on the real kernel: each step's
 * outcome is recorded as `ok <hex>` or the errno name, so the two transcripts compare line by line.
 */
import { BpfError } from '../../src/isa/errors.js';
import { bytesToHex } from '../../src/isa/instruction.js';
import * as K from '../../src/hooks/kernel/index.js';
import { Bpf, type MapCreateAttr } from '../../src/runtime/bpf.js';

export type Op =
  | { op: 'create'; attr: MapCreateAttr & { innerMapFd?: number }; as?: string }
  | { op: 'lookup'; key: Uint8Array | null; flags?: number }
  | { op: 'update'; key: Uint8Array | null; value: Uint8Array; flags?: number }
  | { op: 'delete'; key: Uint8Array | null }
  | { op: 'next'; key: Uint8Array | null }
  | { op: 'lookup_and_delete'; key: Uint8Array | null; flags?: number }
  | { op: 'lookup_batch'; count: number; resume?: boolean; del?: boolean; elemFlags?: number; flags?: number; batchSize?: number }
  | { op: 'update_batch'; keys: Uint8Array[]; values: Uint8Array[]; elemFlags?: number }
  | { op: 'delete_batch'; keys: Uint8Array[] }
  | { op: 'freeze' }
  | { op: 'walk' };

export interface Driver {
  readonly name: string;
  run(ops: Op[]): string[];
}

function outcome(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof BpfError) return e.errno;
    throw e;
  }
}

const hex = (b: Uint8Array): string => bytesToHex(b).replace(/\s+/g, '');

/** the state shared by both drivers: the map under test is the last one created */
abstract class Base implements Driver {
  abstract readonly name: string;
  protected keySize = 0;
  protected valueSize = 0;
  protected userValueSize = 0;
  protected batchCursor: Uint8Array | null = null;
  protected nBuckets = 0;
  abstract run(ops: Op[]): string[];
}

/** get_next_key from the start until ENOENT: `ok` and every key in order (the two drivers' walk) */
function walk(next: (k: Uint8Array | null) => Uint8Array): string {
  const keys: string[] = [];
  let k: Uint8Array | null = null;
  for (;;) {
    try {
      k = next(k);
    } catch (e) {
      if (e instanceof BpfError && e.errno === 'ENOENT') break;
      throw e;
    }
    keys.push(hex(k));
    if (keys.length > 100000) break;
  }
  return `ok ${keys.join(',')}`;
}

export class TsDriver extends Base {
  readonly name = 'tsbpf';
  readonly bpf: Bpf;
  constructor(ncpus: number) {
    super();
    this.bpf = new Bpf({ ncpus });
  }
  run(ops: Op[]): string[] {
    const b = this.bpf;
    let fd = -1;
    const fds: number[] = [];
    const out: string[] = [];
    for (const o of ops) {
      out.push(
        outcome(() => {
          switch (o.op) {
            case 'create': {
              const attr = { ...o.attr };
              if (attr.innerMapFd !== undefined) attr.innerMapFd = fds[attr.innerMapFd]!;
              fd = b.mapCreate(attr);
              fds.push(fd);
              const m = b.map(fd);
              this.keySize = m.keySize;
              this.userValueSize = m.userValueSize;
              this.batchCursor = null;
              return 'ok';
            }
            case 'lookup':
              return `ok ${hex(b.mapLookupElem(fd, o.key, o.flags ?? 0))}`;
            case 'update': {
              let v = o.value;
              if (v.length === 4 && (b.map(fd).type === 12 || b.map(fd).type === 13) && new DataView(v.buffer, v.byteOffset).getUint32(0, true) < 100) {
                const dv = new Uint8Array(4);
                new DataView(dv.buffer).setUint32(0, fds[new DataView(v.buffer, v.byteOffset).getUint32(0, true)]!, true);
                v = dv;
              }
              b.mapUpdateElem(fd, o.key, v, o.flags ?? 0);
              return 'ok';
            }
            case 'delete':
              b.mapDeleteElem(fd, o.key);
              return 'ok';
            case 'next':
              return `ok ${hex(b.mapGetNextKey(fd, o.key))}`;
            case 'lookup_and_delete':
              return `ok ${hex(b.mapLookupAndDeleteElem(fd, o.key, o.flags ?? 0))}`;
            case 'lookup_batch': {
              const opts = { count: o.count, inBatch: o.resume ? this.batchCursor : null, elemFlags: o.elemFlags ?? 0, flags: o.flags ?? 0 };
              const r = o.del ? b.mapLookupAndDeleteBatch(fd, opts) : b.mapLookupBatch(fd, opts);
              if (r.outBatch) this.batchCursor = r.outBatch;
              return `${r.errno ?? 'ok'} n=${r.count} k=${hex(r.keys)} v=${hex(r.values)}`;
            }
            case 'update_batch': {
              const ks = concat(o.keys);
              const vs = concat(o.values);
              try {
                return `ok n=${b.mapUpdateBatch(fd, ks, vs, { count: o.keys.length, elemFlags: o.elemFlags ?? 0 }).count}`;
              } catch (e) {
                if (e instanceof BpfError) return `${e.errno} n=${(e as BpfError & { count?: number }).count ?? o.keys.length}`;
                throw e;
              }
            }
            case 'delete_batch': {
              try {
                return `ok n=${b.mapDeleteBatch(fd, concat(o.keys), { count: o.keys.length }).count}`;
              } catch (e) {
                if (e instanceof BpfError) return `${e.errno} n=${(e as BpfError & { count?: number }).count ?? o.keys.length}`;
                throw e;
              }
            }
            case 'freeze':
              b.mapFreeze(fd);
              return 'ok';
            case 'walk':
              return walk((k) => b.mapGetNextKey(fd, k));
          }
        }),
      );
    }
    for (const f of fds) b.close(f);
    return out;
  }
}

function concat(a: Uint8Array[]): Uint8Array {
  const n = a.reduce((s, x) => s + x.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const x of a) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}

const PERCPU = new Set([5, 6, 10]);

export class KernelDriver extends Base {
  readonly name = 'kernel';
  run(ops: Op[]): string[] {
    let fd = -1;
    let type = 0;
    const fds: number[] = [];
    const out: string[] = [];
    let batchTok = 8;
    for (const o of ops) {
      out.push(
        outcome(() => {
          switch (o.op) {
            case 'create': {
              const a = o.attr;
              fd = K.mapCreate({ ...a, ...(a.innerMapFd !== undefined ? { innerMapFd: fds[a.innerMapFd]! } : {}) });
              fds.push(fd);
              type = a.mapType;
              this.keySize = a.keySize;
              this.valueSize = a.valueSize;
              this.userValueSize = PERCPU.has(type) ? K.percpuValueSize(a.valueSize) : a.valueSize;
              batchTok = [1, 5, 9, 10, 13].includes(type) ? 4 : Math.max(a.keySize, 4);
              this.nBuckets = 2 ** Math.ceil(Math.log2(Math.max(1, a.maxEntries)));
              this.batchCursor = null;
              return 'ok';
            }
            case 'lookup':
              return `ok ${hex(K.mapLookupElem(fd, o.key, this.userValueSize, o.flags ?? 0))}`;
            case 'update': {
              let v = o.value;
              if (v.length === 4 && (type === 12 || type === 13) && new DataView(v.buffer, v.byteOffset).getUint32(0, true) < 100) {
                const dv = new Uint8Array(4);
                new DataView(dv.buffer).setUint32(0, fds[new DataView(v.buffer, v.byteOffset).getUint32(0, true)]!, true);
                v = dv;
              }
              K.mapUpdateElem(fd, o.key, v, o.flags ?? 0);
              return 'ok';
            }
            case 'delete':
              K.mapDeleteElem(fd, o.key as Uint8Array);
              return 'ok';
            case 'next':
              return `ok ${hex(K.mapGetNextKey(fd, o.key, this.keySize))}`;
            case 'lookup_and_delete':
              return `ok ${hex(K.mapLookupAndDeleteElem(fd, o.key, this.userValueSize, o.flags ?? 0))}`;
            case 'lookup_batch': {
              const opts = { keySize: this.keySize, valueSize: this.userValueSize, count: o.count, inBatch: o.resume ? this.batchCursor : null, batchSize: batchTok, elemFlags: o.elemFlags ?? 0, flags: o.flags ?? 0 };
              const r = o.del ? K.mapLookupAndDeleteBatch(fd, opts) : K.mapLookupBatch(fd, opts);
              // the kernel writes out_batch for hash maps unless it returned early (count 0, cursor past the end)
              const tok = new DataView(r.outBatch.buffer, r.outBatch.byteOffset).getUint32(0, true);
              const early = o.count === 0 || (r.done && r.count === 0 && o.resume && this.batchCursor !== null && new DataView(this.batchCursor.buffer, this.batchCursor.byteOffset).getUint32(0, true) >= this.nBuckets);
              // generic_map_lookup_batch (syscall.c) writes out_batch only when it copied something
              // (cp > 0): test the map type, not batchTok, which is also 4 for 4-byte-key generic maps
              if ([1, 5, 9, 10, 13].includes(type) ? !early : r.count > 0) this.batchCursor = r.outBatch;
              void tok;
              return `${r.done ? 'ENOENT' : 'ok'} n=${r.count} k=${hex(concat(r.keys))} v=${hex(concat(r.values))}`;
            }
            case 'update_batch':
              try {
                return `ok n=${K.mapUpdateBatch(fd, o.keys, o.values, { keySize: this.keySize, valueSize: this.userValueSize, elemFlags: o.elemFlags ?? 0 })}`;
              } catch (e) {
                if (e instanceof K.KernelError) return `${e.errno} n=${e.count ?? 0}`;
                throw e;
              }
            case 'delete_batch':
              try {
                return `ok n=${K.mapDeleteBatch(fd, o.keys, { keySize: this.keySize })}`;
              } catch (e) {
                if (e instanceof K.KernelError) return `${e.errno} n=${e.count ?? 0}`;
                throw e;
              }
            case 'freeze':
              K.mapFreeze(fd);
              return 'ok';
            case 'walk':
              return walk((k) => K.mapGetNextKey(fd, k, this.keySize));
          }
        }),
      );
    }
    for (const f of fds) K.closeFd(f);
    return out;
  }
}

export const kernel = K.kernelAvailable();
export const noKernel: string | false = kernel.ok ? false : kernel.reason;
export const ncpus = kernel.ok ? K.possibleCpus() : 2;

/** little-endian u32 / u64 helpers */
export function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
}
export function u64(n: number | bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(n)), true);
  return b;
}
export function bytes(...a: number[]): Uint8Array {
  return new Uint8Array(a);
}
export function cat(...a: Uint8Array[]): Uint8Array {
  return concat(a);
}

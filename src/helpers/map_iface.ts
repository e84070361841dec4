/**
 * The map interface helpers need (map_lookup_elem returns a pointer into the address space, so
 * maps keep their values there). The maps layer (src/maps/) implements the maps; runtime/
 * map_like.ts adapts them to this interface and gives runs `env.resolveMap` / `env.ringbufOf`.
 * Return values follow the kernel: 0 or a negative errno (-ENOENT, -EEXIST, -E2BIG, ...).
 */

import { MapType, mapTypeName as uapiMapTypeName } from '../isa/bpf_types.js';

/** enum bpf_map_type (include/uapi/linux/bpf.h): the uapi table of src/isa/bpf_types.ts */
export { MapType as BPF_MAP_TYPE };

export type MapTypeName = keyof typeof MapType;

/** "BPF_MAP_TYPE_HASH"; an unknown number reads "map_type 99" */
export function mapTypeName(t: number): string {
  const n = uapiMapTypeName(t);
  return n.startsWith('BPF_MAP_TYPE_') ? n : `map_type ${t}`;
}

/** map update flags (uapi) */
export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
export const BPF_EXIST = 2;
export const BPF_F_LOCK = 4;

export interface BpfMapLike {
  readonly type: number;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;
  readonly flags?: number;
  readonly name?: string;
  /** pointer to the value for the key at keyAddr (for the current CPU for per-CPU maps), 0 if absent */
  lookupPtr(keyAddr: number, cpu?: number): number;
  /** 0 or -errno */
  update(keyAddr: number, valueAddr: number, flags: number, cpu?: number): number;
  /** 0 or -errno */
  delete(keyAddr: number): number;
  /** QUEUE / STACK / BLOOM_FILTER: 0 or -errno */
  push?(valueAddr: number, flags: number): number;
  /** QUEUE / STACK: copy the element to valueAddr and remove it; 0 or -errno (-ENOENT when empty) */
  pop?(valueAddr: number): number;
  /** QUEUE / STACK: copy without removing; BLOOM_FILTER: 0 if maybe present, -ENOENT if not */
  peek?(valueAddr: number): number;
  /** for_each_map_elem: visit live elements in the kernel's order; fn returns nonzero to stop. Returns elements visited. */
  forEach?(fn: (keyAddr: number, valueAddr: number) => number, cpu?: number): number;
  /** REUSEPORT_SOCKARRAY: the simulated socket in slot `index`, or undefined (maps/reuseport_array.ts) */
  socketAt?(index: number): number | undefined;
  /** PROG_ARRAY: the program in slot `index`, or undefined */
  progAt?(index: number): import('./api.js').TailCallTarget | undefined;
  /** ARRAY_OF_MAPS / HASH_OF_MAPS: inner map pointers are map handles; returns the inner map for a value pointer */
  innerMap?(ptr: number): BpfMapLike | undefined;
  /** RINGBUF: the ring buffer behind the map */
  ringbuf?: RingBufLike;
  /** USER_RINGBUF: the consumer side of the ring (bpf_user_ringbuf_drain) */
  userRingbuf?: UserRingBufLike;
  /** PERF_EVENT_ARRAY: deliver a sample for `cpu` (index BPF_F_CURRENT_CPU resolved by the caller); 0 or -errno */
  perfOutput?(index: number, data: Uint8Array): number;
  /** SK/INODE/TASK/CGRP_STORAGE, CGROUP_STORAGE: the value of a simulated object (maps/local_storage.ts) */
  storageGet?(owner: number, initPtr: number, flags: number): number;
  storageDelete?(owner: number): number;
  /** the key and value a bpf_timer / bpf_wq callback of the field at `fieldPtr` gets (map_key_from_value) */
  asyncElem?(fieldPtr: number): [key: number, value: number] | undefined;
  /** ARENA: page allocation (maps/arena.ts): user addresses in, user addresses out */
  arena?: { allocPages(uaddr: bigint, cnt: number): bigint; freePages(uaddr: bigint, cnt: number): void };
  /** the map's usercnt (fds and pins): timers need a map user space holds (__bpf_async_init's -EPERM) */
  userRefs?(): number;
  /** LPM_TRIE etc.: a handle value the engine can place in a register to refer to the map (for ld_imm64 map fds) */
  readonly handle?: number;
}

/** the kernel's BPF ring buffer (kernel/bpf/ringbuf.c) as helpers see it */
export interface RingBufLike {
  /** reserve `size` bytes; pointer to the record's data (after the 8-byte header) or 0 when full */
  reserve(size: number): number;
  /** commit (discard=false) or discard a record reserved at `ptr` */
  commit(ptr: number, discard: boolean, flags: number): void;
  /** copy `size` bytes from `ptr` into a new record; 0 or -errno */
  output(ptr: number, size: number, flags: number): number;
  /** BPF_RB_AVAIL_DATA, BPF_RB_RING_SIZE, BPF_RB_CONS_POS, BPF_RB_PROD_POS */
  query(flag: number): bigint;
}

/** the consumer side of a BPF_MAP_TYPE_USER_RINGBUF (maps/user_ringbuf.ts) */
export interface UserRingBufLike {
  /** __bpf_user_ringbuf_peek: the next sample's address and size, or a negative errno */
  peek(): { sample: number; size: number } | number;
  /** __bpf_user_ringbuf_sample_release */
  release(size: number): void;
  /** where the drain builds the dynptr it passes to the callback */
  readonly dynptr: number;
  /** rb->busy */
  busy: boolean;
}

/** how the engine resolves the map-pointer register value (r1 of map helpers) to a map */
export type MapResolver = (ptr: number) => BpfMapLike | undefined;

/**
 * Ring buffers by the address-space region holding their records, so bpf_ringbuf_submit /
 * bpf_ringbuf_discard (which get only the record pointer) find their ring. The maps layer
 * registers each RINGBUF map's data region here.
 */
export const RINGBUF_BY_REGION = new WeakMap<object, RingBufLike>();

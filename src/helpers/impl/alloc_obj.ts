/**
 * Emulated allocated objects (kernel/bpf/helpers.c): bpf_obj_new_impl / bpf_percpu_obj_new_impl
 * map a zeroed region of the object's size (the program is granted it, as the sandbox grants any
 * memory a helper hands out), bpf_obj_drop_impl unmaps it after dropping what its special fields
 * own (bpf_obj_free_fields: list and rbtree elements, stashed kptrs) once its bpf_refcount reaches
 * zero; bpf_refcount_acquire_impl counts one more owner; bpf_list_* and bpf_rbtree_* link nodes
 * inside the objects' own bytes; bpf_kptr_xchg swaps a kptr field.
 *
 * Layouts in the opaque uapi structs (tsbpf's, not the kernel's list_head/rb_node, which a
 * program cannot read: the verifier forbids direct access to them):
 * - bpf_list_head: u32 first, u32 last; bpf_list_node: u32 next, u32 prev, u32 owner (the head);
 * - bpf_rb_root: u32 first (the elements as a list sorted by `less`, which gives the same
 *   first/remove order as the kernel's rbtree); bpf_rb_node: u32 next, u32 owner (the root);
 * - bpf_refcount: u32 count (1 at bpf_obj_new, as bpf_obj_init_field sets it).
 * An object's type comes from the program's BTF: the loader binds these kfuncs to the object's
 * local types (bindAllocKfuncs); unbound, a call fails with ENOTSUPP.
 */
import type { HelperContext, HelperFn, HelperRegistry } from '../api.js';
import { BpfError } from '../../isa/errors.js';
import { RegionKind } from '../../vm/address_space.js';
import { needCallback } from './util.js';
import { neg } from './util.js';

/** what the emulator needs of a program's local struct (from the verifier's btf_record.ts) */
export interface LocalType {
  name: string;
  size: number;
  /** offset of its bpf_refcount, -1 when none */
  refcountOff: number;
  /** list heads and rbtree roots it holds: offset, and the element's type id and node offset */
  roots: readonly { off: number; rb: boolean; elemTypeId: number; nodeOffset: number }[];
  /** referenced kptr fields holding local objects */
  kptrs: readonly { off: number; typeId: number }[];
}
export type LocalTypes = (typeId: number) => LocalType | undefined;

/** every live object of a runtime: its base, and its type (for bpf_obj_drop) */
const OBJECTS = new WeakMap<object, Map<number, { typeId: number; size: number }>>();
function objects(h: HelperContext): Map<number, { typeId: number; size: number }> {
  let m = OBJECTS.get(h.as);
  if (!m) { m = new Map(); OBJECTS.set(h.as, m); }
  return m;
}

const u32 = (h: HelperContext, a: number): number => h.as.dv.getUint32(a, true);
const set32 = (h: HelperContext, a: number, v: number): void => h.as.dv.setUint32(a, v >>> 0, true);

function objNew(types: LocalTypes, h: HelperContext): void {
  const id = h.argLo(1);
  const t = types(id);
  if (!t) throw new BpfError('EINVAL', `bpf_obj_new: local type id ${id} is not a struct of the program's BTF`, { insn: h.pc });
  const r = h.as.privileged(() => h.as.map(t.size, RegionKind.Mem, `bpf_obj_new ${t.name}`, true));
  objects(h).set(r.base, { typeId: id, size: t.size });
  if (t.refcountOff >= 0) set32(h, r.base + t.refcountOff, 1);
  h.as.grant(r.base);
  h.ret(r.base);
}

/** __bpf_obj_drop_impl: one owner less; at zero, bpf_obj_free_fields, then the memory goes */
function dropObject(types: LocalTypes, h: HelperContext, p: number): void {
  const o = objects(h).get(p);
  if (!o) throw new BpfError('EFAULT', `bpf_obj_drop: 0x${p.toString(16)} is not an object of bpf_obj_new`, { insn: h.pc });
  const t = types(o.typeId);
  if (t && t.refcountOff >= 0) {
    const n = u32(h, p + t.refcountOff) - 1;
    set32(h, p + t.refcountOff, n);
    if (n > 0) return;
  }
  for (const root of t?.roots ?? []) {
    // bpf_list_head_free / bpf_rb_root_free: every element is dropped
    for (let n = u32(h, p + root.off); n; ) {
      const next = u32(h, n);
      set32(h, n + (root.rb ? 4 : 8), 0);
      dropObject(types, h, n - root.nodeOffset);
      n = next;
    }
  }
  for (const k of t?.kptrs ?? []) {
    const v = Number(h.as.dv.getBigUint64(p + k.off, true));
    if (v) dropObject(types, h, v);
  }
  objects(h).delete(p);
  const r = h.as.regionAt(p);
  if (r) h.as.privileged(() => h.as.unmap(r));
}

function objDrop(types: LocalTypes, h: HelperContext): void {
  dropObject(types, h, h.argPtr(1));
  h.ret(0);
}

function refcountAcquire(types: LocalTypes, h: HelperContext): void {
  const p = h.argPtr(1);
  const o = objects(h).get(p);
  const t = o && types(o.typeId);
  if (!t || t.refcountOff < 0) throw new BpfError('EFAULT', `bpf_refcount_acquire: 0x${p.toString(16)} is not a refcounted object`, { insn: h.pc });
  // refcount_inc_not_zero: a non-owning reference to an object being freed gives NULL
  const n = u32(h, p + t.refcountOff);
  if (n === 0) return h.ret(0);
  set32(h, p + t.refcountOff, n + 1);
  h.as.grant(p);
  h.ret(p);
}

/** __bpf_list_add: a node already in a list is refused and its owner reference dropped */
function listPush(types: LocalTypes, h: HelperContext, front: boolean): void {
  const head = h.argPtr(1);
  const node = h.argPtr(2);
  if (u32(h, node + 8)) {
    dropObject(types, h, objectOf(h, node));
    return h.ret(neg('EINVAL'));
  }
  set32(h, node + 8, head);
  const first = u32(h, head);
  const last = u32(h, head + 4);
  if (front) {
    set32(h, node, first); set32(h, node + 4, 0);
    if (first) set32(h, first + 4, node); else set32(h, head + 4, node);
    set32(h, head, node);
  } else {
    set32(h, node, 0); set32(h, node + 4, last);
    if (last) set32(h, last, node); else set32(h, head, node);
    set32(h, head + 4, node);
  }
  h.ret(0);
}

function listPop(h: HelperContext, front: boolean): void {
  const head = h.argPtr(1);
  const n = u32(h, front ? head : head + 4);
  if (!n) return h.ret(0);
  const next = u32(h, n);
  const prev = u32(h, n + 4);
  if (prev) set32(h, prev, next); else set32(h, head, next);
  if (next) set32(h, next + 4, prev); else set32(h, head + 4, prev);
  set32(h, n, 0); set32(h, n + 4, 0); set32(h, n + 8, 0);
  h.as.grant(n);
  h.ret(n);
}

/** the object a node lies in (its region's base) */
function objectOf(h: HelperContext, node: number): number {
  const r = h.as.regionAt(node);
  if (!r || !objects(h).has(r.base)) throw new BpfError('EFAULT', `0x${node.toString(16)} is not inside an object of bpf_obj_new`, { insn: h.pc });
  return r.base;
}

/** bpf_rbtree_add_impl: before the first element `less(node, it)` puts after it */
function rbtreeAdd(types: LocalTypes, h: HelperContext): void {
  const root = h.argPtr(1);
  const node = h.argPtr(2);
  const less = h.argPtr(3);
  if (u32(h, node + 4)) {
    dropObject(types, h, objectOf(h, node));
    return h.ret(neg('EINVAL'));
  }
  const cb = needCallback(h);
  let prev = 0;
  let cur = u32(h, root);
  while (cur) {
    h.as.grant(cur);
    h.as.grant(node);
    if (BigInt.asUintN(64, cb(less, BigInt(node), BigInt(cur), 0n, 0n, 0n)) !== 0n) break;
    prev = cur;
    cur = u32(h, cur);
  }
  set32(h, node, cur);
  set32(h, node + 4, root);
  if (prev) set32(h, prev, node); else set32(h, root, node);
  h.ret(0);
}

function rbtreeFirst(h: HelperContext): void {
  const n = u32(h, h.argPtr(1));
  if (n) h.as.grant(n);
  h.ret(n);
}

function rbtreeRemove(h: HelperContext): void {
  const root = h.argPtr(1);
  const node = h.argPtr(2);
  if (u32(h, node + 4) !== root) return h.ret(0);
  let prev = 0;
  for (let cur = u32(h, root); cur && cur !== node; cur = u32(h, cur)) prev = cur;
  if (prev) set32(h, prev, u32(h, node)); else set32(h, root, u32(h, node));
  set32(h, node, 0); set32(h, node + 4, 0);
  h.as.grant(node);
  h.ret(node);
}

/** bpf_kptr_xchg (kernel/bpf/helpers.c): the field's old pointer out, the new one in */
export const kptrXchg: HelperFn = (h: HelperContext) => {
  const dst = h.argPtr(1);
  h.as.check(dst, 8, true, h.pc);
  const old = h.as.dv.getBigUint64(dst, true);
  h.as.dv.setBigUint64(dst, BigInt.asUintN(64, h.arg(2)), true);
  if (old) h.as.grant(Number(old));
  h.ret64(old);
};

const unbound = (name: string): HelperFn => (h: HelperContext) => {
  throw new BpfError('ENOTSUPP', `${name} needs the program's BTF (load the program from its object file)`, { insn: h.pc });
};

type Impl = (types: LocalTypes, h: HelperContext) => void;
const IMPLS: readonly (readonly [string, Impl])[] = [
  ['bpf_obj_new_impl', objNew],
  ['bpf_percpu_obj_new_impl', objNew],
  ['bpf_obj_drop_impl', objDrop],
  ['bpf_percpu_obj_drop_impl', objDrop],
  ['bpf_refcount_acquire_impl', refcountAcquire],
  ['bpf_list_push_front_impl', (t, h) => listPush(t, h, true)],
  ['bpf_list_push_back_impl', (t, h) => listPush(t, h, false)],
  ['bpf_list_pop_front', (_t, h) => listPop(h, true)],
  ['bpf_list_pop_back', (_t, h) => listPop(h, false)],
  ['bpf_rbtree_add_impl', rbtreeAdd],
  ['bpf_rbtree_first', (_t, h) => rbtreeFirst(h)],
  ['bpf_rbtree_remove', (_t, h) => rbtreeRemove(h)],
];

/** the allocation kfuncs as EMULATED_KFUNCS entries (unbound until bindAllocKfuncs) */
export const ALLOC_KFUNCS: readonly (readonly [string, HelperFn])[] = IMPLS.map(([n]) => [n, unbound(n)] as const);

/** bind the allocation kfuncs of a registry to a program object's local types */
export function bindAllocKfuncs(r: HelperRegistry, idOf: (name: string) => number | undefined, types: LocalTypes): void {
  for (const [name, impl] of IMPLS) {
    const id = idOf(name);
    if (id !== undefined) r.register(id, name, (h) => impl(types, h));
  }
}

/**
 * The simulated current task of a tracing run (docs/tracing-emulator.md): what bpf_get_current_pid_tgid,
 * _uid_gid, _comm and _cgroup_id return, and the `struct task_struct` bpf_get_current_task(_btf)
 * points at — laid out from a kernel's BTF (the running kernel's /sys/kernel/btf/vmlinux, the
 * target the emulator also applies CO-RE relocations against), so `BPF_CORE_READ(task, tgid)` or
 * a probe read of `&task->comm` finds the values given. Fields are named by dotted paths through
 * nested structs and unions ("pid", "comm", "signal" is a pointer and is not followed).
 */
import { BpfError } from '../isa/errors.js';
import type { Btf } from '../btf/btf.js';
import { BTF_KIND_ARRAY, BTF_KIND_STRUCT, BTF_KIND_UNION } from '../btf/types.js';
import type { ExecEnv } from '../helpers/api.js';

export interface SimTask {
  pid?: number;
  tgid?: number;
  uid?: number;
  gid?: number;
  comm?: string;
  cgroup_id?: number;
  /** more task_struct fields by dotted path (numbers, or strings for char arrays) */
  fields?: Record<string, number | bigint | string>;
  /** the parent (task_struct->real_parent and ->parent point at its task_struct) */
  parent?: SimTask;
}

/** offset and size of a dotted member path inside the struct `typeId` */
function memberAt(btf: Btf, typeId: number, path: string): { off: number; size: number; array: boolean } {
  let id = btf.resolve(typeId);
  let off = 0;
  for (const part of path.split('.')) {
    const t = btf.types[id];
    if (!t || (t.kind !== BTF_KIND_STRUCT && t.kind !== BTF_KIND_UNION)) throw new BpfError('EINVAL', `task_struct field '${path}': '${part}' is not inside a struct`);
    const m = findMember(btf, id, part);
    if (!m) throw new BpfError('EINVAL', `task_struct has no field '${path}'`);
    off += m.off;
    id = btf.resolve(m.type);
  }
  const t = btf.types[id];
  return { off, size: btf.sizeof(id), array: !!t && t.kind === BTF_KIND_ARRAY };
}

/** a member by name, looking through anonymous structs and unions (as C does) */
function findMember(btf: Btf, id: number, name: string): { off: number; type: number } | undefined {
  const t = btf.types[id];
  if (!t || (t.kind !== BTF_KIND_STRUCT && t.kind !== BTF_KIND_UNION)) return undefined;
  for (const m of t.members) {
    if (m.name === name) return { off: m.bitOffset / 8, type: m.type };
    if (!m.name) {
      const inner = findMember(btf, btf.resolve(m.type), name);
      if (inner) return { off: m.bitOffset / 8 + inner.off, type: inner.type };
    }
  }
  return undefined;
}

/**
 * The bytes of a `struct task_struct` with the task's pid, tgid, comm and given fields at `btf`'s
 * offsets, its parent's task_struct after it; `relocs` are the pointer fields (real_parent, parent)
 * to set to the address of the bytes at `target` once mapped (helpers/impl/core.ts currentTaskAddr).
 */
export function taskStructBytes(btf: Btf, task: SimTask): { bytes: Uint8Array; relocs: Array<{ off: number; target: number }> } {
  const ts = btf.find('task_struct', BTF_KIND_STRUCT);
  if (!ts || ts.kind !== BTF_KIND_STRUCT) throw new BpfError('ENOENT', 'the kernel BTF has no struct task_struct');
  const id = btf.types.indexOf(ts);
  const size = Math.ceil(ts.size / 8) * 8;
  const chain: SimTask[] = [];
  for (let t: SimTask | undefined = task; t && chain.length < 16; t = t.parent) chain.push(t);
  const out = new Uint8Array(size * chain.length);
  const relocs: Array<{ off: number; target: number }> = [];
  chain.forEach((t, k) => {
    out.set(oneTask(btf, id, ts.size, t), k * size);
    if (k + 1 < chain.length) for (const f of ['real_parent', 'parent']) relocs.push({ off: k * size + memberAt(btf, id, f).off, target: (k + 1) * size });
  });
  return { bytes: out, relocs };
}

function oneTask(btf: Btf, id: number, structSize: number, task: SimTask): Uint8Array {
  const out = new Uint8Array(structSize);
  const dv = new DataView(out.buffer);
  const pid = task.pid ?? 1;
  const all: Record<string, number | bigint | string> = { pid, tgid: task.tgid ?? pid, comm: task.comm ?? 'tsbpf', ...(task.fields ?? {}) };
  for (const [path, v] of Object.entries(all)) {
    const m = memberAt(btf, id, path);
    if (typeof v === 'string') {
      if (!m.array) throw new BpfError('EINVAL', `task_struct field '${path}' is not a char array`);
      out.set(new TextEncoder().encode(v).subarray(0, m.size - 1), m.off);
      continue;
    }
    const b = BigInt(v);
    if (m.size === 1) dv.setUint8(m.off, Number(BigInt.asUintN(8, b)));
    else if (m.size === 2) dv.setUint16(m.off, Number(BigInt.asUintN(16, b)), true);
    else if (m.size === 4) dv.setUint32(m.off, Number(BigInt.asUintN(32, b)), true);
    else if (m.size === 8) dv.setBigUint64(m.off, BigInt.asUintN(64, b), true);
    else throw new BpfError('EINVAL', `task_struct field '${path}' is ${m.size} bytes: give a string or set its members`);
  }
  return out;
}

/** the ExecEnv of a run whose current task is `task` (task_struct laid out from `btf` when given) */
export function taskEnv(task: SimTask, btf?: Btf): Partial<ExecEnv> {
  const pid = task.pid ?? 1;
  return {
    task: { pid, tgid: task.tgid ?? pid, uid: task.uid ?? 0, gid: task.gid ?? 0, comm: task.comm ?? 'tsbpf' },
    ...(task.cgroup_id !== undefined ? { cgroupId: task.cgroup_id } : {}),
    ...(btf ? (({ bytes, relocs }) => ({ taskStruct: bytes, taskStructRelocs: relocs }))(taskStructBytes(btf, task)) : {}),
  };
}

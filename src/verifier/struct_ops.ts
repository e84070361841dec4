/**
 * BPF_PROG_TYPE_STRUCT_OPS programs: the function-pointer members of a kernel struct
 * (`struct tcp_congestion_ops`, `struct bpf_testmod_ops`, …) written in BPF.
 * - The attach target: libbpf sets attach_btf_id to the kernel struct (the local struct's name
 *   without a `___flavour` suffix: find_struct_ops_kern_types) and expected_attach_type to the
 *   index of the member the program fills (bpf_map__init_kern_struct_ops). tsbpf spells that
 *   target `STRUCT:MEMBER` in ProgramSpec.attachTo (set by the ELF loader from the struct_ops map).
 * - The context: the member's FUNC_PROTO, as btf_ctx_access reads a tracing program's arguments
 *   (kernel/bpf/verifier.c check_struct_ops_btf_id sets attach_func_proto); prog_args_trusted
 *   makes every struct pointer argument PTR_TRUSTED.
 * - Writes through those pointers: only what the struct's bpf_verifier_ops.btf_struct_access
 *   allows; for tcp_congestion_ops, bpf_tcp_ca_btf_struct_access (net/ipv4/bpf_tcp_ca.c).
 * - The return: a member returning void needs no R0 (check_return_code).
 */
import { BTF_KIND_FUNC_PROTO, BTF_KIND_PTR, BTF_KIND_STRUCT, BTF_KIND_UNION, type BtfFuncProto, type BtfStruct } from '../btf/types.js';
import type { BtfTypes } from './types.js';
import { sizeofType, skipMods } from './btf_id.js';

export interface StructOpsTarget {
  /** the kernel struct's BTF id (attach_btf_id) and name */
  structId: number;
  struct: string;
  /** the member and its index (expected_attach_type) */
  member: string;
  memberIndex: number;
  /** the member's prototype: the program's arguments and return type */
  proto: BtfFuncProto;
}

/**
 * What the kernel's struct_ops of vmlinux allow, per struct (st_ops->cfi_stubs: a member with no
 * stub is "unsupported", bpf_struct_ops_supported; st_ops->check_member; the verifier_ops'
 * btf_struct_access for writes). Structs not listed (a module's) allow every member and no writes.
 */
interface StructOpsDesc {
  members: readonly string[];
  /** check_member: may a sleepable program fill this member */
  sleepableOk?: (member: string) => boolean;
  /** btf_struct_access for a write: undefined when allowed, else the kernel's sentence */
  write: (btf: BtfTypes, btfId: number, off: number, size: number) => string | undefined;
}

const STRUCT_OPS: Record<string, StructOpsDesc> = {
  // net/ipv4/bpf_tcp_ca.c __bpf_ops_tcp_congestion_ops (no get_info), bpf_tcp_ca_btf_struct_access
  tcp_congestion_ops: {
    members: ['ssthresh', 'cong_avoid', 'set_state', 'cwnd_event', 'in_ack_event', 'pkts_acked', 'min_tso_segs', 'cong_control', 'undo_cwnd', 'sndbuf_expand', 'init', 'release'],
    write: (btf, id, off, size) => tcpCaWriteError(btf, id, off, size),
  },
  // net/bpf/bpf_dummy_struct_ops.c: __bpf_bpf_dummy_ops, bpf_dummy_ops_check_member, bpf_dummy_ops_btf_struct_access
  bpf_dummy_ops: {
    members: ['test_1', 'test_2', 'test_sleepable'],
    sleepableOk: (m) => m === 'test_sleepable',
    write: (btf, id, off, size) => {
      if (btf.type(id).name !== 'bpf_dummy_ops_state') return 'only access to bpf_dummy_ops_state is supported';
      const st = btf.type(id) as BtfStruct;
      return off + size > st.size ? `write access at off ${off} with size ${size}` : undefined;
    },
  },
};

/**
 * check_struct_ops_btf_id's member checks (bpf_struct_ops_supported, st_ops->check_member):
 * undefined when the program may fill the member
 */
export function structOpsMemberError(t: StructOpsTarget, sleepable: boolean): { errno: 'ENOTSUPP' | 'EINVAL'; msg: string } | undefined {
  const d = STRUCT_OPS[t.struct];
  if (!d) return undefined;
  const msg = `attach to unsupported member ${t.member} of struct ${t.struct}`;
  // bpf_struct_ops_supported: -ENOTSUPP; check_member: its own errno (-EINVAL)
  if (!d.members.includes(t.member)) return { errno: 'ENOTSUPP', msg };
  if (sleepable && d.sleepableOk && !d.sleepableOk(t.member)) return { errno: 'EINVAL', msg };
  return undefined;
}

/** a write through a PTR_TO_BTF_ID in a struct_ops program (env->ops->btf_struct_access) */
export function structOpsWriteError(btf: BtfTypes, attachTo: string, btfId: number, off: number, size: number): string | undefined {
  const d = STRUCT_OPS[splitStructOpsTarget(attachTo)?.struct ?? ''];
  return d ? d.write(btf, btfId, off, size) : 'only read is supported';
}

/** libbpf: `tcp_congestion_ops___v2` is the kernel's `tcp_congestion_ops` */
export const kernelStructName = (local: string): string => local.replace(/___.*$/, '');

/**
 * A struct_ops program's attach target, `STRUCT:MEMBER` as the ELF loader spells it: the kernel
 * struct's name (flavour suffix dropped) and the member, or undefined when it names no member
 */
export function splitStructOpsTarget(attachTo: string): { struct: string; member: string } | undefined {
  const colon = attachTo.indexOf(':');
  return colon < 0 ? undefined : { struct: kernelStructName(attachTo.slice(0, colon)), member: attachTo.slice(colon + 1) };
}

/**
 * The member `attachTo` (`STRUCT:MEMBER`) names in the kernel's BTF, or a sentence saying what is
 * missing (check_struct_ops_btf_id's refusals: no such struct, no such member, not a function pointer).
 */
export function structOpsTarget(btf: BtfTypes, attachTo: string): StructOpsTarget | string {
  const named = splitStructOpsTarget(attachTo);
  if (!named) return `struct_ops program is not the member of any struct_ops map (attach target '${attachTo}')`;
  const { struct, member } = named;
  const structId = btf.find(struct, BTF_KIND_STRUCT)?.id;
  if (structId === undefined) return `attach_btf_id is not a supported struct: the kernel's BTF has no struct ${struct}`;
  const st = btf.type(structId) as BtfStruct;
  const memberIndex = st.members.findIndex((m) => m.name === member);
  if (memberIndex < 0) return `attach to invalid member ${member} of struct ${struct}`;
  const ptr = btf.type(skipMods(btf, st.members[memberIndex]!.type));
  const proto = ptr.kind === BTF_KIND_PTR ? btf.type(skipMods(btf, ptr.type)) : undefined;
  if (!proto || proto.kind !== BTF_KIND_FUNC_PROTO) return `attach to invalid member ${member}(@idx ${memberIndex}) of struct ${struct}`;
  return { structId, struct, member, memberIndex, proto };
}

/** byte offset and size of the member at `path` (`a.b`) of struct `name`, searching nested structs as C's offsetof does */
function offsetOf(btf: BtfTypes, name: string, path: string): { off: number; end: number } | undefined {
  const id = btf.find(name, BTF_KIND_STRUCT)?.id;
  if (id === undefined) return undefined;
  const walk = (tid: number, parts: string[], base: number): { off: number; end: number } | undefined => {
    const t = btf.type(skipMods(btf, tid));
    if (t.kind !== BTF_KIND_STRUCT && t.kind !== BTF_KIND_UNION) return undefined;
    for (const m of t.members) {
      const off = base + m.bitOffset / 8;
      if (m.name === parts[0]) {
        if (parts.length === 1) return { off, end: off + sizeofType(btf, m.type) };
        return walk(m.type, parts.slice(1), off);
      }
      // anonymous structs and unions, and the embedded base struct (tcp_sock starts with inet_connection_sock)
      const inner = m.name === '' || parts.length === 1 ? walk(m.type, parts, off) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(id, path.split('.'), 0);
}

type WritableField = { off: number; end: number; range: boolean };
const tcpCaFields = new WeakMap<BtfTypes, WritableField[]>();

/** the tcp_sock fields bpf_tcp_ca_btf_struct_access lists, laid out by this BTF (walked once per BTF) */
function tcpCaWritable(btf: BtfTypes): WritableField[] {
  let fields = tcpCaFields.get(btf);
  if (fields) return fields;
  fields = [];
  const add = (s: string, p: string, range = false): void => {
    const r = offsetOf(btf, s, p);
    if (r) fields!.push({ ...r, range });
  };
  add('sock', 'sk_pacing_rate');
  add('sock', 'sk_pacing_status');
  // bpf_ctx_range: any offset inside icsk_ca_priv
  add('inet_connection_sock', 'icsk_ca_priv', true);
  add('inet_connection_sock', 'icsk_ack.pending');
  for (const f of ['snd_cwnd', 'snd_cwnd_cnt', 'snd_cwnd_stamp', 'snd_ssthresh', 'ecn_flags', 'app_limited']) add('tcp_sock', f);
  tcpCaFields.set(btf, fields);
  return fields;
}

/**
 * bpf_tcp_ca_btf_struct_access (net/ipv4/bpf_tcp_ca.c, 6.12): a tcp_congestion_ops program may
 * write these tcp_sock fields and nothing else; undefined when the write is allowed, else the
 * kernel's sentence.
 */
function tcpCaWriteError(btf: BtfTypes, btfId: number, off: number, size: number): string | undefined {
  if (btf.type(btfId).name !== 'tcp_sock') return 'only read is supported';
  const hit = tcpCaWritable(btf).find((r) => (r.range ? off >= r.off && off < r.end : off === r.off));
  if (!hit) return `no write support to tcp_sock at off ${off}`;
  if (off + size > hit.end) return `write access at off ${off} with size ${size} beyond the member of tcp_sock ended at ${hit.end}`;
  return undefined;
}

/**
 * bpf_tcp_ca_is_valid_access: a tcp_congestion_ops member's `struct sock *` argument is a
 * `struct tcp_sock *` to the program (promoted, so that tcp_sk(sk) needs no cast helper)
 */
export function structOpsCtxBtfId(btf: BtfTypes, attachTo: string, btfId: number): number {
  if (splitStructOpsTarget(attachTo)?.struct !== 'tcp_congestion_ops' || btf.type(btfId).name !== 'sock') return btfId;
  return btf.find('tcp_sock', BTF_KIND_STRUCT)?.id ?? btfId;
}

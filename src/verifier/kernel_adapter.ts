/**
 * The verifier's view of helper prototypes and program types, built from the tables of the
 * kernel-objects layer (src/helpers/prototypes.ts: struct bpf_func_proto; src/progtypes/:
 * is_valid_access, get_func_proto, check_return_code ranges).
 */
import { type HelperProto, type ArgSpec, MEM_UNINIT, OBJ_RELEASE, PTR_MAYBE_NULL, helperProto } from '../helpers/prototypes.js';
import { progTypeInfo, type ProgTypeInfo } from '../progtypes/index.js';
import type { ArgType, RetType, VerifierHelperProto, VerifierProgType, CtxFieldKind } from './types.js';

/** the kernel's flat alias for an argument (ARG_PTR_TO_MEM | MEM_UNINIT -> ARG_PTR_TO_UNINIT_MEM) */
export function flatArgType(a: ArgSpec): string {
  const nul = (a.flags & PTR_MAYBE_NULL) !== 0;
  const uninit = (a.flags & MEM_UNINIT) !== 0;
  switch (a.base) {
    case 'ARG_PTR_TO_MEM':
      return nul ? 'ARG_PTR_TO_MEM_OR_NULL' : uninit ? 'ARG_PTR_TO_UNINIT_MEM' : 'ARG_PTR_TO_MEM';
    case 'ARG_PTR_TO_MAP_VALUE':
      return nul ? 'ARG_PTR_TO_MAP_VALUE_OR_NULL' : uninit ? 'ARG_PTR_TO_UNINIT_MAP_VALUE' : 'ARG_PTR_TO_MAP_VALUE';
    case 'ARG_PTR_TO_CTX':
    case 'ARG_PTR_TO_SOCKET':
    case 'ARG_PTR_TO_STACK':
      return nul ? `${a.base}_OR_NULL` : a.base;
    default:
      return a.base;
  }
}

/** ArgSpec (base type | modifier flags) → the verifier's argument kind: the flat alias, plus
 * the fixed-size int/long outputs and the ring-buffer release argument the verifier tells apart */
function argType(a: ArgSpec): ArgType {
  if (a.base === 'ARG_PTR_TO_MEM' && (a.flags & MEM_UNINIT) !== 0 && (a.size === 4 || a.size === 8)) return a.size === 8 ? 'ARG_PTR_TO_LONG' : 'ARG_PTR_TO_INT';
  if (a.base === 'ARG_PTR_TO_RINGBUF_MEM') return (a.flags & OBJ_RELEASE) !== 0 ? 'ARG_PTR_TO_ALLOC_MEM' : 'ARG_PTR_TO_RINGBUF_MEM';
  return flatArgType(a) as ArgType;
}

function retType(p: HelperProto): RetType {
  if (p.ret === 'RET_PTR_TO_MEM_OR_NULL') return 'RET_PTR_TO_RINGBUF_MEM_OR_NULL';
  return p.ret as RetType;
}

const protoCache = new Map<HelperProto, VerifierHelperProto>();

export function toVerifierProto(p: HelperProto): VerifierHelperProto {
  let v = protoCache.get(p);
  if (!v) {
    v = {
      id: p.id, name: p.name, gplOnly: p.gplOnly, retType: retType(p), argTypes: p.args.map(argType), argFlags: p.args.map((a) => a.flags),
      pktAccess: p.pktAccess, changesPktData: p.changesPktData, acquire: p.acquire, release: p.release,
      ...(p.mapTypes ? { mapTypes: p.mapTypes } : {}), ...(p.retSizeArg ? { retSizeArg: p.retSizeArg } : {}),
      ...(p.retBtf ? { retBtf: p.retBtf } : {}), ...(p.sleepable ? { mightSleep: true } : {}),
      ...(p.args.some((a) => a.btf) ? { argBtf: p.args.map((a) => a.btf) } : {}),
    };
    protoCache.set(p, v);
  }
  return v;
}

/** every helper the kernel-objects layer describes, by id (names for the log, protos for calls) */
export const ALL_HELPER_PROTOS: ReadonlyMap<number, VerifierHelperProto> = (() => {
  const m = new Map<number, VerifierHelperProto>();
  for (let id = 1; id < 400; id++) {
    const p = helperProto(id);
    if (p) m.set(id, toVerifierProto(p));
  }
  return m;
})();

const REG_KIND: Record<string, CtxFieldKind> = {
  SCALAR_VALUE: 'scalar', PTR_TO_PACKET: 'pkt', PTR_TO_PACKET_META: 'pkt_meta', PTR_TO_PACKET_END: 'pkt_end',
  PTR_TO_SOCKET: 'socket', PTR_TO_SOCKET_OR_NULL: 'socket_or_null', PTR_TO_SOCK_COMMON_OR_NULL: 'sock_common',
  PTR_TO_FLOW_KEYS: 'flow_keys', PTR_TO_TP_BUFFER: 'tp_buffer',
};

export interface ProgTypeContext {
  priv: boolean;
  attachType?: number;
  sleepable?: boolean;
  /** a struct_ops program's member (prog_ops_moff: tcp_congestion_ops' `release` gets no setsockopt) */
  structOpsMember?: string;
  /** helpers the target kernel lacks (progtypes helpersTakenAway: lockdown, config options) */
  takenAway?: readonly string[];
  /** an iterator program's target (iter/NAME), for bpf_iter_get_func_proto */
  iterTarget?: string;
}

type AdaptedProgType = { type: VerifierProgType; protos: ReadonlyMap<number, VerifierHelperProto> };
/**
 * verifierProgType results by program type and context: building one asks get_func_proto about
 * every helper id, which costs far more than verifying a small program; the tables it reads
 * are constant, so each combination is built once
 */
const progTypeCache = new Map<string, AdaptedProgType | undefined>();

/** the program type as the verifier consumes it, with its per-type helper prototypes */
export function verifierProgType(t: number, ctx: ProgTypeContext): AdaptedProgType | undefined {
  const key = JSON.stringify([t, ctx]);
  if (progTypeCache.has(key)) return progTypeCache.get(key);
  const r = buildVerifierProgType(t, { ...ctx });
  progTypeCache.set(key, r);
  return r;
}

/**
 * the helpers a program type may call (its bpf_verifier_ops.get_func_proto) as the verifier
 * consumes them; also for the types whose context tsbpf does not model (netfilter: bpf_nf_func_proto)
 */
export function helperProtosOfType(getFuncProto: ProgTypeInfo['getFuncProto'] | undefined, ctx: ProgTypeContext): Map<number, VerifierHelperProto> {
  const fopts = {
    capBpf: ctx.priv, capPerfmon: ctx.priv, attachType: ctx.attachType ?? 0, sleepable: !!ctx.sleepable,
    ...(ctx.iterTarget ? { iterTarget: ctx.iterTarget } : {}), ...(ctx.structOpsMember ? { structOpsMember: ctx.structOpsMember } : {}),
  };
  const protos = new Map<number, VerifierHelperProto>();
  if (!getFuncProto) return protos;
  for (const id of ALL_HELPER_PROTOS.keys()) {
    const p = getFuncProto(id, fopts);
    // get_func_proto returns NULL for a helper the kernel was built or booted without
    if (p && !ctx.takenAway?.includes(p.name.replace(/^bpf_/, ''))) protos.set(id, toVerifierProto(p));
  }
  return protos;
}

function buildVerifierProgType(t: number, ctx: ProgTypeContext): AdaptedProgType | undefined {
  const info: ProgTypeInfo | undefined = progTypeInfo(t);
  if (!info) return undefined;
  const protos = helperProtosOfType(info.getFuncProto, ctx);
  const rr = info.returnRange(ctx.attachType ?? 0);
  const access = new Map<number, CtxFieldKind | null>();
  const name = info.name.replace(/^BPF_PROG_TYPE_/, '').toLowerCase();
  return {
    protos,
    type: {
      id: t,
      name,
      isValidAccess: (off, size, write, c) => {
        // the answer depends on nothing else: remember it (a loop asks about the same field again and again)
        const key = ((off * 16 + size) * 2 + (write ? 1 : 0)) * 2 + (c.priv ? 1 : 0);
        let k = access.get(key);
        if (k === undefined) {
          const a = info.isValidAccess(off, size, write, { privileged: c.priv, attachType: ctx.attachType ?? 0 });
          k = a.ok ? (REG_KIND[a.regType] ?? null) : null;
          access.set(key, k);
        }
        return k;
      },
      helperAllowed: (id) => protos.has(id),
      // check_return_code: the range is what is enforced; enforce_attach_type_range only ties a
      // cgroup_skb program returning 2 or 3 to BPF_CGROUP_INET_EGRESS at attach time
      retRange: rr ? [rr.min, rr.max] : null,
      directPacketAccess: info.directPacketAccess,
      unprivOk: info.unprivOk,
    },
  };
}

/**
 * The helper and program-type tables in the shape the verifier consumes (src/verifier/types.ts:
 * VerifierHelperProto, VerifierProgType), built from helpers/prototypes.ts and progtypes/ — so
 * the verifier's interim tables (verifier/kernel_tables.ts) can be replaced by:
 *
 *   export const HELPER_PROTOS = verifierHelperProtos();
 *   export const PROG_TYPES = verifierProgTypes();
 *
 * The shapes are structural (this layer does not import the verifier). Argument and return
 * names are flattened to the kernel's aliases (ARG_PTR_TO_UNINIT_MEM, ARG_PTR_TO_MEM_OR_NULL…);
 * a few 6.x kinds the verifier's unions may not list yet are passed through by name
 * (ARG_PTR_TO_KPTR, RET_PTR_TO_DYNPTR_MEM_OR_NULL).
 */
import { HELPER_NAMES } from '../isa/helper_ids.js';
import { HELPER_PROTOS, MEM_UNINIT, PTR_MAYBE_NULL, type ArgSpec, type HelperProto, type RetType } from '../helpers/prototypes.js';
import type { CtxRegType } from './access.js';
import { progTypeInfo } from './index.js';
import { BPF_PROG_TYPE } from './prog_types.js';

export interface VerifierHelperProtoView {
  id: number;
  name: string;
  gplOnly: boolean;
  retType: string;
  argTypes: string[];
  pktAccess: boolean;
  changesPktData: boolean;
  mapTypes?: readonly number[];
  retSizeArg?: number;
  acquire: boolean;
  release: boolean;
}

export type CtxFieldKindView = 'scalar' | 'pkt' | 'pkt_meta' | 'pkt_end' | 'sock_common' | 'flow_keys' | 'socket_or_null' | 'socket' | 'tp_buffer';

export interface VerifierProgTypeView {
  id: number;
  name: string;
  isValidAccess(off: number, size: number, write: boolean, ctx: { priv: boolean }): CtxFieldKindView | null;
  helperAllowed(id: number): boolean;
  retRange: readonly [number, number] | null;
  directPacketAccess: 'none' | 'read' | 'write';
  unprivOk: boolean;
}

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

function flatRetType(r: RetType): string {
  // ringbuf_reserve: RET_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RINGBUF in 6.x (RET_PTR_TO_ALLOC_MEM_OR_NULL in 5.10)
  if (r === 'RET_PTR_TO_MEM_OR_NULL') return 'RET_PTR_TO_RINGBUF_MEM_OR_NULL';
  if (r === 'RET_PTR_TO_BTF_ID_TRUSTED') return 'RET_PTR_TO_BTF_ID';
  return r;
}

export function verifierHelperProto(p: HelperProto): VerifierHelperProtoView {
  return {
    id: p.id,
    name: p.name,
    gplOnly: p.gplOnly,
    retType: flatRetType(p.ret),
    argTypes: p.args.map(flatArgType),
    pktAccess: p.pktAccess,
    changesPktData: p.changesPktData,
    ...(p.mapTypes ? { mapTypes: p.mapTypes } : {}),
    ...(p.retSizeArg !== undefined ? { retSizeArg: p.retSizeArg } : {}),
    acquire: p.acquire,
    release: p.release,
  };
}

/** HELPER_PROTOS by id, in the verifier's shape */
export function verifierHelperProtos(): Map<number, VerifierHelperProtoView> {
  const m = new Map<number, VerifierHelperProtoView>();
  for (const p of HELPER_PROTOS) if (p) m.set(p.id, verifierHelperProto(p));
  return m;
}

const KIND: Record<CtxRegType, CtxFieldKindView> = {
  SCALAR_VALUE: 'scalar',
  PTR_TO_PACKET: 'pkt',
  PTR_TO_PACKET_META: 'pkt_meta',
  PTR_TO_PACKET_END: 'pkt_end',
  PTR_TO_SOCK_COMMON_OR_NULL: 'sock_common',
  PTR_TO_FLOW_KEYS: 'flow_keys',
  PTR_TO_SOCKET_OR_NULL: 'socket_or_null',
  PTR_TO_SOCKET: 'socket',
  PTR_TO_TP_BUFFER: 'tp_buffer',
};

/** one program type (with its expected attach type) in the verifier's shape */
export function verifierProgType(type: number, attachType = 0): VerifierProgTypeView | undefined {
  const info = progTypeInfo(type);
  if (!info) return undefined;
  const range = info.returnRange(attachType);
  const name = (Object.entries(BPF_PROG_TYPE).find(([, v]) => v === type)?.[0] ?? String(type)).toLowerCase();
  return {
    id: type,
    name: type === 0 ? 'socket_filter' : name,
    isValidAccess: (off, size, write, ctx) => {
      const a = info.isValidAccess(off, size, write, { attachType, privileged: ctx.priv });
      return a.ok ? KIND[a.regType] : null;
    },
    helperAllowed: (id) => id > 0 && id < HELPER_NAMES.length && info.getFuncProto(id, { attachType }) !== undefined,
    retRange: range ? [range.min, range.max] : null,
    directPacketAccess: info.directPacketAccess,
    unprivOk: info.unprivOk,
  };
}

/** every program type tsbpf describes, by number, in the verifier's shape */
export function verifierProgTypes(): Map<number, VerifierProgTypeView> {
  const m = new Map<number, VerifierProgTypeView>();
  for (const t of Object.values(BPF_PROG_TYPE)) {
    const v = verifierProgType(t);
    if (v && t !== 0) m.set(t, v);
  }
  return m;
}

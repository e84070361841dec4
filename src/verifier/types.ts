/**
 * What the verifier needs from the rest of tsbpf, as small interfaces: maps (type and sizes),
 * helper prototypes (struct bpf_func_proto), program types (ctx access, allowed helpers, return
 * range), and the options and result of one verification.
 */
import type { ErrnoName } from '../isa/errors.js';
import type { BtfType } from '../btf/types.js';
import type { KernelRules, KernelVersion } from './kernel_rules.js';
import type { KernelProfile } from '../progtypes/func_proto.js';
import type { SubprogFuncInfo } from './func_info.js';
import type { StateTrace } from './trace.js';
import {
  BPF_F_STRICT_ALIGNMENT, BPF_F_ANY_ALIGNMENT, BPF_F_TEST_RND_HI32, BPF_F_TEST_STATE_FREQ, BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS,
} from '../isa/bpf_types.js';

/** enum bpf_map_type and the map_flags the verifier reads: the uapi tables of isa/bpf_types.ts */
export { MapType, BPF_F_RDONLY_PROG, BPF_F_WRONLY_PROG } from '../isa/bpf_types.js';

/**
 * BTF as the verifier reads it: the kernel's (vmlinux, for PTR_TO_BTF_ID, kfunc prototypes and
 * tracing contexts) or a program's own. Both src/btf's Btf and its on-demand LazyBtf fit.
 */
export interface BtfTypes {
  type(id: number): BtfType;
  find(name: string, kind?: number): BtfType | undefined;
  idsByName(name: string): number[];
}

/** the map facts verification needs (a subset of struct bpf_map) */
export interface VerifierMap {
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags?: number;
  name?: string;
  /** offset of a struct bpf_spin_lock in the value, -1 or undefined when none */
  spinLockOff?: number;
  /** offsets of the value's struct bpf_timer and struct bpf_wq (map->record->timer_off, wq_off), from its BTF */
  timerOff?: number;
  wqOff?: number;
  /** map_uid: which lookup of an outer map gave this inner map (only for values with a timer or wq; 0 otherwise) */
  mapUid?: number;
  /** ARRAY_OF_MAPS / HASH_OF_MAPS: the inner map template */
  inner?: VerifierMap;
  /**
   * the value of a one-element ARRAY that is read-only for programs (BPF_F_RDONLY_PROG) and frozen
   * (bpf_map_is_rdonly): libbpf's `.rodata` and `.kconfig`. Loads from it at a constant offset are
   * known constants (check_mem_access → bpf_map_direct_read), which is how `const volatile`
   * settings make code dead before verification reaches it.
   */
  rdonlyValue?: Uint8Array;
  /**
   * the map's BTF and value type (btf_value_type_id), from which the verifier finds the value's
   * special fields (btf_record.ts: spin lock, list heads, rbtree roots, kptrs); for global data the
   * value is a DATASEC whose variables sit at `btfVarOffsets` (ELF symbol values)
   */
  btf?: BtfTypes;
  btfValueTypeId?: number;
  btfVarOffsets?: Readonly<Record<string, number>>;
}

/** argument and return kinds of helper prototypes (enum bpf_arg_type / bpf_return_type) */
export type ArgType =
  | 'ARG_DONTCARE' | 'ARG_ANYTHING' | 'ARG_CONST_MAP_PTR' | 'ARG_PTR_TO_MAP_KEY' | 'ARG_PTR_TO_MAP_VALUE'
  | 'ARG_PTR_TO_UNINIT_MAP_VALUE' | 'ARG_PTR_TO_MAP_VALUE_OR_NULL' | 'ARG_PTR_TO_MEM' | 'ARG_PTR_TO_MEM_OR_NULL'
  | 'ARG_PTR_TO_UNINIT_MEM' | 'ARG_CONST_SIZE' | 'ARG_CONST_SIZE_OR_ZERO' | 'ARG_PTR_TO_CTX'
  | 'ARG_PTR_TO_CTX_OR_NULL' | 'ARG_PTR_TO_INT' | 'ARG_PTR_TO_LONG' | 'ARG_PTR_TO_SOCKET'
  | 'ARG_PTR_TO_SOCKET_OR_NULL' | 'ARG_PTR_TO_SOCK_COMMON' | 'ARG_PTR_TO_SPIN_LOCK' | 'ARG_PTR_TO_ALLOC_MEM'
  | 'ARG_PTR_TO_ALLOC_MEM_OR_NULL' | 'ARG_CONST_ALLOC_SIZE_OR_ZERO' | 'ARG_PTR_TO_FUNC' | 'ARG_PTR_TO_STACK_OR_NULL'
  | 'ARG_PTR_TO_CONST_STR' | 'ARG_PTR_TO_BTF_ID' | 'ARG_PTR_TO_BTF_ID_SOCK_COMMON' | 'ARG_PTR_TO_PERCPU_BTF_ID'
  | 'ARG_PTR_TO_TIMER' | 'ARG_PTR_TO_RINGBUF_MEM' | 'ARG_PTR_TO_DYNPTR' | 'ARG_PTR_TO_STACK' | 'ARG_PTR_TO_KPTR';

export type RetType =
  | 'RET_INTEGER' | 'RET_VOID' | 'RET_PTR_TO_MAP_VALUE' | 'RET_PTR_TO_MAP_VALUE_OR_NULL'
  | 'RET_PTR_TO_SOCKET_OR_NULL' | 'RET_PTR_TO_TCP_SOCK_OR_NULL' | 'RET_PTR_TO_SOCK_COMMON_OR_NULL'
  | 'RET_PTR_TO_ALLOC_MEM_OR_NULL' | 'RET_PTR_TO_RINGBUF_MEM_OR_NULL' | 'RET_PTR_TO_BTF_ID_OR_NULL'
  | 'RET_PTR_TO_MEM_OR_BTF_ID_OR_NULL' | 'RET_PTR_TO_MEM_OR_BTF_ID' | 'RET_PTR_TO_BTF_ID' | 'RET_PTR_TO_BTF_ID_TRUSTED'
  | 'RET_PTR_TO_DYNPTR_MEM_OR_NULL';

/** struct bpf_func_proto, as the verifier reads it */
export interface VerifierHelperProto {
  id: number;
  name: string;
  gplOnly?: boolean;
  /** might_sleep: only sleepable programs (BPF_F_SLEEPABLE) may call it, outside RCU and preemption-disabled regions */
  mightSleep?: boolean;
  retType: RetType;
  argTypes: readonly ArgType[];
  /** each argument's type modifier flags (MEM_UNINIT, MEM_RDONLY, OBJ_RELEASE, DYNPTR_TYPE_*) */
  argFlags?: readonly number[];
  /** pkt_access: may be passed packet pointers */
  pktAccess?: boolean;
  /** the helper can change packet data (bpf_helper_changes_pkt_data): packet pointers become invalid */
  changesPktData?: boolean;
  /** map types the helper accepts as its map argument (check_map_func_compatibility), undefined = any */
  mapTypes?: readonly number[];
  /** for RET_PTR_TO_MEM_OR_NULL-like returns with a size from an argument */
  retSizeArg?: number;
  /** the helper acquires a reference (is_acquire_function) */
  acquire?: boolean;
  /** the helper releases the reference passed in this argument (is_release_function) */
  release?: boolean;
  /** RET_PTR_TO_BTF_ID*: the kernel struct returned (ret_btf_id) */
  retBtf?: string;
  /** ARG_PTR_TO_BTF_ID: the kernel struct each argument points to (arg_btf_id), by argument */
  argBtf?: readonly (string | undefined)[];
}

/** what a ctx access resolves to (bpf_verifier_ops.is_valid_access → reg type of a load) */
export type CtxFieldKind = 'scalar' | 'pkt' | 'pkt_meta' | 'pkt_end' | 'sock_common' | 'flow_keys' | 'socket' | 'socket_or_null' | 'tp_buffer';

/** a program type as the verifier sees it (struct bpf_verifier_ops plus return-code rules) */
export interface VerifierProgType {
  /** enum bpf_prog_type number */
  id: number;
  name: string;
  /** is_valid_access: null = denied, else the kind of value a load produces (writes return 'scalar') */
  isValidAccess(off: number, size: number, write: boolean, ctx: { priv: boolean }): CtxFieldKind | null;
  /** the helpers the program type may call (get_func_proto) */
  helperAllowed(id: number): boolean;
  /** allowed r0 range at exit ([lo, hi], inclusive) or null when any value is allowed */
  retRange: readonly [number, number] | null;
  /** may this type access packets directly (may_access_direct_pkt_data)? */
  directPacketAccess: 'none' | 'read' | 'write';
  /** is the program type usable unprivileged (socket filter, cgroup skb) */
  unprivOk?: boolean;
}

export interface LineInfo {
  /** instruction index (slots) */
  insnOff: number;
  /** the source line text (BTF line info) */
  line: string;
  fileName?: string;
  lineNum?: number;
  col?: number;
}

export interface VerifyOptions {
  /** enum bpf_prog_type number or kernel name ('xdp', 'socket_filter', ...); default socket_filter */
  progType?: number | string;
  /** maps referred to by lddw src=1/2 imm = index */
  maps?: readonly VerifierMap[];
  /**
   * slots of lddw src=1/2 instructions whose imm is a raw file descriptor rather than an index
   * into `maps` (an object's unrelocated BPF_LD_MAP_FD): "fd N is not pointing to valid bpf_map"
   */
  rawMapFds?: readonly number[];
  /**
   * nr_cpu_ids of the machine the program runs on: with the 6.18 rules bpf_get_smp_processor_id's
   * r0 is then [0, nr_cpu_ids - 1], as do_refine_retval_range makes it (a program may index a
   * per-CPU array with it unmasked). Unset, r0 is an unknown scalar (safe on any machine).
   */
  nrCpuIds?: number;
  /** verify as an unprivileged user (no CAP_BPF/CAP_PERFMON/CAP_SYS_ADMIN) */
  unpriv?: boolean;
  /** 0 (errors only in the log), 1 (the path to the error, states at branches), 2 (every instruction) */
  logLevel?: number;
  /** BPF_PROG_LOAD prog_flags */
  progFlags?: number;
  /** BTF line info for `; source` lines and the explanation */
  lineInfo?: readonly LineInfo[];
  /**
   * produce the JSON trace of abstract states: `true` formats every step into `json`; 'trace'
   * records them compactly into `trace` (trace.ts), each step formatted when read
   */
  json?: boolean | 'trace';
  /** is the program GPL-licensed (gpl_only helpers) */
  gpl?: boolean;
  /** processed-instruction limit (BPF_COMPLEXITY_LIMIT_INSNS) */
  insnLimit?: number;
  /** expected_attach_type (a few program types depend on it) */
  expectedAttachType?: number;
  /**
   * whose verifier to follow where Linux changed what it accepts (kernel_rules.ts): '6.18' (the
   * default) or '5.10', or a KernelRules object choosing rule by rule
   */
  kernel?: KernelVersion | KernelRules;
  /**
   * the kernel's BTF (/sys/kernel/btf/vmlinux or a file the user names): types PTR_TO_BTF_ID
   * registers, tracing programs' arguments and kfunc prototypes, whose call immediates are its
   * type ids (as libbpf resolves them). A function is called only when a program needs it.
   */
  kernelBtf?: BtfTypes | (() => BtfTypes | undefined);
  /**
   * the target kernel's lockdown level and build options (progtypes KernelProfile): helpers it
   * lacks — bpf_probe_write_user under lockdown, bpf_override_return without
   * CONFIG_BPF_KPROBE_OVERRIDE… — are refused as its get_func_proto refuses them. Absent: every
   * helper of a fully configured kernel (runtime loadObject passes the running kernel's)
   */
  kernelProfile?: KernelProfile;
  /**
   * what a tracing program attaches to, as its section names it (`fentry/tcp_connect` ->
   * 'tcp_connect', `tp_btf/sched_switch` -> 'sched_switch'): the kernel's attach_btf_id
   */
  attachTo?: string;
  /**
   * BTF func_info of the subprograms (func_info.ts subprogFuncInfo): a global function
   * (BTF_FUNC_GLOBAL) is verified on its own for the arguments its BTF prototype allows, and a call
   * to it checks the arguments against that prototype (kernel/bpf/verifier.c do_check_subprogs)
   */
  funcInfo?: readonly SubprogFuncInfo[];
  /**
   * the program's own BTF (env->prog->aux->btf): bpf_obj_new's local types, and the map values'
   * special fields for maps given without a `btf` of their own
   */
  progBtf?: BtfTypes;
}

export interface VerifyStats {
  processed: number;
  maxStatesPerInsn: number;
  totalStates: number;
  peakStates: number;
  markRead: number;
  timeUs: number;
}

export interface JsonStep {
  insn: number;
  frame: number;
  text: string;
  regs: Record<string, string>;
  stack: Record<string, string>;
}

export interface VerifyResult {
  accepted: boolean;
  /** kernel errno name when rejected */
  errno?: ErrnoName;
  /** the kernel's error line (the last line of the kernel's log) */
  message?: string;
  /** instruction the error is about */
  insn?: number;
  /** the verifier log in the kernel's format, followed by tsbpf's explanation */
  log: string;
  /** tsbpf's plain-words explanation of a rejection */
  explanation?: string;
  stats: VerifyStats;
  json?: JsonStep[];
  /** json: 'trace': the states step by step (`trace.get(k)` is `json[k]`) */
  trace?: StateTrace;
  /**
   * accepted programs: the slot indices of the instructions no path reaches (insn_aux_data[].seen
   * unset). The kernel never runs them: it removes them (opt_remove_dead_code) or turns them into
   * `ja -1` (sanitize_dead_code) before the JIT; `sanitizeDeadCode` does the latter.
   */
  deadInsns?: number[];
  /**
   * prog->aux->max_tp_access: how many bytes of a writable raw tracepoint's buffer (raw_tp.w,
   * PTR_TO_TP_BUFFER) the program reads or writes; attaching needs a tracepoint whose writable
   * size covers it (bpf_probe_register: -EINVAL otherwise)
   */
  maxTpAccess?: number;
}

/** BPF_PROG_LOAD prog_flags (isa/bpf_types.ts) */
export { BPF_F_STRICT_ALIGNMENT, BPF_F_ANY_ALIGNMENT, BPF_F_TEST_RND_HI32, BPF_F_TEST_STATE_FREQ, BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS };
export const PROG_FLAG_NAMES: Record<string, number> = {
  BPF_F_STRICT_ALIGNMENT, BPF_F_ANY_ALIGNMENT, BPF_F_TEST_RND_HI32, BPF_F_TEST_STATE_FREQ, BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS,
};

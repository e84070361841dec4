/**
 * What the object loader produces: a description of the programs and maps in an ELF object
 * (like cilium/ebpf's CollectionSpec), not kernel objects. The runtime layer creates maps from
 * `MapSpec`s and loads `ProgramSpec`s; an lddw whose src is BPF_PSEUDO_MAP_FD or
 * BPF_PSEUDO_MAP_VALUE carries in imm the index of its map in `ObjectSpec.maps`.
 */
import type { Instruction } from '../isa/instruction.js';
import type { Btf } from '../btf/btf.js';
import type { BtfExt } from '../btf/ext.js';

/** where a MapSpec comes from */
export type MapOrigin =
  | 'btf' // BTF-defined map in `.maps`
  | 'legacy' // struct bpf_map_def in `maps`
  | 'data' // .data / .data.*
  | 'rodata' // .rodata / .rodata.*
  | 'bss' // .bss / .bss.*
  | 'inner' // template of a map-in-map's inner map
  | 'struct_ops'; // a variable in .struct_ops / .struct_ops.link (BPF_MAP_TYPE_STRUCT_OPS)

export interface MapSpec {
  /** the map's name: its symbol, or for global data its ELF section name (".rodata") */
  name: string;
  /** BPF_MAP_TYPE_* */
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  /** map_flags (BPF_F_*) */
  flags: number;
  /** LIBBPF_PIN_NONE / LIBBPF_PIN_BY_NAME */
  pinning: number;
  numaNode: number;
  mapExtra: bigint;
  /** BTF type ids of key and value in the object's BTF (0 when unknown) */
  keyTypeId: number;
  valueTypeId: number;
  /** ELF section the definition lives in */
  section: string;
  /** global data: each variable's offset in the section (its ELF symbol's value; BTF DATASECs say 0) */
  varOffsets?: Record<string, number>;
  origin: MapOrigin;
  /** ARRAY_OF_MAPS / HASH_OF_MAPS: the inner map's template */
  innerMap?: MapSpec;
  /**
   * BPF_MAP_TYPE_ARENA: the bytes of the object's `__arena` globals (section `.addr_space.1`),
   * which libbpf copies to the start of the arena after mmap()ing it (init_arena_map_data)
   */
  arenaData?: Uint8Array;
  /**
   * initial contents: for global data one entry (key 0, the section's bytes; zeroes for .bss);
   * for map-in-map and PROG_ARRAY the `values = { ... }` initialisers, naming maps / programs
   */
  contents: MapContent[];
  /** .rodata: the kernel map is frozen after its contents are written (libbpf bpf_map_freeze) */
  freeze: boolean;
  /**
   * iproute2's struct bpf_elf_map fields: `id` names the map for `inner_id`; `pinning`
   * PIN_OBJECT_NS (1) or PIN_GLOBAL_NS (2) pins under tc's bpffs tree (/sys/fs/bpf/tc/<object
   * hash>/ or /sys/fs/bpf/tc/globals/); `innerIdx` is the slot of outer maps this map is put into
   */
  iproute2?: { id: number; pinning: number; innerId: number; innerIdx: number };
  /** struct_ops maps: which program fills which function-pointer member of the value */
  structOps?: { member: string; offset: number; program: string }[];
}

export type MapContent =
  | { key: number; value: Uint8Array }
  | { key: number; map: string }
  | { key: number; program: string };

export interface ProgramFuncInfo {
  /** instruction slot index in the program */
  insn: number;
  typeId: number;
  /** the function's name (from BTF) */
  name: string;
}

export interface ProgramLineInfo {
  insn: number;
  fileName: string;
  line: string;
  lineNum: number;
  column: number;
  /** string offsets into the object's .BTF (for BPF_PROG_LOAD's line_info); absent when made by hand */
  fileNameOff?: number;
  lineOff?: number;
}

export interface ProgramCoreRelo {
  /** instruction slot index in the program */
  insn: number;
  /** local type id in the object's BTF */
  typeId: number;
  accessStr: string;
  /** enum bpf_core_relo_kind */
  kind: number;
}

/**
 * An unresolved reference: something the kernel supplies (kfunc call, `__ksym` variable,
 * `.kconfig` value), an extern function another object defines (static linking), or an
 * untyped symbol (inline asm `r0 = SYM ll`).
 */
export interface ExternRef {
  insn: number;
  name: string;
  kind: 'kfunc' | 'ksym' | 'kconfig' | 'func' | 'symbol';
  weak: boolean;
}

export interface ProgramSpec {
  /** the entry function's name */
  name: string;
  /** ELF section (SEC() name) */
  section: string;
  /** BPF_PROG_TYPE_* (BPF_PROG_TYPE_UNSPEC when the section name is not one libbpf knows) */
  type: number;
  /** BPF_* attach type */
  expectedAttachType: number;
  /** what the section names after its type ("kprobe/do_sys_open" -> "do_sys_open") */
  attachTo: string;
  /** prog_flags implied by the section (BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS) */
  flags: number;
  /** the section matched only with libbpf < 1.0's prefix rule */
  legacySectionName: boolean;
  /** relocated instructions: the function followed by the subprograms it calls */
  insns: Instruction[];
  /** the slot of the exception callback (`__exception_cb(NAME)`, appended as libbpf does), if any */
  exceptionCb?: number;
  /** slots of the entry function itself (before appended subprograms) */
  ownSlots: number;
  /** byte offset of the function within its section */
  sectionOffset: number;
  /** functions placed into this program: name and first slot (the entry is first, at 0) */
  functions: { name: string; section: string; insn: number }[];
  /** indices into ObjectSpec.maps of the maps the program references */
  mapIndices: number[];
  /**
   * slots of lddw instructions that name a map by a raw fd, without a relocation (a hand-written
   * BPF_LD_MAP_FD): passed through as libbpf does, for the verifier to refuse
   */
  rawMapFds?: number[];
  funcInfo: ProgramFuncInfo[];
  lineInfo: ProgramLineInfo[];
  coreRelos: ProgramCoreRelo[];
  externs: ExternRef[];
  license: string;
  kernelVersion: number;
}

export interface ObjectSpec {
  file?: string;
  bigEndian: boolean;
  programs: ProgramSpec[];
  maps: MapSpec[];
  license: string;
  /** the `version` section (u32), 0 if absent */
  kernelVersion: number;
  btf?: Btf;
  btfExt?: BtfExt;
  /** .text (and other) functions that are only called, never programs themselves */
  subprograms: string[];
}

export function findProgram(spec: ObjectSpec, name: string): ProgramSpec | undefined {
  return spec.programs.find((p) => p.name === name) ?? spec.programs.find((p) => p.section === name);
}

export function findMap(spec: ObjectSpec, name: string): MapSpec | undefined {
  return spec.maps.find((m) => m.name === name);
}

/**
 * The source line of an instruction: the last line_info record at or before it (line_info
 * records mark where each line's code starts, as the kernel's verifier log uses them).
 */
export function lineInfoFor(p: ProgramSpec, insn: number): ProgramLineInfo | undefined {
  const li = p.lineInfo;
  let lo = 0;
  let hi = li.length - 1;
  let best: ProgramLineInfo | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (li[mid]!.insn <= insn) {
      best = li[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** the function (entry or appended subprogram) an instruction belongs to */
export function functionFor(p: ProgramSpec, insn: number): ProgramSpec['functions'][number] | undefined {
  let best: ProgramSpec['functions'][number] | undefined;
  for (const f of p.functions) if (f.insn <= insn && (!best || f.insn > best.insn)) best = f;
  return best;
}

/**
 * An object loaded into the running kernel, from the same ObjectSpec the emulator loads
 * (elf/loader.ts): libbpf's bpf_object__load (tools/lib/bpf/libbpf.c) step by step —
 *  - bpf_object__resolve_externs: kconfig values from the kernel's config, ksyms and kfuncs from
 *    its BTF and /proc/kallsyms (system.ts);
 *  - bpf_object__relocate_core: CO-RE relocations against /sys/kernel/btf/vmlinux (btf/core.ts);
 *  - bpf_object__sanitize_and_load_btf: BPF_BTF_LOAD (btf_upload.ts);
 *  - bpf_object__create_maps: BPF_MAP_CREATE with BTF key/value type ids (retried without, as
 *    libbpf does), pinned maps reused, global data written and .rodata frozen, inner-map templates;
 *  - bpf_object__load_progs: map fds patched into lddw, func_info/line_info, attach_btf_id;
 *  - init_prog_array_slots / init_map_in_map_slots: `values = {...}` initialisers.
 * Every fd is released on failure and by close() / `using`.
 */
import { BpfError } from '../isa/errors.js';
import { LDDW, type Instruction } from '../isa/instruction.js';
import { BPF_PSEUDO_BTF_ID, BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE } from '../isa/opcodes.js';
import { AttachType, BPF_PROG_TYPE_UNSPEC, ProgType } from '../isa/bpf_types.js';
import { loadObjectSpec } from '../elf/loader.js';
import { unlinkedExternError } from '../elf/externs.js';
import { readBinaryFile } from '../elf/read_file.js';
import { insnIndexBySlot, resolveKfuncInsn, type KfuncTarget } from '../elf/kfunc_resolve.js';
import { applyObjectCore } from '../elf/core.js';
import type { MapSpec, ObjectSpec, ProgramSpec } from '../elf/spec.js';
import type { Btf } from '../btf/btf.js';
import { BTF_KIND_DATASEC, BTF_KIND_FUNC, BTF_KIND_STRUCT, BTF_KIND_TYPEDEF, BTF_KIND_UNION, BTF_KIND_VAR } from '../btf/types.js';
import { describe, type TypeDesc } from '../runtime/format.js';
import { MapType } from '../maps/constants.js';
import { LIBBPF_PIN_BY_NAME, mapAttrOf, mapTypesOf, reuseCompatible } from '../runtime/object.js';
import { verify } from '../verifier/verify.js';
import { structOpsTarget } from '../verifier/struct_ops.js';
import { attachStructOps, structOpsLayout, type StructOpsLayout } from './struct_ops.js';
import type { Link } from './link/link.js';
import { rdonlyValueOf, verifyOptionsForProgram } from '../verifier/object.js';
import type { VerifierMap } from '../verifier/types.js';
import { closeFd, KernelError, mapCreate, mapFreeze, mapInfo, mapUpdateElem, objGet, possibleCpus, progLoad } from '../hooks/kernel/bpf.js';
import { BPF_FUNC_INFO_SIZE, BPF_LINE_INFO_SIZE } from '../hooks/kernel/uapi.js';
import { loadObjectBtf } from './btf_upload.js';
import { KernelMap } from './map.js';
import { KernelProgram, ProgramLoadError } from './program.js';
import { kconfigValues, kernelSymbols, moduleBtfFd, moduleBtfs, vmlinuxBtf } from './system.js';
import { RingBufReader, type RingBufOptions } from './ringbuf.js';
import { PerfBufferReader, type PerfBufferOptions } from './perf_buffer.js';

export interface KernelLoadOptions {
  /** file name for messages (bytes given) */
  file?: string;
  /** bpffs directory for maps with `pinning = LIBBPF_PIN_BY_NAME` (libbpf's pin_root_path; default /sys/fs/bpf) */
  pinRoot?: string;
  /** BPF_PROG_LOAD log level for programs that load (the log is KernelProgram.log); rejections always carry a log */
  logLevel?: number;
  /** kconfig values that override the running kernel's */
  kconfig?: Record<string, number | bigint | boolean | string>;
  /** CO-RE target instead of /sys/kernel/btf/vmlinux (libbpf's btf_custom_path) */
  btfTarget?: Btf;
  /** load only these programs (names or sections); the others are not loaded (libbpf autoload = false) */
  programs?: readonly string[];
}

/**
 * map types whose BPF_MAP_CREATE takes no BTF key/value types: libbpf bpf_object__create_map's list,
 * plus those whose kernel ops refuse BTF (map_check_no_btf: prog arrays; ring buffers, whose BTF
 * value type only documents the records)
 */
const NO_BTF_MAP_TYPES: ReadonlySet<number> = new Set([
  MapType.PERF_EVENT_ARRAY, MapType.CGROUP_ARRAY, MapType.STACK_TRACE, MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS,
  MapType.DEVMAP, MapType.DEVMAP_HASH, MapType.CPUMAP, MapType.XSKMAP, MapType.SOCKMAP, MapType.SOCKHASH,
  MapType.QUEUE, MapType.STACK, MapType.ARENA, MapType.PROG_ARRAY, MapType.RINGBUF, MapType.USER_RINGBUF,
]);

export class KernelObject implements Disposable {
  readonly spec: ObjectSpec;
  readonly programs: Map<string, KernelProgram> = new Map();
  readonly maps: Map<string, KernelMap> = new Map();
  /** the object's BTF in the kernel (undefined when it has none or the kernel refused it) */
  btfFd?: number;
  /** what loading skipped or worked around, in sentences (BTF refused, map created without BTF, ...) */
  readonly warnings: string[] = [];
  private readers: { close(): void }[] = [];

  constructor(spec: ObjectSpec) {
    this.spec = spec;
  }

  get file(): string | undefined {
    return this.spec.file;
  }

  program(name: string): KernelProgram {
    const p = this.programs.get(name) ?? [...this.programs.values()].find((x) => x.section === name);
    if (!p) throw new BpfError('ENOENT', `no program named "${name}" in ${this.spec.file ?? 'the object'} (programs: ${[...this.programs.keys()].join(', ') || 'none'})`);
    return p;
  }

  map(name: string): KernelMap {
    const m = this.maps.get(name);
    if (!m) throw new BpfError('ENOENT', `no map named "${name}" in ${this.spec.file ?? 'the object'} (maps: ${[...this.maps.keys()].join(', ') || 'none'})`);
    return m;
  }

  /** the kernel value of each struct_ops map (struct_ops.ts), for attachStructOps */
  readonly structOpsLayouts: Map<string, StructOpsLayout> = new Map();

  /**
   * Register the struct_ops map `name` with the kernel (libbpf bpf_map__attach_struct_ops): a
   * tcp_congestion_ops becomes a congestion control sockets can choose. Closing the Link
   * unregisters it. Its programs must be loaded.
   */
  attachStructOps(name: string): Link {
    const layout = this.structOpsLayouts.get(name);
    if (!layout) throw new BpfError('ENOENT', `no struct_ops map named "${name}" in ${this.spec.file ?? 'the object'} (struct_ops maps: ${[...this.structOpsLayouts.keys()].join(', ') || 'none'})`);
    return attachStructOps(this.map(name), layout, this.programs);
  }

  /** a reader of the RINGBUF map `name`: `for await (const rec of obj.ringbuf('events'))`, or poll() */
  ringbuf(name: string, opts: Omit<RingBufOptions, 'type'> & { type?: TypeDesc | string } = {}): RingBufReader {
    const { type, ...rest } = opts;
    const r = new RingBufReader(this.map(name), { ...rest, ...this.recordType(type) });
    this.readers.push(r);
    return r;
  }

  /** a reader of the PERF_EVENT_ARRAY map `name`: one perf ring per CPU, lost-sample counts */
  perfBuffer(name: string, opts: Omit<PerfBufferOptions, 'type'> & { type?: TypeDesc | string } = {}): PerfBufferReader {
    const { type, ...rest } = opts;
    const r = new PerfBufferReader(this.map(name), { ...rest, ...this.recordType(type) });
    this.readers.push(r);
    return r;
  }

  /** a record type given by name: a struct, union or typedef of the object's BTF */
  recordType(t: TypeDesc | string | undefined): { type?: TypeDesc } {
    if (t === undefined) return {};
    if (typeof t !== 'string') return { type: t };
    const btf = this.spec.btf;
    const id = btf ? [BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_TYPEDEF].map((k) => btf.find(t.replace(/^(struct|union) /, ''), k)).find(Boolean)?.id : undefined;
    if (!btf || id === undefined) throw new BpfError('ENOENT', `no struct, union or typedef named '${t}' in the BTF of ${this.spec.file ?? 'the object'}`);
    return { type: describe(btf, id) };
  }

  /** close every fd: programs, maps, readers, BTF. What is pinned or attached by a link stays. */
  close(): void {
    for (const r of this.readers.splice(0)) r.close();
    for (const p of this.programs.values()) p.close();
    for (const m of this.maps.values()) m.close();
    if (this.btfFd !== undefined) closeFd(this.btfFd);
    this.btfFd = undefined;
    this.programs.clear();
    this.maps.clear();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

const HOST_BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;

/** read and load an object into the kernel */
export async function loadKernelObject(src: string | Uint8Array, opts: KernelLoadOptions = {}): Promise<KernelObject> {
  if (typeof src === 'string') return loadKernelObjectSync(await readBinaryFile(src), { file: src, ...opts });
  return loadKernelObjectSync(src, opts);
}

/** the object's spec with the running kernel's kconfig values and CO-RE applied */
export function kernelSpec(bytes: Uint8Array, opts: KernelLoadOptions = {}): ObjectSpec {
  const base = { ...(opts.file ? { file: opts.file } : {}), allowUnsupported: true };
  let spec = loadObjectSpec(bytes, base);
  // kconfig externs are laid out while parsing: parse again with values when the object has any
  const kc = spec.btf?.find('.kconfig', BTF_KIND_DATASEC);
  if (kc) spec = loadObjectSpec(bytes, { ...base, kconfig: { ...kconfigValues(), ...(opts.kconfig ?? {}) } });
  // module BTF is searched only for types vmlinux lacks, and not when btfTarget overrides vmlinux (libbpf)
  // only the programs to load: libbpf's bpf_object__relocate_core skips those with autoload off, so
  // one program's relocation the kernel cannot satisfy does not stop its neighbours
  const loaded = spec.programs.filter((p) => !opts.programs || opts.programs.includes(p.name) || opts.programs.includes(p.section));
  if (loaded.some((p) => p.coreRelos.length)) applyObjectCore(spec, opts.btfTarget ?? vmlinuxBtf(), loaded, opts.btfTarget ? [] : moduleBtfs().map((m) => m.btf));
  return spec;
}

export function loadKernelObjectSync(bytes: Uint8Array, opts: KernelLoadOptions = {}): KernelObject {
  const spec = kernelSpec(bytes, opts);
  // libbpf bpf_object__check_endianness: data, BTF and map definitions would be read backwards
  if (spec.bigEndian !== HOST_BIG_ENDIAN) {
    throw new BpfError('ENOEXEC', `the object is ${spec.bigEndian ? 'big' : 'little'}-endian (bpf${spec.bigEndian ? 'eb' : 'el'}) but the running kernel is ${HOST_BIG_ENDIAN ? 'big' : 'little'}-endian: compile it with -target bpf${HOST_BIG_ENDIAN ? 'eb' : 'el'}`, { file: spec.file });
  }
  const obj = new KernelObject(spec);
  const mapFds: number[] = [];
  const vmaps: VerifierMap[] = [];
  try {
    if (spec.btf) {
      try {
        obj.btfFd = loadObjectBtf(spec, bytes);
      } catch (e) {
        if (!(e instanceof BpfError)) throw e;
        // libbpf goes on without BTF unless something needs it (struct_ops, BTF-typed maps)
        obj.warnings.push(`the kernel refused the object's BTF (${e.message.split('\n')[0]}); loading without it`);
      }
    }
    for (const s of spec.maps) {
      const m = createKernelMap(obj, s, bytes, opts);
      obj.maps.set(s.name, m);
      mapFds.push(m.fd);
      vmaps.push(verifierMapOf(s));
    }
    const wanted = (p: ProgramSpec): boolean => !opts.programs || opts.programs.includes(p.name) || opts.programs.includes(p.section);
    for (const p of spec.programs) if (wanted(p)) obj.programs.set(p.name, loadProgram(obj, p, mapFds, vmaps, opts));
    initSlots(obj);
  } catch (e) {
    obj.close();
    throw e;
  }
  return obj;
}

function verifierMapOf(s: MapSpec): VerifierMap {
  const a = mapAttrOf(s, possibleCpus(), undefined);
  return {
    type: a.mapType, keySize: a.keySize, valueSize: a.valueSize, maxEntries: a.maxEntries, flags: a.mapFlags ?? 0, name: s.name,
    ...(s.innerMap ? { inner: verifierMapOf(s.innerMap) } : {}),
    ...(rdonlyValueOf(s) ? { rdonlyValue: rdonlyValueOf(s)! } : {}),
  };
}

/** iproute2's PIN_OBJECT_NS and PIN_GLOBAL_NS (include/bpf_elf.h) */
const PIN_OBJECT_NS = 1;
const PIN_GLOBAL_NS = 2;

/**
 * Where a map is pinned: libbpf's pin_root_path/NAME for LIBBPF_PIN_BY_NAME; for iproute2's
 * bpf_elf_map, tc's tree as `tc` itself lays it out (lib/bpf_legacy.c bpf_make_pathname):
 * /sys/fs/bpf/tc/globals/NAME, or /sys/fs/bpf/tc/<SHA-1 of the object file>/NAME.
 */
function pinPathOf(s: MapSpec, opts: KernelLoadOptions, bytes: Uint8Array): string | undefined {
  const root = (opts.pinRoot ?? '/sys/fs/bpf').replace(/\/$/, '');
  if (s.iproute2?.pinning === PIN_GLOBAL_NS) return `${root}/tc/globals/${s.name}`;
  if (s.iproute2?.pinning === PIN_OBJECT_NS) return `${root}/tc/${objectHash(bytes)}/${s.name}`;
  if (s.pinning !== LIBBPF_PIN_BY_NAME) return undefined;
  return `${root}/${s.name}`;
}

/** iproute2 bpf_obj_hash: the SHA-1 of the object file, in hex */
function objectHash(bytes: Uint8Array): string {
  const crypto = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process?.getBuiltinModule?.('node:crypto') as
    | { createHash(a: string): { update(b: Uint8Array): { digest(e: 'hex'): string } } }
    | undefined;
  if (!crypto) throw new BpfError('ENOSYS', 'PIN_OBJECT_NS needs node:crypto for the object hash');
  return crypto.createHash('sha1').update(bytes).digest('hex');
}

function createKernelMap(obj: KernelObject, s: MapSpec, bytes: Uint8Array, opts: KernelLoadOptions): KernelMap {
  const types = mapTypesOf(obj.spec, s, bytes);
  const pinPath = pinPathOf(s, opts, bytes);
  const attr = mapAttrOf(s, possibleCpus(), obj.spec.btf);
  if (s.type === MapType.STRUCT_OPS) return createStructOpsMap(obj, s, types);
  // reuse a pinned map of the same shape (libbpf bpf_object__reuse_map)
  if (pinPath) {
    let fd: number | undefined;
    try {
      fd = objGet(pinPath);
    } catch (e) {
      if (!(e instanceof BpfError) || e.errno !== 'ENOENT') throw e;
    }
    if (fd !== undefined) {
      const info = mapInfo(fd);
      if (!reuseCompatible(attr, { type: info.type, keySize: info.keySize, valueSize: info.valueSize, maxEntries: info.maxEntries, flags: info.mapFlags })) {
        closeFd(fd);
        throw new BpfError('EINVAL', `map '${s.name}': the map pinned at ${pinPath} has a different type, sizes or flags (libbpf refuses to reuse it too)`, { file: obj.file, section: s.section });
      }
      return new KernelMap({ name: s.name, fd, info, spec: s, ...types });
    }
  }
  let inner: number | undefined;
  if (s.innerMap) inner = createKernelMap(obj, { ...s.innerMap, pinning: 0 }, bytes, opts).fd;
  let fd: number;
  try {
    const btfOk = obj.btfFd !== undefined && !NO_BTF_MAP_TYPES.has(s.type) && s.name !== '.kconfig' && (s.keyTypeId || s.valueTypeId);
    const base = {
      mapType: attr.mapType, keySize: attr.keySize, valueSize: attr.valueSize, maxEntries: attr.maxEntries, mapFlags: attr.mapFlags ?? 0,
      mapName: attr.mapName ?? '', numaNode: s.numaNode, ...(attr.mapExtra ? { mapExtra: attr.mapExtra } : {}), ...(inner !== undefined ? { innerMapFd: inner } : {}),
    };
    try {
      fd = mapCreate(btfOk ? { ...base, btfFd: obj.btfFd!, btfKeyTypeId: s.keyTypeId, btfValueTypeId: s.valueTypeId } : base);
    } catch (e) {
      if (!btfOk || !(e instanceof KernelError)) throw mapError(e, s, obj);
      // libbpf: "Error in bpf_create_map_xattr(...). Retrying without BTF."
      obj.warnings.push(`map '${s.name}': BPF_MAP_CREATE with BTF failed (${e.errno}); created without BTF`);
      try {
        fd = mapCreate(base);
      } catch (e2) {
        throw mapError(e2, s, obj);
      }
    }
  } finally {
    if (inner !== undefined) closeFd(inner);
  }
  const m = new KernelMap({ name: s.name, fd, info: mapInfo(fd), spec: s, ...types });
  try {
    // global data (bpf_object__populate_internal_map), then .rodata frozen (bpf_map_freeze)
    for (const c of s.contents) {
      if (!('value' in c)) continue;
      const key = new Uint8Array(4);
      new DataView(key.buffer).setUint32(0, c.key, true);
      const v = new Uint8Array(m.userValueSize);
      v.set(c.value.subarray(0, v.length));
      mapUpdateElem(fd, key, v, 0);
    }
    if (s.freeze) {
      mapFreeze(fd);
      m.frozen = true;
    }
    if (pinPath) {
      mkdirs(pinPath.slice(0, pinPath.lastIndexOf('/')));
      m.pin(pinPath);
    }
  } catch (e) {
    m.close();
    throw e;
  }
  return m;
}

export function isRoot(): boolean {
  return (globalThis as { process?: { getuid?: () => number } }).process?.getuid?.() === 0;
}

/** libbpf make_parent_dir: the pin directory is created when missing */
function mkdirs(dir: string): void {
  const fs = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process?.getBuiltinModule?.('node:fs') as { mkdirSync(p: string, o: { recursive: boolean }): void } | undefined;
  fs?.mkdirSync(dir, { recursive: true });
}

function mapError(e: unknown, s: MapSpec, obj: KernelObject): unknown {
  if (!(e instanceof KernelError)) return e;
  const why: Partial<Record<string, string>> = {
    EPERM: isRoot() ? 'the kernel refused it although this process is root (a security policy, or a map type this kernel keeps for CAP_SYS_ADMIN or lacks)' : 'creating maps needs root or CAP_BPF',
    EINVAL: 'the kernel refused its type, sizes or flags',
    E2BIG: 'it is larger than the kernel allows',
    ENOMEM: 'the kernel could not allocate it (memlock or memory cgroup limits)',
    ENOTSUPP: 'this kernel does not offer this map type',
    EOPNOTSUPP: 'this kernel does not offer this map type',
  };
  const type = Object.entries(MapType).find(([, v]) => v === s.type)?.[0] ?? String(s.type);
  return new BpfError(e.errno, `BPF_MAP_CREATE of map '${s.name}' (${type}, key ${s.keySize}, value ${s.valueSize}, max_entries ${s.maxEntries}) failed: ${why[e.errno] ?? e.message}`, { file: obj.file, section: s.section });
}

/** struct bpf_func_info / bpf_line_info records of a program (insn_off in slots) */
function extInfo(p: ProgramSpec): { funcInfo?: Uint8Array; lineInfo?: Uint8Array } {
  const out: { funcInfo?: Uint8Array; lineInfo?: Uint8Array } = {};
  if (p.funcInfo.length) {
    const b = new Uint8Array(p.funcInfo.length * BPF_FUNC_INFO_SIZE);
    const dv = new DataView(b.buffer);
    p.funcInfo.forEach((f, i) => {
      dv.setUint32(i * 8, f.insn, true);
      dv.setUint32(i * 8 + 4, f.typeId, true);
    });
    out.funcInfo = b;
  }
  if (p.lineInfo.length && p.lineInfo.every((l) => l.fileNameOff !== undefined && l.lineOff !== undefined)) {
    const b = new Uint8Array(p.lineInfo.length * BPF_LINE_INFO_SIZE);
    const dv = new DataView(b.buffer);
    p.lineInfo.forEach((l, i) => {
      dv.setUint32(i * 16, l.insn, true);
      dv.setUint32(i * 16 + 4, l.fileNameOff!, true);
      dv.setUint32(i * 16 + 8, l.lineOff!, true);
      dv.setUint32(i * 16 + 12, ((l.lineNum << 10) | (l.column & 0x3ff)) >>> 0, true);
    });
    out.lineInfo = b;
  }
  return out;
}

/**
 * A BPF_MAP_TYPE_STRUCT_OPS map, created as libbpf's bpf_map__init_kern_struct_ops and
 * bpf_object__create_map create it: the value is the kernel's `struct bpf_struct_ops_<STRUCT>`
 * (btf_vmlinux_value_type_id; no key/value type ids), one element. The value is not written
 * here: writing it registers the struct with the kernel, which libbpf does at attach
 * (bpf_map__attach_struct_ops), after the programs it points to are loaded.
 */
function createStructOpsMap(obj: KernelObject, s: MapSpec, types: ReturnType<typeof mapTypesOf>): KernelMap {
  const where = { file: obj.file, section: s.section };
  if (!obj.spec.btf) throw new BpfError('EINVAL', `map '${s.name}': a struct_ops map needs the object's BTF`, where);
  const layout = structOpsLayout(s, obj.spec.btf, vmlinuxBtf(), where);
  try {
    const fd = mapCreate({
      mapType: MapType.STRUCT_OPS, keySize: 4, valueSize: layout.valueSize, maxEntries: 1, mapFlags: s.flags, mapName: s.name.slice(0, 15),
      ...(obj.btfFd !== undefined ? { btfFd: obj.btfFd } : {}), btfVmlinuxValueTypeId: layout.vtypeId,
    });
    obj.structOpsLayouts.set(s.name, layout);
    return new KernelMap({ name: s.name, fd, info: mapInfo(fd), spec: s, ...types });
  } catch (e) {
    throw mapError(e, s, obj);
  }
}

/**
 * A struct_ops program's attach_btf_id (the kernel struct) and expected_attach_type (the index of
 * the member it fills in the kernel's struct), as bpf_map__init_kern_struct_ops sets them
 */
function structOpsAttach(p: ProgramSpec, where: { file?: string | undefined; section: string }): { attachBtfId: number; expectedAttachType: number } {
  const btf = vmlinuxBtf();
  const t = structOpsTarget(btf, p.attachTo);
  if (typeof t === 'string') throw new BpfError('ENOTSUPP', `program '${p.name}': ${t} (libbpf loads a struct_ops program only through the struct_ops map that points to it)`, where);
  return { attachBtfId: t.structId, expectedAttachType: t.memberIndex };
}

/** the kernel BTF name of what a tracing/lsm/iter program attaches to (libbpf find_attach_btf_id) */
function attachBtfName(p: ProgramSpec): { name: string; kind: number } | undefined {
  const t = p.expectedAttachType;
  const to = p.attachTo.replace(/^.*:/, '');
  if (!to) return undefined;
  if (t === AttachType.TRACE_RAW_TP && p.type === ProgType.TRACING) return { name: `btf_trace_${to}`, kind: BTF_KIND_TYPEDEF };
  if (t === AttachType.TRACE_FENTRY || t === AttachType.TRACE_FEXIT || t === AttachType.MODIFY_RETURN) return { name: to, kind: BTF_KIND_FUNC };
  if (t === AttachType.LSM_MAC || t === AttachType.LSM_CGROUP) return { name: `bpf_lsm_${to}`, kind: BTF_KIND_FUNC };
  if (t === AttachType.TRACE_ITER) return { name: `bpf_iter_${to}`, kind: BTF_KIND_FUNC };
  return undefined;
}

/** find a named type in vmlinux, then in the modules: its id and the module BTF fd (0 for vmlinux) */
function findKernelType(name: string, kind: number): { id: number; module?: string } | undefined {
  const vm = vmlinuxBtf();
  const t = vm.find(name, kind);
  if (t) return { id: t.id };
  for (const m of moduleBtfs()) {
    for (const id of m.btf.idsByName(name)) if (id >= m.btf.startId && m.btf.types[id]?.kind === kind) return { id, module: m.name };
  }
  return undefined;
}

function loadProgram(obj: KernelObject, p: ProgramSpec, mapFds: number[], vmaps: VerifierMap[], opts: KernelLoadOptions): KernelProgram {
  const where = { file: obj.file, section: p.section };
  if (p.type === BPF_PROG_TYPE_UNSPEC) throw new BpfError('ENOTSUPP', `program '${p.name}': section '${p.section}' names no program type libbpf knows, so the kernel cannot be told what it is`, where);
  const owned: number[] = [];
  const fdArray: number[] = [0];
  const insns = resolveInstructions(obj, p, mapFds, fdArray, owned);
  let attachBtfId: number | undefined;
  let attachBtfObjFd: number | undefined;
  const target = attachBtfName(p);
  let expectedAttachType = p.expectedAttachType;
  if (p.type === ProgType.STRUCT_OPS) ({ attachBtfId, expectedAttachType } = structOpsAttach(p, where));
  else if (target) {
    const found = findKernelType(target.name, target.kind);
    if (!found) throw new BpfError('ENOENT', `program '${p.name}': the kernel's BTF has no ${target.kind === BTF_KIND_TYPEDEF ? 'tracepoint' : 'function'} '${target.name}' to attach to (section ${p.section})`, where);
    attachBtfId = found.id;
    if (found.module) attachBtfObjFd = moduleBtfFd(found.module);
  }
  const ext = obj.btfFd !== undefined ? extInfo(p) : {};
  try {
    const r = progLoad({
      progType: p.type, insns, license: p.license || obj.spec.license || 'GPL', progName: p.name.slice(0, 15),
      expectedAttachType, progFlags: p.flags, kernVersion: p.kernelVersion,
      ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
      ...(obj.btfFd !== undefined ? { progBtfFd: obj.btfFd, ...ext } : {}),
      ...(attachBtfId ? { attachBtfId } : {}), ...(attachBtfObjFd ? { attachBtfObjFd } : {}),
      ...(fdArray.length > 1 ? { fdArray } : {}),
    });
    return new KernelProgram({
      name: p.name, section: p.section, fd: r.fd, progType: p.type, expectedAttachType, spec: p, log: r.log, objectMaps: obj.maps,
      ...(attachBtfId ? { attachBtfId } : {}), ...(attachBtfObjFd ? { attachBtfObjFd } : {}),
    });
  } catch (e) {
    if (attachBtfObjFd) closeFd(attachBtfObjFd);
    if (!(e instanceof KernelError)) throw e;
    // tsbpf's verifier speaks only to a verifier rejection (the kernel's log says there was one)
    throw new ProgramLoadError(e, p, e.log ? explain(p, vmaps, obj.spec.btf) : undefined, obj.file);
  } finally {
    for (const fd of owned) closeFd(fd);
  }
}

/** tsbpf's verifier on the program the kernel refused (never masks the kernel's error) */
function explain(p: ProgramSpec, vmaps: VerifierMap[], btf: ObjectSpec['btf']): ProgramLoadError['tsbpf'] {
  try {
    const res = verify(p.insns, verifyOptionsForProgram(p, vmaps, {}, btf));
    if (res.accepted) return undefined;
    const li = res.insn !== undefined ? [...p.lineInfo].reverse().find((l) => l.insn <= res.insn!) : undefined;
    return {
      message: res.message ?? 'rejected',
      ...(res.explanation ? { explanation: res.explanation } : {}),
      ...(res.insn !== undefined ? { insn: res.insn } : {}),
      ...(li ? { line: `${li.fileName}:${li.lineNum}: ${li.line.trim()}` } : {}),
    };
  } catch (e) {
    return { message: `tsbpf's verifier could not check it: ${(e as Error).message}` };
  }
}

/**
 * The program's instructions for BPF_PROG_LOAD: map indices -> map fds (BPF_PSEUDO_MAP_FD,
 * BPF_PSEUDO_MAP_VALUE), kfunc calls -> kernel BTF ids (module BTF fds in fd_array, insn->off
 * indexing it), ksyms -> BTF ids (typed) or kallsyms addresses (untyped), as libbpf's
 * bpf_object__relocate_data and bpf_object__resolve_ksyms_btf_id do.
 */
function resolveInstructions(obj: KernelObject, p: ProgramSpec, mapFds: number[], fdArray: number[], owned: number[]): Instruction[] {
  const where = { file: obj.file, section: p.section };
  const insns = p.insns.map((i) => ({ ...i }));
  const bySlot = insnIndexBySlot(insns);
  // an lddw naming a map by fd with no relocation (a hand-written BPF_LD_MAP_FD) is passed through
  // as libbpf passes it, and the kernel's resolve_pseudo_ldimm64 judges the raw fd: taking it for the
  // object's map of that index gave verifier_map_ret_val.c's "fd 0" a valid map here
  const raw = new Set((p.rawMapFds ?? []).map((slot) => bySlot.get(slot)));
  for (const [k, i] of insns.entries()) {
    if (i.code !== LDDW || raw.has(k)) continue;
    if (i.src === BPF_PSEUDO_MAP_FD || i.src === BPF_PSEUDO_MAP_VALUE) {
      const fd = mapFds[i.imm];
      if (fd === undefined) throw new BpfError('EINVAL', `program '${p.name}' refers to map #${i.imm}, which the object does not define`, where);
      i.imm = fd;
    }
  }
  const moduleIdx = new Map<string, number>();
  const moduleSlot = (name: string): number => {
    let k = moduleIdx.get(name);
    if (k === undefined) {
      const fd = moduleBtfFd(name);
      owned.push(fd);
      k = fdArray.length;
      fdArray.push(fd);
      moduleIdx.set(name, k);
    }
    return k;
  };
  const kfuncTarget: KfuncTarget = {
    find: (name) => findKernelType(name, BTF_KIND_FUNC), moduleSlot, moduleFd: (name) => fdArray[moduleSlot(name)]!, strict: true, where,
  };
  for (const e of p.externs) {
    const k = bySlot.get(e.insn);
    const insn = k === undefined ? undefined : insns[k];
    if (!insn) continue;
    if (resolveKfuncInsn(p, e, insn, kfuncTarget)) continue;
    if (e.kind === 'ksym' && insn.code === LDDW) {
      const typed = ksymIsTyped(obj.spec, e.name);
      if (typed) {
        const found = findKernelType(e.name, BTF_KIND_VAR);
        if (!found) {
          if (e.weak) {
            insn.src = 0;
            insn.imm = 0;
            insn.imm2 = 0;
            continue;
          }
          throw new BpfError('ENOENT', `program '${p.name}' uses ksym '${e.name}', which the running kernel's BTF has no variable for`, { ...where, insn: e.insn });
        }
        insn.src = BPF_PSEUDO_BTF_ID;
        insn.imm = found.id;
        insn.imm2 = found.module ? fdArray[moduleSlot(found.module)]! : 0;
      } else {
        const addr = kernelSymbols().get(e.name);
        if (addr === undefined && !e.weak) throw new BpfError('ENOENT', `program '${p.name}' uses ksym '${e.name}', which is not in /proc/kallsyms`, { ...where, insn: e.insn });
        const a = addr ?? 0n;
        insn.src = 0;
        insn.imm = Number(BigInt.asIntN(32, a & 0xffffffffn));
        insn.imm2 = Number(BigInt.asIntN(32, a >> 32n));
      }
    } else if (e.kind === 'kconfig') {
      throw new BpfError('ENOENT', `program '${p.name}' reads kconfig '${e.name}', which the running kernel's config (/proc/config.gz, /boot/config-*) does not set; declare it __weak to read 0, or pass it in kconfig`, { ...where, insn: e.insn });
    } else {
      throw unlinkedExternError(p, e, where);
    }
  }
  return insns;
}

/** a `.ksyms` variable with a type (not `const void`) is resolved through BTF (BPF_PSEUDO_BTF_ID) */
function ksymIsTyped(spec: ObjectSpec, name: string): boolean {
  const btf = spec.btf;
  const ds = btf?.find('.ksyms', BTF_KIND_DATASEC);
  if (!btf || !ds || ds.kind !== BTF_KIND_DATASEC) return false;
  for (const v of ds.vars) {
    const t = btf.types[v.type];
    if (t && t.kind === BTF_KIND_VAR && t.name === name) return btf.resolve(t.type) !== 0;
  }
  return false;
}

/** PROG_ARRAY and map-in-map `values = {...}` initialisers (libbpf init_prog_array_slots / init_map_in_map_slots) */
function initSlots(obj: KernelObject): void {
  for (const s of obj.spec.maps) {
    const m = obj.maps.get(s.name)!;
    for (const c of s.contents) {
      let fd: number | undefined;
      if ('program' in c) fd = obj.programs.get(c.program)?.fd;
      else if ('map' in c) fd = obj.maps.get(c.map)?.fd;
      else continue;
      if (fd === undefined) continue; // a program not loaded (autoload off)
      const key = new Uint8Array(m.keySize);
      new DataView(key.buffer).setUint32(0, c.key, true);
      const v = new Uint8Array(4);
      new DataView(v.buffer).setUint32(0, fd, true);
      mapUpdateElem(m.fd, key, v, 0);
    }
  }
}

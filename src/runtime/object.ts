/**
 * The high-level API, in the spirit of libbpf's bpf_object and cilium/ebpf's Collection:
 * `loadObject(pathOrBytes)` parses a clang-compiled object (elf/loader.ts), creates its maps —
 * BTF and legacy maps, global data sections as single-element ARRAY maps with their initial
 * contents (.rodata frozen and read-only for programs, as libbpf does), map-in-map and PROG_ARRAY
 * initialisers — and its programs with map references resolved, and hands them out by name.
 * `map.get/set/delete/entries()` format keys and values from BTF; `program.run()` test-runs.
 *
 * Verification: every program goes through tsbpf's verifier, as BPF_PROG_LOAD does (`verify:
 * false` is `--no-verify`); CO-RE is applied against the running kernel's BTF when there is one,
 * as libbpf does, so the emulator and the kernel target verify the same instructions.
 */
import { BpfError } from '../isa/errors.js';
import { loadObjectSpec } from '../elf/loader.js';
import { assertNoKernelExterns, unlinkedExternError } from '../elf/externs.js';
import { readElf } from '../elf/reader.js';
import { sectionLayout } from '../elf/datasec.js';
import { readBinaryFile } from '../elf/read_file.js';
import type { MapSpec, ObjectSpec, ProgramSpec } from '../elf/spec.js';
import type { HelperRegistry } from '../helpers/api.js';
import { BPF_F_MMAPABLE, BPF_F_RDONLY_PROG, MapType, PAGE_SIZE, mapTypeName, type MapAttr } from '../maps/constants.js';
import { BpfMap } from '../maps/map.js';
import { createMap } from '../maps/create.js';
import { ArenaMap } from '../maps/arena.js';
import { ArrayOfMaps, HashOfMaps } from '../maps/map_in_map.js';
import { ProgArrayMap } from '../maps/prog_array.js';
import { RingBuf } from '../maps/ringbuf.js';
import { UserRingBuf } from '../maps/user_ringbuf.js';
import { Bpf, type BpfOptions } from './bpf.js';
import { decode, describe, spinLockOffset, specialFieldOffset, type JsValue, type TypeDesc } from './format.js';
import { TypedMap, type RawMapOps } from './typed_map.js';
import { decodePin } from './pin_format.js';
import { BpfProgram } from './program.js';
import { runtimeHelpers } from './stack_helpers.js';
import { verify } from '../verifier/verify.js';
import { LDDW, insn, slotIndices, type Instruction } from '../isa/instruction.js';
import { BPF_JMP, BPF_CALL, BPF_EXIT, BPF_PSEUDO_FUNC } from '../isa/opcodes.js';
import { emulatedKfuncId } from '../helpers/impl/kfuncs.js';
import { bindAllocKfuncs, type LocalType } from '../helpers/impl/alloc_obj.js';
import { structRecord } from '../verifier/btf_record.js';
import type { Btf } from '../btf/btf.js';
import { RegionKind } from '../vm/address_space.js';
import { BTF_KIND_DATASEC, BTF_KIND_FUNC, BTF_KIND_STRUCT, BTF_KIND_VAR } from '../btf/types.js';
import { applyObjectCore } from '../elf/core.js';
import { ProgType } from '../isa/bpf_types.js';
import { sanitizeDeadCode } from '../verifier/sanitize.js';
import { verifyOptionsForProgram, resolveKfuncIds, mapBtfOfSpec } from '../verifier/object.js';
import type { BtfTypes } from '../verifier/types.js';
import type { VerifierMap } from '../verifier/types.js';
import type { KernelProfile } from '../progtypes/func_proto.js';
import type { KernelLoadOptions, KernelObject } from '../kernel/object.js';

export const LIBBPF_PIN_BY_NAME = 1;

export interface LoadObjectOptions extends BpfOptions {
  /** the runtime to load into (default: a new one from the BpfOptions) */
  bpf?: Bpf;
  /** directory for maps with `pinning = LIBBPF_PIN_BY_NAME` (libbpf's pin_root_path) */
  pinRoot?: string;
  /** pin every map under this directory by name (bpftool's `pinmaps DIR`); existing pins are reused */
  pinMaps?: string;
  /** helper registry for the programs (default: helpers/ defaults plus get_stackid/get_stack) */
  helpers?: HelperRegistry;
  /** file name for messages when bytes are given */
  file?: string;
  /** run the verifier on every program, as BPF_PROG_LOAD does (default true; false = `--no-verify`) */
  verify?: boolean;
  /** verify as an unprivileged user */
  unpriv?: boolean;
  /**
   * values of the object's kconfig externs (`extern int CONFIG_HZ __kconfig;`), as libbpf reads
   * them from the kernel's config; loadObject fills them from the running kernel's
   * /proc/config.gz or /boot/config-$(uname -r) when not given (kernel/system.ts kconfigValues)
   */
  kconfig?: Record<string, number | bigint | boolean | string>;
  /**
   * the kfuncs the target kernel has (libbpf resolves each against vmlinux BTF and refuses the
   * object otherwise): programs calling them load, and an emulated call fails with ENOTSUPP.
   * loadObject fills it from the running kernel's /sys/kernel/btf/vmlinux when not given.
   */
  kfuncs?: readonly string[];
  /**
   * the kernel BTF the CO-RE relocations of every program are applied against, as libbpf does
   * with the running kernel's vmlinux (a relocation it cannot satisfy is poisoned and refused by
   * the verifier where reachable). loadObject uses the running kernel's /sys/kernel/btf/vmlinux
   * when a program has relocations and none is given; without a target (no kernel BTF: macOS,
   * the browser) programs keep the offsets they were compiled with.
   */
  coreTarget?: import('../btf/btf.js').Btf;
  /**
   * a kconfig file for the kconfig externs (`--kconfig FILE`: a kernel .config, plain or gzip
   * compressed) instead of the running kernel's; `kconfig` values win over it
   */
  kconfigFile?: string;
  /**
   * the kernel BTF the verifier types PTR_TO_BTF_ID, tracing contexts and kfunc prototypes with:
   * a file (`--btf-vmlinux FILE`) or parsed BTF. Default: the running kernel's
   * /sys/kernel/btf/vmlinux, read only when a program needs it.
   */
  btfVmlinux?: string | BtfTypes;
  /**
   * the kernel whose helper set the verifier offers (progtypes KernelProfile: lockdown level and
   * build options, e.g. no bpf_probe_write_user under lockdown, no bpf_override_return without
   * CONFIG_BPF_KPROBE_OVERRIDE): loadObject uses the running kernel's (or that of `kconfigFile`)
   * when there is one to read, so that tsbpf refuses what BPF_PROG_LOAD here would; 'all' offers
   * every helper of a fully configured kernel without lockdown (the default where no kernel is)
   */
  kernelProfile?: KernelProfile | 'all';
  /**
   * load only these programs (names or sections), as libbpf's bpf_program__set_autoload(false)
   * for the others: every map is still created, and initialisers naming a program not loaded skip it
   */
  programs?: readonly string[];
}

export { runtimeHelpers };

/** a map of an object in the emulator, with typed access (typed_map.ts) */
export class ObjectMap extends TypedMap {
  readonly map: BpfMap;
  readonly spec: MapSpec;
  /** fd in the object's runtime */
  readonly fd: number;

  constructor(bpf: Bpf, spec: MapSpec, map: BpfMap, fd: number, keyType?: TypeDesc, valueType?: TypeDesc) {
    super(spec.name, { type: map.type, keySize: map.keySize, valueSize: map.valueSize, maxEntries: map.maxEntries, flags: map.flags, ncpus: map.ncpus }, emulatorOps(bpf, fd), keyType, valueType);
    this.spec = spec;
    this.map = map;
    this.fd = fd;
  }

  /** RINGBUF: records as they are submitted, decoded with the map's BTF value type when it has one */
  async *records(opts: { signal?: AbortSignal } = {}): AsyncGenerator<JsValue | Uint8Array> {
    if (!(this.map instanceof RingBuf)) throw new BpfError('EINVAL', `${this.map.what()} is not a ring buffer`);
    for await (const r of this.map.records(opts)) yield this.valueType && r.length >= this.valueType.size ? decode(this.valueType, r) : r;
  }

  /**
   * USER_RINGBUF: the producer side, libbpf's user_ring_buffer (reserve / submit / discard, and
   * write = all three) on the emulated map; programs consume with bpf_user_ringbuf_drain
   */
  userRingBuffer(): UserRingBuf {
    if (!(this.map instanceof UserRingBuf)) throw new BpfError('EINVAL', `${this.map.what()} is not a user ring buffer`);
    return this.map;
  }

  /** RINGBUF: drain what is committed now (decoded), without waiting */
  drain(): (JsValue | Uint8Array)[] {
    if (!(this.map instanceof RingBuf)) throw new BpfError('EINVAL', `${this.map.what()} is not a ring buffer`);
    const out: (JsValue | Uint8Array)[] = [];
    this.map.consume((r) => out.push(this.valueType && r.length >= this.valueType.size ? decode(this.valueType, r) : r));
    return out;
  }
}

/** the emulator's bpf() map commands on one fd */
function emulatorOps(bpf: Bpf, fd: number): RawMapOps {
  return {
    lookup: (k, f) => bpf.mapLookupElem(fd, k, f),
    update: (k, v, f) => bpf.mapUpdateElem(fd, k, v, f),
    delete: (k) => bpf.mapDeleteElem(fd, k),
    nextKey: (k) => bpf.mapGetNextKey(fd, k),
    lookupAndDelete: (k, f) => bpf.mapLookupAndDeleteElem(fd, k, f),
    lookupBatch: (o) => bpf.mapLookupBatch(fd, o),
    lookupAndDeleteBatch: (o) => bpf.mapLookupAndDeleteBatch(fd, o),
    updateBatch: (k, v, o) => bpf.mapUpdateBatch(fd, k, v, o),
    deleteBatch: (k, o) => bpf.mapDeleteBatch(fd, k, o),
  };
}

export interface ObjectProgram extends BpfProgram {}

export class BpfObject {
  readonly bpf: Bpf;
  readonly spec: ObjectSpec;
  readonly maps: Map<string, ObjectMap> = new Map();
  readonly programs: Map<string, BpfProgram> = new Map();
  /** fds of the programs in the object's runtime */
  readonly progFds: Map<string, number> = new Map();
  /** simulated kernel symbols of the object's ksym externs: name -> address (resolveKsyms) */
  readonly ksyms = new Map<string, number>();
  private ksymDom = 0;
  /** the owner domain of the object's ksym regions */
  ksymDomain(): number {
    return (this.ksymDom ||= this.bpf.as.newDomain());
  }
  /** whether the verifier accepted every program (false when loaded with verify: false) */
  verified = false;

  constructor(bpf: Bpf, spec: ObjectSpec) {
    this.bpf = bpf;
    this.spec = spec;
  }

  map(name: string): ObjectMap {
    const m = this.maps.get(name);
    if (!m) throw new BpfError('ENOENT', `no map named "${name}" in ${this.spec.file ?? 'the object'} (maps: ${[...this.maps.keys()].join(', ') || 'none'})`);
    return m;
  }

  program(name: string): BpfProgram {
    const p = this.programs.get(name) ?? [...this.programs.values()].find((x) => x.section === name);
    if (!p) throw new BpfError('ENOENT', `no program named "${name}" in ${this.spec.file ?? 'the object'} (programs: ${[...this.programs.keys()].join(', ') || 'none'})`);
    return p;
  }

  /** close every fd the object holds (pinned maps stay alive through their pins) */
  close(): void {
    for (const fd of this.progFds.values()) this.bpf.close(fd);
    for (const m of this.maps.values()) this.bpf.close(m.fd);
    this.progFds.clear();
    this.maps.clear();
  }
}

/** libbpf map_is_reuse_compat: a pinned map is reused only when it has the same shape */
export function reuseCompatible(spec: MapAttr, m: { type: number; keySize: number; valueSize: number; maxEntries: number; flags: number }): boolean {
  return spec.mapType === m.type && spec.keySize === m.keySize && spec.valueSize === m.valueSize && spec.maxEntries === m.maxEntries && (spec.mapFlags ?? 0) === m.flags;
}

/** the BPF_MAP_CREATE attributes of a MapSpec, with the fix-ups libbpf applies (shared with kernel/object.ts) */
export function mapAttrOf(s: MapSpec, ncpus: number, btf: ObjectSpec['btf']): MapAttr {
  let flags = s.flags;
  // libbpf bpf_object__init_internal_map: global data is mmapable; .rodata is read-only for programs
  if (s.origin === 'rodata') flags |= BPF_F_RDONLY_PROG | BPF_F_MMAPABLE;
  else if (s.origin === 'data' || s.origin === 'bss') flags |= BPF_F_MMAPABLE;
  let maxEntries = s.maxEntries;
  // libbpf: a PERF_EVENT_ARRAY without max_entries gets one slot per possible CPU
  if (s.type === MapType.PERF_EVENT_ARRAY && maxEntries === 0) maxEntries = ncpus;
  let keySize = s.keySize;
  let valueSize = s.valueSize;
  // the fixups libbpf and cilium/ebpf apply before BPF_MAP_CREATE: BTF `__type(value, struct event)`
  // on a ring buffer or perf event array only documents the records; fd maps store 4-byte fds
  if (s.type === MapType.RINGBUF || s.type === MapType.USER_RINGBUF) {
    keySize = valueSize = 0;
    // libbpf adjust_ringbuf_sz: the kernel wants a power-of-2 number of pages; a size that is not
    // becomes the smallest such size above it (`__uint(max_entries, 8)` is one page)
    if (maxEntries && !(maxEntries % PAGE_SIZE === 0 && isPow2(maxEntries / PAGE_SIZE))) {
      let sz = PAGE_SIZE;
      while (sz <= maxEntries && sz <= 0x7fffffff) sz *= 2;
      maxEntries = sz;
    }
  }
  if (s.type === MapType.PERF_EVENT_ARRAY || s.type === MapType.PROG_ARRAY || s.type === MapType.CGROUP_ARRAY || s.type === MapType.ARRAY_OF_MAPS) {
    keySize = keySize || 4;
    valueSize = 4;
  }
  if (s.type === MapType.HASH_OF_MAPS) valueSize = 4;
  const a: MapAttr = {
    mapType: s.type, keySize, valueSize, maxEntries, mapFlags: flags,
    mapName: mapNameOf(s.name), ...(s.mapExtra ? { mapExtra: s.mapExtra } : {}),
    ...(s.keyTypeId ? { btfKeyTypeId: s.keyTypeId } : {}), ...(s.valueTypeId ? { btfValueTypeId: s.valueTypeId } : {}),
  };
  if (btf && s.valueTypeId) {
    const off = spinLockOffset(btf, s.valueTypeId);
    if (off >= 0) a.spinLockOff = off;
    // bpf_timer / bpf_wq: an update or delete frees them (bpf_obj_free_fields), maps/map.ts
    const timer = specialFieldOffset(btf, s.valueTypeId, 'bpf_timer');
    if (timer >= 0) a.timerOff = timer;
    const wq = specialFieldOffset(btf, s.valueTypeId, 'bpf_wq');
    if (wq >= 0) a.wqOff = wq;
  }
  return a;
}

function isPow2(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** libbpf internal map names are truncated to BPF_OBJ_NAME_LEN-1 and keep [A-Za-z0-9_.] */
function mapNameOf(n: string): string {
  return n.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, 15);
}

/**
 * load a clang-compiled BPF object: maps created, programs ready to run — in the emulator, or with
 * `target: 'kernel'` into the running kernel (kernel/object.ts: same ObjectSpec, Node only)
 */
export async function loadObject(src: string | Uint8Array, opts: KernelTargetOptions): Promise<KernelObject>;
export async function loadObject(src: string | Uint8Array, opts?: LoadObjectOptions & { target?: 'emulator' }): Promise<BpfObject>;
export async function loadObject(src: string | Uint8Array, opts: (LoadObjectOptions & { target?: 'emulator' }) | KernelTargetOptions = {}): Promise<BpfObject | KernelObject> {
  if (opts.target === 'kernel') {
    // imported on demand: the kernel layer is Node-only and below this one (DESIGN.md), so the
    // browser core never loads it unless a kernel load is asked for
    const { loadKernelObject } = await import('../kernel/object.js');
    return loadKernelObject(src, opts);
  }
  return loadEmulated(src, opts);
}

/** options of a kernel load through loadObject */
export type KernelTargetOptions = KernelLoadOptions & { target: 'kernel' };

async function loadEmulated(src: string | Uint8Array, opts: LoadObjectOptions): Promise<BpfObject> {
  let bytes: Uint8Array;
  let file = opts.file;
  if (typeof src === 'string') {
    bytes = await readBinaryFile(src);
    file ??= src;
  } else bytes = src;
  let pinStore = opts.pins;
  const externs = externsOf(bytes);
  if (opts.kconfigFile) opts = { ...opts, kconfig: { ...(await runningKconfig(opts.kconfigFile)), ...(opts.kconfig ?? {}) } };
  if (!opts.kconfig && externs.kconfig) opts = { ...opts, kconfig: await runningKconfig() };
  if (typeof opts.btfVmlinux !== 'object') opts = { ...opts, btfVmlinux: await kernelBtfGetter(opts.btfVmlinux) };
  if (opts.kernelProfile === undefined && opts.verify !== false) opts = { ...opts, kernelProfile: await runningProfile(opts.kconfigFile) };
  if (!opts.kfuncs && externs.kfuncs.length) opts = { ...opts, kfuncs: await runningKfuncs(externs.kfuncs) };
  if (!opts.coreTarget && externs.core) {
    const btf = await runningBtf();
    if (btf) opts = { ...opts, coreTarget: btf };
  }
  if (!pinStore && (opts.pinRoot || opts.pinMaps)) pinStore = new (await import('./pin_fs.js')).FsPinStore();
  const bpf = opts.bpf ?? new Bpf({ ...opts, ...(pinStore ? { pins: pinStore } : {}) });
  return loadObjectSync(bytes, { ...opts, ...(file ? { file } : {}), bpf });
}

/** the synchronous core of loadObject (bytes in hand) */
export function loadObjectSync(bytes: Uint8Array, opts: LoadObjectOptions = {}): BpfObject {
  // kernel externs are resolved here, not refused by the parser: kconfig values from the options,
  // ksyms as simulated kernel symbols (resolveKsyms); kfuncs and unresolved kconfig still refuse
  const spec = loadObjectSpec(bytes, { ...(opts.file ? { file: opts.file } : {}), allowUnsupported: true, ...(opts.kconfig ? { kconfig: opts.kconfig } : {}) });
  // libbpf bpf_object__relocate_core relocates every program against the target, as the kernel
  // target does (kernel/object.ts kernelSpec): a relocation the target cannot satisfy is poisoned
  // (`call 0xbad2310`) and the verifier refuses it where reachable, in both targets alike
  // (only the programs to load, as libbpf skips those with autoload off)
  if (opts.programs) spec.programs = spec.programs.filter((p) => opts.programs!.includes(p.name) || opts.programs!.includes(p.section));
  if (opts.coreTarget && spec.btf) applyObjectCore(spec, opts.coreTarget);
  const kfuncs = new Set(opts.kfuncs ?? []);
  for (const p of spec.programs) {
    // a weak kfunc the kernel lacks loads too (libbpf leaves the call for bpf_ksym_exists() to guard)
    const bad = { ...p, externs: p.externs.filter((e) => e.kind !== 'ksym' && !(e.kind === 'kfunc' && (kfuncs.has(e.name) || e.weak))) };
    assertNoKernelExterns(bad, spec.file);
  }
  const bpf = opts.bpf ?? new Bpf(opts);
  const obj = new BpfObject(bpf, spec);
  const created: BpfMap[] = [];
  const helpers = withLocalTypes(opts.helpers ?? runtimeHelpers(), spec);
  try {
    for (const s of spec.maps) {
      const attr = mapAttrOf(s, bpf.ncpus, spec.btf);
      const pinPath = opts.pinMaps ? join(opts.pinMaps, s.name) : s.pinning === LIBBPF_PIN_BY_NAME && opts.pinRoot ? join(opts.pinRoot, s.name) : undefined;
      let fd: number | undefined;
      // reuse a pinned map of the same shape (libbpf bpf_object__reuse_map)
      if (pinPath && bpf.pins.stamp(bpf.pins.resolve(pinPath)) !== undefined) {
        const bytesPin = bpf.pins.read(bpf.pins.resolve(pinPath));
        const info = bytesPin ? decodePin(bytesPin, pinPath) : undefined;
        if (info && !reuseCompatible(attr, { type: info.attr.mapType, keySize: info.attr.keySize, valueSize: info.attr.valueSize, maxEntries: info.attr.maxEntries, flags: info.attr.mapFlags ?? 0 }))
          throw new BpfError('EINVAL', `map "${s.name}": the map pinned at ${pinPath} has a different type, sizes or flags`);
        fd = bpf.objGet(pinPath);
      }
      let map: BpfMap;
      if (fd === undefined) {
        if (s.innerMap) {
          const innerAttr = mapAttrOf(s.innerMap, bpf.ncpus, spec.btf);
          const tmpl = createMap(bpf.as, innerAttr, { ncpus: bpf.ncpus });
          tmpl.hold();
          try {
            map = createMap(bpf.as, { ...attr, innerMap: tmpl }, { ncpus: bpf.ncpus, resolveFd: (x) => bpf.objectOf(x) });
          } finally {
            tmpl.put();
          }
        } else map = createMap(bpf.as, attr, { ncpus: bpf.ncpus, resolveFd: (x) => bpf.objectOf(x) });
        fd = bpf.mapFd(map);
        // initial contents of global data (bpf_object__populate_internal_map), then freeze .rodata
        for (const c of s.contents) {
          if ('value' in c) {
            const key = new Uint8Array(4);
            new DataView(key.buffer).setUint32(0, c.key, true);
            const v = new Uint8Array(map.userValueSize);
            v.set(c.value.subarray(0, v.length));
            map.update(key, v, 0);
          }
        }
        if (s.freeze) bpf.mapFreeze(fd);
        // the `__arena` globals (libbpf init_arena_map_data: written through the mmap, which
        // faults their pages in)
        if (map instanceof ArenaMap && s.arenaData) map.writeInitial(s.arenaData);
      } else map = bpf.map(fd);
      created.push(map);
      const { keyType, valueType } = mapTypesOf(spec, s, bytes);
      const om = new ObjectMap(bpf, s, map, fd, keyType, valueType);
      obj.maps.set(s.name, om);
      const meta = { ...(keyType ? { keyType } : {}), ...(valueType ? { valueType } : {}), map: s.name };
      bpf.setMapMeta(map, meta);
      if (pinPath && bpf.pinPaths(map).length === 0) bpf.objPin(fd, pinPath);
    }
    for (const p of spec.programs) addProgram(obj, p, created, helpers, opts);
    obj.verified = opts.verify !== false;
    // PROG_ARRAY and map-in-map initialisers (libbpf init_prog_array_slots / init_map_in_map_slots)
    spec.maps.forEach((s, i) => {
      const m = created[i]!;
      for (const c of s.contents) {
        if ('program' in c) {
          if (!(m instanceof ProgArrayMap)) continue;
          const p = obj.programs.get(c.program);
          if (!p && opts.programs) continue; // a program not loaded (autoload off), as libbpf init_prog_array_slots
          if (!p) throw new BpfError('ENOENT', `map "${s.name}" slot ${c.key}: no program "${c.program}"`);
          m.set(c.key, p);
        } else if ('map' in c) {
          const inner = obj.maps.get(c.map)?.map;
          if (!inner) throw new BpfError('ENOENT', `map "${s.name}" slot ${c.key}: no map "${c.map}"`);
          if (m instanceof ArrayOfMaps) m.set(c.key, inner);
          else if (m instanceof HashOfMaps) {
            const key = new Uint8Array(m.keySize);
            new DataView(key.buffer).setUint32(0, c.key, true);
            m.set(key, inner);
          }
        }
      }
      bpf.sync(m);
    });
  } catch (e) {
    obj.close();
    throw e;
  }
  return obj;
}

/**
 * fixup_kfunc_call for the emulator: a kfunc call the emulator can run (helpers/impl/kfuncs.ts)
 * becomes a call of its emulation; the others stay, and a run that reaches one fails with ENOTSUPP
 */
function fixupKfuncCalls(p: ProgramSpec, insns: Instruction[]): Instruction[] {
  const kfuncs = p.externs.filter((e) => e.kind === 'kfunc');
  if (!kfuncs.length) return insns;
  const bySlot = new Map<number, number>();
  for (let k = 0, slot = 0; k < insns.length; slot += insns[k]!.code === LDDW ? 2 : 1, k++) bySlot.set(slot, k);
  const out = insns.slice();
  for (const e of kfuncs) {
    const k = bySlot.get(e.insn);
    const id = emulatedKfuncId(e.name);
    if (k === undefined || id === undefined || out[k]!.code !== (BPF_JMP | BPF_CALL)) continue;
    out[k] = { ...out[k]!, src: 0, imm: id, off: 0 };
  }
  return out;
}

/**
 * do_misc_fixups keeps the exception callback a function of the JITed image though no call
 * names it: here an unreachable `r0 = <exception callback>; exit` appended after the program
 * makes it a function entry of both engines (bpf_throw runs it through HelperContext.callback)
 */
function withExceptionCb(p: ProgramSpec, insns: Instruction[]): Instruction[] {
  const cb = p.exceptionCb;
  if (cb === undefined) return insns;
  const end = insns.reduce((n, i) => n + (i.code === LDDW ? 2 : 1), 0);
  return [...insns, insn(LDDW, 0, BPF_PSEUDO_FUNC, 0, cb - (end + 1)), insn(BPF_JMP | BPF_EXIT)];
}

/** the decoded key and value types of a map (global data: a u32 key and the section's variables) */
export function mapTypesOf(spec: ObjectSpec, s: MapSpec, bytes: Uint8Array): { keyType?: TypeDesc; valueType?: TypeDesc } {
  const data = s.origin === 'data' || s.origin === 'rodata' || s.origin === 'bss';
  // global data maps have no BTF key type: their key is the u32 index 0
  const keyType = spec.btf && s.keyTypeId ? describe(spec.btf, s.keyTypeId) : data ? ({ k: 'int', size: 4, signed: false } as TypeDesc) : undefined;
  let valueType = spec.btf && s.valueTypeId ? describe(spec.btf, s.valueTypeId) : undefined;
  if (valueType && data) valueType = fixupDatasec(bytes, s, valueType);
  return { ...(keyType ? { keyType } : {}), ...(valueType ? { valueType } : {}) };
}

/**
 * libbpf btf_fixup_datasec: clang leaves a DATASEC's size and variable offsets at 0; the real
 * ones are the section's size and each variable symbol's value.
 */
function fixupDatasec(bytes: Uint8Array, s: MapSpec, d: TypeDesc): TypeDesc {
  if (d.k !== 'struct') return d;
  try {
    const elf = readElf(bytes);
    const lay = sectionLayout(elf, s.section || s.name) ?? sectionLayout(elf, s.name);
    if (!lay) return d;
    return { ...d, size: s.valueSize, members: d.members.map((m) => (lay.offsets.has(m.name) ? { ...m, off: lay.offsets.get(m.name)! * 8 } : m)) };
  } catch {
    return d;
  }
}

/** the verifier's view of a created map (inner template for map-in-map) */
function verifierMapOf(m: BpfMap): VerifierMap {
  const inner = (m as { inner?: { mapType: number; keySize: number; valueSize: number; maxEntries: number; mapFlags: number } }).inner;
  return {
    type: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, flags: m.flags, name: m.name,
    ...(m.spinLockOff >= 0 ? { spinLockOff: m.spinLockOff } : {}),
    // bpf_map_is_rdonly: the verifier reads constants from a frozen, program-read-only array
    ...(m.frozen && m.flags & BPF_F_RDONLY_PROG && m.type === MapType.ARRAY && m.maxEntries === 1 ? { rdonlyValue: m.lookup(new Uint8Array(4)) } : {}),
    ...(inner ? { inner: { type: inner.mapType, keySize: inner.keySize, valueSize: inner.valueSize, maxEntries: inner.maxEntries, flags: inner.mapFlags } } : {}),
  };
}

/**
 * the allocation kfuncs (helpers/impl/alloc_obj.ts) bound to the object's own structs, as the
 * kernel's fixup_kfunc_call hands bpf_obj_new the size and struct meta of its type: only for an
 * object that calls them (a copy of the registry, so a caller's stays as it was)
 */
function withLocalTypes(r: HelperRegistry, spec: ObjectSpec): HelperRegistry {
  const btf = spec.btf;
  if (!btf || !spec.programs.some((p) => p.externs.some((e) => e.kind === 'kfunc' && /^bpf_(obj|percpu_obj|refcount|list|rbtree)_/.test(e.name)))) return r;
  const out = r.clone();
  const cache = new Map<number, LocalType | undefined>();
  bindAllocKfuncs(out, emulatedKfuncId, (id) => {
    if (!cache.has(id)) cache.set(id, localTypeOf(btf, id));
    return cache.get(id);
  });
  return out;
}

function localTypeOf(btf: Btf, id: number): LocalType | undefined {
  let t;
  try { t = btf.type(id); } catch { return undefined; }
  if (t.kind !== BTF_KIND_STRUCT) return undefined;
  let rec;
  try { rec = structRecord(btf, id, () => undefined); } catch { rec = null; }
  const fields = rec?.fields ?? [];
  return {
    name: t.name, size: t.size, refcountOff: rec?.refcountOff ?? -1,
    roots: fields.filter((f) => f.graph).map((f) => ({ off: f.off, rb: f.kind === 'bpf_rb_root', elemTypeId: f.graph!.valueBtfId, nodeOffset: f.graph!.nodeOffset })),
    kptrs: fields.filter((f) => f.kptr && !f.kptr.kernel).map((f) => ({ off: f.off, typeId: f.kptr!.btfId })),
  };
}

/** a created map's verifier view with its spec's value BTF type (and its inner template's) */
function withSpecBtf(v: VerifierMap, s: MapSpec | undefined): VerifierMap {
  return { ...v, ...mapBtfOfSpec(s), ...(v.inner && s?.innerMap ? { inner: { ...v.inner, ...mapBtfOfSpec(s.innerMap) } } : {}) };
}

/**
 * BPF_PROG_LOAD's verification of one program: a rejection is the kernel's errno and message,
 * located at the program's section and instruction (and source line when BTF has it), followed
 * by tsbpf's explanation. nrCpuIds is the emulator's CPU count: its CPU ids are 0..ncpus-1 (Bpf
 * runs no program on another), so bpf_get_smp_processor_id is bounded as the kernel bounds it by
 * nr_cpu_ids (do_refine_retval_range).
 */
function verifyProgram(obj: BpfObject, p: ProgramSpec, maps: BpfMap[], opts: LoadObjectOptions): Instruction[] {
  const unlinked = p.externs.find((e) => e.kind === 'func');
  if (unlinked) throw unlinkedExternError(p, unlinked, { ...(obj.spec.file ? { file: obj.spec.file } : {}), section: p.section });
  const insns = p.externs.some((e) => e.kind === 'kfunc') ? resolveKfuncIds(p, kernelBtfOf(opts)) : p.insns;
  const res = verify(insns, verifyOptionsForProgram(p, maps.map((m, k) => withSpecBtf(verifierMapOf(m), obj.spec.maps[k])), { ...(opts.unpriv ? { unpriv: true } : {}), ...(typeof opts.kernelProfile === 'object' ? { kernelProfile: opts.kernelProfile } : {}), kernelBtf: () => kernelBtfOf(opts), nrCpuIds: obj.bpf.ncpus }, obj.spec.btf));
  // as the kernel, the engines get the program with its dead code turned into `ja -1`
  if (res.accepted) return sanitizeDeadCode(insns, res.deadInsns);
  const li = res.insn !== undefined ? [...p.lineInfo].reverse().find((l) => l.insn <= res.insn!) : undefined;
  throw new BpfError(res.errno ?? 'EACCES', `program ${p.name} rejected by the verifier: ${res.message ?? 'rejected'}${res.explanation && res.explanation !== res.message ? ` (${res.explanation})` : ''}`, {
    ...(obj.spec.file ? { file: obj.spec.file } : {}), section: p.section,
    ...(res.insn !== undefined ? { insn: res.insn } : {}), ...(li?.lineNum ? { line: li.lineNum } : {}),
  });
}

function addProgram(obj: BpfObject, p0: ProgramSpec, maps: BpfMap[], helpers: HelperRegistry, opts: LoadObjectOptions): void {
  const { spec: p, symbols } = resolveKsyms(obj, p0);
  const verified = opts.verify !== false;
  const insns = withExceptionCb(p, fixupKfuncCalls(p, verified ? verifyProgram(obj, p, maps, opts) : p.insns));
  const prog = new BpfProgram(obj.bpf, {
    ...(p.exceptionCb !== undefined ? { exceptionCb: p.exceptionCb } : {}),
    owns: symbols,
    verified,
    name: p.name,
    section: p.section,
    progType: p.type,
    insns,
    maps,
    usedMaps: p.mapIndices.map((i) => maps[i]!).filter(Boolean),
    helpers,
    unemulatedKfuncs: new Map(p.externs.filter((e) => e.kind === 'kfunc' && emulatedKfuncId(e.name) === undefined).map((e) => [e.insn, e.name])),
  });
  obj.programs.set(p.name, prog);
  obj.progFds.set(p.name, obj.bpf.progFd(prog));
}

/**
 * ksym externs (`extern const void bpf_init __ksym;`, `extern const struct rq runqueues __ksym;`):
 * libbpf bpf_object__resolve_ksyms_btf_id / _kallsyms put the symbol's address (or its BTF id) in
 * the lddw. The emulator has no kernel: each symbol is a simulated, zeroed, read-only region of its
 * BTF type's size (8 bytes when typeless), shared by the object's programs, and the lddw loads its
 * address; the program's sandbox owns those regions (docs/sandbox.md).
 */
function resolveKsyms(obj: BpfObject, p: ProgramSpec): { spec: ProgramSpec; symbols: number[] } {
  const refs = p.externs.filter((e) => e.kind === 'ksym');
  if (!refs.length) return { spec: p, symbols: [] };
  const insns = p.insns.slice();
  const symbols: number[] = [];
  // an extern's `insn` is a slot (an lddw is two): the instruction index is another number
  const slots = slotIndices(insns);
  for (const e of refs) {
    let addr = obj.ksyms.get(e.name);
    if (addr === undefined) {
      const size = ksymSize(obj.spec, e.name);
      addr = obj.bpf.as.map(size, RegionKind.Global, `ksym ${e.name}`, false, obj.ksymDomain()).base;
      obj.ksyms.set(e.name, addr);
    }
    const k = slots.indexOf(e.insn);
    const i = k < 0 || k >= insns.length ? undefined : insns[k]!;
    if (i?.code === LDDW) insns[k] = { ...i, src: 0, imm: (addr + i.imm) | 0, imm2: 0 };
    symbols.push(addr);
  }
  return { spec: { ...p, insns, externs: p.externs.filter((e) => e.kind !== 'ksym') }, symbols };
}

/** the size of a ksym's BTF type (the VAR of the `.ksyms` DATASEC), 8 when typeless or unknown */
function ksymSize(spec: ObjectSpec, name: string): number {
  const btf = spec.btf;
  const ds = btf?.find('.ksyms', BTF_KIND_DATASEC);
  if (!btf || !ds || ds.kind !== BTF_KIND_DATASEC) return 8;
  for (const v of ds.vars) {
    const t = btf.types[v.type];
    if (t && t.kind === BTF_KIND_VAR && t.name === name) {
      let size = 0;
      try {
        size = btf.sizeof(t.type);
      } catch {
        size = 0; // `extern const void sym __ksym`: no size
      }
      return size > 0 && size <= 1 << 20 ? size : 8;
    }
  }
  return 8;
}

/** does the object declare kconfig externs (a `.kconfig` DATASEC in its BTF), and which kfuncs it calls */
function externsOf(bytes: Uint8Array): { kconfig: boolean; kfuncs: string[]; core: boolean } {
  try {
    const spec = loadObjectSpec(bytes, { allowUnsupported: true });
    const kfuncs = new Set(spec.programs.flatMap((p) => p.externs.filter((e) => e.kind === 'kfunc').map((e) => e.name)));
    return { kconfig: !!spec.btf?.find('.kconfig', BTF_KIND_DATASEC), kfuncs: [...kfuncs], core: spec.programs.some((p) => p.coreRelos.length > 0) };
  } catch {
    return { kconfig: false, kfuncs: [], core: false };
  }
}

/** the running kernel's BTF (Node, CONFIG_DEBUG_INFO_BTF), or undefined */
async function runningBtf(): Promise<import('../btf/btf.js').Btf | undefined> {
  try {
    return (await import('../kernel/system.js')).vmlinuxBtf();
  } catch {
    return undefined;
  }
}

/** which of `names` the running kernel's vmlinux BTF has as functions (Node only), none elsewhere */
async function runningKfuncs(names: readonly string[]): Promise<string[]> {
  try {
    const btf = (await import('../kernel/system.js')).vmlinuxBtf();
    return names.filter((n) => btf.find(n, BTF_KIND_FUNC) !== undefined);
  } catch {
    return [];
  }
}

/** the running kernel's KernelProfile, or that of the .config `file` (Node only); 'all' where there is none */
async function runningProfile(file?: string): Promise<KernelProfile | 'all'> {
  const sys = await import('../kernel/system.js').catch(() => undefined);
  if (file) {
    if (!sys) throw new BpfError('ENOTSUPP', `--kconfig ${file}: files cannot be read here`);
    return sys.kernelProfile(file) ?? 'all';
  }
  try {
    return sys?.kernelProfile() ?? 'all';
  } catch {
    return 'all';
  }
}

/** the running kernel's kconfig values (Node only: the kernel layer is imported on demand), {} elsewhere */
async function runningKconfig(file?: string): Promise<Record<string, number | bigint | boolean | string>> {
  const sys = await import('../kernel/system.js').catch(() => undefined);
  // a file the user named must be read (its errors are theirs); the running kernel's may be absent
  if (file) {
    if (!sys) throw new BpfError('ENOTSUPP', `--kconfig ${file}: files cannot be read here`);
    return sys.kconfigValues(file);
  }
  try {
    return sys ? sys.kconfigValues() : {};
  } catch {
    return {};
  }
}

/**
 * the kernel BTF for the verifier, read when a program first needs it: the named file (its
 * errors are the user's), else the running kernel's, else none (the verifier then says a
 * program needs kernel BTF)
 */
async function kernelBtfGetter(file?: string): Promise<LazyKernelBtf> {
  const sys = await import('../kernel/system.js').catch(() => undefined);
  if (file) {
    if (!sys) throw new BpfError('ENOTSUPP', `--btf-vmlinux ${file}: files cannot be read here`);
    return lazyKernelBtf(() => sys.kernelBtfFile(file));
  }
  return lazyKernelBtf(() => {
    try {
      return sys?.kernelBtfFile();
    } catch {
      return undefined;
    }
  });
}

/** BtfTypes that loads itself on first use (kernelBtfOf tells whether there is any) */
type LazyKernelBtf = BtfTypes & { load(): BtfTypes | undefined };
function lazyKernelBtf(load: () => BtfTypes | undefined): LazyKernelBtf {
  let done = false;
  let b: BtfTypes | undefined;
  const get = (): BtfTypes | undefined => {
    if (!done) { b = load(); done = true; }
    return b;
  };
  const must = (): BtfTypes => get() ?? (() => { throw new BpfError('ENOENT', 'there is no kernel BTF'); })();
  return { load: get, type: (id) => must().type(id), find: (n, k) => must().find(n, k), idsByName: (n) => must().idsByName(n) };
}

/** the kernel BTF of the options, or undefined when there is none */
function kernelBtfOf(opts: LoadObjectOptions): BtfTypes | undefined {
  const k = opts.btfVmlinux;
  if (!k || typeof k === 'string') return undefined;
  return 'load' in k && typeof k.load === 'function' ? (k as LazyKernelBtf).load() : k;
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

export { mapTypeName };

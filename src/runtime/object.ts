/**
 * The high-level API, in the spirit of libbpf's bpf_object and cilium/ebpf's Collection:
 * `loadObject(pathOrBytes)` parses a clang-compiled object (elf/loader.ts), creates its maps —
 * BTF and legacy maps, global data sections as single-element ARRAY maps with their initial
 * contents (.rodata frozen and read-only for programs, as libbpf does), map-in-map and PROG_ARRAY
 * initialisers — and its programs with map references resolved, and hands them out by name.
 * `map.get/set/delete/entries()` format keys and values from BTF; `program.run()` test-runs.
 *
 * Verification: tsbpf's verifier is not wired in here yet, so loading does not verify programs.
 */
import { BpfError } from '../isa/errors.js';
import { loadObjectSpec } from '../elf/loader.js';
import { readElf } from '../elf/reader.js';
import { readBinaryFile } from '../elf/read_file.js';
import type { MapSpec, ObjectSpec, ProgramSpec } from '../elf/spec.js';
import type { HelperRegistry } from '../helpers/api.js';
import { BPF_F_MMAPABLE, BPF_F_RDONLY_PROG, MapType, mapTypeName, type MapAttr } from '../maps/constants.js';
import { BpfMap } from '../maps/map.js';
import { createMap } from '../maps/create.js';
import { ArrayOfMaps, HashOfMaps } from '../maps/map_in_map.js';
import { ProgArrayMap } from '../maps/prog_array.js';
import { RingBuf } from '../maps/ringbuf.js';
import { Bpf, type BpfOptions } from './bpf.js';
import { decode, describe, encode, spinLockOffset, type JsValue, type TypeDesc } from './format.js';
import { decodePin } from './pin_format.js';
import { BpfProgram } from './program.js';
import { runtimeHelpers } from './stack_helpers.js';
import { verify } from '../verifier/verify.js';
import type { Instruction } from '../isa/instruction.js';
import { sanitizeDeadCode } from '../verifier/sanitize.js';
import { verifyOptionsForProgram } from '../verifier/object.js';
import type { VerifierMap } from '../verifier/types.js';

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
}

export { runtimeHelpers };

/** a map of an object, with typed access */
export class ObjectMap {
  readonly name: string;
  readonly map: BpfMap;
  readonly spec: MapSpec;
  readonly keyType?: TypeDesc;
  readonly valueType?: TypeDesc;
  /** fd in the object's runtime */
  readonly fd: number;
  private readonly bpf: Bpf;

  constructor(bpf: Bpf, spec: MapSpec, map: BpfMap, fd: number, keyType?: TypeDesc, valueType?: TypeDesc) {
    this.bpf = bpf;
    this.name = spec.name;
    this.spec = spec;
    this.map = map;
    this.fd = fd;
    if (keyType) this.keyType = keyType;
    if (valueType) this.valueType = valueType;
  }

  get type(): number {
    return this.map.type;
  }

  /** key as bytes: Uint8Array as is, else through the BTF key type or as a little-endian integer */
  keyBytes(key: JsValue | Uint8Array): Uint8Array {
    if (key instanceof Uint8Array) return key;
    if (this.keyType) return encode(this.keyType, key, new Uint8Array(this.map.keySize), 0, `${this.name} key`);
    return intBytes(key, this.map.keySize, `${this.name} key`);
  }

  private valueBytes(v: JsValue | Uint8Array): Uint8Array {
    if (v instanceof Uint8Array) return v;
    const one = (x: JsValue, b: Uint8Array, off: number): void => {
      if (this.valueType) encode(this.valueType, x, b, off, `${this.name} value`);
      else b.set(intBytes(x, this.map.valueSize, `${this.name} value`), off);
    };
    const out = new Uint8Array(this.map.userValueSize);
    if (this.map.userValueSize !== this.map.valueSize && this.isPercpu) {
      const vals = Array.isArray(v) ? v : Array.from({ length: this.map.ncpus }, () => v);
      vals.forEach((x, c) => one(x, out, c * this.map.percpuStride));
    } else one(v, out, 0);
    return out;
  }

  private get isPercpu(): boolean {
    return this.map.type === MapType.PERCPU_ARRAY || this.map.type === MapType.PERCPU_HASH || this.map.type === MapType.LRU_PERCPU_HASH;
  }

  /** decode a user-layout value (per-CPU maps: an array, one per CPU) */
  decodeValue(b: Uint8Array): JsValue | Uint8Array {
    if (this.isPercpu) return Array.from({ length: this.map.ncpus }, (_, c) => this.decodeOne(b.subarray(c * this.map.percpuStride, c * this.map.percpuStride + this.map.valueSize)) as JsValue);
    return this.decodeOne(b);
  }

  private decodeOne(b: Uint8Array): JsValue | Uint8Array {
    if (this.valueType) return decode(this.valueType, b);
    if (b.length === 4 || b.length === 8) return intOf(b);
    return b.slice();
  }

  decodeKey(b: Uint8Array): JsValue | Uint8Array {
    if (this.keyType) return decode(this.keyType, b);
    if (b.length === 4 || b.length === 8) return intOf(b);
    return b.slice();
  }

  /** the value under key (undefined when absent) */
  get(key: JsValue | Uint8Array): JsValue | Uint8Array | undefined {
    try {
      return this.decodeValue(this.bpf.mapLookupElem(this.fd, this.map.keySize ? this.keyBytes(key) : null));
    } catch (e) {
      if (e instanceof BpfError && e.errno === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** update (flags: BPF_ANY, BPF_NOEXIST, BPF_EXIST) */
  set(key: JsValue | Uint8Array, value: JsValue | Uint8Array, flags = 0): void {
    this.bpf.mapUpdateElem(this.fd, this.map.keySize ? this.keyBytes(key) : null, this.valueBytes(value), flags);
  }

  delete(key: JsValue | Uint8Array): boolean {
    try {
      this.bpf.mapDeleteElem(this.fd, this.keyBytes(key));
      return true;
    } catch (e) {
      if (e instanceof BpfError && e.errno === 'ENOENT') return false;
      throw e;
    }
  }

  /** raw keys in get_next_key order */
  *rawKeys(): Generator<Uint8Array> {
    let k: Uint8Array | null = null;
    for (;;) {
      try {
        k = this.bpf.mapGetNextKey(this.fd, k);
      } catch (e) {
        if (e instanceof BpfError && (e.errno === 'ENOENT' || e.errno === 'ENOTSUPP' || e.errno === 'EINVAL' || e.errno === 'EOPNOTSUPP')) return;
        throw e;
      }
      yield k;
    }
  }

  /** [key, value] pairs, decoded, in get_next_key order */
  *entries(): Generator<[JsValue | Uint8Array, JsValue | Uint8Array]> {
    for (const k of this.rawKeys()) {
      let v: Uint8Array;
      try {
        v = this.bpf.mapLookupElem(this.fd, k);
      } catch (e) {
        if (e instanceof BpfError && e.errno === 'ENOENT') continue;
        throw e;
      }
      yield [this.decodeKey(k), this.decodeValue(v)];
    }
  }

  /** RINGBUF: records as they are submitted, decoded with the map's BTF value type when it has one */
  async *records(opts: { signal?: AbortSignal } = {}): AsyncGenerator<JsValue | Uint8Array> {
    if (!(this.map instanceof RingBuf)) throw new BpfError('EINVAL', `${this.map.what()} is not a ring buffer`);
    for await (const r of this.map.records(opts)) yield this.valueType && r.length >= this.valueType.size ? decode(this.valueType, r) : r;
  }

  /** RINGBUF: drain what is committed now (decoded), without waiting */
  drain(): (JsValue | Uint8Array)[] {
    if (!(this.map instanceof RingBuf)) throw new BpfError('EINVAL', `${this.map.what()} is not a ring buffer`);
    const out: (JsValue | Uint8Array)[] = [];
    this.map.consume((r) => out.push(this.valueType && r.length >= this.valueType.size ? decode(this.valueType, r) : r));
    return out;
  }

  *keys(): Generator<JsValue | Uint8Array> {
    for (const k of this.rawKeys()) yield this.decodeKey(k);
  }
}

function intBytes(v: JsValue, size: number, what: string): Uint8Array {
  if (typeof v !== 'number' && typeof v !== 'bigint') throw new BpfError('EINVAL', `${what}: no BTF type to encode ${JSON.stringify(String(v))}; pass a number or a Uint8Array`);
  const out = new Uint8Array(size);
  let x = BigInt.asUintN(size * 8, BigInt(v));
  for (let i = 0; i < size; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

function intOf(b: Uint8Array): number | bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export interface ObjectProgram extends BpfProgram {}

export class BpfObject {
  readonly bpf: Bpf;
  readonly spec: ObjectSpec;
  readonly maps: Map<string, ObjectMap> = new Map();
  readonly programs: Map<string, BpfProgram> = new Map();
  /** fds of the programs in the object's runtime */
  readonly progFds: Map<string, number> = new Map();
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
function reuseCompatible(spec: MapAttr, m: { type: number; keySize: number; valueSize: number; maxEntries: number; flags: number }): boolean {
  return spec.mapType === m.type && spec.keySize === m.keySize && spec.valueSize === m.valueSize && spec.maxEntries === m.maxEntries && (spec.mapFlags ?? 0) === m.flags;
}

function attrOf(s: MapSpec, ncpus: number, btf: ObjectSpec['btf']): MapAttr {
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
  if (s.type === MapType.RINGBUF || s.type === MapType.USER_RINGBUF) keySize = valueSize = 0;
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
  }
  return a;
}

/** libbpf internal map names are truncated to BPF_OBJ_NAME_LEN-1 and keep [A-Za-z0-9_.] */
function mapNameOf(n: string): string {
  return n.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, 15);
}

/** load a clang-compiled BPF object: maps created, programs ready to run */
export async function loadObject(src: string | Uint8Array, opts: LoadObjectOptions = {}): Promise<BpfObject> {
  let bytes: Uint8Array;
  let file = opts.file;
  if (typeof src === 'string') {
    bytes = await readBinaryFile(src);
    file ??= src;
  } else bytes = src;
  let pinStore = opts.pins;
  if (!pinStore && (opts.pinRoot || opts.pinMaps)) pinStore = new (await import('./pin_fs.js')).FsPinStore();
  const bpf = opts.bpf ?? new Bpf({ ...opts, ...(pinStore ? { pins: pinStore } : {}) });
  return loadObjectSync(bytes, { ...opts, ...(file ? { file } : {}), bpf });
}

/** the synchronous core of loadObject (bytes in hand) */
export function loadObjectSync(bytes: Uint8Array, opts: LoadObjectOptions = {}): BpfObject {
  const spec = loadObjectSpec(bytes, { ...(opts.file ? { file: opts.file } : {}) });
  const bpf = opts.bpf ?? new Bpf(opts);
  const obj = new BpfObject(bpf, spec);
  const created: BpfMap[] = [];
  const helpers = opts.helpers ?? runtimeHelpers();
  try {
    for (const s of spec.maps) {
      const attr = attrOf(s, bpf.ncpus, spec.btf);
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
          const innerAttr = attrOf(s.innerMap, bpf.ncpus, spec.btf);
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
      } else map = bpf.map(fd);
      created.push(map);
      // global data maps have no BTF key type: their key is the u32 index 0
      const keyType = spec.btf && s.keyTypeId ? describe(spec.btf, s.keyTypeId) : s.origin === 'data' || s.origin === 'rodata' || s.origin === 'bss' ? ({ k: 'int', size: 4, signed: false } as TypeDesc) : undefined;
      let valueType = spec.btf && s.valueTypeId ? describe(spec.btf, s.valueTypeId) : undefined;
      if (valueType && (s.origin === 'data' || s.origin === 'rodata' || s.origin === 'bss')) valueType = fixupDatasec(bytes, s, valueType);
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
 * libbpf btf_fixup_datasec: clang leaves a DATASEC's size and variable offsets at 0; the real
 * ones are the section's size and each variable symbol's value.
 */
function fixupDatasec(bytes: Uint8Array, s: MapSpec, d: TypeDesc): TypeDesc {
  if (d.k !== 'struct') return d;
  try {
    const elf = readElf(bytes);
    const sec = elf.section(s.section || s.name) ?? elf.section(s.name);
    if (!sec) return d;
    const syms = new Map(elf.symbolsIn(sec.index).map((y) => [y.name, y.value]));
    return { ...d, size: s.valueSize, members: d.members.map((m) => (syms.has(m.name) ? { ...m, off: syms.get(m.name)! * 8 } : m)) };
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
    ...(inner ? { inner: { type: inner.mapType, keySize: inner.keySize, valueSize: inner.valueSize, maxEntries: inner.maxEntries, flags: inner.mapFlags } } : {}),
  };
}

/**
 * BPF_PROG_LOAD's verification of one program: a rejection is the kernel's errno and message,
 * located at the program's section and instruction (and source line when BTF has it), followed
 * by tsbpf's explanation.
 */
function verifyProgram(obj: BpfObject, p: ProgramSpec, maps: BpfMap[], opts: LoadObjectOptions): Instruction[] {
  const res = verify(p.insns, verifyOptionsForProgram(p, maps.map(verifierMapOf), opts.unpriv ? { unpriv: true } : {}));
  // as the kernel, the engines get the program with its dead code turned into `ja -1`
  if (res.accepted) return sanitizeDeadCode(p.insns, res.deadInsns);
  const li = res.insn !== undefined ? [...p.lineInfo].reverse().find((l) => l.insn <= res.insn!) : undefined;
  throw new BpfError(res.errno ?? 'EACCES', `program ${p.name} rejected by the verifier: ${res.message ?? 'rejected'}${res.explanation && res.explanation !== res.message ? ` (${res.explanation})` : ''}`, {
    ...(obj.spec.file ? { file: obj.spec.file } : {}), section: p.section,
    ...(res.insn !== undefined ? { insn: res.insn } : {}), ...(li?.lineNum ? { line: li.lineNum } : {}),
  });
}

function addProgram(obj: BpfObject, p: ProgramSpec, maps: BpfMap[], helpers: HelperRegistry, opts: LoadObjectOptions): void {
  const verified = opts.verify !== false;
  const insns = verified ? verifyProgram(obj, p, maps, opts) : p.insns;
  const prog = new BpfProgram(obj.bpf, {
    verified,
    name: p.name,
    section: p.section,
    progType: p.type,
    insns,
    maps,
    usedMaps: p.mapIndices.map((i) => maps[i]!).filter(Boolean),
    helpers,
  });
  obj.programs.set(p.name, prog);
  obj.progFds.set(p.name, obj.bpf.progFd(prog));
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

export { mapTypeName };

/**
 * The object loader: an ELF file compiled by clang for BPF -> an `ObjectSpec`, following
 * libbpf's bpf_object__open logic (tools/lib/bpf/libbpf.c):
 *  - bpf_object__elf_collect: license, version, maps, .maps, global data, .BTF, .BTF.ext;
 *  - bpf_object__add_programs: every FUNC symbol of an executable section is a function; those
 *    outside .text are programs, named by their function, typed by their section (section_defs);
 *  - bpf_program__record_reloc: R_BPF_64_64 on lddw against maps -> BPF_PSEUDO_MAP_FD (imm = map
 *    index), against data sections -> BPF_PSEUDO_MAP_VALUE (imm = map index, imm2 = offset),
 *    against functions -> BPF_PSEUDO_FUNC; R_BPF_64_32 on calls -> bpf-to-bpf calls;
 *  - bpf_object__reloc_code: each program gets the subprograms it calls appended (transitively,
 *    in order of first call), with call offsets rewritten, and its func_info/line_info/CO-RE
 *    records moved along.
 * Functions in any executable section may be called (cilium/ebpf allows this; libbpf only .text).
 */
import { readBinaryFile } from './read_file.js';
import { BpfError, type ErrorLocation } from '../isa/errors.js';
import { decodeInstructions, type Instruction, LDDW } from '../isa/instruction.js';
import { BPF_CALL, BPF_JMP, BPF_PSEUDO_CALL, BPF_PSEUDO_FUNC, BPF_PSEUDO_KFUNC_CALL, BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE } from '../isa/opcodes.js';
import { BPF_F_LINK, BPF_F_MMAPABLE, BPF_F_RDONLY_PROG, BPF_MAP_TYPE_ARRAY, BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS, BPF_MAP_TYPE_STRUCT_OPS, BPF_MAP_TYPE_ARENA, BPF_PROG_TYPE_UNSPEC, BPF_PROG_TYPE_STRUCT_OPS } from '../isa/bpf_types.js';
import { type Btf, parseBtf } from '../btf/btf.js';
import { type BtfExt, parseBtfExt } from '../btf/ext.js';
import { applyCoreRelocations } from '../btf/core.js';
import { BTF_FUNC_GLOBAL, BTF_FUNC_STATIC, BTF_KIND_DATASEC, BTF_KIND_DECL_TAG, BTF_KIND_FUNC, BTF_KIND_VAR } from '../btf/types.js';
import { hiddenFunctions, sectionLayout } from './datasec.js';
import {
  EM_BPF, ET_REL, type ElfFile, type ElfRelocation, type ElfSection, type ElfSymbol, readElf, readElfHeader,
  R_BPF_64_32, R_BPF_64_64, R_BPF_64_ABS32, R_BPF_64_ABS64, R_BPF_64_NODYLD32, R_BPF_NONE,
  SHF_EXECINSTR, SHN_UNDEF, SHT_NOBITS, SHT_PROGBITS, STB_LOCAL, STB_WEAK, STT_FUNC, STT_SECTION,
} from './reader.js';
import { dataSectionMap, emptyMap, linkIproute2InnerMaps, readBtfMaps, readLegacyMaps } from './maps.js';
import { assertNoKernelExterns, encodeKconfig } from './externs.js';
import { findSectionDef, SEC_SLEEPABLE, SEC_XDP_FRAGS } from './section_defs.js';
import type { ExternRef, MapSpec, ObjectSpec, ProgramCoreRelo, ProgramFuncInfo, ProgramLineInfo, ProgramSpec } from './spec.js';

export interface LoadOptions {
  /** file name for error messages */
  file?: string;
  /**
   * keep programs that reference kfuncs, ksyms or kconfig externs (recorded in
   * ProgramSpec.externs) instead of failing with ENOTSUPP
   */
  allowUnsupported?: boolean;
  /**
   * values for `.kconfig` externs (`extern int CONFIG_HZ __kconfig;`): numbers/bigints for
   * integers, booleans or 'y'/'n'/'m' for bool/tristate, strings for char arrays. They are laid
   * out in a read-only `.kconfig` array map the program reads (libbpf LIBBPF_MAP_KCONFIG). Weak
   * externs without a value read as zero, as in libbpf; others without one stay unresolved.
   */
  kconfig?: Record<string, number | bigint | boolean | string>;
  /**
   * resolve CO-RE relocations at load against this BTF (e.g. /sys/kernel/btf/vmlinux via
   * btf/load.ts loadBtfFile); without it they stay in ProgramSpec.coreRelos for a later
   * applyObjectCore (elf/core.ts)
   */
  coreTarget?: Btf;
}

/** a function in an executable section */
interface Func {
  name: string;
  sec: ElfSection;
  /** byte offset in the section */
  offset: number;
  /** byte size */
  size: number;
  insns: Instruction[];
  /** slot index (within the function) of each instruction */
  slots: number[];
  isProgram: boolean;
  bind: number;
  /** resolved relocations, by instruction index */
  relos: Map<number, Relo>;
}

type Relo =
  | { kind: 'map'; map: number }
  | { kind: 'mapValue'; map: number; off: number }
  | { kind: 'call'; target: Func }
  | { kind: 'funcAddr'; target: Func }
  | { kind: 'extern'; name: string; ext: ExternRef['kind']; weak: boolean };

const LEGACY_MAPS_SEC = 'maps';
/** libbpf ARENA_SEC: clang puts `__arena` (address_space(1)) globals here */
const ARENA_SEC = '.addr_space.1';
/** largest global data section turned into a map (256 MiB) */
const MAX_DATA_SECTION = 256 << 20;
const BTF_MAPS_SEC = '.maps';

function dataOrigin(name: string): 'data' | 'rodata' | 'bss' | undefined {
  const is = (p: string) => name === p || name.startsWith(p + '.');
  if (is('.rodata')) return 'rodata';
  if (is('.data')) return 'data';
  if (is('.bss')) return 'bss';
  return undefined;
}

/** parse an object file into an ObjectSpec (no kernel objects are created) */
export function loadObjectSpec(bytes: Uint8Array, opts: LoadOptions = {}): ObjectSpec {
  const file = opts.file;
  const hdr = readElfHeader(bytes, { file });
  if (hdr.machine !== EM_BPF) throw new BpfError('ENOEXEC', `not a BPF object (e_machine ${hdr.machine}, expected EM_BPF ${EM_BPF})`, { file, offset: 18 });
  if (hdr.type !== ET_REL) throw new BpfError('ENOEXEC', `not a relocatable object (e_type ${hdr.type})`, { file, offset: 16 });
  return new ObjectLoader(readElf(bytes, { file }), opts).load();
}

class ObjectLoader {
  readonly file?: string;
  btf?: Btf;
  btfExt?: BtfExt;
  license = '';
  kernelVersion = 0;
  readonly maps: MapSpec[] = [];
  /** section index -> (byte offset -> map index) for maps sections */
  readonly mapsAt = new Map<number, Map<number, number>>();
  /** section index -> map index for data sections */
  readonly dataMap = new Map<number, number>();
  /** section index -> functions sorted by offset */
  readonly funcs = new Map<number, Func[]>();

  constructor(readonly elf: ElfFile, readonly opts: LoadOptions) {
    this.file = opts.file;
  }

  where(section?: string, extra: ErrorLocation = {}): ErrorLocation {
    return { file: this.file, section, ...extra };
  }

  load(): ObjectSpec {
    const elf = this.elf;
    // BTF first: maps and func names need it
    const btfSec = elf.section('.BTF');
    if (btfSec) {
      if (btfSec.type === SHT_NOBITS) throw new BpfError('EINVAL', '.BTF has no contents', this.where('.BTF'));
      this.btf = parseBtf(btfSec.data, { file: this.file });
      // hidden global functions are verified as static ones, as libbpf marks them (datasec.ts)
      for (const name of hiddenFunctions(elf)) {
        for (const id of this.btf.idsByName(name)) {
          const t = this.btf.types[id];
          if (t?.kind === BTF_KIND_FUNC && t.linkage === BTF_FUNC_GLOBAL) (t as { linkage: number }).linkage = BTF_FUNC_STATIC;
        }
      }
      const ext = elf.section('.BTF.ext');
      if (ext && ext.type !== SHT_NOBITS) this.btfExt = parseBtfExt(ext.data, this.btf, { file: this.file });
    }
    for (const sec of elf.sections) {
      if (sec.name === 'license') this.license = readLicense(sec);
      else if (sec.name === 'version') {
        if (sec.size !== 4) throw new BpfError('EINVAL', `invalid kver section size ${sec.size}`, this.where('version'));
        this.kernelVersion = new DataView(sec.data.buffer, sec.data.byteOffset, 4).getUint32(0, !elf.bigEndian);
      }
    }
    this.collectMaps();
    this.collectFunctions();
    for (const fs of this.funcs.values()) for (const f of fs) this.resolveRelocations(f);
    const programs: ProgramSpec[] = [];
    const subprograms: string[] = [];
    for (const fs of this.funcs.values()) {
      for (const f of fs) {
        if (f.isProgram) programs.push(this.link(f));
        else subprograms.push(f.name);
      }
    }
    this.checkProgArrayInitialisers(programs);
    this.structOpsAttachTargets(programs);
    if (this.opts.coreTarget) {
      for (const p of programs) {
        if (!p.coreRelos.length) continue;
        if (!this.btf) throw new BpfError('EINVAL', `program '${p.name}' has CO-RE relocations but the object has no BTF`, this.where(p.section));
        p.insns = applyCoreRelocations(p.insns, p.coreRelos, this.btf, this.opts.coreTarget, { program: p.name, file: this.file, section: p.section }).insns;
        p.coreRelos = [];
      }
    }
    if (!this.opts.allowUnsupported) {
      for (const p of programs) {
        assertNoKernelExterns(p, this.file);
      }
    }
    return {
      file: this.file, bigEndian: elf.bigEndian, programs, maps: this.maps, license: this.license,
      kernelVersion: this.kernelVersion, btf: this.btf, btfExt: this.btfExt, subprograms,
    };
  }

  // ---- maps ----

  /** `.addr_space.1`: the `__arena` globals, given to the object's one ARENA map (libbpf init_arena_map_data) */
  arenaShndx = -1;
  arenaMap = -1;
  collectArenaData(): void {
    const sec = this.elf.section(ARENA_SEC);
    if (!sec) return;
    const arenas = this.maps.flatMap((m, k) => (m.type === BPF_MAP_TYPE_ARENA ? [k] : []));
    if (arenas.length > 1) throw new BpfError('EINVAL', `map '${this.maps[arenas[1]!]!.name}': only one ARENA map is supported (map '${this.maps[arenas[0]!]!.name}' is one too)`, this.where('.maps'));
    if (!arenas.length) {
      throw new BpfError('EINVAL', `to use global __arena variables the ARENA map should be explicitly declared in SEC(".maps")`, this.where(ARENA_SEC));
    }
    const m = this.maps[arenas[0]!]!;
    // the arena is max_entries pages of 4 KiB (bpf_map_mmap_sz)
    if (sec.size > m.maxEntries * 4096) {
      throw new BpfError('E2BIG', `declared ARENA map size (${m.maxEntries * 4096}) is too small to hold global __arena variables of size ${sec.size}`, this.where(ARENA_SEC));
    }
    this.arenaShndx = sec.index;
    this.arenaMap = arenas[0]!;
    m.arenaData = sec.type === SHT_NOBITS ? new Uint8Array(sec.size) : sec.data.slice();
  }

  collectMaps(): void {
    const elf = this.elf;
    const btfMapRanges: { sec: ElfSection; offset: number; size: number; valuesOffset?: number; index: number }[] = [];
    for (const sec of elf.sections) {
      if (sec.name === LEGACY_MAPS_SEC && (sec.type === SHT_PROGBITS)) {
        const at = new Map<number, number>();
        for (const m of readLegacyMaps(elf, sec, { file: this.file })) {
          this.checkUniqueName(m.map.name, sec.name);
          at.set(m.offset, this.maps.length);
          this.maps.push(m.map);
        }
        this.mapsAt.set(sec.index, at);
      } else if (sec.name === BTF_MAPS_SEC) {
        const at = new Map<number, number>();
        const ms = readBtfMaps(elf, sec, this.btf, { file: this.file });
        for (const m of ms) {
          this.checkUniqueName(m.map.name, sec.name);
          at.set(m.offset, this.maps.length);
          btfMapRanges.push({ sec, offset: m.offset, size: m.size, valuesOffset: m.valuesOffset, index: this.maps.length });
          this.maps.push(m.map);
        }
        this.mapsAt.set(sec.index, at);
      } else if (sec.name === '.struct_ops' || sec.name === '.struct_ops.link') {
        for (const m of this.structOpsMaps(sec)) {
          this.checkUniqueName(m.name, sec.name);
          this.maps.push(m);
        }
      } else if (sec.name === '.kconfig' || sec.name === '.ksyms') {
        // clang never emits these as real sections; externs live in BTF DATASECs of these names
        continue;
      } else {
        const origin = dataOrigin(sec.name);
        if (!origin || (sec.flags & SHF_EXECINSTR) || (sec.type !== SHT_PROGBITS && sec.type !== SHT_NOBITS)) continue;
        if (sec.size === 0) continue;
        // .bss sizes come from the header alone; the kernel caps array values well below this too
        if (sec.size > MAX_DATA_SECTION) throw new BpfError('E2BIG', `data section ${sec.name} is ${sec.size} bytes, more than the ${MAX_DATA_SECTION} tsbpf maps`, this.where(sec.name));
        this.dataMap.set(sec.index, this.maps.length);
        const dm = dataSectionMap(sec, this.btf, origin);
        const lay = sectionLayout(elf, sec.name);
        if (lay?.offsets.size) dm.varOffsets = Object.fromEntries(lay.offsets);
        this.maps.push(dm);
      }
    }
    linkIproute2InnerMaps(this.maps, { file: this.file });
    this.collectArenaData();
    // `.maps` must be zero apart from relocated `values` slots (libbpf ignores the bytes; a
    // non-zero byte means an initialiser libbpf would silently drop: refuse it, as cilium/ebpf does)
    const mapsSec = elf.section(BTF_MAPS_SEC);
    if (mapsSec && mapsSec.type !== SHT_NOBITS) {
      const relocated = new Set<number>();
      const relos = elf.relocationsFor(mapsSec.index);
      for (const r of relos) for (let k = 0; k < 8; k++) relocated.add(r.offset + k);
      for (let k = 0; k < mapsSec.data.length; k++) {
        if (mapsSec.data[k] !== 0 && !relocated.has(k)) {
          const owner = btfMapRanges.find((m) => k >= m.offset && k < m.offset + m.size);
          throw new BpfError('EINVAL', `map '${owner ? this.maps[owner.index]!.name : '?'}': non-zero byte in .maps at offset ${k} (only 'values' may be initialised)`, this.where('.maps', { offset: k }));
        }
      }
      // `values = { [i] = &map_or_prog }` initialisers (libbpf bpf_object__collect_map_relos)
      for (const r of relos) {
        const owner = btfMapRanges.find((m) => r.offset >= m.offset && r.offset < m.offset + m.size);
        const sym = elf.symbols[r.symbol]!;
        if (!owner) throw new BpfError('EINVAL', `.maps relocation at offset ${r.offset} is not inside any map`, this.where('.maps', { offset: r.offset }));
        const map = this.maps[owner.index]!;
        if (owner.valuesOffset === undefined || r.offset < owner.offset + owner.valuesOffset) {
          throw new BpfError('EINVAL', `map '${map.name}': relocation at offset ${r.offset} is not in 'values'`, this.where('.maps', { offset: r.offset }));
        }
        if (r.type !== R_BPF_64_ABS64) throw new BpfError('EINVAL', `map '${map.name}': unexpected relocation type ${r.type} in 'values'`, this.where('.maps', { offset: r.offset }));
        const rel = r.offset - owner.offset - owner.valuesOffset;
        if (rel % 8 !== 0) throw new BpfError('EINVAL', `map '${map.name}': misaligned 'values' relocation at offset ${r.offset}`, this.where('.maps', { offset: r.offset }));
        const key = rel / 8;
        if (map.innerMap) {
          const target = this.mapsAt.get(sym.shndx)?.get(sym.value);
          if (target === undefined || sym.shndx !== mapsSec.index) throw new BpfError('EINVAL', `map '${map.name}': 'values'[${key}] refers to '${sym.name}', which is not a BTF-defined map`, this.where('.maps', { offset: r.offset }));
          map.contents.push({ key, map: this.maps[target]!.name });
        } else {
          if (sym.type !== STT_FUNC) throw new BpfError('EINVAL', `map '${map.name}': 'values'[${key}] refers to '${sym.name}', which is not a program`, this.where('.maps', { offset: r.offset }));
          map.contents.push({ key, program: sym.name });
        }
        if (key >= map.maxEntries) throw new BpfError('EINVAL', `map '${map.name}': 'values'[${key}] is beyond max_entries ${map.maxEntries}`, this.where('.maps', { offset: r.offset }));
      }
    }
  }

  /**
   * libbpf init_struct_ops_maps: each variable of the section's DATASEC is a STRUCT_OPS map whose
   * value is the variable's struct; R_BPF_64_ABS64 relocations name the programs that fill its
   * function-pointer members (bpf_object__collect_st_ops_relos).
   */
  structOpsMaps(sec: ElfSection): MapSpec[] {
    const where = this.where(sec.name);
    const btf = this.btf;
    if (!btf) throw new BpfError('EINVAL', `${sec.name} needs BTF, but the object has no .BTF`, where);
    const ds = btf.find(sec.name, BTF_KIND_DATASEC);
    if (!ds || ds.kind !== BTF_KIND_DATASEC) throw new BpfError('EINVAL', `DATASEC '${sec.name}' not found in BTF`, where);
    const symOff = new Map<string, number>();
    for (const s of this.elf.symbols) if (s.shndx === sec.index && s.type !== STT_SECTION && s.name) symOff.set(s.name, s.value);
    if (sec.type !== SHT_PROGBITS) throw new BpfError('EINVAL', `${sec.name} must have contents (it is not SHT_PROGBITS)`, where);
    const relos = this.elf.relocationsFor(sec.index);
    const out: MapSpec[] = [];
    for (const vi of ds.vars) {
      const v = btf.types[vi.type];
      if (!v || v.kind !== BTF_KIND_VAR) throw new BpfError('EINVAL', `${sec.name} DATASEC entry [${vi.type}] is not a VAR`, where);
      const st = btf.composite(v.type);
      if (!st) throw new BpfError('EINVAL', `struct_ops '${v.name}': type is not a struct`, where);
      const offset = symOff.get(v.name) ?? vi.offset;
      if (offset + st.size > sec.size) throw new BpfError('EINVAL', `struct_ops '${v.name}' lies outside ${sec.name}`, { ...where, offset });
      const map = dataSectionMap({ ...sec, size: st.size, data: sec.data.subarray(offset, offset + st.size) }, undefined, 'data');
      map.name = v.name;
      map.section = sec.name;
      map.origin = 'struct_ops';
      map.type = BPF_MAP_TYPE_STRUCT_OPS;
      map.flags = sec.name === '.struct_ops.link' ? BPF_F_LINK : 0;
      map.valueTypeId = btf.resolve(v.type);
      map.structOps = [];
      for (const r of relos) {
        if (r.offset < offset || r.offset >= offset + st.size) continue;
        const sym = this.elf.symbols[r.symbol]!;
        const m = st.members.find((x) => x.bitOffset / 8 === r.offset - offset);
        if (!m || sym.type !== STT_FUNC) throw new BpfError('EINVAL', `struct_ops '${v.name}': relocation at offset ${r.offset - offset} does not set a function-pointer member to a program`, { ...where, offset: r.offset });
        map.structOps.push({ member: m.name, offset: r.offset - offset, program: sym.name });
      }
      out.push(map);
    }
    return out;
  }

  /**
   * A struct_ops program stands for the member of the struct its map fills (libbpf
   * bpf_map__init_kern_struct_ops sets attach_btf_id and expected_attach_type from it):
   * attachTo becomes `STRUCT:MEMBER`, the struct named as the object's BTF names it.
   */
  structOpsAttachTargets(programs: ProgramSpec[]): void {
    for (const m of this.maps) {
      if (!m.structOps?.length || !this.btf || !m.valueTypeId) continue;
      const struct = this.btf.types[m.valueTypeId]?.name ?? '';
      for (const e of m.structOps) {
        const p = programs.find((x) => x.name === e.program);
        if (p && p.type === BPF_PROG_TYPE_STRUCT_OPS) p.attachTo = `${struct}:${e.member}`;
      }
    }
  }

  /** index of the `.kconfig` map once a kconfig extern is resolved */
  kconfigMap?: number;
  readonly kconfigOffsets = new Map<string, number>();
  kconfigBytes = new Uint8Array(0);

  /** place a kconfig extern's value in the `.kconfig` map; undefined when it has no value */
  kconfigSlot(sym: ElfSymbol, loc: ErrorLocation): number | undefined {
    const known = this.kconfigOffsets.get(sym.name);
    if (known !== undefined) return known;
    const value = this.opts.kconfig?.[sym.name];
    if (value === undefined && sym.bind !== STB_WEAK) return undefined;
    const btf = this.btf!;
    const ds = btf.find('.kconfig', BTF_KIND_DATASEC);
    const vi = ds && ds.kind === BTF_KIND_DATASEC ? ds.vars.find((x) => btf.types[x.type]?.name === sym.name) : undefined;
    const v = vi && btf.types[vi.type];
    if (!v || v.kind !== BTF_KIND_VAR) throw new BpfError('EINVAL', `kconfig extern '${sym.name}' has no BTF variable`, loc);
    const size = btf.sizeof(v.type);
    if (size > 1 << 20) throw new BpfError('E2BIG', `kconfig extern '${sym.name}' is ${size} bytes`, loc);
    const align = Math.min(8, btf.alignof(v.type));
    const off = Math.ceil(this.kconfigBytes.length / align) * align;
    const bytes = new Uint8Array(off + size);
    bytes.set(this.kconfigBytes);
    if (value !== undefined) bytes.set(encodeKconfig(btf, v.type, value, this.elf.bigEndian, sym.name, loc), off);
    this.kconfigBytes = bytes;
    this.kconfigOffsets.set(sym.name, off);
    if (this.kconfigMap === undefined) {
      this.kconfigMap = this.maps.length;
      const m = emptyMap('.kconfig', '.kconfig', 'rodata');
      m.type = BPF_MAP_TYPE_ARRAY;
      m.keySize = 4;
      m.maxEntries = 1;
      m.flags = BPF_F_MMAPABLE | BPF_F_RDONLY_PROG;
      m.freeze = true;
      m.valueTypeId = ds!.id;
      this.maps.push(m);
    }
    const m = this.maps[this.kconfigMap]!;
    m.valueSize = bytes.length;
    m.contents = [{ key: 0, value: bytes }];
    return off;
  }

  checkUniqueName(name: string, section: string): void {
    if (this.maps.some((m) => m.name === name)) throw new BpfError('EEXIST', `map '${name}' is defined twice`, this.where(section));
  }

  /** externs declared in .kconfig/.ksyms DATASECs: named by BTF, resolved by relocation */
  externKind(sym: ElfSymbol): ExternRef['kind'] {
    const btf = this.btf;
    if (btf) {
      for (const name of ['.kconfig', '.ksyms']) {
        const ds = btf.find(name, BTF_KIND_DATASEC);
        if (ds && ds.kind === BTF_KIND_DATASEC) {
          for (const v of ds.vars) {
            const t = btf.types[v.type];
            if (t && t.name === sym.name) return name === '.kconfig' ? 'kconfig' : t.kind === BTF_KIND_FUNC ? 'kfunc' : 'ksym';
          }
        }
      }
      // an extern function outside .ksyms is defined by another object (bpftool gen object)
      if (btf.find(sym.name, BTF_KIND_FUNC)) return 'func';
    }
    return sym.type === STT_FUNC ? 'func' : 'symbol';
  }

  // ---- functions ----

  collectFunctions(): void {
    const elf = this.elf;
    for (const sec of elf.sections) {
      if (!(sec.flags & SHF_EXECINSTR) || sec.type !== SHT_PROGBITS || sec.size === 0) continue;
      if (sec.size % 8 !== 0) throw new BpfError('EINVAL', `section ${sec.name} size ${sec.size} is not a multiple of 8`, this.where(sec.name, { offset: sec.offset }));
      let all: Instruction[];
      try {
        all = decodeInstructions(sec.data, { bigEndian: elf.bigEndian });
      } catch (e) {
        if (e instanceof BpfError) throw new BpfError(e.errno, e.reason, this.where(sec.name, { insn: e.where.insn, offset: e.where.insn !== undefined ? sec.offset + e.where.insn * 8 : undefined }));
        throw e;
      }
      // slot of each decoded instruction
      const slotOf: number[] = [];
      let s = 0;
      for (const i of all) {
        slotOf.push(s);
        s += i.code === LDDW ? 2 : 1;
      }
      const syms = elf.symbols
        .filter((x) => x.shndx === sec.index && x.type === STT_FUNC)
        .sort((a, b) => a.value - b.value);
      const isText = sec.name === '.text';
      const entries: { name: string; offset: number; bind: number; size: number }[] = [];
      for (const x of syms) {
        if (x.value % 8 !== 0 || x.value >= sec.size) throw new BpfError('EINVAL', `function '${x.name}' at offset ${x.value} is not an instruction in ${sec.name}`, this.where(sec.name, { offset: sec.offset + Math.min(x.value, sec.size) }));
        if (entries.length && entries[entries.length - 1]!.offset === x.value) {
          throw new BpfError('EINVAL', `functions '${entries[entries.length - 1]!.name}' and '${x.name}' start at the same offset ${x.value}`, this.where(sec.name));
        }
        entries.push({ name: x.name, offset: x.value, bind: x.bind, size: x.size });
      }
      if (entries.length === 0) entries.push({ name: isText ? '.text' : sec.name, offset: 0, bind: 1, size: 0 });
      if (entries[0]!.offset !== 0) throw new BpfError('EINVAL', `code at the start of ${sec.name} belongs to no function symbol`, this.where(sec.name, { offset: sec.offset }));
      const list: Func[] = [];
      let k = 0;
      for (let e = 0; e < entries.length; e++) {
        const start = entries[e]!.offset;
        // a function is st_size bytes, as libbpf bpf_object__add_programs takes it: code after it
        // that no symbol names (the weak definitions `bpftool gen object` / the linker kept but
        // another object's strong one replaced) belongs to nothing. Size 0 (hand-written
        // assembly): up to the next function.
        const next = e + 1 < entries.length ? entries[e + 1]!.offset : sec.size;
        const sized = entries[e]!.size;
        const end = sized > 0 && start + sized < next ? start + sized : next;
        while (k < all.length && slotOf[k]! * 8 < start) k++;
        if (k < all.length && slotOf[k]! * 8 !== start) throw new BpfError('EINVAL', `function '${entries[e]!.name}' starts inside an lddw`, this.where(sec.name, { offset: sec.offset + start }));
        const insns: Instruction[] = [];
        const slots: number[] = [];
        while (k < all.length && slotOf[k]! * 8 < end) {
          insns.push(all[k]!);
          slots.push(slotOf[k]! - start / 8);
          k++;
        }
        list.push({ name: entries[e]!.name, sec, offset: start, size: end - start, insns, slots, isProgram: !isText, bind: entries[e]!.bind, relos: new Map() });
      }
      this.funcs.set(sec.index, list);
    }
  }

  /** the function of section `sec` starting exactly at byte `off` */
  funcAt(sec: number, off: number, what: string, loc: ErrorLocation): Func {
    const fs = this.funcs.get(sec);
    const f = fs?.find((x) => x.offset === off);
    if (!f) {
      const secName = this.elf.sections[sec]?.name ?? `#${sec}`;
      throw new BpfError('EINVAL', `${what} targets offset ${off} of ${secName}, which is not the start of a function`, loc);
    }
    return f;
  }

  /** map each instruction's relocation to what it refers to (bpf_program__record_reloc) */
  resolveRelocations(f: Func): void {
    const elf = this.elf;
    const secName = f.sec.name;
    const relos = elf.relocationsFor(f.sec.index).filter((r) => r.offset >= f.offset && r.offset < f.offset + f.size);
    if (relos.length === 0 && !f.insns.some((i) => i.code === (BPF_JMP | BPF_CALL) && i.src === BPF_PSEUDO_CALL)) return;
    // instruction index by slot
    const bySlot = new Map<number, number>();
    f.slots.forEach((s, i) => bySlot.set(s, i));
    for (const r of relos) {
      const rel = r.offset - f.offset;
      const idx = bySlot.get(rel / 8);
      const loc = this.where(secName, { insn: (r.offset / 8), offset: f.sec.offset + r.offset });
      if (rel % 8 !== 0 || idx === undefined) throw new BpfError('EINVAL', `relocation at offset ${r.offset} is not at an instruction boundary`, loc);
      if (r.type === R_BPF_NONE) continue;
      const insn = f.insns[idx]!;
      const sym = elf.symbols[r.symbol]!;
      f.relos.set(idx, this.classify(f, insn, r, sym, loc));
    }
    // calls without relocations: local to the section (clang resolves them itself sometimes)
    f.insns.forEach((insn, idx) => {
      if (insn.code !== (BPF_JMP | BPF_CALL) || insn.src !== BPF_PSEUDO_CALL || f.relos.has(idx)) return;
      const loc = this.where(secName, { insn: f.offset / 8 + f.slots[idx]!, offset: f.sec.offset + f.offset + f.slots[idx]! * 8 });
      const targetOff = f.offset + (f.slots[idx]! + insn.imm + 1) * 8;
      f.relos.set(idx, { kind: 'call', target: this.funcAt(f.sec.index, targetOff, 'bpf-to-bpf call', loc) });
    });
  }

  classify(f: Func, insn: Instruction, r: ElfRelocation, sym: ElfSymbol, loc: ErrorLocation): Relo {
    const elf = this.elf;
    const isCall = insn.code === (BPF_JMP | BPF_CALL);
    const isLddw = insn.code === LDDW;
    if (r.type === R_BPF_64_ABS64 || r.type === R_BPF_64_ABS32 || r.type === R_BPF_64_NODYLD32) {
      throw new BpfError('EINVAL', `relocation type ${r.type} (data relocation) against '${sym.name}' is not valid in program code`, loc);
    }
    if (r.type !== R_BPF_64_64 && r.type !== R_BPF_64_32) throw new BpfError('EINVAL', `unknown relocation type ${r.type} against '${sym.name}'`, loc);
    if (sym.shndx === SHN_UNDEF) {
      if (!sym.name) throw new BpfError('EINVAL', 'relocation against an undefined, unnamed symbol', loc);
      const ext = this.externKind(sym);
      if (isCall && ext !== 'kfunc' && ext !== 'func') throw new BpfError('EINVAL', `call to extern '${sym.name}', which is a ${ext}, not a function`, loc);
      if (!isCall && !isLddw) throw new BpfError('EINVAL', `extern '${sym.name}' referenced by an instruction that is neither lddw nor call`, loc);
      if (ext === 'kconfig' && isLddw) {
        const off = this.kconfigSlot(sym, loc);
        if (off !== undefined) return { kind: 'mapValue', map: this.kconfigMap!, off: off + insn.imm };
      }
      return { kind: 'extern', name: sym.name, ext, weak: sym.bind === STB_WEAK };
    }
    if (sym.shndx >= elf.sections.length) throw new BpfError('EINVAL', `relocation against '${sym.name}' in special section ${sym.shndx}`, loc);
    const target = elf.sections[sym.shndx]!;
    if (isCall) {
      if (r.type !== R_BPF_64_32) throw new BpfError('EINVAL', `call relocated with type ${r.type}, expected R_BPF_64_32`, loc);
      if (insn.src !== BPF_PSEUDO_CALL) throw new BpfError('EINVAL', `relocation against '${sym.name}' on a helper call (src ${insn.src})`, loc);
      if (!(target.flags & SHF_EXECINSTR)) throw new BpfError('EINVAL', `call to '${sym.name}' in non-executable section ${target.name}`, loc);
      // sym.value + (imm + 1) slots covers both FUNC symbols (imm = -1) and section symbols
      const off = sym.value + (insn.imm + 1) * 8;
      return { kind: 'call', target: this.funcAt(sym.shndx, off, `call to '${sym.name || target.name}'`, loc) };
    }
    if (!isLddw) throw new BpfError('EINVAL', `relocation against '${sym.name || target.name}' on an instruction that is not lddw (opcode 0x${insn.code.toString(16)})`, loc);
    if (r.type !== R_BPF_64_64) throw new BpfError('EINVAL', `lddw relocated with type ${r.type}, expected R_BPF_64_64`, loc);
    if (target.flags & SHF_EXECINSTR) {
      // address of a function (callback for bpf_loop, for_each_map_elem...): libbpf RELO_SUBPROG_ADDR
      const off = sym.value + insn.imm;
      return { kind: 'funcAddr', target: this.funcAt(sym.shndx, off, `function address '${sym.name || target.name}'`, loc) };
    }
    const mapsAt = this.mapsAt.get(sym.shndx);
    if (mapsAt) {
      const off = sym.type === STT_SECTION ? insn.imm : sym.value;
      const m = mapsAt.get(off);
      if (m === undefined) throw new BpfError('EINVAL', `relocation against ${target.name}+${off} ('${sym.name}') names no map`, loc);
      if (sym.type !== STT_SECTION && sym.bind === STB_LOCAL && target.name === LEGACY_MAPS_SEC) {
        throw new BpfError('ENOTSUPP', `map '${sym.name}': static maps are not supported`, loc);
      }
      return { kind: 'map', map: m };
    }
    if (sym.shndx === this.arenaShndx) {
      // bpf_program__record_reloc, arena data: the arena map's value at the variable's offset
      // (the kernel's lddw gives user_vm_start + off, a plain number until addr_space_cast)
      return { kind: 'mapValue', map: this.arenaMap, off: sym.value + insn.imm };
    }
    const dm = this.dataMap.get(sym.shndx);
    if (dm !== undefined) {
      const off = sym.value + insn.imm;
      const size = this.maps[dm]!.valueSize;
      if (off < 0 || off >= Math.max(size, 1)) throw new BpfError('EINVAL', `reference to ${target.name}+${off} is outside the ${size}-byte section`, loc);
      return { kind: 'mapValue', map: dm, off };
    }
    if (dataOrigin(target.name) && target.size === 0) throw new BpfError('EINVAL', `reference to empty data section ${target.name}`, loc);
    throw new BpfError('EINVAL', `relocation against '${sym.name || target.name}' in section ${target.name}, which is neither a map nor a data section`, loc);
  }

  // ---- linking (bpf_object__reloc_code) ----

  link(entry: Func): ProgramSpec {
    const out: Instruction[] = [];
    let slots = 0;
    const placed = new Map<Func, number>();
    const functions: ProgramSpec['functions'] = [];
    const funcInfo: ProgramFuncInfo[] = [];
    const lineInfo: ProgramLineInfo[] = [];
    const coreRelos: ProgramCoreRelo[] = [];
    const externs: ExternRef[] = [];
    const mapIndices = new Set<number>();
    const relocated = new Set<number>();
    const ext = this.btfExt;

    const place = (f: Func): number => {
      const start = slots;
      placed.set(f, start);
      functions.push({ name: f.name, section: f.sec.name, insn: start });
      const base = out.length;
      for (const i of f.insns) out.push({ ...i });
      slots += f.size / 8;
      this.moveExt(f, start, ext, funcInfo, lineInfo, coreRelos);
      // fix up relocated instructions; appending callees may recurse
      f.insns.forEach((_, k) => {
        const r = f.relos.get(k);
        if (!r) return;
        const insn = out[base + k]!;
        const at = start + f.slots[k]!;
        switch (r.kind) {
          case 'map':
            relocated.add(at);
            insn.src = BPF_PSEUDO_MAP_FD;
            insn.imm = r.map;
            insn.imm2 = 0;
            mapIndices.add(r.map);
            break;
          case 'mapValue':
            relocated.add(at);
            insn.src = BPF_PSEUDO_MAP_VALUE;
            insn.imm = r.map;
            insn.imm2 = r.off;
            mapIndices.add(r.map);
            break;
          case 'call': case 'funcAddr': {
            const t = placed.get(r.target) ?? place(r.target);
            insn.imm = t - (at + 1);
            if (r.kind === 'funcAddr') {
              insn.src = BPF_PSEUDO_FUNC;
              insn.imm2 = 0;
            }
            break;
          }
          case 'extern':
            externs.push({ insn: at, name: r.name, kind: r.ext, weak: r.weak });
            if (r.ext === 'kfunc' && insn.code === (BPF_JMP | BPF_CALL)) insn.src = BPF_PSEUDO_KFUNC_CALL;
            break;
        }
      });
      return start;
    };
    place(entry);
    // bpf_object__relocate: the exception callback is appended too, though no call names it
    const exCb = this.exceptionCallback(entry);
    const exceptionCb = exCb ? placed.get(exCb) ?? place(exCb) : undefined;
    // an lddw that names a map by fd without a relocation (hand-written BPF_LD_MAP_FD): libbpf
    // passes the raw fd through, and the kernel's resolve_pseudo_ldimm64 judges it
    const rawMapFds: number[] = [];
    for (let k = 0, at = 0; k < out.length; at += out[k]!.code === LDDW ? 2 : 1, k++) {
      const i = out[k]!;
      if (i.code === LDDW && (i.src === BPF_PSEUDO_MAP_FD || i.src === BPF_PSEUDO_MAP_VALUE) && !relocated.has(at)) rawMapFds.push(at);
    }
    const ownSlots = entry.size / 8;
    const match = findSectionDef(entry.sec.name);
    const def = match?.def;
    funcInfo.sort((a, b) => a.insn - b.insn);
    lineInfo.sort((a, b) => a.insn - b.insn);
    coreRelos.sort((a, b) => a.insn - b.insn);
    return {
      name: entry.name,
      section: entry.sec.name,
      type: def ? def.progType : BPF_PROG_TYPE_UNSPEC,
      expectedAttachType: def ? def.expectedAttachType : 0,
      attachTo: match ? match.attachTo : '',
      flags: def ? (def.flags & SEC_SLEEPABLE ? BPF_F_SLEEPABLE : 0) | (def.flags & SEC_XDP_FRAGS ? BPF_F_XDP_HAS_FRAGS : 0) : 0,
      legacySectionName: match ? match.legacyPrefix : false,
      insns: out,
      ownSlots,
      sectionOffset: entry.offset,
      functions,
      mapIndices: [...mapIndices].sort((a, b) => a - b),
      ...(rawMapFds.length ? { rawMapFds } : {}),
      funcInfo,
      lineInfo,
      coreRelos,
      externs,
      license: this.license,
      kernelVersion: this.kernelVersion,
      ...(exceptionCb !== undefined ? { exceptionCb } : {}),
    };
  }

  /**
   * libbpf bpf_prog_assign_exc_cb: the `.text` function that the entry's `exception_callback:NAME`
   * decl tag (bpf_experimental.h `__exception_cb(NAME)`) names; none when the tag is absent or
   * given twice (the kernel's verifier refuses that: "multiple exception callback tags")
   */
  exceptionCallback(entry: Func): Func | undefined {
    const btf = this.btf;
    if (!btf) return undefined;
    const pfx = 'exception_callback:';
    let found: Func | undefined;
    let n = 0;
    for (const t of btf.types) {
      if (t?.kind !== BTF_KIND_DECL_TAG || t.componentIdx !== -1 || !t.name.startsWith(pfx)) continue;
      const fn = btf.types[t.type];
      if (fn?.kind !== BTF_KIND_FUNC || fn.name !== entry.name) continue;
      const name = t.name.slice(pfx.length);
      if (!name) throw new BpfError('EINVAL', `prog '${entry.name}': exception_callback:<value> decl tag contains empty value`, this.where(entry.sec.name));
      n++;
      const cands = [...this.funcs.values()].flat().filter((f) => !f.isProgram && f.name === name);
      if (!cands.length) throw new BpfError('ENOENT', `prog '${entry.name}': cannot find exception callback '${name}'`, this.where(entry.sec.name));
      if (cands.length > 1) throw new BpfError('EINVAL', `prog '${entry.name}': multiple subprogs with same name as exception callback '${name}'`, this.where(entry.sec.name));
      if (cands[0]!.bind === STB_LOCAL) throw new BpfError('EINVAL', `prog '${entry.name}': exception callback ${name} must be a global non-hidden function`, this.where(entry.sec.name));
      found = cands[0];
    }
    return n === 1 ? found : undefined;
  }

  /** func_info / line_info / CO-RE records of function f, moved to its place in the program */
  moveExt(f: Func, start: number, ext: BtfExt | undefined, funcInfo: ProgramFuncInfo[], lineInfo: ProgramLineInfo[], coreRelos: ProgramCoreRelo[]): void {
    if (!ext) return;
    const lo = f.offset;
    const hi = f.offset + f.size;
    const sec = f.sec.name;
    const toInsn = (off: number, what: string): number => {
      if (off % 8 !== 0) throw new BpfError('EINVAL', `${what} at byte ${off} is not instruction-aligned`, this.where(sec, { offset: off }));
      return start + (off - lo) / 8;
    };
    for (const r of ext.funcInfo.get(sec) ?? []) {
      if (r.insnOff < lo || r.insnOff >= hi) continue;
      const t = this.btf?.types[r.typeId];
      if (!t || t.kind !== BTF_KIND_FUNC) throw new BpfError('EINVAL', `func_info for '${f.name}' refers to BTF type ${r.typeId}, which is not a FUNC`, this.where(sec));
      funcInfo.push({ insn: toInsn(r.insnOff, 'func_info'), typeId: r.typeId, name: t.name });
    }
    for (const r of ext.lineInfo.get(sec) ?? []) {
      if (r.insnOff < lo || r.insnOff >= hi) continue;
      lineInfo.push({ insn: toInsn(r.insnOff, 'line_info'), fileName: r.fileName, line: r.line, lineNum: r.lineNum, column: r.column, fileNameOff: r.fileNameOff, lineOff: r.lineOff });
    }
    for (const r of ext.coreRelos.get(sec) ?? []) {
      if (r.insnOff < lo || r.insnOff >= hi) continue;
      coreRelos.push({ insn: toInsn(r.insnOff, 'CO-RE relocation'), typeId: r.typeId, accessStr: r.accessStr, kind: r.kind });
    }
  }

  checkProgArrayInitialisers(programs: ProgramSpec[]): void {
    // prog-array initialisers must name programs that exist
    for (const m of this.maps) {
      for (const c of m.contents) {
        if ('program' in c && !programs.some((p) => p.name === c.program)) {
          throw new BpfError('EINVAL', `map '${m.name}': 'values'[${c.key}] names '${c.program}', which is not a program`, this.where(m.section));
        }
      }
    }
  }
}

function readLicense(sec: ElfSection): string {
  const d = sec.data;
  let end = d.indexOf(0);
  if (end < 0) end = d.length;
  let s = '';
  for (let k = 0; k < end; k++) s += String.fromCharCode(d[k]!);
  return s;
}

/** read and parse an object file from disk (Node only) */
export async function loadObjectFile(path: string, opts: LoadOptions = {}): Promise<ObjectSpec> {
  const bytes = await readBinaryFile(path);
  return loadObjectSpec(bytes, { file: path, ...opts });
}

/**
 * `args` of a uprobe/uretprobe on a binary built with -g: the function's formal parameters from
 * its DWARF (src/elf/dwarf_info.ts), each read from the register the calling convention passes it
 * in — as bpftrace 0.17 does (src/dwarf_parser.cpp resolve_args: parameter i is argN, never its
 * DWARF location). The args record is the pt_regs context itself, with member i at the offset of
 * argument register i, so `args->name` is a direct context load and `args->p->field` follows the
 * pointer in user memory.
 */
import { nodeFs } from '../../kernel/system.js';
import { readElf } from '../../elf/reader.js';
import { debugFileCandidates, debugLink, crc32 } from '../../elf/debug_file.js';
import { readDwarfInfo, findSubprogram, formalParameters, DW_TAG, DW_AT, DW_ATE_signed, DW_ATE_signed_char, type Die, type DwarfInfo, type DwoLoader, type DwpLoader } from '../../elf/dwarf_info.js';
import { ScriptError } from './errors.js';
import type { Loc } from './ast.js';
import type { CType, CMember } from './types.js';
import { ptRegs } from './codegen.js';

const VOID: CType = { kind: 'void', name: 'void', size: 0 };
const files = new Map<string, DwarfInfo | undefined>();

function dwarfOf(path: string, loc: Loc): DwarfInfo | undefined {
  if (files.has(path)) return files.get(path);
  let d: DwarfInfo | undefined;
  try {
    const elf = readElf(new Uint8Array(nodeFs().readFileSync(path)), { file: path });
    d = readDwarfInfo(elf, path, dwoLoader(path), dwpLoader(path)) ?? separateDwarf(path, elf);
  } catch (e) {
    throw new ScriptError(`${path}: cannot read its DWARF: ${(e as Error).message}`, loc, 'EINVAL');
  }
  files.set(path, d);
  return d;
}

/**
 * Where a split unit's `.dwo` file is (`-gsplit-dwarf`): its DW_AT_dwo_name as given when
 * absolute, else under the unit's DW_AT_comp_dir, then next to the binary (a build tree moved
 * with its .dwo files) — the places libdw tries for bpftrace (libdw_find_split_unit.c).
 */
function dwoLoader(binary: string): DwoLoader {
  return (name, compDir) => {
    const dir = binary.includes('/') ? binary.slice(0, binary.lastIndexOf('/')) || '/' : '.';
    const cands = name.startsWith('/') ? [name] : [...(compDir ? [`${compDir}/${name}`] : []), `${dir}/${name}`];
    for (const file of cands) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(nodeFs().readFileSync(file));
      } catch {
        continue;
      }
      return { elf: readElf(bytes, { file }), file };
    }
    return undefined;
  };
}

/**
 * A DWARF package of the binary's split units (`llvm-dwp -e BINARY -o BINARY.dwp`): BINARY.dwp
 * beside it, where gdb and libdw (elfutils >= 0.191) look; asked before the .dwo files.
 */
function dwpLoader(binary: string): DwpLoader {
  return () => {
    const file = `${binary}.dwp`;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(nodeFs().readFileSync(file));
    } catch {
      return undefined;
    }
    return { elf: readElf(bytes, { file }), file };
  };
}

/**
 * A stripped binary's DWARF in a separate file (src/elf/debug_file.ts: by build ID under
 * /usr/lib/debug, or by .gnu_debuglink), as libdw finds it for bpftrace: a build-ID file is
 * the binary's by its name; a debuglink file must have the link's CRC32.
 */
function separateDwarf(path: string, elf: ReturnType<typeof readElf>): DwarfInfo | undefined {
  const link = debugLink(elf);
  for (const cand of debugFileCandidates(path, elf)) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(nodeFs().readFileSync(cand));
    } catch {
      continue;
    }
    if (!cand.includes('/.build-id/') && link && crc32(bytes) !== link.crc) continue;
    const d = readDwarfInfo(readElf(bytes, { file: cand }), cand);
    if (d) return d;
  }
  return undefined;
}

/** C types of DWARF type DIEs, memoised per DIE (pointers first, so recursive structs end) */
class DwarfTypes {
  private memo = new Map<number, CType>();
  constructor(readonly d: DwarfInfo) {}

  ref(die: Die): CType {
    const t = die.attrs.get(DW_AT.type);
    return typeof t === 'number' ? this.of(t) : VOID;
  }

  of(off: number): CType {
    const hit = this.memo.get(off);
    if (hit) return hit;
    const die = this.d.byOffset.get(off);
    if (!die) return VOID;
    const name = String(die.attrs.get(DW_AT.name) ?? '');
    const size = Number(die.attrs.get(DW_AT.byte_size) ?? 0);
    let ct: CType;
    switch (die.tag) {
      case DW_TAG.base_type: {
        const enc = Number(die.attrs.get(DW_AT.encoding) ?? 0);
        ct = { kind: enc === 0x04 ? 'float' : 'int', name, size, signed: enc === DW_ATE_signed || enc === DW_ATE_signed_char };
        break;
      }
      case DW_TAG.pointer_type: {
        const p: CType = { kind: 'ptr', name: '', size: 8 };
        this.memo.set(off, p);
        p.elem = this.ref(die);
        p.name = `${p.elem.name}*`;
        return p;
      }
      case DW_TAG.const_type: case DW_TAG.volatile_type: {
        // named as bpftrace 0.17 names them: `const char`, a const pointer `char* const`, and
        // volatile (which its DWARF parser does not know) `<unknown type>`
        const under = this.ref(die);
        const name = die.tag === DW_TAG.volatile_type ? '<unknown type>' : under.kind === 'ptr' ? `${under.name} const` : `const ${under.name}`;
        ct = { ...under, name };
        break;
      }
      case DW_TAG.restrict_type: case DW_TAG.atomic_type: ct = this.ref(die); break;
      case DW_TAG.typedef: {
        const under = this.ref(die);
        ct = { ...under, name };
        break;
      }
      case DW_TAG.structure_type: case DW_TAG.union_type: {
        const kw = die.tag === DW_TAG.structure_type ? 'struct' : 'union';
        let members: CMember[] | undefined;
        ct = {
          kind: kw, name: `${kw} ${name}`, size,
          members: () => (members ??= die.children.filter((c) => c.tag === DW_TAG.member).map((m) => {
            const bitOff = m.attrs.get(DW_AT.data_bit_offset);
            const byteOff = Number(m.attrs.get(DW_AT.data_member_location) ?? 0);
            const cm: CMember = { name: String(m.attrs.get(DW_AT.name) ?? ''), offset: typeof bitOff === 'number' ? Math.floor(bitOff / 8) : byteOff, type: this.ref(m) };
            const bits = m.attrs.get(DW_AT.bit_size);
            if (typeof bits === 'number' && typeof bitOff === 'number') {
              cm.bitShift = bitOff % 8;
              cm.bitSize = bits;
            }
            return cm;
          })),
        };
        break;
      }
      case DW_TAG.array_type: {
        const elem = this.ref(die);
        const sub = die.children.find((c) => c.tag === DW_TAG.subrange_type);
        const count = sub?.attrs.get(DW_AT.count);
        const upper = sub?.attrs.get(DW_AT.upper_bound);
        const len = typeof count === 'number' ? count : typeof upper === 'number' ? upper + 1 : 0;
        ct = { kind: 'array', name: `${elem.name}[${len}]`, size: elem.size * len, elem, len };
        break;
      }
      case DW_TAG.enumeration_type: ct = { kind: 'enum', name: `enum ${name}`, size: size || 4, signed: true }; break;
      case DW_TAG.subroutine_type: ct = { kind: 'func', name: 'func', size: 8 }; break;
      default: ct = VOID;
    }
    this.memo.set(off, ct);
    return ct;
  }
}

export interface UprobeArgs {
  /** the parameters in order, as `-lv` lists them */
  params: { name: string; type: CType }[];
  /** `args`: pt_regs with member i at argument register i */
  argsType: CType;
}

const memo = new Map<string, UprobeArgs>();

/** the `args` record of function `fn` in `path`; ScriptError when the file has no DWARF for it */
export function uprobeArgs(path: string, fn: string, loc: Loc): UprobeArgs {
  const key = `${path}\0${fn}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const d = dwarfOf(path, loc);
  if (!d) throw new ScriptError(`${path} has no DWARF debug information (.debug_info): uprobe args need a binary built with -g`, loc, 'ENOENT');
  const sub = findSubprogram(d, fn);
  if (!sub) {
    const missing = d.missingDwo?.length ? ` (split DWARF: ${d.missingDwo.slice(0, 3).join(', ')}${d.missingDwo.length > 3 ? ', ...' : ''} not found)` : '';
    throw new ScriptError(`${path}: no DWARF information for function '${fn}'${missing}`, loc, 'ENOENT');
  }
  const types = new DwarfTypes(d);
  const params = formalParameters(d, sub).map((p, i) => ({ name: String(p.attrs.get(DW_AT.name) ?? `arg${i}`), type: types.ref(p) }));
  const regs = ptRegs().args;
  let members: CMember[] | undefined;
  const argsType: CType = {
    kind: 'struct', name: `struct uprobe_${fn}_args`, size: 8 * 21,
    members: () => (members ??= params.flatMap((p, i) => {
      // arguments past the registers (stack-passed) are not in args, as bpftrace 0.17 leaves them out
      const off = regs[i];
      if (off === undefined || p.type.kind === 'struct' || p.type.kind === 'union' || p.type.size > 8) return [];
      return [{ name: p.name, offset: off, type: p.type }];
    })),
  };
  const out = { params, argsType };
  memo.set(key, out);
  return out;
}

/**
 * USDT probes (SystemTap's <sys/sdt.h> "statically defined tracing") of a user-space binary or
 * shared library: the `.note.stapsdt` notes (one per call site: provider, name, the site's
 * address, the `.stapsdt.base` address it was linked against, the semaphore's address, and the
 * argument spec string such as `-4@%edi 8@-16(%rbp)`), turned into what a uprobe needs — the file
 * offset of the site and of its semaphore — and into the argument specs libbpf's usdt.bpf.h reads
 * (`struct __bpf_usdt_spec`). The model is libbpf's tools/lib/bpf/usdt.c: parse_usdt_note,
 * collect_usdt_targets (prelink compensation through `.stapsdt.base`, virtual address → file
 * offset through the PT_LOAD segment holding it), parse_usdt_arg and calc_pt_regs_off.
 */
import { nodeFs } from './system.js';
import { BpfError } from '../isa/errors.js';
import { readElf, SHT_NOTE, ET_DYN, type ElfFile } from '../elf/reader.js';

/** NT_STAPSDT, the note type <sys/sdt.h> emits under the owner name "stapsdt" */
const NT_STAPSDT = 3;
const PT_LOAD = 1;
const PF_X = 1;

/** enum __bpf_usdt_arg_type (usdt.bpf.h) */
export const BPF_USDT_ARG_CONST = 0;
export const BPF_USDT_ARG_REG = 1;
export const BPF_USDT_ARG_REG_DEREF = 2;
/** BPF_USDT_MAX_ARG_CNT (usdt.bpf.h) */
export const BPF_USDT_MAX_ARG_CNT = 12;

/** one argument of a USDT site: where its value is (struct __bpf_usdt_arg_spec) */
export interface UsdtArg {
  /** BPF_USDT_ARG_CONST | BPF_USDT_ARG_REG | BPF_USDT_ARG_REG_DEREF */
  type: number;
  /** the constant (CONST) or the offset added to the register (REG_DEREF) */
  valOff: bigint;
  /** offsetof(struct pt_regs, REG) */
  regOff: number;
  /** the register as the note names it ('rdi', 'edi'), '' for a constant */
  reg: string;
  /** size in bytes: 1, 2, 4 or 8 */
  size: number;
  signed: boolean;
  /** 64 - size*8: the bits cleared (or sign-extended) to widen the value to 64 bits */
  bitshift: number;
}

/** one call site of a USDT probe */
export interface UsdtSite {
  provider: string;
  name: string;
  /** the site's virtual address in the file's layout, after `.stapsdt.base` compensation */
  absIp: number;
  /** the file offset the uprobe takes */
  fileOffset: number;
  /** the semaphore's file offset (uprobe ref_ctr_offset), 0 if the probe has none */
  semaOffset: number;
  /** the semaphore's address as the note gives it (0: none) */
  semaAddr: number;
  /** the argument spec string of the note, e.g. `-4@%edi 8@-16(%rbp)` */
  argStr: string;
  args: UsdtArg[];
  /** why `argStr` did not parse (the site is listed but cannot be attached with arguments) */
  argError?: string;
}

interface Segment {
  start: number;
  end: number;
  offset: number;
  exec: boolean;
}

/** the PT_LOAD program headers (libbpf parse_elf_segs) */
function loadSegments(elf: ElfFile): Segment[] {
  const b = elf.bytes;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = !elf.bigEndian;
  const phoff = Number(dv.getBigUint64(32, le));
  const phentsize = dv.getUint16(54, le);
  const phnum = dv.getUint16(56, le);
  const out: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (p + 56 > b.length) break;
    if (dv.getUint32(p, le) !== PT_LOAD) continue;
    const vaddr = Number(dv.getBigUint64(p + 16, le));
    out.push({ start: vaddr, end: vaddr + Number(dv.getBigUint64(p + 40, le)), offset: Number(dv.getBigUint64(p + 8, le)), exec: (dv.getUint32(p + 4, le) & PF_X) !== 0 });
  }
  return out;
}

/** struct pt_regs offsets (arch/x86/include/asm/ptrace.h), each with the names of its sub-registers */
const X86_64_REGS: [number, string[]][] = [
  [128, ['rip', 'eip']], [80, ['rax', 'eax', 'ax', 'al']], [40, ['rbx', 'ebx', 'bx', 'bl']], [88, ['rcx', 'ecx', 'cx', 'cl']],
  [96, ['rdx', 'edx', 'dx', 'dl']], [104, ['rsi', 'esi', 'si', 'sil']], [112, ['rdi', 'edi', 'di', 'dil']], [32, ['rbp', 'ebp', 'bp', 'bpl']],
  [152, ['rsp', 'esp', 'sp', 'spl']], [72, ['r8', 'r8d', 'r8w', 'r8b']], [64, ['r9', 'r9d', 'r9w', 'r9b']], [56, ['r10', 'r10d', 'r10w', 'r10b']],
  [48, ['r11', 'r11d', 'r11w', 'r11b']], [24, ['r12', 'r12d', 'r12w', 'r12b']], [16, ['r13', 'r13d', 'r13w', 'r13b']], [8, ['r14', 'r14d', 'r14w', 'r14b']],
  [0, ['r15', 'r15d', 'r15w', 'r15b']],
];
const X86_REG_OFF = new Map<string, number>(X86_64_REGS.flatMap(([off, names]) => names.map((n) => [n, off] as [string, number])));

/** offsetof(struct pt_regs / user_pt_regs, REG) for the machine the probe runs on (libbpf calc_pt_regs_off) */
export function ptRegsOffset(reg: string, arch: string = process.arch): number | undefined {
  if (arch === 'x64') return X86_REG_OFF.get(reg);
  if (arch === 'arm64') {
    // struct user_pt_regs { u64 regs[31]; u64 sp; u64 pc; u64 pstate; }
    const m = /^x(\d+)$/.exec(reg);
    if (m && Number(m[1]) < 31) return Number(m[1]) * 8;
    return reg === 'sp' ? 248 : undefined;
  }
  return undefined;
}

/**
 * One argument spec (libbpf parse_usdt_arg). x86-64: `N@%reg`, `N@OFF(%reg)`, `N@(%reg)`,
 * `N@$CONST`; arm64: `N@xR`, `N@[xR, OFF]`, `N@[xR]`, `N@CONST`. N is the size in bytes, negative
 * for a signed value.
 */
export function parseUsdtArg(text: string, arch: string = process.arch): UsdtArg {
  let m: RegExpExecArray | null;
  let size: number;
  let type: number;
  let reg = '';
  let off = 0n;
  const num = String.raw`(-?\d+)\s*@\s*`;
  const x86 = arch === 'x64';
  if (x86 && (m = new RegExp(`^${num}(-?\\d+)?\\s*\\(\\s*%(\\w+)\\s*\\)$`).exec(text))) {
    [size, off, reg, type] = [Number(m[1]), BigInt(m[2] ?? 0), m[3]!, BPF_USDT_ARG_REG_DEREF];
  } else if (x86 && (m = new RegExp(`^${num}%(\\w+)$`).exec(text))) {
    [size, reg, type] = [Number(m[1]), m[2]!, BPF_USDT_ARG_REG];
  } else if (x86 && (m = new RegExp(`^${num}\\$(-?\\d+)$`).exec(text))) {
    [size, off, type] = [Number(m[1]), BigInt(m[2]!), BPF_USDT_ARG_CONST];
  } else if (!x86 && (m = new RegExp(`^${num}\\[\\s*(\\w+)\\s*(?:,\\s*(-?\\d+)\\s*)?\\]$`).exec(text))) {
    [size, reg, off, type] = [Number(m[1]), m[2]!, BigInt(m[3] ?? 0), BPF_USDT_ARG_REG_DEREF];
  } else if (!x86 && (m = new RegExp(`^${num}(-?\\d+)$`).exec(text))) {
    [size, off, type] = [Number(m[1]), BigInt(m[2]!), BPF_USDT_ARG_CONST];
  } else if (!x86 && (m = new RegExp(`^${num}([a-z]\\w*)$`).exec(text))) {
    [size, reg, type] = [Number(m[1]), m[2]!, BPF_USDT_ARG_REG];
  } else {
    throw new BpfError('EINVAL', `unrecognized USDT argument spec '${text}' (${x86 ? 'N@%REG, N@OFF(%REG) or N@$CONST' : 'N@REG, N@[REG, OFF] or N@CONST'} expected)`);
  }
  const bytes = Math.abs(size);
  if (![1, 2, 4, 8].includes(bytes)) throw new BpfError('EINVAL', `USDT argument spec '${text}': size ${size} is not 1, 2, 4 or 8 bytes`);
  let regOff = 0;
  if (type !== BPF_USDT_ARG_CONST) {
    const o = ptRegsOffset(reg, arch);
    if (o === undefined) throw new BpfError('EINVAL', `USDT argument spec '${text}': unrecognized register '${reg}' for ${arch}`);
    regOff = o;
  }
  return { type, valOff: off, regOff, reg, size: bytes, signed: size < 0, bitshift: 64 - bytes * 8 };
}

/** the arguments of a note's spec string (libbpf parse_usdt_spec) */
export function parseUsdtArgs(argStr: string, arch: string = process.arch): UsdtArg[] {
  const parts = argStr.trim() ? argStr.trim().split(/\s+(?=-?\d+\s*@)/) : [];
  if (parts.length > BPF_USDT_MAX_ARG_CNT) throw new BpfError('E2BIG', `USDT argument spec '${argStr}' has ${parts.length} arguments, more than ${BPF_USDT_MAX_ARG_CNT} (BPF_USDT_MAX_ARG_CNT)`);
  return parts.map((p) => parseUsdtArg(p, arch));
}

export interface UsdtFile {
  path: string;
  /** ET_DYN: a shared library or PIE executable (the runtime address differs from absIp) */
  dyn: boolean;
  sites: UsdtSite[];
}

const cache = new Map<string, UsdtFile>();

function cstr(b: Uint8Array, at: number, end: number): [string, number] {
  let e = at;
  while (e < end && b[e] !== 0) e++;
  return [new TextDecoder().decode(b.subarray(at, e)), e + 1];
}

/**
 * Every USDT site of the ELF file at `path` (libbpf collect_usdt_targets, for all providers and
 * names). A site's address is moved by `.stapsdt.base`'s address minus the base the note
 * recorded (prelink relocated the file after the notes were written), then turned into a file
 * offset through the executable PT_LOAD segment holding it; the semaphore likewise through the
 * non-executable segment holding it. Arg specs that do not parse leave `args` empty and
 * `argError` set, so listing works on any binary; attaching such a site fails.
 */
export function usdtSites(path: string): UsdtFile {
  const hit = cache.get(path);
  if (hit) return hit;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(nodeFs().readFileSync(path));
  } catch {
    throw new BpfError('ENOENT', `could not read binary ${path}`);
  }
  const elf = readElf(bytes, { file: path });
  const out: UsdtFile = { path, dyn: elf.type === ET_DYN, sites: [] };
  const notes = elf.section('.note.stapsdt');
  if (notes && notes.type === SHT_NOTE) {
    const base = elf.section('.stapsdt.base')?.addr ?? 0;
    const segs = loadSegments(elf);
    const d = notes.data;
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    const le = !elf.bigEndian;
    const align4 = (n: number) => (n + 3) & ~3;
    for (let p = 0; p + 12 <= d.length;) {
      const namesz = dv.getUint32(p, le);
      const descsz = dv.getUint32(p + 4, le);
      const type = dv.getUint32(p + 8, le);
      const nameAt = p + 12;
      const descAt = nameAt + align4(namesz);
      const next = descAt + align4(descsz);
      if (next > d.length) throw new BpfError('EINVAL', `${path}: truncated .note.stapsdt note at offset ${p}`);
      p = next;
      if (type !== NT_STAPSDT || cstr(d, nameAt, nameAt + namesz)[0] !== 'stapsdt' || descsz < 24 + 3) continue;
      const loc = Number(dv.getBigUint64(descAt, le));
      const noteBase = Number(dv.getBigUint64(descAt + 8, le));
      const sema = Number(dv.getBigUint64(descAt + 16, le));
      const end = descAt + descsz;
      const [provider, a] = cstr(d, descAt + 24, end);
      const [name, b] = cstr(d, a, end);
      const [argStr] = cstr(d, b, end);
      const absIp = base ? loc + base - noteBase : loc;
      const seg = segs.find((s) => s.start <= absIp && absIp < s.end);
      const where = `USDT ${provider}:${name} in ${path}`;
      if (!seg) throw new BpfError('ESRCH', `${where}: no ELF program segment holds its address 0x${absIp.toString(16)}`);
      if (!seg.exec) throw new BpfError('ESRCH', `${where}: the segment holding its address 0x${absIp.toString(16)} is not executable`);
      let semaOffset = 0;
      if (sema) {
        const ss = segs.find((s) => s.start <= sema && sema < s.end);
        if (!ss || ss.exec) throw new BpfError('ESRCH', `${where}: its semaphore at 0x${sema.toString(16)} lies in no writable loadable segment`);
        semaOffset = sema - ss.start + ss.offset;
      }
      let args: UsdtArg[] = [];
      let argError: string | undefined;
      try {
        args = parseUsdtArgs(argStr);
      } catch (e) {
        argError = e instanceof BpfError ? e.reason : String(e);
      }
      out.sites.push({ provider, name, absIp, fileOffset: absIp - seg.start + seg.offset, semaOffset, semaAddr: sema, argStr, args, ...(argError ? { argError } : {}) });
    }
  }
  cache.set(path, out);
  return out;
}

/** the sites of PROVIDER:NAME (provider '' or '*' matches any, as bpftrace's `usdt:PATH:NAME`) */
export function findUsdt(path: string, provider: string, name: string): UsdtSite[] {
  return usdtSites(path).sites.filter((s) => (provider === '' || provider === '*' || s.provider === provider) && s.name === name);
}

/**
 * `bpftool prog dump xlated` output for a loaded program's instructions: the function header from
 * BTF func_info (`int xdp_firewall(struct xdp_md * ctx):`), `; source` comments from BTF line_info
 * before the instructions they cover, and each instruction in the verifier log's syntax
 * (kernel/bpf/disasm.c). Formats follow tools/bpf/bpftool/xlated_dumper.c (dump_xlated_plain,
 * dump_xlated_json) and btf_dumper.c (btf_dump_linfo_plain/json, __btf_dumper_type_only).
 */
import { createHash } from 'node:crypto';
import type { Btf } from '../../btf/btf.js';
import {
  BTF_KIND_CONST, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_FLOAT, BTF_KIND_FUNC, BTF_KIND_FUNC_PROTO, BTF_KIND_FWD,
  BTF_KIND_INT, BTF_KIND_PTR, BTF_KIND_RESTRICT, BTF_KIND_STRUCT, BTF_KIND_TYPEDEF, BTF_KIND_TYPE_TAG, BTF_KIND_UNION,
  BTF_KIND_VOLATILE, BTF_KIND_ARRAY,
} from '../../btf/types.js';
import { disassembleLines } from '../../asm/disasm.js';
import { type Instruction, encodeInstructions, slotIndices } from '../../isa/instruction.js';
import { BPF_CALL, BPF_JMP, BPF_LD, BPF_IMM, BPF_DW, BPF_PSEUDO_CALL, BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE } from '../../isa/opcodes.js';
import type { ProgramLineInfo, ProgramSpec } from '../../elf/spec.js';

export interface XlatedOptions {
  linum?: boolean;
  opcodes?: boolean;
}

/**
 * A type as bpftool's __btf_dumper_type_only prints it: every part followed by a space
 * (`struct xdp_md * `, `const __u16 * `), so that `type + name` reads `struct xdp_md * ctx`.
 */
export function btfTypeOnly(btf: Btf, id: number, depth = 0): string {
  if (id === 0) return 'void ';
  if (depth > 32) return '';
  const t = btf.types[id];
  if (!t) return '';
  switch (t.kind) {
    case BTF_KIND_INT: case BTF_KIND_TYPEDEF: case BTF_KIND_FLOAT: return `${t.name} `;
    case BTF_KIND_STRUCT: return `struct ${t.name} `;
    case BTF_KIND_UNION: return `union ${t.name} `;
    case BTF_KIND_ENUM: case BTF_KIND_ENUM64: return `enum ${t.name} `;
    case BTF_KIND_FWD: return `${t.union ? 'union' : 'struct'} ${t.name} `;
    case BTF_KIND_PTR: return `${btfTypeOnly(btf, t.type, depth + 1)}* `;
    case BTF_KIND_CONST: return `const ${btfTypeOnly(btf, t.type, depth + 1)}`;
    case BTF_KIND_VOLATILE: return `volatile ${btfTypeOnly(btf, t.type, depth + 1)}`;
    case BTF_KIND_RESTRICT: return `restrict ${btfTypeOnly(btf, t.type, depth + 1)}`;
    case BTF_KIND_TYPE_TAG: return btfTypeOnly(btf, t.type, depth + 1);
    case BTF_KIND_ARRAY: return `${btfTypeOnly(btf, t.type, depth + 1)}[${t.nelems}]`;
    case BTF_KIND_FUNC_PROTO: return funcSignature(btf, id, '');
    default: return '';
  }
}

/** bpftool btf_dump_func: `RET NAME(TYPE ARG, ...)` */
function funcSignature(btf: Btf, protoId: number, name: string): string {
  const p = btf.types[protoId];
  if (!p || p.kind !== BTF_KIND_FUNC_PROTO) return `${name}()`;
  let s = `${btfTypeOnly(btf, p.returnType)}${name}(`;
  p.params.forEach((a, i) => {
    if (i) s += ', ';
    if (a.type) {
      s += btfTypeOnly(btf, a.type);
      if (a.name) s += a.name;
      else if (s.endsWith(' ')) s = s.slice(0, -1);
    } else s += '...';
  });
  return s + ')';
}

/** the prototype of a BTF FUNC (`int xdp_firewall(struct xdp_md * ctx)`), as bpftool prints it */
export function funcProto(btf: Btf, funcId: number): string | undefined {
  const f = btf.types[funcId];
  if (!f || f.kind !== BTF_KIND_FUNC) return undefined;
  return funcSignature(btf, f.type, f.name);
}

/**
 * The kernel's program tag (kernel/bpf/core.c bpf_prog_calc_tag): SHA-1 of the instructions with
 * map fds and map value addresses zeroed, first 8 bytes in hex. bpftool names subprogram call
 * targets `bpf_prog_<tag>_<name>` (from the kernel's ksyms).
 */
export function progTag(insns: readonly Instruction[]): string {
  const z = insns.map((i) => (i.code === (BPF_LD | BPF_IMM | BPF_DW) && (i.src === BPF_PSEUDO_MAP_FD || i.src === BPF_PSEUDO_MAP_VALUE)) ? { ...i, imm: 0, imm2: 0 } : i);
  return createHash('sha1').update(encodeInstructions(z)).digest('hex').slice(0, 16);
}

const ltrim = (s: string): string => s.replace(/^\s+/, '');
const hx = (n: number): string => '0x' + n.toString(16).padStart(2, '0');

interface XRow {
  slot: number;
  insn: Instruction;
  bytes: Uint8Array;
  proto?: string;
  linfo?: ProgramLineInfo;
  disasm: string;
}

/** the rows of a dump: one per instruction, with the header and line info that precede it */
function rows(p: ProgramSpec, btf: Btf | undefined): XRow[] {
  const slots = slotIndices(p.insns);
  const bytes = encodeInstructions(p.insns);
  const texts = disassembleLines(p.insns, { syntax: 'kernel', listing: false });
  // subprogram call targets: `call pc+7#bpf_prog_<tag>_<name>` (the kernel's ksym name per function)
  const funcs = [...p.functions].sort((a, b) => a.insn - b.insn);
  const fnAt = new Map<number, string>();
  funcs.forEach((f, k) => {
    const end = k + 1 < funcs.length ? funcs[k + 1]!.insn : Infinity;
    const body = p.insns.filter((_, j) => slots[j]! >= f.insn && slots[j]! < end);
    fnAt.set(f.insn, `bpf_prog_${progTag(body)}_${f.name}`);
  });
  const fiAt = new Map(p.funcInfo.map((f) => [f.insn, f]));
  const out: XRow[] = [];
  let li = 0;
  let prev: ProgramLineInfo | undefined;
  for (let j = 0; j < p.insns.length; j++) {
    const insn = p.insns[j]!;
    const slot = slots[j]!;
    const r: XRow = { slot, insn, bytes: bytes.subarray(slot * 8, slot * 8 + (insn.code === (BPF_LD | BPF_IMM | BPF_DW) ? 16 : 8)), disasm: texts[j]! };
    const fi = fiAt.get(slot);
    if (fi && btf) r.proto = funcProto(btf, fi.typeId);
    // the last line_info record at or before this slot (libbpf bpf_prog_linfo__lfind), printed once
    while (li < p.lineInfo.length && p.lineInfo[li]!.insn <= slot) li++;
    const cur = li > 0 ? p.lineInfo[li - 1] : undefined;
    if (cur && cur !== prev) r.linfo = cur;
    prev = cur;
    if (insn.code === (BPF_JMP | BPF_CALL) && insn.src === BPF_PSEUDO_CALL) {
      const name = fnAt.get(slot + 1 + insn.imm);
      if (name) r.disasm += `#${name}`;
    }
    out.push(r);
  }
  return out;
}

/** the plain-text dump (dump_xlated_plain), with a trailing newline */
export function xlatedText(p: ProgramSpec, btf: Btf | undefined, opts: XlatedOptions = {}): string {
  const lines: string[] = [];
  for (const r of rows(p, btf)) {
    if (r.proto) lines.push(`${r.proto}:`);
    if (r.linfo) {
      let l = `; ${ltrim(r.linfo.line)}`;
      if (opts.linum) l += ` [file:${r.linfo.fileName} line_num:${r.linfo.lineNum} line_col:${r.linfo.column}]`;
      lines.push(l);
    }
    lines.push(`${String(r.slot).padStart(4)}: ${r.disasm}`);
    if (opts.opcodes) lines.push(`       ${[...r.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`);
  }
  return lines.map((l) => l + '\n').join('');
}

/** the JSON dump (dump_xlated_json): an array with one object per instruction */
export function xlatedJson(p: ProgramSpec, btf: Btf | undefined, opts: XlatedOptions = {}): Record<string, unknown>[] {
  return rows(p, btf).map((r) => {
    const o: Record<string, unknown> = {};
    if (r.proto) o.proto = r.proto;
    if (r.linfo) {
      o.src = ltrim(r.linfo.line);
      if (opts.linum) {
        o.file = r.linfo.fileName;
        o.line_num = r.linfo.lineNum;
        o.line_col = r.linfo.column;
      }
    }
    o.disasm = r.disasm;
    if (opts.opcodes) {
      const b = r.bytes;
      o.opcodes = { code: hx(b[0]!), src_reg: '0x' + (b[1]! >> 4).toString(16), dst_reg: '0x' + (b[1]! & 15).toString(16), off: [hx(b[2]!), hx(b[3]!)], imm: [hx(b[4]!), hx(b[5]!), hx(b[6]!), hx(b[7]!)] };
    }
    return o;
  });
}

/**
 * The mutation hunt on real programs (issue 13): every program of a real object that both the
 * running kernel and tsbpf accept is changed one instruction at a time — a bounds or null check
 * flipped, dropped or forced, a jump's constant or offset moved by one, a load or store moved or
 * widened, a register swapped, an instruction or a helper call (bpf_spin_unlock,
 * bpf_ringbuf_submit, ...) dropped, an ALU operation or constant changed — and each mutant is
 * judged by both verifiers. A mutant the kernel's verifier refuses and tsbpf accepts is an unsafe
 * accept. Mutants are byte patches of a copy of the ELF file (one 8-byte slot, never an lddw or
 * an instruction with a relocation), so both sides load exactly the same object: the kernel
 * through tsbpf's kernel loader (object_matrix.ts kernelVerdict), tsbpf through verifyProgram in
 * a worker with a time budget (verify_server.ts).
 *
 *   node dist/test/verifier_checks/real_mutations.js [DIR_OR_OBJECT ...] [--per-program N] [--seed S]
 *        [--budget MS] [--json FILE] [--mutations a,b,...] [--progress] [-v]
 *
 * Without arguments: the real objects (examples/, bench/, cilium-elf, test fixtures). The kernel's
 * selftests objects (scripts/verifier-selftests.sh) can be given as a directory.
 */
import { readFileSync, writeFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as op from '../../src/isa/opcodes.js';
import { readElf } from '../../src/elf/reader.js';
import { loadObjectSpec } from '../../src/elf/index.js';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { Rng } from '../gen/random_program.js';
import { HELPER_NAMES } from '../../src/isa/helper_ids.js';
import { tempDir } from '../temp_dir.js';
import { VerifyServer } from './verify_server.js';
import { kernelVerdict, matrixObjectFiles } from './object_matrix.js';

export const REAL_MUTATIONS = [
  'flip-jump', 'drop-jump', 'force-jump', 'jump-imm', 'jump-off', 'mem-off', 'mem-size',
  'swap-src', 'swap-dst', 'drop-insn', 'drop-call', 'alu-imm', 'alu-op',
  // tenth session: the off-by-one of a bounds check (`>` for `>=`), a comparison or ALU operation
  // at the other width (jmp32/alu32 truncate a pointer or a 64-bit bound), a stack slot moved, a
  // helper argument written into another argument register, the two registers of an operation
  // exchanged (a pointer where the scalar was), a load or store narrowed, a jump moved further
  'jump-strict', 'jmp-width', 'alu-width', 'stack-off', 'arg-reg', 'swap-ops', 'mem-narrow', 'jump-far',
  // the rule families of helper arguments, references, locks and callbacks: a helper called in place of
  // one with a similar prototype (size/pointer/UNINIT arguments, acquire/release, lock/unlock), a
  // callback's or program's `r0 = K` before exit moved out of its range, a cpu v4 instruction
  // (movsx, ldsx, sdiv/smod, neg, bswap) in place of an ALU/load, two neighbouring instructions
  // exchanged, a call (an unlock, a release, a destroy, an iterator's next) moved up to 4
  // instructions, a helper call copied over another instruction (a second release, an unlock
  // outside the region), a kfunc call dropped (with its relocation)
  'helper-id', 'ret-imm', 'cpu-v4', 'swap-next', 'move-call', 'dup-call', 'drop-kfunc',
] as const;
export type RealMutation = (typeof REAL_MUTATIONS)[number];
/** the mutations of several slots (programMutation) */
const MULTI: ReadonlySet<RealMutation> = new Set(['swap-next', 'move-call', 'dup-call', 'drop-kfunc']);
/** register swaps mostly read an uninitialised register (`!read_ok`): drawn half as often */
const DRAW: readonly RealMutation[] = [...REAL_MUTATIONS, ...REAL_MUTATIONS.filter((m) => !m.startsWith('swap-'))];

export interface RealMutant {
  file: string;
  program: string;
  mutation: RealMutation;
  /** instruction index within the program's entry function */
  insn: number;
  /** the 8 bytes before and after, hex */
  before: string;
  after: string;
}

export interface MutantVerdict extends RealMutant {
  kernel: { accepted: boolean; why?: string; verifier: boolean };
  tsbpf: { accepted: boolean; why?: string };
}

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/** the opposite condition of a conditional jump (JSET has none) */
const INVERSE: Record<number, number> = {
  [op.BPF_JEQ]: op.BPF_JNE, [op.BPF_JNE]: op.BPF_JEQ, [op.BPF_JGT]: op.BPF_JLE, [op.BPF_JLE]: op.BPF_JGT,
  [op.BPF_JGE]: op.BPF_JLT, [op.BPF_JLT]: op.BPF_JGE, [op.BPF_JSGT]: op.BPF_JSLE, [op.BPF_JSLE]: op.BPF_JSGT,
  [op.BPF_JSGE]: op.BPF_JSLT, [op.BPF_JSLT]: op.BPF_JSGE,
};
/** the same comparison with or without equality: the off-by-one of a bounds check */
const STRICT: Record<number, number> = {
  [op.BPF_JGT]: op.BPF_JGE, [op.BPF_JGE]: op.BPF_JGT, [op.BPF_JLT]: op.BPF_JLE, [op.BPF_JLE]: op.BPF_JLT,
  [op.BPF_JSGT]: op.BPF_JSGE, [op.BPF_JSGE]: op.BPF_JSGT, [op.BPF_JSLT]: op.BPF_JSLE, [op.BPF_JSLE]: op.BPF_JSLT,
};
/** helpers whose prototypes are alike (kernel/bpf/helpers.c, net/core/filter.c): one called for another */
const HELPER_GROUPS: readonly (readonly number[])[] = [
  ['map_lookup_elem', 'map_update_elem', 'map_delete_elem', 'map_push_elem', 'map_pop_elem', 'map_peek_elem', 'map_lookup_percpu_elem'],
  ['probe_read', 'probe_read_str', 'probe_read_user', 'probe_read_kernel', 'probe_read_user_str', 'probe_read_kernel_str', 'get_current_comm', 'get_stack', 'copy_from_user', 'snprintf_btf'],
  ['spin_lock', 'spin_unlock'],
  ['ringbuf_output', 'ringbuf_reserve', 'ringbuf_submit', 'ringbuf_discard', 'ringbuf_query', 'perf_event_output'],
  ['dynptr_from_mem', 'ringbuf_reserve_dynptr', 'ringbuf_submit_dynptr', 'ringbuf_discard_dynptr', 'dynptr_read', 'dynptr_write', 'dynptr_data'],
  ['sk_lookup_tcp', 'sk_lookup_udp', 'skc_lookup_tcp', 'sk_release', 'sk_fullsock', 'tcp_sock', 'get_listener_sock', 'skc_to_tcp_sock'],
  ['sk_storage_get', 'sk_storage_delete', 'task_storage_get', 'task_storage_delete', 'inode_storage_get', 'cgrp_storage_get', 'cgrp_storage_delete', 'get_local_storage'],
  ['skb_load_bytes', 'skb_store_bytes', 'skb_load_bytes_relative', 'xdp_load_bytes', 'xdp_store_bytes', 'csum_diff'],
  ['xdp_adjust_head', 'xdp_adjust_meta', 'xdp_adjust_tail', 'skb_pull_data', 'skb_change_tail', 'skb_adjust_room'],
  ['ktime_get_ns', 'get_prandom_u32', 'get_smp_processor_id', 'get_current_pid_tgid', 'get_current_task', 'get_current_task_btf', 'jiffies64', 'get_numa_node_id'],
  ['loop', 'for_each_map_elem', 'timer_set_callback', 'find_vma', 'user_ringbuf_drain'],
  ['timer_init', 'timer_set_callback', 'timer_start', 'timer_cancel'],
  ['trace_printk', 'snprintf', 'trace_vprintk', 'seq_printf', 'seq_write', 'strncmp'],
  ['redirect', 'redirect_map', 'redirect_neigh', 'redirect_peer', 'tail_call', 'clone_redirect'],
].map((g) => g.map((n) => HELPER_NAMES.indexOf(n)).filter((id) => id > 0));
/** return values around the ranges programs and callbacks must keep (check_return_code, bpf_loop's [0, 1]) */
const RET_IMMS = [0, 1, 2, 3, -1, -2, 4, 0x7fffffff, -4095];
const ALU_OPS = [op.BPF_ADD, op.BPF_SUB, op.BPF_MUL, op.BPF_OR, op.BPF_AND, op.BPF_LSH, op.BPF_RSH, op.BPF_XOR, op.BPF_ARSH, op.BPF_MOV];
const SIZES = [op.BPF_B, op.BPF_H, op.BPF_W, op.BPF_DW];
const JA0 = Uint8Array.of(op.BPF_JMP | op.BPF_JA, 0, 0, 0, 0, 0, 0, 0);

interface Slot { code: number; dst: number; src: number; off: number; imm: number }
const decode = (b: Uint8Array): Slot => {
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return { code: b[0]!, dst: b[1]! & 15, src: b[1]! >> 4, off: dv.getInt16(2, true), imm: dv.getInt32(4, true) };
};
const encode = (s: Slot): Uint8Array => {
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  b[0] = s.code;
  b[1] = (s.dst & 15) | ((s.src & 15) << 4);
  dv.setInt16(2, s.off, true);
  dv.setInt32(4, s.imm, true);
  return b;
};

/** the new contents of a slot for `m`, or null when the mutation does not apply to it */
function mutateSlot(s: Slot, m: RealMutation, r: Rng): Uint8Array | null {
  const cls = s.code & 7;
  const o = s.code & 0xf0;
  const isJmp = cls === op.BPF_JMP || cls === op.BPF_JMP32;
  const isCond = isJmp && o !== op.BPF_JA && o !== op.BPF_CALL && o !== op.BPF_EXIT && o !== op.BPF_JCOND;
  const isMem = (cls === op.BPF_LDX || cls === op.BPF_ST || cls === op.BPF_STX) && (s.code & 0xe0) === op.BPF_MEM;
  const isAlu = cls === op.BPF_ALU || cls === op.BPF_ALU64;
  switch (m) {
    case 'flip-jump':
      return isCond && INVERSE[o] !== undefined ? encode({ ...s, code: (s.code & 0x0f) | INVERSE[o]! }) : null;
    case 'drop-jump':
      return isCond ? JA0 : null;
    case 'force-jump':
      return isCond ? encode({ code: op.BPF_JMP | op.BPF_JA, dst: 0, src: 0, off: s.off, imm: 0 }) : null;
    case 'jump-imm':
      return isCond && !(s.code & op.BPF_X) ? encode({ ...s, imm: s.imm + r.pick([1, -1, 8, -8]) }) : null;
    case 'jump-off':
      return isCond || (isJmp && o === op.BPF_JA && cls === op.BPF_JMP) ? encode({ ...s, off: s.off + r.pick([1, -1]) }) : null;
    case 'mem-off':
      return isMem ? encode({ ...s, off: s.off + r.pick([1, 2, 4, 8, -1, -4, -8, 16]) }) : null;
    case 'mem-size': {
      if (!isMem) return null;
      const k = SIZES.indexOf(s.code & 0x18);
      const to = SIZES[Math.min(3, k + 1 + r.int(2))]!;
      return to === (s.code & 0x18) ? null : encode({ ...s, code: (s.code & ~0x18) | to });
    }
    case 'swap-src':
      return (isMem && cls !== op.BPF_ST) || ((isAlu || isCond) && (s.code & op.BPF_X)) ? encode({ ...s, src: (s.src + 1 + r.int(10)) % 11 }) : null;
    case 'swap-dst':
      return isMem || isAlu || isCond ? encode({ ...s, dst: (s.dst + 1 + r.int(10)) % 11 }) : null;
    case 'drop-insn':
      return isAlu || (isMem && cls !== op.BPF_LDX) ? JA0 : null;
    case 'drop-call':
      return isJmp && o === op.BPF_CALL && s.src === 0 ? JA0 : null;
    case 'alu-imm':
      if (!isAlu || (s.code & op.BPF_X) || o === op.BPF_END || o === op.BPF_NEG) return null;
      return encode({ ...s, imm: r.pick([s.imm + 1, s.imm - 1, s.imm * 2 + 1, s.imm ^ 0xff, 0x7fffffff, -1]) | 0 });
    case 'jump-strict':
      return isCond && STRICT[o] !== undefined ? encode({ ...s, code: (s.code & 0x0f) | STRICT[o]! }) : null;
    case 'jmp-width':
      // JMP <-> JMP32 (the class bits 0x05 <-> 0x06)
      return isCond ? encode({ ...s, code: (s.code & ~7) | (cls === op.BPF_JMP ? op.BPF_JMP32 : op.BPF_JMP) }) : null;
    case 'alu-width':
      return isAlu && o !== op.BPF_END ? encode({ ...s, code: (s.code & ~7) | (cls === op.BPF_ALU ? op.BPF_ALU64 : op.BPF_ALU) }) : null;
    case 'stack-off': {
      // a load or store through r10 moved to a neighbouring slot or into the middle of one
      const base = cls === op.BPF_LDX ? s.src : s.dst;
      return isMem && base === 10 ? encode({ ...s, off: s.off + r.pick([8, -8, 4, -4, 1, 16, -16]) }) : null;
    }
    case 'arg-reg':
      // a value meant for one helper argument (r1..r5) written into another
      return (isAlu || (isMem && cls === op.BPF_LDX)) && s.dst >= 1 && s.dst <= 5 ? encode({ ...s, dst: r.pick([1, 2, 3, 4, 5].filter((x) => x !== s.dst)) }) : null;
    case 'swap-ops':
      // `rA op rB` -> `rB op rA`: a pointer and a scalar change places
      return ((isAlu && o !== op.BPF_END && o !== op.BPF_NEG) || isCond) && (s.code & op.BPF_X) && s.src !== s.dst ? encode({ ...s, dst: s.src, src: s.dst }) : null;
    case 'mem-narrow': {
      if (!isMem) return null;
      const k = SIZES.indexOf(s.code & 0x18);
      return k === 0 ? null : encode({ ...s, code: (s.code & ~0x18) | SIZES[r.int(k)]! });
    }
    case 'jump-far':
      return isCond || (isJmp && o === op.BPF_JA && cls === op.BPF_JMP) ? encode({ ...s, off: s.off + r.pick([2, -2, 3, -3, 4, -4]) }) : null;
    case 'helper-id': {
      if (!(isJmp && o === op.BPF_CALL && s.src === 0)) return null;
      const g = HELPER_GROUPS.filter((x) => x.includes(s.imm));
      return g.length ? encode({ ...s, imm: r.pick(r.pick(g).filter((x) => x !== s.imm)) }) : null;
    }
    case 'ret-imm':
      return isAlu && o === op.BPF_MOV && !(s.code & op.BPF_X) && s.dst === 0 ? encode({ ...s, imm: r.pick(RET_IMMS.filter((x) => x !== s.imm)) }) : null;
    case 'cpu-v4':
      // movsx (off 8/16/32), ldsx (BPF_MEMSX), sdiv/smod (off 1), neg, bswap — the ISA of -mcpu=v4
      if (isAlu && o === op.BPF_MOV && (s.code & op.BPF_X)) return encode({ ...s, off: r.pick(cls === op.BPF_ALU ? [8, 16] : [8, 16, 32]) });
      if (cls === op.BPF_LDX && (s.code & 0xe0) === op.BPF_MEM && (s.code & 0x18) !== op.BPF_DW) return encode({ ...s, code: (s.code & 0x1f) | op.BPF_MEMSX });
      if (isAlu && (o === op.BPF_DIV || o === op.BPF_MOD)) return encode({ ...s, off: 1 });
      if (isAlu && o !== op.BPF_END && o !== op.BPF_MOV) {
        const k = r.int(4);
        if (k === 0) return encode({ ...s, code: cls | op.BPF_NEG, src: 0, imm: 0, off: 0 });
        if (k === 1) return encode({ ...s, code: cls | r.pick([op.BPF_DIV, op.BPF_MOD]), off: 1 });
        // bswap16/32/64 (ALU64 | END, to_le) or to_be at the other class
        return encode({ code: cls | op.BPF_END | (cls === op.BPF_ALU ? op.BPF_TO_BE : 0), dst: s.dst, src: 0, off: 0, imm: r.pick([16, 32, 64]) });
      }
      return null;
    case 'swap-next': case 'move-call': case 'dup-call': case 'drop-kfunc':
      return null; // several slots (and relocations): programMutation
    case 'alu-op': {
      if (!isAlu || o === op.BPF_END || o === op.BPF_NEG || o === op.BPF_DIV || o === op.BPF_MOD || !ALU_OPS.includes(o)) return null;
      const to = r.pick(ALU_OPS.filter((x) => x !== o));
      return encode({ ...s, code: (s.code & 0x0f) | to });
    }
  }
}

interface Target {
  path: string; file: string; bytes: Uint8Array; program: string; index: number; start: number; slots: number;
  /** slots of an lddw or with a relocation: single-slot mutations leave them alone */
  fixed: Set<number>;
  /** slots of an lddw (neither half is ever moved) */
  wide: Set<number>;
  /** per slot, the file offsets of the REL/RELA entries whose r_offset is that slot */
  relocs: Map<number, number[]>;
  /** r_offset of slot 0 (the program's offset in its section) */
  base: number;
  /** calls relocated against an undefined symbol: kfunc calls (clang emits `call -1`, src 1; libbpf makes them BPF_PSEUDO_KFUNC_CALL) */
  kfuncCalls: Set<number>;
}

/** where each program's entry function lies in the file, and which of its slots carry a relocation or an lddw */
export function mutationTargets(path: string): Target[] {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const bytes = new Uint8Array(readFileSync(path));
  let spec;
  let elf;
  try {
    spec = loadObjectSpec(bytes, { file, allowUnsupported: true });
    elf = readElf(bytes, { file });
  } catch {
    return [];
  }
  if (spec.bigEndian) return [];
  const out: Target[] = [];
  spec.programs.forEach((p, index) => {
    const sec = elf.sections.find((x) => x.name === p.section);
    if (!sec) return;
    const fixed = new Set<number>();
    const wide = new Set<number>();
    const relocs = new Map<number, number[]>();
    const kfuncCalls = new Set<number>();
    for (const rs of elf.relocationSections) {
      if (rs.target !== sec.index) continue;
      const esz = rs.section.type === 4 /* SHT_RELA */ ? 24 : 16;
      rs.relocations.forEach((rel, j) => {
        const k = (rel.offset - p.sectionOffset) / 8;
        if (k < 0 || k >= p.ownSlots || !Number.isInteger(k)) return;
        fixed.add(k); fixed.add(k + 1);
        relocs.set(k, [...(relocs.get(k) ?? []), rs.section.offset + j * esz]);
        if (elf.symbols[rel.symbol]?.shndx === 0 && bytes[sec.offset + rel.offset] === (op.BPF_JMP | op.BPF_CALL)) kfuncCalls.add(k);
      });
    }
    const start = sec.offset + p.sectionOffset;
    for (let k = 0; k < p.ownSlots; k++) if (bytes[start + k * 8] === (op.BPF_LD | op.BPF_IMM | op.BPF_DW)) { fixed.add(k); wide.add(k); fixed.add(++k); wide.add(k); }
    out.push({ path, file, bytes, program: p.name, index, start, slots: p.ownSlots, fixed, wide, relocs, base: p.sectionOffset, kfuncCalls });
  });
  return out;
}

const isJump = (b: Uint8Array): boolean => {
  const cls = b[0]! & 7;
  return (cls === op.BPF_JMP || cls === op.BPF_JMP32) && (b[0]! & 0xf0) !== op.BPF_CALL;
};
const isCall = (b: Uint8Array): boolean => b[0] === (op.BPF_JMP | op.BPF_CALL);

/**
 * The mutations that rewrite several slots of `bytes` (a copy of the file) around slot `k`, moving
 * the relocations of the slots they move (r_offset, so that libbpf and tsbpf's loaders still find a
 * kfunc call's or a map's relocation on its instruction); false when `m` does not apply at `k`.
 */
function programMutation(t: Target, bytes: Uint8Array, m: RealMutation, k: number, r: Rng): boolean {
  const slot = (i: number): Uint8Array => t.bytes.subarray(t.start + i * 8, t.start + i * 8 + 8);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  /** slot `from` of the original program goes to slot `to` */
  const place = (from: number, to: number): void => {
    bytes.set(slot(from), t.start + to * 8);
    for (const e of t.relocs.get(from) ?? []) dv.setBigUint64(e, BigInt(t.base + to * 8), true);
  };
  switch (m) {
    case 'swap-next': {
      if (k + 1 >= t.slots || t.wide.has(k) || t.wide.has(k + 1) || hex(slot(k)) === hex(slot(k + 1))) return false;
      place(k, k + 1);
      place(k + 1, k);
      return true;
    }
    case 'move-call': {
      // a helper or kfunc call moved by d within straight-line code (no jump crosses the moved slots)
      if (!isCall(slot(k)) || (slot(k)[1] !== 0 && !t.kfuncCalls.has(k))) return false;
      const d = r.pick([1, -1, 2, -2, 3, -3, 4, -4]);
      const lo = Math.min(k, k + d);
      const hi = Math.max(k, k + d);
      if (lo < 0 || hi >= t.slots) return false;
      for (let i = lo; i <= hi; i++) if (t.wide.has(i) || isJump(slot(i))) return false;
      if (d > 0) { for (let i = k + 1; i <= hi; i++) place(i, i - 1); }
      else { for (let i = lo; i < k; i++) place(i, i + 1); }
      place(k, k + d);
      return true;
    }
    case 'dup-call': {
      // a helper call of this program copied over another non-jump instruction
      if (t.fixed.has(k) || isJump(slot(k)) || isCall(slot(k))) return false;
      const calls: number[] = [];
      for (let i = 0; i < t.slots; i++) if (isCall(slot(i)) && slot(i)[1] === 0 && !t.fixed.has(i)) calls.push(i);
      if (!calls.length) return false;
      bytes.set(slot(r.pick(calls)), t.start + k * 8);
      return true;
    }
    case 'drop-kfunc': {
      // the kfunc call becomes `ja +0` and its relocation R_BPF_NONE (which every loader skips)
      const es = t.relocs.get(k);
      if (!es || !t.kfuncCalls.has(k)) return false;
      bytes.set(JA0, t.start + k * 8);
      for (const e of es) dv.setUint32(e + 8, 0, true);
      return true;
    }
    default:
      return false;
  }
}

/** the slots some mutations are drawn at */
const AT: Partial<Record<RealMutation, (t: Target, i: number, b: Uint8Array) => boolean>> = {
  'helper-id': (_t, _i, b) => isCall(b) && b[1] === 0,
  'move-call': (t, i, b) => isCall(b) && (b[1] === 0 || t.kfuncCalls.has(i)),
  'drop-kfunc': (t, i) => t.kfuncCalls.has(i),
  'ret-imm': (_t, _i, b) => (b[0] === (op.BPF_ALU64 | op.BPF_MOV | op.BPF_K) || b[0] === (op.BPF_ALU | op.BPF_MOV | op.BPF_K)) && (b[1]! & 15) === 0,
};

/** up to `n` distinct mutants of one program, chosen by `r` */
export function programMutants(t: Target, n: number, r: Rng, draw: readonly RealMutation[] = DRAW): { m: RealMutant; bytes: Uint8Array }[] {
  const out: { m: RealMutant; bytes: Uint8Array }[] = [];
  const seen = new Set<string>();
  for (let tries = 0; out.length < n && tries < n * 20; tries++) {
    const mutation = r.pick(draw);
    const drawAt = AT[mutation];
    let k = r.int(t.slots);
    if (drawAt) {
      // the mutations of calls and returns: a slot they apply to (a random slot seldom is one)
      const where = [...Array(t.slots).keys()].filter((i) => drawAt(t, i, t.bytes.subarray(t.start + i * 8, t.start + i * 8 + 8)));
      if (!where.length) continue;
      k = r.pick(where);
    }
    if (MULTI.has(mutation)) {
      const bytes = t.bytes.slice();
      if (!programMutation(t, bytes, mutation, k, r)) continue;
      const span = (b: Uint8Array): string => hex(b.subarray(t.start, t.start + t.slots * 8));
      const changed = [...Array(t.slots).keys()].filter((i) => hex(bytes.subarray(t.start + i * 8, t.start + i * 8 + 8)) !== hex(t.bytes.subarray(t.start + i * 8, t.start + i * 8 + 8)));
      const key = `${mutation}:${span(bytes)}`;
      if (seen.has(key) || (!changed.length && mutation !== 'drop-kfunc')) continue;
      seen.add(key);
      const before = changed.map((i) => hex(t.bytes.subarray(t.start + i * 8, t.start + i * 8 + 8))).join(' ');
      const after = changed.map((i) => hex(bytes.subarray(t.start + i * 8, t.start + i * 8 + 8))).join(' ');
      out.push({ m: { file: t.file, program: t.program, mutation, insn: changed[0] ?? k, before, after }, bytes });
      continue;
    }
    if (t.fixed.has(k)) continue;
    const at = t.start + k * 8;
    const before = t.bytes.subarray(at, at + 8);
    const after = mutateSlot(decode(before), mutation, r);
    if (!after) continue;
    const key = `${k}:${hex(after)}`;
    if (seen.has(key) || hex(after) === hex(before)) continue;
    seen.add(key);
    const bytes = t.bytes.slice();
    bytes.set(after, at);
    out.push({ m: { file: t.file, program: t.program, mutation, insn: k, before: hex(before), after: hex(after) }, bytes });
  }
  return out;
}

/** the object files to mutate: paths of files and of directories of *.bpf.o / *.elf */
export function mutationFiles(args: readonly string[]): string[] {
  if (!args.length) return matrixObjectFiles().map((f) => f.path);
  const out: string[] = [];
  for (const a of args) {
    if (!existsSync(a)) continue;
    if (statSync(a).isDirectory()) {
      for (const f of readdirSync(a).sort()) if (/\.(bpf\.o|elf)$/.test(f) && !/-eb\.elf$/.test(f)) out.push(join(a, f));
    } else out.push(a);
  }
  return out;
}

export interface HuntOptions {
  perProgram: number; seed: number; budgetMs?: number; deadlineMs?: number; progress?: boolean;
  /** draw only these mutations (each equally often) */
  mutations?: readonly RealMutation[];
}

/**
 * Judge the mutants of every program both verifiers accept as it is. Returns the verdicts, or the
 * reason the kernel cannot be asked. Stops starting new programs once `deadlineMs` has passed.
 */
export async function huntMutants(files: readonly string[], o: HuntOptions): Promise<MutantVerdict[] | { reason: string }> {
  const k = kernelAvailable();
  if (!k.ok) return { reason: `the kernel is unavailable: ${k.reason}` };
  const server = new VerifyServer();
  const dir = tempDir('tsbpf-mutants-');
  const out: MutantVerdict[] = [];
  const t0 = Date.now();
  const r = new Rng(o.seed);
  let n = 0;
  try {
    for (const path of files) {
      for (const t of mutationTargets(path)) {
        if (o.deadlineMs !== undefined && Date.now() - t0 > o.deadlineMs) return out;
        // the original: both must accept it, or its mutants say nothing
        const kv = await kernelVerdict(t.bytes, t.file, t.program);
        if (!kv.accepted) continue;
        const tv = await server.verify(t.path, t.index, o.budgetMs ?? 20000);
        if (!tv.accepted) continue;
        for (const { m, bytes } of programMutants(t, o.perProgram, r, o.mutations ?? DRAW)) {
          const mp = join(dir, `m${n++ % 64}-${t.file}`);
          writeFileSync(mp, bytes);
          const kernel = await kernelVerdict(bytes, t.file, t.program);
          const ts = await server.verify(mp, t.index, o.budgetMs ?? 20000);
          const v: MutantVerdict = { ...m, kernel, tsbpf: { accepted: ts.accepted, ...(ts.why ? { why: ts.why } : {}) } };
          out.push(v);
          // a long hunt shows what it found as it goes
          if (o.progress && kernel.verifier && kernel.accepted !== ts.accepted) process.stderr.write(`${ts.accepted ? 'UNSAFE' : 'REFUSED'} ${mutantLine(v)}\n`);
        }
        if (o.progress) process.stderr.write(`${t.file}:${t.program} (${out.length} mutants, ${summariseHunt(out).agree} agree)\n`);
      }
    }
  } finally {
    await server.close();
  }
  return out;
}

export interface HuntSummary { judged: number; notJudged: number; agree: number; unsafe: MutantVerdict[]; conservative: MutantVerdict[] }

/** a mutant is judged when the kernel accepted it or its verifier refused it (not its loader) */
export function summariseHunt(v: readonly MutantVerdict[]): HuntSummary {
  const judged = v.filter((x) => x.kernel.verifier);
  const unsafe = judged.filter((x) => !x.kernel.accepted && x.tsbpf.accepted);
  const conservative = judged.filter((x) => x.kernel.accepted && !x.tsbpf.accepted);
  return { judged: judged.length, notJudged: v.length - judged.length, agree: judged.length - unsafe.length - conservative.length, unsafe, conservative };
}

export function mutantLine(x: MutantVerdict): string {
  const k = x.kernel.accepted ? 'ACCEPT' : `REJECT ${x.kernel.why ?? ''}`;
  const t = x.tsbpf.accepted ? 'ACCEPT' : `REJECT ${x.tsbpf.why ?? ''}`;
  return `${x.file}:${x.program} ${x.mutation} insn ${x.insn} ${x.before} -> ${x.after}\n    kernel: ${k}\n    tsbpf:  ${t}`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].slice(process.argv[1].lastIndexOf('/')))) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const valued = new Set(['--per-program', '--seed', '--budget', '--json', '--mutations'].map(opt));
  const only = opt('--mutations')?.split(',') as RealMutation[] | undefined;
  if (only?.some((m) => !REAL_MUTATIONS.includes(m))) {
    console.error(`real_mutations: --mutations takes a comma-separated list of ${REAL_MUTATIONS.join(', ')}`);
    process.exit(1);
  }
  const paths = args.filter((a) => !a.startsWith('-') && !valued.has(a));
  const v = await huntMutants(mutationFiles(paths), {
    perProgram: Number(opt('--per-program') ?? 8), seed: Number(opt('--seed') ?? 1), budgetMs: Number(opt('--budget') ?? 20000), progress: args.includes('--progress'), ...(only ? { mutations: only } : {}),
  });
  if (!Array.isArray(v)) {
    console.error(`real_mutations: ${v.reason}`);
    process.exit(1);
  }
  const json = opt('--json');
  if (json) writeFileSync(json, JSON.stringify(v, null, 1));
  const s = summariseHunt(v);
  for (const x of s.unsafe) console.log(`UNSAFE ${mutantLine(x)}`);
  if (args.includes('-v')) for (const x of s.conservative) console.log(`REFUSED ${mutantLine(x)}`);
  const by = new Map<string, [number, number]>();
  for (const x of v) if (x.kernel.verifier) { const e = by.get(x.mutation) ?? [0, 0]; e[0]++; if (x.kernel.accepted === x.tsbpf.accepted) e[1]++; by.set(x.mutation, e); }
  console.log([...by].map(([m, [n, a]]) => `${m} ${a}/${n}`).join(', '));
  console.log(`mutants: ${v.length} made, ${s.judged} judged by the kernel's verifier (${s.notJudged} refused before it ran); verdicts agree ${s.agree}/${s.judged} (${(100 * s.agree / Math.max(1, s.judged)).toFixed(1)}%); unsafe accepts ${s.unsafe.length}; safe mutants refused ${s.conservative.length}`);
}

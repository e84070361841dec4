/**
 * The kernel syntax against the real kernel: programs assembled here are loaded with
 * BPF_PROG_LOAD at log level 2, and every instruction line of the verifier log
 * (`12: (61) r0 = *(u32 *)(r1 +4)`, kernel/bpf/disasm.c) must equal our kernel-syntax text
 * for that instruction. Skips where bpf() is not permitted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelAvailable, progLoad, closeFd } from '../../src/hooks/kernel/bpf.js';
import { slotIndices } from '../../src/isa/instruction.js';
import { formatInstruction } from '../../src/asm/llvm_syntax.js';
import { assemble } from '../../src/asm/object.js';

const ALU = ['+=', '-=', '*=', '/=', '|=', '&=', '<<=', '>>=', '%=', '^=', 's>>=', 's/=', 's%='];
const JMP = ['==', '>', '>=', '&', '!=', 's>', 's>=', '<', '<=', 's<', 's<='];

/** a socket filter touching every ALU, memory, atomic, jump and packet-load form the verifier accepts */
function bigProgram(): string {
  const l: string[] = [];
  l.push('r6 = r1', 'r7 = 3');
  for (const t of ['u8', 'u16', 'u32']) l.push(`r0 = *(${t} *)skb[12]`, `r0 = *(${t} *)skb[r7 + 2]`, `r0 = *(${t} *)skb[r7]`);
  l.push('r1 = 10', 'r2 = -3', 'r5 = 3', 'w3 = 7', 'r4 = 0x123456789 ll', 'r8 = -1 ll');
  for (const op of ALU) {
    const shift = op.includes('<<') || op.includes('>>');
    l.push(`r1 ${op} ${shift ? 'r5' : 'r2'}`, `r1 ${op} ${shift ? 3 : -7}`, `w3 ${op} ${shift ? 'w5' : 'w2'}`, `w3 ${op} ${shift ? 2 : 9}`);
  }
  l.push('r1 = 10', 'w3 = 7', 'r1 = -r1', 'w3 = -w3', 'r2 = (s8)r1', 'r2 = (s16)r1', 'r2 = (s32)r1', 'w2 = (s8)w3', 'w2 = (s16)w3');
  l.push('r2 = be16 r2', 'r2 = be32 r2', 'r2 = be64 r2', 'r2 = le16 r2', 'r2 = le32 r2', 'r2 = le64 r2', 'r2 = bswap16 r2', 'r2 = bswap32 r2', 'r2 = bswap64 r2');
  l.push('*(u64 *)(r10 - 8) = r1', '*(u32 *)(r10 - 12) = w3', '*(u16 *)(r10 - 14) = w3', '*(u8 *)(r10 - 15) = w3', '*(u8 *)(r10 - 16) = 5');
  l.push('*(u64 *)(r10 - 24) = -9', '*(u32 *)(r10 - 28) = 77', '*(u16 *)(r10 - 30) = 1');
  for (const t of ['u64', 'u32', 'u16', 'u8']) l.push(`r2 = *(${t} *)(r10 - ${t === 'u64' ? 8 : t === 'u32' ? 12 : t === 'u16' ? 14 : 15})`);
  for (const t of ['s32', 's16', 's8']) l.push(`r2 = *(${t} *)(r10 - ${t === 's32' ? 12 : t === 's16' ? 14 : 15})`);
  for (const op of ['+=', '|=', '&=', '^=']) l.push(`lock *(u64 *)(r10 - 8) ${op} r1`, `lock *(u32 *)(r10 - 12) ${op} w3`);
  for (const f of ['add', 'or', 'and', 'xor']) l.push(`r1 = atomic_fetch_${f}((u64 *)(r10 - 8), r1)`, `w3 = atomic_fetch_${f}((u32 *)(r10 - 12), w3)`);
  l.push('r1 = xchg_64(r10 - 8, r1)', 'w3 = xchg32_32(r10 - 12, w3)', 'r0 = 0', 'r0 = cmpxchg_64(r10 - 8, r0, r1)', 'w0 = cmpxchg32_32(r10 - 12, w0, w3)');
  // known constants: the verifier decides each branch statically, so the paths do not multiply
  l.push('r1 = 10', 'r2 = -3', 'w3 = 7');
  for (const op of JMP) l.push(`if r1 ${op} r2 goto +0`, `if r1 ${op} 5 goto +0`, `if w3 ${op} w2 goto +0`, `if w3 ${op} -5 goto +0`);
  l.push('goto +0', 'gotol +0', 'call bpf_ktime_get_ns', 'call 7', 'r0 = 0', 'exit');
  return l.map((s) => '\t' + s + '\n').join('');
}

const CALLS = '\tr1 = 1\n\tmay_goto +0\n\tcall sub\n\tcall bpf_get_smp_processor_id\n\tr0 = 0\n\texit\nsub:\n\tr0 = r1\n\texit\n';

test('verifier log lines equal our kernel syntax (real bpf(), log level 2)', (t) => {
  const k = kernelAvailable();
  if (!k.ok) return t.skip(`kernel bpf() unavailable: ${k.reason}`);
  let checked = 0;
  for (const [name, src] of [['forms', bigProgram()], ['calls', CALLS]] as const) {
    const insns = assemble(src, { file: name });
    const slots = slotIndices(insns);
    const bySlot = new Map(insns.map((i, k) => [slots[k]!, i]));
    const r = progLoad({ progType: 'SOCKET_FILTER', insns, logLevel: 2, logSize: 16 << 20 });
    closeFd(r.fd);
    const seen = new Set<number>();
    for (const line of r.log.split('\n')) {
      const m = /^(\d+): \(([0-9a-f]{2})\) (.*?)(?:\s+;.*)?$/.exec(line);
      if (!m) continue;
      const slot = Number(m[1]);
      const i = bySlot.get(slot);
      assert.ok(i, `${name}: log names insn ${slot}, which is not an instruction start`);
      assert.equal(m[2], i.code.toString(16).padStart(2, '0'), line);
      assert.equal(formatInstruction(i, { style: 'kernel' }), m[3], `${name} insn ${slot}`);
      if (!seen.has(slot)) checked++;
      seen.add(slot);
    }
    assert.ok(seen.size >= insns.length - 2, `${name}: the log showed ${seen.size} of ${insns.length} instructions`);
  }
  assert.ok(checked > 170, `only ${checked} instructions compared`);
});

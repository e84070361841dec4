import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObjectSpec } from '../../src/elf/loader.js';
import { applyObjectCore } from '../../src/elf/core.js';
import { functionFor } from '../../src/elf/spec.js';
import { parseBtf } from '../../src/btf/btf.js';
import { slotIndices } from '../../src/isa/instruction.js';

const OBJ = fileURLToPath(new URL('../../../test/elf/testdata/core_vmlinux-el.bpf.o', import.meta.url));
const VMLINUX = '/sys/kernel/btf/vmlinux';
const bpftool = spawnSync('bpftool', ['version'], { stdio: 'ignore' }).status === 0;
const root = process.getuid?.() === 0;
const skip = !bpftool ? 'bpftool not installed' : !root ? 'needs root (bpftool prog loadall)' : !existsSync(VMLINUX) ? 'no /sys/kernel/btf/vmlinux' : !existsSync('/sys/fs/bpf') ? 'no bpffs' : false;

/**
 * libbpf is the reference: `bpftool -d prog loadall` logs every CO-RE decision
 * ("prog 'p': relo #0: patched insn #2 (ALU/ALU64) imm 0 -> 1264"); tsbpf must patch the same
 * instructions to the same values against the same kernel BTF.
 */
test('CO-RE against /sys/kernel/btf/vmlinux agrees with libbpf, relocation by relocation', { skip, timeout: 60_000 }, () => {
  const pin = `/sys/fs/bpf/tsbpf_elf_test_${process.pid}`;
  let log: string;
  try {
    const r = spawnSync('bpftool', ['-d', 'prog', 'loadall', OBJ, pin], { encoding: 'utf8', timeout: 45_000 });
    log = r.stderr + r.stdout;
  } finally {
    rmSync(pin, { recursive: true, force: true });
  }
  const theirs: { prog: string; insn: number; value: bigint }[] = [];
  for (const m of log.matchAll(/prog '(\w+)': relo #\d+: patched insn #(\d+) \([^)]*\) (?:imm|off|imm64) (-?\d+) -> (-?\d+)/g)) {
    theirs.push({ prog: m[1]!, insn: Number(m[2]), value: BigInt(m[4]!) });
  }
  assert.ok(theirs.length >= 10, `libbpf log has ${theirs.length} patched relocations:\n${log.slice(0, 3000)}`);

  const spec = loadObjectSpec(new Uint8Array(readFileSync(OBJ)));
  const vmlinux = parseBtf(new Uint8Array(readFileSync(VMLINUX)));
  const report = applyObjectCore(spec, vmlinux);
  const ours = report.map((x) => {
    const p = spec.programs.find((q) => q.name === x.program)!;
    const f = functionFor(p, x.relo.insn)!;
    // libbpf numbers instructions per function (main program or subprogram)
    return { prog: f.name, insn: x.relo.insn - f.insn, value: x.result.newVal, poison: x.result.poison, slot: x.relo.insn, p };
  });
  assert.equal(ours.length, theirs.length);
  for (const t of theirs) {
    const o = ours.find((x) => x.prog === t.prog && x.insn === t.insn);
    assert.ok(o, `tsbpf has no relocation at ${t.prog} insn ${t.insn}`);
    assert.equal(o.poison, false);
    assert.equal(o.value, t.value, `${t.prog} insn ${t.insn}`);
    // and the instruction really carries it
    const k = slotIndices(o.p.insns).indexOf(o.slot);
    const insn = o.p.insns[k]!;
    const carried = insn.code === 0x18 ? (BigInt(insn.imm2 >>> 0) << 32n) | BigInt(insn.imm >>> 0) : (insn.code & 7) === 4 || (insn.code & 7) === 7 ? BigInt(insn.imm) : BigInt(insn.off);
    assert.equal(carried, t.value);
  }
});

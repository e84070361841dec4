/**
 * CO-RE candidates from module BTF (libbpf bpf_core_find_cands): a type vmlinux lacks is looked
 * up in the modules' split BTF; a type vmlinux has resolves there even when a module has one of
 * the same name. The module BTF is built here, split on the running kernel's vmlinux BTF (this
 * machine's kernel has its drivers built in, so /sys/kernel/btf holds no module to use); the
 * object is test/fixtures/bpf/core_module.bpf.o, compiled by clang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parseBtf, type Btf } from '../../src/btf/btf.js';
import { BTF_KIND_INT, BTF_KIND_STRUCT, BTF_MAGIC } from '../../src/btf/types.js';
import { CORE_POISON_IMM } from '../../src/btf/core.js';
import { loadObjectSpec } from '../../src/elf/loader.js';
import { applyObjectCore } from '../../src/elf/core.js';

const VMLINUX = '/sys/kernel/btf/vmlinux';
const OBJ = new URL('../../../test/fixtures/bpf/core_module.bpf.o', import.meta.url).pathname;
const skip = existsSync(VMLINUX) ? false : `${VMLINUX} is absent (kernel without CONFIG_DEBUG_INFO_BTF)`;

/** a module's split BTF on `base`: structs of (name, [member, byte offset]…), members int */
function moduleBtf(base: Btf, structs: [string, [string, number][]][]): Btf {
  const intId = base.idsByName('int').find((id) => base.types[id]?.kind === BTF_KIND_INT)!;
  let strs = '\0';
  const str = (s: string) => {
    const at = strs.length;
    strs += `${s}\0`;
    return base.strings.length + at;
  };
  const words: number[] = [];
  for (const [name, members] of structs) {
    const size = Math.max(...members.map(([, off]) => off + 4));
    words.push(str(name), (BTF_KIND_STRUCT << 24) | members.length, size);
    for (const [m, off] of members) words.push(str(m), intId, off * 8);
  }
  const types = new Uint8Array(words.length * 4);
  const tv = new DataView(types.buffer);
  words.forEach((w, i) => tv.setUint32(i * 4, w >>> 0, true));
  const sb = new TextEncoder().encode(strs);
  const out = new Uint8Array(24 + types.length + sb.length);
  const h = new DataView(out.buffer);
  h.setUint16(0, BTF_MAGIC, true);
  h.setUint8(2, 1);
  h.setUint32(4, 24, true);
  h.setUint32(8, 0, true);
  h.setUint32(12, types.length, true);
  h.setUint32(16, types.length, true);
  h.setUint32(20, sb.length, true);
  out.set(types, 24);
  out.set(sb, 24 + types.length);
  return parseBtf(out, { file: 'tsbpf_testmod', base });
}

/** the value each program returns: the relocated `r0 = OFFSET`, or 'poison' */
function results(modules: Btf[], vmlinux: Btf): Record<string, number | 'poison'> {
  const spec = loadObjectSpec(new Uint8Array(readFileSync(OBJ)), { file: OBJ });
  applyObjectCore(spec, vmlinux, spec.programs, modules);
  return Object.fromEntries(spec.programs.map((p) => [p.name, p.insns[0]!.imm === CORE_POISON_IMM ? 'poison' : p.insns[0]!.imm]));
}

test('CO-RE: a type vmlinux lacks is found in module BTF; vmlinux wins for the types it has', { skip }, () => {
  const vmlinux = parseBtf(new Uint8Array(readFileSync(VMLINUX)), { file: VMLINUX });
  const task = vmlinux.idsByName('task_struct').map((id) => vmlinux.types[id]!).find((t) => t.kind === BTF_KIND_STRUCT)!;
  const pid = task.kind === BTF_KIND_STRUCT ? task.members.find((m) => m.name === 'pid')! : undefined;
  assert.ok(pid, 'vmlinux has task_struct.pid');
  const mod = moduleBtf(vmlinux, [['tsbpf_modcore_thing', [['pad', 0], ['field', 12]]], ['task_struct', [['pid', 20]]]]);
  assert.deepEqual(results([mod], vmlinux), { field_off: 12, pid_off: pid.bitOffset / 8 });
  // without module BTF the relocation cannot be satisfied: poisoned, as libbpf does
  assert.deepEqual(results([], vmlinux), { field_off: 'poison', pid_off: pid.bitOffset / 8 });
  // two modules with the same type at different offsets: ambiguous, refused as libbpf refuses it
  const other = moduleBtf(vmlinux, [['tsbpf_modcore_thing', [['field', 8]]]]);
  assert.throws(() => results([mod, other], vmlinux), /ambiguity/);
});

/**
 * Rules found by the kernel's selftest corpus (scripts/progs-corpus.sh, docs/verifier-measured.md "Real
 * objects"), each with a clang-compiled fixture in test/fixtures/bpf whose programs are named by
 * verdict: ok_* must load, bad_* must be refused. tsbpf's verdict (loadObject, the verifier on) is
 * checked against the name everywhere, and against the running kernel's (tsbpf's kernel loader),
 * with the kernel's own message, where the kernel can be asked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObjectSpec } from '../../src/elf/index.js';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { kernelVerdict, tsbpfVerdict } from './object_matrix.js';
import { mapAttrOf } from '../../src/runtime/object.js';
import { MapType } from '../../src/maps/constants.js';
import type { MapSpec } from '../../src/elf/index.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/bpf/', import.meta.url));
/** fixture, and the rule it checks */
const FIXTURES: [string, string][] = [
  ['const_str.bpf.o', 'ARG_PTR_TO_CONST_STR (check_reg_const_str) and check_bpf_snprintf_call'],
  ['spin_lock_compat.bpf.o', 'check_map_prog_compatibility: bpf_spin_lock maps and socket filter / tracing programs'],
  ['reuseport_rules.bpf.o', 'sk_reuseport: bpf_sk_select_reuseport and REUSEPORT_SOCKARRAY (check_map_func_compatibility), bpf_get_socket_ptr_cookie_proto, ctx->migrating_sk may be NULL'],
  ['kfunc_crypto_unix.bpf.o', 'the crypto kfuncs (crypt_init_kfunc_set for syscall programs, crypt_kfunc_set KF_RCU for tc/xdp) and bpf_sock_addr_set_sun_path (cgroup sock_addr)'],
  ['struct_ops_rules.bpf.o', 'struct_ops (tcp_congestion_ops): the member prototype as context, bpf_tcp_ca_btf_struct_access writes, void members, no setsockopt in release'],
  ['struct_ops_nullable.bpf.o', 'struct_ops arguments named __nullable in the member\'s cfi stub are maybe NULL (prepare_arg_info)'],
  ['sock_helper_protos.bpf.o', 'helper prototypes by program type and attach point (iterator setsockopt, socket-pointer cookie, cg_sock storage, sk_lookup assign, cg setsockopt) and filtered kfunc sets (bpf_sock_destroy, bpf_session_cookie)'],
  ['btf_walk_rules.bpf.o', 'btf_struct_walk: zero-length array members take no bytes (net_device cacheline markers); kernel structs are read-only'],
  ['map_field_helper.bpf.o', 'check_map_access with ACCESS_HELPER: a helper may not touch a kptr or bpf_timer field of a map value'],
  ['global_func_ctx.bpf.o', 'btf_is_prog_ctx_type: struct bpf_user_pt_regs_t is a kprobe context (the canonical type\'s name before it is resolved)'],
  ['corpus_rules.bpf.o', 'packet pointers to the syncookie helpers; a bpf_spin_lock in a global data section; bpf_preempt_disable/enable balance'],
  ['btf_trust.bpf.o', 'check_ptr_to_btf_access: walked pointers are untrusted unless on the kernel\'s __safe_rcu/__safe_trusted lists; iterator ctx_arg_info; tracing sk storage'],
  ['kptr_indirect.bpf.o', 'check_map_access(ACCESS_HELPER): a kptr field may not be covered by a helper\'s or a global function\'s memory argument'],
  ['helper_mem_write.bpf.o', 'a helper argument with MEM_WRITE (bpf_load_hdr_opt) clobbers the stack bytes it covers (check_stack_range_initialized)'],
  ['iter_release.bpf.o', 'unmark_stack_slots_iter: an iterator\'s destroy releases its reference, invalidating the elements next() returned, spilled or not (release_reference)'],
  ['resource_leak.bpf.o', 'check_resource_leak before a tail call and LD_ABS: spin lock, references of the main frame only, RCU read section, preemption disabled'],
  ['corpus_gaps.bpf.o', 'trusted kernel memory to read-only helper arguments (mem_types); save_aux_ptr_type\'s trust mismatch; raw_tp.w buffers (check_tp_buffer_access); a raw map fd'],
];
/** fixtures typed by the kernel's BTF (tracing programs, kptrs to kernel structs): judged only where /sys/kernel/btf/vmlinux is */
const NEEDS_KERNEL_BTF = new Set(['struct_ops_nullable.bpf.o', 'btf_trust.bpf.o', 'kptr_indirect.bpf.o', 'corpus_gaps.bpf.o']);
const k = kernelAvailable();
const kernelBtf = existsSync('/sys/kernel/btf/vmlinux');

for (const [file, rule] of FIXTURES) {
  const bytes = new Uint8Array(readFileSync(DIR + file));
  const programs = loadObjectSpec(bytes, { file, allowUnsupported: true }).programs.map((p) => p.name);
  const noBtf = NEEDS_KERNEL_BTF.has(file) && !kernelBtf ? 'the kernel\'s BTF (/sys/kernel/btf/vmlinux) is not here' : false;

  test(`${file}: ${rule}: ok_* load, bad_* are refused`, { skip: noBtf }, async () => {
    assert.ok(programs.some((n) => n.startsWith('ok_')) && programs.some((n) => n.startsWith('bad_')), 'the fixture has both kinds');
    for (const name of programs) {
      const t = await tsbpfVerdict(bytes, file, name);
      assert.equal(t.accepted, name.startsWith('ok_'), `${name}: ${t.why ?? 'accepted'}`);
    }
  });

  test(`${file}: the running kernel gives the same verdicts, for the same reason`, { skip: k.ok ? false : k.reason }, async () => {
    for (const name of programs) {
      const kv = await kernelVerdict(bytes, file, name);
      const t = await tsbpfVerdict(bytes, file, name);
      assert.equal(kv.verifier, true, `${name}: the kernel refused it before verification: ${kv.why}`);
      assert.equal(t.accepted, kv.accepted, `${name}: kernel ${kv.accepted ? 'accepts' : `refuses (${kv.why})`}, tsbpf ${t.accepted ? 'accepts' : `refuses (${t.why})`}`);
      if (!kv.accepted) assert.ok(t.why!.includes(kv.why!), `${name}: tsbpf's reason "${t.why}" is not the kernel's "${kv.why}"`);
    }
  });
}

test('ring buffer sizes are rounded up to a power-of-2 number of pages, as libbpf adjust_ringbuf_sz', () => {
  // verifier_iterating_callbacks.c declares a USER_RINGBUF of 8 bytes: libbpf creates it with one
  // page, and tsbpf's kernel loader asked the kernel for 8 (EINVAL) until it did the same
  const spec = { type: MapType.RINGBUF, keySize: 0, valueSize: 0, flags: 0, name: 'rb', origin: 'maps' } as unknown as MapSpec;
  for (const [asked, created] of [[8, 4096], [4096, 4096], [5000, 8192], [3 * 4096, 16384], [1 << 20, 1 << 20], [0, 0]] as const) {
    for (const type of [MapType.RINGBUF, MapType.USER_RINGBUF]) assert.equal(mapAttrOf({ ...spec, type, maxEntries: asked }, 1, undefined).maxEntries, created, `${asked}`);
  }
  assert.equal(mapAttrOf({ ...spec, type: MapType.ARRAY, keySize: 4, valueSize: 4, maxEntries: 8 }, 1, undefined).maxEntries, 8);
});

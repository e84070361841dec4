import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjectSpec } from '../../src/elf/loader.js';
import { assertNoKernelExterns } from '../../src/elf/externs.js';
import { functionFor, lineInfoFor } from '../../src/elf/spec.js';
import { findSectionDef } from '../../src/elf/section_defs.js';
import { BpfError } from '../../src/isa/errors.js';
import { LDDW, slotIndices } from '../../src/isa/instruction.js';
import { BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE, BPF_PSEUDO_CALL, BPF_PSEUDO_KFUNC_CALL } from '../../src/isa/opcodes.js';
import {
  BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_ARRAY_OF_MAPS, BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_PROG_ARRAY, BPF_PROG_TYPE_KPROBE,
  BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_XDP, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY,
  BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, BPF_PROG_TYPE_SYSCALL, BPF_F_SLEEPABLE, BPF_PROG_TYPE_RAW_TRACEPOINT,
  BPF_PROG_TYPE_TRACEPOINT, LIBBPF_PIN_BY_NAME, BPF_F_RDONLY_PROG, BPF_TCX_INGRESS,
} from '../../src/isa/bpf_types.js';
import { corpusAvailable, readCorpus, summary } from './corpus.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const skip = corpusAvailable() ? false : 'shared corpus ../shared/corpora/cilium-elf not present';

/**
 * Objects that must not load, and why. Everything else loads (kernel externs allowed) and
 * matches elf_summary.jsonl.
 */
const EXPECTED_FAILURES: Record<string, { errno: string; re: RegExp }> = {
  'testdata_invalid_map': { errno: 'EINVAL', re: /invalid_map.*non-zero byte/ },
  'testdata_invalid_map_static': { errno: 'ENOTSUPP', re: /static maps are not supported/ },
  'testdata_invalid_btf_map_init': { errno: 'EINVAL', re: /hash_map.*non-zero byte in \.maps/ },
};
/** objects whose programs need kernel symbols: ENOTSUPP by default, naming them */
const KERNEL_EXTERNS: Record<string, RegExp> = {
  'testdata_kfunc': /kfunc 'bpf_skb_ct_lookup'/,
  'testdata_kfunc-kmod': /kfunc 'bpf_testmod_test_mod_kfunc'/,
  'testdata_invalid-kfunc': /kfunc 'bpf_kfunc_call_test_mem_len_pass1'/,
  'testdata_ksym': /ksym 'bpf_trace_run1'/,
  'testdata_kconfig': /kconfig 'LINUX_KERNEL_VERSION'/,
  'testdata_errors': /kfunc 'invalid_kfunc'/,
};
const stem = (f: string) => f.replace(/-(el|eb)\.elf$/, '').replace(/_bpf(el|eb)\.o$/, '');

test('loader: every corpus object loads and matches elf_summary.jsonl, or fails as its name says', { skip }, () => {
  let loaded = 0, failed = 0;
  for (const e of summary()) {
    const bytes = readCorpus(e.file);
    const fail = EXPECTED_FAILURES[stem(e.file)];
    if (fail) {
      assert.throws(() => loadObjectSpec(bytes, { file: e.file, allowUnsupported: true }), (err: unknown) => {
        assert.ok(err instanceof BpfError, String(err));
        assert.equal(err.errno, fail.errno, err.message);
        assert.match(err.message, fail.re);
        assert.equal(err.where.file, e.file);
        return true;
      });
      failed++;
      continue;
    }
    const ext = KERNEL_EXTERNS[stem(e.file)];
    if (ext) {
      assert.throws(() => loadObjectSpec(bytes, { file: e.file }), (err: unknown) => err instanceof BpfError && err.errno === 'ENOTSUPP' && ext.test(err.message), e.file);
    }
    const spec = loadObjectSpec(bytes, { file: e.file, allowUnsupported: true });
    loaded++;
    // program sections and their sizes in instructions: each section's functions add up to it
    const secs: Record<string, number> = {};
    for (const p of spec.programs) {
      secs[p.section] = (secs[p.section] ?? 0) + p.ownSlots;
      // relocated program: slot count = own + appended functions
      const total = slotIndices(p.insns).at(-1)!;
      const appended = p.functions.slice(1);
      assert.ok(total >= p.ownSlots, e.file);
      assert.equal(p.functions[0]!.name, p.name);
      if (appended.length === 0) assert.equal(total, p.ownSlots, `${e.file} ${p.name}`);
      for (const idx of p.mapIndices) assert.ok(idx < spec.maps.length);
      if (e.license !== undefined) assert.equal(p.license, e.license);
    }
    const expected = { ...e.exec_sections };
    const textSlots = expected['.text'];
    delete expected['.text'];
    if (stem(e.file).startsWith('testdata_linked')) {
      // bpftool gen object keeps the code of a weak function that another object's strong one
      // replaced, under no symbol: each function is its st_size (libbpf), so that code is in no program
      assert.deepEqual(Object.keys(secs).sort(), Object.keys(expected).sort(), e.file);
      for (const [k, n] of Object.entries(secs)) assert.ok(n <= expected[k]!, `${e.file} ${k}`);
    } else assert.deepEqual(secs, expected, e.file);
    if (textSlots !== undefined) assert.ok(spec.subprograms.length > 0, `${e.file}: .text has functions`);
    // map sections: every listed section contributes maps
    for (const ms of e.map_sections) assert.ok(spec.maps.some((m) => m.section === ms), `${e.file}: no map from ${ms}`);
    assert.equal(spec.btf !== undefined, e.has_BTF, e.file);
    assert.equal(spec.btfExt !== undefined, e.has_BTF_ext, e.file);
    if (e.license !== undefined) assert.equal(spec.license, e.license, e.file);
  }
  assert.equal(loaded + failed, 102);
  assert.equal(failed, 6);
});

/** compare specs of the two byte orders (instruction fields are byte-order free once decoded) */
test('loader: -el and -eb objects give the same specs', { skip }, () => {
  let pairs = 0;
  for (const e of summary()) {
    if (!e.file.endsWith('-el.elf') || EXPECTED_FAILURES[stem(e.file)]) continue;
    const ebFile = e.file.replace(/-el\.elf$/, '-eb.elf');
    if (!summary().some((x) => x.file === ebFile)) continue;
    const a = loadObjectSpec(readCorpus(e.file), { allowUnsupported: true });
    const b = loadObjectSpec(readCorpus(ebFile), { allowUnsupported: true });
    pairs++;
    assert.equal(a.bigEndian, false);
    assert.equal(b.bigEndian, true);
    const progs = (s: typeof a) => s.programs.map((p) => ({ ...p, insns: p.insns.map((i) => [i.code, i.dst, i.src, i.off, i.code === LDDW && i.src === 0 ? 0 : i.imm]) }));
    // immediates of plain 64-bit constants may legitimately differ (e.g. __BIG_ENDIAN__ code); compare the rest
    const pa = progs(a), pb = progs(b);
    assert.equal(pa.length, pb.length, e.file);
    for (let k = 0; k < pa.length; k++) {
      assert.equal(pa[k]!.name, pb[k]!.name);
      assert.equal(pa[k]!.type, pb[k]!.type);
      assert.equal(pa[k]!.insns.length, pb[k]!.insns.length, `${e.file} ${pa[k]!.name}`);
      assert.deepEqual(pa[k]!.functions, pb[k]!.functions);
      assert.deepEqual(pa[k]!.funcInfo, pb[k]!.funcInfo);
      assert.deepEqual(pa[k]!.lineInfo.map((l) => [l.insn, l.lineNum]), pb[k]!.lineInfo.map((l) => [l.insn, l.lineNum]));
      assert.deepEqual(pa[k]!.coreRelos, pb[k]!.coreRelos);
      assert.deepEqual(pa[k]!.externs, pb[k]!.externs);
      assert.deepEqual(pa[k]!.mapIndices, pb[k]!.mapIndices);
    }
    const maps = (s: typeof a) => s.maps.map((m) => ({ ...m, contents: m.contents.map((c) => ('value' in c ? { key: c.key, len: c.value.length } : c)) }));
    assert.deepEqual(maps(a), maps(b), e.file);
  }
  assert.ok(pairs >= 30, `${pairs} pairs`);
});

test('loader: loader-clang-* programs, calls into other sections and .text, map and data relocations', { skip }, () => {
  for (const v of ['14', '17', '22']) {
    for (const end of ['el', 'eb']) {
      const file = `testdata_loader-clang-${v}-${end}.elf`;
      const spec = loadObjectSpec(readCorpus(file), { file });
      assert.equal(spec.license, 'MIT');
      const xdp = spec.programs.find((p) => p.name === 'xdp_prog')!;
      assert.equal(xdp.type, BPF_PROG_TYPE_XDP);
      assert.equal(xdp.section, 'xdp');
      assert.deepEqual(xdp.functions.map((f) => f.name).sort(), ['global_fn', 'global_fn2', 'global_fn3', 'static_fn', 'xdp_prog']);
      // every bpf-to-bpf call lands on the start of a placed function
      const slots = slotIndices(xdp.insns);
      const starts = new Set(xdp.functions.map((f) => f.insn));
      let calls = 0;
      xdp.insns.forEach((i, k) => {
        if (i.code === 0x85 && i.src === BPF_PSEUDO_CALL) {
          calls++;
          assert.ok(starts.has(slots[k]! + 1 + i.imm), `call at ${slots[k]} -> ${slots[k]! + 1 + i.imm}`);
        }
      });
      assert.ok(calls >= 5);
      // func_info: one per placed function, at its start
      if (spec.btf) assert.deepEqual(xdp.funcInfo.map((f) => [f.insn, f.name]), xdp.functions.map((f) => [f.insn, f.name]).sort((a, b) => (a[0] as number) - (b[0] as number)));
      // lddw against hash_map -> PSEUDO_MAP_FD with the index of 'hash_map'; key1 (.bss) -> PSEUDO_MAP_VALUE
      const first = xdp.insns[0]!;
      assert.equal(first.src, BPF_PSEUDO_MAP_FD);
      assert.equal(spec.maps[first.imm]!.name, 'hash_map');
      const second = xdp.insns[1]!;
      assert.equal(second.src, BPF_PSEUDO_MAP_VALUE);
      assert.equal(spec.maps[second.imm]!.name, '.bss');
      assert.equal(second.imm2, 0);
      const arg = xdp.insns.find((i) => i.code === LDDW && i.src === BPF_PSEUDO_MAP_VALUE && spec.maps[i.imm]!.name === '.rodata')!;
      assert.ok(arg, 'reference to .rodata');
      const hm = spec.maps.find((m) => m.name === 'hash_map')!;
      assert.equal(hm.type, BPF_MAP_TYPE_HASH);
      assert.equal(hm.keySize, 4);
      assert.equal(hm.valueSize, 8);
      assert.equal(hm.maxEntries, 1);
      assert.equal(hm.flags, 1);
      const pin = spec.maps.find((m) => m.name === 'btf_pin')!;
      assert.equal(pin.pinning, LIBBPF_PIN_BY_NAME);
      const outer = spec.maps.find((m) => m.name === 'btf_outer_map')!;
      assert.equal(outer.type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
      assert.equal(outer.valueSize, 4);
      assert.ok(outer.innerMap);
      assert.equal(outer.innerMap!.type, BPF_MAP_TYPE_HASH); // inner_map_t: __uint(type, BPF_MAP_TYPE_HASH)
      assert.equal(outer.innerMap!.valueTypeId !== 0, true);
      const legacy = spec.maps.find((m) => m.name === 'bpf_decl_map')!;
      assert.equal(legacy.origin, 'legacy');
      assert.equal(legacy.type, BPF_MAP_TYPE_ARRAY);
      assert.equal(legacy.valueSize, 8);
      const ro = spec.maps.find((m) => m.name === '.rodata')!;
      assert.equal(ro.flags & BPF_F_RDONLY_PROG, BPF_F_RDONLY_PROG);
      assert.equal(ro.freeze, true);
      assert.equal(ro.maxEntries, 1);
      assert.ok('value' in ro.contents[0]! && ro.contents[0].value.length === ro.valueSize);
      // two programs in section socket/3 etc. are split by function; unknown-prefix sections keep the legacy match
      const s2 = spec.programs.find((p) => p.section === 'socket/2')!;
      assert.equal(s2.type, BPF_PROG_TYPE_SOCKET_FILTER);
      assert.equal(s2.legacySectionName, true);
      // asm_relocation references an undefined symbol: recorded, refused by assertNoKernelExterns(all)
      const asm = spec.programs.find((p) => p.name === 'asm_relocation')!;
      assert.deepEqual(asm.externs.map((x) => [x.name, x.kind]), [['MY_CONST', 'symbol']]);
      assert.throws(() => assertNoKernelExterns(asm, file, true), /unresolved symbol 'MY_CONST'/);
    }
  }
});

test('loader: BTF map-in-map and prog-array initialisers (btf_map_init)', { skip }, () => {
  for (const end of ['el', 'eb']) {
    const spec = loadObjectSpec(readCorpus(`testdata_btf_map_init-${end}.elf`));
    const pa = spec.maps.find((m) => m.name === 'prog_array_init')!;
    assert.equal(pa.type, BPF_MAP_TYPE_PROG_ARRAY);
    assert.ok(pa.contents.length >= 1);
    for (const c of pa.contents) assert.ok('program' in c && spec.programs.some((p) => p.name === c.program));
    const om = spec.maps.find((m) => m.name === 'outer_map_init')!;
    assert.ok(om.innerMap);
    assert.ok(om.contents.some((c) => 'map' in c && c.map === 'inner_map'));
  }
});

test('loader: section names map to program types as libbpf section_defs', () => {
  const t = (s: string) => findSectionDef(s);
  assert.equal(t('xdp')!.def.progType, BPF_PROG_TYPE_XDP);
  assert.equal(t('socket')!.def.progType, BPF_PROG_TYPE_SOCKET_FILTER);
  assert.equal(t('tc')!.def.progType, BPF_PROG_TYPE_SCHED_CLS);
  assert.equal(t('tc/ingress')!.def.expectedAttachType, BPF_TCX_INGRESS);
  assert.equal(t('classifier')!.def.progType, BPF_PROG_TYPE_SCHED_CLS);
  assert.equal(t('kprobe/do_sys_open')!.def.progType, BPF_PROG_TYPE_KPROBE);
  assert.equal(t('kprobe/do_sys_open')!.attachTo, 'do_sys_open');
  assert.equal(t('kprobe/do_sys_open')!.legacyPrefix, false);
  assert.equal(t('tracepoint/syscalls/sys_enter_open')!.def.progType, BPF_PROG_TYPE_TRACEPOINT);
  assert.equal(t('raw_tp/sched_switch')!.def.progType, BPF_PROG_TYPE_RAW_TRACEPOINT);
  assert.equal(t('fentry/tcp_connect')!.def.progType, BPF_PROG_TYPE_TRACING);
  assert.equal(t('fentry/tcp_connect')!.def.expectedAttachType, BPF_TRACE_FENTRY);
  assert.equal(t('cgroup_skb/egress')!.def.progType, BPF_PROG_TYPE_CGROUP_SKB);
  assert.equal(t('cgroup_skb/egress')!.def.expectedAttachType, BPF_CGROUP_INET_EGRESS);
  assert.equal(t('syscall')!.def.progType, BPF_PROG_TYPE_SYSCALL);
  assert.ok(t('syscall')!.def.flags);
  // "kprobe+" does not match "kprobex" strictly; libbpf < 1.0's prefix rule still does
  assert.equal(t('kprobex')!.legacyPrefix, true);
  assert.equal(t('nonsense'), undefined);
  void BPF_F_SLEEPABLE;
});

test('loader: kfunc calls become BPF_PSEUDO_KFUNC_CALL externs naming the function', { skip }, () => {
  const spec = loadObjectSpec(readCorpus('testdata_kfunc-el.elf'), { allowUnsupported: true });
  const p = spec.programs.find((x) => x.section === 'tc')!;
  assert.ok(p.externs.some((x) => x.kind === 'kfunc' && x.name === 'bpf_skb_ct_lookup'));
  const slots = slotIndices(p.insns);
  for (const x of p.externs.filter((y) => y.kind === 'kfunc')) {
    const k = slots.indexOf(x.insn);
    assert.equal(p.insns[k]!.src, BPF_PSEUDO_KFUNC_CALL);
  }
  assert.throws(() => assertNoKernelExterns(p), (e: unknown) => e instanceof BpfError && e.errno === 'ENOTSUPP' && /bpf_ct_release/.test(e.message));
});

test('loader: examples from cilium/ebpf get their libbpf program types', { skip }, () => {
  const type = (f: string) => loadObjectSpec(readCorpus(f)).programs[0]!;
  assert.equal(type('examples_kprobe_bpf_bpfel.o').type, BPF_PROG_TYPE_KPROBE);
  assert.equal(type('examples_kprobe_bpf_bpfel.o').attachTo, 'sys_execve');
  assert.equal(type('examples_xdp_bpf_bpfel.o').type, BPF_PROG_TYPE_XDP);
  assert.equal(type('examples_cgroup_skb_bpf_bpfel.o').type, BPF_PROG_TYPE_CGROUP_SKB);
  assert.equal(type('examples_tracepoint_in_c_bpf_bpfel.o').type, BPF_PROG_TYPE_TRACEPOINT);
  assert.equal(type('examples_tracepoint_in_c_bpf_bpfel.o').attachTo, 'kmem/mm_page_alloc');
  assert.equal(type('examples_tcx_bpf_bpfel.o').type, BPF_PROG_TYPE_SCHED_CLS);
});

test('loader: hostile inputs give BpfError (not an ELF, wrong machine, bad relocation)', { skip }, () => {
  assert.throws(() => loadObjectSpec(new Uint8Array([1, 2, 3])), (e: unknown) => e instanceof BpfError && e.errno === 'ENOEXEC');
  const good = readCorpus('testdata_loader-clang-17-el.elf');
  const m = good.slice(); m[18] = 62; // EM_X86_64
  assert.throws(() => loadObjectSpec(m), (e: unknown) => e instanceof BpfError && e.errno === 'ENOEXEC' && /EM_BPF/.test(e.message));
});

test('loader: .struct_ops.link variables become STRUCT_OPS maps naming their programs', { skip }, () => {
  for (const end of ['el', 'eb']) {
    const spec = loadObjectSpec(readCorpus(`testdata_struct_ops-${end}.elf`));
    const m = spec.maps.find((x) => x.name === 'testmod_ops')!;
    assert.equal(m.type, 26); // BPF_MAP_TYPE_STRUCT_OPS
    assert.equal(m.valueSize, 24);
    assert.deepEqual(m.structOps, [{ member: 'test_1', offset: 0, program: 'test_1' }]);
    assert.ok(spec.programs.some((p) => p.name === 'test_1' && p.section === 'struct_ops/test_1'));
  }
});

test('loader: .kconfig externs resolve to a read-only .kconfig map when values are given', { skip }, () => {
  const kconfig = { LINUX_KERNEL_VERSION: 0x060c00, LINUX_HAS_SYSCALL_WRAPPER: true, CONFIG_HZ: 250, CONFIG_BPF_SYSCALL: 'y', CONFIG_DEFAULT_HOSTNAME: '' };
  for (const end of ['el', 'eb'] as const) {
    const spec = loadObjectSpec(readCorpus(`testdata_kconfig-${end}.elf`), { kconfig });
    const p = spec.programs[0]!;
    assert.deepEqual(p.externs, []);
    const idx = spec.maps.findIndex((m) => m.name === '.kconfig');
    const m = spec.maps[idx]!;
    assert.equal(m.flags & BPF_F_RDONLY_PROG, BPF_F_RDONLY_PROG);
    const c = m.contents[0]!;
    assert.ok('value' in c);
    const dv = new DataView(c.value.buffer, c.value.byteOffset, c.value.byteLength);
    const le = end === 'el';
    // every lddw of the program points into .kconfig; read back what each slot holds
    const refs = p.insns.filter((i) => i.code === LDDW && i.src === BPF_PSEUDO_MAP_VALUE && i.imm === idx).map((i) => i.imm2);
    assert.equal(refs.length, 5);
    assert.equal(dv.getInt32(refs[0]!, le), 0x060c00); // LINUX_KERNEL_VERSION (int)
    assert.equal(dv.getUint8(refs[1]!), 1); // LINUX_HAS_SYSCALL_WRAPPER (_Bool)
    assert.equal(dv.getInt32(refs[2]!, le), 250); // CONFIG_HZ
    assert.equal(dv.getUint32(refs[3]!, le), 1); // CONFIG_BPF_SYSCALL (enum libbpf_tristate TRI_YES)
    assert.equal(dv.getUint8(refs[4]!), 0); // CONFIG_DEFAULT_HOSTNAME (char[1])
  }
  // without a value for every non-weak extern: ENOTSUPP naming the missing ones
  assert.throws(() => loadObjectSpec(readCorpus('testdata_kconfig-el.elf'), { kconfig: { CONFIG_HZ: 100 } }), (e: unknown) =>
    e instanceof BpfError && e.errno === 'ENOTSUPP' && /LINUX_KERNEL_VERSION/.test(e.message) && !/CONFIG_HZ/.test(e.message));
});

test('loader: lineInfoFor / functionFor name the source line and function of an instruction', { skip }, () => {
  const spec = loadObjectSpec(readCorpus('testdata_loader-clang-17-el.elf'));
  const p = spec.programs.find((x) => x.name === 'xdp_prog')!;
  const last = p.functions.at(-1)!;
  assert.equal(functionFor(p, last.insn)!.name, last.name);
  assert.equal(functionFor(p, 0)!.name, 'xdp_prog');
  const li = lineInfoFor(p, last.insn)!;
  assert.ok(li.fileName.endsWith('loader.c'));
  assert.ok(li.insn <= last.insn);
  assert.match(li.line, new RegExp(last.name) as RegExp);
});

test('loader: own clang-19 object: bpf_loop callback, global subprogram, values initialisers (both byte orders)', () => {
  for (const end of ['el', 'eb']) {
    const file = fileURLToPath(new URL(`../../../test/elf/testdata/core_vmlinux-${end}.bpf.o`, import.meta.url));
    const spec = loadObjectSpec(new Uint8Array(readFileSync(file)), { file });
    const p = spec.programs.find((x) => x.name === 'core_reads')!;
    assert.equal(p.type, BPF_PROG_TYPE_KPROBE);
    assert.equal(p.attachTo, 'do_nanosleep');
    assert.deepEqual(p.functions.map((f) => f.name), ['core_reads', 'global_sum', 'add_one']);
    // the callback's address: lddw src=BPF_PSEUDO_FUNC whose imm points at add_one
    const slots = slotIndices(p.insns);
    const k = p.insns.findIndex((i) => i.code === LDDW && i.src === 4);
    assert.ok(k >= 0, 'an lddw of a function address');
    assert.equal(slots[k]! + 1 + p.insns[k]!.imm, p.functions.find((f) => f.name === 'add_one')!.insn);
    assert.equal(spec.license, 'GPL');
    const outer = spec.maps.find((m) => m.name === 'outer')!;
    assert.deepEqual(outer.contents, [{ key: 0, map: 'inner_a' }, { key: 1, map: 'inner_b' }]);
    assert.equal(outer.innerMap!.maxEntries, 4);
    assert.deepEqual(spec.maps.find((m) => m.name === 'jumps')!.contents, [{ key: 1, program: 'tail' }]);
    const ro = spec.maps.find((m) => m.name === '.rodata')!;
    const v = (ro.contents[0] as { value: Uint8Array }).value;
    assert.equal(new DataView(v.buffer, v.byteOffset).getInt32(0, end === 'el'), 7); // config_threshold
    assert.equal(p.coreRelos.length, 8);
  }
});

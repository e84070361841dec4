/**
 * kfunc/kretfunc (fentry/fexit): programs typed by the kernel function's BTF prototype, verified by
 * tsbpf's verifier against the running kernel's vmlinux BTF (btf_ctx_access: argument slots, the
 * return value after them for fexit, PTR_TO_BTF_ID arguments), and either run by the kernel — where
 * it has BPF trampolines, compared with bpftrace — or refused with a sentence saying why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { compile } from '../../src/lang/bpftrace/compile.js';
import { verifyAll, verifyProbe } from '../../src/lang/bpftrace/verify_programs.js';
import { ScriptError } from '../../src/lang/bpftrace/errors.js';
import { LazyBtf } from '../../src/btf/lazy.js';
import { BtfTypes } from '../../src/lang/bpftrace/types.js';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { disassemble } from '../../src/asm/disasm.js';
import { listProbes } from '../../src/lang/bpftrace/list.js';

const btfBytes = existsSync('/sys/kernel/btf/vmlinux') ? new LazyBtf(new Uint8Array(readFileSync('/sys/kernel/btf/vmlinux'))) : undefined;
const btfTypes = btfBytes ? new BtfTypes(btfBytes) : undefined;
const btf = (): BtfTypes | undefined => btfTypes;
const noBtf = btfBytes ? false : 'no kernel BTF (/sys/kernel/btf/vmlinux)';
const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;

const SCRIPTS = [
  'kfunc:vfs_read { @[args->count] = count(); @f[str(args->file->f_path.dentry->d_name.name)] = count(); }',
  'kretfunc:vfs_read /retval > 0/ { @r = hist(retval); @c[args->count] = sum(retval); printf("%s %d %x\\n", func, args->file->f_flags, args->file->f_mode); }',
  'kfunc:tcp_connect { @[args->sk->__sk_common.skc_family, args->sk->__sk_common.skc_dport] = count(); }',
  'kretfunc:do_sys_openat2 { @[retval < 0 ? "error" : "ok"] = count(); @names[str(args->filename)] = count(); }',
  'fentry:vfs_write /pid == 1/ { @ = stats(args->count); } fexit:vfs_write { @w = lhist(retval, 0, 4096, 512); }',
];

test('kfunc/kretfunc programs pass tsbpf\'s verifier checked against the kernel function\'s BTF prototype', { skip: noBtf }, () => {
  for (const src of SCRIPTS) {
    const c = compile(src, { btf });
    assert.doesNotThrow(() => verifyAll(c), src);
    for (const p of c.probes) {
      assert.equal(p.progType, 'TRACING');
      assert.equal(p.expectedAttachType, p.target.kind === 'kfunc' ? 24 : 25);
      assert.equal(p.attachBtfId, btfBytes!.find(p.attachTo!, 12)!.id, 'attach_btf_id is the FUNC id');
      assert.ok(p.stats && p.stats.processed > 0);
    }
  }
});

test('kretfunc: retval is the context slot after the arguments; reading past it is refused by the verifier as the kernel refuses it', { skip: noBtf }, () => {
  const c = compile('kretfunc:vfs_read { @ = sum(retval); }', { btf });
  const p = c.probes[0]!;
  // vfs_read(struct file *, char *, size_t, loff_t *): retval is slot 4 (offset 32)
  const text = disassemble(p.insns, { syntax: 'kernel' });
  assert.match(text, /r0 = \*\(u64 \*\)\(r6 \+32\)/);
  verifyProbe(c, p);
  // slot 5 does not exist: btf_ctx_access refuses the load
  const i = p.insns.findIndex((x) => x.code === 0x79 && x.off === 32);
  p.insns[i] = { ...p.insns[i]!, off: 40 };
  assert.throws(() => verifyProbe(c, p), (e: unknown) => e instanceof ScriptError && /vfs_read/.test(e.detail) && e.errno === 'EACCES', 'refused naming the function');
});

test('kfunc errors: a function the BTF does not have, fields the prototype does not have', { skip: noBtf }, () => {
  const err = (src: string): string => {
    try {
      compile(src, { btf });
    } catch (e) {
      if (e instanceof ScriptError) return e.detail;
      throw e;
    }
    return '';
  };
  assert.match(err('kfunc:tlang_no_such_function { @ = count(); }'), /the kernel's BTF has no function 'tlang_no_such_function'/);
  assert.equal(err('kfunc:vfs_read { @ = args->nosuch; }'), "Struct/union of type 'struct kfunc_vfs_read_args' does not contain a field named 'nosuch'");
  assert.match(err('kfunc:vfs_read { @ = retval; }'), /retval builtin can only be used with/);
  assert.match(err('kretfunc:vfs_read { @ = args->count; }'), /^$/);
});

const kern = kernelAvailable();
const root = process.getuid?.() === 0;

test('kfunc on the running kernel: runs (and agrees with bpftrace), or is refused with a sentence saying why', { skip: noBtf || (!kern.ok && `bpf() unavailable: ${kern.reason}`) || (!root && 'needs root') }, (t) => {
  const prog = 'kfunc:vfs_read /comm == "dd"/ { @[args->count] = count(); }';
  const args = ['-f', 'json', '-e', prog, '-c', '/usr/bin/dd if=/dev/zero of=/dev/null bs=1000 count=5 status=none'];
  const ours = spawnSync(process.execPath, [tsbpf, 'trace', ...args], { encoding: 'utf8', timeout: 60000 });
  if (ours.status !== 0) {
    // this kernel (and bpftrace on it: "kfunc/kretfunc not available for your kernel version") has none
    assert.match(ours.stderr, /kfunc:vfs_read: kfunc\/kretfunc not available: .*\(BPF_PROG_LOAD: E[A-Z]+/);
    assert.match(ours.stderr, /\n~+/, 'a caret line under the probe');
    t.skip(`this kernel refuses fentry programs: ${ours.stderr.split('\n')[0]}`);
    return;
  }
  const theirs = spawnSync('bpftrace', args, { encoding: 'utf8', timeout: 60000 });
  const lines = (s: string): unknown[] => s.split('\n').filter((l) => l.startsWith('{') && !l.includes('attached_probes')).map((l) => JSON.parse(l));
  assert.deepEqual(lines(ours.stdout), lines(theirs.stdout));
});

test('kfunc wildcards and kfunc:vmlinux:F expand to the BTF FUNCs that match (bpftool btf dump as the reference)', { skip: noBtf }, () => {
  const c = compile('kfunc:vmlinux:tcp_v4_c* { @[probe] = count(); } kretfunc:vfs_rea* { @r = count(); }', { btf });
  verifyAll(c);
  const got = c.probes.map((p) => p.target.name).sort();
  // the reference: bpftool's dump of the same BTF, FUNC records by name
  const dump = spawnSync('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (dump.status === 0) {
    const funcs = [...dump.stdout.matchAll(/^\[\d+\] FUNC '([^']+)'/gm)].map((m) => m[1]!);
    const want = [...new Set(funcs.filter((f) => /^tcp_v4_c/.test(f)))].map((f) => `kfunc:${f}`)
      .concat([...new Set(funcs.filter((f) => /^vfs_rea/.test(f)))].map((f) => `kretfunc:${f}`)).sort();
    assert.deepEqual(got, want);
  }
  assert.ok(got.includes('kfunc:tcp_v4_connect') && got.includes('kretfunc:vfs_read'), got.join(' '));
  for (const p of c.probes) assert.equal(p.attachBtfId, btfBytes!.find(p.attachTo!, 12)!.id);
  // the module spelling of a single function is the function itself
  assert.deepEqual(compile('kfunc:vmlinux:vfs_read { @ = count(); }', { btf }).probes.map((p) => p.target.name), ['kfunc:vfs_read']);
});

test('kfunc errors: no match, a module without BTF, and bpftrace\'s probe limit', { skip: noBtf }, () => {
  const err = (src: string, o: Parameters<typeof compile>[1] = {}): string => {
    try {
      compile(src, { btf, ...o });
    } catch (e) {
      assert.ok(e instanceof ScriptError, String(e));
      return `${e.errno} ${e.detail}`;
    }
    return '';
  };
  assert.match(err('kfunc:zzz_no_such_* { }'), /^ENOENT No probes matched kfunc:zzz_no_such_\*/);
  assert.match(err('kfunc:nosuchmod:f { }', { moduleBtf: () => undefined }), /^ENOENT kfunc:nosuchmod:f: no BTF for module 'nosuchmod' \(\/sys\/kernel\/btf\/nosuchmod does not exist/);
  assert.match(err('kfunc:vmlinux:* { }'), /^E2BIG Can't attach to \d+ probes because it exceeds the current limit of 512 probes\./);
  assert.equal(err('kfunc:vfs_* { }', { maxProbes: 100000 }), '');
});

/**
 * A module's split BTF on the running kernel's vmlinux BTF, as /sys/kernel/btf/MODULE holds it
 * (this machine's kernel has its drivers built in: /sys/kernel/btf has no module to use): a
 * pointer to vmlinux's `struct file`, a prototype `int (int a, struct file *f)` and two FUNCs of
 * it. Ids continue vmlinux's, string offsets continue its string section (libbpf btf__new_split).
 */
function moduleBtfBytes(base: LazyBtf, funcs: string[]): { bytes: Uint8Array; ids: Record<string, number> } {
  const intId = base.idsByName('int').find((id) => base.type(id).kind === 1)!;
  const fileId = base.find('file', 4)!.id;
  let strs = '\0';
  const str = (x: string): number => {
    const at = strs.length;
    strs += `${x}\0`;
    return base.stringsLength + at;
  };
  const ptr = base.typeCount;
  const proto = ptr + 1;
  const words = [0, 2 << 24, fileId, 0, (13 << 24) | 2, intId, str('a'), intId, str('f'), ptr];
  const ids: Record<string, number> = {};
  funcs.forEach((f, i) => {
    ids[f] = proto + 1 + i;
    words.push(str(f), (12 << 24) | 1, proto);
  });
  const sb = new TextEncoder().encode(strs);
  const out = new Uint8Array(24 + words.length * 4 + sb.length);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, 0xeb9f, true);
  dv.setUint8(2, 1);
  dv.setUint32(4, 24, true);
  dv.setUint32(8, 0, true);
  dv.setUint32(12, words.length * 4, true);
  dv.setUint32(16, words.length * 4, true);
  dv.setUint32(20, sb.length, true);
  words.forEach((w, i) => dv.setUint32(24 + i * 4, w >>> 0, true));
  out.set(sb, 24 + words.length * 4);
  return { bytes: out, ids };
}

test('kfunc:MODULE:F: the FUNC id of the module\'s split BTF, args typed by its prototype (through vmlinux types), verified; wildcards over the module\'s own functions', { skip: noBtf }, () => {
  const funcs = ['tsbpf_testmod_read', 'tsbpf_testmod_write', 'tsbpf_other'];
  const { bytes, ids } = moduleBtfBytes(btfBytes!, funcs);
  const mod = new BtfTypes(new LazyBtf(bytes, btfBytes));
  const opts = { btf, moduleBtf: (m: string) => (m === 'tsbpf_testmod' ? mod : undefined), kallsyms: () => new Map(funcs.map((f, i) => [f, BigInt(i + 1)])) };
  const c = compile('kfunc:tsbpf_testmod:tsbpf_testmod_read { @[args->a] = count(); @f[args->f->f_flags] = count(); }', opts);
  const p = c.probes[0]!;
  assert.equal(p.target.name, 'kfunc:tsbpf_testmod:tsbpf_testmod_read');
  assert.equal(p.attachBtfId, ids.tsbpf_testmod_read);
  assert.ok(p.attachBtfId! >= btfBytes!.typeCount, 'a split BTF id, past vmlinux\'s');
  assert.equal(p.attachBtfModule, 'tsbpf_testmod');
  assert.equal(p.expectedAttachType, 24);
  // tsbpf's verifier checks the context against the module function's prototype: f is PTR_TO_BTF_ID struct file
  assert.doesNotThrow(() => verifyAll(c));
  // retval of a kretfunc: the slot after its two arguments
  const r = compile('kretfunc:tsbpf_testmod:tsbpf_testmod_read { @ = sum(retval); }', opts);
  assert.match(disassemble(r.probes[0]!.insns, { syntax: 'kernel' }), /r0 = \*\(u64 \*\)\(r6 \+16\)/);
  verifyProbe(r, r.probes[0]!);
  const past = r.probes[0]!;
  const i = past.insns.findIndex((x) => x.code === 0x79 && x.off === 16);
  past.insns[i] = { ...past.insns[i]!, off: 24 };
  assert.throws(() => verifyProbe(r, past), (e: unknown) => e instanceof ScriptError && e.errno === 'EACCES');
  // a wildcard matches the module's own FUNCs (not vmlinux's, which its split BTF also reaches)
  const w = compile('kfunc:tsbpf_testmod:tsbpf_testmod_* { @[probe] = count(); }', opts);
  assert.deepEqual(w.probes.map((x) => x.target.name), ['kfunc:tsbpf_testmod:tsbpf_testmod_read', 'kfunc:tsbpf_testmod:tsbpf_testmod_write']);
  assert.deepEqual(w.probes.map((x) => x.attachBtfId), [ids.tsbpf_testmod_read, ids.tsbpf_testmod_write]);
  // errors: a vmlinux function named under the module, an unknown field
  const err = (src: string): string => {
    try {
      compile(src, opts);
    } catch (e) {
      assert.ok(e instanceof ScriptError, String(e));
      return `${e.errno} ${e.detail}`;
    }
    return '';
  };
  assert.match(err('kfunc:tsbpf_testmod:vfs_read { }'), /^ENOENT kfunc:tsbpf_testmod:vfs_read: the BTF of module 'tsbpf_testmod' has no function 'vfs_read'/);
  assert.match(err('kfunc:tsbpf_testmod:zz* { }'), /^ENOENT No probes matched kfunc:tsbpf_testmod:zz\*/);
  assert.match(err('kfunc:tsbpf_testmod:tsbpf_testmod_read { @ = args->nosuch; }'), /nosuch/);
});

test('-l \'kfunc:MODULE:*\': a module\'s own FUNCs from its split BTF, with -v their prototype; module globs; a module without BTF named', { skip: noBtf }, () => {
  const funcs = ['tsbpf_testmod_read', 'tsbpf_testmod_write', 'tsbpf_other'];
  const modBtf = new LazyBtf(moduleBtfBytes(btfBytes!, funcs).bytes, btfBytes);
  const other = new LazyBtf(moduleBtfBytes(btfBytes!, ['zz_mod2_fn']).bytes, btfBytes);
  const o = { verbose: false, btf: () => btfBytes, modules: () => ['vmlinux', 'tsbpf_testmod', 'zz_mod2'], moduleBtf: (m: string) => (m === 'tsbpf_testmod' ? modBtf : m === 'zz_mod2' ? other : undefined) };
  // the module's own functions, in BTF order — not the vmlinux ones its split BTF reaches
  assert.deepEqual(listProbes('kfunc:tsbpf_testmod:*', o), funcs.map((f) => `kfunc:tsbpf_testmod:${f}`));
  assert.deepEqual(listProbes('kretfunc:tsbpf_testmod:tsbpf_testmod_*', o), ['kretfunc:tsbpf_testmod:tsbpf_testmod_read', 'kretfunc:tsbpf_testmod:tsbpf_testmod_write']);
  // -v: the prototype's parameters through vmlinux's types, and retval
  assert.deepEqual(listProbes('kfunc:tsbpf_testmod:tsbpf_other', { ...o, verbose: true }), ['kfunc:tsbpf_testmod:tsbpf_other', '    int a', '    struct file * f', '    int retval']);
  // a glob over module names: every module that matches, sorted; vmlinux in bpftrace 0.17's spelling
  assert.deepEqual(listProbes('kfunc:*:*_fn', o).filter((l) => l.includes('zz_')), ['kfunc:zz_mod2:zz_mod2_fn']);
  const both = listProbes('kfunc:*:vfs_read', o);
  assert.deepEqual(both, ['kfunc:vfs_read'], 'vmlinux\'s vfs_read, and no module has one');
  assert.deepEqual(listProbes('kfunc:vmlinux:vfs_read', o), listProbes('kfunc:vfs_read', o));
  // vmlinux's own listing is unchanged by modules
  assert.ok(!listProbes('kfunc:tsbpf_*', o).length, 'a two-part pattern lists vmlinux only, as bpftrace 0.17');
  assert.throws(() => listProbes('kfunc:nosuchmod:*', o), /ENOENT.*no BTF for module 'nosuchmod' \(\/sys\/kernel\/btf\/nosuchmod does not exist/);
  assert.deepEqual(listProbes('kfunc:nosuch*:*', o), [], 'a glob matching no module lists nothing');
});

test('tsbpf trace -l \'kfunc:MODULE:*\' on this machine: every module under /sys/kernel/btf listed from its BTF, a missing one named', { skip: noBtf }, () => {
  const mods = readdirSync('/sys/kernel/btf').filter((n) => n !== 'vmlinux');
  const r = spawnSync(process.execPath, [tsbpf, 'trace', '-l', 'kfunc:*:*'], { encoding: 'utf8', timeout: 60000, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n').filter(Boolean);
  // vmlinux's functions in 0.17's spelling, then each module's as kfunc:MODULE:F (none where the drivers are built in)
  assert.equal(lines.filter((l) => l.split(':').length === 2).length, btfBytes!.idsOfKind(12).length);
  assert.deepEqual([...new Set(lines.filter((l) => l.split(':').length === 3).map((l) => l.split(':')[1]))], mods.filter((m) => new LazyBtf(new Uint8Array(readFileSync(`/sys/kernel/btf/${m}`)), btfBytes).idsOfKind(12, true).length).sort());
  const missing = spawnSync(process.execPath, [tsbpf, 'trace', '-l', 'kfunc:tsbpf_no_such_module:*'], { encoding: 'utf8', timeout: 60000 });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /ENOENT: kfunc:tsbpf_no_such_module:\*: no BTF for module 'tsbpf_no_such_module'/);
});

// the live part needs a module with BTF and a kernel that loads fentry programs
const liveModule = existsSync('/sys/kernel/btf') ? readdirSync('/sys/kernel/btf').find((n) => n !== 'vmlinux') : undefined;
test('kfunc:MODULE:F on the running kernel (attach_btf_obj_fd: the module\'s BTF object)', { skip: !liveModule ? 'no module with BTF here (/sys/kernel/btf holds only vmlinux: the drivers are built in)' : !kernelAvailable().ok || process.getuid?.() !== 0 ? 'needs root and bpf()' : false }, () => {
  const fn = (() => {
    const b = new LazyBtf(new Uint8Array(readFileSync(`/sys/kernel/btf/${liveModule}`)), btfBytes);
    return b.type(b.idsOfKind(12, true)[0]!).name;
  })();
  const r = spawnSync(process.execPath, [tsbpf, 'trace', '-e', `kfunc:${liveModule}:${fn} { @ = count(); } interval:ms:100 { exit(); }`], { encoding: 'utf8', timeout: 60000 });
  // runs, or is refused with the kernel's reason (this kernel refuses fentry even to root)
  if (r.status !== 0) assert.match(r.stderr, /kfunc\/kretfunc not available: .*\(BPF_PROG_LOAD: E[A-Z]+/);
  else assert.match(r.stdout, /Attaching 2 probes/);
});

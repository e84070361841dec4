/**
 * The kernel profile (progtypes/func_proto.ts KernelProfile, kernel/system.ts kernelProfile): the
 * helpers a kernel's lockdown level and build options take away are refused by the verifier as
 * that kernel's get_func_proto refuses them, and the running kernel's profile is what loadObject
 * and `prog verify` use by default. func_proto_kernel.test.ts checks every (program type, helper)
 * pair against the running kernel with its profile; here the derivation and the verdicts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '../../src/asm/index.js';
import { verify } from '../../src/verifier/index.js';
import { helpersTakenAway } from '../../src/progtypes/func_proto.js';
import { kernelLockdown, kernelProfile, parseKconfig } from '../../src/kernel/system.js';
import { BPF_PROG_TYPE as PT } from '../../src/progtypes/index.js';

const cfg = (lines: string): Record<string, string> => parseKconfig(lines.trim().split('\n').map((l) => l.trim()).join('\n'));

test('lockdown level: forced by the build, raised by lockdown= on the command line, off without the LSM', () => {
  const base = 'CONFIG_SECURITY_LOCKDOWN_LSM=y\nCONFIG_LSM="landlock,lockdown,bpf"';
  assert.equal(kernelLockdown(cfg(`${base}\nCONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY=y`), ''), 'integrity');
  assert.equal(kernelLockdown(cfg(`${base}\nCONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY=y`), ''), 'confidentiality');
  assert.equal(kernelLockdown(cfg(base), ''), 'none');
  assert.equal(kernelLockdown(cfg(base), 'quiet lockdown=confidentiality'), 'confidentiality');
  // the command line cannot lower a level the build forces
  assert.equal(kernelLockdown(cfg(`${base}\nCONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY=y`), 'lockdown=none'), 'integrity');
  // lsm= without lockdown leaves it out, unless the LSM is an early one
  assert.equal(kernelLockdown(cfg(`${base}\nCONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY=y`), 'lsm=apparmor,bpf'), 'none');
  assert.equal(kernelLockdown(cfg(`${base}\nCONFIG_SECURITY_LOCKDOWN_LSM_EARLY=y\nCONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY=y`), 'lsm=apparmor'), 'integrity');
  // arguments after `--` go to init, not to the kernel
  assert.equal(kernelLockdown(cfg(base), 'quiet -- lockdown=integrity'), 'none');
  assert.equal(kernelLockdown(cfg('CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY=y'), ''), 'none');
});

test('helpers taken away: lockdown levels and the config options the get_func_proto functions test', () => {
  assert.deepEqual(helpersTakenAway(undefined), []);
  assert.deepEqual(helpersTakenAway({ lockdown: 'none' }), []);
  assert.deepEqual(helpersTakenAway({ lockdown: 'integrity' }), ['probe_write_user']);
  assert.deepEqual(helpersTakenAway({ lockdown: 'confidentiality' }), ['probe_read', 'probe_read_kernel', 'probe_read_kernel_str', 'probe_read_str', 'probe_write_user']);
  const all = new Set(['CONFIG_BPF_KPROBE_OVERRIDE', 'CONFIG_IPV6_SEG6_BPF', 'CONFIG_XFRM', 'CONFIG_CGROUP_NET_CLASSID', 'CONFIG_SYN_COOKIES']);
  assert.deepEqual(helpersTakenAway({ config: all }), []);
  const noOverride = new Set([...all].filter((c) => c !== 'CONFIG_BPF_KPROBE_OVERRIDE'));
  assert.deepEqual(helpersTakenAway({ config: noOverride }), ['override_return']);
});

test('the verifier refuses a helper the profile takes away with the kernel\'s words, and accepts it without one', () => {
  // bpf_override_return(ctx, 0) from a kprobe (tracex7.bpf.c, kprobe_multi_override.c)
  const kprobe = assemble('r2 = 0\ncall 58\nr0 = 0\nexit');
  assert.equal(verify(kprobe, { progType: PT.KPROBE }).accepted, true);
  const r = verify(kprobe, { progType: PT.KPROBE, kernelProfile: { config: new Set(['CONFIG_XFRM']) } });
  assert.equal(r.accepted, false);
  assert.equal(r.errno, 'EINVAL');
  assert.match(r.message!, /^program of this type cannot use helper bpf_override_return#58/);
  assert.match(r.explanation ?? '', /built without CONFIG_BPF_KPROBE_OVERRIDE/);
  // bpf_probe_write_user(dst, src, len) under integrity lockdown (test_probe_user.c)
  const write = assemble('r1 = 0\nr2 = r10\nr2 += -8\n*(u64 *)(r10 - 8) = r1\nr3 = 8\ncall 36\nr0 = 0\nexit');
  assert.equal(verify(write, { progType: PT.KPROBE }).accepted, true);
  const w = verify(write, { progType: PT.KPROBE, kernelProfile: { lockdown: 'integrity' } });
  assert.match(w.message ?? 'accepted', /^program of this type cannot use helper bpf_probe_write_user#36/);
});

test('a kconfig file names another kernel: its options and its forced lockdown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-kprofile-'));
  try {
    const f = join(dir, 'config');
    writeFileSync(f, 'CONFIG_SECURITY_LOCKDOWN_LSM=y\nCONFIG_LSM="lockdown"\nCONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY=y\nCONFIG_BPF_KPROBE_OVERRIDE=y\n# CONFIG_XFRM is not set\n');
    const p = kernelProfile(f)!;
    assert.equal(p.lockdown, 'integrity');
    assert.deepEqual(helpersTakenAway(p), ['get_cgroup_classid', 'lwt_seg6_action', 'lwt_seg6_adjust_srh', 'lwt_seg6_store_bytes', 'probe_write_user',
      'skb_cgroup_classid', 'skb_get_xfrm_state', 'tcp_raw_check_syncookie_ipv4', 'tcp_raw_check_syncookie_ipv6', 'tcp_raw_gen_syncookie_ipv4', 'tcp_raw_gen_syncookie_ipv6']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Which helpers each program type may call, asked of the running kernel: one tiny program per
 * (program type, helper) — r1..r5 = 0, call, exit — loaded with BPF_PROG_LOAD; the kernel knows
 * the helper unless the log says "unknown func" (get_func_proto returned NULL). tsbpf's tables
 * (progtypes/func_proto.ts), less the helpers the running kernel's configuration and lockdown take
 * away, must give the same answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeFd, KernelError, kernelAvailable, progLoad } from '../../src/hooks/kernel/index.js';
import { BPF_ATTACH_TYPE as AT, BPF_PROG_TYPE as PT, progTypeInfo, progTypeName } from '../../src/progtypes/index.js';
import { HELPER_NAMES } from '../../src/isa/helper_ids.js';
import { helpersTakenAway } from '../../src/progtypes/func_proto.js';
import { kernelProfile } from '../../src/kernel/system.js';
import type { Instruction } from '../../src/isa/instruction.js';

const I = (code: number, dst = 0, imm = 0): Instruction => ({ code, dst, src: 0, off: 0, imm, imm2: 0 });

/** program types and the attach types they are probed with */
const TYPES: Array<[number, number]> = [
  [PT.SOCKET_FILTER, 0], [PT.KPROBE, 0], [PT.SCHED_CLS, 0], [PT.SCHED_ACT, 0], [PT.TRACEPOINT, 0], [PT.XDP, 0],
  [PT.PERF_EVENT, 0], [PT.CGROUP_SKB, 0], [PT.CGROUP_SOCK, 0], [PT.LWT_IN, 0], [PT.LWT_OUT, 0], [PT.LWT_XMIT, 0],
  [PT.SOCK_OPS, 0], [PT.SK_SKB, 0], [PT.CGROUP_DEVICE, AT.CGROUP_DEVICE], [PT.SK_MSG, 0], [PT.RAW_TRACEPOINT, 0],
  [PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET4_CONNECT], [PT.CGROUP_SOCK_ADDR, AT.CGROUP_UDP4_RECVMSG], [PT.LWT_SEG6LOCAL, 0],
  [PT.SK_REUSEPORT, 0], [PT.FLOW_DISSECTOR, 0], [PT.CGROUP_SYSCTL, AT.CGROUP_SYSCTL], [PT.RAW_TRACEPOINT_WRITABLE, 0],
  [PT.CGROUP_SOCKOPT, AT.CGROUP_GETSOCKOPT], [PT.CGROUP_SOCKOPT, AT.CGROUP_SETSOCKOPT], [PT.SK_LOOKUP, AT.SK_LOOKUP],
];

/**
 * The running kernel's lockdown level and build options (kernel/system.ts kernelProfile): the
 * helpers they take away (progtypes helpersTakenAway: bpf_probe_write_user under lockdown,
 * bpf_override_return without CONFIG_BPF_KPROBE_OVERRIDE, the seg6 helpers…) must be exactly the
 * ones this kernel calls unknown.
 */
const profile = kernelProfile();
const takenAway = new Set(helpersTakenAway(profile));

const avail = kernelAvailable();

test('the helpers of each program type are the ones the running kernel offers', { skip: !avail.ok ? avail.reason : !profile ? 'the running kernel\'s configuration (/proc/config.gz, /boot/config-*) is not readable' : false }, () => {
  const wrong: string[] = [];
  let probes = 0;
  for (const [type, attach] of TYPES) {
    const info = progTypeInfo(type)!;
    for (let id = 1; id < HELPER_NAMES.length; id++) {
      const insns = [I(0xb7, 1), I(0xb7, 2), I(0xb7, 3), I(0xb7, 4), I(0xb7, 5), I(0x85, 0, id), I(0xb7, 0), I(0x95)];
      let log: string;
      try {
        const r = progLoad({ progType: type, insns, logLevel: 1, logSize: 4096, expectedAttachType: attach, retryWithLog: false });
        closeFd(r.fd);
        log = r.log;
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        log = e.log;
      }
      probes++;
      const kernel = !/unknown func|invalid func|program of this type cannot use helper/.test(log);
      const name = HELPER_NAMES[id]!;
      const mine = info.getFuncProto(id, { attachType: attach }) !== undefined && !takenAway.has(name);
      if (mine === kernel) continue;
      wrong.push(`${progTypeName(type)}${attach ? ` (attach ${attach})` : ''}: bpf_${name} ${kernel ? 'offered by the kernel only' : 'offered by tsbpf only'}`);
    }
  }
  assert.ok(probes > 5000);
  assert.deepEqual(wrong, []);
});

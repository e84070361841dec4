/**
 * Which helpers each program type may call, asked of the running kernel: one tiny program per
 * (program type, helper) — r1..r5 = 0, call, exit — loaded with BPF_PROG_LOAD; the kernel knows
 * the helper unless the log says "unknown func" (get_func_proto returned NULL). tsbpf's tables
 * (progtypes/func_proto.ts) must give the same answer, except for helpers that depend on kernel
 * configuration or lockdown, which tsbpf offers as a fully configured kernel would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeFd, KernelError, kernelAvailable, progLoad } from '../../src/hooks/kernel/index.js';
import { BPF_ATTACH_TYPE as AT, BPF_PROG_TYPE as PT, progTypeInfo, progTypeName } from '../../src/progtypes/index.js';
import { HELPER_NAMES } from '../../src/isa/helper_ids.js';
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
 * Helpers a kernel offers only with some configuration, or not under lockdown: tsbpf offers
 * them; a kernel built or booted without them calls them unknown.
 */
const CONFIG_DEPENDENT = new Set([
  'probe_write_user',        // lockdown (LOCKDOWN_BPF_WRITE_USER)
  'probe_read_kernel', 'probe_read_kernel_str', 'probe_read', 'probe_read_str', // lockdown (LOCKDOWN_BPF_READ_KERNEL)
  'override_return',         // CONFIG_BPF_KPROBE_OVERRIDE
  'skb_get_xfrm_state',      // CONFIG_XFRM
  'lwt_seg6_store_bytes', 'lwt_seg6_adjust_srh', 'lwt_seg6_action', // CONFIG_IPV6_SEG6_BPF
  'skb_cgroup_classid', 'get_cgroup_classid', // CONFIG_CGROUP_NET_CLASSID
  'tcp_raw_gen_syncookie_ipv4', 'tcp_raw_gen_syncookie_ipv6', 'tcp_raw_check_syncookie_ipv4', 'tcp_raw_check_syncookie_ipv6', // CONFIG_SYN_COOKIES
]);

const avail = kernelAvailable();

test('the helpers of each program type are the ones the running kernel offers', { skip: avail.ok ? false : avail.reason }, () => {
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
      const mine = info.getFuncProto(id, { attachType: attach }) !== undefined;
      const name = HELPER_NAMES[id]!;
      if (mine === kernel || (mine && CONFIG_DEPENDENT.has(name))) continue;
      wrong.push(`${progTypeName(type)}${attach ? ` (attach ${attach})` : ''}: bpf_${name} ${kernel ? 'offered by the kernel only' : 'offered by tsbpf only'}`);
    }
  }
  assert.ok(probes > 5000);
  assert.deepEqual(wrong, []);
});

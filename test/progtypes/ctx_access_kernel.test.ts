/**
 * Context access rules against the running kernel: for each program type (and attach type),
 * every aligned offset around its context at sizes 1, 2, 4 and 8, read and written, is loaded as
 * a one-access program with BPF_PROG_LOAD; the kernel's accept/reject must be tsbpf's verdict.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeFd, KernelError, kernelAvailable, progLoad } from '../../src/hooks/kernel/index.js';
import { BPF_ATTACH_TYPE as AT, BPF_PROG_TYPE as PT, progTypeInfo, progTypeName } from '../../src/progtypes/index.js';
import type { Instruction } from '../../src/isa/instruction.js';

const I = (code: number, dst = 0, src = 0, off = 0, imm = 0): Instruction => ({ code, dst, src, off, imm, imm2: 0 });
const SIZE_BITS: Record<number, number> = { 1: 0x10, 2: 0x08, 4: 0x00, 8: 0x18 };

/** [program type, expected attach type, bytes of context to cover] */
const TYPES: Array<[number, number, number]> = [
  [PT.SOCKET_FILTER, 0, 192], [PT.SCHED_CLS, 0, 192], [PT.XDP, 0, 24], [PT.XDP, AT.XDP_DEVMAP, 24], [PT.KPROBE, 0, 168],
  [PT.CGROUP_SKB, 0, 192], [PT.LWT_IN, 0, 192], [PT.LWT_XMIT, 0, 192], [PT.SK_SKB, 0, 192], [PT.FLOW_DISSECTOR, 0, 192],
  [PT.PERF_EVENT, 0, 184], [PT.CGROUP_SOCK, 0, 80], [PT.CGROUP_SOCK, AT.CGROUP_INET4_POST_BIND, 80],
  [PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET4_CONNECT, 72], [PT.CGROUP_SOCK_ADDR, AT.CGROUP_UDP6_SENDMSG, 72],
  [PT.SOCK_OPS, 0, 224], [PT.SK_MSG, 0, 80], [PT.SK_LOOKUP, AT.SK_LOOKUP, 72], [PT.SK_REUSEPORT, 0, 56],
  [PT.CGROUP_DEVICE, AT.CGROUP_DEVICE, 12], [PT.CGROUP_SYSCTL, AT.CGROUP_SYSCTL, 8],
  [PT.CGROUP_SOCKOPT, AT.CGROUP_GETSOCKOPT, 40], [PT.CGROUP_SOCKOPT, AT.CGROUP_SETSOCKOPT, 40],
  [PT.RAW_TRACEPOINT, 0, 96], [PT.TRACEPOINT, 0, 64],
];

const avail = kernelAvailable();

test('context accesses get the running kernel verifier verdict', { skip: avail.ok ? false : avail.reason }, () => {
  const wrong: string[] = [];
  let probes = 0;
  for (const [type, attach, size] of TYPES) {
    const info = progTypeInfo(type)!;
    for (const sz of [1, 2, 4, 8]) {
      for (let off = -8; off < size + 8; off++) {
        // aligned accesses everywhere, and 4-byte accesses at 2 mod 4 to see misalignment refused
        if (off % sz !== 0 && !(sz === 4 && ((off % 4) + 4) % 4 === 2)) continue;
        for (const write of [false, true]) {
          const insns = write
            ? [I(0xb7, 2), I(0x63 | SIZE_BITS[sz]!, 1, 2, off), I(0xb7, 0), I(0x95)]
            : [I(0x61 | SIZE_BITS[sz]!, 0, 1, off), I(0xb7, 0), I(0x95)];
          let kernel: boolean;
          try {
            closeFd(progLoad({ progType: type, insns, expectedAttachType: attach, retryWithLog: false }).fd);
            kernel = true;
          } catch (e) {
            if (!(e instanceof KernelError)) throw e;
            kernel = false;
          }
          probes++;
          const mine = info.isValidAccess(off, sz, write, { attachType: attach }).ok;
          if (mine !== kernel) wrong.push(`${progTypeName(type)}${attach ? `/${attach}` : ''}: ${write ? 'write' : 'read'} off=${off} size=${sz}: kernel ${kernel ? 'accepts' : 'refuses'}`);
        }
      }
    }
  }
  assert.ok(probes > 8000, `${probes} probes`);
  assert.deepEqual(wrong, []);
});

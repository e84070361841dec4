/**
 * Helper prototypes against the running kernel: each helper is called with r1..r5 = 0 from a
 * program type that offers it. Arguments that take a scalar 0 (ARG_ANYTHING, sizes, *_OR_NULL
 * pointers) pass; the first one that does not makes the verifier name its register ("R2 type=
 * scalar expected=fp, pkt, ..."). That register must be the first such argument of tsbpf's
 * prototype — a check of every prototype's argument order and kinds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeFd, KernelError, kernelAvailable, progLoad } from '../../src/hooks/kernel/index.js';
import { BPF_ATTACH_TYPE as AT, BPF_PROG_TYPE as PT, progTypeInfo } from '../../src/progtypes/index.js';
import { HELPER_NAMES } from '../../src/isa/helper_ids.js';
import { ARG_EXPECTED_TYPES, PTR_MAYBE_NULL, type ArgSpec } from '../../src/helpers/prototypes.js';
import type { Instruction } from '../../src/isa/instruction.js';

const I = (code: number, dst = 0, imm = 0): Instruction => ({ code, dst, src: 0, off: 0, imm, imm2: 0 });
const BPF_F_SLEEPABLE = 1 << 4;

/** program types tried in order; the first that offers the helper is used */
const TYPES: Array<[number, number, number]> = [
  [PT.KPROBE, 0, 0], [PT.SCHED_CLS, 0, 0], [PT.XDP, 0, 0], [PT.SOCKET_FILTER, 0, 0], [PT.CGROUP_SKB, 0, 0],
  [PT.SOCK_OPS, 0, 0], [PT.SK_MSG, 0, 0], [PT.SK_SKB, 0, 0], [PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET4_CONNECT, 0],
  [PT.CGROUP_SYSCTL, AT.CGROUP_SYSCTL, 0], [PT.LWT_IN, 0, 0], [PT.LWT_XMIT, 0, 0], [PT.LWT_SEG6LOCAL, 0, 0],
  [PT.SK_REUSEPORT, 0, 0], [PT.CGROUP_SOCKOPT, AT.CGROUP_SETSOCKOPT, 0], [PT.SK_LOOKUP, AT.SK_LOOKUP, 0],
  [PT.SYSCALL, 0, BPF_F_SLEEPABLE], [PT.PERF_EVENT, 0, 0], [PT.TRACEPOINT, 0, 0], [PT.RAW_TRACEPOINT, 0, 0],
];

/** may an argument be a scalar 0? */
function scalarOk(a: ArgSpec): boolean {
  return ['ARG_ANYTHING', 'ARG_CONST_SIZE', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_CONST_ALLOC_SIZE_OR_ZERO'].includes(a.base) || (a.flags & PTR_MAYBE_NULL) !== 0;
}

/**
 * Verdicts that say nothing about arguments: helpers behind lockdown or kernel configuration, or
 * only for BTF-based tracing programs (fentry, iterators) that need a kernel function to attach to.
 */
const NOT_ABOUT_ARGS = /cannot use helper|might sleep|not allowed in probe/;

const avail = kernelAvailable();

test('the first argument that cannot be 0 is the one the kernel verifier names', { skip: avail.ok ? false : avail.reason }, () => {
  const wrong: string[] = [];
  let checked = 0;
  for (let id = 1; id < HELPER_NAMES.length; id++) {
    const t = TYPES.find(([type, attach]) => progTypeInfo(type)!.getFuncProto(id, { attachType: attach }));
    if (!t) continue;
    const proto = progTypeInfo(t[0])!.getFuncProto(id, { attachType: t[1] })!;
    const insns = [I(0xb7, 1), I(0xb7, 2), I(0xb7, 3), I(0xb7, 4), I(0xb7, 5), I(0x85, 0, id), I(0xb7, 0), I(0x95)];
    let log = '';
    try {
      closeFd(progLoad({ progType: t[0], insns, logLevel: 1, logSize: 8192, expectedAttachType: t[1], progFlags: t[2], retryWithLog: false }).fd);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      log = e.log;
    }
    const last = log.trim().split('\n').filter((l) => l && !l.startsWith('processed')).pop() ?? '';
    if (NOT_ABOUT_ARGS.test(last)) continue;
    checked++;
    const m = /^R(\d) /.exec(last);
    const kernelArg = m ? Number(m[1]) : 0;
    const mineArg = proto.args.findIndex((a) => !scalarOk(a)) + 1;
    if (kernelArg !== mineArg) {
      wrong.push(`bpf_${HELPER_NAMES[id]}: tsbpf expects R${mineArg} (${proto.args[mineArg - 1]?.name ?? 'none'}) to be refused, the kernel says: ${last || 'accepted'}`);
      continue;
    }
    // and the register types the kernel lists are those of the argument's base type
    const expected = /expected=(.*)$/.exec(last)?.[1];
    const a = proto.args[mineArg - 1];
    if (a && expected !== undefined && ARG_EXPECTED_TYPES[a.base] !== expected) {
      wrong.push(`bpf_${HELPER_NAMES[id]}: R${mineArg} is ${a.name}, which tsbpf says expects "${ARG_EXPECTED_TYPES[a.base]}", the kernel "${expected}"`);
    }
  }
  assert.ok(checked >= 180, `only ${checked} helpers checked`);
  assert.deepEqual(wrong, []);
});


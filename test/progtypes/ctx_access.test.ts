/**
 * Context access rules (progtypes/access.ts) spot-checked against the kernel's own verifier tests
 * (../shared/corpora/test_verifier): in the straight-line start of each program, every load or
 * store through a register still holding the context must be allowed when the kernel accepted
 * the program, and the access a rejection names ("invalid bpf_context access off=X size=Y") must
 * be refused. Plus direct checks of the rules of each program type.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CORPUS, testVerifierSkip } from '../verifier_corpus_lib.js';
import { decodeInstructions, type Instruction } from '../../src/isa/instruction.js';
import {
  BPF_ATTACH_TYPE as AT, BPF_PROG_TYPE as PT, SK_BUFF, XDP_MD, offsetOf, progTypeInfo, sectionDef,
} from '../../src/progtypes/index.js';


interface Case {
  idx: number;
  descr: string;
  prog_type: number;
  expected_attach_type: number;
  result: string;
  errstr?: string;
  insns_hex: string | null;
}

interface Access {
  off: number;
  size: number;
  write: boolean;
  insn: number;
}

const SIZE: Record<number, number> = { 0x00: 4, 0x08: 2, 0x10: 1, 0x18: 8 };

/** ctx accesses in the straight-line start of a program (until the first jump, call or exit) */
function ctxAccesses(insns: Instruction[]): Access[] {
  const ctxRegs = new Set([1]);
  const out: Access[] = [];
  for (let k = 0; k < insns.length; k++) {
    const i = insns[k]!;
    const cls = i.code & 7;
    const mode = i.code & 0xe0;
    if (cls === 5 || cls === 6) break; // jumps, calls, exit
    if (cls === 1 && mode === 0x60 && ctxRegs.has(i.src)) out.push({ off: i.off, size: SIZE[i.code & 0x18]!, write: false, insn: k });
    if ((cls === 2 || cls === 3) && mode === 0x60 && ctxRegs.has(i.dst)) out.push({ off: i.off, size: SIZE[i.code & 0x18]!, write: true, insn: k });
    if (cls === 3 && mode === 0xc0) break; // atomics on ctx: a different rule
    // register writes: mov64 from a ctx register keeps the context; anything else drops it
    if (cls === 7 && i.code === 0xbf && ctxRegs.has(i.src)) ctxRegs.add(i.dst);
    else if (cls === 0 || cls === 1 || cls === 4 || cls === 7) ctxRegs.delete(i.dst);
  }
  return out;
}

test('context accesses agree with the kernel verifier tests (test_verifier, Linux 5.10)', { skip: testVerifierSkip }, () => {
  const cases = readFileSync(CORPUS, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Case);
  let accepted = 0;
  let rejected = 0;
  const wrong: string[] = [];
  for (const t of cases) {
    if (!t.insns_hex) continue;
    const info = progTypeInfo(t.prog_type);
    if (!info) continue;
    let insns: Instruction[];
    try {
      insns = decodeInstructions(Buffer.from(t.insns_hex, 'hex'));
    } catch {
      continue; // malformed on purpose
    }
    const acc = ctxAccesses(insns);
    if (!acc.length) continue;
    const verdict = (a: Access): boolean => info.isValidAccess(a.off, a.size, a.write, { attachType: t.expected_attach_type }).ok;
    if (t.result === 'ACCEPT' || t.result === 'VERBOSE_ACCEPT') {
      accepted++;
      for (const a of acc) if (!verdict(a)) wrong.push(`#${t.idx} ${t.descr}: kernel accepted ${a.write ? 'write' : 'read'} off=${a.off} size=${a.size}`);
    } else if (t.result === 'REJECT') {
      const m = /invalid bpf_context access off=(-?\d+) size=(\d+)/.exec(t.errstr ?? '');
      if (!m) continue;
      const a = acc.find((x) => x.off === Number(m[1]) && x.size === Number(m[2]));
      if (!a) continue;
      rejected++;
      if (verdict(a)) wrong.push(`#${t.idx} ${t.descr}: kernel refused ${a.write ? 'write' : 'read'} off=${a.off} size=${a.size}`);
    }
  }
  assert.deepEqual(wrong, []);
  // enough of the corpus is covered for this to mean something
  assert.ok(accepted >= 200, `only ${accepted} accepted cases with context accesses`);
  assert.ok(rejected >= 12, `only ${rejected} rejected cases naming an access`);
});

const skb = (n: string): number => offsetOf(SK_BUFF, n);

test('__sk_buff: socket filters read most fields narrowly and write only cb[]', () => {
  const sf = progTypeInfo(PT.SOCKET_FILTER)!;
  assert.equal(sf.isValidAccess(skb('len'), 4, false).ok, true);
  assert.equal(sf.isValidAccess(skb('len') + 2, 2, false).ok, true, 'narrow load of the upper half');
  assert.equal(sf.isValidAccess(skb('len') + 2, 2, false).fieldSize, 4);
  assert.equal(sf.isValidAccess(skb('len') + 1, 2, false).ok, false, 'misaligned');
  assert.equal(sf.isValidAccess(skb('mark'), 4, true).ok, false, 'socket filters cannot write mark');
  assert.equal(sf.isValidAccess(skb('cb[2]'), 4, true).ok, true);
  assert.equal(sf.isValidAccess(skb('cb[2]'), 8, true).ok, true, '8-byte cb access inside cb[]');
  assert.equal(sf.isValidAccess(skb('cb[3]'), 8, true).ok, false, 'not 8-byte aligned');
  assert.equal(sf.isValidAccess(skb('cb[4]'), 8, false).ok, false, 'runs past cb[4]');
  assert.equal(sf.isValidAccess(skb('data'), 4, false).ok, false, 'no direct packet access');
  assert.equal(sf.isValidAccess(skb('tc_classid'), 4, false).ok, false);
  assert.equal(sf.isValidAccess(skb('family'), 4, false).ok, false);
  assert.equal(sf.isValidAccess(SK_BUFF.size, 4, false).ok, false);
  assert.equal(sf.isValidAccess(-4, 4, false).ok, false);
});

test('__sk_buff: tc gets packet pointers and writes tc fields', () => {
  const tc = progTypeInfo(PT.SCHED_CLS)!;
  assert.equal(tc.isValidAccess(skb('data'), 4, false).regType, 'PTR_TO_PACKET');
  assert.equal(tc.isValidAccess(skb('data_end'), 4, false).regType, 'PTR_TO_PACKET_END');
  assert.equal(tc.isValidAccess(skb('data_meta'), 4, false).regType, 'PTR_TO_PACKET_META');
  assert.equal(tc.isValidAccess(skb('data'), 2, false).ok, false, 'pointers load whole');
  assert.equal(tc.isValidAccess(skb('data'), 4, true).ok, false);
  for (const f of ['mark', 'tc_index', 'priority', 'tc_classid', 'queue_mapping', 'cb[0]']) assert.equal(tc.isValidAccess(skb(f), 4, true).ok, true, f);
  assert.equal(tc.isValidAccess(skb('tstamp'), 8, true).ok, true);
  assert.equal(tc.isValidAccess(skb('len'), 4, true).ok, false);
  assert.equal(tc.isValidAccess(skb('sk'), 8, false).regType, 'PTR_TO_SOCK_COMMON_OR_NULL');
  assert.equal(tc.isValidAccess(skb('tstamp_type'), 1, false).ok, true);
  assert.equal(tc.isValidAccess(skb('hwtstamp'), 8, false).ok, true);
  assert.equal(tc.isValidAccess(skb('hwtstamp'), 8, true).ok, false);
});

test('xdp_md: pointers, read-only fields, egress_ifindex only for devmap programs', () => {
  const x = progTypeInfo(PT.XDP)!;
  const o = (n: string): number => offsetOf(XDP_MD, n);
  assert.equal(x.isValidAccess(o('data'), 4, false).regType, 'PTR_TO_PACKET');
  assert.equal(x.isValidAccess(o('data_meta'), 4, false).regType, 'PTR_TO_PACKET_META');
  assert.equal(x.isValidAccess(o('data_end'), 4, false).regType, 'PTR_TO_PACKET_END');
  assert.equal(x.isValidAccess(o('ingress_ifindex'), 4, false).regType, 'SCALAR_VALUE');
  assert.equal(x.isValidAccess(o('ingress_ifindex'), 2, false).ok, false, 'xdp_md allows no narrow loads');
  assert.equal(x.isValidAccess(o('rx_queue_index'), 4, true).ok, false);
  assert.equal(x.isValidAccess(o('egress_ifindex'), 4, false).ok, false);
  assert.equal(x.isValidAccess(o('egress_ifindex'), 4, false, { attachType: AT.XDP_DEVMAP }).ok, true);
  assert.equal(x.isValidAccess(XDP_MD.size, 4, false).ok, false);
});

test('tracing contexts: pt_regs, tracepoint records, raw tracepoint args', () => {
  const kp = progTypeInfo(PT.KPROBE)!;
  assert.equal(kp.isValidAccess(112 /* di */, 8, false).ok, true);
  assert.equal(kp.isValidAccess(112, 4, false).ok, true);
  assert.equal(kp.isValidAccess(112, 8, true).ok, false);
  assert.equal(kp.isValidAccess(164, 8, false).ok, false, 'misaligned / past the end');
  const tp = progTypeInfo(PT.TRACEPOINT)!;
  assert.equal(tp.isValidAccess(0, 8, false).ok, false, 'the common fields are off limits');
  assert.equal(tp.isValidAccess(8, 8, false).ok, true);
  const raw = progTypeInfo(PT.RAW_TRACEPOINT)!;
  assert.equal(raw.isValidAccess(88, 8, false).ok, true);
  assert.equal(raw.isValidAccess(96, 8, false).ok, false, 'only 12 arguments');
});

test('helpers allowed per program type follow the kernel func_proto tables', () => {
  const id = (n: string): number => ({ map_lookup_elem: 1, trace_printk: 6, skb_store_bytes: 9, redirect_map: 51, xdp_adjust_head: 44, probe_read_kernel: 113, spin_lock: 93, get_stackid: 27, perf_event_output: 25, loop: 181 } as Record<string, number>)[n]!;
  const sf = progTypeInfo(PT.SOCKET_FILTER)!;
  const xdp = progTypeInfo(PT.XDP)!;
  const kp = progTypeInfo(PT.KPROBE)!;
  assert.ok(sf.getFuncProto(id('map_lookup_elem')));
  assert.equal(sf.getFuncProto(id('skb_store_bytes')), undefined, 'socket filters cannot write packets');
  assert.ok(progTypeInfo(PT.SCHED_CLS)!.getFuncProto(id('skb_store_bytes')));
  assert.ok(xdp.getFuncProto(id('xdp_adjust_head')));
  assert.equal(progTypeInfo(PT.SCHED_CLS)!.getFuncProto(id('xdp_adjust_head')), undefined);
  assert.ok(xdp.getFuncProto(id('redirect_map')));
  assert.equal(kp.getFuncProto(id('redirect_map')), undefined);
  assert.ok(kp.getFuncProto(id('get_stackid')));
  assert.equal(kp.getFuncProto(id('perf_event_output'))!.gplOnly, true, 'tracing perf_event_output is GPL-only');
  assert.equal(sf.getFuncProto(id('perf_event_output'))!.gplOnly, false, 'the skb variant is not');
  // privilege tiers of bpf_base_func_proto
  assert.ok(sf.getFuncProto(id('spin_lock')));
  assert.equal(sf.getFuncProto(id('spin_lock'), { capBpf: false }), undefined);
  assert.equal(sf.getFuncProto(id('loop'), { capBpf: false }), undefined);
  assert.equal(sf.getFuncProto(id('trace_printk'), { capPerfmon: false }), undefined);
  assert.ok(sf.getFuncProto(id('trace_printk')));
  assert.ok(sf.getFuncProto(id('map_lookup_elem'), { capBpf: false }));
});

test('return ranges and meanings', () => {
  assert.equal(progTypeInfo(PT.XDP)!.returnRange(), null);
  assert.deepEqual(progTypeInfo(PT.CGROUP_SKB)!.returnRange(), { min: 0, max: 1 });
  assert.deepEqual(progTypeInfo(PT.CGROUP_SKB)!.returnRange(AT.CGROUP_INET_EGRESS), { min: 0, max: 3, enforceAttach: [2, 3] });
  assert.deepEqual(progTypeInfo(PT.CGROUP_SOCK_ADDR)!.returnRange(AT.CGROUP_UDP4_RECVMSG), { min: 1, max: 1 });
  assert.deepEqual(progTypeInfo(PT.SK_LOOKUP)!.returnRange(), { min: 0, max: 1 });
  assert.equal(progTypeInfo(PT.XDP)!.retvalMeaning(2), 'XDP_PASS');
  assert.equal(progTypeInfo(PT.XDP)!.retvalMeaning(1n), 'XDP_DROP');
  assert.equal(progTypeInfo(PT.SCHED_CLS)!.retvalMeaning(0xffffffffn), 'TC_ACT_UNSPEC');
  assert.equal(progTypeInfo(PT.SCHED_CLS)!.retvalMeaning(2), 'TC_ACT_SHOT');
  assert.equal(progTypeInfo(PT.SOCKET_FILTER)!.retvalMeaning(64, 100), 'keep 64 bytes');
  assert.equal(progTypeInfo(PT.SOCKET_FILTER)!.retvalMeaning(0), 'drop (keep 0 bytes)');
});

test('libbpf section names', () => {
  const t = (s: string): [number, number] | undefined => {
    const d = sectionDef(s);
    return d ? [d.progType, d.attachType] : undefined;
  };
  assert.deepEqual(t('xdp'), [PT.XDP, AT.XDP]);
  assert.deepEqual(t('socket'), [PT.SOCKET_FILTER, 0]);
  assert.deepEqual(t('tc'), [PT.SCHED_CLS, 0]);
  assert.deepEqual(t('classifier'), [PT.SCHED_CLS, 0]);
  assert.deepEqual(t('kprobe/do_sys_open'), [PT.KPROBE, 0]);
  assert.deepEqual(t('tracepoint/syscalls/sys_enter_openat'), [PT.TRACEPOINT, 0]);
  assert.deepEqual(t('raw_tp/sched_switch'), [PT.RAW_TRACEPOINT, 0]);
  assert.deepEqual(t('cgroup_skb/egress'), [PT.CGROUP_SKB, AT.CGROUP_INET_EGRESS]);
  assert.deepEqual(t('xdp/devmap'), [PT.XDP, AT.XDP_DEVMAP]);
  assert.deepEqual(t('syscall'), [PT.SYSCALL, 0]);
  assert.equal(t('kprobex'), undefined, '"kprobe+" needs "/" after the prefix');
  assert.equal(t('xdp_prog'), undefined, 'libbpf 1.x refuses legacy prefixes');
});

test('packet access levels, unprivileged types and helpers that change packet data', async () => {
  const { helperProto } = await import('../../src/helpers/prototypes.js');
  const { BPF_FUNC } = await import('../../src/isa/helper_ids.js');
  assert.equal(progTypeInfo(PT.XDP)!.directPacketAccess, 'write');
  assert.equal(progTypeInfo(PT.CGROUP_SKB)!.directPacketAccess, 'read');
  assert.equal(progTypeInfo(PT.SOCKET_FILTER)!.directPacketAccess, 'none');
  assert.equal(progTypeInfo(PT.SOCKET_FILTER)!.unprivOk, true);
  assert.equal(progTypeInfo(PT.XDP)!.unprivOk, false);
  assert.equal(helperProto(BPF_FUNC.xdp_adjust_head!)!.changesPktData, true);
  assert.equal(helperProto(BPF_FUNC.skb_store_bytes!)!.changesPktData, true);
  assert.equal(helperProto(BPF_FUNC.skb_load_bytes!)!.changesPktData, false);
  assert.equal(helperProto(BPF_FUNC.map_lookup_elem!)!.pktAccess, true);
});

/**
 * check_map_func_compatibility against the running kernel: every helper that takes a map is
 * called with a map of every type the kernel lets us create here; the kernel's "cannot pass
 * map_type N into func bpf_x#id" must be exactly tsbpf's checkMapFuncCompatibility.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeFd, KernelError, kernelAvailable, mapCreate, progLoad } from '../../src/hooks/kernel/index.js';
import { BPF_ATTACH_TYPE as AT, BPF_PROG_TYPE as PT, progTypeInfo } from '../../src/progtypes/index.js';
import { HELPER_NAMES } from '../../src/isa/helper_ids.js';
import { BPF_MAP_TYPE as M, mapTypeName } from '../../src/helpers/map_iface.js';
import { HELPER_PROTOS, checkMapFuncCompatibility } from '../../src/helpers/prototypes.js';
import type { Instruction } from '../../src/isa/instruction.js';

const I = (code: number, dst = 0, src = 0, imm = 0): Instruction => ({ code, dst, src, off: 0, imm, imm2: 0 });

/** maps to create: [type, key size, value size, max entries, flags] */
const MAPS: Array<[number, number, number, number, number]> = [
  [M.HASH, 4, 8, 4, 0], [M.ARRAY, 4, 8, 4, 0], [M.PROG_ARRAY, 4, 4, 4, 0], [M.PERF_EVENT_ARRAY, 4, 4, 4, 0],
  [M.PERCPU_HASH, 4, 8, 4, 0], [M.PERCPU_ARRAY, 4, 8, 4, 0], [M.STACK_TRACE, 4, 8 * 127, 4, 0],
  [M.CGROUP_ARRAY, 4, 4, 4, 0], [M.LRU_HASH, 4, 8, 4, 0], [M.LPM_TRIE, 8, 8, 4, 1 /* BPF_F_NO_PREALLOC */],
  [M.DEVMAP, 4, 4, 4, 0], [M.CPUMAP, 4, 4, 4, 0], [M.XSKMAP, 4, 4, 4, 0], [M.SOCKMAP, 4, 4, 4, 0],
  [M.SOCKHASH, 4, 4, 4, 0], [M.REUSEPORT_SOCKARRAY, 4, 4, 4, 0], [M.QUEUE, 0, 8, 4, 0], [M.STACK, 0, 8, 4, 0],
  [M.DEVMAP_HASH, 4, 4, 4, 0], [M.RINGBUF, 0, 0, 4096, 0], [M.BLOOM_FILTER, 0, 8, 4, 0], [M.USER_RINGBUF, 0, 0, 4096, 0],
];

const TYPES: Array<[number, number]> = [
  [PT.KPROBE, 0], [PT.SCHED_CLS, 0], [PT.XDP, 0], [PT.SK_SKB, 0], [PT.SK_MSG, 0], [PT.SOCK_OPS, 0],
  [PT.SK_REUSEPORT, 0], [PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET4_CONNECT], [PT.CGROUP_SKB, 0],
];

const avail = kernelAvailable();

test('which map types each helper accepts matches the kernel', { skip: avail.ok ? false : avail.reason }, () => {
  const wrong: string[] = [];
  const maps: Array<[number, number]> = [];
  try {
    for (const [type, k, v, n, flags] of MAPS) {
      try {
        maps.push([type, mapCreate({ mapType: type, keySize: k, valueSize: v, maxEntries: n, mapFlags: flags })]);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e; // a map type this kernel or machine lacks
      }
    }
    assert.ok(maps.length >= 18, `only ${maps.length} map types could be created`);
    let probes = 0;
    for (let id = 1; id < HELPER_NAMES.length; id++) {
      const proto = HELPER_PROTOS[id];
      const k = proto?.args.findIndex((a) => a.base === 'ARG_CONST_MAP_PTR') ?? -1;
      if (!proto || k < 0) continue;
      const t = TYPES.find(([type, attach]) => progTypeInfo(type)!.getFuncProto(id, { attachType: attach }));
      if (!t) continue;
      for (const [mapType, fd] of maps) {
        // 256 zero bytes of stack for key, value and memory arguments; r1 keeps the context; sizes
        // are 8; the map goes in its register; anything else is 0
        const insns: Instruction[] = [I(0xb7, 6)];
        for (let off = -256; off < 0; off += 8) insns.push({ code: 0x7b, dst: 10, src: 6, off, imm: 0, imm2: 0 });
        let usable = true;
        proto.args.forEach((a, i) => {
          const r = i + 1;
          if (i === k) insns.push({ code: 0x18, dst: r, src: 1 /* BPF_PSEUDO_MAP_FD */, off: 0, imm: fd, imm2: 0 });
          else if (a.base === 'ARG_PTR_TO_CTX') usable &&= r === 1;
          else if (['ARG_PTR_TO_MAP_KEY', 'ARG_PTR_TO_MAP_VALUE', 'ARG_PTR_TO_MEM'].includes(a.base)) insns.push(I(0xbf, r, 10), { code: 0x07, dst: r, src: 0, off: 0, imm: -256, imm2: 0 });
          else if (a.base === 'ARG_CONST_SIZE' || a.base === 'ARG_CONST_SIZE_OR_ZERO' || a.base === 'ARG_CONST_ALLOC_SIZE_OR_ZERO') insns.push({ code: 0xb7, dst: r, src: 0, off: 0, imm: 8, imm2: 0 });
          else if (a.base === 'ARG_ANYTHING' || a.flags & 1 /* PTR_MAYBE_NULL */) insns.push(I(0xb7, r));
          else usable = false;
        });
        if (!usable) continue;
        insns.push(I(0x85, 0, 0, id), I(0xb7, 0), I(0x95));
        let log = '';
        let accepted = true;
        try {
          closeFd(progLoad({ progType: t[0], insns, logLevel: 1, logSize: 8192, expectedAttachType: t[1], retryWithLog: false }).fd);
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          log = e.log;
          accepted = false;
        }
        // Linux 6.18 words the bpf_tail_call case its own way
        const kernelRefuses = /cannot pass map_type|expected prog array map for tail call/.test(log);
        // a refusal for another reason (a key size, a missing BTF) says nothing here
        if (!accepted && !kernelRefuses) continue;
        probes++;
        const mine = checkMapFuncCompatibility(mapType, id, t[0], t[1]);
        if (kernelRefuses !== (mine !== null)) {
          wrong.push(`bpf_${HELPER_NAMES[id]} with ${mapTypeName(mapType)}: kernel ${kernelRefuses ? 'refuses' : 'accepts'}`);
        } else if (mine && !log.includes(mine) && !log.includes('expected prog array map for tail call')) {
          wrong.push(`bpf_${HELPER_NAMES[id]} with ${mapTypeName(mapType)}: message "${mine}" not in the kernel's log`);
        }
      }
    }
    assert.ok(probes > 300, `${probes} conclusive probes`);
    assert.deepEqual(wrong, []);
  } finally {
    for (const [, fd] of maps) closeFd(fd);
  }
});

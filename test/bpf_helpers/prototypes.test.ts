/**
 * The prototype table on its own: complete, named as the kernel names things, references paired,
 * and the printf format checker total on arbitrary input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BPF_FUNC, BPF_FUNC_MAX_ID, HELPER_NAMES, helperId, helperName } from '../../src/isa/helper_ids.js';
import {
  HELPER_PROTOS, MEM_RDONLY, MEM_UNINIT, OBJ_RELEASE, PTR_MAYBE_NULL, argTypeName, checkMapFuncCompatibility, helperProto,
} from '../../src/helpers/prototypes.js';
import { BPF_MAP_TYPE as M } from '../../src/helpers/map_iface.js';
import { parseBpfFormat } from '../../src/helpers/index.js';

test('helper ids follow __BPF_FUNC_MAPPER: 0..211, names with and without bpf_', () => {
  assert.equal(BPF_FUNC_MAX_ID, 212);
  assert.equal(HELPER_NAMES[1], 'map_lookup_elem');
  assert.equal(BPF_FUNC.tail_call, 12);
  assert.equal(BPF_FUNC.ringbuf_reserve, 131);
  assert.equal(BPF_FUNC.loop, 181);
  assert.equal(BPF_FUNC.user_ringbuf_drain, 209);
  assert.equal(BPF_FUNC.cgrp_storage_delete, 211);
  assert.equal(helperName(6), 'bpf_trace_printk');
  assert.equal(helperId('bpf_trace_printk'), 6);
  assert.equal(helperId('BPF_FUNC_trace_printk'), 6);
  assert.equal(helperId('trace_printk'), 6);
  assert.equal(helperId('no_such_helper'), undefined);
  assert.equal(helperName(212), undefined);
});

test('every helper id has a prototype whose name and id agree', () => {
  for (let id = 1; id < BPF_FUNC_MAX_ID; id++) {
    const p = helperProto(id);
    assert.ok(p, `no prototype for ${HELPER_NAMES[id]}`);
    assert.equal(p.id, id);
    assert.equal(p.name, `bpf_${HELPER_NAMES[id]}`);
    assert.ok(p.args.length <= 5);
  }
  assert.equal(HELPER_PROTOS[0], undefined, 'unspec has none');
});

test('argument types are spelled as the kernel spells them', () => {
  assert.equal(argTypeName('ARG_PTR_TO_MEM', MEM_UNINIT), 'ARG_PTR_TO_UNINIT_MEM');
  assert.equal(argTypeName('ARG_PTR_TO_MEM', MEM_RDONLY), 'ARG_PTR_TO_MEM | MEM_RDONLY');
  assert.equal(argTypeName('ARG_PTR_TO_MAP_VALUE', MEM_UNINIT), 'ARG_PTR_TO_UNINIT_MAP_VALUE');
  assert.equal(argTypeName('ARG_PTR_TO_MAP_VALUE', PTR_MAYBE_NULL), 'ARG_PTR_TO_MAP_VALUE_OR_NULL');
  assert.equal(argTypeName('ARG_PTR_TO_RINGBUF_MEM', OBJ_RELEASE), 'ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE');
  const lookup = helperProto(BPF_FUNC.map_lookup_elem!)!;
  assert.equal(lookup.ret, 'RET_PTR_TO_MAP_VALUE_OR_NULL');
  assert.deepEqual(lookup.args.map((a) => a.name), ['ARG_CONST_MAP_PTR', 'ARG_PTR_TO_MAP_KEY']);
  const reserve = helperProto(BPF_FUNC.ringbuf_reserve!)!;
  assert.equal(reserve.ret, 'RET_PTR_TO_MEM_OR_NULL');
  assert.equal(reserve.retSizeArg, 2);
  assert.equal(reserve.args[1]!.name, 'ARG_CONST_ALLOC_SIZE_OR_ZERO');
});

test('references: what acquires has a release, callbacks are marked', () => {
  const acq = HELPER_PROTOS.filter((p) => p?.acquire).map((p) => p!.name).sort();
  assert.deepEqual(acq, ['bpf_kptr_xchg', 'bpf_ringbuf_reserve', 'bpf_sk_lookup_tcp', 'bpf_sk_lookup_udp', 'bpf_skc_lookup_tcp']);
  const rel = HELPER_PROTOS.filter((p) => p?.release).map((p) => p!.name).sort();
  for (const n of ['bpf_ringbuf_submit', 'bpf_ringbuf_discard', 'bpf_sk_release']) assert.ok(rel.includes(n), n);
  assert.equal(helperProto(BPF_FUNC.loop!)!.callback?.kind, 'loop');
  assert.equal(helperProto(BPF_FUNC.for_each_map_elem!)!.callback?.kind, 'for_each_map_elem');
  assert.equal(helperProto(BPF_FUNC.trace_printk!)!.gplOnly, true);
  assert.equal(helperProto(BPF_FUNC.map_lookup_elem!)!.gplOnly, false);
});

test('map/helper compatibility in both directions', () => {
  assert.equal(checkMapFuncCompatibility(M.HASH, BPF_FUNC.map_lookup_elem!), null);
  assert.equal(checkMapFuncCompatibility(M.PROG_ARRAY, BPF_FUNC.map_lookup_elem!), 'cannot pass map_type 3 into func bpf_map_lookup_elem#1');
  assert.equal(checkMapFuncCompatibility(M.HASH, BPF_FUNC.tail_call!), 'cannot pass map_type 1 into func bpf_tail_call#12');
  assert.equal(checkMapFuncCompatibility(M.RINGBUF, BPF_FUNC.ringbuf_reserve!), null);
  assert.equal(checkMapFuncCompatibility(M.ARRAY, BPF_FUNC.ringbuf_output!), 'cannot pass map_type 2 into func bpf_ringbuf_output#130');
  assert.equal(checkMapFuncCompatibility(M.BLOOM_FILTER, BPF_FUNC.map_pop_elem!), 'cannot pass map_type 30 into func bpf_map_pop_elem#88');
  assert.equal(checkMapFuncCompatibility(M.SOCKMAP, BPF_FUNC.map_delete_elem!, 6 /* XDP */), null);
  assert.notEqual(checkMapFuncCompatibility(M.SOCKMAP, BPF_FUNC.map_update_elem!, 2 /* KPROBE */), null);
});

test('the format checker never throws and only accepts what it can print', () => {
  const enc = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
  fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.integer({ min: 0, max: 12 }), (s, n) => {
    const r = parseBpfFormat(enc(s), n);
    if (typeof r === 'number') assert.equal(r, -22);
    else assert.ok(r.filter((p) => typeof p !== 'string').length <= n);
  }), { numRuns: 2000 });
  fc.assert(fc.property(fc.stringMatching(/^(%[-+ 0]?[1-9]?(l{0,2}[diuxX]|[csp]|pi4|pI6|pK)|%%| [a-z]){0,6}$/), (s) => {
    assert.notEqual(typeof parseBpfFormat(enc(s), 12), 'number', s);
  }), { numRuns: 500 });
});

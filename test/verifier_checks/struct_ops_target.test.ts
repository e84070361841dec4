/**
 * The struct_ops attach target (`STRUCT:MEMBER`, src/verifier/struct_ops.ts) against the running
 * kernel's BTF: libbpf's `___flavour` suffix names the same kernel struct, for the member lookup
 * and for tcp_congestion_ops' `struct sock *` → `struct tcp_sock *` promotion
 * (bpf_tcp_ca_is_valid_access). Skips without /sys/kernel/btf/vmlinux.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { vmlinuxBtf } from '../../src/kernel/system.js';
import { BTF_KIND_STRUCT } from '../../src/btf/types.js';
import { splitStructOpsTarget, structOpsCtxBtfId, structOpsTarget } from '../../src/verifier/struct_ops.js';

const skip = existsSync('/sys/kernel/btf/vmlinux') ? false : 'no /sys/kernel/btf/vmlinux';

test('STRUCT:MEMBER parses, dropping a libbpf flavour suffix from the struct only', () => {
  assert.deepEqual(splitStructOpsTarget('tcp_congestion_ops___v2:ssthresh'), { struct: 'tcp_congestion_ops', member: 'ssthresh' });
  assert.deepEqual(splitStructOpsTarget('bpf_dummy_ops:test_1'), { struct: 'bpf_dummy_ops', member: 'test_1' });
  assert.equal(splitStructOpsTarget('ssthresh'), undefined);
});

test('a flavoured tcp_congestion_ops finds the kernel member and promotes sock to tcp_sock', { skip }, () => {
  const btf = vmlinuxBtf();
  const plain = structOpsTarget(btf, 'tcp_congestion_ops:ssthresh');
  const flavoured = structOpsTarget(btf, 'tcp_congestion_ops___v2:ssthresh');
  assert.ok(typeof plain !== 'string' && typeof flavoured !== 'string');
  assert.equal(flavoured.memberIndex, plain.memberIndex);
  const sock = btf.find('sock', BTF_KIND_STRUCT)!.id;
  const tcpSock = btf.find('tcp_sock', BTF_KIND_STRUCT)!.id;
  assert.equal(structOpsCtxBtfId(btf, 'tcp_congestion_ops:ssthresh', sock), tcpSock);
  assert.equal(structOpsCtxBtfId(btf, 'tcp_congestion_ops___v2:ssthresh', sock), tcpSock);
  assert.equal(structOpsCtxBtfId(btf, 'bpf_dummy_ops:test_1', sock), sock, 'other structs keep struct sock');
});
